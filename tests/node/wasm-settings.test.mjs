// Batch-run API of the wasm module: settings grids (fx.M.expandSettings), applying a condition
// (fx.M.applySettings) and starting any run of a seed directly (sim.initRun).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moduleFixture } from './wasm-module.mjs';

const fx = moduleFixture();  // fx.M, fx.ra25; every Sim made here is deleted at the end
const { makeSim } = fx;

test('expandSettings: the cartesian grid, last setting fastest, with labels', () => {
  const r = fx.M.expandSettings(['Hidden1:Inhib.Layer.Gi=1.0,1.1', 'train.epochs=3', 'Input>Hidden1:Learn.LRate.Base=0.03,0.06']);
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.conditions.map((c) => c.label), [
    'Hidden1:Inhib.Layer.Gi=1.0 Input>Hidden1:Learn.LRate.Base=0.03',
    'Hidden1:Inhib.Layer.Gi=1.0 Input>Hidden1:Learn.LRate.Base=0.06',
    'Hidden1:Inhib.Layer.Gi=1.1 Input>Hidden1:Learn.LRate.Base=0.03',
    'Hidden1:Inhib.Layer.Gi=1.1 Input>Hidden1:Learn.LRate.Base=0.06',
  ]);
  assert.deepEqual(r.conditions[1].settings,
    ['Hidden1:Inhib.Layer.Gi=1.0', 'train.epochs=3', 'Input>Hidden1:Learn.LRate.Base=0.06']);
  assert.deepEqual(fx.M.expandSettings([]), { conditions: [{ label: 'baseline', settings: [] }], errors: [] });
});

test('expandSettings: refusals name the setting and say why', () => {
  const r = fx.M.expandSettings(['Hidden1:Inhib.Layr.Gi=1', 'train.epochs=0', 'Hidden1:Inhib.Layer.Gi=abc']);
  assert.deepEqual(r.conditions, []);
  assert.deepEqual(r.errors, [
    { path: 'settings[0]', message: '"Hidden1:Inhib.Layr.Gi=1": unknown layer parameter "Inhib.Layr.Gi"' },
    { path: 'settings[1]', message: '"train.epochs=0": value 0 must be an integer in [1, 100000]' },
    { path: 'settings[2]', message: '"Hidden1:Inhib.Layer.Gi=abc": "abc" is not a number' },
  ]);
  const big = fx.M.expandSettings(['train.epochs=1,2,3,4,5,6,7,8,9', 'train.nZero=0,1,2,3,4,5,6,7']);
  assert.deepEqual(big.errors, [{ path: 'settings', message: 'the grid has 9 x 8 conditions, more than the 64 allowed' }]);
  assert.deepEqual(fx.M.expandSettings('train.epochs=3').errors, [{ path: 'settings', message: 'must be an array of strings' }]);
  assert.deepEqual(fx.M.expandSettings(['train.epochs=3', 7]).errors, [{ path: 'settings[1]', message: 'must be a string' }]);
});

test('applySettings returns the changed canonical JSON, which builds the changed network', () => {
  const r = fx.M.applySettings(fx.ra25, ['Hidden1:Inhib.Layer.Gi=1.2', 'Input>Hidden1:Learn.LRate.Base=0.03', 'train.epochs=4']);
  assert.deepEqual(r.errors, []);
  const ex = JSON.parse(r.json);
  assert.equal(ex.network.layers.find((l) => l.name === 'Hidden1').params['Inhib.Layer.Gi'], 1.2);
  assert.equal(ex.network.layers.find((l) => l.name === 'Hidden2').params['Inhib.Layer.Gi'], 1.05);
  const path = ex.network.paths.find((p) => p.from === 'Input' && p.to === 'Hidden1');
  assert.equal(path.params['Learn.LRate.Base'], 0.03);
  assert.equal(ex.train.epochs, 4);
  // Canonical: the engine writes back exactly what it read.
  assert.equal(makeSim(r.json).experimentJson(), r.json);
  // No settings: the canonical form of the experiment as it was.
  assert.equal(fx.M.applySettings(fx.ra25, []).json, makeSim().experimentJson());
});

test('applySettings refuses with field errors and no JSON', () => {
  let r = fx.M.applySettings(fx.ra25, ['Hiden1:Inhib.Layer.Gi=1', 'train.epochs=2,3']);
  assert.equal(r.json, null);
  assert.deepEqual(r.errors, [
    { path: 'settings[0]', message: '"Hiden1:Inhib.Layer.Gi=1": no layer named "Hiden1"' },
    { path: 'settings[1]', message: '"train.epochs=2,3": has 2 values: apply one condition of the grid at a time' },
  ]);
  r = fx.M.applySettings('{', ['train.epochs=2']);
  assert.equal(r.json, null);
  assert.ok(r.errors.length > 0);
  assert.deepEqual(fx.M.applySettings(42, []), { json: null, errors: [{ path: '', message: 'experiment must be JSON text' }] });
  // throwIfFieldErrors turns the errors into the module's usual Error.
  assert.throws(() => fx.M.throwIfFieldErrors(fx.M.applySettings(fx.ra25, ['Hiden1:Inhib.Layer.Gi=1']).errors, 'settings refused'),
    (err) => err.fieldErrors[0].path === 'settings[0]' && /no layer named "Hiden1"/.test(err.message));
});

test('sim.initRun(seed, run) starts run r as the serial sequence reaches it', () => {
  const json = fx.M.applySettings(fx.ra25, ['train.epochs=2', 'train.trialsPerEpoch=3']).json;
  const serial = makeSim(json);
  const direct = makeSim(json);
  assert.deepEqual(serial.init(9n), []);
  while (serial.stepEpoch());
  serial.newRun();
  assert.deepEqual(direct.initRun('9', 1), []);
  assert.equal(direct.stateHash(), serial.stateHash());
  assert.equal(direct.counters().run, 1);
  while (serial.stepEpoch());
  while (direct.stepEpoch());
  assert.equal(direct.stateHash(), serial.stateHash());
  assert.deepEqual(direct.epochLog(), serial.epochLog().filter((e) => e.run === 1));
  assert.equal(direct.epochLogSize(), 2);
});

test('sim.initRun refuses a bad seed or run index', () => {
  const sim = makeSim();
  assert.deepEqual(sim.initRun(-1, 0), [{ path: 'seed', message: 'must be an integer in [0, 2^64)' }]);
  for (const run of [-1, 1.5, '2', 2e9]) {
    assert.deepEqual(sim.initRun(1, run), [{ path: 'run', message: 'must be an integer in [0, 1000000000]' }], String(run));
  }
});
