// Which engine build a worker loads (web/worker-common.js chooseModule, through engineLoader):
// the SIMD module where the browser validates wasm SIMD, the scalar one where it does not
// (older Safari, school machines), or the one the page address forces with ?wasm=.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { ROOT } from './wasm-module.mjs';

const SOURCE = fs.readFileSync(path.join(ROOT, 'web', 'worker-common.js'), 'utf8');

/** Run worker-common.js in a stand-in worker scope; returns what engineLoader chose and loaded. */
function loadIn({ search = '', simd = true }) {
  const imported = [];
  const scope = {
    location: { search, href: `https://example.org/course/sim-worker.js${search}` },
    URL,
    URLSearchParams,
    importScripts: (file) => imported.push(file),
    createThetaLab: async (overrides) => ({ wasmAt: overrides.locateFile('thetalab.wasm') }),
    WebAssembly: { ...WebAssembly, validate: (bytes) => (simd ? WebAssembly.validate(bytes) : false) },
  };
  scope.self = scope;
  vm.runInNewContext(`${SOURCE}\nself.loader = self.ThetaWorkerCommon.engineLoader();`, scope);
  return { loader: scope.loader, imported };
}

test('a browser with wasm SIMD loads the SIMD module', async () => {
  const { loader, imported } = loadIn({});
  assert.equal(loader.build, 'simd');
  assert.deepEqual(imported, ['thetalab.js']);
  assert.equal((await loader()).wasmAt, 'https://example.org/course/thetalab.wasm');
});

test('a browser without wasm SIMD loads the scalar module, and says why', async () => {
  const { loader, imported } = loadIn({ simd: false });
  assert.equal(loader.build, 'scalar');
  assert.equal(loader.why, 'this browser has no WebAssembly SIMD');
  assert.deepEqual(imported, ['scalar/thetalab.js']);
  assert.equal((await loader()).wasmAt, 'https://example.org/course/scalar/thetalab.wasm');
});

test('?wasm=scalar forces the scalar module where SIMD works', () => {
  const { loader, imported } = loadIn({ search: '?wasm=scalar' });
  assert.equal(loader.build, 'scalar');
  assert.deepEqual(imported, ['scalar/thetalab.js']);
});

test('?wasm=simd where SIMD is missing, or an unknown value, is refused with a message', async () => {
  await assert.rejects(loadIn({ search: '?wasm=simd', simd: false }).loader(), /wasm=simd: this browser has no WebAssembly SIMD/);
  const bad = loadIn({ search: '?wasm=fast' });
  assert.deepEqual(bad.imported, []);
  await assert.rejects(bad.loader(), /the engine could not be loaded: wasm=fast: use wasm=simd or wasm=scalar/);
});
