// The release console under the proxy's production headers: a strict
// Content-Security-Policy with a per-answer nonce, cache headers and
// precompressed assets. Settings and Replicate must work with no CSP
// violation reported by Chromium.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startProxy, launchBrowser, newPage, configure, send, SANDBOX } from './harness.js';

let proxy;
let browser;
let page;
let errors;
let violations;

before(async () => {
  proxy = await startProxy();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  proxy?.stop();
});

beforeEach(async () => {
  errors = [];
  violations = [];
  page = await newPage(browser, errors);
  page.on('console', (msg) => {
    if (/Content[- ]Security[- ]Policy/i.test(msg.text())) violations.push(msg.text());
  });
  // The DOM event catches violations that are not logged to the console.
  await page.exposeFunction('__ferryCspViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__ferryCspViolation(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
});

afterEach(async () => {
  await page.context().close();
});

test('index.html carries a fresh nonce that matches its CSP header', async () => {
  const nonces = [];
  for (const path of ['', 'replicate']) {
    const res = await fetch(new URL(path, proxy.url));
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy');
    const nonce = csp.match(/'nonce-([0-9a-f]{32})'/)?.[1];
    assert.ok(nonce, csp);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'nonce-/);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /style-src 'self';/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const html = await res.text();
    assert.ok(html.includes(`nonce="${nonce}"`), 'the loader script carries the nonce');
    assert.ok(!html.includes('TRUNK NONCE'), 'no placeholder left');
    nonces.push(nonce);
  }
  assert.notEqual(nonces[0], nonces[1], 'every answer gets its own nonce');
});

test('hashed assets are immutable and served precompressed', async () => {
  const html = await (await fetch(proxy.url)).text();
  const wasm = html.match(/href="?(\/ferry-[0-9a-f]{12,16}_bg\.wasm)/)?.[1];
  assert.ok(wasm, 'index.html preloads the wasm');
  const res = await fetch(new URL(wasm, proxy.url), { headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(res.headers.get('content-type'), 'application/wasm');
  // Precompression runs in the background at start-up; the debug build can
  // be slow, so only insist on an encoding when the sibling is ready.
  const encoding = res.headers.get('content-encoding');
  assert.ok(encoding === null || encoding === 'br' || encoding === 'gzip', String(encoding));
  const config = await fetch(new URL('config.json', proxy.url));
  assert.equal(config.headers.get('cache-control'), 'no-cache');
  assert.deepEqual((await config.json()).services, ['swr', 'hss', 'ims', 'iam']);
});

test('Settings and Replicate work under the CSP with no violation', async () => {
  await configure(page, proxy.url);
  await page.getByRole('link', { name: 'Replicate' }).first().click();
  await page.getByLabel('Instance ID').fill(SANDBOX.instanceId);
  await page.getByLabel('Policy ID').fill(String(SANDBOX.policyId));
  await send(page, 'execute');
  assert.match(await page.getByTestId('execution-id').textContent(), /^\d+$/);

  const sent = (await proxy.received()).filter((r) => r.method === 'POST' && r.path.endsWith('/replication/executions'));
  assert.equal(sent.length, 1);
  // Let late reports (styles, images) arrive before judging.
  await page.waitForTimeout(300);
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
});
