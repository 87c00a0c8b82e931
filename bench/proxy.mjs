#!/usr/bin/env node
// ferry-proxy vs nginx (docs/nginx/ferry-test.conf.template, the same rules
// as docs/nginx/ferry.conf) forwarding /api/swr/cn-north-4/… to the SAME
// loopback upstream: a tiny Node server answering a fixed 1 KB JSON with an
// X-Request-Id. Each is driven by `wrk --latency` at 1, 16 and 64
// connections; prints requests/s, p50 and p99 for both and the ratios
// ferry/nginx (target: p99 within 1.2x of nginx, throughput >= 0.8x).
//
//   FERRY_PROXY_RELEASE_BIN=/path/to/release/ferry-proxy node bench/proxy.mjs
//
// Env: FERRY_PROXY_RELEASE_BIN (default target/release/ferry-proxy),
// NGINX_BIN (default /usr/sbin/nginx), WRK_BIN (default wrk on PATH),
// BENCH_SECONDS (default 5), BENCH_CONNECTIONS (default "1,16,64"),
// FERRY_DIST (only served, never requested; default dist/).
// Needs the Debian packages nginx and wrk. Progress on stderr, the table
// (Markdown) on stdout.
import { spawn, spawnSync } from 'node:child_process';
import { spawnProxy, startNginx as startNginxFrom } from '../e2e/processes.js';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FERRY = process.env.FERRY_PROXY_RELEASE_BIN ?? path.join(root, 'target', 'release', 'ferry-proxy');
const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';
const WRK = process.env.WRK_BIN ?? 'wrk';
const DIST = process.env.FERRY_DIST ?? path.join(root, 'dist');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,16,64').split(',').map(Number);
const TEMPLATE = path.join(root, 'docs', 'nginx', 'ferry-test.conf.template');
const API_PATH = '/api/swr/cn-north-4/v2/0b5f2a4c8e6d4f1a9c3b7e2d1f0a6c5b/instances';
const log = (...args) => console.error('[bench proxy]', ...args);

function fail(message) {
  console.error(`bench/proxy.mjs: ${message}`);
  process.exit(2);
}

if (!existsSync(FERRY)) {
  fail(`${FERRY} does not exist: cargo build --release -p ferry-proxy (or set FERRY_PROXY_RELEASE_BIN)`);
}
if (!existsSync(NGINX)) fail(`${NGINX} does not exist: apt-get install -y nginx (or set NGINX_BIN)`);
if (spawnSync(WRK, ['--version']).error) fail(`${WRK} not found: apt-get install -y wrk (or set WRK_BIN)`);

const scratch = mkdtempSync(path.join(os.tmpdir(), 'ferry-bench-proxy-'));
const children = [];
let upstream;

function cleanup() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  upstream?.close();
  rmSync(scratch, { recursive: true, force: true });
}
process.on('SIGINT', () => { cleanup(); process.exit(130); });
process.on('SIGTERM', () => { cleanup(); process.exit(143); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The upstream: a fixed 1 KB JSON body, an X-Request-Id, keep-alive. */
async function startUpstream() {
  const filler = 'x'.repeat(1024 - JSON.stringify({ instances: [], total: 0, pad: '' }).length);
  const body = Buffer.from(JSON.stringify({ instances: [], total: 0, pad: filler }));
  if (body.length !== 1024) throw new Error(`body is ${body.length} bytes`);
  let counter = 0;
  const server = createServer((req, res) => {
    counter += 1;
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': body.length,
      'x-request-id': `bench${String(counter).padStart(27, '0')}`,
    });
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

async function startFerry(upstreamPort) {
  const config = path.join(scratch, 'ferry-proxy.toml');
  writeFileSync(config, [
    'listen = "127.0.0.1:0"',
    'allow_insecure_upstream = true',
    '[endpoints]',
    `swr = "http://127.0.0.1:${upstreamPort}/{region}"`,
  ].join('\n'));
  // Info logging (one line per forwarded request), as in production; nginx
  // writes its access log too.
  const started = await spawnProxy(['--config', config], { bin: FERRY, env: { RUST_LOG: 'info' }, keepLog: false });
  children.push(started.child);
  return { url: started.url.replace(/\/$/, ''), child: started.child };
}

async function startNginx(upstreamPort) {
  const started = await startNginxFrom({
    template: TEMPLATE,
    dir: path.join(scratch, 'nginx'),
    values: { UPSTREAM_PORT: upstreamPort, DIST },
    bin: NGINX,
  });
  children.push(started.child);
  return { url: started.url.replace(/\/$/, ''), child: started.child };
}

/** One request through `base`: must be the upstream's 200 with its 1 KB and X-Request-Id. */
async function check(name, base) {
  const res = await fetch(base + API_PATH, { headers: { 'x-auth-token': 'bench-token' } });
  const text = await res.text();
  if (res.status !== 200 || text.length !== 1024 || !res.headers.get('x-request-id')?.startsWith('bench')) {
    throw new Error(`${name} does not forward: ${res.status} ${text.slice(0, 200)}`);
  }
}

function toMs(value) {
  const match = value.match(/^([\d.]+)(us|ms|s|m)$/);
  if (!match) throw new Error(`cannot read latency ${value}`);
  const n = Number(match[1]);
  return { us: n / 1000, ms: n, s: n * 1000, m: n * 60_000 }[match[2]];
}

/** Runs wrk without blocking this process: the upstream lives in it. */
function runWrk(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(WRK, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.once('error', reject);
    child.once('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

async function wrk(base, connections, seconds) {
  const threads = String(Math.min(connections, 2));
  const args = ['-t', threads, '-c', String(connections), '-d', `${seconds}s`, '--latency',
    '-H', 'X-Auth-Token: bench-token', '-H', 'Accept: application/json', base + API_PATH];
  const run = await runWrk(args);
  if (run.status !== 0) throw new Error(`wrk failed: ${run.stderr}`);
  const out = run.stdout;
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1]);
  const p50 = out.match(/^\s+50%\s+(\S+)/m)?.[1];
  const p99 = out.match(/^\s+99%\s+(\S+)/m)?.[1];
  const non2xx = Number(out.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0);
  const errors = out.match(/Socket errors:.*/)?.[0] ?? '';
  if (!rps || !p50 || !p99) throw new Error(`cannot read wrk output:\n${out}`);
  if (non2xx > 0) throw new Error(`${non2xx} non-2xx answers:\n${out}`);
  return { rps, p50: toMs(p50), p99: toMs(p99), errors };
}

const fmt = (n) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

async function main() {
  upstream = await startUpstream();
  const upstreamPort = upstream.address().port;
  const ferry = await startFerry(upstreamPort);
  const nginx = await startNginx(upstreamPort);
  await check('ferry-proxy', ferry.url);
  await check('nginx', nginx.url);
  const nginxVersion = spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr.trim().replace('nginx version: ', '');
  const ferryVersion = spawnSync(FERRY, ['--version'], { encoding: 'utf8' }).stdout.trim();
  log(`upstream :${upstreamPort}, ferry-proxy ${ferry.url}, nginx ${nginx.url}; ${SECONDS} s per run`);

  const rows = [];
  for (const c of CONNECTIONS) {
    // Warm both (connections, caches), then measure; nginx and ferry-proxy
    // alternate so that drifting background load hits both alike.
    await wrk(ferry.url, c, 1);
    await wrk(nginx.url, c, 1);
    const f = await wrk(ferry.url, c, SECONDS);
    log(`c=${c} ferry-proxy ${f.rps.toFixed(0)} req/s p50 ${f.p50} ms p99 ${f.p99} ms ${f.errors}`);
    const n = await wrk(nginx.url, c, SECONDS);
    log(`c=${c} nginx       ${n.rps.toFixed(0)} req/s p50 ${n.p50} ms p99 ${n.p99} ms ${n.errors}`);
    rows.push({ c, f, n });
  }

  const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${os.cpus().length} CPUs `
    + `(${os.cpus()[0]?.model.trim()}), load average ${load}; ${ferryVersion} (release), nginx ${nginxVersion}, `
    + `wrk ${SECONDS} s per run (threads = min(connections, 2)), Node ${process.version} upstream.`);
  console.log('');
  console.log('| Connections | ferry-proxy req/s | nginx req/s | req/s ferry/nginx (≥ 0.8) | ferry-proxy p50 ms | nginx p50 ms | ferry-proxy p99 ms | nginx p99 ms | p99 ferry/nginx (≤ 1.2) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  let met = true;
  for (const { c, f, n } of rows) {
    const tput = f.rps / n.rps;
    const tail = f.p99 / n.p99;
    const ok = (good) => (good ? '' : ' ✗');
    met &&= tput >= 0.8 && tail <= 1.2;
    console.log(`| ${c} | ${f.rps.toFixed(0)} | ${n.rps.toFixed(0)} | ${tput.toFixed(2)}${ok(tput >= 0.8)} | ${fmt(f.p50)} | ${fmt(n.p50)} | `
      + `${fmt(f.p99)} | ${fmt(n.p99)} | ${tail.toFixed(2)}${ok(tail <= 1.2)} |`);
  }
  console.log('');
  console.log(met ? 'Targets met at every concurrency.' : 'Targets missed where marked ✗.');
}

main()
  .then(() => { cleanup(); })
  .catch((err) => { console.error(err); cleanup(); process.exit(1); });
