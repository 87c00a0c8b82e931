// Operation 1 end to end: Settings, then executing a replication policy, in
// real Chromium against the real proxy in sandbox mode.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useSandbox, configure, SANDBOX } from './harness.js';

const t = useSandbox();
let page;
let proxy;
let errors;
beforeEach(() => ({ page, proxy, errors } = t));

const executions = async () =>
  (await proxy.received()).filter((r) => r.method === 'POST' && r.path.endsWith('/replication/executions'));

async function execute(instanceId, policyId) {
  await page.getByRole('link', { name: 'Replicate' }).first().click();
  await page.getByLabel('Instance ID').fill(instanceId);
  await page.getByLabel('Policy ID').fill(String(policyId));
  await page.getByTestId('execute').click();
}

test('a token and a policy start an execution and show its ID', async () => {
  await configure(page, proxy.url);
  await execute(SANDBOX.instanceId, SANDBOX.policyId);

  const id = await page.getByTestId('execution-id').textContent();
  assert.match(id, /^\d+$/);

  const sent = await executions();
  assert.equal(sent.length, 1);
  assert.equal(sent[0].path, `/api/swr/cn-north-4/v2/${SANDBOX.projectId}/instances/${SANDBOX.instanceId}/replication/executions`);
  assert.deepEqual(JSON.parse(sent[0].body), { policy_id: SANDBOX.policyId });
  assert.equal(sent[0].token_sent, true);
  assert.deepEqual(errors, []);
});

test('the token is kept in sessionStorage only, never localStorage or the URL', async () => {
  await configure(page, proxy.url);
  const storage = await page.evaluate(() => ({
    session: sessionStorage.getItem('ferry.token'),
    local: JSON.stringify({ ...localStorage }),
    url: location.href,
  }));
  assert.equal(storage.session, SANDBOX.token);
  assert.ok(!storage.local.includes(SANDBOX.token), storage.local);
  assert.ok(!storage.url.includes(SANDBOX.token));
});

test('a double click sends one POST', async () => {
  await configure(page, proxy.url);
  await page.getByRole('link', { name: 'Replicate' }).first().click();
  await page.getByLabel('Instance ID').fill(SANDBOX.instanceId);
  await page.getByLabel('Policy ID').fill('13');
  await page.getByTestId('execute').dblclick();
  await page.getByTestId('execution-id').waitFor();
  const sent = await executions();
  assert.equal(sent.length, 1, JSON.stringify(sent));
});

test('a wrong token shows the 401 explanation with status and request ID', async () => {
  await configure(page, proxy.url, { token: 'not-the-sandbox-token' });
  await execute(SANDBOX.instanceId, SANDBOX.policyId);

  const panel = page.getByTestId('error-panel');
  await panel.waitFor();
  assert.match(await page.getByTestId('error-headline').textContent(), /token was rejected/);
  assert.equal(await page.getByTestId('error-status').textContent(), '401');
  assert.match(await page.getByTestId('error-request-id').textContent(), /^[0-9a-f]{32}$/);
  assert.ok(await panel.getByTestId('sign-in-again').isVisible());
  assert.ok(await panel.getByRole('link', { name: 'paste a new token in Settings' }).isVisible());
  assert.equal(await page.getByTestId('execution-id').count(), 0);
});

test('an unknown policy is explained as not found, with the service code', async () => {
  await configure(page, proxy.url);
  await execute(SANDBOX.instanceId, 999);
  await page.getByTestId('error-panel').waitFor();
  assert.equal(await page.getByTestId('error-status').textContent(), '404');
  assert.equal(await page.getByTestId('error-code').textContent(), 'SVCSTG.SWR.4040017');
  assert.match(await page.getByTestId('error-headline').textContent(), /no replication policy with this ID/);
});

test('invalid fields block sending and say which rule they break', async () => {
  await configure(page, proxy.url);
  await execute('bad/id', 'twelve');
  assert.match(await page.locator('#policy-id-error').textContent(), /Policy ID must be a whole number/);
  assert.match(await page.locator('#instance-id-error').textContent(), /Instance ID must be a UUID/);
  assert.equal(await page.locator('#instance-id').getAttribute('aria-invalid'), 'true');
  // Typed values survive the failed attempt.
  assert.equal(await page.getByLabel('Policy ID').inputValue(), 'twelve');
  assert.equal((await executions()).length, 0);
});

test('deep links load the console (SPA fallback) and unknown pages say so', async () => {
  await page.goto(new URL('settings', proxy.url).href);
  await page.getByRole('heading', { name: 'Settings' }).waitFor();
  await page.goto(new URL('no/such/page', proxy.url).href);
  await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  assert.deepEqual(errors, []);
});
