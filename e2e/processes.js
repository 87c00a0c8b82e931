// Starting the servers the e2e tests and the benchmarks run against: a free
// port, ferry-proxy (waiting for the address it prints), and nginx from a
// configuration template. One copy, shared by e2e/ and bench/.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const proxyBin = () => process.env.FERRY_PROXY_BIN ?? path.join(root, 'target', 'debug', 'ferry-proxy');
export const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

/** A port that was free a moment ago (another process may still take it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Spawns ferry-proxy with `args`; resolves once it printed the address it
 * listens on (`http://127.0.0.1:N/`), with the child and its stderr so far.
 */
export async function spawnProxy(args, { bin = proxyBin(), env = {}, keepLog = true } = {}) {
  // A benchmark logs a line per request: it may not keep the log in memory.
  const child = spawn(bin, args, {
    stdio: ['ignore', 'pipe', keepLog ? 'pipe' : 'ignore'],
    env: { ...process.env, RUST_LOG: 'ferry_proxy=warn', ...env },
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => { stderr += chunk; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ferry-proxy did not start in 20 s: ${stderr}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`ferry-proxy exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const match = line.match(/listening on (http:\/\/\S+)/);
      if (match) resolve(match[1]); else reject(new Error(`unexpected ferry-proxy output: ${line}`));
    });
  });
  return { url, child, stderr: () => stderr };
}

/**
 * Renders an nginx template (`@LISTEN_PORT@` and the other `@NAME@`
 * placeholders from `values`) into `dir` and runs nginx on a free port until
 * `/healthz` answers. Retries when another process took the port first.
 */
export async function startNginx({ template, dir, values, bin = NGINX }) {
  mkdirSync(dir, { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    let conf = readFileSync(template, 'utf8').replaceAll('@LISTEN_PORT@', String(port)).replaceAll('@TMP@', dir);
    for (const [name, value] of Object.entries(values)) conf = conf.replaceAll(`@${name}@`, String(value));
    const unfilled = conf.match(/@[A-Z_]+@/);
    if (unfilled) throw new Error(`nginx template placeholder ${unfilled[0]} is not filled`);
    writeFileSync(path.join(dir, 'nginx.conf'), conf);
    const child = spawn(bin, ['-p', dir, '-c', path.join(dir, 'nginx.conf'),
      '-g', `daemon off; pid ${path.join(dir, 'nginx.pid')}; error_log stderr;`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    let exited = false;
    child.once('exit', () => { exited = true; });
    const url = `http://127.0.0.1:${port}/`;
    const deadline = Date.now() + 10_000;
    while (!exited && Date.now() < deadline) {
      try {
        const res = await fetch(new URL('healthz', url));
        if (res.ok && (await res.text()).trim() === 'ok') return { url, child, dir, stderr: () => stderr };
      } catch { /* not listening yet */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGTERM');
    if (attempt >= 3 || !/Address already in use/.test(stderr)) {
      throw new Error(`nginx did not start: ${stderr}`);
    }
  }
}
