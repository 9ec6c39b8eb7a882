// Keyboard and screen-reader use, and a phone-sized screen: every control has a name and a
// visible focus, the shortcuts of the help dialog work, progress is read out from a live
// region, and at 360 px nothing needs sideways scrolling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TIMEOUT, usePage, testCleanConsole, waitState, text, counter, waitCounter, screenshot,
} from './page-helpers.mjs';

const ctx = usePage();

test('every control has an accessible name', { timeout: TIMEOUT }, async () => {
  const unnamed = await ctx.page.evaluate(() => {
    const name = (el) => el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
      || (el.labels && [...el.labels].map((l) => l.textContent).join(' ').trim())
      || (el.tagName === 'BUTTON' && el.textContent.trim()) || el.closest('label')?.textContent.trim();
    return [...document.querySelectorAll('button, select, input, textarea, canvas[tabindex]')]
      .filter((el) => !name(el)).map((el) => el.outerHTML.slice(0, 120));
  });
  assert.deepEqual(unnamed, []);
  assert.equal(await ctx.page.getAttribute('#status', 'aria-live'), 'polite');
  assert.equal(await ctx.page.getAttribute('#status', 'role'), 'status');
});

test('Tab reaches the main controls, and focus is visible', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.locator('body').focus();
  const reached = new Set();
  for (let i = 0; i < 16; i++) {
    await page.keyboard.press('Tab');
    reached.add(await page.evaluate(() => document.activeElement?.id));
  }
  for (const id of ['btn-help', 'btn-init', 'btn-run', 'btn-new-seed', 'btn-step', 'step-count', 'step-unit', 'speed', 'task']) {
    assert.ok(reached.has(id), `${id} not reachable by Tab (reached: ${[...reached].join(', ')})`);
  }
  await page.focus('#btn-run');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { id: document.activeElement.id, style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  assert.equal(outline.id, 'btn-run');
  assert.notEqual(outline.style, 'none');
  assert.ok(outline.width >= 2, `focus outline ${outline.width}px`);
});

test('Enter and Space on focused buttons work', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.focus('#btn-step');
  await page.keyboard.press('Enter');
  await waitCounter(page, 'trial', '=', 1);
  await waitState(page, 'ready');
  await page.focus('#btn-init');
  await page.keyboard.press('Space');
  await page.waitForFunction(() => /^Initialized/.test(document.getElementById('status').textContent), null, { timeout: TIMEOUT });
  assert.equal(await counter(page, 'trial'), 0);
});

test('the shortcuts of the help dialog operate the page', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.locator('body').focus();
  await page.keyboard.press('?');
  assert.equal(await page.locator('#help').isVisible(), true);
  assert.match(await text(page, '#help'), /Run/);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#help').isVisible(), false);

  await page.keyboard.press('t');
  await waitCounter(page, 'trial', '=', 1);
  await waitState(page, 'ready');
  await page.keyboard.press('c');
  await waitCounter(page, 'cycle', '=', 1);
  await waitState(page, 'ready');
  await page.keyboard.press('p');
  await waitCounter(page, 'cycle', '=', 150);
  await waitState(page, 'ready');

  const variable = await page.inputValue('#variable');
  await page.keyboard.press('v');
  await page.waitForFunction((v) => document.getElementById('variable').value !== v, variable, { timeout: TIMEOUT });
  await page.keyboard.press('Shift+V');
  await page.waitForFunction((v) => document.getElementById('variable').value === v, variable, { timeout: TIMEOUT });

  await page.keyboard.press('r');
  await waitState(page, 'running');
  await waitCounter(page, 'epoch', '>=', 1);
  await page.keyboard.press('s');
  await waitState(page, 'ready');
  assert.match(await text(page, '#status'), /^Stopped at run 0, epoch \d+/);

  const seed = await text(page, '#seed');
  await page.keyboard.press('n');
  await page.waitForFunction((s) => document.getElementById('seed').textContent !== s, seed, { timeout: TIMEOUT });
  await waitState(page, 'ready');
  await page.keyboard.press('i');
  await page.waitForFunction(() => /^Initialized/.test(document.getElementById('status').textContent), null, { timeout: TIMEOUT });
  // Letters typed into a field are not shortcuts.
  await page.focus('#step-count');
  await page.keyboard.press('r');
  assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready');
});

test('at 360 px wide (a phone) everything fits without sideways scrolling', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(200);
  const widths = await page.evaluate(() => ({
    doc: document.documentElement.scrollWidth,
    widest: Math.max(...[...document.querySelectorAll('.panel, canvas')].map((e) => e.getBoundingClientRect().right)),
  }));
  assert.ok(widths.doc <= 360, `the page is ${widths.doc} px wide`);
  assert.ok(widths.widest <= 360, `something reaches ${widths.widest} px`);
  // Still usable: a run from the phone layout.
  await page.click('#btn-run');
  await waitCounter(page, 'epoch', '>=', 1);
  await page.click('#btn-stop');
  await waitState(page, 'ready');
  await screenshot(page, 'page-phone.png');
  await page.setViewportSize({ width: 1280, height: 900 });
});

testCleanConsole(ctx);
