// deepfsa in the page, as a student would use it: chosen in the task picker, it shows its
// four layers with their deep types (Super, CT, Pulvinar ← its driver) and which of its 16
// streams the page shows; the scope sits on the Pulvinar layer and the raster on the Super
// layer; a trial step trains 16 items (one per stream), so the trial counter moves by 16 and
// an epoch is 208 items; Run and Stop stay quick; the editor keeps its hands off the deep
// wiring; and a share link reproduces the run bit for bit (thetalab hash).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, NATIVE_CLI, requireNativeCli } from '../node/wasm-module.mjs';
import {
  TIMEOUT, useHarness, waitState, text, counter, waitCounter, settle, canvasStats, stepWith, engineState, screenshot,
  assertPageClean,
} from './page-helpers.mjs';

const CLI = NATIVE_CLI;
const NDATA = 16;
const EPOCH_ITEMS = 208;
const ctx = useHarness();
let page = null;   // the page the first tests share

test('deepfsa from the task picker: four layers with their deep types and the stream shown', { timeout: TIMEOUT }, async () => {
  ({ page } = await ctx.open('/'));
  const option = page.locator('#task option[value="builtin:deepfsa"]');
  assert.match(await option.textContent(), /^deepfsa: .*Reber grammar/);
  await page.selectOption('#task', 'builtin:deepfsa');
  await page.waitForFunction(() => /^Loaded: deepfsa, 4 layers/.test(document.getElementById('status').textContent), null, { timeout: TIMEOUT });
  await waitState(page, 'ready');
  assert.equal(await text(page, '#experiment-name'), 'deepfsa');

  // Placed by role, read top row first: Hidden with its CT layer beside it, then Input with
  // its Pulvinar beside it; each caption names the type.
  const captions = (await page.locator('#network figcaption').allTextContents()).map((c) => c.replace(/\s+/g, ' ').trim());
  assert.deepEqual(captions, [
    'Hidden (Super) · 10×10', 'HiddenCT (CT) · 10×10', 'Input (Input) · 1×7', 'InputP (Pulvinar ← Input) · 1×7',
  ]);
  assert.match(await page.locator('#network figure:has(canvas[data-layer="InputP"]) figcaption').getAttribute('title'), /^Pulvinar layer/);
  // A [1, 7, 1, 1] layer is one row of 7 units (no gaps between single-unit pools).
  const row = await page.locator('#network canvas[data-layer="InputP"]').boundingBox();
  const grid = await page.locator('#network canvas[data-layer="Hidden"]').boundingBox();
  const cell = grid.width / 10;
  assert.ok(Math.abs(row.width - 7 * cell) < 1 && Math.abs(row.height - cell) < 1, `InputP is ${row.width}×${row.height} px, cell ${cell}`);
  await settle(page);
  for (const layer of ['Input', 'InputP', 'Hidden', 'HiddenCT']) {
    assert.ok((await canvasStats(page, `#network canvas[data-layer="${layer}"]`)).painted > 0.5, `layer ${layer} is not drawn`);
  }
  assert.match(await text(page, '#stream-note'), /^Showing stream 1 of 16\./);
  assert.equal(await page.locator('#stream-note').isVisible(), true);
  assert.match(await text(page, '#counter-note'), /16 streams .* moves by 16\. An epoch is 208 items \(13 steps\)/);
  assert.match(await page.locator('#step-unit option[value="trial"]').textContent(), /16 items/);

  // Scope on the Pulvinar layer (the prediction), raster on the first hidden-like layer.
  assert.match(await text(page, '#scope-units'), /^InputP, unit #0 .*stream 1 of 16/);
  assert.equal(await page.locator('#raster-layer option:checked').textContent(), 'Hidden (100 units)');
  // Hovering a token unit names the token (unit t is token t of B T S X V P E).
  await page.locator('#network canvas[data-layer="InputP"]').hover({ position: { x: 3.5 * cell, y: cell / 2 } });
  await page.waitForFunction(() => /^InputP #3 \(token X, row 0, column 3\): Act = /.test(document.getElementById('unit-readout').textContent), null, { timeout: TIMEOUT });

  // The variable picker offers the deep variables in their own group, each explained.
  const deepGroup = page.locator('#variable optgroup[label="Deep predictive learning"] option');
  const deepVars = await deepGroup.allTextContents();
  for (const v of ['Burst', 'BurstPrv', 'CtxtGe', 'GnmdaMaint', 'ETrLearn']) assert.ok(deepVars.includes(v), `${v} missing: ${deepVars}`);
  await page.selectOption('#variable', 'CtxtGe');
  await page.waitForFunction(() => /^CtxtGe: the context input of a CT layer/.test(document.getElementById('variable-desc').textContent), null, { timeout: TIMEOUT });
  await page.selectOption('#variable', 'Act');
});

test('the editor: type defaults, sizes fixed by the task, no layer adding in a deep network', { timeout: TIMEOUT }, async () => {
  // Gi shown for a layer that does not set it is its type's default (Axon's Defaults()).
  // The defaults come from the engine, in the worker's info (the page copies none).
  const gi = await page.evaluate(async () => {
    const { layerDefaults, paramOf } = await import('./views/experiment-edit.js');
    const { SimClient } = await import('./sim-client.js');
    const client = new SimClient();
    try {
      const { info } = await client.load({ builtin: 'testnet' });
      return ['Input', 'Hidden', 'Target', 'Super', 'CT', 'Pulvinar'].map((type) => paramOf({ type }, 'Inhib.Layer.Gi', layerDefaults(info.paramDefaults, { type })));
    } finally {
      client.terminate();
    }
  });
  assert.deepEqual(gi, [0.9, 1, 1, 1, 2.2, 1]);
  assert.equal(await page.inputValue('input[data-param="gi-HiddenCT"]'), '2.1');   // deepfsa sets 2.1
  assert.equal(await page.locator('label[for]', { hasText: /^HiddenCT \(CT\)$/ }).count(), 1);
  assert.equal(await page.locator('#btn-add-layer').isDisabled(), true);
  assert.match(await text(page, '#deep-arch-note'), /deep predictive network .*Super → CT → Pulvinar/);
  assert.equal(await page.locator('.layer-row button', { hasText: 'Remove' }).count(), 0);
  assert.equal(await page.locator('input[data-shape="InputP-1"]').isDisabled(), true, 'the fsa task needs 7 token units');
  assert.equal(await page.locator('input[data-shape="Hidden-0"]').isDisabled(), false);
  assert.equal(await page.getAttribute('#trials-per-epoch', 'step'), '16');
  assert.equal(await page.locator('#patterns-file').isDisabled(), true, 'pattern files do not apply to the grammar task');
  assert.match(await text(page, '#patterns-message'), /generated by the engine/);
});

test('a trial step is 16 items; Run moves the counters in 16s, Stop is quick, the scope records InputP', { timeout: TIMEOUT }, async () => {
  await stepWith(page, 'trial', 1);
  assert.equal(await counter(page, 'trial'), NDATA);
  assert.equal(await counter(page, 'cycle'), 0);
  assert.match(await text(page, '#status'), /^Stepped 1 trial \(16 items, 16 streams\)\. Now at run 0, epoch 0, trials 16–31 \(16 streams\), cycle 0/);
  await page.waitForFunction(() => Number(document.getElementById('scope').dataset.cycles) === 200, null, { timeout: TIMEOUT });

  // Record every frame's counters while running, and the main thread's long tasks.
  await page.evaluate(() => {
    globalThis.__seen = [];
    globalThis.__long = [];
    globalThis.thetaLab.client.addEventListener('frame', (e) => globalThis.__seen.push(e.detail.frame.counters));
    new PerformanceObserver((list) => { for (const e of list.getEntries()) globalThis.__long.push(e.duration); }).observe({ type: 'longtask' });
  });
  await page.click('#btn-run');
  await waitState(page, 'running');
  await page.waitForTimeout(2000);
  await waitCounter(page, 'epoch', '>=', 1);   // 13 steps: about 1 s in wasm on this machine
  // Stop as a click, timed in the page until the page is ready again.
  const stopMs = await page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    new MutationObserver((_, obs) => {
      if (document.body.dataset.state === 'ready') {
        obs.disconnect();
        resolve(performance.now() - t0);
      }
    }).observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
    document.getElementById('btn-stop').click();
  }));
  assert.ok(stopMs < 250, `Stop took ${stopMs.toFixed(0)} ms`);
  const seen = await page.evaluate(() => globalThis.__seen);
  assert.ok(seen.length > 10, `${seen.length} frames in 2 s`);
  for (const c of seen) {
    assert.ok(c.trial % NDATA === 0 && c.trial < EPOCH_ITEMS, `trial counter ${c.trial}`);
  }
  // Between frames the item count (epoch × 208 + trial) only grows, in whole steps of 16.
  const items = seen.map((c) => c.epoch * EPOCH_ITEMS + c.trial);
  for (let i = 1; i < items.length; i++) assert.ok(items[i] >= items[i - 1] && (items[i] - items[i - 1]) % NDATA === 0);
  const longTasks = await page.evaluate(() => globalThis.__long);
  assert.ok(longTasks.every((ms) => ms < 200), `long tasks on the main thread: ${longTasks.map(Math.round)}`);

  const c = [await counter(page, 'epoch'), await counter(page, 'trial'), await counter(page, 'cycle')];
  assert.ok(c[1] % NDATA === 0);
  assert.match(await text(page, '#status'), new RegExp(`^Stopped at run 0, epoch ${c[0]}, trials ${c[1]}–${c[1] + 15} \\(16 streams\\), cycle ${c[2]} `));
  assert.match(await text(page, '#epoch-summary'), /^Epoch \d+: [\d.]+% of trials wrong/);
  assert.match(await text(page, '#curves figcaption'), /^Error %: items where InputP’s predicted token/);
  // The scope is on InputP and holds cycles of the current or last trial.
  const scope = await page.evaluate(async () => (await globalThis.thetaLab.client.setView({})).frame.scope);
  assert.equal(scope.layer, 1, 'the scope records InputP');
  assert.ok(Number(await page.getAttribute('#scope', 'data-cycles')) > 0);
  await page.waitForTimeout(200);   // stopped means stopped
  assert.deepEqual([await counter(page, 'epoch'), await counter(page, 'trial'), await counter(page, 'cycle')], c);
  await screenshot(page, 'page-deepfsa.png');
});

test('A/B: "Step epoch" steps one epoch of 13 trial steps', { timeout: TIMEOUT }, async () => {
  assert.equal(await page.inputValue('#ab-setting'), 'Hidden:Inhib.Layer.Gi=1.3', 'the suggested setting names a layer deepfsa has');
  await page.click('#btn-ab-start');
  await page.waitForFunction(() => /^A and B are ready/.test(document.getElementById('ab-status').textContent), null, { timeout: TIMEOUT });
  await page.click('#btn-ab-epoch');
  await page.waitForFunction(() => /^Stepped one epoch/.test(document.getElementById('ab-status').textContent), null, { timeout: TIMEOUT });
  assert.match(await text(page, '#ab-status'), /A at epoch 1, trial 0; B at epoch 1, trial 0\./);
});

test('a deepfsa share link opens in a fresh context with thetalab\'s hash', { timeout: TIMEOUT }, async () => {
  await page.click('#btn-share');
  await page.locator('#share-url').waitFor({ state: 'visible' });
  const link = await page.inputValue('#share-url');
  assert.match(link, /#x=[A-Za-z0-9_-]+&v=Act$/);
  const other = (await ctx.open(link)).page;
  assert.equal(await text(other, '#experiment-name'), 'deepfsa');
  assert.match(await text(other, '#stream-note'), /^Showing stream 1 of 16\./);
  await stepWith(other, 'trial', 2);
  const state = await engineState(other);
  assert.equal(state.counters.trial, 2 * NDATA);
  assert.equal(state.counters.trialsTotal, 2);
  requireNativeCli();
  const hash = execFileSync(CLI, ['hash', link, '--trials', '2'], { encoding: 'utf8' }).trim();
  assert.equal(state.hash, hash, 'the state hash after 2 trial steps differs from thetalab hash');
});

test('no console errors, failed requests or CSP violations', () => {
  assertPageClean(ctx.problems(), ctx.logs());
});
