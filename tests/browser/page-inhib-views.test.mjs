// Inhibition made visible (issue 17), as a student sees it in the inhib sim: the network
// coloured by a layer pool's FSGi (one colour per layer, its read-out says it is the pool's
// value), the inhibition plot of Layer1's FSGi against SSGi over a trial (FSGi changes from
// cycle to cycle several times as much as SSGi), the scope's inhibition panel, the trial
// plot that replaces the learning curves of a run that does not learn (one point per trial
// for every layer, Layer1 and Layer2 sparse), and the raster of Layer2 when it is picked;
// then the same plots in stability.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TIMEOUT, usePage, testCleanConsole, text, settle, stepWith, waitStatus, screenshot, shareRoundTrip } from './page-helpers.mjs';

const ctx = usePage({ viewport: { width: 1440, height: 900 } });
const LAYERS = ['Layer0', 'Layer1', 'Inhib1', 'Layer2', 'Inhib2'];

/** The colours at the centres of a 10-column layer's units, as distinct 'r,g,b' strings. */
function unitColours(page, layer) {
  return page.evaluate((name) => {
    const canvas = document.querySelector(`#network canvas[data-layer="${name}"]`);
    const ctx2d = canvas.getContext('2d');
    const cell = canvas.width / 10;
    const rows = Math.round(canvas.height / cell);
    const seen = new Set();
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < 10; c++) {
        const d = ctx2d.getImageData(Math.floor((c + 0.5) * cell), Math.floor((r + 0.5) * cell), 1, 1).data;
        seen.add(`${d[0]},${d[1]},${d[2]}`);
      }
    }
    return [...seen];
  }, layer);
}

/** Does a canvas under `selector` have pixels of colour `hex` (uPlot's lines)? */
function hasColour(page, selector, hex) {
  return page.evaluate(([sel, h]) => {
    const want = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
    const canvas = document.querySelector(sel);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - want[0]) + Math.abs(data[i + 1] - want[1]) + Math.abs(data[i + 2] - want[2]) < 30) n++;
    }
    return n;
  }, [selector, hex]);
}

/**
 * Scroll `selector` into view (the scope's views are drawn only on screen) and wait until
 * its text matches `re` (a string pattern); returns the text.
 */
async function shownText(page, selector, re) {
  await page.locator(selector).scrollIntoViewIfNeeded();
  await page.waitForFunction(([sel, src]) => new RegExp(src).test(document.querySelector(sel).textContent), [selector, re], { timeout: TIMEOUT });
  return text(page, selector);
}

/** The numbers of the inhibition plot's line: FSGi's and SSGi's mean change per cycle. */
async function poolSummary(page, layer) {
  const line = await shownText(page, '#pool-summary', `^${layer}, cycles 0–199`);
  const m = /^(\w+), cycles 0–199: FSGi changes by (\S+) per cycle on average, SSGi by (\S+): FSGi varies (\S+)× as much\.$/.exec(line);
  assert.ok(m, `unexpected summary: ${line}`);
  return { layer: m[1], fast: Number(m[2]), slow: Number(m[3]), ratio: Number(m[4]) };
}

test('inhib from the task picker: the trial plot takes the learning curves\' place', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.selectOption('#task', 'builtin:inhib');
  await waitStatus(page, '^Loaded: inhib, 5 layers\\. Press Run to run 10 trials\\.');
  assert.equal(await page.locator('#curves').isVisible(), false);
  assert.equal(await page.locator('#trial-plot').isVisible(), true);
  assert.match(await text(page, '#curves-drive-note'), /each layer’s mean activity in every trial/);
  assert.match(await text(page, '#trial-act-summary'), /appears here after every trial/);
  assert.equal(await page.inputValue('#pool-layer'), String(LAYERS.indexOf('Layer1')), 'the inhibition plot starts on Layer1');
});

test('FSGi colours each layer with one value, said to be the pool\'s', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const options = await page.locator('#variable optgroup[label="Inhibition: one value per layer pool"] option').allTextContents();
  assert.deepEqual(options, ['FFs', 'FBs', 'GeExts', 'FSi', 'SSi', 'SSf', 'FSGi', 'SSGi', 'TotalGi']);
  await page.selectOption('#variable', 'FSGi');
  await stepWith(page, 'trial', 1);
  await settle(page);
  assert.equal(await text(page, '#legend-label'), 'FSGi (pool: one value per layer)');
  assert.match(await text(page, '#variable-desc'), /^FSGi \(pool\): the fast inhibition/);
  for (const layer of ['Layer1', 'Layer2']) {
    assert.equal((await unitColours(page, layer)).length, 1, `${layer}'s units differ in colour`);
  }
  assert.notDeepEqual(await unitColours(page, 'Layer0'), await unitColours(page, 'Inhib1'), 'layers differ');
  const canvas = page.locator('#network canvas[data-layer="Layer1"]');
  const box = await canvas.boundingBox();
  await canvas.hover({ position: { x: box.width * 0.25, y: box.height * 0.25 } });
  const readout = await text(page, '#unit-readout');
  assert.match(readout, /^Layer1 #\d+ \(row \d, column \d\): FSGi = (\S+), the value of Layer1’s pool/);
  assert.ok(Number(/FSGi = (\S+),/.exec(readout)[1]) > 0, readout);
});

test('a share link opens with the network coloured by FSGi', { timeout: TIMEOUT }, async () => {
  await shareRoundTrip(ctx, async (other, link) => {
    assert.match(link, /&v=FSGi$/);
    await other.waitForFunction(() => document.getElementById('legend-label').textContent === 'FSGi (pool: one value per layer)', null, { timeout: TIMEOUT });
    assert.equal(await other.inputValue('#variable'), 'FSGi');
  });
});

test('the inhibition plot draws Layer1\'s FSGi and SSGi over the trial: FSGi changes several times as much', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const s = await poolSummary(page, 'Layer1');
  assert.ok(s.fast > 0 && s.slow > 0, JSON.stringify(s));
  assert.ok(s.ratio >= 3, `FSGi varies only ${s.ratio}× as much as SSGi`);
  const legend = await page.locator('#pool-plot .u-legend .u-series .u-label').allTextContents();
  assert.deepEqual(legend.slice(1), ['FSGi: fast (PV)', 'SSGi: slow (SST)', 'TotalGi: the pool’s Gi']);
  assert.ok(await hasColour(page, '#pool-plot canvas', '#0072b2') > 50, 'no FSGi line');
  assert.ok(await hasColour(page, '#pool-plot canvas', '#e69f00') > 50, 'no SSGi line');
  assert.match(await text(page, '#pool-plot figcaption'), /^FSGi \(fast, blue\) against SSGi \(slow, orange\)/);
  // The scope shows its layer's pool under its units' Gi.
  const scopeLegend = await page.locator('#scope .u-legend .u-series .u-label').allTextContents();
  assert.ok(scopeLegend.some((l) => /^FSGi \w+ pool$/.test(l)) && scopeLegend.some((l) => /^SSGi \w+ pool$/.test(l)), `${scopeLegend}`);
  // Another layer draws at once (every pool is recorded).
  await page.selectOption('#pool-layer', { label: 'Layer2' });
  const s2 = await poolSummary(page, 'Layer2');
  assert.ok(s2.ratio >= 3, `Layer2: FSGi varies only ${s2.ratio}× as much as SSGi`);
  await page.selectOption('#pool-layer', { label: 'Layer1' });
});

test('Run: the trial plot gets one point per trial for every layer; Layer1 and Layer2 stay sparse', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  assert.equal(await page.getAttribute('#trial-act', 'data-points'), '1', 'the stepped trial');
  await page.click('#btn-run');
  await waitStatus(page, '^Run finished at ');
  await settle(page);
  assert.equal(await page.getAttribute('#trial-act', 'data-points'), '10');
  const legend = await page.locator('#trial-act .u-legend .u-series .u-label').allTextContents();
  assert.deepEqual(legend.slice(1), LAYERS);
  const summary = await text(page, '#trial-act-summary');
  const m = /^Run 0, 10 trials\. Mean ActM over these trials: (.*)$/.exec(summary);
  assert.ok(m, summary);
  const acts = Object.fromEntries(m[1].split(', ').map((p) => p.split(' ')).map(([name, v]) => [name, Number(v)]));
  assert.deepEqual(Object.keys(acts), LAYERS);
  for (const layer of ['Layer1', 'Layer2']) assert.ok(acts[layer] > 0 && acts[layer] < 0.15, `${layer}: ${acts[layer]}`);
  for (const colour of ['#0072b2', '#e69f00', '#cc79a7']) {
    assert.ok(await hasColour(page, '#trial-act canvas', colour) > 20, `no ${colour} line`);
  }
  await screenshot(page, 'page-inhib-views.png');
});

test('the raster shows Layer2 when picked: its 100 units over the 200 cycles of a trial', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await shownText(page, '#raster-summary', '^Layer1: 100 units, \\d+ spikes in cycles 0–199\\.$');
  await page.selectOption('#raster-layer', { label: 'Layer2 (100 units)' });
  await shownText(page, '#raster-summary', '^Layer2: 100 units; the raster fills from the start of the next trial\\.$');
  await stepWith(page, 'trial', 1);   // the run was done: this starts the next run
  const m = /^Layer2: 100 units, (\d+) spikes in cycles 0–199\.$/.exec(await shownText(page, '#raster-summary', '^Layer2: 100 units, '));
  assert.ok(Number(m[1]) > 0);
  assert.ok(await page.evaluate(() => document.getElementById('raster').height) >= 200, 'a row per unit');
  // The next run starts the trial plot over.
  assert.equal(await page.getAttribute('#trial-act', 'data-points'), '1');
  assert.match(await text(page, '#trial-act-summary'), /^Run 1, 1 trial\./);
});

test('stability has the same plots: its three layers per trial, Layer1\'s pool over the trial', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.selectOption('#task', 'builtin:stability');
  await waitStatus(page, '^Loaded: stability, 3 layers\\.');
  assert.equal(await page.locator('#trial-plot').isVisible(), true);
  await page.click('#btn-run');
  await waitStatus(page, '^Run finished at ');
  await settle(page);
  assert.equal(await page.getAttribute('#trial-act', 'data-points'), '10');
  assert.deepEqual((await page.locator('#trial-act .u-legend .u-series .u-label').allTextContents()).slice(1), ['Layer0', 'Layer1', 'Layer2']);
  const s = await poolSummary(page, 'Layer1');
  assert.ok(s.fast > 0 && s.slow > 0, JSON.stringify(s));
});

testCleanConsole(ctx);
