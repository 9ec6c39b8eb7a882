// Export and import in headless Chromium: curves as CSV and PNG, the experiment as JSON,
// the checkpoint and the one-file bundle; a bundle dropped back onto the page (file picker
// or drag and drop) restores the same state hash, as does a link with trained weights in a
// fresh context; bad files are refused with messages that say what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { TIMEOUT, useHarness, stepWith, engineState, text, waitState, assertPageClean } from './page-helpers.mjs';

const ctx = useHarness();
const saved = {};   // file name -> Buffer, from the first test

/** Click an export button and return the downloaded file's name and bytes. */
async function exported(page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.click(button)]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
}

/** Give the page a file through the Import picker; returns the message shown. */
async function importViaPicker(page, name, bytes) {
  await page.setInputFiles('#import-file', { name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  await page.waitForFunction(() => !/^Opening/.test(document.getElementById('import-message').textContent)
    && (document.getElementById('import-message').textContent !== '' || !document.getElementById('import-error').hidden), null, { timeout: TIMEOUT });
  await waitState(page, 'ready');
  const error = page.locator('#import-error[role="alert"]');
  return (await error.isVisible()) ? { error: await error.textContent() } : { ok: await text(page, '#import-message') };
}

test('export curves (CSV, PNG), experiment, checkpoint and bundle; the bundle restores the state', { timeout: 3 * TIMEOUT }, async () => {
  const { page } = await ctx.open('/');
  await stepWith(page, 'trial', 40);   // an epoch of 32 trials, and 8 into the next
  const before = await engineState(page);
  assert.equal(before.epochLog.length, 1);

  const csv = await exported(page, '#btn-export-csv');
  assert.equal(csv.name, 'ra25-curves.csv');
  const lines = csv.bytes.toString('utf8').trim().split('\n');
  assert.equal(lines[0], 'run,epoch,pct_err,pct_unit_err,sse,phase_corr,nzero,first_zero');
  assert.equal(lines.length, 2);
  assert.equal(Number(lines[1].split(',')[2]), before.epochLog[0].pctErr);

  const png = await exported(page, '#btn-export-png');
  assert.equal(png.name, 'ra25-curves.png');
  assert.deepEqual([...png.bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10]);

  const json = await exported(page, '#btn-export-json');
  assert.equal(JSON.parse(json.bytes.toString('utf8')).seed, 1);

  const checkpoint = await exported(page, '#btn-export-checkpoint');
  assert.equal(checkpoint.name, 'ra25.thetalab-checkpoint');
  assert.equal(checkpoint.bytes.subarray(0, 8).toString('latin1'), 'THETALAB');

  const bundle = await exported(page, '#btn-export-bundle');
  assert.equal(bundle.name, 'ra25.thetalab.json');
  const doc = JSON.parse(bundle.bytes.toString('utf8'));
  assert.equal(doc.thetalab, 'bundle');
  assert.equal(doc.version, 1);
  assert.equal(doc.experiment.name, 'ra25');
  assert.equal(doc.epochLog.length, 1);
  Object.assign(saved, { bundle: bundle.bytes, checkpoint: checkpoint.bytes, hash: before.hash, counters: before.counters });

  // Start over, then open the bundle: the same state, the curves back.
  await page.click('#btn-init');
  await waitState(page, 'ready');
  assert.notEqual((await engineState(page)).hash, before.hash);
  const result = await importViaPicker(page, bundle.name, bundle.bytes);
  assert.match(result.ok ?? result.error, /^Opened “ra25.thetalab.json”: ra25 at run 0, epoch 1, trial 8/);
  const after = await engineState(page);
  assert.equal(after.hash, before.hash);
  assert.deepEqual(after.counters, before.counters);
  assert.equal(await page.evaluate(() => Number(document.getElementById('curves').dataset.points)), 1);
  // Training goes on from there exactly as it would have.
  await stepWith(page, 'trial', 2);
  assert.equal(await counterOf(page), 10);
});

const counterOf = async (page) => Number(await text(page, '#counter-trial'));

test('a checkpoint dropped onto a fresh page restores the same state hash', { timeout: TIMEOUT }, async () => {
  const { page } = await ctx.open('/');
  await page.evaluate((b64) => {
    const bin = atob(b64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'trained.thetalab-checkpoint'));
    document.querySelector('main').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, saved.checkpoint.toString('base64'));
  await page.waitForFunction(() => /^Opened “trained.thetalab-checkpoint”/.test(document.getElementById('import-message').textContent), null, { timeout: TIMEOUT });
  assert.equal((await engineState(page)).hash, saved.hash);
  assert.equal(await counterOf(page), 8);
});

test('a link with trained weights opens in a fresh context at the same state', { timeout: 2 * TIMEOUT }, async () => {
  const { page } = await ctx.open('/');
  await importViaPicker(page, 'ra25.thetalab.json', saved.bundle);
  await page.click('#btn-share-weights');
  await page.waitForFunction(() => /trained weights/.test(document.getElementById('share-message').textContent), null, { timeout: TIMEOUT });
  const link = await page.inputValue('#share-url');
  const w = new URLSearchParams(link.slice(link.indexOf('#') + 1)).get('w');
  assert.ok(w && w.length <= 1024 * 1024, `w= is ${w?.length} characters`);
  const other = (await ctx.open(link)).page;
  assert.equal(await other.locator('#link-error').isVisible(), false);
  assert.match(await text(other, '#status'), /^Opened the link with its trained weights: ra25 at run 0, epoch 1, trial 8/);
  assert.equal((await engineState(other)).hash, saved.hash);
});

test('bad files are refused with messages that name the problem', { timeout: 2 * TIMEOUT }, async () => {
  const { page } = await ctx.open('/');
  const bundle = JSON.parse(saved.bundle.toString('utf8'));
  const cases = [
    ['empty.thetalab.json', '', /“empty.thetalab.json” cannot be opened: the file is empty/],
    ['notes.txt', 'hello', /neither a ThetaLab checkpoint \(no THETALAB header\) nor JSON/],
    ['broken.json', '{"thetalab": "bundle",', /not valid JSON/],
    ['newer.thetalab.json', JSON.stringify({ ...bundle, version: 2 }), /bundle version 2 is newer than this ThetaLab \(supports 1\)/],
    ['other.json', JSON.stringify({ thetalab: 'playlist', version: 1 }), /"thetalab" field is "playlist", not "bundle"/],
    ['nockpt.thetalab.json', JSON.stringify({ ...bundle, checkpoint: undefined }), /"checkpoint" is missing/],
    ['bad64.thetalab.json', JSON.stringify({ ...bundle, checkpoint: '***' }), /"checkpoint" is not base64/],
    ['cut.thetalab-checkpoint', saved.checkpoint.subarray(0, 5000), /“cut.thetalab-checkpoint” was refused: .*(truncated|size)/],
    ['<img src=x onerror=alert(1)>.json', '[1]', /“<img src=x onerror=alert\(1\)>.json” cannot be opened: it is JSON but not an object/],
    ['bad-experiment.json', JSON.stringify({ schema: 1, network: { layers: [] } }), /was refused: .*network/],
  ];
  for (const [name, content, pattern] of cases) {
    const result = await importViaPicker(page, name, typeof content === 'string' ? Buffer.from(content) : content);
    assert.ok(result.error, `${name} was accepted: ${result.ok}`);
    assert.match(result.error, pattern);
  }
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  // The page is still usable with its experiment.
  assert.equal(await text(page, '#experiment-name'), 'ra25');
  await stepWith(page, 'trial', 1);
});

test('no console errors, failed requests or CSP violations', () => {
  assertPageClean(ctx.problems(), ctx.logs());
});
