// Batch benchmark (not a test): wall time of a batch of ra25 seeds in the page (the batch
// panel, headless Debian Chromium, localhost) with 1 and with 2 workers, and the speed-up.
// Each batch trains every seed to its end (ra25 stops after 2 zero-error epochs in a row,
// or at 100 epochs), as `thetalab run ra25 --runs N --jobs J` does.
//
//   node scripts/bench-batch.mjs [--seeds N] [--workers 1,2] [--json]
//
// Needs the wasm build (cmake --preset wasm && cmake --build --preset wasm).
import { startHarness } from '../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const SEEDS = Number(opt('--seeds', '10'));
const WORKERS = opt('--workers', '1,2').split(',').map(Number);
const JSON_OUT = args.includes('--json');
const TIMEOUT_MS = 15 * 60_000;

const harness = await startHarness();
const rows = [];
try {
  const page = await harness.browser.newPage({ viewport: { width: 1280, height: 1200 } });
  await page.goto(harness.url);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
  for (const workers of WORKERS) {
    await page.getByLabel('Seeds', { exact: true }).fill(String(SEEDS));
    await page.getByLabel('Workers', { exact: true }).fill(String(workers));
    await page.getByLabel('Epoch limit', { exact: true }).fill('');
    await page.getByLabel('Values, grid row 1').fill('');   // no grid: the experiment as it is
    await page.click('#btn-batch-start');
    await page.waitForFunction(() => document.getElementById('batch-status').dataset.ms
      || /error|Cancelled/.test(document.getElementById('batch-status').textContent), null, { timeout: TIMEOUT_MS });
    const result = await page.evaluate(() => {
      const results = globalThis.thetaLab.batch.results;
      return {
        ms: Number(document.getElementById('batch-status').dataset.ms),
        status: document.getElementById('batch-status').textContent,
        epochs: results ? results.jobs.reduce((n, j) => n + j.epochs.length, 0) : 0,
        trialsPerEpoch: results ? JSON.parse(results.experiment).train.trialsPerEpoch : 0,
      };
    });
    if (!result.ms) throw new Error(`the batch did not finish: ${result.status}`);
    rows.push({ workers, seeds: SEEDS, ...result });
  }
} finally {
  await harness.close();
}

const base = rows[0];
for (const r of rows) r.speedup = base.ms / r.ms;
if (JSON_OUT) {
  console.log(JSON.stringify(rows.map(({ status, ...r }) => r)));
} else {
  console.log(`ra25, ${SEEDS} seeds in the page's batch panel (headless Chromium):`);
  for (const r of rows) {
    const msPerTrial = r.ms / (r.epochs * r.trialsPerEpoch);
    console.log(`  ${r.workers} worker${r.workers === 1 ? ' ' : 's'}: ${(r.ms / 1000).toFixed(1)} s wall, `
      + `${r.epochs} epochs (${(msPerTrial * r.workers).toFixed(2)} ms per trial per worker), speed-up ${r.speedup.toFixed(2)}x`);
  }
}
