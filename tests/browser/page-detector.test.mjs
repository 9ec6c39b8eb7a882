// The detector built-in in the page, as a student would use it: picked in the task picker,
// the digits 0..9 on a 7x5 input, one receiving neuron whose weights are the 8's bitmap, no
// target (nothing scored: a note replaces the curves). Run shows the 10 digits once; the
// Detector panel counts the receiver's spikes per digit: only the 8 spikes at the default
// leak (Gbar.L 20), the 5 joins at 19 (as `thetalab trace detector` counts them). The input
// shows each digit upright (row 0 at the top). A share link carries the leak.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS } from './harness.mjs';
import { TIMEOUT, usePage, testCleanConsole, text, settle, waitStatus, setField, shareRoundTrip } from './page-helpers.mjs';

const ctx = usePage({ viewport: { width: 1440, height: 900 } });

const setLeak = (page, value) => setField(page, 'detector-leak', value);

/** Run the 10 digits; the digits the receiver spiked for, and the spikes column. */
async function runDigits(page) {
  await page.click('#btn-run');
  await waitStatus(page, '^Run finished at ');
  await page.waitForFunction(() => document.getElementById('detector-section').dataset.shown === '10', null, { timeout: TIMEOUT });
  await settle(page);
  const spiking = await page.locator('#detector-section').getAttribute('data-spiking');
  const spikes = (await page.locator('#detector-table tbody tr td:nth-child(2)').allTextContents()).map(Number);
  return { spiking, spikes };
}

test('detector from the task picker: the Detector panel, no error curves', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  assert.equal(await page.locator('#task option[value="builtin:detector"]').count(), 1);
  await page.selectOption('#task', 'builtin:detector');
  await waitStatus(page, '^Loaded: detector, 2 layers\\. Press Run to run 10 trials\\.');
  assert.equal(await page.locator('#detector-section').isVisible(), true);
  assert.equal(await page.locator('#neuron-section').isVisible(), false);
  assert.equal(await page.locator('#synapse-section').isVisible(), false);
  assert.equal(await page.locator('#curves').isVisible(), false);
  assert.match(await text(page, '#curves-drive-note'), /without a target layer: nothing is scored/);
  assert.equal(await page.inputValue('#detector-leak'), '20');
  // Pattern files pair inputs with targets: not for a task without a target layer.
  assert.equal(await page.locator('#patterns-file').isDisabled(), true);
  assert.match(await text(page, '#patterns-message'), /no target layer/);
  assert.equal(await page.getAttribute('label[for="detector-leak"]', 'for'), 'detector-leak');
  assert.deepEqual(await page.evaluate(() => globalThis.thetaLab.errors), []);
});

test('Run shows the 10 digits: only the 8 spikes at leak 20', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const { spiking, spikes } = await runDigits(page);
  assert.equal(spiking, '8');
  assert.equal(spikes.length, 10);
  assert.deepEqual(spikes.map((s, i) => (s > 0 ? i : -1)).filter((i) => i >= 0), [8]);
  assert.equal(spikes[8], 4, 'the CLI counts 4 spikes for the 8');
  assert.match(await text(page, '#status'), /The neuron spiked for 8\. Run again/);
  assert.match(await text(page, '#detector-summary'), /^The neuron spiked for 8 \(leak 20\)/);
});

test('the input shows the last digit upright: row 0 is the top row', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  // After the run the Input shows the 9: top row .###. , bottom row .###.(as the pattern's
  // first and last five values); read the canvas's cells by their colour's brightness.
  await page.locator('#network').scrollIntoViewIfNeeded();
  await settle(page);
  const rows = await page.evaluate(() => {
    const c = document.querySelector('#network canvas[data-layer="Input"]');
    const ctx2 = c.getContext('2d');
    const out = [];
    for (let r = 0; r < 7; r++) {
      let line = '';
      for (let k = 0; k < 5; k++) {
        const [R, G, B] = ctx2.getImageData(Math.floor((k + 0.5) * c.width / 5), Math.floor((r + 0.5) * c.height / 7), 1, 1).data;
        line += R + G + B > 300 ? '#' : '.';
      }
      out.push(line);
    }
    return out;
  });
  const ex = JSON.parse(await page.inputValue('#experiment-json'));
  const nine = ex.task.patterns[9].input;
  const want = Array.from({ length: 7 }, (_, r) => nine.slice(r * 5, r * 5 + 5).map((v) => (v > 0.5 ? '#' : '.')).join(''));
  assert.deepEqual(rows, want);
});

test('leak 19 recruits the 5, 18 the 3, 16 the 2, 6 and 9; the bars keep the run before as outlines', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await setLeak(page, 19);
  await page.waitForFunction(() => JSON.parse(document.getElementById('experiment-json').value)
    .network.layers[1].params['Acts.Gbar.L'] === 19, null, { timeout: TIMEOUT });
  const { spiking } = await runDigits(page);
  assert.equal(spiking, '5,8');
  assert.match(await text(page, '#detector-summary'), /^The neuron spiked for 5, 8 \(leak 19\)/);
  await page.locator('#detector-section').screenshot({ path: path.join(ARTIFACTS, 'page-detector-panel.png') });
  // 18 adds the 3, 16 the 2, 6 and 9.
  await setLeak(page, 18);
  await page.waitForFunction(() => JSON.parse(document.getElementById('experiment-json').value)
    .network.layers[1].params['Acts.Gbar.L'] === 18, null, { timeout: TIMEOUT });
  assert.equal((await runDigits(page)).spiking, '3,5,8');
  await setLeak(page, 16);
  await page.waitForFunction(() => JSON.parse(document.getElementById('experiment-json').value)
    .network.layers[1].params['Acts.Gbar.L'] === 16, null, { timeout: TIMEOUT });
  assert.equal((await runDigits(page)).spiking, '2,3,5,6,8,9');
  await setLeak(page, 18);
  await page.waitForFunction(() => JSON.parse(document.getElementById('experiment-json').value)
    .network.layers[1].params['Acts.Gbar.L'] === 18, null, { timeout: TIMEOUT });
  // A refused value is explained, and the field shows the leak in force.
  await setLeak(page, -1);
  await page.locator('#detector-message').waitFor({ state: 'visible' });
  assert.equal(await page.inputValue('#detector-leak'), '18');
});

test('a share link carries the leak: the same digits spike in a fresh page', { timeout: 2 * TIMEOUT }, async () => {
  await shareRoundTrip(ctx, async (other) => {
    assert.equal(await other.locator('#detector-section').isVisible(), true);
    assert.equal(await other.inputValue('#detector-leak'), '18');
    assert.equal((await runDigits(other)).spiking, '3,5,8');
  });
});

testCleanConsole(ctx);
