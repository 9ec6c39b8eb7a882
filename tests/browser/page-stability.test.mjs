// The stability built-in in the page, as a student would use it: picked in the task picker,
// the Stability panel shows NMDA Ge 0.006, GABA-B Gk 0.015 and Inhib Gi 0.85; each field sets
// its parameter on both hidden layers (Layer1 and Layer2, not the input; the editor's JSON
// shows it). With NMDA and GABA-B off, Layer2 fires one synchronous volley and falls silent,
// so its mean ActM over the run drops (as the trial plot gives it). A share link carries
// the fields and steps to the command line's hash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS } from './harness.mjs';
import { nativeHash } from '../node/wasm-module.mjs';
import {
  TIMEOUT, usePage, testCleanConsole, text, settle, waitStatus, setField, stepWith, engineState, trialPlotMeans, shareRoundTrip,
} from './page-helpers.mjs';

const ctx = usePage({ viewport: { width: 1440, height: 900 } });
const FIELDS = { 'stability-nmda': 'Acts.NMDA.Ge', 'stability-gabab': 'Acts.GabaB.Gk', 'stability-gi': 'Inhib.Layer.Gi' };

/** Each layer's `name` in the editor's JSON (undefined: not set). */
async function layerParam(page, name) {
  const ex = JSON.parse(await page.inputValue('#experiment-json'));
  return Object.fromEntries(ex.network.layers.map((l) => [l.name, l.params[name]]));
}

/** Wait until Layer1's and Layer2's `name` in the editor's JSON is `value`. */
function waitHidden(page, name, value) {
  return page.waitForFunction(([n, v]) => JSON.parse(document.getElementById('experiment-json').value)
    .network.layers.filter((l) => l.type === 'Hidden').every((l) => l.params[n] === v), [name, value], { timeout: TIMEOUT });
}

/** Init and run the epoch (10 trials); Layer2's mean ActM over them, from the trial plot. */
async function runLayer2(page) {
  await page.click('#btn-init');
  await waitStatus(page, '^Initialized');
  await page.click('#btn-run');
  await waitStatus(page, '^Run finished at ');
  await settle(page);
  return (await trialPlotMeans(page, 10)).Layer2;
}

test('stability from the task picker: the Stability panel with the CCN sim\'s values', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  assert.equal(await page.locator('#task option[value="builtin:stability"]').count(), 1);
  await page.selectOption('#task', 'builtin:stability');
  await waitStatus(page, '^Loaded: stability, 3 layers\\. Press Run to run 10 trials\\.');
  assert.equal(await page.locator('#stability-section').isVisible(), true);
  for (const other of ['#neuron-section', '#synapse-section', '#detector-section', '#inhib-section']) {
    assert.equal(await page.locator(other).isVisible(), false, other);
  }
  assert.deepEqual([await page.inputValue('#stability-nmda'), await page.inputValue('#stability-gabab'), await page.inputValue('#stability-gi')],
    ['0.006', '0.015', '0.85']);
  assert.match(await text(page, '#stability-section legend'), /Layer1, Layer2/);
  for (const id of Object.keys(FIELDS)) {
    assert.match(await text(page, `label[for="${id}"]`), /\(0–[0-9.]+\)$/, id);
    const help = await page.getAttribute(`#${id}`, 'aria-describedby');
    assert.ok((await text(page, `#${help}`)).length > 20, `${id}: help text`);
  }
  assert.deepEqual(await page.evaluate(() => globalThis.thetaLab.errors), []);
});

test('NMDA Ge and GABA-B Gk 0 on both hidden layers: Layer2, silent after its volley, is far less active', { timeout: 3 * TIMEOUT }, async (t) => {
  const { page } = ctx;
  const before = await runLayer2(page);
  await setField(page, 'stability-nmda', 0);
  await waitHidden(page, 'Acts.NMDA.Ge', 0);
  // From the keyboard: Tab from NMDA Ge to GABA-B Gk, type, Tab on.
  await page.focus('#stability-nmda');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'stability-gabab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('0');
  await page.keyboard.press('Tab');
  await waitHidden(page, 'Acts.GabaB.Gk', 0);
  // The input layer is not a hidden layer: left alone.
  assert.deepEqual(await layerParam(page, 'Acts.NMDA.Ge'), { Layer0: undefined, Layer1: 0, Layer2: 0 });
  const after = await runLayer2(page);
  t.diagnostic(`Layer2's mean ActM over the 10 trials: defaults ${before}, NMDA and GABA-B off ${after}`);
  assert.ok(before > 0.04 && before < 0.15, `Layer2 ActM ${before} at the defaults`);
  assert.ok(after < before / 2, `Layer2 ActM ${after} without NMDA and GABA-B, ${before} with`);
  await page.locator('#stability-section').screenshot({ path: path.join(ARTIFACTS, 'page-stability-panel.png') });
});

test('Inhib Gi sets both hidden layers; a value out of range is refused and explained', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await setField(page, 'stability-gi', 0.9);
  await waitHidden(page, 'Inhib.Layer.Gi', 0.9);
  assert.equal(await page.inputValue('input[data-param="gi-Layer1"]'), '0.9', 'the parameters panel follows');
  await setField(page, 'stability-nmda', 1);
  await page.locator('#stability-message').waitFor({ state: 'visible' });
  assert.match(await text(page, '#stability-message'), /^NMDA Ge: "1" is not a number from 0 to 0\.1\./);
  assert.equal(await page.inputValue('#stability-nmda'), '0');
});

test('a share link carries the three fields and steps to the command line\'s hash', { timeout: 2 * TIMEOUT }, async () => {
  await shareRoundTrip(ctx, async (other, link) => {
    assert.equal(await other.locator('#stability-section').isVisible(), true);
    assert.deepEqual([await other.inputValue('#stability-nmda'), await other.inputValue('#stability-gabab'),
      await other.inputValue('#stability-gi')], ['0', '0', '0.9']);
    await stepWith(other, 'trial', 2);
    assert.equal((await engineState(other)).hash, nativeHash(link, 2), 'the link\'s experiment, stepped 2 trials');
  });
});

test('another task hides the panel', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.selectOption('#task', 'builtin:detector');
  await waitStatus(page, '^Loaded: detector');
  assert.equal(await page.locator('#stability-section').isVisible(), false);
  assert.equal(await page.locator('#detector-section').isVisible(), true);
});

testCleanConsole(ctx);
