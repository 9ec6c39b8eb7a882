// A plain static file server for tests of the published site (scripts/dist.mjs): what a
// basic host does (files and their types, nothing else: no CSP, no caching headers), so the
// site is tested as a static host serves it, not through the development server. On request
// it also applies the site's _headers file, as Netlify and Cloudflare Pages do.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm', '.png': 'image/png', '.csv': 'text/csv',
};

/**
 * The rules of a _headers file: [{ pattern (RegExp over the URL path from the site's root),
 * headers: [[name, value]] }]. A path's headers are those of every rule it matches, values of
 * one name joined by ", " (Netlify's and Cloudflare Pages' documented behaviour).
 */
export function readHeadersFile(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = line.trim().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
      rules.push({ pattern: new RegExp(`^${pattern}$`), headers: [] });
    } else {
      const colon = line.indexOf(':');
      if (!rules.length || colon < 0) throw new Error(`_headers: bad line "${line}"`);
      rules.at(-1).headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
    }
  }
  return rules;
}

/** The headers the rules give URL path `urlPath` (from the site's root): { lower-case name: value }. */
export function headersFor(rules, urlPath) {
  const out = {};
  for (const { pattern, headers } of rules) {
    if (!pattern.test(urlPath)) continue;
    for (const [name, value] of headers) {
      const key = name.toLowerCase();
      out[key] = key in out ? `${out[key]}, ${value}` : value;
    }
  }
  return out;
}

/**
 * Serve `dir` on 127.0.0.1 (a free port) under the URL path `prefix` (e.g. '/course/thetalab/',
 * as a course site publishes it; anything outside it is 404). Resolves to { url, close(),
 * bytesSent() }: the URL of the folder, and the body bytes sent so far (what crossed the
 * network, whoever asked: the page, its workers or its service worker). With `headersFile`,
 * responses also carry what `dir`/_headers gives their path.
 */
export function serveStatic(dir, { prefix = '/', headersFile = false } = {}) {
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`prefix ${prefix}: must start and end with /`);
  const root = path.resolve(dir);
  const rules = headersFile ? readHeadersFile(fs.readFileSync(path.join(root, '_headers'), 'utf8')) : [];
  let sent = 0;
  const server = http.createServer((req, res) => {
    const urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const rel = urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath;
    const file = rel.startsWith(prefix) ? path.join(root, rel.slice(prefix.length)) : '';
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    const { size } = fs.statSync(file);
    sent += size;
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      ...headersFor(rules, `/${urlPath.slice(prefix.length)}`),
    });
    return fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}${prefix}`,
    close: () => new Promise((r) => server.close(r)),
    bytesSent: () => sent,
  })));
}
