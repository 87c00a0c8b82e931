// Operation 1 end to end: Settings, then executing a replication policy, in
// real Chromium against the real proxy in sandbox mode.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useSandbox, configure, confirmDialog, receivedMatching, SANDBOX } from './harness.js';

const t = useSandbox();
let page;
let proxy;
let errors;
beforeEach(() => ({ page, proxy, errors } = t));

const executions = async () =>
  (await proxy.received()).filter((r) => r.method === 'POST' && r.path.endsWith('/replication/executions'));

async function execute(instanceId, policyId, { confirm = true } = {}) {
  await page.getByRole('link', { name: 'Replicate' }).first().click();
  await page.getByLabel('Instance ID').fill(instanceId);
  await page.getByLabel('Policy ID').fill(String(policyId));
  await page.getByTestId('execute').click();
  if (confirm) await confirmDialog(page);
}

test('the confirmation says in words which policy runs, from where to where, and whether it overwrites', async () => {
  await configure(page, proxy.url);
  await execute(SANDBOX.instanceId, 12, { confirm: false });
  const dialog = page.locator('dialog[data-testid="confirm-dialog"][open]');
  await dialog.waitFor();
  assert.equal(await dialog.getByRole('heading').textContent(), 'Run replication policy "nightly-to-eu" now?');
  const facts = await dialog.getByTestId('confirm-facts').textContent();
  assert.match(facts, /PolicyNightly-to-eu \(ID 12\)/i);
  assert.match(facts, /Fromlocal \(https:\/\/ferry-demo-5b8d2a47\.swr\.cn-north-4\.myhuaweicloud\.com\)/);
  assert.match(facts, /Toeu-mirror \(https:\/\/ferry-eu-3f1a9c2e\.swr\.ap-southeast-3\.myhuaweicloud\.com\), into organization ferry-eu/);
  assert.match(facts, /TriggerOn a schedule/);
  assert.match(facts, /OverwritesNo: images already in the destination are kept/);
  assert.equal((await executions()).length, 0, 'nothing is run before confirming');
  await dialog.getByTestId('confirm-cancel').click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal((await executions()).length, 0, 'Cancel runs nothing');
  // Policy 13 overwrites: the confirmation warns that it cannot be undone.
  await page.getByLabel('Policy ID').fill('13');
  await page.getByTestId('execute').click();
  await dialog.getByTestId('confirm-warning').waitFor();
  assert.match(await dialog.getByTestId('confirm-facts').textContent(), /OverwritesYes/);
});

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
  await page.locator('dialog[open] [data-testid="confirm-send"]').dblclick();
  await page.getByTestId('execution-id').waitFor();
  const sent = await executions();
  assert.equal(sent.length, 1, JSON.stringify(sent));
});

test('a wrong token shows the 401 explanation with status and request ID', async () => {
  await configure(page, proxy.url, { token: 'not-the-sandbox-token' });
  // Refused while reading the policy: there is nothing to confirm.
  await execute(SANDBOX.instanceId, SANDBOX.policyId, { confirm: false });

  const panel = page.getByTestId('error-panel');
  await panel.waitFor();
  assert.match(await page.getByTestId('error-headline').textContent(), /token was rejected/);
  assert.equal(await page.getByTestId('error-status').textContent(), '401');
  assert.match(await page.getByTestId('error-request-id').textContent(), /^[0-9a-f]{32}$/);
  assert.ok(await panel.getByTestId('sign-in-again').isVisible());
  // The header says "expired" at once, with the same way out.
  await page.getByTestId('token-badge').filter({ hasText: /expired/ }).waitFor();
  assert.ok(await page.getByTestId('header-sign-in-again').isVisible());
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
  await execute('bad/id', 'twelve', { confirm: false });
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

test('a chosen policy is shown in context: what it does and its last five runs, the new one on top', async () => {
  await configure(page, proxy.url);
  await page.getByRole('link', { name: 'Replicate' }).first().click();
  await page.getByLabel('Instance ID').fill(SANDBOX.instanceId);
  await page.getByLabel('Policy ID').fill('12');
  const context = page.getByTestId('policy-context');
  await context.waitFor();
  assert.match(await context.getByTestId('policy-facts').textContent(), /Fromlocal .*Toeu-mirror .*into organization ferry-eu/);
  const runs = context.getByTestId('recent-run');
  await runs.first().waitFor();
  assert.ok((await runs.count()) <= 5);
  assert.equal((await executions()).length, 0, 'reading context sends no POST');
  await page.getByTestId('execute').click();
  // The confirmation uses the policy just read for the context: no second read.
  await page.locator('dialog[open] [data-testid="confirm-facts"]').filter({ hasText: 'nightly-to-eu' }).waitFor();
  assert.equal((await receivedMatching(proxy, 'GET', '/replication/policies/12')).length, 1);
  await confirmDialog(page);
  const id = (await page.getByTestId('execution-id').textContent()).trim();
  await runs.first().filter({ hasText: `Execution ${id}` }).waitFor();
  assert.match(await runs.first().getByRole('link').getAttribute('href'), new RegExp(`/executions/${SANDBOX.instanceId}/${id}/tasks`));
});

test('where is my image: a repository looked up in the policy\'s last runs, one request at a time', async () => {
  await configure(page, proxy.url);
  await page.getByRole('link', { name: 'Replicate' }).first().click();
  await page.getByLabel('Instance ID').fill(SANDBOX.instanceId);
  await page.getByLabel('Policy ID').fill('12');
  const input = page.getByTestId('find-image');
  await input.waitFor();
  await input.fill('not a repo');
  await input.press('Enter');
  assert.match(await page.locator('#find-image-problem').textContent(), /repository, optionally with a tag/);
  await proxy.clearReceived();
  await input.fill('crm-cache');
  await input.press('Enter');
  const results = page.getByTestId('find-image-result');
  await results.first().waitFor({ timeout: 30_000 });
  const texts = await results.allTextContents();
  assert.ok(texts.length >= 1 && texts.length <= 10, texts.join(' | '));
  assert.ok(texts.every((t) => /^Execution \d+: (Copied|Failed|Not included|In progress|Pending|Stopped)/.test(t)), texts.join(' | '));
  assert.ok(texts.some((t) => /Copied|Failed/.test(t)), texts.join(' | '));
  const reads = await receivedMatching(proxy, 'GET', '/tasks');
  assert.ok(reads.every((r) => r.query.includes('limit=100')), 'at most 100 tasks per request');
  assert.equal((await executions()).length, 0, 'finding sends no POST');
  await input.fill('no-such-image:1.0');
  await input.press('Enter');
  await results.first().filter({ hasText: 'Not included' }).waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=find-image-result]')].every((li) => li.textContent.includes('Not included')));
});
