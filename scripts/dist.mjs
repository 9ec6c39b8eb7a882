// Write the published site: a self-contained static folder any host can serve.
//
//   node scripts/dist.mjs OUT        (scripts/dist.sh builds the modules first)
//
// OUT/
//   index.html                 the page; its scripts and styles point into app-<hash>/
//   service-worker.js          caches app-<hash>/ after the first visit (offline use)
//   manifest.webmanifest, icon.svg
//   _headers, .htaccess        headers for Netlify / Cloudflare Pages and Apache
//   app-<hash>/                every asset: web/ (page, workers, views, embed, examples),
//                              thetalab.js/.wasm (SIMD), scalar/thetalab.js/.wasm, vendor/
// <hash> is the first 12 hex digits of a SHA-256 over every asset's path and bytes, so a
// host can cache app-*/ forever: an update is a new folder. Inside app-<hash>/ all
// references are relative, so the folder is itself a working copy of the page (embeds use
// app-<hash>/index.html, and <theta-sim> finds it beside embed/).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { CSP, VENDOR } from './serve.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(ROOT, 'web');
const SKIP = new Set(['bench', 'package.json']);   // the benchmark page is for developers

/** [relative path in app/, absolute source] for every asset, sorted. */
function assets() {
  const out = [];
  const walk = (dir, rel) => {
    for (const name of fs.readdirSync(dir).sort()) {
      if (SKIP.has(name)) continue;
      const abs = path.join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      if (fs.statSync(abs).isDirectory()) walk(abs, r);
      else out.push([r, abs]);
    }
  };
  walk(WEB, '');
  for (const [dir, prefix] of [['build/wasm', ''], ['build/wasm-scalar', 'scalar/']]) {
    for (const f of ['thetalab.js', 'thetalab.wasm']) {
      const abs = path.join(ROOT, dir, f);
      if (!fs.existsSync(abs)) throw new Error(`${dir}/${f} is missing: build the ${dir.slice(6)} preset`);
      out.push([prefix + f, abs]);
    }
  }
  for (const [url, file] of Object.entries(VENDOR)) out.push([url.slice(1), path.join(ROOT, file)]);
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function contentHash(list) {
  const h = crypto.createHash('sha256');
  for (const [rel, abs] of list) h.update(rel).update('\0').update(fs.readFileSync(abs)).update('\0');
  return h.digest('hex').slice(0, 12);
}

/** web/index.html with its local references moved into the app folder, and the offline and
 * install hooks (only the published site registers a service worker). */
function entryPage(app) {
  let html = fs.readFileSync(path.join(WEB, 'index.html'), 'utf8');
  html = html.replace(/(\s(?:src|href))="(?!data:|https?:|#|\/)([^"]+)"/g, `$1="${app}/$2"`);
  const hooks = '  <meta name="thetalab-offline" content="service-worker.js">\n'
    + '  <link rel="manifest" href="manifest.webmanifest">\n  <meta name="theme-color" content="#1a73e8">\n';
  return html.replace('</head>', `${hooks}</head>`);
}

function serviceWorker(app, files) {
  const template = fs.readFileSync(path.join(ROOT, 'scripts', 'dist-service-worker.js'), 'utf8');
  return template
    .replace("'__APP__'", JSON.stringify(app))
    .replace("'__FILES__'", JSON.stringify(files.map((f) => `${app}/${f}`), null, 1));
}

const MANIFEST = {
  name: 'ThetaLab: how the neocortex learns',
  short_name: 'ThetaLab',
  start_url: '.',
  scope: '.',
  display: 'standalone',
  background_color: '#ffffff',
  theme_color: '#1a73e8',
  icons: [{ src: 'icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' }],
};

const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="12" fill="#1a73e8"/>
<path d="M8 40 C18 40 20 16 32 16 S46 40 56 40" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round"/>
<circle cx="32" cy="16" r="5" fill="#f59322"/></svg>
`;

function headers(app) {
  const netlify = `/*\n  Content-Security-Policy: ${CSP}\n  X-Content-Type-Options: nosniff\n  Cache-Control: no-cache\n`
    + `/${app}/*\n  Cache-Control: public, max-age=31536000, immutable\n`
    + '/*.wasm\n  Content-Type: application/wasm\n';
  const apache = `# Apache (mod_mime, mod_headers): ThetaLab's published site
AddType application/wasm .wasm
AddType application/manifest+json .webmanifest
<IfModule mod_headers.c>
  Header set Content-Security-Policy "${CSP}"
  Header set X-Content-Type-Options "nosniff"
  Header set Cache-Control "no-cache"
  <If "%{REQUEST_URI} =~ m#/${app}/#">
    Header set Cache-Control "public, max-age=31536000, immutable"
  </If>
</IfModule>
`;
  return { netlify, apache };
}

function main() {
  const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
  const list = assets();
  const app = `app-${contentHash(list)}`;
  fs.rmSync(out, { recursive: true, force: true });
  for (const [rel, abs] of list) {
    const dst = path.join(out, app, rel);
    fs.mkdirSync(path.dirname(dst), { recursive: true });
    fs.copyFileSync(abs, dst);
  }
  const { netlify, apache } = headers(app);
  const top = {
    'index.html': entryPage(app),
    'service-worker.js': serviceWorker(app, list.map(([rel]) => rel)),
    'manifest.webmanifest': `${JSON.stringify(MANIFEST, null, 2)}\n`,
    'icon.svg': ICON,
    _headers: netlify,
    '.htaccess': apache,
  };
  for (const [name, text] of Object.entries(top)) fs.writeFileSync(path.join(out, name), text);
  let raw = 0;
  let gz = 0;
  const count = (dir) => {
    for (const name of fs.readdirSync(dir)) {
      const abs = path.join(dir, name);
      if (fs.statSync(abs).isDirectory()) count(abs);
      else {
        const bytes = fs.readFileSync(abs);
        raw += bytes.length;
        gz += zlib.gzipSync(bytes, { level: 9 }).length;
      }
    }
  };
  count(out);
  const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
  console.log(`dist: ${out} (${app}, ${list.length} assets): ${kb(raw)} raw, ${kb(gz)} gzip`);
}

main();
