// No dead ends: a first visit is asked to sign in, an empty region says so,
// an ID that cannot be valid is refused before sending, and the task table
// stays readable at 360 px.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useSandbox, configure, receivedMatching, SANDBOX } from './harness.js';

const t = useSandbox();
let page;
let proxy;
let errors;
beforeEach(() => ({ page, proxy, errors } = t));

test('a first visit to an operation asks to sign in, with the sandbox demo sign-in, not a form', async () => {
  await page.goto(new URL('replicate', proxy.url).href);
  const first = page.getByTestId('sign-in-first');
  await first.waitFor();
  assert.match(await first.textContent(), /Sign in to continue/);
  assert.match(await page.getByTestId('sandbox-sign-in').textContent(), new RegExp(SANDBOX.user));
  assert.equal(await page.getByTestId('execute').isVisible(), false);
  await page.getByTestId('sign-in-to-continue').click();
  await page.waitForURL(/\/sign-in$/);
  assert.deepEqual(errors, []);
});

test('a region without SWR Enterprise Edition instances says so', async () => {
  await page.goto(new URL('sign-in', proxy.url).href);
  await page.getByLabel('Project (optional)').fill('cn-north-4_qa');
  await page.getByLabel('Account name').fill(SANDBOX.account);
  await page.getByLabel('IAM user name').fill(SANDBOX.user);
  await page.getByLabel('Password').fill(SANDBOX.password);
  await page.getByTestId('sign-in').click();
  await page.waitForURL(/\/replicate$/);
  const none = page.getByTestId('no-instances');
  await none.waitFor();
  assert.match(await none.textContent(), /No SWR Enterprise Edition instances in cn-north-4/);
  assert.deepEqual(errors, []);
});

test('a truncated instance ID is refused before anything is sent', async () => {
  await configure(page, proxy.url);
  await page.goto(new URL('replicate', proxy.url).href);
  await page.getByLabel('Instance ID').fill('5b8d2a47');
  await page.getByLabel('Policy ID').fill('12');
  await page.getByTestId('execute').click();
  assert.equal(await page.locator('dialog[open]').count(), 0, 'nothing to confirm');
  assert.match(await page.locator('#instance-id-error').textContent(), /must be a UUID/);
  assert.equal((await receivedMatching(proxy, 'POST', '/replication/executions')).length, 0);
});

test('20 tasks at 360 px are at most 3 times as tall as at 1280 px', async () => {
  await configure(page, proxy.url);
  const link = new URL(`executions/${SANDBOX.instanceId}/902/tasks?limit=20&offset=0&policy=12`, proxy.url).href;
  const height = async (width) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(link);
    await page.getByTestId('task-row').nth(19).waitFor();
    return page.getByTestId('tasks-table').evaluate((el) => el.getBoundingClientRect().height);
  };
  const wide = await height(1280);
  const narrow = await height(360);
  assert.ok(narrow <= 3 * wide, `360 px: ${narrow} px tall, 1280 px: ${wide} px`);
  // No header breaks mid-word.
  const broken = await page.locator('.tasks thead th').evaluateAll((ths) =>
    ths.filter((th) => th.textContent.trim() && th.getClientRects().length > 0 && th.scrollWidth > th.clientWidth + 1).length);
  assert.equal(broken, 0);
});

test('links move between pages in place; Back and Forward follow; the current page is marked', async () => {
  await configure(page, proxy.url);
  await page.goto(new URL('replicate', proxy.url).href);
  await page.evaluate(() => { window.sameDocument = true; });
  await page.getByRole('link', { name: 'Jobs' }).click();
  await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Copy image' }).click();
  await page.getByRole('heading', { name: 'Copy image', level: 1 }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Copy image' }).getAttribute('aria-current'), 'page');
  assert.equal(await page.getByRole('link', { name: 'Jobs' }).getAttribute('aria-current'), null);
  await page.goBack();
  await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
  assert.match(page.url(), /\/jobs$/);
  await page.goForward();
  await page.getByRole('heading', { name: 'Copy image', level: 1 }).waitFor();
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'no reload: the console navigated in place');
  // A new page starts from its content, not from nowhere.
  assert.notEqual(await page.evaluate(() => document.activeElement?.tagName), 'BODY');
});
