// Tiny static server for the ThetaLab page: 127.0.0.1 only, no dependencies.
//
//   node scripts/serve.mjs [--port N] [--wasm-dir DIR] [--scalar-dir DIR]   (N = 0 picks a free port)
//
// A URL path is looked up in web/ first, then in the wasm build dir (thetalab.js/.wasm);
// /scalar/* is the wasm-scalar build, which workers load in browsers without wasm SIMD.
// The page's libraries are served from node_modules through an explicit whitelist (VENDOR):
// nothing else under node_modules is reachable.
// Every response carries a strict Content-Security-Policy (no inline script, no eval;
// 'wasm-unsafe-eval' allows compiling WebAssembly only) and Cache-Control: no-store.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "worker-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  'frame-ancestors *', // the page is meant to be embedded in course material
].join('; ');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',   // lessons (docs/lessons.md)
};

/** URL path -> file (relative to the repository) for the libraries the page uses. */
export const VENDOR = Object.freeze({
  '/vendor/uPlot.iife.min.js': 'node_modules/uplot/dist/uPlot.iife.min.js',
  '/vendor/uPlot.min.css': 'node_modules/uplot/dist/uPlot.min.css',
});

/**
 * Create (not start) the server.
 * @param {object} [opts]
 * @param {string[]} [opts.roots] directories searched in order for a URL path
 *   (default: web/, then build/wasm)
 * @param {Record<string, string>} [opts.vendor] URL path -> file (absolute, or relative to
 *   the repository) served before the roots are searched (default: VENDOR)
 * @param {string} [opts.scalarDir] the wasm-scalar build, served under /scalar/
 *   (default: build/wasm-scalar)
 */
export function createServer({ roots, vendor = VENDOR, scalarDir = path.join(ROOT, 'build', 'wasm-scalar') } = {}) {
  const dirs = (roots ?? [path.join(ROOT, 'web'), path.join(ROOT, 'build', 'wasm')])
    .map((d) => path.resolve(d));
  const scalar = path.resolve(scalarDir);

  return http.createServer((req, res) => {
    const headers = {
      'Content-Security-Policy': CSP,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    const fail = (code, text) => {
      res.writeHead(code, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(req.method === 'HEAD' ? undefined : `${code} ${text}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'Method Not Allowed');

    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return fail(400, 'Bad Request');
    }
    // Refuse traversal outright rather than normalising it away.
    if (rel.includes('\0') || rel.includes('\\') || rel.split('/').includes('..')) {
      return fail(400, 'Bad Request');
    }
    if (rel.endsWith('/')) rel += 'index.html';

    const rooted = (dir, sub) => [path.join(dir, sub)].filter((file) => file.startsWith(dir + path.sep));
    const candidates = Object.prototype.hasOwnProperty.call(vendor, rel) ? [path.resolve(ROOT, vendor[rel])]
      : rel.startsWith('/scalar/') ? rooted(scalar, rel.slice('/scalar'.length))
        : dirs.flatMap((dir) => rooted(dir, rel));
    for (const file of candidates) {
      let stat;
      try {
        stat = fs.statSync(file);
      } catch {
        continue;
      }
      if (!stat.isFile()) continue;
      res.writeHead(200, {
        ...headers,
        'Content-Type': MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': stat.size,
      });
      if (req.method === 'HEAD') return res.end();
      return fs.createReadStream(file).pipe(res);
    }
    return fail(404, 'Not Found');
  });
}

/** Start listening on 127.0.0.1; resolves to { server, url }. */
export function listen(server, port = 0) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${server.address().port}/` });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
  };
  const port = Number(opt('--port', '8080'));
  const wasmDir = path.resolve(opt('--wasm-dir', path.join(ROOT, 'build', 'wasm')));
  const scalarDir = path.resolve(opt('--scalar-dir', path.join(ROOT, 'build', 'wasm-scalar')));
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: bad --port ${opt('--port')}`);
    process.exit(2);
  }
  for (const [dir, preset] of [[wasmDir, 'wasm'], [scalarDir, 'wasm-scalar']]) {
    if (!fs.existsSync(path.join(dir, 'thetalab.js'))) {
      console.error(`serve: ${dir}/thetalab.js is missing (build it: cmake --build --preset ${preset})`);
      process.exit(2);
    }
  }
  const server = createServer({ roots: [path.join(ROOT, 'web'), wasmDir], scalarDir });
  listen(server, port).then(
    ({ url }) => console.log(`ThetaLab is served at ${url}  (Ctrl+C to stop)`),
    (err) => {
      console.error(`serve: cannot listen on 127.0.0.1:${port}: ${err.message}`);
      process.exit(1);
    },
  );
}
