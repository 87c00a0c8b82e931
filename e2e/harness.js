// Shared by every e2e test: start `ferry-proxy --sandbox` serving the
// release console on a free port, and a headless Chromium to drive it.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { before, after, beforeEach, afterEach } from 'node:test';
import { chromium } from 'playwright-core';
import { proxyBin, root, spawnProxy } from './processes.js';

/** The sandbox's demo values, read from the sandbox itself (not a copy). */
const demo = JSON.parse(execFileSync(proxyBin(), ['--print-sandbox-demo'], { encoding: 'utf8' }));
export const SANDBOX = {
  token: demo.token,
  projectId: demo.project_id,
  instanceId: demo.instance_id,
  policyId: demo.policy_id,
  imageId: demo.image_id,
  fullEcsImageId: demo.full_ecs_image_id,
  account: demo.account,
  user: demo.user,
  password: demo.password,
  mfaUser: demo.mfa_user,
  mfaUserId: demo.mfa_user_id,
  mfaCode: demo.mfa_code,
};

/** Starts the proxy; resolves once it printed the address it listens on. */
export async function startProxy({ jobSeconds = 3, executionSeconds = 4 } = {}) {
  const dist = process.env.FERRY_DIST ?? path.join(root, 'dist');
  const args = ['--sandbox', '--static-dir', dist, '--listen', '127.0.0.1:0', '--sandbox-job-seconds', String(jobSeconds),
    '--sandbox-execution-seconds', String(executionSeconds)];
  const { url, child } = await spawnProxy(args);
  return {
    url,
    /** What the emulator received, oldest first (never the token's value). */
    async received() {
      const res = await fetch(new URL('__sandbox/requests', url));
      return res.json();
    },
    /** Fault injection: latency_ms, fail_rate, drop_rate, token_ttl_secs. */
    async setFaults(faults) {
      const res = await fetch(new URL('__sandbox/faults', url), {
        method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults),
      });
      if (!res.ok) throw new Error(`setting faults failed: ${res.status} ${await res.text()}`);
    },
    async clearReceived() {
      await fetch(new URL('__sandbox/requests', url), { method: 'DELETE' });
    },
    stop() {
      child.kill('SIGTERM');
    },
  };
}

/** Headless Chromium from Debian, flags needed as root and offline. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh page that fails the test on any uncaught error in the console. */
export async function newPage(browser, errors) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  return page;
}

/** Sets project and token through the Settings page, as a user would. */
export async function configure(page, baseUrl, { token = SANDBOX.token, projectId = SANDBOX.projectId } = {}) {
  await page.goto(new URL('settings', baseUrl).href);
  await page.getByLabel('Project ID').fill(projectId);
  await page.getByTestId('save-settings').click();
  await page.getByTestId('settings-status').filter({ hasText: 'Saved' }).waitFor();
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByTestId('save-token').click();
  // A wrong token may be refused at once (a picker lists with it): expired.
  await page.getByTestId('token-badge').filter({ hasText: /Token (set|expired)/ }).waitFor();
}

/** Requests the emulator received for `method` whose path ends with `suffix`. */
export async function receivedMatching(proxy, method, suffix) {
  return (await proxy.received()).filter((r) => r.method === method && r.path.endsWith(suffix));
}

/** The preview's first line and the curl command, as shown on the page. */
export async function preview(page) {
  return {
    request: await page.getByTestId('preview-request').textContent(),
    curl: await page.getByTestId('preview-curl').textContent(),
  };
}

/** Emulates the tab being hidden or shown (Page Visibility API). */
export async function setHidden(page, hidden) {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Answers the confirmation every state-changing operation asks for: waits
 * for the modal dialog and presses its confirm button (which sends).
 */
export async function confirmDialog(page) {
  await page.locator('dialog[data-testid="confirm-dialog"][open] [data-testid="confirm-send"]').click();
}

/** Presses an operation's submit button, then confirms. */
export async function send(page, testid) {
  await page.getByTestId(testid).click();
  await confirmDialog(page);
}

/** Starts an image copy from the Copy image page; returns the job ID. */
export async function startCopy(page, image = SANDBOX.imageId, name = 'e2e copy') {
  await page.getByRole('link', { name: 'Copy image' }).click();
  await page.getByLabel('Image ID').fill(image);
  await page.getByLabel('Image name').fill(name);
  await send(page, 'copy');
  return (await page.getByTestId('job-id').textContent()).trim();
}

/** Starts a replication from the Replicate page; returns the execution ID. */
export async function startExecution(page, policyId = SANDBOX.policyId) {
  await page.getByRole('link', { name: 'Replicate' }).first().click();
  await page.getByLabel('Instance ID').fill(SANDBOX.instanceId);
  await page.getByLabel('Policy ID').fill(String(policyId));
  await send(page, 'execute');
  return (await page.getByTestId('execution-id').textContent()).trim();
}

/**
 * The usual hooks of a test file: one sandbox proxy and one browser for the
 * file; before each test a fresh page (signed in with the sandbox token when
 * `configured`), then `open(page)`, then an empty request log. Returns a live
 * object whose `proxy`, `page` and `errors` are current inside tests.
 */
export function useSandbox({ proxy: proxyOptions = {}, configured = false, open = null } = {}) {
  const t = { proxy: null, browser: null, page: null, errors: [] };
  before(async () => {
    t.proxy = await startProxy(proxyOptions);
    t.browser = await launchBrowser();
  });
  after(async () => {
    await t.browser?.close();
    t.proxy?.stop();
  });
  beforeEach(async () => {
    t.errors = [];
    t.page = await newPage(t.browser, t.errors);
    if (configured) await configure(t.page, t.proxy.url);
    if (open) await open(t.page);
    await t.proxy.clearReceived();
  });
  afterEach(async () => {
    await t.page?.context().close();
  });
  return t;
}
