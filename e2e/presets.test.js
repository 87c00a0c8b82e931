// A proxy set up for Open Telekom Cloud (IMS and IAM only): the console
// hides the operations that cloud lacks, and says so on their pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newPage } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let proxy;
let url;
let browser;

before(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ferry-otc-'));
  const config = path.join(dir, 'ferry.toml');
  await writeFile(config, 'preset = "opentelekomcloud"\n');
  const bin = process.env.FERRY_PROXY_BIN ?? path.join(root, 'target', 'debug', 'ferry-proxy');
  const dist = process.env.FERRY_DIST ?? path.join(root, 'dist');
  proxy = spawn(bin, ['--config', config, '--static-dir', dist, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  url = await new Promise((resolve, reject) => {
    proxy.once('exit', (code) => reject(new Error(`proxy exited with ${code}`)));
    createInterface({ input: proxy.stdout }).once('line', (line) => resolve(line.match(/(http:\/\/\S+)/)[1]));
  });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  proxy?.kill('SIGTERM');
});

test('operations the cloud lacks are hidden, and their pages say why', async () => {
  const errors = [];
  const page = await newPage(browser, errors);
  await page.goto(new URL('copy-image', url).href);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Copy image' }).waitFor();
  // config.json arrives after the first paint: wait for the menu to follow it.
  await nav.getByRole('link', { name: 'Replicate' }).waitFor({ state: 'detached' });
  assert.equal(await nav.getByRole('link', { name: 'HSS sync' }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Auto-sync' }).count(), 0);
  assert.equal(await page.getByTestId('service-missing').count(), 0, 'IMS exists on OTC');
  await page.goto(new URL('replicate', url).href);
  await page.getByTestId('service-missing').waitFor();
  // Only OTC's regions are offered, and the current one moved to one of them.
  await page.goto(new URL('settings', url).href);
  await page.getByTestId('region').locator('option[value="eu-nl"]').waitFor({ state: 'attached' });
  const regions = await page.getByTestId('region').locator('option').evaluateAll((o) => o.map((x) => x.value));
  assert.deepEqual(regions, ['eu-de', 'eu-nl']);
  assert.equal(await page.getByTestId('region').inputValue(), 'eu-de');
  assert.deepEqual(errors, []);
});
