// Checkpoints through the bindings: a round trip continues bit for bit like the native
// build, and damaged, truncated, foreign or newer data is refused with a clear Error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moduleFixture, nativeHash, hashAtTrial } from './wasm-module.mjs';

const fx = moduleFixture();  // fx.M, fx.ra25; every Sim made here is deleted at the end
const { own } = fx;

/** Save, load into a new Sim, and check the copy is exactly the original. */
function roundTrip(sim) {
  const bytes = sim.saveCheckpoint();
  assert.ok(bytes instanceof Uint8Array);
  const copy = own(fx.M.loadCheckpoint(bytes));
  assert.equal(copy.stateHash(), sim.stateHash());
  assert.deepEqual(copy.counters(), sim.counters());
  assert.deepEqual(copy.lastTrial(), sim.lastTrial());
  assert.deepEqual(copy.epochLog(), sim.epochLog());
  assert.equal(copy.experimentJson(), sim.experimentJson());
  assert.equal(copy.experimentSeed(), sim.experimentSeed());
  return copy;
}

for (const [where, cycles] of [['mid-trial', 37], ['between trials', 0]]) {
  test(`a checkpoint saved ${where} continues like the native build (thetalab hash ra25 --trials 3)`, () => {
    const sim = own(fx.M.createSim(fx.ra25));
    sim.stepTrial();
    sim.stepCycles(cycles);
    const copy = roundTrip(sim);
    const expected = nativeHash('ra25', 3);
    const original = hashAtTrial(sim, 3);
    assert.equal(hashAtTrial(copy, 3), original);
    assert.equal(original, expected);
  });
}

test('a checkpoint keeps the epoch log, the run and changed parameters', () => {
  const sim = own(fx.M.createSim(fx.ra25));
  sim.init('18446744073709551615');  // the largest seed: kept exactly, as a decimal string
  sim.stepEpoch();
  sim.newRun();
  assert.deepEqual(sim.setLayerParam('Hidden1', 'Inhib.Layer.Gi', 1.2), []);
  sim.stepTrial();
  const copy = roundTrip(sim);
  assert.equal(copy.counters().run, 1);
  assert.equal(copy.epochLog().length, 1);
  assert.equal(JSON.parse(copy.experimentJson()).network.layers[1].params['Inhib.Layer.Gi'], 1.2);
  assert.equal(hashAtTrial(copy, 4), hashAtTrial(sim, 4));
});

test('loadCheckpoint takes an ArrayBuffer or any typed array over the bytes', () => {
  const sim = own(fx.M.createSim(fx.ra25));
  sim.stepCycles(5);
  const bytes = sim.saveCheckpoint();
  const padded = new Uint8Array(bytes.length + 16);
  padded.set(bytes, 8);
  for (const input of [bytes.buffer, new Uint8Array(padded.buffer, 8, bytes.length), new DataView(padded.buffer, 8, bytes.length)]) {
    assert.equal(own(fx.M.loadCheckpoint(input)).stateHash(), sim.stateHash());
  }
});

test('damaged, truncated, foreign and newer checkpoints are refused with a reason', () => {
  const sim = own(fx.M.createSim(fx.ra25));
  sim.stepTrial();
  const good = sim.saveCheckpoint();
  const refusal = (bytes) => {
    try {
      own(fx.M.loadCheckpoint(bytes));
    } catch (err) {
      assert.ok(err instanceof Error);
      assert.match(err.message, /^checkpoint refused:\ncheckpoint: /);
      assert.equal(err.fieldErrors.length, 1);
      assert.equal(err.fieldErrors[0].path, 'checkpoint');
      return err.fieldErrors[0].message;
    }
    assert.fail('accepted');
  };
  const flipped = good.slice();
  flipped[good.length >> 1] ^= 0x40;
  assert.match(refusal(flipped), /checksum/);
  assert.match(refusal(good.slice(0, good.length / 3)), /size/);
  const padded = new Uint8Array(good.length + 1);
  padded.set(good);
  assert.match(refusal(padded), /size/);
  assert.match(refusal(new TextEncoder().encode('PK\u0003\u0004 a zip file, not a checkpoint')), /not a ThetaLab/);
  const newer = good.slice();
  newer[8] = 99;
  assert.match(refusal(newer), /newer/);
  assert.match(refusal(new Uint8Array(0)), /not a ThetaLab/);
  assert.match(refusal('THETALAB'), /bytes/);
  assert.match(refusal(null), /bytes/);
  assert.match(refusal([84, 72, 69, 84, 65, 76, 65, 66]), /bytes/);
  // after all that, the module still works
  assert.equal(own(fx.M.loadCheckpoint(good)).stateHash(), sim.stateHash());
});
