// Inspecting the network as a student would: switch the unit variable and see the view
// change, hover a unit for its value, click it for its weights and its theta cycle in the
// scope, compare units with Shift+click, read the spike raster, and do it all by keyboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TIMEOUT, usePage, testCleanConsole, waitState, text, settle, canvasDigest, canvasStats, clickUnit, screenshot,
} from './page-helpers.mjs';

const ctx = usePage();
const HIDDEN1 = '#network canvas[data-layer="Hidden1"]';
const INPUT = '#network canvas[data-layer="Input"]';

async function stepTrials(n) {
  const { page } = ctx;
  await page.selectOption('#step-unit', 'trial');
  await page.fill('#step-count', String(n));
  await page.click('#btn-step');
  await waitState(page, 'ready');
  await settle(page);
}

test('switching the variable redraws the layers with its own scale and meaning', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await stepTrials(3);
  const act = await canvasDigest(page, HIDDEN1);
  assert.equal(await text(page, '#legend-label'), 'Act');
  await page.selectOption('#variable', 'Vm');
  await page.waitForFunction(() => document.getElementById('legend-label').textContent === 'Vm mV', null, { timeout: TIMEOUT });
  await settle(page);
  assert.notEqual(await canvasDigest(page, HIDDEN1), act, 'the Hidden1 canvas did not change with the variable');
  assert.match(await text(page, '#variable-desc'), /Membrane potential/);
  assert.equal(await text(page, '#legend-lo'), '-90');

  await page.selectOption('#variable', 'CaDiff');
  await page.waitForFunction(() => document.getElementById('legend-label').textContent === 'CaDiff', null, { timeout: TIMEOUT });
  assert.match(await text(page, '#variable-desc'), /LearnCaP − LearnCaD: the local error signal/);
  assert.ok(Number(await text(page, '#legend-lo')) < 0, 'a signed variable gets a scale centred on 0');
  assert.match(await page.getAttribute('#variable option[value="CaDiff"]', 'title'), /error signal/);
  // Every variable the engine has is offered, the common ones first.
  const options = await page.locator('#variable option').allTextContents();
  assert.deepEqual(options.slice(0, 4), ['Act', 'Spike', 'Vm', 'VmDend']);
  assert.ok(options.includes('GnmdaSyn') && options.length > 40, `${options.length} variables`);
  await page.selectOption('#variable', 'Act');
  await page.waitForFunction(() => document.getElementById('legend-label').textContent === 'Act', null, { timeout: TIMEOUT });
});

test('hovering a unit shows its value', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const box = await page.locator(HIDDEN1).boundingBox();
  const cell = box.width / 10;
  await page.locator(HIDDEN1).hover({ position: { x: 2.5 * cell, y: 1.5 * cell } });  // row 1, column 2
  await page.waitForFunction(() => /^Hidden1 #12 \(row 1, column 2\): Act = /.test(document.getElementById('unit-readout').textContent),
    null, { timeout: TIMEOUT });
  assert.equal(await page.locator('.unit-tip').isVisible(), true);
  await page.mouse.move(0, 0);
});

test('clicking a unit shows its receiving and sending weights on the other layers', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const inputVar = await canvasDigest(page, INPUT);
  await clickUnit(page, 'Hidden1', 2, 3);
  await page.waitForFunction(() => document.getElementById('legend-label').textContent === 'weights onto Hidden1 #23 (r.Wt)',
    null, { timeout: TIMEOUT });
  assert.equal(await page.isChecked('input[name="colour-by"][value="recv"]'), true);
  await settle(page);
  assert.notEqual(await canvasDigest(page, INPUT), inputVar, 'the input layer does not show the weights');
  // Input -> Hidden1 is fully connected: every input unit has a weight in [0, 1].
  const box = await page.locator(INPUT).boundingBox();
  await page.locator(INPUT).hover({ position: { x: box.width / 10, y: box.height / 10 } });
  await page.waitForFunction(() => /^Input #0 \(row 0, column 0\) → Hidden1 #23: weight 0?\.\d+|^Input #0 .*weight [01]$/
    .test(document.getElementById('unit-readout').textContent), null, { timeout: TIMEOUT });
  // Output does not send to Hidden1 (no path): no synapse.
  const output = page.locator('#network canvas[data-layer="Output"]');
  const out = await output.boundingBox();
  await output.hover({ position: { x: out.width / 10, y: out.height / 10 } });
  await page.waitForFunction(() => /no synapse with Hidden1 #23/.test(document.getElementById('unit-readout').textContent),
    null, { timeout: TIMEOUT });
  await screenshot(page, 'page-weights.png');

  await page.check('input[name="colour-by"][value="send"]');
  await page.waitForFunction(() => document.getElementById('legend-label').textContent === 'weights from Hidden1 #23 (s.Wt)',
    null, { timeout: TIMEOUT });
  await settle(page);
  const h2 = await canvasStats(page, '#network canvas[data-layer="Hidden2"]');
  assert.ok(h2.colors > 5, 'Hidden2 shows the sending weights of Hidden1 #23');
  await page.check('input[name="colour-by"][value="var"]');
  await page.waitForFunction(() => document.getElementById('legend-label').textContent === 'Act', null, { timeout: TIMEOUT });
});

test('the scope shows the clicked unit over the trial; the raster shows spikes', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  assert.match(await text(page, '#scope-units'), /^Hidden1, unit #23/);
  await stepTrials(1);
  await page.waitForFunction(() => document.getElementById('scope').dataset.cycles === '200', null, { timeout: TIMEOUT });
  assert.equal(await page.locator('#scope .chart canvas').count(), 4, 'four scope panels: Vm, Ca, Learn Ca and Gi with its pool');
  const legend = await page.locator('#scope .u-legend').first().textContent();
  assert.match(legend, /Vm Hidden1 #23/);
  // Raster of Hidden1: somebody spiked during a whole trial.
  assert.ok((await canvasStats(page, '#raster')).colors >= 3, 'no spikes in the raster');
  const before = await canvasDigest(page, '#raster');
  await page.selectOption('#raster-layer', { label: 'Input (25 units)' });
  await page.waitForTimeout(100);
  await settle(page);
  assert.notEqual(await canvasDigest(page, '#raster'), before, 'the raster did not change with its layer');
  // Shift+click adds a unit of the same layer to the scope.
  await clickUnit(page, 'Hidden1', 0, 0, ['Shift']);
  await page.waitForFunction(() => /#23, #0/.test(document.getElementById('scope-units').textContent), null, { timeout: TIMEOUT });
  await stepTrials(1);
  const series = await page.locator('#scope .u-legend').first().textContent();
  assert.match(series, /Vm Hidden1 #0/);
  await screenshot(page, 'page-scope.png');
});

test('units can be inspected and selected by keyboard', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.focus('#variable');
  await page.keyboard.press('Escape');
  // Tab from the "Show" radios into the layer canvases (Output is first).
  await page.focus('input[name="colour-by"]:checked');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.layer), 'Output');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => /^Output #6 \(row 1, column 1\)/.test(document.getElementById('unit-readout').textContent),
    null, { timeout: TIMEOUT });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^Selected: Output unit 6/.test(document.getElementById('selection-info').textContent),
    null, { timeout: TIMEOUT });
  assert.match(await text(page, '#legend-label'), /Output #6/);
});

testCleanConsole(ctx);
