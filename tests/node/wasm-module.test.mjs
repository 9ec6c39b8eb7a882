// The wasm module under Node: the Embind API the worker relies on, its error path,
// and determinism against the native build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { moduleFixture, loadModule, nativeHash, WASM_DIR, EXPECT_SIMD, ROOT } from './wasm-module.mjs';

const fx = moduleFixture();  // fx.M, fx.ra25 (ra25's experiment JSON); Sims made here are deleted at the end
const { makeSim } = fx;

test('SIMD arch and lane count', () => {
  if (EXPECT_SIMD) {
    assert.equal(fx.M.simdArch(), 'wasm');
    assert.equal(fx.M.simdLanes(), 4);
  } else {
    assert.equal(fx.M.simdArch(), 'scalar');
    assert.equal(fx.M.simdLanes(), 1);
  }
});

test('built-in experiments and neuron variable names', () => {
  assert.ok(fx.M.builtinExperimentNames().includes('ra25'));
  assert.equal(JSON.parse(fx.ra25).schema, 2);
  assert.equal(fx.M.builtinExperimentJson('no-such-experiment'), null);
  const names = fx.M.neuronVarNames();
  for (const v of ['Act', 'Vm', 'Ge', 'Gi', 'CaP', 'CaD', 'LearnCaP', 'LearnCaD']) assert.ok(names.includes(v), v);
});

test('validateExperiment returns {path, message} errors', () => {
  assert.deepEqual(fx.M.validateExperiment(fx.ra25), []);
  const errors = fx.M.validateExperiment('{');
  assert.ok(errors.length > 0);
  for (const e of errors) {
    assert.equal(typeof e.path, 'string');
    assert.ok(e.message.length > 0);
  }
});

test('createSim refuses bad JSON with an Error that names the field path', () => {
  assert.throws(() => fx.M.createSim('{'), (err) => {
    assert.ok(err instanceof Error);
    assert.ok(Array.isArray(err.fieldErrors) && err.fieldErrors.length > 0);
    return true;
  });
  const bad = '{"schema":1,"network":{"layers":[{"name":"A","shape":[0]}]}}';
  assert.throws(() => fx.M.createSim(bad), (err) => {
    assert.match(err.message, /network\.layers\[0\]\.shape: /);
    assert.ok(err.fieldErrors.some((e) => e.path === 'network.layers[0].shape'));
    return true;
  });
  assert.throws(() => fx.M.createSim(42), /JSON text/);
});

test('layers, neuron variable views and copies', () => {
  const sim = makeSim();
  const n = sim.numLayers();
  assert.ok(n >= 3);
  for (let li = 0; li < n; li++) {
    const info = sim.layerInfo(li);
    assert.equal(typeof info.name, 'string');
    assert.equal(info.shape.length, 4);
    assert.equal(info.shape.reduce((a, b) => a * b, 1), info.numNeurons);
    assert.equal(sim.layerIndex(info.name), li);
    const view = sim.neuronVarView(li, 'Act');
    assert.ok(view instanceof Float32Array);
    assert.equal(view.length, info.numNeurons);
    const copy = sim.neuronVarCopy(li, 'Vm');
    assert.equal(copy.length, info.numNeurons);
    assert.notEqual(copy.buffer, sim.neuronVarView(li, 'Vm').buffer);  // a copy, not wasm memory
    assert.deepEqual(copy, sim.neuronVarView(li, 'Vm'));
  }
  assert.equal(sim.layerInfo(n), null);
  assert.equal(sim.neuronVarView(0, 'NoSuchVar'), null);
  assert.equal(sim.neuronVarCopy(-1, 'Act'), null);
  assert.ok(sim.stateBytes() > 0);
  assert.deepEqual(fx.M.validateExperiment(sim.experimentJson()), []);
});

test('stepping advances the counters', () => {
  const sim = makeSim();
  const c0 = sim.counters();
  assert.deepEqual([c0.run, c0.epoch, c0.trial, c0.cycle, c0.trialsTotal], [0, 0, 0, 0, 0]);
  assert.equal(sim.stepCycle(), true);
  assert.equal(sim.counters().cycle, 1);
  assert.equal(sim.counters().cyclesTotal, 1);
  assert.equal(sim.stepTrial(), true);  // finishes the trial under way
  let c = sim.counters();
  assert.equal(c.trial, 1);
  assert.equal(c.cycle, 0);
  assert.equal(c.trialsTotal, 1);
  assert.equal(sim.stepTrial(), true);
  assert.equal(sim.counters().trial, 2);
  assert.equal(sim.stepEpoch(), true);  // to the end of epoch 0
  c = sim.counters();
  assert.equal(c.epoch, 1);
  assert.equal(c.trial, 0);
  const log = sim.epochLog();
  assert.equal(log.length, 1);
  assert.equal(log[0].epoch, 0);
  assert.ok(log[0].pctErr >= 0 && log[0].pctErr <= 1);
  const t = sim.lastTrial();
  assert.ok(t.pattern >= 0);
  assert.ok(Number.isFinite(t.sse));
});

test('stepCycles stops at the end of a trial and returns the cycles stepped', () => {
  const sim = makeSim();
  assert.equal(sim.stepCycles(7), 7);
  assert.equal(sim.counters().cycle, 7);
  assert.equal(sim.stepCycles(10_000), 193);  // the rest of the 200-cycle trial, not more
  let c = sim.counters();
  assert.deepEqual([c.trial, c.cycle, c.cyclesTotal], [1, 0, 200]);
  assert.equal(sim.stepCycles(0), 0);
  // a tiny schedule: the run ends after one epoch of two trials; then nothing more steps
  const tiny = JSON.parse(fx.ra25);
  tiny.train = { ...tiny.train, trialsPerEpoch: 2, epochs: 1 };
  const short = makeSim(JSON.stringify(tiny));
  assert.equal(short.stepCycles(1000), 200);
  assert.equal(short.stepCycles(1000), 200);
  c = short.counters();
  assert.equal(c.runDone, true);
  assert.equal(short.stepCycles(1000), 0);
  assert.equal(short.stepTrial(), false);
});

test('epochLogFrom returns the log from an index on', () => {
  const sim = makeSim();
  sim.stepEpoch();
  sim.stepEpoch();
  const log = sim.epochLog();
  assert.equal(sim.epochLogSize(), 2);
  assert.deepEqual(sim.epochLogFrom(0), log);
  assert.deepEqual(sim.epochLogFrom(1), [log[1]]);
  assert.deepEqual(sim.epochLogFrom(2), []);
  assert.deepEqual(sim.epochLogFrom(-3), log);
  assert.deepEqual(Object.keys(log[0]).sort(), ['epoch', 'firstZero', 'nZero', 'pctErr', 'pctUnitErr', 'phaseCorr', 'run', 'sse']);
});

test('init takes Number, BigInt and decimal-string seeds and refuses others', () => {
  const sim = makeSim();
  const hashAfter = (seed) => {
    assert.deepEqual(sim.init(seed), []);
    sim.stepTrial();
    return sim.stateHash();
  };
  const h5 = hashAfter(5);
  assert.equal(hashAfter(5n), h5);
  assert.equal(hashAfter('5'), h5);
  assert.notEqual(hashAfter(6), h5);
  assert.equal(hashAfter(18446744073709551615n), hashAfter('18446744073709551615'));
  for (const bad of [1.5, -1, 2 ** 64, 18446744073709551616n, 'x', null]) {
    const errors = sim.init(bad);
    assert.equal(errors.length, 1, String(bad));
    assert.equal(errors[0].path, 'seed');
  }
});

test('weights of one unit: copies, and views that the next weights call overwrites', () => {
  const sim = makeSim();
  const input = 0;
  const hidden = 1;
  const nIn = sim.layerInfo(input).numNeurons;
  const nHid = sim.layerInfo(hidden).numNeurons;
  const recv = sim.recvWeightsCopy(hidden, 0, input);
  assert.ok(recv instanceof Float32Array);
  assert.equal(recv.length, nIn);
  for (const w of recv) assert.ok(w >= 0 && w <= 1, `weight ${w}`);
  const send = sim.sendWeightsCopy(input, 0, hidden);
  assert.equal(send.length, nHid);
  assert.equal(send[0], recv[0]);  // the same synapse seen from both ends
  for (let si = 0; si < nIn; si++) assert.equal(sim.sendWeightsCopy(input, si, hidden)[0], recv[si]);
  assert.equal(sim.recvWeightsCopy(input, 0, hidden), null);  // the input layer receives nothing
  assert.equal(sim.recvWeightsCopy(hidden, nHid, input), null);
  assert.equal(sim.sendWeightsCopy(input, 0, 99), null);

  const view = sim.recvWeightsView(hidden, 0, input);
  assert.deepEqual(view, recv);
  const copy = view.slice();
  sim.recvWeightsView(hidden, 1, input);  // gathers into the same scratch memory
  assert.notDeepEqual(view, copy, 'the earlier view now shows unit 1');
  assert.deepEqual(sim.recvWeightsCopy(hidden, 0, input), copy);
  assert.equal(sim.sendWeightsView(hidden, 0, input), null);  // Hidden1 sends nothing to Input
});

test('weights exist exactly for the pairs of layers that a path connects', () => {
  const sim = makeSim();
  const n = sim.numLayers();
  const paths = JSON.parse(sim.experimentJson()).network.paths
    .map((p) => `${sim.layerIndex(p.from)}->${sim.layerIndex(p.to)}`);
  const found = [];
  for (let recv = 0; recv < n; recv++) {
    for (let send = 0; send < n; send++) {
      const w = sim.recvWeightsCopy(recv, 0, send);
      assert.equal(w !== null, sim.sendWeightsCopy(send, 0, recv) !== null, `${send}->${recv}`);
      if (w === null) continue;
      found.push(`${send}->${recv}`);
      assert.equal(w.length, sim.layerInfo(send).numNeurons);
      assert.ok(w.every((x) => x >= 0 && x <= 1), 'full paths: a weight from every sender');
    }
  }
  assert.deepEqual(found.sort(), paths.sort());
});

test('parameter changes are validated', () => {
  const sim = makeSim();
  const hidden = sim.layerInfo(1).name;
  assert.deepEqual(sim.setLayerParam(hidden, 'Inhib.Layer.Gi', 1.1), []);
  const unknown = sim.setLayerParam(hidden, 'No.Such.Param', 1);
  assert.ok(unknown.length > 0 && unknown[0].message.length > 0);
  assert.ok(sim.setLayerParam(hidden, 'Inhib.Layer.Gi', NaN).length > 0);
  assert.ok(sim.setLayerParam('NoSuchLayer', 'Inhib.Layer.Gi', 1).length > 0);
  const input = sim.layerInfo(0).name;
  assert.deepEqual(sim.setPathParam(input, hidden, 'Learn.LRate.Base', 0.02), []);
  assert.ok(sim.setPathParam(hidden, input, 'Learn.LRate.Base', 0.02).length > 0);  // no such path
  assert.throws(() => fx.M.throwIfFieldErrors(unknown, 'param refused'), (err) => {
    assert.match(err.message, /^param refused:\n/);
    assert.deepEqual(err.fieldErrors, unknown);
    return true;
  });
});

test('a deleted Sim refuses further calls', () => {
  const sim = fx.M.createSim(fx.ra25);
  sim.delete();
  assert.ok(sim.isDeleted());
  assert.throws(() => sim.counters());
});

function ra25HashAfter3Trials(mod, byCycles) {
  const sim = mod.createSim(mod.builtinExperimentJson('ra25'));
  try {
    while (sim.counters().trialsTotal < 3) {
      if (byCycles) sim.stepCycle();
      else sim.stepTrial();
    }
    return sim.stateHash();
  } finally {
    sim.delete();
  }
}

test('stateHash is 16 hex digits; stepping by cycles equals stepping by trials', () => {
  const h = ra25HashAfter3Trials(fx.M, false);
  assert.match(h, /^[0-9a-f]{16}$/);
  assert.equal(ra25HashAfter3Trials(fx.M, true), h);
});

test('stateHash equals the native CLI (thetalab hash ra25 --trials 3)', () => {
  const native = nativeHash('ra25', 3);
  assert.match(native, /^[0-9a-f]{16}$/);
  assert.equal(ra25HashAfter3Trials(fx.M, false), native);
});

test('deepfsa (16 data streams, Super/CT/Pulvinar) hashes equal to the native CLI after 3 steps', () => {
  const native = nativeHash('deepfsa', 3);
  const sim = fx.M.createSim(fx.M.builtinExperimentJson('deepfsa'));
  try {
    for (let i = 0; i < 3; i++) sim.stepTrial();
    assert.equal(sim.counters().trialsTotal, 3);
    assert.equal(sim.stateHash(), native);
  } finally {
    sim.delete();
  }
});

test('runs under node --disallow-code-generation-from-strings (no eval, as under a strict CSP)', () => {
  const script = `
    const create = require(${JSON.stringify(`${WASM_DIR}/thetalab.js`)});
    create().then((M) => {
      const sim = M.createSim(M.builtinExperimentJson('ra25'));
      sim.stepTrial();
      process.stdout.write(sim.stateHash());
      sim.delete();
    }, (err) => { console.error(err); process.exit(1); });`;
  const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^[0-9a-f]{16}$/);
});
