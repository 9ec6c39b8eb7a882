// The synapse built-in in the page, as a student would use it: picked in the task picker, a
// 1-unit Sender and Receiver driven at one rate in the minus phase and another in the plus
// phase, the path learning from their calcium. The curves give way to a note; Run runs the
// run's 10 trials and the Synapse panel lists each trial's spikes and DWt: 25 -> 50 Hz
// potentiates, 50 -> 25 Hz depresses (the signs `thetalab trace synapse` measures). The
// sweep of all 400 pairs of rates runs in the worker without blocking the page, fills the
// DWt map beside the target map, and can be stopped. A share link carries the rates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS } from './harness.mjs';
import { TIMEOUT, usePage, testCleanConsole, text, settle, screenshot, waitStatus, setField, shareRoundTrip } from './page-helpers.mjs';

const ctx = usePage({ viewport: { width: 1440, height: 900 } });

/** Run the run's 10 trials; the panel's mean DWt over them. */
async function runAll(page) {
  await page.click('#btn-run');
  await waitStatus(page, '^Run finished at ');
  await page.waitForFunction(() => document.getElementById('synapse-section').dataset.trials === '10', null, { timeout: TIMEOUT });
  await settle(page);
  return Number(await page.locator('#synapse-section').getAttribute('data-mean-dwt'));
}

test('synapse from the task picker: the Synapse panel, no error curves', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  assert.equal(await page.locator('#task option[value="builtin:synapse"]').count(), 1);
  await page.selectOption('#task', 'builtin:synapse');
  await waitStatus(page, '^Loaded: synapse, 2 layers\\. Press Run to run 10 trials\\.');
  assert.equal(await page.locator('#synapse-section').isVisible(), true);
  assert.equal(await page.locator('#neuron-section').isVisible(), false);
  assert.equal(await page.locator('#curves').isVisible(), false);
  assert.match(await text(page, '#curves-drive-note'), /no target, so no error to plot/);
  assert.equal(await page.inputValue('#synapse-minus-hz'), '25');
  assert.equal(await page.inputValue('#synapse-plus-hz'), '50');
  assert.deepEqual(await page.evaluate(() => globalThis.thetaLab.errors), []);
});

test('25 -> 50 Hz potentiates: 10 trials listed with their spikes and DWt', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const mean = await runAll(page);
  assert.ok(mean > 0, `mean DWt ${mean}`);
  assert.ok(Math.abs(mean - 2.5e-6) < 1e-6, `mean DWt ${mean} near the CLI's +2.5e-6`);
  assert.equal(await page.locator('#synapse-trials tbody tr').count(), 10);
  assert.match(await text(page, '#synapse-last'), /^Trial 10: Sender \d+ spikes, Receiver \d+ spikes .*DWt -?\d/);
  assert.match(await text(page, '#synapse-mean'), /potentiation/);
  assert.match(await text(page, '#status'), /Mean DWt over 10 trials: /);
  // The frame carries the last trial's DWt (lastTrialDWt(0)), as the list's last row.
  const frameDwt = Number(await page.locator('#synapse-section').getAttribute('data-frame-dwt'));
  const rows = await page.locator('#synapse-trials tbody tr td:nth-child(4)').allTextContents();
  assert.equal(`${(frameDwt * 1e6).toFixed(2)}e-6`, rows[9]);
});

test('50 -> 25 Hz depresses', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await setField(page, 'synapse-minus-hz', 50);
  await waitStatus(page, '^Set task\\.spikeHz to 50: synapse');
  await setField(page, 'synapse-plus-hz', 25);
  await waitStatus(page, '^Set task\\.plusHz to 25: synapse');
  const ex = JSON.parse(await page.inputValue('#experiment-json'));
  assert.deepEqual([ex.task.spikeHz, ex.task.plusHz], [50, 25]);
  const mean = await runAll(page);
  assert.ok(mean < 0, `mean DWt ${mean}`);
  assert.ok(Math.abs(mean + 3.6e-6) < 1e-6, `mean DWt ${mean} near the CLI's -3.6e-6`);
  assert.match(await text(page, '#synapse-mean'), /depression/);
  // A rate out of range is explained, and the field shows the rate in force.
  await setField(page, 'synapse-plus-hz', 300);
  await page.locator('#synapse-message').waitFor({ state: 'visible' });
  assert.equal(await page.inputValue('#synapse-plus-hz'), '25');
});

test('a share link carries the rates: the same DWt in a fresh page', { timeout: 2 * TIMEOUT }, async () => {
  const { page } = ctx;
  const mean = Number(await page.locator('#synapse-section').getAttribute('data-mean-dwt'));
  await shareRoundTrip(ctx, async (other) => {
    assert.equal(await other.inputValue('#synapse-minus-hz'), '50');
    assert.equal(await other.inputValue('#synapse-plus-hz'), '25');
    assert.equal(await runAll(other), mean);
  });
});

test('the sweep: 400 pairs in the worker, the page answers meanwhile; Stop ends it', { timeout: 4 * TIMEOUT }, async () => {
  const { page } = ctx;
  const section = page.locator('#synapse-section');
  // Stop part way: the map keeps what was measured.
  await page.click('#btn-synapse-sweep');
  await page.waitForFunction(() => Number(document.getElementById('synapse-sweep-progress').value) > 0, null, { timeout: TIMEOUT });
  // The page answers during the sweep (the worker slices it).
  const t0 = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
  assert.ok(Date.now() - t0 < 1000, 'an animation frame during the sweep');
  await page.click('#btn-synapse-sweep-stop');
  await page.waitForFunction(() => document.getElementById('synapse-section').dataset.sweep === 'stopped', null, { timeout: TIMEOUT });
  const partial = Number(await page.locator('#synapse-map-dwt').getAttribute('data-cells'));
  assert.ok(partial > 0 && partial < 400, `cells after Stop: ${partial}`);
  // The whole sweep.
  await page.click('#btn-synapse-sweep');
  await page.waitForFunction(() => document.getElementById('synapse-section').dataset.sweep === 'done', null, { timeout: 3 * TIMEOUT });
  assert.equal(await page.locator('#synapse-map-dwt').getAttribute('data-cells'), '400');
  assert.equal(await page.locator('#synapse-map-target').getAttribute('data-cells'), '400');
  assert.equal(await section.getAttribute('data-sweep'), 'done');
  // Hover a cell above the diagonal (minus 25, plus 50: row 4, column 9) and one below.
  const canvas = page.locator('#synapse-map-dwt');
  await canvas.hover({ position: { x: 30 + 9 * 11 + 5, y: 4 * 11 + 5 } });
  const above = await text(page, '#synapse-maps figure:first-child .sweep-tip');
  assert.match(above, /^minus 25 Hz, plus 50 Hz: mean DWt \d/);
  await canvas.hover({ position: { x: 30 + 4 * 11 + 5, y: 9 * 11 + 5 } });
  assert.match(await text(page, '#synapse-maps figure:first-child .sweep-tip'), /^minus 50 Hz, plus 25 Hz: mean DWt -\d/);
  await page.locator('#synapse-map-target').hover({ position: { x: 30 + 9 * 11 + 5, y: 4 * 11 + 5 } });
  assert.equal(await text(page, '#synapse-maps figure:nth-child(2) .sweep-tip'), 'minus 25 Hz, plus 50 Hz: target 0.25');
  // Potentiation above the diagonal, depression below, on the whole.
  const { hz, dwt } = await page.evaluate(() => globalThis.thetaLab.synapse.sweepResult);
  const n = hz.length;
  const up = [];
  const down = [];
  dwt.forEach((v, k) => { const r = Math.floor(k / n); const c = k % n; if (c > r) up.push(v); else if (c < r) down.push(v); });
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(mean(up) > 0 && mean(down) < 0, `mean DWt above the diagonal ${mean(up)}, below ${mean(down)}`);
  // (measured: 189 of the 190 pairs above the diagonal potentiate, 161 of the 190 below depress)
  assert.ok(up.filter((v) => v > 0).length > 170 && down.filter((v) => v < 0).length > 140);
  const scale = await text(page, '#synapse-sweep-scale');
  assert.match(scale, /^Colours saturate at ±\d/);
  await screenshot(page, 'page-synapse.png');
  await page.locator('#synapse-section').screenshot({ path: path.join(ARTIFACTS, 'page-synapse-panel.png') });
  assert.deepEqual(await page.evaluate(() => globalThis.thetaLab.errors), []);
});

testCleanConsole(ctx);
