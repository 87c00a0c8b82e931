// Sign-in and discovery: a person with a user name and password, and
// nothing else, runs an operation by choosing from lists.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useSandbox, receivedMatching, sleep, send, SANDBOX } from './harness.js';

const USER = { account: SANDBOX.account, user: SANDBOX.user, password: SANDBOX.password };
const t = useSandbox({ open: () => t.proxy.setFaults({}) });
let page;
let proxy;
let errors;
beforeEach(() => ({ page, proxy, errors } = t));

async function signIn(p = page, password = USER.password) {
  await p.getByLabel('Account name').fill(USER.account);
  await p.getByLabel('IAM user name').fill(USER.user);
  await p.getByLabel('Password').fill(password);
  await p.getByTestId('sign-in').click();
}

async function storages() {
  return page.evaluate(() => JSON.stringify({ session: { ...sessionStorage }, local: { ...localStorage } }));
}

test('sign in, then execute a policy chosen from lists without typing an ID', async () => {
  await page.goto(new URL('sign-in', proxy.url).href);
  await signIn();
  await page.waitForURL(/\/replicate$/);
  await page.getByTestId('token-badge').filter({ hasText: /release-manager · cn-north-4 · 2\d h left/ }).waitFor();
  // Signed in, the header is one line at 1280 px.
  await page.setViewportSize({ width: 1280, height: 900 });
  const middles = await page.locator('.app-header__bar > :not(dialog)').evaluateAll((els) =>
    els.map((e) => { const r = e.getBoundingClientRect(); return Math.round(r.top + r.height / 2); }));
  assert.ok(Math.max(...middles) - Math.min(...middles) <= 6, `header items at ${middles}`);
  await page.getByTestId('instance-choice').selectOption(SANDBOX.instanceId);
  assert.ok(await page.locator('#instance-choice option:disabled').count() >= 1, 'instances that are not Running are marked');
  await page.getByTestId('policy-search').fill('nightly-to-eu');
  await page.getByTestId('policy-search').press('Enter');
  await page.getByTestId('choose-policy-12').click();
  assert.equal(await page.getByLabel('Policy ID').inputValue(), '12');
  await page.getByTestId('execute').click();
  // The confirmation says in words what will run, read from the policy.
  const facts = page.locator('dialog[open] [data-testid="confirm-facts"]');
  assert.match(await facts.textContent(), /nightly-to-eu \(ID 12\)/);
  await page.getByTestId('confirm-send').click();
  assert.match(await page.getByTestId('execution-id').textContent(), /^\d+$/);
  const sent = await receivedMatching(proxy, 'POST', '/v3/auth/tokens');
  assert.equal(sent.length, 1);
  assert.ok(!(await storages()).includes(USER.password), 'the password is stored nowhere');
  assert.deepEqual(errors, []);
});

test('disabled policies cannot be chosen, and the policy list pages and searches', async () => {
  await page.goto(new URL('sign-in', proxy.url).href);
  await signIn();
  await page.getByTestId('instance-choice').selectOption(SANDBOX.instanceId);
  await page.getByTestId('policy-item').first().waitFor();
  await page.getByTestId('policy-search').fill('legacy');
  await page.getByTestId('policy-search').press('Enter');
  await page.getByTestId('choose-policy-14').waitFor();
  assert.ok(await page.getByTestId('choose-policy-14').isDisabled());
  // The list re-rendered; focus and the typed text stay in the search box.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'policy-search');
  await page.getByTestId('policy-search').fill('');
  await page.getByTestId('policy-search').press('Enter');
  await page.getByTestId('choose-policy-14').waitFor({ state: 'detached' });
  await page.getByTestId('policies-next').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('policies-range').filter({ hasText: /^11–/ }).waitFor();
  await page.waitForFunction(() => ['policies-next', 'policies-previous'].includes(document.activeElement?.id));
});

test('sign-in focus: the first empty field, every missing field marked at once, a wrong password retyped in place', async () => {
  await page.goto(new URL('sign-in', proxy.url).href);
  const focused = () => page.evaluate(() => document.activeElement?.id);
  await page.waitForFunction(() => document.activeElement?.id === 'sign-in-account');
  await page.getByTestId('sign-in').click();
  for (const id of ['sign-in-account', 'sign-in-user', 'sign-in-password']) {
    assert.equal(await page.locator(`#${id}`).getAttribute('aria-invalid'), 'true', `${id} is marked`);
  }
  assert.equal(await focused(), 'sign-in-account');
  await page.getByLabel('Account name').fill(USER.account);
  assert.equal(await page.locator('#sign-in-account').getAttribute('aria-invalid'), null, 'typing clears the mark');
  await page.getByLabel('IAM user name').fill(USER.user);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByLabel('Password').press('Enter');
  await page.getByTestId('sign-in-outcome').getByTestId('error-panel').waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'sign-in-password');
  assert.equal(await page.getByLabel('Password').inputValue(), '');
  // Reloaded with the account and user remembered: focus starts at the password.
  await page.reload();
  await page.waitForFunction(() => document.activeElement?.id === 'sign-in-password');
});

test('a wrong password gets a plain message', async () => {
  await page.goto(new URL('sign-in', proxy.url).href);
  await signIn(page, 'not-the-password');
  const outcome = page.getByTestId('sign-in-outcome');
  assert.match(await outcome.getByTestId('error-headline').textContent(), /user name or password is wrong/);
  // Explained like every failure: with the status and the request ID.
  assert.equal(await outcome.getByTestId('error-status').textContent(), '401');
  assert.match(await outcome.getByTestId('error-request-id').textContent(), /^[0-9a-f]{32}$/);
  assert.equal(await outcome.getByTestId('sign-in-again').count(), 0, 'no "sign in again" on the sign-in form');
  assert.equal(await page.getByLabel('Password').inputValue(), '', 'the password is not kept in the form');
});

test('an expired token mid-task leads to sign-in without losing typed values', async () => {
  await page.goto(new URL('sign-in', proxy.url).href);
  await signIn();
  await page.getByRole('link', { name: 'Copy image' }).click();
  await page.getByLabel('Image ID').fill(SANDBOX.imageId);
  await page.getByLabel('Image name').fill('kept after sign-in');
  await page.getByLabel('Description (optional)').fill('typed before the token expired');
  await proxy.setFaults({ token_ttl_secs: 0 });
  await send(page, 'copy');
  // Signed in with a password: the token's rejection leads straight back to sign-in.
  const dialog = page.getByTestId('sign-in-dialog');
  await dialog.waitFor();
  await proxy.setFaults({});
  await signIn(dialog);
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.getByLabel('Image name').inputValue(), 'kept after sign-in');
  assert.equal(await page.getByLabel('Description (optional)').inputValue(), 'typed before the token expired');
  await sleep(700); // past the double-click guard
  await send(page, 'copy');
  await page.getByTestId('job-id').waitFor();
});

test('sign out leaves nothing in sessionStorage or localStorage', async () => {
  await page.goto(new URL('sign-in', proxy.url).href);
  await signIn();
  await page.getByTestId('instance-choice').selectOption(SANDBOX.instanceId);
  await page.getByTestId('policy-search').fill('nightly-to-eu');
  await page.getByTestId('policy-search').press('Enter');
  await page.getByTestId('choose-policy-12').click();
  await send(page, 'execute');
  await page.getByTestId('execution-id').waitFor();
  assert.notEqual(await storages(), '{"session":{},"local":{}}');
  // A job is still followed: signing out says what it forgets, and asks.
  await page.getByTestId('sign-out').click();
  const warning = page.getByTestId('sign-out-warning');
  await warning.waitFor();
  assert.match(await warning.textContent(), /1 job is still being followed.*forgets it/);
  assert.notEqual(await storages(), '{"session":{},"local":{}}', 'nothing is forgotten before confirming');
  // A real dialog: focus starts on the choice that changes nothing.
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Stay signed in');
  await page.getByTestId('confirm-sign-out').click();
  await page.getByTestId('token-badge').filter({ hasText: 'Not signed in' }).waitFor();
  await page.waitForFunction(() => document.activeElement && document.activeElement !== document.body);
  await sleep(300);
  assert.equal(await storages(), '{"session":{},"local":{}}');
});

test('switching region switches project, chosen from the projects IAM lists', async () => {
  await page.goto(new URL('sign-in', proxy.url).href);
  await signIn();
  await page.waitForURL(/\/replicate$/);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByTestId('project-choice').waitFor();
  assert.equal(await page.getByLabel('Project ID').inputValue(), SANDBOX.projectId);
  await page.getByLabel('Region', { exact: true }).selectOption('ap-southeast-3');
  await page.waitForFunction(() => document.querySelector('#project-id').value === '5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a');
  await page.getByTestId('rescope-hint').waitFor();
  await page.getByTestId('save-settings').click();
  await page.getByTestId('token-badge').filter({ hasText: 'ap-southeast-3' }).waitFor();
});

// The sandbox's MFA user and its IAM user ID.
const MFA = { user: SANDBOX.mfaUser, id: SANDBOX.mfaUserId, code: SANDBOX.mfaCode };

test('MFA sign-in sends totp.user.id with the code, and the ID is remembered', async () => {
  await page.goto(new URL('sign-in', proxy.url).href);
  await page.getByLabel('Account name').fill(USER.account);
  await page.getByLabel('IAM user name').fill(MFA.user);
  await page.getByLabel('Password').fill(USER.password);
  await page.getByLabel('MFA code (if asked)').fill(MFA.code);
  // Without the user ID IAM cannot check the code: the form says so first.
  await page.getByTestId('sign-in').click();
  await page.getByTestId('sign-in-outcome').filter({ hasText: 'IAM user ID' }).waitFor();
  assert.equal((await receivedMatching(proxy, 'POST', '/v3/auth/tokens')).length, 0);
  await page.getByLabel('IAM user ID (with an MFA code)').fill(MFA.id);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(/\/replicate$/);
  const [sent] = await receivedMatching(proxy, 'POST', '/v3/auth/tokens');
  const body = JSON.parse(sent.body);
  assert.deepEqual(body.auth.identity.methods, ['password', 'totp']);
  assert.deepEqual(body.auth.identity.totp.user, { id: MFA.id, passcode: MFA.code });
  assert.ok((await storages()).includes(MFA.id), 'the user ID (not a secret) is remembered');
  assert.deepEqual(errors, []);
});

test('sign-in sends no X-Auth-Token header at all, not even an empty one', async () => {
  const headers = [];
  page.on('request', (r) => { if (r.url().endsWith('/v3/auth/tokens?nocatalog=true')) headers.push(r.headers()); });
  await page.goto(new URL('sign-in', proxy.url).href);
  await signIn();
  await page.waitForURL(/\/replicate$/);
  assert.equal(headers.length, 1);
  assert.equal(headers[0]['x-auth-token'], undefined, JSON.stringify(headers[0]));
});

test('a sub-project gets a token of its own, scoped by its name', async () => {
  await page.goto(new URL('sign-in', proxy.url).href);
  await page.getByLabel('Project (optional)').fill('cn-north-4_qa');
  await signIn();
  await page.waitForURL(/\/replicate$/);
  const [sent] = await receivedMatching(proxy, 'POST', '/v3/auth/tokens');
  assert.deepEqual(JSON.parse(sent.body).auth.scope.project, { name: 'cn-north-4_qa' });
  // Every call then uses the token's own project.
  const settings = await page.evaluate(() => JSON.parse(localStorage.getItem('ferry.settings')));
  assert.equal(settings.project_id, '1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f');
  assert.deepEqual(errors, []);
});
