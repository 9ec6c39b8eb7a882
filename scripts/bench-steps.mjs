#!/usr/bin/env node
// Whole-experiment step speed in the wasm module under Node: ms per trial step (one theta
// cycle of every data stream, then the weight update) and per item, median of --repeat
// timed blocks. For built-ins with several streams (deepfsa: 16) the engine's own bench
// (scripts/bench.mjs, single-stream nets) does not apply. A benchmark, never a test.
//
//   node scripts/bench-steps.mjs [experiment] [--wasm build/wasm] [--steps 5] [--repeat 5]
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const name = args[0] && !args[0].startsWith('--') ? args[0] : 'deepfsa';
const wasmDir = path.resolve(ROOT, opt('--wasm', 'build/wasm'));
const steps = Math.max(1, Number(opt('--steps', '5')));
const repeat = Math.max(1, Number(opt('--repeat', '5')));

const M = await createRequire(import.meta.url)(path.join(wasmDir, 'thetalab.js'))();
const json = M.builtinExperimentJson(name);
if (!json) {
  console.error(`bench-steps: no built-in experiment named ${name} (${M.builtinExperimentNames().join(', ')})`);
  process.exit(2);
}
const nData = JSON.parse(json).train.nData ?? 1;
const sim = M.createSim(json);
try {
  sim.stepTrial();  // warm-up (tier-up of the wasm code)
  const times = [];
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) sim.stepTrial();
    times.push((performance.now() - t0) / steps);
  }
  times.sort((a, b) => a - b);
  const ms = times[Math.floor(times.length / 2)];
  console.log(`${name} in ${path.relative(ROOT, wasmDir)} (${M.simdArch()} x${M.simdLanes()}): ` +
              `${ms.toFixed(1)} ms per step of ${nData} item(s), ${(ms / nData).toFixed(2)} ms per item ` +
              `(median of ${repeat} x ${steps} steps)`);
} finally {
  sim.delete();
}
