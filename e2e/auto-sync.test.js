// Operation 4, SWR automatic image sync, in Chromium against the sandbox.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useSandbox, receivedMatching, preview, send } from './harness.js';

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
  await page.getByLabel('Organization', { exact: true }).fill(namespace);
  await page.getByLabel('Repository').fill(repository);
  await page.getByLabel('Target region').selectOption(region);
  await page.getByLabel('Target organization').fill(target);
}

test('creating a task sends / as $, then lists the new task', async () => {
  await fill();
  assert.match(await page.getByTestId('repository-encoded').textContent(), /team\$app/);
  const shown = await preview(page);
  await send(page, 'create-sync');
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

test('override asks for confirmation in words before anything is sent', async () => {
  await fill({ region: 'cn-east-3', target: 'overwrite-me' });
  await page.getByLabel('Overwrite images in the target').check();
  await page.getByTestId('create-sync').click();
  const box = page.locator('dialog[data-testid="confirm-dialog"][open]');
  await box.waitFor();
  assert.match(await box.getByTestId('confirm-warning').textContent(), /cn-east-3 \/ overwrite-me .* overwritten/);
  assert.match(await box.getByTestId('confirm-facts').textContent(), /ferry-demo\/team\/app in cn-north-4/);
  assert.equal((await receivedMatching(proxy, 'POST', '/sync_repo')).length, 0);
  await box.getByTestId('confirm-send').click();
  await page.getByTestId('sync-created').waitFor();
  const sent = await receivedMatching(proxy, 'POST', '/sync_repo');
  assert.equal(JSON.parse(sent[0].body).override, true);
});

test('a duplicate task is refused by SWR and explained', async () => {
  await fill({ repository: 'nginx', region: 'ap-southeast-3', target: 'mirror' });
  await send(page, 'create-sync');
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
  await page.getByLabel('Organization', { exact: true }).fill('ferry-demo');
  await page.getByLabel('Repository').fill('nginx');
  await page.getByLabel('Target region').fill('af-south-1');
  await page.getByLabel('Target organization').fill('africa');
  await send(page, 'create-sync');
  await page.getByTestId('sync-created').waitFor();
});

test('the confirmation is a real dialog: focus starts on Cancel, stays inside, Escape sends nothing and returns focus', async () => {
  await fill({ target: 'dialog-check' });
  await page.getByTestId('create-sync').focus();
  await page.keyboard.press('Enter');
  const box = page.locator('dialog[data-testid="confirm-dialog"][open]');
  await box.waitFor();
  const focused = () => page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.tagName);
  await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'confirm-cancel');
  for (let i = 0; i < 5; i += 1) {
    await page.keyboard.press('Tab');
    assert.ok(await box.evaluate((d) => d.contains(document.activeElement)), `Tab ${i + 1} left the dialog for ${await focused()}`);
  }
  await page.keyboard.press('Shift+Tab');
  assert.ok(await box.evaluate((d) => d.contains(document.activeElement)), 'Shift+Tab left the dialog');
  // The page behind is inert while the dialog is open.
  assert.equal(await page.evaluate(() => {
    const behind = document.querySelector('[data-testid="create-sync"]');
    behind.focus();
    return document.activeElement === behind;
  }), false, 'a control behind the dialog cannot take focus');
  await page.keyboard.press('Escape');
  await box.waitFor({ state: 'detached' });
  assert.equal(await focused(), 'create-sync', 'focus is back on the button that opened it');
  await page.getByTestId('create-sync').click();
  await box.getByTestId('confirm-cancel').click();
  assert.equal((await receivedMatching(proxy, 'POST', '/sync_repo')).length, 0, 'Cancel and Escape send nothing');
  // Confirmed: exactly one request, and the outcome takes focus.
  await page.getByTestId('create-sync').click();
  await box.getByTestId('confirm-send').click();
  await page.getByTestId('sync-created').waitFor();
  assert.equal((await receivedMatching(proxy, 'POST', '/sync_repo')).length, 1);
  assert.equal(await focused(), 'sync-outcome');
});

test('the organization and repository are chosen from lists, paged, with the tasks a repository already has', async () => {
  await page.getByTestId('namespace-choice').selectOption('ferry-services');
  const items = page.getByTestId('repo-item');
  await page.getByTestId('repos-range').filter({ hasText: '1–10 of 13' }).waitFor();
  assert.equal(await items.count(), 10);
  assert.equal(await page.getByLabel('Organization', { exact: true }).inputValue(), 'ferry-services');
  await items.filter({ hasText: 'platform/base' }).getByRole('button', { name: 'Use' }).click();
  assert.equal(await page.getByLabel('Repository').inputValue(), 'platform/base');
  assert.match(await page.getByTestId('repository-encoded').textContent(), /platform\$base/);
  await page.getByTestId('repos-next').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('repos-range').filter({ hasText: '11–13 of 13' }).waitFor();
  // The list redrew: focus is back on its pager, not on the page.
  await page.waitForFunction(() => ['repos-next', 'repos-previous'].includes(document.activeElement?.id));
  // A repository with a task already: the duplicate is visible before it is tried.
  await page.getByTestId('namespace-choice').selectOption('ferry-demo');
  await items.filter({ hasText: 'nginx' }).getByRole('button', { name: 'Use' }).click();
  await page.getByTestId('existing-syncs').filter({ hasText: 'ap-southeast-3 / mirror' }).waitFor();
  const lists = await receivedMatching(proxy, 'GET', '/v2/manage/repos');
  assert.ok(lists.every((r) => /namespace=[a-z-]+&offset=\d+&limit=10/.test(r.query)), JSON.stringify(lists.map((r) => r.query)));
  assert.equal((await receivedMatching(proxy, 'POST', '/sync_repo')).length, 0, 'choosing sends nothing');
});

test('without permission to list organizations, the picker says so and the fields still work', async () => {
  await page.route('**/v2/manage/namespaces', (route) => route.fulfill({
    status: 403, contentType: 'application/json', headers: { 'X-Request-Id': 'rid-403' },
    body: '{"errorCode":"SVCSTG.SWR.4030000","errorMessage":"Forbidden"}' }));
  await page.reload();
  await page.getByTestId('organizations-problem').filter({ hasText: /not allowed to list organizations \(HTTP 403\)/ }).waitFor();
  await fill({ repository: 'base/ubuntu', target: 'typed-by-hand' });
  await send(page, 'create-sync');
  await page.getByTestId('sync-created').waitFor();
});

test('when a repository\'s sync tasks cannot be read, it says so with the status', async () => {
  await page.route('**/repos/nginx/sync_repo', (route) => (route.request().method() === 'GET'
    ? route.fulfill({ status: 500, contentType: 'application/json', headers: { 'X-Request-Id': 'rid-500' }, body: '{"errorCode":"SVCSTG.SWR.5000000","errorMessage":"boom"}' })
    : route.continue()));
  await page.getByTestId('namespace-choice').selectOption('ferry-demo');
  await page.getByTestId('repo-item').filter({ hasText: 'nginx' }).getByRole('button', { name: 'Use' }).click();
  await page.getByTestId('existing-syncs').filter({ hasText: 'could not read' }).waitFor();
  assert.equal(await page.getByTestId('error-status').textContent(), '500');
  assert.equal(await page.getByTestId('error-request-id').textContent(), 'rid-500');
});
