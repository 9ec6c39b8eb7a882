// The inhib built-in in the page, as a student would use it: picked in the task picker, the
// Inhibition panel shows FS-FFFB on with Axon's values; a field sets its parameter on every
// layer (the editor's JSON shows it); lowering Gi from 1 to 0.8 raises Layer1's and Layer2's
// activity (mean ActM over the run, as the trial plot gives it); switching FS-FFFB off turns
// Inhib.Layer.On off everywhere and brings in the interneurons (InhibExcite and InhibInhib in
// place of the FS-FFFB fields); the keyboard works the switch; a share link carries all of it
// and steps to the command line's hash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS } from './harness.mjs';
import { nativeHash } from '../node/wasm-module.mjs';
import {
  TIMEOUT, usePage, testCleanConsole, text, settle, waitStatus, setField, stepWith, engineState, trialPlotMeans, shareRoundTrip, inFreshPage,
} from './page-helpers.mjs';

const ctx = usePage({ viewport: { width: 1440, height: 900 } });
const LAYERS = ['Layer0', 'Layer1', 'Inhib1', 'Layer2', 'Inhib2'];
const FFFB = { 'inhib-gi': '1', 'inhib-fb': '1', 'inhib-fstau': '6', 'inhib-ss': '30', 'inhib-ssftau': '20', 'inhib-ssitau': '50' };
/** The share link the share test makes; the teacher-link test locks it. */
let link = '';
/** The FS-FFFB fields besides Gi, changed here and carried by the share link. */
const CHANGED = [['inhib-fb', 'FB', 1.5], ['inhib-fstau', 'FSTau', 2], ['inhib-ss', 'SS', 25], ['inhib-ssftau', 'SSfTau', 15], ['inhib-ssitau', 'SSiTau', 40]];

const experiment = async (page) => JSON.parse(await page.inputValue('#experiment-json'));
const layerParam = (ex, name) => ex.network.layers.map((l) => l.params[name]);
const pathAbs = (ex, from, to) => ex.network.paths.find((p) => p.from === from && p.to === to).params['PathScale.Abs'];

/** Wait until every layer's `name` in the editor's JSON is `value`. */
function waitEveryLayer(page, name, value) {
  return page.waitForFunction(([n, v]) => JSON.parse(document.getElementById('experiment-json').value)
    .network.layers.every((l) => l.params[n] === v), [name, value], { timeout: TIMEOUT });
}

/** Run the epoch (10 trials); each layer's mean ActM over them, from the trial plot. */
async function runEpoch(page) {
  await page.click('#btn-run');
  await waitStatus(page, '^Run finished at ');
  await settle(page);
  return trialPlotMeans(page, 10);
}

test('inhib from the task picker: the Inhibition panel with FS-FFFB on and Axon\'s values', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  assert.equal(await page.locator('#task option[value="builtin:inhib"]').count(), 1);
  await page.selectOption('#task', 'builtin:inhib');
  await waitStatus(page, '^Loaded: inhib, 5 layers\\. Press Run to run 10 trials\\.');
  assert.equal(await page.locator('#inhib-section').isVisible(), true);
  for (const other of ['#neuron-section', '#synapse-section', '#detector-section', '#stability-section']) {
    assert.equal(await page.locator(other).isVisible(), false, other);
  }
  assert.equal(await page.isChecked('#inhib-fffb'), true);
  assert.equal(await page.getAttribute('#inhib-fffb', 'role'), 'switch');
  for (const [id, value] of Object.entries(FFFB)) {
    assert.equal(await page.inputValue(`#${id}`), value, id);
    assert.equal(await page.locator(`#${id}`).isVisible(), true, id);
    // labelled, with its range beside the label and its help tied to the field
    assert.equal(await page.locator(`label[for="${id}"]`).count(), 1, id);
    assert.match(await text(page, `label[for="${id}"]`), /\(.*\d–\d+\)$/, id);
    const help = await page.getAttribute(`#${id}`, 'aria-describedby');
    assert.ok((await text(page, `#${help}`)).length > 20, `${id}: help text`);
  }
  assert.match(await text(page, 'label[for="inhib-fstau"]'), /^FSTau \(ms, 1–100\)$/);
  assert.equal(await page.locator('#inhib-excite').isVisible(), false, 'the interneurons\' fields are hidden while FS-FFFB is on');
  assert.deepEqual(await page.evaluate(() => globalThis.thetaLab.errors), []);
});

test('Gi 0.8 on every layer raises Layer1\'s and Layer2\'s activity', { timeout: 3 * TIMEOUT }, async (t) => {
  const { page } = ctx;
  const { Layer1: b1, Layer2: b2 } = await runEpoch(page);
  // Sparse at the defaults (the command line: 0.075 and 0.078)
  assert.ok(b1 > 0.02 && b1 < 0.15, `Layer1 ActM ${b1}`);
  assert.ok(b2 > 0.02 && b2 < 0.15, `Layer2 ActM ${b2}`);
  await setField(page, 'inhib-gi', 0.8);
  await waitEveryLayer(page, 'Inhib.Layer.Gi', 0.8);
  assert.equal(await page.inputValue('#inhib-gi'), '0.8');
  // The parameters panel's Gi per layer follows.
  assert.equal(await page.inputValue('input[data-param="gi-Layer2"]'), '0.8');
  await page.click('#btn-init');
  await waitStatus(page, '^Initialized');
  const { Layer1: a1, Layer2: a2 } = await runEpoch(page);
  t.diagnostic(`mean ActM over the 10 trials, Layer1 / Layer2: Gi 1 ${b1} / ${b2}, Gi 0.8 ${a1} / ${a2}`);
  // (the command line: 0.113 and 0.122)
  assert.ok(a1 > b1 * 1.2, `Layer1: ActM ${b1} at Gi 1, ${a1} at 0.8`);
  assert.ok(a2 > b2 * 1.2, `Layer2: ActM ${b2} at Gi 1, ${a2} at 0.8`);
  await page.locator('#inhib-section').screenshot({ path: path.join(ARTIFACTS, 'page-inhib-panel.png') });
});

test('each FS-FFFB field sets every layer; a value out of range is refused and explained', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  for (const [id, name, value] of CHANGED) {
    await setField(page, id, value);
    await waitEveryLayer(page, `Inhib.Layer.${name}`, value);
  }
  await setField(page, 'inhib-gi', -1);
  await page.locator('#inhib-message').waitFor({ state: 'visible' });
  assert.match(await text(page, '#inhib-message'), /^Gi: "-1" is not a number from 0 to 5\./);
  assert.equal(await page.inputValue('#inhib-gi'), '0.8', 'the field shows Gi in force');
  assert.deepEqual(layerParam(await experiment(page), 'Inhib.Layer.Gi'), LAYERS.map(() => 0.8));
});

test('FS-FFFB off: Inhib.Layer.On 0 everywhere, the interneurons at Abs 6, their fields in place of FS-FFFB\'s', { timeout: 2 * TIMEOUT }, async (t) => {
  const { page } = ctx;
  await page.click('#inhib-fffb');
  await waitEveryLayer(page, 'Inhib.Layer.On', 0);
  await page.waitForFunction(() => document.getElementById('inhib-section').dataset.mode === 'interneurons', null, { timeout: TIMEOUT });
  assert.equal(await page.isChecked('#inhib-fffb'), false);
  assert.equal(await page.locator('#inhib-gi').isVisible(), false);
  assert.equal(await page.locator('#inhib-fstau').isVisible(), false);
  assert.equal(await page.inputValue('#inhib-excite'), '6');
  assert.equal(await page.inputValue('#inhib-inhib'), '6');
  assert.match(await text(page, '#inhib-excite-help'), /0\.8/, 'the help says why not Axon\'s panel value');
  let ex = await experiment(page);
  for (const [from, to] of [['Inhib1', 'Layer1'], ['Inhib2', 'Layer2'], ['Inhib1', 'Inhib1'], ['Inhib2', 'Inhib2']]) {
    assert.equal(pathAbs(ex, from, to), 6, `${from}>${to}`);
  }
  // InhibExcite sets only the paths onto the excitatory layers.
  await setField(page, 'inhib-excite', 5);
  await page.waitForFunction(() => JSON.parse(document.getElementById('experiment-json').value).network.paths
    .find((p) => p.from === 'Inhib2' && p.to === 'Layer2').params['PathScale.Abs'] === 5, null, { timeout: TIMEOUT });
  ex = await experiment(page);
  assert.deepEqual([pathAbs(ex, 'Inhib1', 'Layer1'), pathAbs(ex, 'Inhib1', 'Inhib1'), pathAbs(ex, 'Inhib2', 'Inhib2')], [5, 6, 6]);
  // The interneurons keep Layer1 sparse (the command line: about 0.05 to 0.1, oscillating;
  // with no inhibition at all about 0.96)
  await page.click('#btn-init');
  await waitStatus(page, '^Initialized');
  const { Layer1: l1 } = await runEpoch(page);
  t.diagnostic(`mean ActM over the 10 trials with the interneurons: Layer1 ${l1}`);
  assert.ok(l1 < 0.15, `Layer1 ActM ${l1} with the interneurons (none: about 0.96)`);
  await page.locator('#inhib-section').screenshot({ path: path.join(ARTIFACTS, 'page-inhib-interneurons.png') });
});

test('a share link carries the mode and every field, and steps to the command line\'s hash', { timeout: 2 * TIMEOUT }, async () => {
  link = await shareRoundTrip(ctx, async (p, shared) => {
    assert.equal(await p.locator('#inhib-section').isVisible(), true);
    assert.equal(await p.isChecked('#inhib-fffb'), false);
    assert.equal(await p.inputValue('#inhib-excite'), '5');
    assert.equal(await p.inputValue('#inhib-inhib'), '6');
    await stepWith(p, 'trial', 2);
    assert.equal((await engineState(p)).hash, nativeHash(shared, 2), 'the link\'s experiment, stepped 2 trials');
    // Back on, from the keyboard: the FS-FFFB fields hold the link's values, the interneurons fall silent.
    await p.focus('#inhib-fffb');
    await p.keyboard.press('Space');
    await waitEveryLayer(p, 'Inhib.Layer.On', 1);
    await p.locator('#inhib-gi').waitFor({ state: 'visible' });
    assert.equal(await p.inputValue('#inhib-gi'), '0.8');
    for (const [id, , value] of CHANGED) assert.equal(await p.inputValue(`#${id}`), String(value), id);
    const ex = await experiment(p);
    assert.deepEqual(ex.network.paths.filter((x) => x.type === 'Inhib').map((x) => x.params['PathScale.Abs']), [0, 0, 0, 0]);
    // Tab moves from the switch to the first field.
    await p.focus('#inhib-fffb');
    await p.keyboard.press('Tab');
    assert.equal(await p.evaluate(() => document.activeElement.id), 'inhib-gi');
    // Off again: the interneurons come back at the link's strengths.
    await p.keyboard.press('Shift+Tab');
    await p.keyboard.press('Space');
    await waitEveryLayer(p, 'Inhib.Layer.On', 0);
    assert.equal(await p.inputValue('#inhib-excite'), '5');
    assert.equal(pathAbs(await experiment(p), 'Inhib1', 'Layer1'), 5);
  });
});

test('a teacher link that locks the editor locks the panel\'s switch and fields', { timeout: 2 * TIMEOUT }, async () => {
  await inFreshPage(ctx, `${link.replace(/&lock=[^&]*/, '')}&lock=editor`, async (other) => {
    assert.equal(await other.locator('#inhib-fffb').isDisabled(), true);
    assert.equal(await other.locator('#inhib-excite').isDisabled(), true);
  });
});

test('another task hides the panel', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.selectOption('#task', 'builtin:ra25');
  await waitStatus(page, '^Loaded: ra25');
  assert.equal(await page.locator('#inhib-section').isVisible(), false);
  assert.equal(await text(page, '#experiment-name'), 'ra25');
});

testCleanConsole(ctx);
