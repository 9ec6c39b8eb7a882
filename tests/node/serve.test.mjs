// The static server: roots, MIME types, CSP and caching headers, refusal of traversal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { createServer, listen, CSP } from '../../scripts/serve.mjs';

let server;
let base;
let tmp;

before(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thetalab-serve-'));
  const a = path.join(tmp, 'a');
  const b = path.join(tmp, 'b');
  fs.mkdirSync(path.join(a, 'sub'), { recursive: true });
  fs.mkdirSync(b);
  fs.writeFileSync(path.join(a, 'index.html'), '<!doctype html><title>a</title>');
  fs.writeFileSync(path.join(a, 'sub', 'index.html'), 'sub');
  fs.writeFileSync(path.join(a, 'main.js'), 'export {};');
  fs.writeFileSync(path.join(b, 'main.js'), 'shadowed');
  fs.writeFileSync(path.join(b, 'thetalab.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0]));
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside every root');
  const scalar = path.join(tmp, 'scalar-build');
  fs.mkdirSync(scalar);
  fs.writeFileSync(path.join(scalar, 'thetalab.wasm'), Buffer.from([0, 97, 115, 109, 1, 0, 0, 0, 9]));
  ({ server, url: base } = await listen(createServer({ roots: [a, b], scalarDir: scalar }), 0));
});

after(() => {
  server.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Raw GET (the path is sent exactly as given, unlike fetch, which normalises it). */
function get(rawPath, method = 'GET') {
  return new Promise((resolve, reject) => {
    const { port } = new URL(base);
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('listens on 127.0.0.1 with a free port', () => {
  assert.match(base, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  assert.notEqual(new URL(base).port, '0');
});

test('serves index.html for directories, with the first root winning', async () => {
  const root = await get('/');
  assert.equal(root.status, 200);
  assert.equal(root.headers['content-type'], 'text/html; charset=utf-8');
  assert.match(root.body, /<title>a<\/title>/);
  assert.equal((await get('/sub/')).body, 'sub');
  const js = await get('/main.js');
  assert.equal(js.body, 'export {};');
  assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
});

test('falls back to later roots and serves wasm as application/wasm', async () => {
  const r = await get('/thetalab.wasm');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'application/wasm');
  assert.equal(r.headers['content-length'], '8');
});

test('every response carries the CSP, no-store and nosniff', async () => {
  for (const p of ['/', '/thetalab.wasm', '/missing.js', '/..%2fsecret.txt']) {
    const r = await get(p);
    assert.equal(r.headers['content-security-policy'], CSP, p);
    assert.equal(r.headers['cache-control'], 'no-store', p);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', p);
  }
  assert.match(CSP, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(CSP, /unsafe-inline|'unsafe-eval'/);
});

test('refuses path traversal and other methods', async () => {
  assert.equal((await get('/missing.js')).status, 404);
  for (const p of ['/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/sub/..%2f..%2fsecret.txt', '/a%5c..%5csecret.txt', '/%00']) {
    const r = await get(p);
    assert.equal(r.status, 400, p);
    assert.doesNotMatch(r.body, /outside every root/, p);
  }
  // Plain ../ is resolved by URL parsing to a path inside the roots, where the file is absent.
  const dotdot = await get('/../secret.txt');
  assert.equal(dotdot.status, 404);
  assert.equal((await get('/', 'POST')).status, 405);
  const head = await get('/main.js', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
});

test('/scalar/ serves the wasm-scalar build (for browsers without wasm SIMD), and nothing outside it', async () => {
  const res = await get('/scalar/thetalab.wasm');
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'application/wasm');
  assert.equal(res.headers['content-length'], '9');
  assert.equal((await get('/scalar/main.js')).status, 404, 'the other roots are not searched under /scalar/');
  assert.equal((await get('/scalar/..%2fsecret.txt')).status, 400);
});
