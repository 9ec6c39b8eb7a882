// Per-cycle recordings through the bindings (the theta-cycle scope and the spike raster):
// layout [cycle][var][unit], what a view covers, validation, and that recording does not
// change the simulation (its hash still equals the native build's).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule, nativeHash, hashAtTrial } from './wasm-module.mjs';

const SCOPE_VARS = ['Vm', 'Spike', 'CaP', 'CaD', 'LearnCaP', 'LearnCaD'];
const HIDDEN = 1;
const UNITS = [0, 7, 42, 99];
let M;
let sim;

before(async () => {
  M = await loadModule();
  sim = M.createSim(M.builtinExperimentJson('ra25'));
});

after(() => sim.delete());

test('every cycle records each var of each unit, [cycle][var][unit]', () => {
  const nHidden = sim.layerInfo(HIDDEN).numNeurons;
  assert.deepEqual(sim.setRecordings([
    { layer: HIDDEN, neurons: UNITS, vars: SCOPE_VARS },
    { layer: HIDDEN, neurons: [...Array(nHidden).keys()], vars: ['Spike'] },
  ]), []);
  const stride = SCOPE_VARS.length * UNITS.length;
  const expected = [];  // what the neuron variables show after each cycle
  for (let cycle = 0; cycle < 12; cycle++) {
    sim.stepCycle();
    for (const v of SCOPE_VARS) {
      const values = sim.neuronVarCopy(HIDDEN, v);
      for (const u of UNITS) expected.push(values[u]);
    }
    assert.equal(sim.recordedCycles(), cycle + 1);
    assert.deepEqual(Array.from(sim.recordedCopy(0)), expected);
    assert.equal(sim.recordedView(0).length, (cycle + 1) * stride);
    assert.deepEqual(sim.recordedCopy(1).subarray(cycle * nHidden), sim.neuronVarCopy(HIDDEN, 'Spike'));
  }
  // unused slots up to 8 are empty; beyond them there is nothing
  assert.equal(sim.recordedCopy(2).length, 0);
  assert.equal(sim.recordedCopy(7).length, 0);
  assert.equal(sim.recordedView(8), null);
  assert.equal(sim.recordedCopy(-1), null);
});

test('between trials the recording holds the whole last trial; the next trial starts over', () => {
  sim.stepTrial();  // finishes the trial under way
  const c = sim.counters();
  assert.equal(c.cycle, 0);
  assert.equal(sim.recordedCycles(), 200);
  const whole = sim.recordedCopy(0);
  assert.equal(whole.length, 200 * SCOPE_VARS.length * UNITS.length);
  const spikes = sim.recordedCopy(1);
  assert.ok(spikes.some((s) => s > 0), 'some hidden unit spiked during the trial');
  assert.ok(spikes.every((s) => s === 0 || s === 1));
  sim.stepCycle();
  assert.equal(sim.recordedCycles(), 1);
});

test('a view is zero-copy: valid until the next call, then it may show other values', () => {
  sim.stepTrial();
  const view = sim.recordedView(0);  // the whole last trial
  const firstCycle = view.slice(0, SCOPE_VARS.length * UNITS.length);
  sim.stepCycle();  // the next trial records its cycle 0 over the old one
  assert.notDeepEqual(view.subarray(0, firstCycle.length), firstCycle);
  assert.deepEqual(view.subarray(0, firstCycle.length), sim.recordedCopy(0));
});

test('bad recordings are refused with the field that is wrong', () => {
  const refused = (recs) => {
    const errors = sim.setRecordings(recs);
    assert.equal(errors.length, 1, JSON.stringify(recs));
    return `${errors[0].path}: ${errors[0].message}`;
  };
  assert.match(refused('Act'), /^recordings: must be an array/);
  assert.match(refused(Array(9).fill({ layer: 0, neurons: [], vars: [] })), /^recordings: at most 8/);
  assert.match(refused([null]), /^recordings\[0\]: must be an object/);
  assert.match(refused([{ layer: 9, neurons: [0], vars: ['Vm'] }]), /^recordings\[0\]\.layer: no such layer/);
  assert.match(refused([{ layer: '1', neurons: [0], vars: ['Vm'] }]), /^recordings\[0\]\.layer: /);
  assert.match(refused([{ layer: 1, neurons: [100], vars: ['Vm'] }]), /^recordings\[0\]\.neurons: unit index out of range/);
  assert.match(refused([{ layer: 1, neurons: [0.5], vars: ['Vm'] }]), /^recordings\[0\]\.neurons: /);
  assert.match(refused([{ layer: 1, neurons: 'all', vars: ['Vm'] }]), /^recordings\[0\]\.neurons: /);
  assert.match(refused([{ layer: 1, neurons: [0], vars: ['Voltage'] }]), /^recordings\[0\]\.vars: unknown variable/);
  assert.match(refused([{ layer: 1, neurons: [0], vars: [7] }]), /^recordings\[0\]\.vars: unknown variable/);
  const many = [...Array(100).keys()];
  assert.match(refused([{ layer: 1, neurons: many, vars: Array(41).fill('Vm') }]), /^recordings\[0\]: at most 4096/);
  assert.deepEqual(sim.setRecordings([]), []);  // no recordings: every slot empty
  sim.stepCycles(2);
  assert.equal(sim.recordedCopy(0).length, 0);
});

test('recording does not change the simulation: the hash equals the native build', () => {
  const recorded = M.createSim(M.builtinExperimentJson('ra25'));
  try {
    recorded.setRecordings([
      { layer: 3, neurons: [0, 1, 2, 3, 4, 5, 6, 7], vars: SCOPE_VARS },
      { layer: 1, neurons: [...Array(100).keys()], vars: ['Spike'] },
    ]);
    const hash = hashAtTrial(recorded, 3);
    const expected = nativeHash('ra25', 3);
    assert.equal(hash, expected);
  } finally {
    recorded.delete();
  }
});
