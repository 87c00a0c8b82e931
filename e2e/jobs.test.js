// Async jobs that are never lost: the jobs panel, reloads, flaky networks,
// hidden tabs and expired tokens, in Chromium against the sandbox.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  startProxy, launchBrowser, newPage, configure, receivedMatching, setHidden, sleep, startCopy, startExecution, SANDBOX,
} from './harness.js';

let browser;
const proxies = [];
before(async () => { browser = await launchBrowser(); });
after(async () => {
  await browser?.close();
  proxies.forEach((p) => p.stop());
});

async function setup(options) {
  const proxy = await startProxy(options);
  proxies.push(proxy);
  const errors = [];
  const page = await newPage(browser, errors);
  await configure(page, proxy.url);
  return { proxy, page };
}

const card = (page, key) => page.locator(`[data-job="${key}"]`);
const jobPolls = async (proxy, jobId) => (await receivedMatching(proxy, 'GET', `/jobs/${jobId}`)).length;

test('an IMS copy and a replication survive a reload and both finish in the jobs panel', async () => {
  const { proxy, page } = await setup({ jobSeconds: 6, executionSeconds: 6 });
  const jobId = await startCopy(page);
  const executionId = await startExecution(page);
  await page.getByRole('link', { name: /^Jobs/ }).click();
  await page.getByTestId('jobs-badge').filter({ hasText: '2' }).waitFor();
  assert.match(await page.title(), /^\(2\) Jobs · Ferry$/);

  await page.reload();
  const copy = card(page, `ims:${jobId}`);
  const replication = card(page, `exec:${SANDBOX.instanceId}:${executionId}`);
  await copy.waitFor();
  await replication.waitFor();
  await copy.getByTestId('job-phase').filter({ hasText: 'Finished' }).waitFor({ timeout: 30_000 });
  assert.match(await copy.getByTestId('new-image-id').textContent(), /^[0-9a-f-]{36}$/);
  await replication.getByTestId('job-phase').filter({ hasText: /Finished|Ended with a problem/ }).waitFor({ timeout: 30_000 });
  assert.match(await replication.getByTestId('job-detail').textContent(), /7 of 7 done/);
  await page.getByTestId('toast').first().waitFor();
  assert.equal(await page.getByTestId('jobs-badge').count(), 0);
  assert.match(await page.title(), /^Jobs · Ferry$/);
  assert.ok((await jobPolls(proxy, jobId)) > 0);
});

test('with requests failing, the job shows retrying and still ends', async () => {
  const { proxy, page } = await setup({ jobSeconds: 5 });
  const jobId = await startCopy(page);
  await proxy.setFaults({ fail_rate: 1.0 });
  const notice = page.getByTestId('job-notice');
  await notice.filter({ hasText: /Retrying \(\d+\) – last error: HTTP 503/ }).waitFor({ timeout: 20_000 });
  await proxy.setFaults({ fail_rate: 0.3 });
  await card(page, `ims:${jobId}`).getByTestId('job-phase').filter({ hasText: 'Finished' }).waitFor({ timeout: 60_000 });
  const failed = (await receivedMatching(proxy, 'GET', `/jobs/${jobId}`)).filter((r) => r.fault);
  assert.ok(failed.length >= 1, 'some polls were failed by the sandbox');
});

test('no requests while the tab is hidden; one at once when it shows again', async () => {
  const { proxy, page } = await setup({ jobSeconds: 20 });
  const jobId = await startCopy(page);
  await page.getByTestId('job-status').filter({ hasText: /Starting|Copying/ }).waitFor();
  await setHidden(page, true);
  await sleep(1000); // a request already in flight may still land
  const before = await jobPolls(proxy, jobId);
  await sleep(5000);
  assert.equal(await jobPolls(proxy, jobId), before, 'hidden tab sent no request');
  await setHidden(page, false);
  await sleep(1200);
  assert.ok((await jobPolls(proxy, jobId)) > before, 'visible again: polled at once');
});

test('an expired token stops polling with a message, and a new token resumes it', async () => {
  const { proxy, page } = await setup({ jobSeconds: 8 });
  await proxy.setFaults({ token_ttl_secs: 2 });
  const jobId = await startCopy(page);
  const notice = page.getByTestId('job-notice');
  await notice.filter({ hasText: /sign-in has expired/ }).waitFor({ timeout: 20_000 });
  // The same way out as everywhere: the header says "expired" and both offer "Sign in again".
  assert.ok(await notice.getByTestId('sign-in-again').isVisible());
  await page.getByTestId('token-badge').filter({ hasText: /expired/ }).waitFor();
  const stopped = await jobPolls(proxy, jobId);
  await sleep(3000);
  assert.equal(await jobPolls(proxy, jobId), stopped, 'no polling with a rejected token');

  await proxy.setFaults({ token_ttl_secs: null });
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByLabel('Token', { exact: true }).fill('ferry-sandbox-token-renewed');
  await page.getByTestId('save-token').click();
  await page.getByRole('link', { name: /^Jobs/ }).click();
  await card(page, `ims:${jobId}`).getByTestId('job-phase').filter({ hasText: 'Finished' }).waitFor({ timeout: 30_000 });
});

test('a job started elsewhere can be followed by its ID', async () => {
  const { page } = await setup({ jobSeconds: 3 });
  const jobId = await startCopy(page);
  await page.getByRole('link', { name: /^Jobs/ }).click();
  await page.getByTestId('dismiss-job').waitFor({ timeout: 20_000 });
  await page.getByTestId('dismiss-job').click();
  await page.getByTestId('no-jobs').waitFor();
  await page.getByLabel('IMS job ID').fill(jobId);
  await page.getByTestId('add-job').click();
  await card(page, `ims:${jobId}`).getByTestId('job-phase').filter({ hasText: 'Finished' }).waitFor({ timeout: 20_000 });
});

test('an execution listed beyond the first page (oldest first) is still followed to its end', async () => {
  // Policy 16 has 130 past executions and the sandbox lists oldest first:
  // the new one is on the second page of 100.
  const { proxy, page } = await setup({ executionSeconds: 4 });
  const executionId = await startExecution(page, 16);
  await page.getByRole('link', { name: /^Jobs/ }).click();
  const replication = card(page, `exec:${SANDBOX.instanceId}:${executionId}`);
  await replication.getByTestId('job-phase').filter({ hasText: /Finished|Ended with a problem/ }).waitFor({ timeout: 30_000 });
  assert.doesNotMatch(await replication.textContent(), /No longer followed|Lost/);
  const pages = (await receivedMatching(proxy, 'GET', '/replication/executions')).map((r) => r.query);
  assert.ok(pages.some((q) => /offset=100&limit=100/.test(q)), JSON.stringify(pages));
});

test('following a job ID that cannot be one is refused with the rule, not a dead end', async () => {
  const { page, proxy } = await setup({});
  await page.getByRole('link', { name: /^Jobs/ }).click();
  await proxy.clearReceived();
  await page.getByLabel('IMS job ID').fill('nope');
  await page.getByTestId('add-job').click();
  await page.locator('#job-id-error').filter({ hasText: 'must be 32 hexadecimal digits' }).waitFor();
  assert.equal(await page.getByTestId('job-card').count(), 0);
  assert.equal((await proxy.received()).length, 0);
});
