// The page's batch results (web/batch/results.js, no DOM): numbers written as C's %.6g (the
// CLI's CSV), mean ± SE curves with early-stopped runs carried forward, epochs to criterion,
// and the check of results read back from a bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatG, batchCsv, curveStats, criterionSummary, checkResults } from '../../web/batch/results.js';

test('formatG writes numbers as printf("%.6g") does', () => {
  const cases = [
    [0, '0'], [1, '1'], [0.96875, '0.96875'], [0.245, '0.245'], [4.836094856, '4.83609'], [-0.0573727, '-0.0573727'],
    [1e-5, '1e-05'], [0.0001, '0.0001'], [0.00012345678, '0.000123457'], [123456, '123456'], [1234567, '1.23457e+06'],
    [999999.5, '1e+06'], [1e21, '1e+21'], [2.5e-300, '2.5e-300'], [NaN, 'nan'], [Infinity, 'inf'], [-Infinity, '-inf'],
  ];
  for (const [x, want] of cases) assert.equal(formatG(x), want, String(x));
});

const epoch = (run, ep, pctErr, firstZero = -1) => ({ run, epoch: ep, pctErr, pctUnitErr: pctErr / 4, sse: pctErr * 2, phaseCorr: 0.5, nZero: 0, firstZero });
const results = {
  experiment: '{}', seed: '1', runs: 2, grid: ['Hidden1:Inhib.Layer.Gi=1,1.1'],
  conditions: [{ label: 'Hidden1:Inhib.Layer.Gi=1', settings: [] }, { label: 'a "quoted", label', settings: [] }],
  jobs: [
    // run 0 stops after epoch 1 (learned); run 1 goes on to epoch 3
    { condition: 0, run: 0, epochs: [epoch(0, 0, 0.5), epoch(0, 1, 0, 1)] },
    { condition: 0, run: 1, epochs: [epoch(1, 0, 0.75), epoch(1, 1, 0.5), epoch(1, 2, 0.25), epoch(1, 3, 0, 3)] },
    { condition: 1, run: 0, epochs: [epoch(0, 0, 1)] },
    { condition: 1, run: 1, epochs: [] },
  ],
};

test('curves: mean and standard error per epoch, stopped runs carry their last value', () => {
  const c = curveStats(results, 0, 'pctErr');
  assert.deepEqual(c.epochs, [0, 1, 2, 3]);
  assert.deepEqual(c.mean, [62.5, 25, 12.5, 0]);
  assert.deepEqual(c.n, [2, 2, 2, 2]);
  assert.equal(c.se[0], 12.5);   // sd of (50, 75) = 17.68, / sqrt(2)
  assert.equal(c.se[3], 0);
  assert.deepEqual(curveStats(results, 1, 'pctErr').n, [1], 'a run with no epochs yet is left out');
});

test('epochs to criterion: median and range over the runs that reached it, and how many never did', () => {
  assert.deepEqual(criterionSummary(results, 0), { runs: 2, reached: 2, never: 0, median: 2, min: 1, max: 3 });
  assert.deepEqual(criterionSummary(results, 1), { runs: 1, reached: 0, never: 1, median: null, min: null, max: null });
});

test('batch CSV: the CLI\'s columns, one row per (condition, run, epoch), labels quoted only when needed', () => {
  const lines = batchCsv(results).trim().split('\n');
  assert.equal(lines[0], 'condition,run,epoch,pct_err,pct_unit_err,sse,phase_corr,nzero,first_zero');
  assert.equal(lines.length, 1 + 2 + 4 + 1);
  assert.equal(lines[1], 'Hidden1:Inhib.Layer.Gi=1,0,0,0.5,0.125,1,0.5,0,-1');
  assert.equal(lines[7], '"a ""quoted"", label",0,0,1,0.25,2,0.5,0,-1');
});

test('results from a file are checked and refused with the reason', () => {
  assert.deepEqual(checkResults(JSON.parse(JSON.stringify(results))).jobs[1].epochs.length, 4);
  assert.throws(() => checkResults({ ...results, jobs: [{ condition: 5, run: 0, epochs: [] }] }), /job 0 is not \{condition, run, epochs\}/);
  assert.throws(() => checkResults({ ...results, jobs: [{ condition: 0, run: 0, epochs: [{ run: 0 }] }] }), /job 0, epoch 0 lacks a number/);
  assert.throws(() => checkResults([]), /is not an object/);
});
