// A robust start: odd locales, a view that fails, uncaught errors shown on the page, the
// scalar engine for browsers without wasm SIMD, and the download's progress on a slow
// connection. Each test opens its own pages (fresh browser contexts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT, WASM_DIR } from '../node/wasm-module.mjs';
import { createServer, listen } from '../../scripts/serve.mjs';
import { TIMEOUT, counter, engineState, stepWith, useHarness, waitCounter, waitState } from './page-helpers.mjs';

const ctx = useHarness();
const CLI = process.env.THETA_NATIVE_CLI ?? path.join(ROOT, 'build', 'native', 'thetalab');
const cliHash = (...args) => execFileSync(CLI, ['hash', ...args], { encoding: 'utf8' }).trim();
const pageErrors = (page) => page.evaluate(() => globalThis.thetaLab.errors.slice());

/** Run until the epoch counter has passed `epochs`, then Stop and wait for ready. */
async function runSomeEpochs(page, epochs = 1) {
  const start = await counter(page, 'epoch');
  await page.click('#btn-run');
  await waitCounter(page, 'epoch', '>=', start + epochs);
  await page.click('#btn-stop');
  await waitState(page, 'ready');
}

test('a language tag Intl refuses ("C", as WebKit reports under a POSIX locale) falls back; the curves draw', { timeout: TIMEOUT }, async () => {
  const { page } = await ctx.open('about:blank', { state: null });
  await page.context().addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'language', { get: () => 'C', configurable: true });
    Object.defineProperty(Navigator.prototype, 'languages', { get: () => ['C'], configurable: true });
  });
  await page.goto(ctx.harness.url);
  await waitState(page, 'ready');
  assert.equal(await page.evaluate(() => navigator.language), 'en-US');
  await runSomeEpochs(page);
  assert.ok(await page.evaluate(() => Number(document.getElementById('curves').dataset.points)) > 0, 'the curves have points');
  assert.equal(await page.locator('.view-error').count(), 0);
  assert.deepEqual(await pageErrors(page), []);
});

test('a view that fails at start shows its error in its panel; the page still trains', { timeout: TIMEOUT }, async () => {
  const { page } = await ctx.open('about:blank', { state: null });
  // Without the chart library, the curves and the scope cannot be created.
  await page.route('**/vendor/uPlot.iife.min.js', (route) => route.abort());
  await page.goto(ctx.harness.url);
  await waitState(page, 'ready');
  const curvesError = page.locator('section.curves .view-error');
  assert.match(await curvesError.textContent(), /^The training curves stopped working here: .+The simulation and the other views keep working/);
  assert.equal(await curvesError.getAttribute('role'), 'alert');
  assert.ok((await pageErrors(page)).some((e) => e.startsWith('The training curves: ')));
  assert.equal(await page.isVisible('#page-errors'), true);
  await runSomeEpochs(page, 2);
  assert.ok(await counter(page, 'epoch') >= 2, 'training went on');
  assert.match(await page.textContent('#epoch-summary'), /^Epoch \d+:/);
  assert.equal(await page.locator('#network canvas').count(), 4, 'the network view works');
  ctx.pages.pop();   // its console has the refused script and the views' errors, on purpose
});

test('uncaught errors and unhandled rejections are shown on the page', { timeout: TIMEOUT }, async () => {
  const { page } = await ctx.open('/');
  assert.equal(await page.isVisible('#page-errors'), false);
  await page.evaluate(() => {
    setTimeout(() => { throw new Error('thrown outside any handler'); });
    Promise.reject(new Error('rejected and never caught'));
  });
  await page.waitForFunction(() => globalThis.thetaLab.errors.length >= 2, null, { timeout: TIMEOUT });
  const shown = await page.textContent('#page-errors-list');
  assert.match(shown, /Error: thrown outside any handler/);
  assert.match(shown, /Error: rejected and never caught/);
  await page.click('#page-errors-dismiss');
  assert.equal(await page.isVisible('#page-errors'), false);
  ctx.pages.pop();   // its console has these errors, on purpose
});

test('?wasm=scalar runs the scalar module (the no-SIMD fallback) with the same hash as the CLI', { timeout: 2 * TIMEOUT }, async () => {
  const trials = 3;
  const want = cliHash('ra25', '--trials', String(trials));
  const { page } = await ctx.open('about:blank', { state: null });
  await page.goto(new URL('/?wasm=scalar', ctx.harness.url).href);
  await waitState(page, 'ready');
  assert.equal(await page.evaluate(() => document.body.dataset.wasm), 'scalar');
  assert.equal(await page.textContent('#engine-line'),
    'Engine: WebAssembly without SIMD (chosen by the page address (?wasm=scalar); same results, slower)');
  await stepWith(page, 'trial', trials);
  assert.equal((await engineState(page)).hash, want);
  // The batch and A/B workers of this page load the same build as the page's worker.
  const workers = await page.evaluate(async () => {
    const { workerUrl } = await import('./worker-url.js');
    return ['batch-worker.js', 'compare-worker.js'].map((f) => workerUrl(f).search);
  });
  assert.deepEqual(workers, ['?wasm=scalar', '?wasm=scalar']);
});

test('a bad ?wasm= value is refused with a message naming it', { timeout: TIMEOUT }, async () => {
  const { page } = await ctx.open('/?wasm=fast', { state: 'error' });
  assert.match(await page.textContent('#error'), /wasm=fast: use wasm=simd or wasm=scalar/);
  ctx.pages.pop();
});

test('on a slow connection the page shows the download progress (bytes of total)', { timeout: TIMEOUT }, async (t) => {
  // The page's own server, with thetalab.wasm sent 16 KiB every 40 ms.
  const inner = createServer({ roots: [path.join(ROOT, 'web'), WASM_DIR] });
  const handle = inner.listeners('request')[0];
  const slow = http.createServer((req, res) => {
    if (!req.url.startsWith('/thetalab.wasm')) return handle(req, res);
    const bytes = execFileSync('cat', [path.join(WASM_DIR, 'thetalab.wasm')], { maxBuffer: 1 << 26 });
    res.writeHead(200, { 'Content-Type': 'application/wasm', 'Content-Length': bytes.length, 'Cache-Control': 'no-store' });
    let at = 0;
    const timer = setInterval(() => {
      res.write(bytes.subarray(at, at + 16384));
      at += 16384;
      if (at >= bytes.length) {
        clearInterval(timer);
        res.end();
      }
    }, 40);
  });
  const { server, url } = await listen(slow, 0);
  t.after(() => new Promise((resolve) => server.close(resolve)));
  const { page } = await ctx.open('about:blank', { state: null });
  await page.context().addInitScript(() => {
    const seen = (globalThis.progressSeen = []);
    document.addEventListener('DOMContentLoaded', () => {
      const status = document.getElementById('status');
      const bar = document.getElementById('load-progress');
      new MutationObserver(() => seen.push({ text: status.textContent, shown: !bar.hidden, value: bar.value, max: bar.max }))
        .observe(status, { childList: true, characterData: true, subtree: true });
    });
  });
  await page.goto(url);
  await waitState(page, 'ready');
  const seen = await page.evaluate(() => globalThis.progressSeen);
  const partial = seen.filter((s) => /^Loading the engine… \d+ of \d+ KB$/.test(s.text) && s.shown && s.value > 0 && s.value < s.max);
  assert.ok(partial.length >= 3, `progress shown while loading: ${JSON.stringify(seen.slice(0, 8))}`);
  assert.equal(await page.isVisible('#load-progress'), false, 'the bar goes away once the engine runs');
});

test('no console errors, failed requests or CSP violations (pages that did not fail on purpose)', () => {
  assert.deepEqual(ctx.problems(), [], ctx.logs());
});
