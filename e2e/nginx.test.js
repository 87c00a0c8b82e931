// docs/nginx/ferry.conf, for teams that run nginx instead of ferry-proxy,
// must behave like ferry-proxy. Its test variant
// (docs/nginx/ferry-test.conf.template, whose shared blocks are checked to
// be identical to ferry.conf's) is run here in front of `ferry-proxy
// --sandbox` as the upstream:
//   - the release console loads through nginx with no CSP violation, and
//     Settings then Replicate start an execution;
//   - hostile /api paths get nginx's own JSON 400/403/404, never reach the
//     upstream, and get the same status from ferry-proxy itself;
//   - only the allowed headers go up and come back (against an echo server),
//     exactly as through ferry-proxy;
//   - an unreachable upstream answers ferry-proxy's JSON 502.
// Needs /usr/sbin/nginx (Debian package `nginx`); without it the first test
// fails and says so.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newPage, configure, SANDBOX } from './harness.js';
import { NGINX, freePort, spawnProxy, startNginx as startNginxFrom } from './processes.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = process.env.FERRY_DIST ?? path.join(root, 'dist');
const TEMPLATE = path.join(root, 'docs', 'nginx', 'ferry-test.conf.template');
const PRODUCTION = path.join(root, 'docs', 'nginx', 'ferry.conf');
const haveNginx = existsSync(NGINX);
const MISSING = `${NGINX} is missing: install nginx (apt-get install -y nginx) to run the nginx configuration tests`;
const needsNginx = { skip: haveNginx ? false : 'nginx is not installed (see the failing test)' };

const scratch = mkdtempSync(path.join(os.tmpdir(), 'ferry-nginx-test-'));
const children = [];
let upstream; // ferry-proxy --sandbox
let reference; // ferry-proxy forwarding to the sandbox, to compare with
let nginx; // nginx forwarding to the sandbox
let echo; // a Node server that echoes request headers and sends hostile ones
let browser;

// ---------------------------------------------------------------- helpers

/** ferry-proxy with `args`, stopped after the file. */
async function startFerryProxy(args) {
  const started = await spawnProxy(args);
  children.push(started.child);
  return started;
}

/** The test template rendered into its own directory, on a free port. */
async function startNginx(name, upstreamPort) {
  const started = await startNginxFrom({
    template: TEMPLATE,
    dir: path.join(scratch, name),
    values: { UPSTREAM_PORT: upstreamPort, DIST },
  });
  children.push(started.child);
  return started;
}

/** One raw request: the path exactly as given (fetch would normalise ../ and %2e). */
function raw(baseUrl, method, requestPath, { headers = {}, body } = {}) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, method, path: requestPath, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function received() {
  return (await fetch(new URL('__sandbox/requests', upstream.url))).json();
}

async function clearReceived() {
  await fetch(new URL('__sandbox/requests', upstream.url), { method: 'DELETE' });
}

function accessLog(server) {
  const file = path.join(server.dir, 'access.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** The lines between BEGIN/END markers, without indentation. */
function commonBlock(text, name) {
  const begin = text.indexOf(`# ---- BEGIN ${name} ----`);
  const end = text.indexOf(`# ---- END ${name} ----`);
  assert.ok(begin >= 0 && end > begin, `block ${name} is marked`);
  return text.slice(begin, end).split('\n').map((l) => l.trim()).join('\n');
}

// ------------------------------------------------------------------ setup

before(async () => {
  if (!haveNginx) return;
  const empty = path.join(scratch, 'empty-static');
  mkdirSync(empty);
  upstream = await startFerryProxy(['--sandbox', '--listen', '127.0.0.1:0', '--static-dir', empty,
    '--sandbox-execution-seconds', '4', '--sandbox-job-seconds', '3']);
  const upstreamPort = new URL(upstream.url).port;

  // ferry-proxy in front of the same sandbox, as nginx is: the reference.
  const config = path.join(scratch, 'reference.toml');
  const endpoint = (service) => `${service} = "http://127.0.0.1:${upstreamPort}/api/${service}/{region}"`;
  writeFileSync(config, ['allow_insecure_upstream = true', '[endpoints]',
    ...['swr', 'hss', 'ims', 'iam'].map(endpoint)].join('\n'));
  reference = await startFerryProxy(['--config', config, '--listen', '127.0.0.1:0']);

  nginx = await startNginx('sandbox', upstreamPort);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }
  await new Promise((r) => (echo ? echo.close(r) : r()));
  rmSync(scratch, { recursive: true, force: true });
});

// ------------------------------------------------------------------ tests

test('nginx is installed', () => {
  assert.ok(haveNginx, MISSING);
});

test('the test template shares its routing and refusal rules with ferry.conf', () => {
  const template = readFileSync(TEMPLATE, 'utf8');
  const production = readFileSync(PRODUCTION, 'utf8');
  for (const name of ['ferry-common-http', 'ferry-common-server']) {
    assert.equal(commonBlock(template, name), commonBlock(production, name),
      `${name} differs between ferry-test.conf.template and ferry.conf`);
  }
});

test('ferry.conf itself passes nginx -t (with a throwaway certificate)', needsNginx, (t) => {
  if (!existsSync('/usr/bin/openssl')) return t.skip('openssl is not installed');
  const dir = path.join(scratch, 'production');
  mkdirSync(dir, { recursive: true });
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const made = spawnSync('/usr/bin/openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1',
    '-subj', '/CN=ferry.example.com', '-keyout', key, '-out', cert], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const site = readFileSync(PRODUCTION, 'utf8')
    .replace('/etc/ssl/ferry/fullchain.pem', cert)
    .replace('/etc/ssl/ferry/privkey.pem', key)
    .replaceAll('/var/log/nginx/', `${dir}/`);
  writeFileSync(path.join(dir, 'ferry.conf'), site);
  writeFileSync(path.join(dir, 'nginx.conf'), `events {}\nhttp {\n  include /etc/nginx/mime.types;\n`
    + `  client_body_temp_path ${dir}/cb; proxy_temp_path ${dir}/px; fastcgi_temp_path ${dir}/fc;\n`
    + `  uwsgi_temp_path ${dir}/uw; scgi_temp_path ${dir}/sc;\n  include ${dir}/ferry.conf;\n}\n`);
  const checked = spawnSync(NGINX, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf'),
    '-g', `pid ${dir}/nginx.pid; error_log stderr;`], { encoding: 'utf8' });
  assert.equal(checked.status, 0, checked.stderr);
  // Tolerated: newer nginx deprecates `listen … http2`; as non-root the
  // default error log cannot be opened before -g applies.
  const noise = /.*("http2" directive is deprecated|could not open error log file|"user" directive makes sense).*\n?/g;
  assert.ok(!/\[(warn|emerg|alert)\]/.test(checked.stderr.replace(noise, '')), checked.stderr);
});

test('the console loads through nginx and starts a replication with no CSP violation', needsNginx, async () => {
  const errors = [];
  const violations = [];
  const page = await newPage(browser, errors);
  page.on('console', (msg) => {
    if (/Content[- ]Security[- ]Policy/i.test(msg.text())) violations.push(msg.text());
  });
  await page.exposeFunction('__ferryCspViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__ferryCspViolation(`${e.violatedDirective} blocked ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  try {
    await clearReceived();
    await configure(page, nginx.url, { token: SANDBOX.token, projectId: SANDBOX.projectId });
    await page.getByRole('link', { name: 'Replicate' }).first().click();
    await page.getByLabel('Instance ID').fill(SANDBOX.instanceId);
    await page.getByLabel('Policy ID').fill(String(SANDBOX.policyId));
    await page.getByTestId('execute').click();
    await page.locator('dialog[open] [data-testid="confirm-send"]').click();
    assert.match((await page.getByTestId('execution-id').textContent()).trim(), /^\d+$/);

    const sent = (await received()).filter((r) => r.method === 'POST' && r.path.endsWith('/replication/executions'));
    assert.equal(sent.length, 1);
    assert.equal(sent[0].path,
      `/api/swr/cn-north-4/v2/${SANDBOX.projectId}/instances/${SANDBOX.instanceId}/replication/executions`);
    assert.deepEqual(JSON.parse(sent[0].body), { policy_id: SANDBOX.policyId });
    assert.equal(sent[0].token_sent, true);
    await page.waitForTimeout(300);
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);

    // A deep link is the console too (SPA fallback).
    await page.goto(new URL('settings', nginx.url).href);
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.waitForTimeout(200);
    assert.deepEqual(violations, []);
  } finally {
    await page.context().close();
  }
});

test('index.html gets a fresh nonce per answer, matching its CSP; assets are cached by kind', needsNginx, async () => {
  const nonces = [];
  for (const p of ['', 'replicate', 'index.html', 'executions/x/y/tasks']) {
    const res = await fetch(new URL(p, nginx.url), { headers: { 'if-none-match': '*', 'if-modified-since': new Date().toUTCString() } });
    assert.equal(res.status, 200, `${p}: never a 304 with an old nonce`);
    const csp = res.headers.get('content-security-policy');
    const nonce = csp.match(/'nonce-([0-9a-f]{32})'/)?.[1];
    assert.ok(nonce, csp);
    assert.match(csp, /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'nonce-/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    const html = await res.text();
    assert.ok(html.includes(`nonce="${nonce}"`), 'the loader script carries the nonce');
    assert.ok(!html.includes('TRUNK NONCE'), 'no placeholder left');
    nonces.push(nonce);
  }
  assert.equal(new Set(nonces).size, nonces.length, 'every answer has its own nonce');

  const html = await (await fetch(nginx.url)).text();
  const wasm = html.match(/href="?(\/ferry-[0-9a-f]{12,16}_bg\.wasm)/)?.[1];
  assert.ok(wasm, 'index.html preloads the wasm');
  const asset = await fetch(new URL(wasm, nginx.url));
  assert.equal(asset.status, 200);
  assert.equal(asset.headers.get('content-type'), 'application/wasm');
  assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.doesNotMatch(asset.headers.get('content-security-policy'), /nonce/);
  const missing = await fetch(new URL('/ferry-0123456789abcdef_bg.wasm', nginx.url));
  assert.equal(missing.status, 404, 'a missing asset is a 404, not index.html');
  assert.equal(missing.headers.get('cache-control'), 'no-cache');
  assert.equal((await fetch(new URL('config.json', nginx.url))).headers.get('cache-control'), 'no-cache');
  const api = await fetch(new URL(`api/swr/cn-north-4/v2/${SANDBOX.projectId}/instances`, nginx.url),
    { headers: { 'x-auth-token': SANDBOX.token } });
  assert.equal(api.status, 200);
  assert.equal(api.headers.get('cache-control'), 'no-store');
  assert.match(api.headers.get('x-request-id'), /^[0-9a-f]{32}$/);
});

const HOSTILE = [
  '/api/swr/cn-north-4/../x',
  '/api/swr/cn-north-4/v2/../../../etc/passwd',
  '/api/swr/cn-north-4/./x',
  '/api/swr/cn-north-4/v2/%2e%2e/x',
  '/api/swr/cn-north-4/v2/%2E%2E/x',
  '/api/swr/cn-north-4/v2/%252e%252e/x',
  '/api/swr/cn-north-4/v2/%2f%2fevil.example/x',
  '/api/swr/cn-north-4/v2/%5c%5cevil.example',
  '/api/swr/cn-north-4/v2//evil.example/x',
  '/api/swr/cn-north-4//evil.example',
  '/api/swr/cn-north-4/v2/@evil.example',
  '/api/swr/cn-north-4/v2/%40evil.example',
  '/api/swr/cn-north-4/v2\\x',
  '/api/swr/cn-north-4/http://evil.example/',
  '/api/swr/cn-north-4/v2/%0d%0aHost:%20evil.example',
  '/api/swr/cn-north-4/v2/x%00',
  '/api/swr/cn-north-4/v2/x?a=%0d%0a',
  '/api/swr/cn-north-4/v2/x?a=%23b',
  '/api/swr/cn-north-4/v2/x?a=b@c',
  '/api/swr/cn-north-4/v2/%',
  '/api/swr/cn-north-4/v2/%zz',
  '/api/swr/cn-north-4/',
  '/api/swr/cn-north-4',
  '/api/obs/cn-north-4/x',
  '/api/swr/169.254.169.254/latest/meta-data',
  '/api/swr/localhost/x',
  '/api/swr/cn-north-4.evil.example/x',
  '/api/swr/cn-north-4:8080/x',
  '/api/swr/CN-NORTH-4/x',
  '/api/swr/cn-north-4444/x',
  '/api/swr/%63n-north-4/x',
  '/%61pi/swr/cn-north-4/v2/x',
];

// Paths where nginx and ferry-proxy are allowed to differ (none now).
const PROXY_GAPS = new Set([]);

test('hostile paths are refused by nginx as ferry-proxy refuses them, and never reach the upstream', needsNginx, async () => {
  await clearReceived();
  const before = accessLog(nginx).length;
  const statuses = new Map();
  for (const p of HOSTILE) {
    for (const method of ['GET', 'POST']) {
      const res = await raw(nginx.url, method, p, {
        headers: { 'x-auth-token': SANDBOX.token, 'content-type': 'application/json' },
        body: method === 'POST' ? '{"policy_id":12}' : undefined,
      });
      assert.ok([400, 403, 404].includes(res.status), `${method} ${p}: ${res.status} ${res.text}`);
      assert.match(res.headers['content-type'], /^application\/json/, `${method} ${p}`);
      const body = JSON.parse(res.text);
      assert.equal(body.error_code, `FERRY.0${res.status}`, `${method} ${p}: ${res.text}`);
      assert.equal(typeof body.error_msg, 'string');
      assert.match(res.headers['x-request-id'], /^[0-9a-f]{32}$/);
      assert.equal(res.headers['cache-control'], 'no-store', `${method} ${p}`);
      statuses.set(`${method} ${p}`, res.status);
    }
  }
  assert.deepEqual(await received(), [], 'nothing reached the upstream through nginx');
  const lines = accessLog(nginx).slice(before);
  assert.equal(lines.length, HOSTILE.length * 2);
  for (const line of lines) assert.equal(line.upstream, '', `${line.uri} was proxied`);

  // ferry-proxy answers the same status. Not compared: /%61pi/… (ferry-proxy's
  // router never sees it as /api/; nginx normalises it to /api/ and refuses
  // it) and PROXY_GAPS.
  for (const p of HOSTILE.filter((h) => !h.startsWith('/%61pi') && !PROXY_GAPS.has(h))) {
    for (const method of ['GET', 'POST']) {
      const ref = await raw(reference.url, method, p, { headers: { 'x-auth-token': SANDBOX.token } });
      assert.equal(statuses.get(`${method} ${p}`), ref.status,
        `${method} ${p}: nginx ${statuses.get(`${method} ${p}`)}, ferry-proxy ${ref.status} ${ref.text}`);
    }
  }
});

test('well-formed but unusual paths and queries are forwarded, raw, like ferry-proxy does', needsNginx, async () => {
  const paths = [
    '/api/swr/cn-north-4/v2/manage/namespaces/ferry-demo/repos/team$app/sync_repo',
    '/api/swr/cn-north-4/v2/manage/namespaces/ns/repos/a/sync_job?filter=limit::10|offset::0',
    '/api/swr/cn-north-4/v2/a..b/x',
    '/api/ims/cn-north-4/v1/cloudimages/%C3%A9',
    '/api/swr/ap-southeast-3/v2/x?offset=0&limit=10',
  ];
  for (const p of paths) {
    await clearReceived();
    const viaNginx = await raw(nginx.url, 'GET', p, { headers: { 'x-auth-token': SANDBOX.token } });
    const [gotNginx] = await received();
    await clearReceived();
    const viaRef = await raw(reference.url, 'GET', p, { headers: { 'x-auth-token': SANDBOX.token } });
    const [gotRef] = await received();
    assert.ok(gotNginx, `${p} reached the upstream through nginx (${viaNginx.status} ${viaNginx.text})`);
    assert.equal(viaNginx.status, viaRef.status, p);
    assert.equal(gotNginx.path, gotRef.path, p);
    assert.equal(gotNginx.query, gotRef.query, p);
  }
});

test('only the allowed headers go up and come back, as through ferry-proxy; 413 and 502 are JSON', needsNginx, async () => {
  const HOSTILE_ANSWER = {
    'set-cookie': 'session=stolen; Path=/',
    'access-control-allow-origin': '*',
    'access-control-allow-credentials': 'true',
    location: 'https://evil.example/',
    'x-powered-by': 'Express',
    'cache-control': 'public, max-age=86400',
    'strict-transport-security': 'max-age=0',
    'content-security-policy': "default-src *",
    'x-frame-options': 'ALLOWALL',
    etag: '"abc"',
    'www-authenticate': 'Basic realm="x"',
  };
  const ALLOWED_ANSWER = {
    'x-request-id': 'echo-request-id',
    'x-subject-token': 'echo-subject-token',
    'x-iam-trace-id': 'echo-trace',
    'content-range': 'items 0-9/100',
    'retry-after': '7',
  };
  echo = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', ...HOSTILE_ANSWER, ...ALLOWED_ANSWER });
      res.end(JSON.stringify({ headers: req.headers, url: req.url, body }));
    });
  });
  await new Promise((r) => echo.listen(0, '127.0.0.1', r));
  const echoPort = echo.address().port;
  const viaNginx = await startNginx('echo', echoPort);
  const config = path.join(scratch, 'echo.toml');
  writeFileSync(config, `allow_insecure_upstream = true\n[endpoints]\nswr = "http://127.0.0.1:${echoPort}/api/swr/{region}"\n`);
  const viaRef = await startFerryProxy(['--config', config, '--listen', '127.0.0.1:0']);

  const sent = {
    'x-auth-token': 'secret-token', 'content-type': 'application/json', accept: 'application/json',
    region: 'cn-north-4', 'x-language': 'en-us',
    cookie: 'a=b', authorization: 'Basic eDp5', 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '6.6.6.6',
    forwarded: 'for=6.6.6.6', origin: 'https://evil.example', referer: 'https://evil.example/', 'user-agent': 'hostile',
    'x-custom': 'nope',
  };
  const answers = {};
  for (const [name, server] of [['nginx', viaNginx], ['ferry-proxy', viaRef]]) {
    const res = await raw(server.url, 'POST', '/api/swr/cn-north-4/v2/p/x?y=1', { headers: sent, body: '{"a":1}' });
    assert.equal(res.status, 200, `${name}: ${res.text}`);
    const got = JSON.parse(res.text);
    assert.equal(got.url, '/api/swr/cn-north-4/v2/p/x?y=1', name);
    assert.equal(got.body, '{"a":1}', name);
    for (const h of ['x-auth-token', 'content-type', 'accept', 'region', 'x-language']) {
      assert.equal(got.headers[h], sent[h], `${name} forwards ${h}`);
    }
    const transport = ['host', 'connection', 'content-length'];
    const extra = Object.keys(got.headers).filter((h) => !(h in sent && ['x-auth-token', 'content-type', 'accept', 'region', 'x-language'].includes(h)) && !transport.includes(h));
    assert.deepEqual(extra, [], `${name} forwarded ${extra.join(', ')}`);
    assert.equal(got.headers.host, `127.0.0.1:${echoPort}`, `${name}: Host is the upstream's`);
    for (const [h, v] of Object.entries(ALLOWED_ANSWER)) assert.equal(res.headers[h], v, `${name} passes ${h} back`);
    answers[name] = res.headers;
  }
  for (const h of Object.keys(HOSTILE_ANSWER)) {
    assert.equal(answers.nginx[h] === HOSTILE_ANSWER[h], false, `nginx passed ${h}: ${answers.nginx[h]}`);
    assert.equal(answers['ferry-proxy'][h] === HOSTILE_ANSWER[h], false, `ferry-proxy passed ${h}`);
  }
  assert.equal(answers.nginx['cache-control'], 'no-store');
  assert.equal(answers.nginx['set-cookie'], undefined);
  assert.equal(answers.nginx.location, undefined);
  assert.equal(answers.nginx['access-control-allow-origin'], undefined);

  // A body over 1 MiB: 413 with Ferry's JSON, and nothing sent upstream.
  const big = await raw(viaNginx.url, 'POST', '/api/swr/cn-north-4/v2/p/x',
    { headers: { 'content-type': 'application/json' }, body: 'x'.repeat(1024 * 1024 + 1) });
  assert.equal(big.status, 413);
  assert.equal(JSON.parse(big.text).error_code, 'FERRY.0413');

  // An upstream that is not there: 502 with Ferry's JSON, like ferry-proxy.
  const dead = await startNginx('dead', await freePort());
  const down = await raw(dead.url, 'GET', '/api/swr/cn-north-4/v2/x', { headers: { 'x-auth-token': 't' } });
  assert.equal(down.status, 502, down.text);
  assert.equal(JSON.parse(down.text).error_code, 'FERRY.0502');
  assert.match(down.headers['x-request-id'], /^[0-9a-f]{32}$/);
  assert.equal(down.headers['cache-control'], 'no-store');
});
