// A tiny static server for the Swagger UI peer, on loopback only. Like
// ferry-proxy it serves brotli (compressed once, at start) when the browser
// accepts it, so both sides are timed the same way.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { swaggerFiles } from '../size.mjs';

const TYPES = { html: 'text/html; charset=utf-8', css: 'text/css', js: 'text/javascript', json: 'application/json', png: 'image/png' };

export async function startSwagger() {
  const files = new Map();
  for (const file of swaggerFiles()) {
    const raw = readFileSync(file);
    const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
    files.set(`/${path.basename(file)}`, { raw, br, type: TYPES[path.extname(file).slice(1)] ?? 'application/octet-stream' });
  }
  const server = http.createServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname;
    const file = files.get(name === '/' ? '/index.html' : name);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    const br = /\bbr\b/.test(req.headers['accept-encoding'] ?? '') && file.type !== 'image/png';
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': (br ? file.br : file.raw).length,
      ...(br ? { 'content-encoding': 'br' } : {}),
      'cache-control': 'no-cache',
    });
    res.end(br ? file.br : file.raw);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, stop: () => server.close() };
}
