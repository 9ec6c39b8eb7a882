// The neuron and the synapse ("drive" tasks, schema 2) through the wasm module: the same trials as the
// native build (hash and the spike counts `thetalab trace` prints), with settings applied
// the way the page's panels and the batch runner apply them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { moduleFixture, nativeHash, NATIVE_CLI, requireNativeCli } from './wasm-module.mjs';

const fx = moduleFixture();

/** Spikes of the neuron in one trial of the neuron experiment with `settings` applied. */
function spikesWith(settings) {
  const { json, errors } = fx.M.applySettings(fx.M.builtinExperimentJson('neuron'), settings);
  assert.deepEqual(errors, []);
  const sim = fx.makeSim(json);
  assert.deepEqual(sim.setRecordings([{ layer: 0, neurons: [0], vars: ['Spike', 'Vm'] }]), []);
  sim.stepTrial();
  assert.equal(sim.recordedCycles(), 200);
  const rec = sim.recordedCopy(0);  // [cycle][var][unit]: Spike, Vm
  let spikes = 0;
  for (let c = 0; c < 200; c++) spikes += rec[2 * c];
  return spikes;
}

test('the neuron is a built-in, a drive task with no learning, and its schema is 2', () => {
  assert.ok(fx.M.builtinExperimentNames().includes('neuron'));
  const doc = JSON.parse(fx.makeSim(fx.M.builtinExperimentJson('neuron')).experimentJson());
  assert.equal(doc.schema, 2);
  assert.equal(doc.task.source, 'drive');
  assert.equal(doc.task.ge, 0.15);
  assert.equal(doc.train.learn, false);
  assert.equal(doc.task.targetLayer, undefined);
});

test('one trial: the hash equals the native build\'s (thetalab hash neuron --trials 1), and the run is done', () => {
  const native = nativeHash('neuron', 1);
  const sim = fx.makeSim(fx.M.builtinExperimentJson('neuron'));
  sim.stepTrial();
  assert.equal(sim.stateHash(), native);
  assert.equal(sim.counters().runDone, true);  // one trial per epoch, one epoch
  assert.equal(sim.stepTrial(), false);
});

test('spike counts per Ge equal the native trace\'s, and rise with Ge', () => {
  requireNativeCli();
  const values = ['0.1', '0.13', '0.15', '0.3'];
  const out = execFileSync(NATIVE_CLI, ['trace', 'neuron', '--set', `task.ge=${values.join(',')}`], { encoding: 'utf8' });
  const native = [...out.matchAll(/spikes: Neuron (\d+)/g)].map((m) => Number(m[1]));
  const wasm = values.map((ge) => spikesWith([`task.ge=${ge}`]));
  assert.deepEqual(wasm, native);
  assert.equal(wasm[0], 0);
  for (let i = 1; i < wasm.length; i++) assert.ok(wasm[i] >= wasm[i - 1], `${wasm}`);
});

test('the lesson\'s first step: without NMDA the neuron is silent; a layer parameter set on a running Sim acts the same', () => {
  assert.equal(spikesWith(['Neuron:Acts.NMDA.Ge=0']), 0);
  const sim = fx.makeSim(fx.M.builtinExperimentJson('neuron'));
  assert.deepEqual(sim.setLayerParam('Neuron', 'Acts.NMDA.Ge', 0), []);
  assert.deepEqual(sim.setRecordings([{ layer: 0, neurons: [0], vars: ['Spike'] }]), []);
  sim.stepTrial();
  assert.equal(sim.recordedCopy(0).reduce((a, b) => a + b, 0), 0);
});

test('bad drive settings are refused naming the field', () => {
  const { errors } = fx.M.applySettings(fx.M.builtinExperimentJson('neuron'), ['task.offCycle=300']);
  assert.equal(errors.length, 1);
  assert.match(`${errors[0].path}: ${errors[0].message}`, /task\.offCycle: must be an integer in \[0, 200\]/);
});

test('the synapse: the same spike trains and DWt as the native trace, and path figures by index', () => {
  const sim = fx.makeSim(fx.M.builtinExperimentJson('synapse'));
  assert.equal(sim.numPaths(), 1);
  assert.equal(sim.lastTrialDWt(0), 0);  // before any trial
  assert.equal(sim.lastTrialDWt(1), null);
  assert.equal(sim.pathSynCa(-1), null);
  const dwt = [];
  for (let i = 0; i < 3; i++) {
    sim.stepTrial();
    dwt.push(sim.lastTrialDWt(0));
  }
  assert.ok(sim.pathSynCa(0) >= 0);
  requireNativeCli();
  const out = execFileSync(NATIVE_CLI, ['trace', 'synapse', '--trials', '3'], { encoding: 'utf8' });
  const native = [...out.matchAll(/Sender>Receiver (\S+)/g)].map((m) => Number(m[1]));
  assert.equal(native.length, 3);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(dwt[i] - native[i]) <= 1e-6 * Math.abs(native[i]), `${dwt} vs ${native}`);
  assert.equal(sim.stateHash(), nativeHash('synapse', 3));
});
