// Operation 3, HSS sync, in Chromium against the sandbox.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useSandbox, receivedMatching, preview, send, SANDBOX } from './harness.js';

const t = useSandbox({ configured: true, open: (page) => page.getByRole('link', { name: 'HSS sync' }).click() });
let page;
let proxy;
let errors;
beforeEach(() => ({ page, proxy, errors } = t));

const SYNC = `/v5/${SANDBOX.projectId}/image/synchronize`;

test('syncing shared images the older way succeeds, and the preview and curl match what was sent', async () => {
  await page.getByLabel('Images shared with me (older way)').check();
  await page.getByLabel('All enterprise projects').check();
  const shown = await preview(page);
  await page.getByTestId('hss-sync').click();
  const facts = await page.locator('dialog[open] [data-testid="confirm-facts"]').textContent();
  assert.match(facts, /SyncsImages shared with you in SWR/);
  assert.match(facts, /Assets in regioncn-north-4/);
  await page.getByTestId('confirm-send').click();
  await page.getByTestId('hss-success').waitFor();

  const sent = await receivedMatching(proxy, 'POST', SYNC);
  assert.equal(sent.length, 1);
  assert.equal(sent[0].path, `/api/hss/cn-north-4${SYNC}`);
  assert.equal(sent[0].query, 'enterprise_project_id=all_granted_eps');
  assert.equal(sent[0].body, '{"image_type":"shared_image"}');
  assert.deepEqual(sent[0].headers.find(([k]) => k === 'region'), ['region', 'cn-north-4']);

  const url = `${proxy.url.replace(/\/$/, '')}${sent[0].path}?${sent[0].query}`;
  assert.ok(shown.request.startsWith(`POST ${url}\n`), shown.request);
  assert.ok(shown.request.includes(sent[0].body));
  assert.ok(shown.request.includes('region: cn-north-4'));
  assert.ok(shown.curl.includes(`'${url}'`), shown.curl);
  assert.ok(shown.curl.includes('"X-Auth-Token: $TOKEN"'));
  assert.ok(!shown.curl.includes(SANDBOX.token), 'the real token never appears in curl');
  assert.ok(shown.curl.includes(`--data '${sent[0].body}'`));
  assert.deepEqual(errors, []);
});

test('HTTP 200 with a non-zero error_code is shown as a failure', async () => {
  await page.route('**/image/synchronize*', (route) =>
    route.fulfill({ status: 200, contentType: 'application/json', headers: { 'X-Request-Id': 'rid-200' },
      body: '{"error_code":10,"error_description":"Unsupported image type: private_image."}' }));
  await page.getByLabel('My private SWR images (older way)').check();
  await send(page, 'hss-sync');
  const panel = page.getByTestId('error-panel');
  await panel.waitFor();
  assert.match(await page.getByTestId('error-headline').textContent(), /reported that it failed/);
  assert.equal(await page.getByTestId('error-status').textContent(), '200');
  assert.equal(await page.getByTestId('error-message').textContent(), 'Unsupported image type: private_image.');
  assert.equal(await page.getByTestId('error-request-id').textContent(), 'rid-200');
  assert.equal(await page.getByTestId('hss-success').count(), 0);
});

test('a server-side error is explained with the HSS code', async () => {
  await page.getByLabel('A specific enterprise project').check();
  await page.getByLabel('Enterprise project ID').fill('has_underscore');
  await send(page, 'hss-sync');
  await page.getByTestId('error-panel').waitFor();
  assert.equal(await page.getByTestId('error-status').textContent(), '400');
  assert.equal(await page.getByTestId('error-code').textContent(), 'HSS.0001');
});

test('plain choices: the successor API is the default, one registry needs its ID, the region is chosen from a list', async () => {
  assert.ok(await page.getByLabel('Images of every registry HSS knows').isChecked(), 'the successor API is the default');
  assert.equal(await page.locator('#region-header').evaluate((e) => e.tagName), 'SELECT', 'the region is not free text');
  assert.equal(await page.getByText('RunImageSynchronize').count(), 0, 'API names stay in the request preview');
  await page.getByLabel('Images of one registry').check();
  await page.getByTestId('hss-sync').click();
  assert.match(await page.locator('#registry-id-error').textContent(), /Registry ID is required/);
  assert.equal(await page.locator('dialog[open]').count(), 0, 'nothing to confirm');
  assert.equal((await proxy.received()).length, 0, 'nothing reached the proxy');

  await page.getByLabel('Registry ID').fill('reg-01');
  await page.getByLabel('Registry type').selectOption('SwrEnterprise');
  await send(page, 'hss-sync');
  await page.getByTestId('hss-success').waitFor();
  const sent = await receivedMatching(proxy, 'POST', '/image/image-sync/tasks');
  assert.equal(sent.length, 1);
  assert.deepEqual(JSON.parse(sent[0].body), {
    sync_all_registries: false,
    registry_info: [{ registry_id: 'reg-01', registry_type: 'SwrEnterprise' }],
  });
});

test('a new submit clears the previous outcome', async () => {
  await send(page, 'hss-sync');
  await page.getByTestId('hss-success').waitFor();
  await page.getByLabel('A specific enterprise project').check();
  await page.getByLabel('Enterprise project ID').fill('has_underscore');
  await page.waitForTimeout(650); // past the double-click guard
  await send(page, 'hss-sync');
  await page.getByTestId('error-panel').waitFor();
  assert.equal(await page.getByTestId('hss-success').count(), 0, 'the earlier success is gone');
});

test('HSS is not offered in a region where it has no endpoint (eu-west-0, as the SDK has it)', async () => {
  await page.evaluate(({ projectId }) => {
    localStorage.setItem('ferry.settings', JSON.stringify({ region: 'eu-west-0', project_id: projectId }));
  }, SANDBOX);
  await page.goto(new URL('hss-sync', proxy.url).href);
  const notice = page.getByTestId('service-missing');
  await notice.waitFor();
  assert.match(await notice.textContent(), /no endpoint in eu-west-0/);
  assert.equal(await page.getByTestId('hss-sync').isVisible(), false, 'the operation is not offered');
  // SWR is there in eu-west-0: Replicate stays offered.
  await page.goto(new URL('replicate', proxy.url).href);
  await page.getByTestId('execute').waitFor();
  assert.equal(await page.getByTestId('service-missing').count(), 0);
});
