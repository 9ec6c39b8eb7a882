// Helpers for the page tests (page-*.test.mjs): open the page the way a user does, wait for
// its states, and read what it shows (text, counters, canvas pixels, chart points).
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startHarness, openPage, ARTIFACTS, assertPageClean } from './harness.mjs';

export const TIMEOUT = 60_000;

/**
 * Start the server and Chromium for one test file, open the page and wait until it is
 * ready. Returns a context whose fields are filled in by the time tests run; the file's
 * last test checks the console (no errors, no CSP violations, no failed requests).
 */
export function usePage({ viewport = { width: 1280, height: 900 } } = {}) {
  const ctx = { harness: null, page: null, problems: null, log: null };
  before(async () => {
    ctx.harness = await startHarness();
    const opened = await openPage(ctx.harness.browser);
    ctx.page = opened.page;
    ctx.problems = opened.problems;
    ctx.log = opened.log;
    await ctx.page.setViewportSize(viewport);
    ctx.response = await ctx.page.goto(ctx.harness.url);
    await waitState(ctx.page, 'ready');
  });
  after(async () => {
    if (ctx.harness) await ctx.harness.close();
  });
  return ctx;
}

/** The closing test of a file: nothing went wrong in the console. */
export function testCleanConsole(ctx) {
  test('no console errors, failed requests or CSP violations', () => {
    assertPageClean(ctx.problems(), ctx.log);
  });
}

export const waitState = (page, state) => page.waitForSelector(`body[data-state="${state}"]`, { timeout: TIMEOUT });

export const text = (page, sel) => page.locator(sel).first().textContent();

/** Wait for the status line to match `re` (a string pattern: serialized) with the page idle. */
export function waitStatus(page, re) {
  return page.waitForFunction((src) => document.body.dataset.state === 'ready'
    && new RegExp(src).test(document.getElementById('status').textContent), re, { timeout: TIMEOUT });
}

/** Type a value into field `id` and leave it (a change event, as a user's Tab). */
export async function setField(page, id, value) {
  await page.fill(`#${id}`, String(value));
  await page.locator(`#${id}`).blur();
}

export async function counter(page, name) {
  return Number(await text(page, `#counter-${name}`));
}

/** Wait until a counter satisfies `pred(value)` (pred is serialized: no closures). */
export async function waitCounter(page, name, op, value) {
  await page.waitForFunction(([n, o, v]) => {
    const x = Number(document.getElementById(`counter-${n}`).textContent);
    return o === '>' ? x > v : o === '>=' ? x >= v : x === v;
  }, [name, op, value], { timeout: TIMEOUT });
}

/** Two animation frames: whatever was received has been drawn. */
export async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** A digest of a canvas's pixels (equal digests = the same picture). */
export async function canvasDigest(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const data = el.getContext('2d').getImageData(0, 0, el.width, el.height).data;
    let h = 2166136261;
    for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i], 16777619);
    return `${el.width}x${el.height}:${(h >>> 0).toString(16)}`;
  }, selector);
}

/** Fraction of painted pixels and number of distinct colours of a canvas. */
export async function canvasStats(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    const data = el.getContext('2d').getImageData(0, 0, el.width, el.height).data;
    const colors = new Set();
    let painted = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] === 0) continue;
      painted++;
      colors.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    return { painted: painted / (el.width * el.height), colors: colors.size };
  }, selector);
}

/** Click the centre of unit (row, col) of a 2-D layer's canvas (size read from its caption). */
export async function clickUnit(page, layerName, row, col, modifiers = []) {
  const canvas = page.locator(`#network canvas[data-layer="${layerName}"]`);
  const caption = await page.locator(`#network figure:has(canvas[data-layer="${layerName}"]) figcaption`).textContent();
  const [, y, x] = /(\d+)×(\d+)\s*$/.exec(caption).map(Number);
  assert.ok(row < y && col < x, `unit (${row}, ${col}) is outside ${layerName} (${y}×${x})`);
  const box = await canvas.boundingBox();
  const size = box.width / x;
  await canvas.click({ position: { x: (col + 0.5) * size, y: (row + 0.5) * size }, modifiers });
}

/**
 * Each layer's mean ActM over the run's trials, as the trial plot of a run that does not
 * learn says it under the plot (`Run 0, 10 trials. Mean ActM over these trials: Layer0
 * 0.1, ...`), once it holds `trials` trials: { [layer name]: mean }.
 */
export async function trialPlotMeans(page, trials) {
  await page.waitForFunction((n) => document.getElementById('trial-act').dataset.points === n, String(trials), { timeout: TIMEOUT });
  const summary = await text(page, '#trial-act-summary');
  const m = new RegExp(`^Run \\d+, ${trials} trials?\\. Mean ActM over these trials: (.*)$`).exec(summary);
  assert.ok(m, summary);
  return Object.fromEntries(m[1].split(', ').map((p) => p.split(' ')).map(([name, v]) => [name, Number(v)]));
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, name), fullPage: true });
}

/**
 * Open `url` in a fresh browser context the size of the test's page, as someone the link is
 * sent to would, wait until it is ready and run `check(page)` on it; then its console must
 * be clean. The page is closed whatever happens.
 */
export async function inFreshPage(ctx, url, check) {
  const other = await openPage(ctx.harness.browser);
  try {
    await other.page.setViewportSize(ctx.page.viewportSize());
    await other.page.goto(url);
    await waitState(other.page, 'ready');
    await check(other.page);
    assertPageClean(other.problems(), other.log);
  } finally {
    await other.page.close();
  }
}

/**
 * The share-link round trip: the link the Share button gives for the test's page as it is
 * now, opened in a fresh page, where `check(page, link)` asserts it carried what it should.
 * Returns the link (to make a teacher's link of it, for one).
 */
export async function shareRoundTrip(ctx, check) {
  await ctx.page.click('#btn-share');
  await ctx.page.locator('#share-url').waitFor({ state: 'visible' });
  const link = await ctx.page.inputValue('#share-url');
  await inFreshPage(ctx, link, (page) => check(page, link));
  return link;
}

// ---- share, embed and export tests (share-*.test.mjs, embed-*.test.mjs, export-*.test.mjs)

/**
 * Start the server and Chromium for one test file without opening a page (each test opens
 * its own pages: every openPage is a fresh browser context). The last test of the file
 * should check every page's console with `ctx.checkConsoles()`.
 */
export function useHarness() {
  const ctx = { harness: null, pages: [] };
  before(async () => {
    ctx.harness = await startHarness();
  });
  after(async () => {
    if (ctx.harness) await ctx.harness.close();
  });
  /** Open `url` (relative to the server, or absolute) in a fresh context; waits for `state`. */
  ctx.open = async (url, { state = 'ready', viewport = { width: 1280, height: 900 } } = {}) => {
    const opened = await openPage(ctx.harness.browser);
    ctx.pages.push(opened);
    await opened.page.setViewportSize(viewport);
    await opened.page.goto(new URL(url, ctx.harness.url).href);
    if (state) await waitState(opened.page, state);
    return opened;
  };
  /** Problems of every page opened, except lines matching `allow`. */
  ctx.problems = (allow = null) => ctx.pages.flatMap((p) => p.problems()).filter((l) => !allow || !allow.test(l));
  ctx.logs = () => ctx.pages.flatMap((p) => p.log).join('\n');
  return ctx;
}

/** Step `n` of `unit` with the page's own controls and wait until it is done. */
export async function stepWith(page, unit, n) {
  await page.selectOption('#step-unit', unit);
  await page.fill('#step-count', String(n));
  await page.click('#btn-step');
  await page.waitForFunction(() => document.body.dataset.state === 'ready' && /^Stepped/.test(document.getElementById('status').textContent), null, { timeout: TIMEOUT });
}

/** The engine's state as the page's client reports it: {counters, lastTrial, epochLog, hash}. */
export function engineState(page) {
  return page.evaluate(() => globalThis.thetaLab.client.getState());
}

export { assertPageClean };
