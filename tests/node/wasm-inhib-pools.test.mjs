// The inhib sim's inhibition through the wasm module, as the page reads it: every layer
// pool's FS-FFFB variables after each cycle (poolVar) equal `thetalab trace inhib`'s columns
// bit for bit, and each trial's mean ActM and ActP per layer (layerTrialAct: the page's
// trial plot) equal `thetalab run inhib`'s. The engine's pool recording (setPoolRecording,
// recordedPoolsCopy: what the worker sends for the inhibition plots), stepped in uneven
// chunks as the worker steps, holds the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { moduleFixture, NATIVE_CLI, requireNativeCli } from './wasm-module.mjs';

const fx = moduleFixture();
const TRACE_CYCLES = 200;   // one trial of inhib: 150 + 50 cycles

/** `thetalab trace inhib --trials 1 --csv FILE` as rows of {column: number}. */
function nativeTrace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thetalab-inhib-'));
  try {
    const file = path.join(dir, 'trace.csv');
    execFileSync(NATIVE_CLI, ['trace', 'inhib', '--trials', '1', '--csv', file], { encoding: 'utf8' });
    const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split('\n');
    const names = header.split(',');
    return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], Number(v)])));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const inhibSim = () => fx.makeSim(fx.M.builtinExperimentJson('inhib'));
const layerNames = (sim) => Array.from({ length: sim.numLayers() }, (_, li) => sim.layerInfo(li).name);

test('the pool variables are the engine\'s, in vars.h\'s order', () => {
  assert.deepEqual(fx.M.poolVarNames(), ['FFs', 'FBs', 'GeExts', 'FSi', 'SSi', 'SSf', 'FSGi', 'SSGi', 'TotalGi']);
});

test('every pool variable of every layer, each cycle of a trial, equals thetalab trace inhib\'s', () => {
  requireNativeCli();
  const rows = nativeTrace();
  assert.equal(rows.length, TRACE_CYCLES);
  const sim = inhibSim();
  const names = layerNames(sim);
  const vars = fx.M.poolVarNames();
  let fsgiMoved = 0;
  for (let cycle = 0; cycle < TRACE_CYCLES; cycle++) {
    assert.equal(sim.stepCycles(1), 1);
    const row = rows[cycle];
    assert.equal(row.cycle, cycle);
    names.forEach((layer, li) => {
      vars.forEach((v) => {
        // the CLI prints float32 values with 9 significant digits: they read back exactly
        assert.equal(sim.poolVar(li, v), Math.fround(row[`${layer}.${v}`]), `cycle ${cycle} ${layer}.${v}`);
      });
    });
    if (cycle > 0 && row['Layer1.FSGi'] !== rows[cycle - 1]['Layer1.FSGi']) fsgiMoved += 1;
  }
  assert.ok(fsgiMoved > 100, `Layer1's FSGi changed in only ${fsgiMoved} cycles`);
  assert.ok(rows.some((r) => r['Layer1.SSGi'] > 0), 'SSGi builds up');
});

test('the pool recording, stepped in chunks across a trial\'s end, holds the trial as the trace has it', () => {
  requireNativeCli();
  const rows = nativeTrace();
  const sim = inhibSim();
  const names = layerNames(sim);
  const vars = fx.M.poolVarNames();
  assert.equal(sim.recordedPoolsCopy().length, 0, 'off until turned on');
  sim.setPoolRecording(true);
  const steps = [];
  for (let left = TRACE_CYCLES; left > 0;) {
    const n = sim.stepCycles(7);   // like the worker's chunks: stops at the trial's end
    steps.push(n);
    left -= n;
  }
  assert.equal(steps.at(-1), TRACE_CYCLES % 7, 'the last chunk stops at the trial\'s end');
  assert.equal(sim.counters().cycle, 0);
  assert.equal(sim.recordedCycles(), TRACE_CYCLES);
  const values = sim.recordedPoolsCopy();
  const stride = names.length * vars.length;
  assert.equal(values.length, TRACE_CYCLES * stride);
  for (const cycle of [0, 1, 37, 149, 150, 199]) {
    names.forEach((layer, li) => vars.forEach((v, vi) => {
      assert.equal(values[cycle * stride + li * vars.length + vi], Math.fround(rows[cycle][`${layer}.${v}`]), `cycle ${cycle} ${layer}.${v}`);
    }));
  }
  sim.stepCycles(3);   // the next trial replaces it from its cycle 0
  assert.equal(sim.recordedPoolsCopy().length, 3 * stride);
  sim.setPoolRecording(false);
  assert.equal(sim.recordedPoolsCopy().length, 0);
});

test('each trial\'s mean ActM and ActP per layer equal thetalab run inhib\'s', () => {
  requireNativeCli();
  const out = execFileSync(NATIVE_CLI, ['run', 'inhib'], { encoding: 'utf8' });
  const native = [...out.matchAll(/^run 0 trial (\d+) pattern \d+: (.*)$/gm)].map((m) => m[2]);
  assert.equal(native.length, 10);
  const sim = inhibSim();
  const names = layerNames(sim);
  for (let trial = 0; trial < native.length; trial++) {
    sim.stepTrial();
    const wasm = names.map((layer, li) => `${layer} ActM ${sim.layerTrialAct(li, 'minus').toFixed(3)} ActP ${sim.layerTrialAct(li, 'plus').toFixed(3)}`).join(', ');
    assert.equal(wasm, native[trial], `trial ${trial}`);
  }
  assert.equal(sim.counters().runDone, true);
});

test('a layer or a name that is not there reads null, not a value', () => {
  const sim = inhibSim();
  assert.equal(sim.poolVar(sim.numLayers(), 'FSGi'), null);
  assert.equal(sim.poolVar(-1, 'FSGi'), null);
  assert.equal(sim.poolVar(0, 'Act'), null);
  assert.equal(sim.layerTrialAct(sim.numLayers(), 'minus'), null);
  assert.equal(sim.layerTrialAct(0, 'middle'), null);
});
