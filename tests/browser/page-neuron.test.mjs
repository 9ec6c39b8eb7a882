// The neuron built-in in the page, as a student would use it: picked in the task picker, one
// neuron driven by set inputs (a "drive" task: no target, no learning). The curves give way
// to a note, the scope sits on the neuron and shows Vm, Act, Ge and Gi, Run runs one
// 200-cycle trial and stops; the neuron panel counts its spikes (17 at Ge 0.15, as
// `thetalab trace neuron` counts them), NMDA Ge 0 silences it, a changed task field rebuilds
// the experiment, each trial's trace stays on the overlay until Reset plot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS } from './harness.mjs';
import {
  TIMEOUT, usePage, testCleanConsole, waitState, text, counter, settle, screenshot, waitStatus, setField, shareRoundTrip, inFreshPage,
} from './page-helpers.mjs';

const ctx = usePage({ viewport: { width: 1440, height: 900 } });
let geSpikes = '';   // the panel's spike count at Ge 0.3 with NMDA Ge 0

const spikes = (page) => text(page, '#neuron-spikes');
const traces = async (page) => Number(await page.locator('#neuron-section').getAttribute('data-traces'));
/** Series in the overlay's legend (the first is the cycle axis). */
const legendSeries = (page) => page.locator('#neuron-chart .u-legend .u-series').count();

/**
 * Scroll the scope into view (it is drawn only on screen, when the frame budget says) and
 * wait until it has drawn `cycles` cycles of a recording whose second panel is `caption`.
 */
async function waitScope(page, cycles, caption) {
  await page.locator('#scope').scrollIntoViewIfNeeded();
  await page.waitForFunction(([n, c]) => document.getElementById('scope').dataset.cycles === n
    && document.querySelectorAll('#scope figcaption')[1].textContent.startsWith(c), [String(cycles), caption], { timeout: TIMEOUT });
}

async function runTrial(page) {
  await page.click('#btn-run');
  await waitStatus(page, '^Trial finished at ');
  await settle(page);
}

test('neuron from the task picker: one unit, the neuron panel, no error curves', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const option = page.locator('#task option[value="builtin:neuron"]');
  assert.equal(await option.textContent(), 'neuron: one neuron, Ge on from cycle 10 to 160');
  await page.selectOption('#task', 'builtin:neuron');
  await waitStatus(page, '^Loaded: neuron, 1 layer\\. Press Run to run a trial\\.');
  assert.equal(await text(page, '#experiment-name'), 'neuron');

  const captions = (await page.locator('#network figcaption').allTextContents()).map((c) => c.replace(/\s+/g, ' ').trim());
  assert.deepEqual(captions, ['Neuron (Hidden) · 1×1']);
  // No target: a note instead of per-epoch error curves.
  assert.equal(await page.locator('#curves').isVisible(), false);
  assert.equal(await page.locator('#btn-clear-curves').isVisible(), false);
  assert.match(await text(page, '#curves-drive-note'), /no target, so no error to plot/);
  assert.equal(await page.locator('#curves-drive-note').isVisible(), true);
  // The scope on the neuron, recording what drives it.
  assert.match(await text(page, '#scope-units'), /^Neuron, unit #0/);
  await waitScope(page, 0, 'Act');
  assert.equal(await page.locator('#scope-hint').isVisible(), false);
  assert.match(await text(page, '#scope-hint-drive'), /Nothing\s+learns here/);
  const scopeCaptions = await page.locator('#scope figure:not([hidden]) figcaption').allTextContents();
  assert.deepEqual(scopeCaptions.map((c) => c.split(/[:;]/)[0]), ['Membrane potential', 'Act', 'Input conductances']);
  // The panel's fields show the experiment's values.
  assert.equal(await page.locator('#neuron-section').isVisible(), true);
  const values = {};
  for (const id of ['ge', 'gi', 'on', 'off', 'hz', 'nmda', 'gabab', 'mahp', 'erev-e', 'erev-i']) {
    values[id] = await page.inputValue(`#neuron-${id}`);
  }
  assert.deepEqual(values, {
    ge: '0.15', gi: '0.1', on: '10', off: '160', hz: '50', nmda: '0.006', gabab: '0.015', mahp: '0.05', 'erev-e': '0', 'erev-i': '-90',
  });
  assert.equal(await page.inputValue('#neuron-input'), 'clamp');
  assert.equal(await page.isChecked('#neuron-kna'), true);
  assert.equal(await page.locator('#neuron-hz').isDisabled(), true, 'the pulse rate is for the spikes input only');
  assert.equal(await traces(page), 0);
});

test('Run runs one 200-cycle trial and stops: 17 spikes', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await runTrial(page);
  assert.equal(await counter(page, 'epoch'), 1);
  await waitScope(page, 200, 'Act');
  assert.equal(await spikes(page), 'Spikes in the last trial: 17');
  assert.match(await text(page, '#status'), /Spikes in the last trial: 17\. Run again for another trial\./);
  assert.equal(await traces(page), 1);
  assert.equal(await legendSeries(page), 2);
});

test('the f-I curve: Ge 0.10 to 0.50 swept in the worker, spikes against Ge', { timeout: 2 * TIMEOUT }, async () => {
  const { page } = ctx;
  const box = page.locator('#fi-body');
  await box.scrollIntoViewIfNeeded();
  assert.equal(await page.locator('#btn-fi-sweep').isVisible(), true);
  await page.click('#btn-fi-sweep');
  await page.waitForFunction(() => document.getElementById('fi-body').dataset.fi === 'done', null, { timeout: TIMEOUT });
  assert.equal(await box.getAttribute('data-fi-points'), '41');
  const curve = await page.evaluate(() => globalThis.thetaLab.fiCurve.last);
  assert.equal(curve.length, 41);
  assert.deepEqual([curve[0].ge, curve[40].ge], [0.1, 0.5]);
  // Each point is one trial of the panel's experiment: at Ge 0.15 the 17 spikes Run counted.
  assert.equal(curve.find((p) => p.ge === 0.15).spikes, 17);
  // Silent below a threshold, then more spikes for more input.
  assert.equal(curve[0].spikes, 0);
  assert.ok(curve[40].spikes > 17, `${curve[40].spikes} spikes at Ge 0.5`);
  for (let i = 1; i < curve.length; i++) assert.ok(curve[i].spikes >= curve[i - 1].spikes - 1, `near-monotone at Ge ${curve[i].ge}`);
  assert.match(await text(page, '#fi-note'), /^First spike at Ge 0\.\d\d; \d+ spikes at Ge 0\.50\.$/);
  // One curve in the legend, and the neuron panel's overlay untouched.
  assert.equal(await page.locator('#fi-chart .u-legend .u-series').count(), 2);
  assert.equal(await traces(page), 1);
  await box.screenshot({ path: path.join(ARTIFACTS, 'page-neuron-fi.png') });
});

test('NMDA Ge 0 silences the neuron; the overlay keeps both trials', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await setField(page, 'neuron-nmda', 0);
  await runTrial(page);
  assert.equal(await spikes(page), 'Spikes in the last trial: 0');
  assert.equal(await traces(page), 2);
  assert.equal(await legendSeries(page), 3);
  const labels = await page.locator('#neuron-chart .u-legend .u-series .u-label').allTextContents();
  assert.deepEqual(labels.slice(1), ['1. Ge 0.15, Gi 0.1 · 17 spikes', '2. NMDA Ge 0 · 0 spikes']);
  await screenshot(page, 'page-neuron.png');
});

test('a task field rebuilds the experiment; Step by trial runs the next trial', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await setField(page, 'neuron-ge', 0.3);
  await waitStatus(page, '^Set task\\.ge to 0\\.3: neuron');
  assert.equal(await page.inputValue('#neuron-ge'), '0.3');
  assert.equal(await page.inputValue('#neuron-nmda'), '0', 'a rebuild keeps the parameter changes');
  // The experiment itself changed (what the editor, downloads and share links carry).
  const ex = JSON.parse(await page.inputValue('#experiment-json'));
  assert.equal(ex.task.ge, 0.3);
  assert.equal(ex.network.layers[0].params['Acts.NMDA.Ge'], 0);
  await page.selectOption('#step-unit', 'trial');
  await page.fill('#step-count', '1');
  await page.click('#btn-step');
  await waitStatus(page, '^Stepped 1 trial');
  await settle(page);
  await waitScope(page, 200, 'Act');
  assert.match(await spikes(page), /^Spikes in the last trial: [1-9]\d*$/);
  geSpikes = await spikes(page);
  assert.equal(await traces(page), 3);
  // Run again after the trial: a new run of one more trial, the same spikes.
  await runTrial(page);
  assert.equal(await traces(page), 4);
  assert.equal(await spikes(page), geSpikes);
});

test('a share link carries the changed drive and channels', { timeout: 2 * TIMEOUT }, async () => {
  await shareRoundTrip(ctx, async (other) => {
    assert.equal(await other.locator('#neuron-section').isVisible(), true);
    assert.equal(await other.inputValue('#neuron-ge'), '0.3');
    assert.equal(await other.inputValue('#neuron-nmda'), '0');
    await runTrial(other);
    assert.equal(await spikes(other), geSpikes, 'the same trial in a fresh page');
  });
});

test('a teacher link that locks the editor locks the neuron panel\'s fields, not its plot', { timeout: 2 * TIMEOUT }, async () => {
  const { page } = ctx;
  const link = `${(await page.inputValue('#share-url')).replace(/&lock=[^&]*/, '')}&lock=editor`;
  await inFreshPage(ctx, link, async (other) => {
    assert.equal(await other.locator('#neuron-section').isVisible(), true);
    for (const id of ['neuron-ge', 'neuron-input', 'neuron-nmda', 'neuron-kna']) {
      assert.equal(await other.locator(`#${id}`).isDisabled(), true, id);
    }
    assert.equal(await other.locator('#neuron-plot-var').isDisabled(), false);
    assert.equal(await other.locator('#btn-neuron-reset').isDisabled(), false);
    await runTrial(other);
    assert.equal(await other.locator('#neuron-ge').isDisabled(), true, 'still locked after a run');
    assert.equal(await spikes(other), geSpikes);
  });
});

test('the spikes input: Ge as pulses at the chosen rate', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.selectOption('#neuron-input', 'spikes');
  await waitStatus(page, '^Set task\\.input to spikes: neuron');
  assert.equal(await page.locator('#neuron-hz').isDisabled(), false);
  await setField(page, 'neuron-hz', 100);
  await waitStatus(page, '^Set task\\.spikeHz to 100: neuron');
  const ex = JSON.parse(await page.inputValue('#experiment-json'));
  assert.deepEqual([ex.task.input, ex.task.spikeHz, ex.task.plusHz], ['spikes', 100, 100]);
  await runTrial(page);
  assert.equal(await traces(page), 5);
  const labels = await page.locator('#neuron-chart .u-legend .u-series .u-label').allTextContents();
  assert.match(labels[5], /^5\. input spikes, pulse rate 100 · \d+ spikes?$/);
  // A refused value is explained in the panel, and the field shows the value in force.
  await setField(page, 'neuron-gi', 11);
  await page.locator('#neuron-message').waitFor({ state: 'visible' });
  assert.match(await text(page, '#neuron-message'), /task\.gi/);
  assert.equal(await page.inputValue('#neuron-gi'), '0.1');
});

test('Noise sets both noise conductances (random input spikes) and 0 turns it off', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const noiseParams = async () => {
    const ex = JSON.parse(await page.inputValue('#experiment-json'));
    const p = ex.network.layers[0].params;
    return [p['Acts.Noise.On'], p['Acts.Noise.Ge'], p['Acts.Noise.Gi']];
  };
  assert.equal(await page.inputValue('#neuron-noise'), '0', 'noise is off by default');
  await setField(page, 'neuron-noise', 0.05);
  await page.waitForFunction(() => /"Acts\.Noise\.On": 1/.test(document.getElementById('experiment-json').value), null, { timeout: TIMEOUT });
  assert.deepEqual(await noiseParams(), [1, 0.05, 0.05]);
  await runTrial(page);
  const labels = await page.locator('#neuron-chart .u-legend .u-series .u-label').allTextContents();
  assert.match(labels.at(-1), /Noise 0\.05 · \d+ spikes?$/);
  await setField(page, 'neuron-noise', 0);
  await page.waitForFunction(() => /"Acts\.Noise\.On": 0/.test(document.getElementById('experiment-json').value), null, { timeout: TIMEOUT });
  assert.equal((await noiseParams())[0], 0);
  assert.equal(await page.inputValue('#neuron-noise'), '0');
});

test('Reset plot clears the traces', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.click('#btn-neuron-reset');
  await settle(page);
  assert.equal(await traces(page), 0);
  assert.equal(await legendSeries(page), 1);
  assert.equal(await spikes(page), 'Run a trial (Run, or Step by trial) to see its spikes.');
  assert.deepEqual(await page.evaluate(() => globalThis.thetaLab.errors), []);
});

test('another task hides the neuron panel and brings the curves back', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.selectOption('#task', 'builtin:ra25');
  await waitStatus(page, '^Loaded: ra25');
  await waitState(page, 'ready');
  assert.equal(await page.locator('#neuron-section').isVisible(), false);
  assert.equal(await page.locator('#curves').isVisible(), true);
  assert.equal(await page.locator('#curves-drive-note').isVisible(), false);
  assert.equal(await page.locator('#scope-hint').isVisible(), true);
  assert.equal(await page.locator('#scope-hint-drive').isVisible(), false);
  await page.locator('#scope').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => /^Learning calcium/.test(document.querySelectorAll('#scope figcaption')[2].textContent), null, { timeout: TIMEOUT });
});

testCleanConsole(ctx);
