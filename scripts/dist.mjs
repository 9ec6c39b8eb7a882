// Write the published site: a self-contained static folder any host can serve.
//
//   node scripts/dist.mjs OUT        (scripts/dist.sh builds the modules first)
//
// OUT/
//   index.html                 the page; its scripts and styles point into app-<hash>/
//   service-worker.js          caches app-<hash>/ after the first visit (offline use)
//   manifest.webmanifest, icon.svg, icon-192.png, icon-512.png (scripts/dist-icon.mjs)
//   embed/theta-sim.js         <theta-sim> at an address that stays the same across versions
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
import { iconPng, iconSvg } from './dist-icon.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(ROOT, 'web');
const SKIP = new Set(['bench', 'package.json']);   // the benchmark page is for developers

/** The page's accent colour (style.css --accent), the installed app's theme colour. */
function accentColour() {
  const m = /--accent:\s*(#[0-9a-fA-F]{3,8})\s*;/.exec(fs.readFileSync(path.join(WEB, 'style.css'), 'utf8'));
  if (!m) throw new Error('web/style.css: no --accent colour (#rrggbb) for the theme colour');
  return m[1];
}
const ACCENT = accentColour();

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
    + `  <link rel="manifest" href="manifest.webmanifest">\n  <meta name="theme-color" content="${ACCENT}">\n`
    + '  <link rel="apple-touch-icon" href="icon-192.png">\n';
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
  theme_color: ACCENT,
  icons: [
    { src: 'icon.svg', sizes: 'any', type: 'image/svg+xml' },
    { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
    { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
  ],
};


// The published site's own files, revalidated on every visit (the app folder is not: it is
// named by its content). Netlify and Cloudflare Pages join the values of every rule that
// matches a path, so Cache-Control is set per path: a "/*" no-cache rule would be joined to the
// app folder's immutable one and win.
const TOP_LEVEL = ['/', '/index.html', '/service-worker.js', '/manifest.webmanifest', '/icon.svg', '/icon-192.png',
  '/icon-512.png', '/embed/*'];

function headers(app) {
  const rule = (paths, lines) => paths.map((p) => `${p}\n${lines.map((l) => `  ${l}\n`).join('')}`).join('');
  const netlify = '# Netlify and Cloudflare Pages: headers of ThetaLab\'s published site (docs/publishing.md)\n'
    + rule(['/*'], [`Content-Security-Policy: ${CSP}`, 'X-Content-Type-Options: nosniff'])
    + rule(TOP_LEVEL, ['Cache-Control: no-cache'])
    + rule([`/${app}/*`], ['Cache-Control: public, max-age=31536000, immutable'])
    + rule([`/${app}/thetalab.wasm`, `/${app}/scalar/thetalab.wasm`], ['Content-Type: application/wasm'])
    // <theta-sim> is a module script: a course page on another origin loads it through CORS.
    + rule(['/embed/*', `/${app}/embed/*`], ['Access-Control-Allow-Origin: *']);
  const apache = `# Apache (mod_mime, mod_headers): headers of ThetaLab's published site (docs/publishing.md)
AddType application/wasm .wasm
AddType application/manifest+json .webmanifest
<IfModule mod_headers.c>
  Header set Content-Security-Policy "${CSP}"
  Header set X-Content-Type-Options "nosniff"
  Header set Cache-Control "no-cache"
  <If "%{REQUEST_URI} =~ m#/${app}/#">
    Header set Cache-Control "public, max-age=31536000, immutable"
  </If>
  # <theta-sim> is a module script: a course page on another origin loads it through CORS.
  <FilesMatch "^theta-sim\\.js$">
    Header set Access-Control-Allow-Origin "*"
  </FilesMatch>
</IfModule>
`;
  return { netlify, apache };
}

/** embed/theta-sim.js at the top: an address that stays the same across versions, for course
 * pages to load <theta-sim> from; the element itself is the current app folder's. */
function embedStub(app) {
  return '// <theta-sim> of this published site (docs/publishing.md): a stable address for course\n'
    + `// pages; the element and the page it embeds are in the current app folder.\nexport * from '../${app}/embed/theta-sim.js';\n`;
}

function main() {
  const out = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
  const list = assets();
  const app = `app-${contentHash(list)}`;
  // The folder is replaced whole: only an empty folder or an earlier site may be.
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0 && !fs.existsSync(path.join(out, 'service-worker.js'))) {
    throw new Error(`${out} is not empty and not a site written by dist.mjs: refusing to replace it`);
  }
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
    'icon.svg': iconSvg(ACCENT),
    'icon-192.png': iconPng(192, ACCENT),
    'icon-512.png': iconPng(512, ACCENT),
    'embed/theta-sim.js': embedStub(app),
    _headers: netlify,
    '.htaccess': apache,
  };
  for (const [name, text] of Object.entries(top)) {
    fs.mkdirSync(path.dirname(path.join(out, name)), { recursive: true });
    fs.writeFileSync(path.join(out, name), text);
  }
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

try {
  main();
} catch (err) {
  console.error(`dist: ${err.message}`);
  process.exit(1);
}
