// Editing as a teacher or researcher would: change parameters live, change the network
// (layer sizes, a hidden layer more or less), see the engine's validation next to each field,
// and train on uploaded patterns (a good CSV file and a bad one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../node/wasm-module.mjs';
import {
  TIMEOUT, usePage, testCleanConsole, waitState, text, counter, screenshot,
} from './page-helpers.mjs';

const ctx = usePage();
const GOOD_CSV = path.join(ROOT, 'tests/native/data/ra25-axon-patterns.csv');

/** Type a value into a field and commit it (the change event), as a user does with Tab. */
async function enter(selector, value) {
  await ctx.page.fill(selector, String(value));
  await ctx.page.press(selector, 'Tab');
}

const experimentJson = () => ctx.page.inputValue('#experiment-json').then((t) => JSON.parse(t));

test('a live parameter change is applied by the engine and kept in the experiment', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await enter('input[data-param="gi-Hidden1"]', 1.2);
  await page.waitForFunction(() => /"Inhib.Layer.Gi": 1.2\b/.test(document.getElementById('experiment-json').value),
    null, { timeout: TIMEOUT });
  const ex = await experimentJson();
  assert.equal(ex.network.layers.find((l) => l.name === 'Hidden1').params['Inhib.Layer.Gi'], 1.2);

  await enter('#param-lrate', 0.08);
  await page.waitForFunction(() => (document.getElementById('experiment-json').value.match(/"Learn.LRate.Base": 0.08\b/g) ?? []).length === 5,
    null, { timeout: TIMEOUT });

  await enter('input[data-param="rel-Output-Hidden2"]', 0.25);
  await page.waitForFunction(() => /"PathScale.Rel": 0.25\b/.test(document.getElementById('experiment-json').value), null, { timeout: TIMEOUT });
  // Training goes on with the new values.
  await page.selectOption('#step-unit', 'trial');
  await page.click('#btn-step');
  await waitState(page, 'ready');
  assert.equal(await page.locator('#error').isVisible(), false);
});

test('a refused parameter value is explained next to its field', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const field = 'input[data-param="gi-Hidden2"]';
  await enter(field, -1);
  const error = page.locator(`#${await page.getAttribute(field, 'aria-describedby')}`);
  await error.waitFor({ state: 'visible', timeout: TIMEOUT });
  assert.match(await error.textContent(), /\S/);
  assert.equal(await page.getAttribute(field, 'aria-invalid'), 'true');
  await enter(field, 1.05);
  await error.waitFor({ state: 'hidden', timeout: TIMEOUT });
});

test('the validator refuses a bad layer size, and the error sits next to that layer', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await enter('input[data-shape="Hidden1-0"]', 0);
  assert.equal(await page.locator('#btn-apply').isEnabled(), true);
  await page.click('#btn-apply');
  const row = page.locator('.layer-row', { has: page.locator('input[data-shape="Hidden1-0"]') });
  await row.locator('.field-error').waitFor({ state: 'visible', timeout: TIMEOUT });
  assert.match(await row.locator('.field-error').textContent(), /positive/);
  await screenshot(page, 'page-editor-error.png');
  assert.equal(await page.locator('#network canvas').count(), 4, 'the old network stays');
  await page.click('text=Discard changes');
  assert.equal(await page.locator('#btn-apply').isEnabled(), false);
});

test('adding and removing a hidden layer rebuilds the network', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.click('#btn-add-layer');
  await enter('input[data-shape="Hidden3-0"]', 6);
  await enter('#trials-per-epoch', 25);
  await page.click('#btn-apply');
  await page.waitForFunction(() => document.querySelectorAll('#network canvas').length === 5, null, { timeout: TIMEOUT });
  await waitState(page, 'ready');
  assert.match(await text(page, '#status'), /^Rebuilt the network/);
  assert.match(await text(page, '#network figure:has(canvas[data-layer="Hidden3"]) figcaption'), /6×10/);
  const ex = await experimentJson();
  assert.equal(ex.train.trialsPerEpoch, 25);
  assert.ok(ex.network.paths.some((p) => p.from === 'Hidden3' && p.to === 'Output'));
  // Live parameters kept: Hidden1's inhibition is still the edited value.
  assert.equal(ex.network.layers.find((l) => l.name === 'Hidden1').params['Inhib.Layer.Gi'], 1.2);
  await page.click('#btn-run');
  await page.waitForFunction(() => Number(document.getElementById('counter-epoch').textContent) >= 1, null, { timeout: TIMEOUT });
  await page.click('#btn-stop');
  await waitState(page, 'ready');

  await page.click('button[aria-label="Remove layer Hidden3"]');
  await page.click('#btn-apply');
  await page.waitForFunction(() => document.querySelectorAll('#network canvas').length === 4, null, { timeout: TIMEOUT });
  await waitState(page, 'ready');
});

test('a good CSV file becomes the task', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.click('#upload summary');
  await page.setInputFiles('#patterns-file', GOOD_CSV);
  await page.waitForFunction(() => /^Training on 25 patterns from ra25-axon-patterns\.csv/.test(
    document.getElementById('patterns-message').textContent), null, { timeout: TIMEOUT });
  await waitState(page, 'ready');
  assert.match(await page.locator('#task option:checked').textContent(), /^Your patterns: ra25-axon-patterns\.csv \(25\)/);
  const ex = await experimentJson();
  assert.equal(ex.task.source, 'inline');
  assert.equal(ex.task.patterns.length, 25);
  assert.equal(ex.task.patterns[0].name, 'evt_0');
  await page.click('#btn-step');
  await waitState(page, 'ready');
  assert.equal(await counter(page, 'trial'), 1);
  await screenshot(page, 'page-patterns.png');
});

test('a bad CSV file gets a message that names the row and column', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const lines = fs.readFileSync(GOOD_CSV, 'utf8').split('\n');
  const cells = lines[2].split(',');
  cells[6] = 'abc';   // row 3, column 7 as a spreadsheet counts them
  lines[2] = cells.join(',');
  const bad = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'thetalab-')), 'bad <i>patterns.csv');
  fs.writeFileSync(bad, lines.join('\n'));
  await page.setInputFiles('#patterns-file', bad);
  await page.waitForFunction(() => /was not used/.test(document.getElementById('patterns-message').textContent), null, { timeout: TIMEOUT });
  const message = await text(page, '#patterns-message');
  assert.match(message, /row 3, column 7/);
  assert.match(message, /abc/);
  // The file name is shown as text, never parsed as HTML.
  assert.match(message, /^bad <i>patterns\.csv was not used/);
  assert.equal(await page.locator('#patterns-message i').count(), 0);
  assert.match(await page.locator('#task option:checked').textContent(), /^Your patterns/, 'the task is unchanged');
  await page.selectOption('#task', 'builtin:ra25');
  await page.waitForFunction(() => document.getElementById('experiment-name').textContent === 'ra25', null, { timeout: TIMEOUT });
  await waitState(page, 'ready');
});

test('the experiment JSON can be edited; the validator names each refused field', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.click('.json summary');
  const ex = await experimentJson();
  ex.train.trialsPerEpoch = 0;
  ex.network.layers[1].name = 'Hidden 1!';
  await page.fill('#experiment-json', JSON.stringify(ex, null, 2));
  await page.click('#btn-load-json');
  await page.locator('#json-errors').waitFor({ state: 'visible', timeout: TIMEOUT });
  const errors = await page.locator('#json-errors li').allTextContents();
  assert.ok(errors.some((e) => e.startsWith('train.trialsPerEpoch: ')), errors.join('\n'));
  assert.ok(errors.some((e) => e.startsWith('network.layers[1].name: ')), errors.join('\n'));
  assert.equal(await page.locator('#network canvas').count(), 4);
});

test('a 4-D layer is drawn as a grid of pools; the built-in testnet loads from the task list', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  const ex = await experimentJson();
  ex.train.trialsPerEpoch = 32;
  ex.network.layers[1].name = 'Hidden1';
  ex.network.layers[1].shape = [2, 3, 4, 4];
  await page.fill('#experiment-json', JSON.stringify(ex));
  await page.click('#btn-load-json');
  await page.waitForFunction(() => /2×3 pools of 4×4/.test(document.querySelector('#network figure:has(canvas[data-layer="Hidden1"]) figcaption')?.textContent),
    null, { timeout: TIMEOUT });
  await waitState(page, 'ready');
  // Pools sit apart: the canvas is wider than 3 pools of 4 cells by the gaps between them.
  const hidden1 = page.locator('#network canvas[data-layer="Hidden1"]');
  const box = await hidden1.boundingBox();
  const out = await page.locator('#network canvas[data-layer="Output"]').boundingBox();
  const cell = out.width / 5;
  assert.ok(Math.abs(box.width - (12 * cell + 2 * 4)) < 1, `Hidden1 is ${box.width} px wide, cell ${cell}`);
  // The last unit of the last pool is in the bottom-right corner.
  await hidden1.hover({ position: { x: box.width - cell / 2, y: box.height - cell / 2 } });
  await page.waitForFunction(() => /^Hidden1 #95 \(row 7, column 11\)/.test(document.getElementById('unit-readout').textContent),
    null, { timeout: TIMEOUT });
  await page.click('#btn-step');
  await waitState(page, 'ready');

  await page.selectOption('#task', 'builtin:testnet');
  await page.waitForFunction(() => document.getElementById('experiment-name').textContent === 'testnet', null, { timeout: TIMEOUT });
  await waitState(page, 'ready');
  assert.equal(await page.locator('#network canvas').count(), 3);
  await page.click('#btn-step');
  await waitState(page, 'ready');
  assert.equal(await counter(page, 'trial'), 1);
});

test('the page\'s libraries come from node_modules through a whitelist only', { timeout: TIMEOUT }, async () => {
  const get = async (p) => (await fetch(new URL(p, ctx.harness.url))).status;
  assert.equal(await get('/vendor/uPlot.iife.min.js'), 200);
  assert.equal(await get('/vendor/uPlot.min.css'), 200);
  assert.equal(await get('/vendor/uPlot.esm.js'), 404);
  assert.equal(await get('/node_modules/uplot/package.json'), 404);
  assert.equal(await get('/vendor/'), 404);
});

testCleanConsole(ctx);
