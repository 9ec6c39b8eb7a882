// Batch runs and the A/B comparison in headless Chromium, used as a researcher would: a
// small ra25 batch (2 seeds x 2 values of Hidden1 Gi, 3 epochs) runs in 2 workers and its
// CSV equals `thetalab run --runs 2 --set ... --csv` byte for byte; Cancel stops every
// worker at once while the page stays responsive; the batch goes into a bundle and comes
// back from it; A/B steps both networks together and shows their difference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { TIMEOUT, usePage, testCleanConsole, waitState, text, settle, canvasStats, screenshot } from './page-helpers.mjs';
import { NATIVE_CLI } from '../node/wasm-module.mjs';
import { ARTIFACTS } from './harness.mjs';

const ctx = usePage({ viewport: { width: 1280, height: 1400 } });
const GRID = 'Hidden1:Inhib.Layer.Gi=1.0,1.1';
const saved = {};

/** Click an export button and return the downloaded file's name and text. */
async function exported(page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.click(button)]);
  return { name: dl.suggestedFilename(), text: fs.readFileSync(await dl.path(), 'utf8') };
}

/** Fill the batch panel as a user does: seeds, workers, epoch limit and grid row 1. */
async function fillBatch(page, { seeds, workers, epochs = '', values }) {
  await page.getByLabel('Seeds', { exact: true }).fill(String(seeds));
  await page.getByLabel('Workers', { exact: true }).fill(String(workers));
  await page.getByLabel('Epoch limit', { exact: true }).fill(String(epochs));
  await page.getByLabel('Target, grid row 1').fill('Hidden1');
  await page.getByLabel('Parameter, grid row 1').fill('Inhib.Layer.Gi');
  await page.getByLabel('Values, grid row 1').fill(values);
}

const batchStatus = (page) => text(page, '#batch-status');
const batchWorkers = (page) => page.workers().filter((w) => w.url().endsWith('/batch-worker.js'));

test('a small batch runs in 2 workers; its CSV equals the command line\'s', { timeout: 3 * TIMEOUT }, async () => {
  const { page } = ctx;
  await fillBatch(page, { seeds: 2, workers: 2, epochs: 3, values: '1.0,1.1' });
  await page.getByRole('button', { name: 'Start batch' }).click();
  await page.waitForFunction(() => /^Batch done/.test(document.getElementById('batch-status').textContent), null, { timeout: 2 * TIMEOUT });
  assert.match(await batchStatus(page), /^Batch done: 4 runs of 2 conditions in [\d.]+ s with 2 workers\.$/);
  assert.equal(await page.locator('#batch-error').isVisible(), false);
  assert.equal(await page.evaluate(() => globalThis.thetaLab.batch.pool.liveWorkers), 0, 'workers are stopped after the batch');

  // The table: one row per condition, the engine's labels, 2 seeds each (3 epochs: none learns).
  const rows = await page.locator('#batch-table-body tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.deepEqual(rows, [
    ['Hidden1:Inhib.Layer.Gi=1.0', '2', '—', '—', '2'],
    ['Hidden1:Inhib.Layer.Gi=1.1', '2', '—', '—', '2'],
  ]);
  // The curves: a mean line and a band per condition, 3 epochs.
  const legend = await page.locator('#batch-chart .u-legend .u-series:not(.band-edge)').allTextContents();
  assert.equal(legend.length, 3, `legend: ${legend.join(' | ')}`);   // epoch + two conditions
  await settle(page);
  await screenshot(page, 'page-batch-done.png');

  const csv = await exported(page, '#btn-batch-csv');
  assert.equal(csv.name, 'ra25-batch.csv');
  const lines = csv.text.trim().split('\n');
  assert.equal(lines[0], 'condition,run,epoch,pct_err,pct_unit_err,sse,phase_corr,nzero,first_zero');
  assert.equal(lines.length, 1 + 2 * 2 * 3);
  assert.match(lines[1], /^Hidden1:Inhib\.Layer\.Gi=1\.0,0,0,/);

  // The same batch on the command line: the same rows, byte for byte.
  assert.ok(fs.existsSync(NATIVE_CLI), `${NATIVE_CLI} is missing: build the native preset`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thetalab-batch-'));
  const out = path.join(dir, 'cli.csv');
  execFileSync(NATIVE_CLI, ['run', 'ra25', '--runs', '2', '--jobs', '2', '--set', GRID, '--set', 'train.epochs=3', '--csv', out], { stdio: 'pipe' });
  assert.equal(csv.text, fs.readFileSync(out, 'utf8'));
  fs.rmSync(dir, { recursive: true, force: true });
  saved.csv = csv.text;
});

test('the batch goes into the bundle and comes back from it', { timeout: 2 * TIMEOUT }, async () => {
  const { page } = ctx;
  const bundle = await exported(page, '#btn-export-bundle');
  const doc = JSON.parse(bundle.text);
  assert.equal(doc.batch.jobs.length, 4);
  assert.deepEqual(doc.batch.conditions.map((c) => c.label), ['Hidden1:Inhib.Layer.Gi=1.0', 'Hidden1:Inhib.Layer.Gi=1.1']);

  await page.reload();
  await waitState(page, 'ready');
  assert.equal(await page.locator('#batch-results').isVisible(), false, 'a fresh page shows no batch');
  await page.setInputFiles('#import-file', { name: bundle.name, mimeType: 'application/json', buffer: Buffer.from(bundle.text) });
  await page.waitForFunction(() => /^Opened a batch/.test(document.getElementById('batch-status').textContent), null, { timeout: TIMEOUT });
  await waitState(page, 'ready');
  assert.match(await text(page, '#import-message'), /Its batch of 4 runs is under Batch runs\./);
  assert.equal(await page.locator('#batch-table-body tr').count(), 2);
  const again = await exported(page, '#btn-batch-csv');
  assert.equal(again.text, saved.csv, 'the reopened batch exports the same CSV');
});

test('a refused grid says which setting and why', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await fillBatch(page, { seeds: 1, workers: 1, values: '1.0,abc' });
  await page.getByRole('button', { name: 'Start batch' }).click();
  await page.locator('#batch-error[role="alert"]').waitFor({ state: 'visible', timeout: TIMEOUT });
  assert.match(await text(page, '#batch-error'), /settings\[0\]: "Hidden1:Inhib\.Layer\.Gi=1\.0,abc": "abc" is not a number/);
  assert.equal(await page.getByRole('button', { name: 'Start batch' }).isEnabled(), true);
  assert.equal(await page.evaluate(() => globalThis.thetaLab.batch.pool.liveWorkers), 0);
});

test('Cancel stops every worker at once; the page stays responsive while a batch runs', { timeout: 2 * TIMEOUT }, async () => {
  const { page } = ctx;
  await page.evaluate(() => {
    globalThis.longTasks = [];
    new PerformanceObserver((list) => globalThis.longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
  });
  await fillBatch(page, { seeds: 8, workers: 2, values: '1.0' });
  await page.getByRole('button', { name: 'Start batch' }).click();
  await page.waitForFunction(() => /[2-9]\d* epochs? trained|\d\d+ epochs trained/.test(document.getElementById('batch-status').textContent), null, { timeout: TIMEOUT });
  assert.equal(batchWorkers(page).length, 2, 'two batch workers run');
  // Responsive: the page's own sim steps while the batch trains.
  await page.selectOption('#step-unit', 'trial');
  await page.fill('#step-count', '3');
  await page.click('#btn-step');
  await page.waitForFunction(() => /^Stepped 3 trials/.test(document.getElementById('status').textContent), null, { timeout: TIMEOUT });

  const closed = batchWorkers(page).map((w) => new Promise((resolve) => w.once('close', resolve)));
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForFunction(() => /^Cancelled/.test(document.getElementById('batch-status').textContent), null, { timeout: 5000 });
  const msCancelled = Date.now() - t0;
  await Promise.all(closed);
  const ms = Date.now() - t0;
  console.log(`Cancel: status after ${msCancelled} ms, workers closed after ${ms} ms`);
  assert.ok(ms < 1000, `the workers took ${ms} ms to stop`);
  assert.equal(batchWorkers(page).length, 0, 'no batch worker is left');
  assert.equal(await page.evaluate(() => globalThis.thetaLab.batch.pool.liveWorkers), 0);
  assert.match(await batchStatus(page), /^Cancelled: [0-7] of 8 runs done\. Every worker was stopped\.$/);
  // No progress after Cancel.
  const before = [await batchStatus(page), await page.locator('#batch-progress').evaluate((p) => p.value)];
  await page.waitForTimeout(700);
  assert.deepEqual([await batchStatus(page), await page.locator('#batch-progress').evaluate((p) => p.value)], before);
  const longest = Math.max(0, ...(await page.evaluate(() => globalThis.longTasks)));
  assert.ok(longest < 200, `the main thread had a ${longest} ms task during the batch`);
  assert.equal(await page.getByRole('button', { name: 'Start batch' }).isEnabled(), true);
});

test('A/B: both networks step trial by trial together; curves overlaid, A − B shown', { timeout: 3 * TIMEOUT }, async () => {
  const { page } = ctx;
  const view = () => page.evaluate(() => ({ ...document.getElementById('ab-view').dataset }));
  await page.getByLabel('Change for B').fill('Hidden9:Inhib.Layer.Gi=1.3');
  await page.getByRole('button', { name: 'Start A/B' }).click();
  await page.locator('#ab-error[role="alert"]').waitFor({ state: 'visible', timeout: TIMEOUT });
  assert.match(await text(page, '#ab-error'), /Hidden9/);

  await page.getByLabel('Change for B').fill('Hidden1:Inhib.Layer.Gi=1.3');
  await page.getByRole('button', { name: 'Start A/B' }).click();
  await page.waitForFunction(() => /^A and B are ready/.test(document.getElementById('ab-status').textContent), null, { timeout: TIMEOUT });
  assert.equal(await page.locator('#ab-error').isVisible(), false);
  assert.equal((await view()).trials, '0,0');

  await page.getByRole('button', { name: 'Step trial' }).click();
  await page.waitForFunction(() => /^Stepped one trial/.test(document.getElementById('ab-status').textContent), null, { timeout: TIMEOUT });
  assert.equal((await view()).trials, '1,1', 'one trial each');
  await settle(page);
  assert.ok(Number((await view()).maxDiff) > 0, 'a different inhibition gives different activity');
  const { colors } = await canvasStats(page, '#ab-diff canvas[data-layer="Hidden1"]');
  assert.ok(colors >= 3, `the difference view shows ${colors} colours`);

  await page.getByRole('button', { name: 'Step epoch' }).click();
  await page.waitForFunction(() => /^Stepped one epoch/.test(document.getElementById('ab-status').textContent), null, { timeout: TIMEOUT });
  const stepped = await view();
  assert.deepEqual([stepped.trials, stepped.epochs], ['33,33', '1,1']);

  await page.locator('#btn-ab-run').click();
  await page.waitForFunction(() => Number(document.getElementById('ab-view').dataset.epochs.split(',')[0]) >= 3, null, { timeout: TIMEOUT });
  await page.locator('#btn-ab-stop').click();
  await page.waitForFunction(() => /^Stopped\./.test(document.getElementById('ab-status').textContent), null, { timeout: TIMEOUT });
  const [a, b] = (await view()).trials.split(',').map(Number);
  assert.equal(a, b, 'A and B stop after the same trial');
  assert.deepEqual(await page.locator('#ab-chart .u-legend .u-series .u-label').allTextContents(), ['epoch', 'A', 'B']);
  // Another variable: the difference view follows.
  await page.getByLabel('Variable', { exact: true }).selectOption('Vm');
  await page.waitForFunction(() => document.getElementById('ab-view').dataset.variable === 'Vm', null, { timeout: TIMEOUT });
  await settle(page);
  await page.locator('.compare').screenshot({ path: path.join(ARTIFACTS, 'page-ab.png') });
});

testCleanConsole(ctx);
