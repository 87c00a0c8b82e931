// Operation 4, SWR automatic image sync, in Chromium against the sandbox.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useSandbox, receivedMatching, preview } from './harness.js';

const t = useSandbox({
  configured: true,
  open: async (page) => {
    await page.getByRole('link', { name: 'Auto-sync' }).click();
    await page.getByLabel('Target region').waitFor();
  },
});
let page;
let proxy;
let errors;
beforeEach(() => ({ page, proxy, errors } = t));

async function fill({ namespace = 'ferry-demo', repository = 'team/app', region = 'ap-southeast-1', target = 'mirror' } = {}) {
  await page.getByLabel('Namespace', { exact: true }).fill(namespace);
  await page.getByLabel('Repository').fill(repository);
  await page.getByLabel('Target region').selectOption(region);
  await page.getByLabel('Target namespace').fill(target);
}

test('creating a task sends / as $, then lists the new task', async () => {
  await fill();
  assert.match(await page.getByTestId('repository-encoded').textContent(), /team\$app/);
  const shown = await preview(page);
  await page.getByTestId('create-sync').click();
  await page.getByTestId('sync-created').waitFor();

  const sent = await receivedMatching(proxy, 'POST', '/sync_repo');
  assert.equal(sent.length, 1);
  assert.equal(sent[0].path, '/api/swr/cn-north-4/v2/manage/namespaces/ferry-demo/repos/team$app/sync_repo');
  assert.equal(sent[0].body, '{"remoteRegionId":"ap-southeast-1","remoteNamespace":"mirror","syncAuto":true,"override":false}');
  assert.ok(shown.request.includes(`POST ${proxy.url.replace(/\/$/, '')}${sent[0].path}`), shown.request);
  assert.ok(shown.curl.includes(`--data '${sent[0].body}'`), shown.curl);

  const rows = page.getByTestId('sync-tasks').locator('tbody tr');
  await rows.first().waitFor();
  assert.ok((await rows.allTextContents()).some((r) => r.includes('ap-southeast-1') && r.includes('mirror')));
  assert.deepEqual(errors, []);
});

test('override asks for confirmation before anything is sent', async () => {
  await fill({ region: 'cn-east-3', target: 'overwrite-me' });
  await page.getByLabel('Overwrite images in the target').check();
  await page.getByTestId('create-sync').click();
  const box = page.getByTestId('confirm-override-box');
  await box.waitFor();
  assert.match(await box.textContent(), /cn-east-3 \/ overwrite-me .* overwritten/);
  assert.equal((await receivedMatching(proxy, 'POST', '/sync_repo')).length, 0);
  await page.getByTestId('confirm-override').click();
  await page.getByTestId('sync-created').waitFor();
  const sent = await receivedMatching(proxy, 'POST', '/sync_repo');
  assert.equal(JSON.parse(sent[0].body).override, true);
});

test('a duplicate task is refused by SWR and explained', async () => {
  await fill({ repository: 'nginx', region: 'ap-southeast-3', target: 'mirror' });
  await page.getByTestId('create-sync').click();
  await page.getByTestId('error-panel').waitFor();
  assert.equal(await page.getByTestId('error-status').textContent(), '400');
  assert.equal(await page.getByTestId('error-code').textContent(), 'SVCSTG.SWR.4000017');
});

test('invalid names are caught before sending', async () => {
  await fill({ namespace: 'a___b', repository: 'team//app' });
  await page.getByTestId('create-sync').click();
  assert.match(await page.locator('#namespace-error').textContent(), /at most two underscores/);
  assert.match(await page.locator('#repository-error').textContent(), /separators next to each other/);
  assert.equal((await proxy.received()).length, 0, 'nothing reached the proxy');
});

test('when the region list fails, the target region becomes a text field', async () => {
  await page.route('**/v2/manage/regions', (route) => route.fulfill({ status: 500, body: 'boom' }));
  await page.reload();
  await page.getByTestId('regions-fallback').waitFor();
  await page.getByLabel('Namespace', { exact: true }).fill('ferry-demo');
  await page.getByLabel('Repository').fill('nginx');
  await page.getByLabel('Target region').fill('af-south-1');
  await page.getByLabel('Target namespace').fill('africa');
  await page.getByTestId('create-sync').click();
  await page.getByTestId('sync-created').waitFor();
});
