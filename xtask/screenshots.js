// Screenshots of the real UI for README and docs: `cargo xtask screenshots`.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProxy, launchBrowser, configure, startCopy, startExecution, SANDBOX } from '../e2e/harness.js';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
await mkdir(out, { recursive: true });
const proxy = await startProxy({ jobSeconds: 40, executionSeconds: 40 });
const browser = await launchBrowser();
const shot = (page, name) => page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true });
try {
  for (const [scheme, width] of [['light', 1100], ['dark', 1100], ['light', 360]]) {
    const suffix = width < 500 ? `${scheme}-narrow` : scheme;
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(new URL('sign-in', proxy.url).href);
    await page.getByLabel('Account name').fill('ferry-demo-account');
    await page.getByLabel('IAM user name').fill('release-manager');
    await shot(page, `sign-in-${suffix}`);
    await page.getByLabel('Password').fill('Ferry-Sandbox-1');
    await page.getByTestId('sign-in').click();
    await page.waitForURL(/\/replicate$/);
    await page.getByTestId('instance-choice').selectOption(SANDBOX.instanceId);
    await page.getByTestId('policy-item').first().waitFor();
    await page.getByTestId('policy-search').fill('nightly');
    await page.getByTestId('policy-search').press('Enter');
    await page.getByTestId('choose-policy-12').click();
    await page.getByTestId('execute').click();
    await page.locator('dialog[open] [data-testid="confirm-facts"]').waitFor();
    await page.screenshot({ path: path.join(out, `confirm-${suffix}.png`) });
    await page.getByTestId('confirm-send').click();
    await page.getByTestId('execution-id').waitFor();
    await page.getByTestId('job-status').first().filter({ hasText: /In progress|Pending|Succeeded/ }).waitFor();
    await shot(page, `replicate-${suffix}`);
    await page.waitForTimeout(700); // past the double-click guard
    await page.getByLabel('Policy ID').fill('999');
    await page.getByTestId('execute').click();
    await page.getByTestId('confirm-send').click();
    await page.getByTestId('error-panel').waitFor();
    await shot(page, `replicate-error-${suffix}`);
    await page.goto(new URL(`executions/${SANDBOX.instanceId}/902/tasks?limit=20&offset=0&policy=12`, proxy.url).href);
    await page.getByTestId('task-row').first().waitFor();
    const failed = page.getByTestId('task-row').filter({ has: page.getByTestId('status-badge').filter({ hasText: 'Failed' }) }).first();
    await failed.getByRole('button', { name: /Details of task/ }).click();
    await failed.getByTestId('subtask-reason').first().waitFor();
    await shot(page, `tasks-${suffix}`);
    await page.getByTestId('load-all').click();
    await page.getByTestId('failure-group').first().waitFor({ timeout: 60_000 });
    await page.getByTestId('failure-groups').screenshot({ path: path.join(out, `failures-${suffix}.png`) });
    await startCopy(page);
    await page.getByRole('link', { name: /^Jobs/ }).click();
    await page.getByTestId('job-card').first().waitFor();
    await shot(page, `jobs-${suffix}`);
    await context.close();
  }
} finally {
  await browser.close();
  proxy.stop();
}
console.log(`screenshots written to ${out}`);
