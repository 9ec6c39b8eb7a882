// The inhib panel's switch and fields as setParam changes (web/views/inhib-params.js), on the
// built-in inhib experiment as the engine ships it: which paths are InhibExcite and which
// InhibInhib, whether FS-FFFB is on, and the changes that turn it off and on again, in an
// order that never leaves a running network without inhibition. No DOM, no wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './wasm-module.mjs';

const { inhibPaths, shownLayer, fffbOn, everyLayer, modeChanges } = await import(path.join(ROOT, 'web', 'views', 'inhib-params.js'));
const inhib = JSON.parse(fs.readFileSync(path.join(ROOT, 'engine', 'experiments', 'inhib.json'), 'utf8'));
const names = (paths) => paths.map((p) => `${p.from}>${p.to}`);
const noDefaults = () => ({});

test('InhibExcite paths go from an interneuron layer to an excitatory one; InhibInhib paths onto interneurons', () => {
  const { excite, inhib: self } = inhibPaths(inhib);
  assert.deepEqual(names(excite), ['Inhib1>Layer1', 'Inhib2>Layer2']);
  assert.deepEqual(names(self), ['Inhib1>Inhib1', 'Inhib2>Inhib2']);
  assert.equal(shownLayer(inhib).name, 'Layer1');
});

test('FS-FFFB is on only when every layer has Inhib.Layer.On (a layer without it takes the engine default)', () => {
  assert.equal(fffbOn(inhib, noDefaults), true);
  const oneOff = structuredClone(inhib);
  oneOff.network.layers[3].params['Inhib.Layer.On'] = 0;
  assert.equal(fffbOn(oneOff, noDefaults), false);
  delete oneOff.network.layers[3].params['Inhib.Layer.On'];
  assert.equal(fffbOn(oneOff, () => ({ 'Inhib.Layer.On': 1 })), true);
  assert.equal(fffbOn(oneOff, () => ({ 'Inhib.Layer.On': 0 })), false);
});

test('a FS-FFFB field sets its parameter on every layer', () => {
  assert.deepEqual(everyLayer(inhib, 'Inhib.Layer.Gi', 0.8).map((c) => `${c.layer}:${c.name}=${c.value}`),
    ['Layer0', 'Layer1', 'Inhib1', 'Layer2', 'Inhib2'].map((l) => `${l}:Inhib.Layer.Gi=0.8`));
});

test('off: the interneurons inhibit before FS-FFFB stops; on: FS-FFFB starts before they fall silent', () => {
  const text = (c) => (c.layer ? `${c.layer}:${c.name}=${c.value}` : `${c.from}>${c.to}:${c.name}=${c.value}`);
  const off = modeChanges(inhib, false, { excite: 6, inhib: 4 }).map(text);
  assert.deepEqual(off, [
    'Inhib1>Layer1:PathScale.Abs=6', 'Inhib2>Layer2:PathScale.Abs=6',
    'Inhib1>Inhib1:PathScale.Abs=4', 'Inhib2>Inhib2:PathScale.Abs=4',
    'Layer0:Inhib.Layer.On=0', 'Layer1:Inhib.Layer.On=0', 'Inhib1:Inhib.Layer.On=0', 'Layer2:Inhib.Layer.On=0', 'Inhib2:Inhib.Layer.On=0',
  ]);
  const on = modeChanges(inhib, true, { excite: 6, inhib: 4 }).map(text);
  assert.deepEqual(on.slice(0, 5), ['Layer0', 'Layer1', 'Inhib1', 'Layer2', 'Inhib2'].map((l) => `${l}:Inhib.Layer.On=1`));
  assert.deepEqual(on.slice(5), ['Inhib1>Layer1', 'Inhib2>Layer2', 'Inhib1>Inhib1', 'Inhib2>Inhib2'].map((p) => `${p}:PathScale.Abs=0`));
});
