// The published site (scripts/dist.mjs, which scripts/dist.sh runs after building both
// modules): its layout, the content hash of its app folder, references that all resolve
// inside the folder (so it works from any sub-path), the service worker's list, the manifest
// and icons, and the header files' meaning for the hosts that read them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { ROOT } from './wasm-module.mjs';
import { CSP, VENDOR } from '../../scripts/serve.mjs';
import { readHeadersFile, headersFor } from '../browser/static-server.mjs';

let dist;
let app;       // 'app-<hash>'
let appDir;
before(() => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'thetalab-dist-'));
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'dist.mjs'), dist], { stdio: 'pipe' });
  app = fs.readdirSync(dist).find((name) => name.startsWith('app-'));
  assert.ok(app, `no app-<hash> folder in ${fs.readdirSync(dist)}`);
  appDir = path.join(dist, app);
});
after(() => fs.rmSync(dist, { recursive: true, force: true }));

/** Every file under `dir`, as sorted paths relative to it with '/'. */
function filesUnder(dir) {
  const out = [];
  const walk = (d, rel) => {
    for (const name of fs.readdirSync(d)) {
      const abs = path.join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      if (fs.statSync(abs).isDirectory()) walk(abs, r);
      else out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

const read = (...parts) => fs.readFileSync(path.join(...parts));
const sameBytes = (a, b, what) => assert.ok(read(a).equals(read(b)), `${what}: ${a} differs from ${b}`);

test('the folder holds the page, the host files and one app folder with both modules, uPlot and all of web/', () => {
  assert.match(app, /^app-[0-9a-f]{12}$/);
  assert.deepEqual(fs.readdirSync(dist).sort(), ['.htaccess', '_headers', app, 'embed', 'icon-192.png', 'icon-512.png',
    'icon.svg', 'index.html', 'manifest.webmanifest', 'service-worker.js'].sort());
  for (const [build, sub] of [['build/wasm', ''], ['build/wasm-scalar', 'scalar/']]) {
    for (const file of ['thetalab.js', 'thetalab.wasm']) sameBytes(path.join(appDir, sub + file), path.join(ROOT, build, file), 'module');
  }
  // The two modules are different builds (SIMD and not), not one copied twice.
  assert.ok(!read(appDir, 'thetalab.wasm').equals(read(appDir, 'scalar', 'thetalab.wasm')));
  for (const [url, file] of Object.entries(VENDOR)) sameBytes(path.join(appDir, url), path.join(ROOT, file), 'vendored');
  const web = filesUnder(path.join(ROOT, 'web')).filter((f) => !f.startsWith('bench/') && !f.endsWith('package.json'));
  assert.ok(web.includes('index.html') && web.includes('sim-worker.js') && web.includes('embed/theta-sim.js'));
  for (const f of web) sameBytes(path.join(appDir, f), path.join(ROOT, 'web', f), 'page file');
  assert.equal(filesUnder(appDir).length, web.length + 4 + Object.keys(VENDOR).length, 'nothing else in the app folder');
});

test('the app folder is named by a hash of every file in it (paths and bytes)', () => {
  const h = crypto.createHash('sha256');
  for (const rel of filesUnder(appDir)) h.update(rel).update('\0').update(read(appDir, rel)).update('\0');
  assert.equal(app, `app-${h.digest('hex').slice(0, 12)}`);
});

// ---- references: everything a page, module or worker names is in the folder

const LOCAL = (ref) => !/^(?:data:|https?:|mailto:|#|blob:)/.test(ref);

/** src/href values of an HTML file. */
const htmlRefs = (text) => [...text.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]).filter(LOCAL);

/** Paths a script names, each with the file it is relative to: static and dynamic imports,
 * importScripts, new URL(x, import.meta.url), and workerUrl(x) (resolved by web/worker-url.js). */
function scriptRefs(file, text) {
  const refs = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) refs.push([m[1], file]);
  for (const m of text.matchAll(/\bimportScripts\(([^)]*)\)/g)) {
    for (const s of m[1].matchAll(/'([^'`$]+)'/g)) refs.push([s[1], file]);
  }
  for (const m of text.matchAll(/new URL\(\s*'([^']+)'\s*,\s*import\.meta\.url\s*\)/g)) refs.push([m[1], file]);
  for (const m of text.matchAll(/\bworkerUrl\(\s*'([^']+)'/g)) refs.push([m[1], path.join(appDir, 'worker-url.js')]);
  return refs;
}

function assertResolves(ref, from) {
  assert.ok(!ref.startsWith('/'), `${from}: "${ref}" is an absolute path (the site must work from any sub-path)`);
  const target = path.resolve(path.dirname(from), ref.split(/[?#]/)[0] || path.basename(from));
  assert.ok(target === dist || target.startsWith(dist + path.sep), `${from}: "${ref}" points outside the folder`);
  const file = fs.existsSync(target) && fs.statSync(target).isDirectory() ? path.join(target, 'index.html') : target;
  assert.ok(fs.existsSync(file), `${path.relative(dist, from)}: "${ref}" is not in the folder`);
}

test('every reference of every page, module and worker resolves to a file in the folder', () => {
  const all = filesUnder(dist).map((f) => path.join(dist, f));
  const pages = all.filter((f) => f.endsWith('.html'));
  assert.deepEqual(pages.map((f) => path.relative(dist, f)).sort(),
    [`${app}/examples/course.html`, `${app}/examples/lesson.html`, `${app}/index.html`, 'index.html']);
  // The example lesson page's lesson (<theta-sim lesson="lesson.md">, an attribute the scan below does not read) is beside it.
  assert.ok(fs.existsSync(path.join(appDir, 'examples', 'lesson.md')));
  let count = 0;
  for (const page of pages) {
    for (const ref of htmlRefs(fs.readFileSync(page, 'utf8'))) {
      assertResolves(ref, page);
      count++;
    }
  }
  // The top page's references all lead into the current app folder (or are the site's own files).
  for (const ref of htmlRefs(read(dist, 'index.html').toString())) {
    assert.ok(ref.startsWith(`${app}/`) || ['manifest.webmanifest', 'icon-192.png', 'service-worker.js'].includes(ref), `index.html: ${ref}`);
  }
  const byScript = {};
  for (const script of all.filter((f) => f.endsWith('.js') && !/thetalab\.js$|vendor/.test(f))) {
    const refs = scriptRefs(script, fs.readFileSync(script, 'utf8'));
    byScript[path.relative(dist, script)] = refs.length;
    for (const [ref, from] of refs) assertResolves(ref, from);
    count += refs.length;
  }
  // The scan finds what it must (a pattern that matches nothing would pass silently).
  assert.ok(byScript[`${app}/main.js`] >= 10, `main.js's imports found: ${byScript[`${app}/main.js`]}`);
  assert.ok(byScript[`${app}/sim-worker.js`] >= 3, `sim-worker.js's importScripts found: ${byScript[`${app}/sim-worker.js`]}`);
  assert.equal(byScript['embed/theta-sim.js'], 1, 'the top-level <theta-sim> re-exports the app folder\'s');
  assert.ok(count > 100, `${count} references checked`);
  // The workers load a module from beside themselves: thetalab.js (SIMD) or scalar/thetalab.js.
  assert.match(read(appDir, 'worker-common.js').toString(), /simd: '', scalar: 'scalar\/'/);
});

// ---- offline and installable

test('the service worker caches exactly the app folder and the top-level files the page uses', () => {
  const sw = read(dist, 'service-worker.js').toString();
  assert.ok(!sw.includes('__APP__') && !sw.includes('__FILES__'), 'the template is filled in');
  assert.equal(/const APP = "([^"]+)"/.exec(sw)?.[1], app);
  const files = JSON.parse(/const FILES = (\[[^\]]*\])/.exec(sw)[1]);
  assert.deepEqual(files.sort(), filesUnder(appDir).map((f) => `${app}/${f}`));
  const shell = JSON.parse(/const SHELL = (\[[^\]]*\])/.exec(sw)[1].replaceAll("'", '"'));
  for (const f of shell) assertResolves(f, path.join(dist, 'service-worker.js'));
  assert.ok(shell.includes('index.html') && shell.includes('./'));
  // Only the published top page registers it; the app folder's copy (used by embeds) does not.
  assert.match(read(dist, 'index.html').toString(), /<meta name="thetalab-offline" content="service-worker.js">/);
  assert.doesNotMatch(read(appDir, 'index.html').toString(), /thetalab-offline/);
});

/** Width and height of a PNG (its IHDR chunk). */
function pngSize(file) {
  const b = fs.readFileSync(file);
  assert.equal(b.subarray(1, 4).toString(), 'PNG', `${file} is not a PNG`);
  return `${b.readUInt32BE(16)}x${b.readUInt32BE(20)}`;
}

test('the manifest makes it installable: name, standalone, the page\'s accent colour, icons of the sizes it says', () => {
  const m = JSON.parse(read(dist, 'manifest.webmanifest'));
  assert.equal(m.short_name, 'ThetaLab');
  assert.match(m.name, /ThetaLab/);
  assert.equal(m.display, 'standalone');
  assert.equal(m.start_url, '.');
  const accent = /--accent:\s*(#[0-9a-fA-F]+)/.exec(read(ROOT, 'web', 'style.css').toString())[1];
  assert.equal(m.theme_color, accent);
  assert.match(read(dist, 'index.html').toString(), new RegExp(`<meta name="theme-color" content="${accent}">`));
  assert.deepEqual(m.icons.map((i) => i.sizes).sort(), ['192x192', '512x512', 'any']);
  for (const icon of m.icons) {
    assertResolves(icon.src, path.join(dist, 'manifest.webmanifest'));
    if (icon.type === 'image/png') assert.equal(pngSize(path.join(dist, icon.src)), icon.sizes);
    else assert.match(read(dist, icon.src).toString(), /^<svg [^>]*viewBox="0 0 64 64"/);
  }
  assert.ok(fs.statSync(path.join(dist, 'icon-512.png')).size < 32 * 1024, 'the icons stay small');
});

// ---- header files

test('_headers (Netlify, Cloudflare Pages): the CSP everywhere, the app folder cached forever, the rest revalidated', () => {
  const rules = readHeadersFile(read(dist, '_headers').toString());
  const at = (p) => headersFor(rules, p);
  for (const p of ['/', '/index.html', `/${app}/index.html`, `/${app}/sim-worker.js`]) {
    assert.equal(at(p)['content-security-policy'], CSP, `${p}: the development server's CSP`);
    assert.equal(at(p)['x-content-type-options'], 'nosniff');
  }
  // Hosts join the values of every rule that matches: an app file must get "immutable" alone.
  for (const p of [`/${app}/main.js`, `/${app}/thetalab.wasm`, `/${app}/scalar/thetalab.js`, `/${app}/vendor/uPlot.min.css`]) {
    assert.equal(at(p)['cache-control'], 'public, max-age=31536000, immutable', p);
  }
  for (const p of ['/', '/index.html', '/service-worker.js', '/manifest.webmanifest', '/icon.svg', '/icon-192.png', '/embed/theta-sim.js']) {
    assert.equal(at(p)['cache-control'], 'no-cache', p);
  }
  for (const p of [`/${app}/thetalab.wasm`, `/${app}/scalar/thetalab.wasm`]) assert.equal(at(p)['content-type'], 'application/wasm', p);
  for (const p of ['/embed/theta-sim.js', `/${app}/embed/theta-sim.js`]) assert.equal(at(p)['access-control-allow-origin'], '*', p);
  assert.equal(at('/index.html')['access-control-allow-origin'], undefined);
});

test('.htaccess (Apache): the wasm type, the same CSP, long caching for this app folder only', () => {
  const text = read(dist, '.htaccess').toString();
  assert.match(text, /^AddType application\/wasm \.wasm$/m);
  assert.ok(text.includes(`Header set Content-Security-Policy "${CSP}"`));
  assert.match(text, /^ {2}Header set Cache-Control "no-cache"$/m);
  const block = new RegExp(`<If "%\\{REQUEST_URI\\} =~ m#/${app}/#">\\s*Header set Cache-Control "public, max-age=31536000, immutable"\\s*</If>`);
  assert.match(text, block);
  assert.match(text, /<FilesMatch "\^theta-sim\\\.js\$">\s*Header set Access-Control-Allow-Origin "\*"/);
});

test('dist.mjs refuses to replace a folder that is not a site it wrote', () => {
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'thetalab-not-dist-'));
  try {
    fs.writeFileSync(path.join(other, 'notes.txt'), 'keep me');
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'dist.mjs'), other], { encoding: 'utf8' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^dist: .* is not empty and not a site written by dist\.mjs: refusing to replace it\n$/);
    assert.equal(fs.readFileSync(path.join(other, 'notes.txt'), 'utf8'), 'keep me');
  } finally {
    fs.rmSync(other, { recursive: true, force: true });
  }
});
