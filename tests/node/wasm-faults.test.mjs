// Faults inside the module: a trap and running out of memory surface as
// WebAssembly.RuntimeError (what the worker reports as a fatal error); an out-of-memory
// abort says "OOM". Each crash uses its own module instance: a crashed one is unusable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModule } from './wasm-module.mjs';

/** Run fn(M) on a fresh module whose abort output is kept out of the test log. */
async function withFreshModule(fn) {
  const M = await loadModule({ printErr: () => {} });
  return fn(M);
}

test('a trap throws a WebAssembly.RuntimeError', async () => {
  await withFreshModule((M) => {
    assert.throws(() => M.testOnlyCrash('trap'), (err) => err instanceof WebAssembly.RuntimeError);
  });
});

test('running out of memory aborts with "OOM", not a silent null pointer', async () => {
  await withFreshModule((M) => {
    const sim = M.createSim(M.builtinExperimentJson('ra25'));  // the module works until then
    sim.stepTrial();
    assert.throws(() => M.testOnlyCrash('oom'), (err) => {
      assert.ok(err instanceof WebAssembly.RuntimeError);
      assert.match(err.message, /^Aborted\(OOM\)/);
      return true;
    });
  });
});

test('an unknown crash kind does nothing', async () => {
  await withFreshModule((M) => {
    M.testOnlyCrash('nothing');
    assert.equal(M.simdLanes() > 0, true);
  });
});
