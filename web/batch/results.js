// Batch results (the BatchResults of protocol.js) as the page reports them, with no DOM
// (Node tests import this module): mean ± standard error curves per condition, epochs to
// criterion per condition, the CSV of `thetalab run --runs N --set ... --csv`, and the
// check of results read back from a bundle.
//
// Runs that stopped early (train.nZero zero-error epochs in a row) carry their last epoch's
// values forward in the curves, so every point of a condition averages all of its runs: a
// run that has learned the task keeps counting as learned (the page says so beside the chart).

export const CSV_HEADER = 'condition,run,epoch,pct_err,pct_unit_err,sse,phase_corr,nzero,first_zero';

/** The metrics the curves offer: key of EpochStats, label, and the plotted value. */
export const METRICS = Object.freeze([
  { key: 'pctErr', label: 'Error %: trials with any wrong output unit', axis: '%', value: (e) => 100 * e.pctErr },
  { key: 'sse', label: 'SSE: wrong output units per trial', axis: 'SSE', value: (e) => e.sse },
  { key: 'phaseCorr', label: 'Phase correlation: output ActM vs ActP', axis: 'r', value: (e) => e.phaseCorr },
]);

/** A number as C's printf("%.6g") writes it (the CLI's CSV), e.g. 0.96875, 1e-05, 123457. */
export function formatG(x, precision = 6) {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, expText] = x.toExponential(precision - 1).split('e');
  const exp = Number(expText);
  const trim = (s) => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= precision) {
    return `${trim(mantissa)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return trim(x.toFixed(precision - 1 - exp));
}

/** A CSV field: quoted only when it must be (RFC 4180). */
function csvField(text) {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per (condition, run, epoch), conditions in grid order, as the CLI writes them. */
export function batchCsv(results) {
  const lines = [CSV_HEADER];
  const jobs = [...results.jobs].sort((a, b) => a.condition - b.condition || a.run - b.run);
  for (const job of jobs) {
    const label = csvField(results.conditions[job.condition].label);
    for (const e of job.epochs) {
      lines.push([label, e.run, e.epoch, formatG(e.pctErr), formatG(e.pctUnitErr), formatG(e.sse),
        formatG(e.phaseCorr), e.nZero, e.firstZero].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

const jobsOf = (results, c) => results.jobs.filter((j) => j.condition === c);

/**
 * Mean and standard error over the runs of condition `c`, per epoch, of metric `key`
 * (plotted values, see METRICS). Runs that ended earlier carry their last value; epochs no
 * run has reached yet are left out. -> { epochs: [0..], mean: [], se: [], n: [] }
 */
export function curveStats(results, c, key) {
  const metric = METRICS.find((m) => m.key === key);
  const runs = jobsOf(results, c).filter((j) => j.epochs.length > 0);
  const last = Math.max(-1, ...runs.map((j) => j.epochs.length - 1));
  const out = { epochs: [], mean: [], se: [], n: [] };
  for (let ep = 0; ep <= last; ep++) {
    const xs = runs.map((j) => metric.value(j.epochs[Math.min(ep, j.epochs.length - 1)]));
    const n = xs.length;
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = n > 1 ? xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1) : 0;
    out.epochs.push(ep);
    out.mean.push(mean);
    out.se.push(Math.sqrt(variance / n));
    out.n.push(n);
  }
  return out;
}

/**
 * Epochs to criterion of condition `c`: every finished run's FirstZero (its first
 * zero-error epoch, -1 = never). -> { runs, reached, never, median, min, max } (median,
 * min and max over the runs that reached it; null when none did).
 */
export function criterionSummary(results, c) {
  const finished = jobsOf(results, c).filter((j) => j.epochs.length > 0);
  const firstZeros = finished.map((j) => j.epochs[j.epochs.length - 1].firstZero);
  const reached = firstZeros.filter((f) => f >= 0).sort((a, b) => a - b);
  const n = reached.length;
  const median = n === 0 ? null : n % 2 ? reached[(n - 1) / 2] : (reached[n / 2 - 1] + reached[n / 2]) / 2;
  return {
    runs: finished.length,
    reached: n,
    never: finished.length - n,
    median,
    min: n ? reached[0] : null,
    max: n ? reached[n - 1] : null,
  };
}

const EPOCH_NUMBERS = ['run', 'epoch', 'pctErr', 'pctUnitErr', 'sse', 'phaseCorr', 'nZero', 'firstZero'];

/**
 * Batch results read back from a file (a bundle's "batch"): checked field by field, so a
 * damaged file is refused with the reason instead of drawing nonsense. Returns the results.
 */
export function checkResults(doc) {
  const fail = (why) => { throw new Error(`its "batch" ${why}`); };
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) fail('is not an object');
  if (typeof doc.experiment !== 'string') fail('has no "experiment" text');
  if (!Number.isInteger(doc.runs) || doc.runs < 1) fail('has no whole "runs" count');
  if (!Array.isArray(doc.grid) || !doc.grid.every((s) => typeof s === 'string')) fail('"grid" is not a list of settings');
  if (!Array.isArray(doc.conditions) || doc.conditions.length === 0
    || !doc.conditions.every((c) => c && typeof c.label === 'string' && Array.isArray(c.settings))) {
    fail('"conditions" is not a list of {label, settings}');
  }
  if (!Array.isArray(doc.jobs)) fail('"jobs" is not a list');
  doc.jobs.forEach((j, i) => {
    if (!j || !Number.isInteger(j.condition) || j.condition < 0 || j.condition >= doc.conditions.length
      || !Number.isInteger(j.run) || j.run < 0 || !Array.isArray(j.epochs)) {
      fail(`job ${i} is not {condition, run, epochs}`);
    }
    j.epochs.forEach((e, k) => {
      if (!e || !EPOCH_NUMBERS.every((key) => typeof e[key] === 'number' && Number.isFinite(e[key]))) {
        fail(`job ${i}, epoch ${k} lacks a number (${EPOCH_NUMBERS.join(', ')})`);
      }
    });
  });
  return {
    experiment: doc.experiment,
    seed: String(doc.seed ?? ''),
    runs: doc.runs,
    grid: doc.grid,
    conditions: doc.conditions.map((c) => ({ label: c.label, settings: c.settings.map(String) })),
    jobs: doc.jobs.map((j) => ({ condition: j.condition, run: j.run, epochs: j.epochs.map((e) => ({ ...e })) })),
  };
}
