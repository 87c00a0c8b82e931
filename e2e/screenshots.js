// Screenshots of the real UI for README and docs: `cargo xtask screenshots`.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startProxy, launchBrowser, configure, SANDBOX } from './harness.js';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
await mkdir(out, { recursive: true });
const proxy = await startProxy();
const browser = await launchBrowser();
try {
  for (const [scheme, width] of [['light', 1100], ['dark', 1100], ['light', 360]]) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 } });
    const page = await context.newPage();
    await configure(page, proxy.url);
    const suffix = width < 500 ? `${scheme}-narrow` : scheme;
    await page.screenshot({ path: path.join(out, `settings-${suffix}.png`), fullPage: true });
    await page.getByRole('link', { name: 'Replicate' }).first().click();
    await page.getByLabel('Instance ID').fill(SANDBOX.instanceId);
    await page.getByLabel('Policy ID').fill(String(SANDBOX.policyId));
    await page.getByTestId('execute').click();
    await page.getByTestId('execution-id').waitFor();
    await page.screenshot({ path: path.join(out, `replicate-${suffix}.png`), fullPage: true });
    await page.getByLabel('Policy ID').fill('999');
    await page.getByTestId('execute').click();
    await page.getByTestId('error-panel').waitFor();
    await page.screenshot({ path: path.join(out, `replicate-error-${suffix}.png`), fullPage: true });
    await context.close();
  }
} finally {
  await browser.close();
  proxy.stop();
}
console.log(`screenshots written to ${out}`);
