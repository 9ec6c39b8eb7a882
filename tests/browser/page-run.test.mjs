// The page in headless Chromium, used as a student would: it loads ra25, Run trains and the
// curves gain points, Stop stops, Step moves by cycle, phase, trial and epoch (with a count),
// New seed starts over with the old curve kept, and worker refusals reach the caller.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TIMEOUT, usePage, testCleanConsole, waitState, text, counter, waitCounter, settle, canvasStats, screenshot,
} from './page-helpers.mjs';

const ctx = usePage();
const curvePoints = () => ctx.page.evaluate(() => Number(document.getElementById('curves').dataset.points));
const curveTraces = () => ctx.page.evaluate(() => Number(document.getElementById('curves').dataset.traces));

test('the page loads ra25 with the CSP, the engine info and every layer drawn', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  assert.match(ctx.response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(ctx.response.headers()['content-security-policy'], /unsafe-inline/);
  assert.equal(await text(page, '#engine-line'), 'Engine: WebAssembly SIMD (wasm, 4 lanes)');
  assert.equal(await page.evaluate(() => document.body.dataset.wasm), 'simd');
  assert.match(await text(page, '#status'), /^Ready: ra25/);
  assert.equal(await text(page, '#experiment-name'), 'ra25');
  const canvases = page.locator('#network canvas');
  assert.equal(await canvases.count(), 4, 'one canvas per layer');
  await settle(page);
  for (const layer of ['Input', 'Hidden1', 'Hidden2', 'Output']) {
    const { painted } = await canvasStats(page, `#network canvas[data-layer="${layer}"]`);
    assert.ok(painted > 0.5, `layer ${layer}: ${painted} painted`);
  }
  assert.equal(await curvePoints(), 0);
  await screenshot(page, 'page-ready.png');
});

test('Step one trial: the trial counter advances, the input pattern shows', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const before = await counter(page, 'trial');
  await page.selectOption('#step-unit', 'trial');
  await page.fill('#step-count', '1');
  await page.click('#btn-step');
  await waitCounter(page, 'trial', '=', before + 1);
  await waitState(page, 'ready');
  assert.equal(await counter(page, 'cycle'), 0);
  await settle(page);
  assert.ok((await canvasStats(page, '#network canvas[data-layer="Input"]')).colors >= 2, 'the input layer shows no pattern');
  assert.match(await text(page, '#status'), /^Stepped 1 trial\. Now at run 0, epoch 0, trial 1, cycle 0/);
});

test('Step by cycle and phase with a count; the phase counter follows', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.selectOption('#step-unit', 'cycle');
  await page.fill('#step-count', '10');
  await page.click('#btn-step');
  await waitCounter(page, 'cycle', '=', 10);
  await waitState(page, 'ready');
  assert.equal(await text(page, '#counter-phase'), 'minus');
  await page.selectOption('#step-unit', 'phase');
  await page.fill('#step-count', '1');
  await page.click('#btn-step');
  await waitState(page, 'ready');
  assert.equal(await counter(page, 'cycle'), 150, 'one phase step ends the minus phase');
  assert.equal(await text(page, '#counter-phase'), 'plus');
  await page.click('#btn-step');   // the plus phase: the trial ends
  await waitState(page, 'ready');
  assert.equal(await counter(page, 'cycle'), 0);
  assert.equal(await counter(page, 'trial'), 2);
});

test('Run trains: epochs advance and the curves gain points; Stop halts it', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const epoch0 = await counter(page, 'epoch');
  await page.click('#btn-run');
  await waitState(page, 'running');
  assert.equal(await page.locator('#btn-stop').isEnabled(), true);
  assert.equal(await page.locator('#btn-step').isEnabled(), false);
  await waitCounter(page, 'epoch', '>', epoch0 + 2);
  await page.waitForFunction(() => Number(document.getElementById('curves').dataset.points) >= 2, null, { timeout: TIMEOUT });
  await screenshot(page, 'page-running.png');
  await page.click('#btn-stop');
  await waitState(page, 'ready');
  assert.match(await text(page, '#status'), /^(Stopped|Run finished) at run \d+, epoch \d+/);
  assert.match(await text(page, '#epoch-summary'), /^Epoch \d+: [\d.]+% of trials wrong, SSE [\d.e+-]+, phase correlation/);
  const points = await curvePoints();
  assert.ok(points >= 2, `${points} curve points`);
  // The error-% chart holds those points (uPlot's own DOM: one canvas per chart).
  assert.equal(await page.locator('#curves .chart[data-metric="pctErr"] canvas').count(), 1);
  // Stopped means stopped: the counters stay put.
  const at = [await counter(page, 'epoch'), await counter(page, 'trial'), await counter(page, 'cycle')];
  await page.waitForTimeout(300);
  assert.deepEqual([await counter(page, 'epoch'), await counter(page, 'trial'), await counter(page, 'cycle')], at);
});

test('New seed starts over and keeps the earlier curve overlaid', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const seed = await text(page, '#seed');
  const traces = await curveTraces();
  await page.click('#btn-new-seed');
  await waitState(page, 'ready');
  assert.notEqual(await text(page, '#seed'), seed);
  assert.equal(await counter(page, 'epoch'), 0);
  assert.equal(await counter(page, 'trial'), 0);
  assert.equal(await curveTraces(), traces + 1, 'the old run stays on the charts');
  assert.equal(await curvePoints(), 0, 'the new run has no points yet');
  // Step one epoch: the new trace gains its first point.
  await page.selectOption('#step-unit', 'epoch');
  await page.fill('#step-count', '1');
  await page.click('#btn-step');
  await waitState(page, 'ready');
  assert.equal(await counter(page, 'epoch'), 1);
  assert.equal(await curvePoints(), 1);
  const legend = await page.locator('#curves .chart[data-metric="sse"] .u-legend .u-series').allTextContents();
  assert.ok(legend.length >= 3, `legend: ${legend.join(' | ')}`);   // epoch + two runs
});

test('the speed control slows a run down to cycles per frame', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.selectOption('#speed', '1');
  const c0 = await page.evaluate(() => Number(document.getElementById('counter-trial').textContent));
  await page.click('#btn-run');
  await waitState(page, 'running');
  await page.waitForTimeout(500);
  await page.click('#btn-stop');
  await waitState(page, 'ready');
  // 1 cycle per frame: half a second is at most ~30 cycles, far from a whole trial.
  assert.ok((await counter(page, 'trial')) <= c0 + 1, 'a slow-motion run went through whole trials');
  await page.selectOption('#speed', '0');
});

test('a run trains to its end; Run again starts the next run, the old curve stays', { timeout: 150_000 }, async () => {
  const { page } = ctx;
  await page.click('#btn-init');
  await waitState(page, 'ready');
  const traces = await curveTraces();
  await page.click('#btn-run');
  await page.waitForFunction(() => /^Run finished/.test(document.getElementById('status').textContent), null, { timeout: 140_000 });
  await waitState(page, 'ready');
  // ra25 stops after 2 zero-error epochs in a row (or at its epoch limit).
  assert.match(await text(page, '#epoch-summary'), /(0\.0% of trials wrong.*first zero-error epoch: \d+)|^Epoch 99:/);
  await screenshot(page, 'page-run-done.png');
  await page.click('#btn-run');
  await waitCounter(page, 'run', '=', 1);
  await page.click('#btn-stop');
  await waitState(page, 'ready');
  assert.equal(await curveTraces(), traces + 1, 'the finished run stays on the charts');
  const points = await curvePoints();
  await page.click('#btn-clear-curves');
  assert.equal(await curveTraces(), 1, '"Clear old runs" keeps only the current run');
  assert.equal(await curvePoints(), points);
});

test('worker refusals reach the caller as Errors with fieldErrors', { timeout: TIMEOUT }, async () => {
  // A second client (its own worker) driven from the page, as an embedding page would.
  const out = await ctx.page.evaluate(async () => {
    const { SimClient } = await import('./sim-client.js');
    const client = new SimClient();
    const caught = async (promise) => promise.then(() => null, (e) => ({ message: e.message, fieldErrors: e.fieldErrors }));
    const result = {
      stepBeforeLoad: await caught(client.step('trial')),
      badShape: await caught(client.load({ json: '{"schema":1,"network":{"layers":[{"name":"A","shape":[0]}]}}' })),
      unknownBuiltin: await caught(client.load({ builtin: 'no-such-experiment' })),
    };
    client.terminate();
    return result;
  });
  assert.match(out.stepBeforeLoad.message, /no experiment loaded/);
  assert.ok(out.badShape.fieldErrors.some((e) => e.path === 'network.layers[0].shape'));
  assert.match(out.unknownBuiltin.message, /unknown built-in experiment/);
});

testCleanConsole(ctx);
