// The published site (scripts/dist.mjs) works offline after the first visit: its service
// worker caches the app, so a class on bad Wi-Fi keeps training. Served by a plain static
// server, in Chromium (context.setOffline). Prints the bytes a cold and a warm visit fetch
// over the network.
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
let site = null;
const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'thetalab-offline-'));
before(async () => {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'dist.mjs'), dist], { stdio: 'ignore' });
  site = await serveStatic(dist);
  harness = await startHarness();
});
after(async () => {
  if (harness) await harness.close();
  if (site) await site.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

/** Load (or reload) and count the bytes that came over the network, not from the service worker. */
async function visit(page, go) {
  const sizes = [];
  const onResponse = (res) => {
    if (!res.fromServiceWorker()) sizes.push(res.request().sizes().then((s) => s.responseBodySize, () => 0));
  };
  page.on('response', onResponse);
  await go();
  await waitState(page, 'ready');
  page.off('response', onResponse);
  return (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
}

test('after one visit the site loads and trains offline; an update comes with the next visit', { timeout: 2 * TIMEOUT }, async () => {
  const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const cold = await visit(page, () => page.goto(site.url));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: TIMEOUT });
  const warm = await visit(page, () => page.reload());
  console.log(`# first-load bytes over the network: cold ${cold}, warm (service worker) ${warm}`);
  assert.ok(warm < cold / 10, `a warm visit fetches little (cold ${cold} B, warm ${warm} B)`);

  await context.setOffline(true);
  await page.reload();
  await waitState(page, 'ready');
  await page.click('#btn-run');
  await waitCounter(page, 'epoch', '>=', 1);
  await page.click('#btn-stop');
  await waitState(page, 'ready');
  assert.deepEqual(await page.evaluate(() => globalThis.thetaLab.errors), []);
  assert.deepEqual(errors, []);
  await context.setOffline(false);

  // A new version (another app-<hash>/ and service worker) is fetched on the next visit.
  const before = await page.evaluate(() => document.querySelector('script[type=module]').getAttribute('src'));
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  fs.writeFileSync(path.join(dist, 'index.html'), html.replace('<title>ThetaLab</title>', '<title>ThetaLab (updated)</title>'));
  await page.reload();
  await waitState(page, 'ready');
  assert.equal(await page.title(), 'ThetaLab (updated)', 'the page is fetched network-first');
  assert.equal(await page.evaluate(() => document.querySelector('script[type=module]').getAttribute('src')), before);
  await context.close();
});

test('the development server registers no service worker (developers never get a cached page)', { timeout: TIMEOUT }, async () => {
  const page = await harness.browser.newPage();
  await page.goto(harness.url);
  await waitState(page, 'ready');
  assert.equal(await page.evaluate(() => navigator.serviceWorker.getRegistrations().then((r) => r.length)), 0);
  await page.close();
});
