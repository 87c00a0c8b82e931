// Accessibility (issue 12 item 19): axe-core (e2e/axe.js: WCAG 2.x A and AA
// plus best practices) on every page and state — each operation empty,
// invalid, sent and failed; the policy picker open; the task viewer with a
// row expanded and with the Stop confirmation open; all tasks loaded; Jobs;
// Settings; Sign-in; the sign-in dialog; 404 (and on the way: a refused
// sign-in, a first visit, the Tasks finder, the overwrite and sign-out
// confirmations, and each operation's confirmation dialog when it has one)
// — each in light and dark, at 1280 and 360 px. Each state is a subtest
// that fails on any violation, listing rule, impact, help, target and the
// themes and widths it was seen in.
//
// One proxy, one browser and one signed-in page for the file: a state is
// reached once and checked four times by switching colour scheme and
// viewport in place, without reloading.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startProxy, launchBrowser, newPage, SANDBOX } from './harness.js';
import { audit, describe } from './axe.js';

let proxy;
let browser;
let page;

const USER = { account: SANDBOX.account, user: SANDBOX.user, password: SANDBOX.password };
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

before(async () => {
  // Jobs end in 3 s (Jobs shows finished and failed copies); executions run
  // for 5 minutes (the task viewer can still offer to stop one).
  proxy = await startProxy({ jobSeconds: 3, executionSeconds: 300 });
  browser = await launchBrowser();
  page = await newPage(browser, []);
  await goto('sign-in');
  await signIn(page);
  await page.waitForURL(/\/replicate$/);
});
after(async () => {
  await browser?.close();
  proxy?.stop();
});

const goto = (path, p = page) => p.goto(new URL(path, proxy.url).href);

async function signIn(p) {
  await p.getByLabel('Account name').fill(USER.account);
  await p.getByLabel('IAM user name').fill(USER.user);
  await p.getByLabel('Password').fill(USER.password);
  await p.getByTestId('sign-in').click();
}

/** Checks the page as it is now, in all four combinations, as subtest `state`. */
async function check(t, state, p = page) {
  const findings = await audit(p, state);
  await t.test(state, () => {
    if (findings.length > 0) assert.fail(describe(findings));
  });
}

/**
 * Submits an operation and waits for `outcome`. When the console asks for
 * confirmation first (a modal <dialog>), confirms; a confirmation seen for
 * the first time is checked too, as `<operation> · confirmation`.
 */
const confirmationsChecked = new Set();
async function submit(t, operation, button, outcome) {
  await page.getByTestId(button).click();
  const dialog = page.locator('[data-testid="confirm-dialog"][open]');
  // Visible ones only: a modal <dialog> stays in the DOM while closed.
  await dialog.or(outcome).filter({ visible: true }).first().waitFor();
  if (await dialog.isVisible()) {
    if (!confirmationsChecked.has(operation)) {
      confirmationsChecked.add(operation);
      await check(t, `${operation} · confirmation`);
    }
    await dialog.getByTestId('confirm-send').click();
    await outcome.waitFor();
  }
}

test('Sign-in, a first visit to an operation, and 404, not signed in', async (t) => {
  const fresh = await newPage(browser, []);
  try {
    await goto('sign-in', fresh);
    await fresh.getByTestId('sign-in-form').waitFor();
    await fresh.getByTestId('sandbox-sign-in').waitFor();
    await check(t, 'Sign-in', fresh);

    await fresh.getByLabel('Account name').fill(USER.account);
    await fresh.getByLabel('IAM user name').fill(USER.user);
    await fresh.getByLabel('Password').fill('not-the-password');
    await fresh.getByTestId('sign-in').click();
    await fresh.getByTestId('sign-in-outcome').getByTestId('error-headline').waitFor();
    await check(t, 'Sign-in · refused', fresh);

    await goto('replicate', fresh);
    await fresh.getByTestId('sign-in-first').waitFor();
    await check(t, 'Replicate · not signed in', fresh);

    await goto('no/such/page', fresh);
    await fresh.getByRole('heading', { name: 'Page not found' }).waitFor();
    await check(t, '404', fresh);
  } finally {
    await fresh.context().close();
  }
});

test('Replicate: empty, policy picker open, invalid, failed, sent', async (t) => {
  const fill = async (instance, policy) => {
    await page.getByLabel('Instance ID').fill(instance);
    await page.getByLabel('Policy ID').fill(String(policy));
  };
  await goto('replicate');
  await page.getByTestId('instance-choice').waitFor();
  await check(t, 'Replicate · empty');

  await page.getByTestId('instance-choice').selectOption(SANDBOX.instanceId);
  await page.getByTestId('policy-item').first().waitFor();
  await check(t, 'Replicate · policy picker open');

  await goto('replicate');
  await fill('bad/id', 'twelve');
  await submit(t, 'Replicate', 'execute', page.locator('#policy-id-error').filter({ hasText: /\S/ }));
  await check(t, 'Replicate · invalid');

  await goto('replicate');
  await fill(SANDBOX.instanceId, 999);
  await submit(t, 'Replicate', 'execute', page.getByTestId('error-panel'));
  await check(t, 'Replicate · failed');

  await goto('replicate');
  await fill(SANDBOX.instanceId, SANDBOX.policyId);
  await submit(t, 'Replicate', 'execute', page.getByTestId('execution-id'));
  await check(t, 'Replicate · sent');
});

test('Copy image: empty, invalid, failed, sent', async (t) => {
  const fill = async (image, name, description = '') => {
    await page.getByLabel('Image ID').fill(image);
    await page.getByLabel('Image name').fill(name);
    await page.getByLabel('Description (optional)').fill(description);
  };
  await goto('copy-image');
  await page.getByTestId('copy').waitFor();
  await check(t, 'Copy image · empty');

  await fill('not-a-uuid', 'trailing space ', 'has <html>');
  await submit(t, 'Copy image', 'copy', page.locator('#image-id-error').filter({ hasText: /\S/ }));
  await check(t, 'Copy image · invalid');

  await goto('copy-image');
  await fill(UNKNOWN_UUID, 'copy');
  await submit(t, 'Copy image', 'copy', page.getByTestId('error-panel'));
  await check(t, 'Copy image · failed');

  // A copy that ends with a problem, for Jobs below.
  await goto('copy-image');
  await fill(SANDBOX.fullEcsImageId, 'web copy');
  await submit(t, 'Copy image', 'copy', page.getByTestId('job-id'));

  await goto('copy-image');
  await fill(SANDBOX.imageId, 'ubuntu copy', 'before the kernel update');
  await submit(t, 'Copy image', 'copy', page.getByTestId('job-id'));
  await check(t, 'Copy image · sent');
});

test('HSS sync: empty, invalid, failed, sent', async (t) => {
  await goto('hss-sync');
  await page.getByTestId('hss-sync').waitFor();
  await check(t, 'HSS sync · empty');

  await page.getByLabel('Images of one registry').check();
  await submit(t, 'HSS sync', 'hss-sync', page.locator('#registry-id-error').filter({ hasText: /\S/ }));
  await check(t, 'HSS sync · invalid');

  await goto('hss-sync');
  await page.getByLabel('A specific enterprise project').check();
  await page.getByLabel('Enterprise project ID').fill('has_underscore');
  await submit(t, 'HSS sync', 'hss-sync', page.getByTestId('error-panel'));
  await check(t, 'HSS sync · failed');

  await goto('hss-sync');
  await submit(t, 'HSS sync', 'hss-sync', page.getByTestId('hss-success'));
  await check(t, 'HSS sync · sent');
});

test('Auto-sync: empty, invalid, failed, overwrite confirmation, sent', async (t) => {
  const open = async () => {
    await goto('auto-sync');
    await page.getByLabel('Target region').waitFor();
  };
  const fill = async ({ namespace = 'ferry-demo', repository = 'team/app', region = 'ap-southeast-1', target = 'mirror' } = {}) => {
    await page.getByLabel('Organization', { exact: true }).fill(namespace);
    await page.getByLabel('Repository').fill(repository);
    await page.getByLabel('Target region').selectOption(region);
    await page.getByLabel('Target organization').fill(target);
  };
  await open();
  await check(t, 'Auto-sync · empty');

  await fill({ namespace: 'a___b', repository: 'team//app' });
  await submit(t, 'Auto-sync', 'create-sync', page.locator('#namespace-error').filter({ hasText: /\S/ }));
  await check(t, 'Auto-sync · invalid');

  await open();
  await fill({ repository: 'nginx', region: 'ap-southeast-3', target: 'mirror' });
  await submit(t, 'Auto-sync', 'create-sync', page.getByTestId('error-panel'));
  await check(t, 'Auto-sync · failed');

  // Overwriting asks first (today a box on the page; soon the console's
  // confirmation <dialog>); nothing is sent here.
  await open();
  await fill({ region: 'cn-east-3', target: 'overwrite-me' });
  await page.getByLabel('Overwrite images in the target').check();
  await page.getByTestId('create-sync').click();
  await page.locator('[data-testid="confirm-override-box"], [data-testid="confirm-dialog"][open]').first().waitFor();
  await check(t, 'Auto-sync · overwrite confirmation');

  await open();
  await fill();
  await submit(t, 'Auto-sync', 'create-sync', page.getByTestId('sync-created'));
  await page.getByTestId('sync-tasks').locator('tbody tr').first().waitFor();
  await check(t, 'Auto-sync · sent');
});

test('Tasks: finding an execution empty, invalid, failed, listed', async (t) => {
  await goto('tasks');
  await page.getByTestId('instance-choice').waitFor();
  await check(t, 'Tasks · empty');

  await page.getByLabel('Instance ID').fill(SANDBOX.instanceId);
  await page.getByLabel('Execution ID').fill('xyz');
  await page.getByTestId('open-execution').click();
  await page.locator('#finder-execution-id-error').filter({ hasText: /\S/ }).waitFor();
  await check(t, 'Tasks · invalid');

  await goto('tasks');
  await page.getByLabel('Instance ID').fill(UNKNOWN_UUID);
  await page.getByTestId('list-executions').click();
  await page.getByTestId('error-panel').waitFor();
  await check(t, 'Tasks · failed');

  await goto('tasks');
  await page.getByLabel('Instance ID').fill(SANDBOX.instanceId);
  await page.getByLabel('Policy ID (optional)').fill(String(SANDBOX.policyId));
  await page.getByTestId('list-executions').click();
  await page.getByTestId('executions').waitFor();
  await check(t, 'Tasks · executions listed');
});

test('Task viewer: a row expanded, the Stop confirmation open, all tasks loaded', async (t) => {
  const viewer = (execution, policy) => goto(`executions/${SANDBOX.instanceId}/${execution}/tasks?limit=20&offset=0&policy=${policy}`);
  await viewer(902, 12);
  await page.getByTestId('range').first().filter({ hasText: '1–20 of 237' }).waitFor();
  const failed = page.getByTestId('task-row')
    .filter({ has: page.getByTestId('status-badge').filter({ hasText: 'Failed' }) }).first();
  await failed.getByRole('button', { name: /Details of task/ }).click();
  await failed.getByTestId('subtask-reason').filter({ hasText: /\S/ }).first().waitFor();
  await check(t, 'Task viewer · row expanded');

  await page.getByTestId('load-all').click();
  await page.getByTestId('loaded').filter({ hasText: 'Loaded all 237 tasks' }).waitFor({ timeout: 60_000 });
  await page.getByTestId('failure-groups').waitFor();
  await check(t, 'Task viewer · all tasks loaded');

  // A running execution (5 minutes in this sandbox), to stop.
  await goto('replicate');
  await page.getByLabel('Instance ID').fill(SANDBOX.instanceId);
  await page.getByLabel('Policy ID').fill('13');
  await submit(t, 'Replicate', 'execute', page.getByTestId('execution-id'));
  const id = (await page.getByTestId('execution-id').textContent()).trim();
  await viewer(id, 13);
  await page.getByTestId('task-row').first().waitFor();
  await page.getByTestId('stop-execution').click();
  // Today a box on the page; soon the console's confirmation <dialog>.
  await page.locator('[data-testid="confirm-stop-box"], [data-testid="confirm-dialog"][open]').first().waitFor();
  await check(t, 'Task viewer · Stop confirmation open');
});

test('Jobs, Settings and the sign-out warning', async (t) => {
  await goto('jobs');
  await page.getByTestId('job-card').first().waitFor();
  // The jobs started by the tests above (Copy image, Replicate): copies end
  // in 3 s, so Jobs shows a finished, a failed and a running job.
  await page.getByTestId('job-phase').filter({ hasText: 'Ended with a problem' }).first().waitFor({ timeout: 20_000 });
  await page.getByTestId('job-phase').filter({ hasText: 'Finished' }).first().waitFor({ timeout: 20_000 });
  await check(t, 'Jobs');

  await goto('settings');
  await page.getByTestId('project-choice').waitFor();
  await check(t, 'Settings');

  // An execution is still followed: signing out asks first.
  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-out-warning').waitFor();
  await check(t, 'Sign-out warning');
  await page.getByRole('button', { name: 'Stay signed in' }).click();
  await page.getByTestId('sign-out-warning').waitFor({ state: 'hidden' });
});

test('The sign-in dialog, when the token expires mid-task', async (t) => {
  await goto('copy-image');
  await page.getByLabel('Image ID').fill(SANDBOX.imageId);
  await page.getByLabel('Image name').fill('kept after sign-in');
  await proxy.setFaults({ token_ttl_secs: 0 });
  try {
    await submit(t, 'Copy image', 'copy', page.getByTestId('sign-in-dialog'));
    await page.getByTestId('sign-in-dialog').getByTestId('sign-in-form').waitFor();
    await check(t, 'Sign-in dialog');
  } finally {
    await proxy.setFaults({});
  }
});
