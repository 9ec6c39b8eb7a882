// Each path's share of its receiver's input, as the simulation worker estimates it for the
// network view (web/path-activity.js), on the real engine: shares of one receiver's input
// of one kind add up to 1, a Pulvinar's driver takes over in the plus phase exactly as the
// engine's nonDrivePct says, and reading the estimate changes nothing in the state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, loadModule } from './wasm-module.mjs';

createRequire(import.meta.url)(path.join(ROOT, 'web', 'path-activity.js'));   // defines globalThis.ThetaPathActivity
const PA = globalThis.ThetaPathActivity;
const M = await loadModule();

/** A Sim of a built-in, its layers as the worker's info has them, and an estimator. */
function open(name) {
  const sim = M.createSim(M.builtinExperimentJson(name));
  const ex = JSON.parse(sim.experimentJson());
  const layers = ex.network.layers.map((l, index) => ({ index, ...sim.layerInfo(index), ...(l.driver && { driver: l.driver }) }));
  const estimator = PA.create(sim, layers, M.paramDefaults(), ex.train.minusCycles);
  return { sim, ex, layers, frame: (now = 0) => estimator.frame(sim.counters(), sim.experimentJson(), now), estimator };
}

/** Shares grouped by receiver and kind: each group sums to 1 (or 0: nothing active yet). */
function assertSharesAddUp(ex, layers, activity, scaleOf = () => 1) {
  const groups = new Map();
  ex.network.paths.forEach((p, k) => {
    const key = `${p.to}:${PA.kindOf(p.type)}`;
    groups.set(key, (groups.get(key) ?? 0) + activity.share[k]);
  });
  for (const [key, sum] of groups) {
    const expected = scaleOf(key);
    assert.ok(Math.abs(sum - expected) < 1e-5 || sum === 0, `${key}: shares add up to ${sum}, not ${expected}`);
  }
}

test('ra25: each receiver\'s Ge shares add up to 1; Rel 0.3 of the Back paths shows in their share', () => {
  const { sim, ex, layers, frame } = open('ra25');
  sim.stepTrial();
  sim.stepPhase();
  const a = frame();
  assert.equal(a.share.length, ex.network.paths.length);
  assertSharesAddUp(ex, layers, a);
  const k = (from, to) => ex.network.paths.findIndex((p) => p.from === from && p.to === to);
  assert.equal(a.share[k('Hidden2', 'Output')], 1, 'the Output layer has one path in');
  const back = a.share[k('Hidden2', 'Hidden1')];
  assert.ok(back > 0.05 && back < 0.5, `Hidden2 → Hidden1 (Back, Rel 0.3 of 1.3) has ${back}`);
  assert.ok(a.drive.every((d) => d >= 0 && Number.isFinite(d)));
  assert.ok(a.driverShare.every(Number.isNaN), 'ra25 has no Pulvinar');
});

test('deepfsa: the driver takes the Pulvinar over in the plus phase (1 − the engine\'s nonDrivePct), none in the minus phase', () => {
  const { sim, ex, layers, frame } = open('deepfsa');
  const pulv = layers.find((l) => l.type === 'Pulvinar').index;
  const k = (from, to, type) => ex.network.paths.findIndex((p) => p.from === from && p.to === to && p.type === type);
  const ctToP = k('HiddenCT', 'InputP', 'Forward');
  for (let trial = 0; trial < 3; trial++) {
    sim.stepPhase();   // the minus phase: the Pulvinar shows the CT layer's prediction
    const minus = frame();
    assert.equal(sim.counters().cycle, ex.train.minusCycles);
    assert.equal(minus.driverShare[pulv], 0, 'no driver in the minus phase');
    assertSharesAddUp(ex, layers, minus);
    sim.stepPhase();   // the plus phase: the driver's bursts replace the Pulvinar's input
    const plus = frame();
    const ext = sim.neuronVarCopy(pulv, 'Ext');
    const nonDrive = ext.reduce((a, b) => a + b, 0) / ext.length;
    assert.ok(Math.abs(plus.driverShare[pulv] - (1 - nonDrive)) < 1e-6);
    assert.ok(Math.abs(plus.share[ctToP] - nonDrive * (plus.drive[ctToP] > 0 ? 1 : 0)) < 1e-6,
      `the CT layer's share of the Pulvinar is ${plus.share[ctToP]}, nonDrivePct ${nonDrive}`);
    assertSharesAddUp(ex, layers, plus, (key) => (key === `InputP:Ge` ? nonDrive : 1));
  }
  assert.ok(frame().driverShare.every((v, li) => (li === pulv ? v >= 0 && v <= 1 : Number.isNaN(v))));
});

test('estimating changes nothing: the state hash is the same with and without it', () => {
  const run = (estimate) => {
    const { sim, frame } = open('deepfsa');
    for (let i = 0; i < 6; i++) {
      sim.stepPhase();
      if (estimate) frame(i * 2000);   // weights read again every time (2 s apart)
    }
    return sim.stateHash();
  };
  assert.equal(run(true), run(false));
});
