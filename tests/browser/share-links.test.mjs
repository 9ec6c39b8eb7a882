// Share links in headless Chromium: a link copied on one page opens in a fresh browser
// context with bit-identical results (the same state hash and per-epoch statistics as the
// native `thetalab hash` / `thetalab run` on the same link); the stored schema-1 link keeps
// working; a teacher link hides and locks what it says; bad links (newer schema, truncated,
// corrupted, hostile) are refused with a message while the page stays usable with ra25.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeShareFragment } from '../../web/share/link-codec.js';
import { ROOT, NATIVE_CLI, requireNativeCli } from '../node/wasm-module.mjs';
import { TIMEOUT, useHarness, stepWith, engineState, text, waitState, screenshot, assertPageClean } from './page-helpers.mjs';

const CLI = NATIVE_CLI;
const SCHEMA1_LINK = fs.readFileSync(path.join(ROOT, 'tests', 'node', 'data', 'schema1-link.txt'), 'utf8').trim();
const RA25 = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests', 'node', 'data', 'ra25.json'), 'utf8'));
const cli = (...args) => execFileSync(CLI, args, { encoding: 'utf8' }).trim();
const fragmentOf = (link) => link.slice(link.indexOf('#'));

const ctx = useHarness();

test('a copied link opens in a fresh context with the same hash and epoch statistics as thetalab', { timeout: 4 * TIMEOUT }, async () => {
  requireNativeCli();
  const { page } = await ctx.open('/');
  // A small edited experiment: 6 trials per epoch, seed 7 (Apply), then a live parameter.
  const ex = JSON.parse(await page.inputValue('#experiment-json'));
  ex.train.trialsPerEpoch = 6;
  ex.seed = 7;
  ex.name = 'ra25-small';
  await page.locator('details.json summary').click();
  await page.fill('#experiment-json', JSON.stringify(ex));
  await page.click('#btn-load-json');
  await page.waitForFunction(() => /^Rebuilt the network: ra25-small/.test(document.getElementById('status').textContent), null, { timeout: TIMEOUT });
  await page.fill('input[data-param="gi-Hidden1"]', '1.1');
  await page.press('input[data-param="gi-Hidden1"]', 'Tab');
  await page.waitForFunction(() => /"Inhib.Layer.Gi": 1.1\b/.test(document.getElementById('experiment-json').value), null, { timeout: TIMEOUT });
  await page.click('#btn-share');
  await page.locator('#share-url').waitFor({ state: 'visible' });
  const link = await page.inputValue('#share-url');
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#x=[A-Za-z0-9_-]+&v=Act$/);
  await page.waitForFunction(() => /copied|Copy the selected link/.test(document.getElementById('share-message').textContent), null, { timeout: TIMEOUT });
  // The field is selected, so Ctrl+C copies it when the clipboard API is not allowed.
  assert.equal(await page.evaluate(() => {
    const f = document.getElementById('share-url');
    return document.activeElement === f && f.selectionStart === 0 && f.selectionEnd === f.value.length;
  }), true);

  // The native CLI reads the same link.
  const trials = 9;
  const epochs = 3;
  const hash = cli('hash', link, '--trials', String(trials));
  const csvFile = path.join(os.tmpdir(), `thetalab-share-${process.pid}.csv`);
  cli('run', link, '--epochs', String(epochs), '--csv', csvFile);
  const [header, ...rows] = fs.readFileSync(csvFile, 'utf8').trim().split('\n');
  fs.rmSync(csvFile, { force: true });
  const cols = header.split(',');
  const expected = rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [cols[i], Number(v)])));
  assert.equal(expected.length, epochs);

  // A fresh browser context opens the link: same experiment, same hash after 9 trials.
  const other = (await ctx.open(link)).page;
  assert.equal(await text(other, '#experiment-name'), 'ra25-small');
  assert.equal(await text(other, '#seed'), '7');
  assert.equal(await other.locator('#link-error').isVisible(), false);
  const opened = JSON.parse(await other.inputValue('#experiment-json'));
  assert.equal(opened.network.layers.find((l) => l.name === 'Hidden1').params['Inhib.Layer.Gi'], 1.1);
  await stepWith(other, 'trial', trials);
  const state = await engineState(other);
  assert.equal(state.counters.trialsTotal ?? trials, trials);
  assert.equal(state.hash, hash, 'the state hash after the same trials differs from thetalab hash');

  // Init (the same seed) and 3 epochs: the same per-epoch statistics as thetalab run --csv.
  await other.click('#btn-init');
  await waitState(other, 'ready');
  await stepWith(other, 'epoch', epochs);
  const log = (await engineState(other)).epochLog.filter((e) => e.run === 0);
  assert.equal(log.length, epochs);
  const close = (a, b) => Math.abs(a - b) <= 1e-6 + 5e-6 * Math.abs(b);   // the CSV prints 6 significant digits
  log.forEach((e, i) => {
    const c = expected[i];
    assert.equal(e.epoch, c.epoch);
    for (const [key, col] of [['pctErr', 'pct_err'], ['pctUnitErr', 'pct_unit_err'], ['sse', 'sse'], ['phaseCorr', 'phase_corr']]) {
      assert.ok(close(e[key], c[col]), `epoch ${i} ${key}: page ${e[key]}, thetalab ${c[col]}`);
    }
    assert.equal(e.nZero, c.nzero);
    assert.equal(e.firstZero, c.first_zero);
  });
  await screenshot(other, 'share-link-opened.png');
});

test('the stored schema-1 link still opens, with thetalab\'s hash', { timeout: TIMEOUT }, async () => {
  const { page } = await ctx.open(`/${fragmentOf(SCHEMA1_LINK)}`);
  assert.equal(await page.locator('#link-error').isVisible(), false);
  assert.equal(await text(page, '#experiment-name'), 'testnet');
  assert.match(await text(page, '#status'), /^Opened the link: testnet/);
  await stepWith(page, 'trial', 3);
  requireNativeCli();
  assert.equal((await engineState(page)).hash, cli('hash', SCHEMA1_LINK, '--trials', '3'));
});

test('a teacher link hides and locks the chosen controls', { timeout: 2 * TIMEOUT }, async () => {
  const { page } = await ctx.open('/');
  await page.selectOption('#variable', 'CaDiff');
  await page.click('#btn-teacher');
  await page.locator('#teacher').waitFor({ state: 'visible' });
  for (const sel of ['input[data-hide="editor"]', 'input[data-hide="scope"]', 'input[data-lock="run"]', 'input[data-lock="variable"]', 'input[data-lock="seed"]']) {
    await page.check(sel);
  }
  await page.click('#btn-teacher-make');
  const link = await page.inputValue('#teacher-url');
  assert.match(link, /#x=[A-Za-z0-9_-]+&v=CaDiff&hide=editor,scope&lock=run,seed,variable$/);
  await page.waitForFunction(() => /hides 2 and locks 3 controls/.test(document.getElementById('teacher-message').textContent), null, { timeout: TIMEOUT });
  await page.click('#btn-teacher-close');

  const student = (await ctx.open(link)).page;
  assert.equal(await student.locator('section.editor').isVisible(), false, 'the editor is hidden');
  assert.equal(await student.locator('section.scope').isVisible(), false, 'the scope is hidden');
  assert.equal(await student.locator('#network canvas').count(), 4, 'the network is shown');
  for (const id of ['btn-run', 'btn-stop', 'btn-new-seed', 'variable']) {
    const el = student.locator(`#${id}`);
    assert.equal(await el.isDisabled(), true, `${id} is locked`);
    assert.match(await el.getAttribute('title'), /Locked by the link/);
  }
  assert.equal(await student.inputValue('#variable'), 'CaDiff');
  assert.match(await text(student, '#link-note'), /Locked by this link: Run and Stop, New seed, Variable/);
  // Shortcuts of locked controls do nothing; the rest of the page works.
  await student.keyboard.press('r');
  await student.keyboard.press('v');
  assert.equal(await student.evaluate(() => document.body.dataset.state), 'ready');
  assert.equal(await student.inputValue('#variable'), 'CaDiff');
  await stepWith(student, 'trial', 2);
  assert.equal(await student.locator('#btn-run').isDisabled(), true, 'still locked after a step');
  await screenshot(student, 'share-teacher-link.png');
});

const HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">';
const HOSTILE_DESC = '<script>window.__pwned=2</script>';

/** Open a bad fragment: the page says why (role=alert) and stays usable with ra25. */
async function refused(fragment, pattern) {
  const { page } = await ctx.open(`/${fragment}`);
  const alert = page.locator('#link-error[role="alert"]');
  assert.equal(await alert.isVisible(), true);
  assert.match(await alert.textContent(), pattern);
  assert.match(await alert.textContent(), /default experiment \(ra25\) is loaded instead/);
  assert.equal(await text(page, '#experiment-name'), 'ra25');
  await stepWith(page, 'trial', 1);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  return page;
}

test('bad links are refused with a clear message; the page stays usable', { timeout: 3 * TIMEOUT }, async () => {
  const good = await encodeShareFragment(JSON.stringify(RA25));
  const payload = good.slice(3);
  await refused(await encodeShareFragment(JSON.stringify({ ...RA25, schema: 3 })), /schema 3 is newer than this ThetaLab \(supports 2\)/);
  await refused(`#x=${payload.slice(0, Math.floor(payload.length / 2))}`, /truncated or corrupted/);
  const flipped = payload.slice(0, 40) + (payload[40] === 'A' ? 'B' : 'A') + payload.slice(41);
  await refused(`#x=${flipped}`, /damaged|refused|not valid JSON|JSON/);
  await refused('#x=%3Cscript%3E', /not base64url/);
  // Hostile and refused: its text is shown as text.
  const page = await refused(await encodeShareFragment(JSON.stringify({ ...RA25, name: HOSTILE_NAME, schema: 99 })), /schema 99/);
  assert.equal(await page.locator('img[src="x"], #link-error script').count(), 0);
});

test('hostile names in an accepted link show as text and nothing runs', { timeout: TIMEOUT }, async () => {
  const frag = await encodeShareFragment(JSON.stringify({ ...RA25, name: HOSTILE_NAME, description: HOSTILE_DESC }), { variable: '<b>x</b>', hide: ['<script>'] });
  const { page } = await ctx.open(`/${frag}`);
  assert.equal(await text(page, '#experiment-name'), HOSTILE_NAME);
  assert.equal(await text(page, '#experiment-description'), HOSTILE_DESC);
  assert.match(await text(page, '#status'), /^Opened the link: <img src=x/);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.equal(await page.locator('body script:not([src])').count(), 0);
  assert.equal(await page.inputValue('#variable'), 'Act', 'an unknown variable is ignored');
  // "From the link: <img ...>" is an option's text, after the built-in tasks.
  const fromLink = page.locator('#task option', { hasText: /^From the link: / });
  await page.selectOption('#task', await fromLink.getAttribute('value'));
  assert.match(await fromLink.textContent(), /^From the link: <img src=x/);
  await stepWith(page, 'trial', 1);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
});

test('a link opened on a loaded page (hashchange) loads it; a bad one keeps the experiment', { timeout: TIMEOUT }, async () => {
  const { page } = await ctx.open('/');
  await page.evaluate((f) => { window.location.hash = f; }, fragmentOf(SCHEMA1_LINK));
  await page.waitForFunction(() => document.getElementById('experiment-name').textContent === 'testnet', null, { timeout: TIMEOUT });
  await waitState(page, 'ready');
  await page.evaluate(() => { window.location.hash = '#x=AAAA'; });
  await page.locator('#link-error').waitFor({ state: 'visible', timeout: TIMEOUT });
  assert.match(await text(page, '#link-error'), /experiment you had stays loaded/);
  assert.equal(await text(page, '#experiment-name'), 'testnet');
  await stepWith(page, 'trial', 1);
});

test('no console errors, failed requests or CSP violations', () => {
  assertPageClean(ctx.problems(), ctx.logs());
});
