// The request budget: following a 60-second job costs at most about 20
// status checks (the schedule backs off while nothing changes).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startProxy, launchBrowser, newPage, configure, receivedMatching, startCopy } from './harness.js';

let browser;
let proxy;
before(async () => {
  browser = await launchBrowser();
  proxy = await startProxy({ jobSeconds: 60 });
});
after(async () => {
  await browser?.close();
  proxy?.stop();
});

test('a 60 s copy job costs at most 20 requests, and none after it ends', async () => {
  const page = await newPage(browser, []);
  await configure(page, proxy.url);
  const jobId = await startCopy(page);
  await page.getByTestId('job-phase').filter({ hasText: 'Finished' }).waitFor({ timeout: 120_000 });
  const polls = (await receivedMatching(proxy, 'GET', `/jobs/${jobId}`)).length;
  assert.ok(polls <= 20, `${polls} status checks for a 60 s job`);
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal((await receivedMatching(proxy, 'GET', `/jobs/${jobId}`)).length, polls);
});
