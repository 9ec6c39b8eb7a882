// The page in headless Chromium: the worker loads ra25, the network is drawn, the controls
// work by mouse and keyboard, and nothing is logged as an error or CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startHarness, openPage, ARTIFACTS } from './harness.mjs';

const TIMEOUT = 60_000;
let harness;
let page;
let consoleProblems;
let consoleLog;

before(async () => {
  harness = await startHarness();
  ({ page, problems: consoleProblems, log: consoleLog } = await openPage(harness.browser));
});

after(async () => {
  if (harness) await harness.close();
});

const text = (sel) => page.locator(sel).textContent();
const counter = async (name) => Number(await text(`#counter-${name}`));
const waitState = (state) => page.waitForSelector(`body[data-state="${state}"]`, { timeout: TIMEOUT });

/** Pixel statistics of a canvas: the fraction painted, and the distinct painted colours. */
async function canvasStats(canvas) {
  return page.evaluate((el) => {
    const data = el.getContext('2d').getImageData(0, 0, el.width, el.height).data;
    const colors = new Set();
    let painted = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      painted++;
      colors.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    return { painted: painted / (el.width * el.height), colors: colors.size };
  }, await canvas.elementHandle());
}

test('the worker loads ra25 and the page shows the SIMD arch, lanes and every layer', { timeout: TIMEOUT }, async () => {
  const response = await page.goto(harness.url);
  assert.match(response.headers()['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval'/);
  await waitState('ready');
  assert.equal(await text('#simd-arch'), 'wasm');
  assert.equal(await text('#simd-lanes'), '4');
  assert.match(await text('#status'), /^Ready: ra25/);
  const canvases = page.locator('#network canvas');
  assert.ok((await canvases.count()) >= 3, 'one canvas per layer');
  for (const canvas of await canvases.all()) {
    assert.ok((await canvas.boundingBox()).width > 0);
    const { painted } = await canvasStats(canvas);  // units are cells with 1 px gaps
    assert.ok(painted > 0.5, `layer ${await canvas.getAttribute('data-layer')}: ${painted} painted`);
  }
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-ready.png'), fullPage: true });
});

test('Step trial advances the trial counter', { timeout: TIMEOUT }, async () => {
  const before = await counter('trial');
  await page.click('#btn-step-trial');
  await page.waitForFunction((n) => Number(document.getElementById('counter-trial').textContent) === n,
    before + 1, { timeout: TIMEOUT });
  await waitState('ready');
  assert.equal(await counter('cycle'), 0);
  // The input pattern is clamped, so the input layer now shows more than one colour.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const input = page.locator('#network canvas[data-layer="Input"]');
  assert.ok((await canvasStats(input)).colors >= 2, 'the input layer shows no pattern');
  assert.match(await text('#status'), /^Stepped one trial at run 0, epoch 0, trial 1/);
});

test('Run trains through an epoch and Stop halts it', { timeout: TIMEOUT }, async () => {
  const epoch0 = await counter('epoch');
  await page.click('#btn-run');
  await waitState('running');
  assert.equal(await page.locator('#btn-stop').isEnabled(), true);
  assert.equal(await page.locator('#btn-step-trial').isEnabled(), false);
  await page.waitForFunction((e) => Number(document.getElementById('counter-epoch').textContent) > e,
    epoch0, { timeout: TIMEOUT });
  await page.screenshot({ path: path.join(ARTIFACTS, 'page-running.png'), fullPage: true });
  await page.click('#btn-stop');
  await waitState('ready');
  assert.match(await text('#status'), /^(Stopped|Run finished) at run \d+, epoch \d+/);
  assert.match(await text('#epoch-summary'), /^Epoch \d+: [\d.]+% of trials wrong/);
  // Stopped means stopped: the counters stay put.
  const cycles = [await counter('epoch'), await counter('trial'), await counter('cycle')];
  await page.waitForTimeout(300);
  assert.deepEqual([await counter('epoch'), await counter('trial'), await counter('cycle')], cycles);
});

test('keyboard focus reaches the controls, and Enter activates them', { timeout: TIMEOUT }, async () => {
  await page.locator('body').focus();
  const reached = new Set();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => document.activeElement?.id));
  }
  for (const id of ['btn-init', 'btn-run', 'btn-step-trial']) assert.ok(reached.has(id), `${id} not reachable by Tab`);
  for (const id of ['btn-init', 'btn-run', 'btn-stop', 'btn-step-trial']) {
    assert.ok((await page.getAttribute(`#${id}`, 'aria-label')).length > 0, `${id} has no aria-label`);
  }
  await page.focus('#btn-init');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^Initialized at run 0, epoch 0, trial 0, cycle 0/.test(
    document.getElementById('status').textContent), null, { timeout: TIMEOUT });
  assert.equal(await counter('epoch'), 0);
  assert.equal(await page.getAttribute('#status', 'aria-live'), 'polite');
});

test('worker refusals reach the caller as Errors with fieldErrors', { timeout: TIMEOUT }, async () => {
  // A second client (its own worker) driven from the page, as an embedding page would.
  const out = await page.evaluate(async () => {
    const { SimClient } = await import('./sim-client.js');
    const client = new SimClient();
    const caught = async (promise) => promise.then(() => null, (e) => ({ message: e.message, fieldErrors: e.fieldErrors }));
    const result = {
      stepBeforeLoad: await caught(client.step('trial')),
      badShape: await caught(client.load({ json: '{"schema":1,"network":{"layers":[{"name":"A","shape":[0]}]}}' })),
      badJson: await caught(client.load({ json: '{' })),
      unknownBuiltin: await caught(client.load({ builtin: 'no-such-experiment' })),
    };
    client.terminate();
    return result;
  });
  assert.match(out.stepBeforeLoad.message, /no experiment loaded/);
  assert.match(out.badShape.message, /network\.layers\[0\]\.shape: /);
  assert.ok(out.badShape.fieldErrors.some((e) => e.path === 'network.layers[0].shape'));
  assert.ok(out.badJson.fieldErrors.length > 0);
  assert.match(out.unknownBuiltin.message, /unknown built-in experiment/);
});

test('no console errors, failed requests or CSP violations', () => {
  assert.deepEqual(consoleProblems(), [], consoleLog.join('\n'));
});
