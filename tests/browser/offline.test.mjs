// The published site (scripts/dist.mjs) works offline after the first visit and installs as
// an app: its service worker caches the app, so a class on bad Wi-Fi keeps training, and a
// new version is picked up on the next visit. Served by a plain static server from a sub-path
// (as a course site publishes it), in Chromium (context.setOffline). Prints the bytes a cold
// and a warm visit fetch over the network.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT } from '../node/wasm-module.mjs';
import { startHarness } from './harness.mjs';
import { serveStatic } from './static-server.mjs';
import { TIMEOUT, waitCounter, waitState } from './page-helpers.mjs';

let harness = null;
let site = null;       // a plain static server
let hosted = null;     // one that applies the site's _headers, as Netlify and Cloudflare Pages do
let context = null;
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'thetalab-offline-'));
before(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'dist.mjs'), dist], { stdio: 'ignore' });
  site = await serveStatic(dist, { prefix: '/course/thetalab/' });
  hosted = await serveStatic(dist, { prefix: '/course/thetalab/', headersFile: true });
  harness = await startHarness();
  context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
});
after(async () => {
  if (harness) await harness.close();
  if (site) await site.close();
  if (hosted) await hosted.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

const appFolder = () => fs.readdirSync(dist).find((name) => /^app-[0-9a-f]+$/.test(name));
const cacheNames = (page) => page.evaluate(() => caches.keys());

/** Poll `check` (async) until it holds; fail with `what` after TIMEOUT. */
async function until(check, what) {
  for (const end = Date.now() + TIMEOUT; !(await check());) {
    if (Date.now() > end) assert.fail(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A page that records uncaught errors and console errors (CSP violations among them);
 * `errors()` adds those the page itself reported. */
async function openTab(ctx = context) {
  const page = await ctx.newPage();
  const uncaught = [];
  page.on('pageerror', (e) => uncaught.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/ERR_INTERNET_DISCONNECTED/.test(m.text())) uncaught.push(m.text());
  });
  return { page, errors: async () => [...uncaught, ...await page.evaluate(() => globalThis.thetaLab.errors)] };
}

/** The body bytes `server` sent while `go` ran. */
async function bytesDuring(server, go) {
  const start = server.bytesSent();
  await go();
  return server.bytesSent() - start;
}

/** First visit: the page is ready and the service worker has cached the app and controls it. */
async function firstVisit(page, url) {
  await page.goto(url);
  await waitState(page, 'ready');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: TIMEOUT });
}

const figures = {};

test('after one visit the site loads and trains offline, with either module; it is installable', { timeout: 2 * TIMEOUT }, async () => {
  // The page alone (service workers blocked), then with the service worker's copy of the app.
  const alone = await harness.browser.newContext({ serviceWorkers: 'block' });
  figures.page = await bytesDuring(site, async () => {
    const page = await alone.newPage();
    await page.goto(site.url);
    await waitState(page, 'ready');
  });
  await alone.close();
  const { page, errors } = await openTab();
  figures.cold = await bytesDuring(site, () => firstVisit(page, site.url));
  assert.deepEqual(await cacheNames(page), [`thetalab-${appFolder()}`]);
  figures.warm = await bytesDuring(site, async () => {
    await page.reload();
    await waitState(page, 'ready');
  });
  // A warm visit fetches the page's HTML (network-first) and the browser's update check of
  // service-worker.js, never an app file (the smallest module is hundreds of KiB).
  assert.ok(figures.warm < 64 * 1024, `a warm visit fetches only the page (${JSON.stringify(figures)})`);

  // Installable: Chromium finds nothing missing but a non-incognito profile (test contexts are incognito).
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), []);
  await cdp.detach();

  await context.setOffline(true);
  try {
    await page.reload();
    await waitState(page, 'ready');
    await page.click('#btn-run');
    await waitCounter(page, 'epoch', '>=', 1);
    await page.click('#btn-stop');
    await waitState(page, 'ready');
    // The module for browsers without SIMD is cached too.
    await page.goto(`${site.url}?wasm=scalar`);
    await waitState(page, 'ready');
    assert.match(await page.textContent('#engine-line'), /without SIMD/);
    await page.click('#btn-step');
    await waitCounter(page, 'trial', '>=', 1);
  } finally {
    await context.setOffline(false);
  }
  assert.deepEqual(await errors(), []);
  await page.close();
});

test('served with its _headers (as Netlify or Cloudflare Pages do): the CSP lets it work; the service worker copies the app from the HTTP cache', { timeout: TIMEOUT }, async () => {
  const ctx = await harness.browser.newContext();
  const { page, errors } = await openTab(ctx);
  figures.coldCached = await bytesDuring(hosted, () => firstVisit(page, hosted.url));
  const csp = (await page.request.get(hosted.url)).headers()['content-security-policy'];
  assert.match(csp ?? '', /script-src 'self' 'wasm-unsafe-eval'/, 'the page came with the CSP of _headers');
  await page.click('#btn-step');
  await waitCounter(page, 'trial', '>=', 1);
  assert.deepEqual(await errors(), []);
  await ctx.close();
  console.log('# first-load bytes over the network (no compression): '
    + `the page alone ${figures.page}; a cold visit with the service worker's copy of the app ${figures.cold} `
    + `from a plain server (no caching headers), ${figures.coldCached} with _headers' caching; a warm visit ${figures.warm}`);
  assert.ok(figures.coldCached < figures.cold, `with long caching the service worker reuses what the page loaded (${JSON.stringify(figures)})`);
});

test('a new version (a new app folder) is picked up on the next visit; the old one\'s cache goes', { timeout: 2 * TIMEOUT }, async () => {
  const { page, errors } = await openTab();
  await page.goto(site.url);
  await waitState(page, 'ready');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: TIMEOUT });

  // Publish "the next version" as dist.sh would: the same files in a new hashed folder, the
  // top-level files pointing to it, the old folder gone from the server.
  const old = appFolder();
  const next = 'app-00000000000f';
  fs.renameSync(path.join(dist, old), path.join(dist, next));
  for (const file of ['index.html', 'service-worker.js', 'embed/theta-sim.js']) {
    const text = fs.readFileSync(path.join(dist, file), 'utf8').replaceAll(old, next);
    fs.writeFileSync(path.join(dist, file), file === 'index.html' ? text.replace('<title>ThetaLab</title>', '<title>ThetaLab (next)</title>') : text);
  }

  await page.reload();
  await waitState(page, 'ready');
  assert.equal(await page.title(), 'ThetaLab (next)', 'the page is fetched network-first');
  assert.match(await page.getAttribute('script[type=module]', 'src'), new RegExp(`^${next}/`));
  await until(async () => (await cacheNames(page)).join() === `thetalab-${next}`, 'the new version\'s cache replaces the old one');

  await context.setOffline(true);
  try {
    await page.reload();
    await waitState(page, 'ready');
    assert.equal(await page.title(), 'ThetaLab (next)');
  } finally {
    await context.setOffline(false);
  }
  assert.deepEqual(await errors(), []);
  await page.close();
});

test('the development server registers no service worker (developers never get a cached page)', { timeout: TIMEOUT }, async () => {
  const page = await harness.browser.newPage();
  await page.goto(harness.url);
  await waitState(page, 'ready');
  assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length)), 0);
  await page.close();
});
