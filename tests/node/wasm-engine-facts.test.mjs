// What the engine tells the page instead of the page copying it (the worker sends these in
// its info): the layer types' roles, every parameter's default by type, the fsa token names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moduleFixture } from './wasm-module.mjs';

const fx = moduleFixture();
const f32 = Math.fround;

test('layerTypes: each layer type and its roles', () => {
  const roles = fx.M.layerTypes();
  assert.deepEqual(Object.keys(roles), ['Input', 'Hidden', 'Target', 'Super', 'CT', 'Pulvinar']);
  const having = (role) => Object.keys(roles).filter((t) => roles[t][role]);
  assert.deepEqual(having('hiddenLike'), ['Hidden', 'Super', 'CT']);
  assert.deepEqual(having('targetLike'), ['Target', 'Pulvinar']);
  assert.deepEqual(having('deep'), ['Super', 'CT', 'Pulvinar']);
});

test('paramDefaults: Axon\'s defaults with each layer and path type\'s overrides', () => {
  const { layer, path } = fx.M.paramDefaults();
  const gi = Object.fromEntries(Object.entries(layer).map(([type, d]) => [type, d['Inhib.Layer.Gi']]));
  assert.deepEqual(gi, { Input: f32(0.9), Hidden: 1, Target: 1, Super: 1, CT: f32(2.2), Pulvinar: 1 });
  assert.equal(layer.Input['Acts.Clamp.Ge'], 1.5);
  assert.deepEqual(Object.keys(path), ['Forward', 'Back', 'Lateral', 'Inhib', 'CTCtxt', 'Maint']);
  assert.equal(path.Back.Hidden['PathScale.Rel'], f32(0.1));
  assert.equal(path.Forward.Hidden['PathScale.Rel'], 1);
  assert.equal(path.Forward.Hidden['Learn.LRate.Base'], f32(0.04));
  assert.equal(path.Forward.Target['SWts.Init.SPct'], 0, 'SWt fixed at the mean into target-like layers');
  assert.ok(path.Forward.Hidden['SWts.Init.SPct'] > 0);
  assert.equal(path.Inhib.Hidden['SWts.Adapt.On'], 0);
  // One entry per settable parameter: each name is one the engine accepts in a setting.
  for (const name of Object.keys(layer.Hidden)) {
    assert.deepEqual(fx.M.expandSettings([`Hidden1:${name}=${layer.Hidden[name]}`]).errors, [], name);
  }
});

test('fsaTokenNames: the Reber grammar\'s tokens in unit order', () => {
  assert.deepEqual(fx.M.fsaTokenNames(), ['B', 'T', 'S', 'X', 'V', 'P', 'E']);
});
