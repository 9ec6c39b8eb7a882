// Shared by the Node tests: where the wasm build is and how to load it.
import path from 'node:path';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { before, after } from 'node:test';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The wasm build dir (THETA_WASM_DIR overrides; relative paths are from the repo root). */
export const WASM_DIR = path.resolve(ROOT, process.env.THETA_WASM_DIR ?? 'build/wasm');
/** THETA_WASM_SIMD=0 marks a scalar build (the wasm-scalar preset). */
export const EXPECT_SIMD = process.env.THETA_WASM_SIMD !== '0';
/** The native CLI whose hash the wasm build must match (THETA_NATIVE_CLI overrides). */
export const NATIVE_CLI = path.resolve(ROOT, process.env.THETA_NATIVE_CLI ?? 'build/native/thetalab');

/**
 * A fresh instance of the module (throws a clear error when it has not been built).
 * @param {object} [overrides] Emscripten Module settings, e.g. { printErr }
 */
export async function loadModule(overrides = {}) {
  const js = path.join(WASM_DIR, 'thetalab.js');
  if (!fs.existsSync(js)) {
    throw new Error(`${js} is missing: build it with cmake --preset wasm && cmake --build --preset wasm`);
  }
  const createThetaLab = createRequire(import.meta.url)(js);
  return createThetaLab(overrides);
}

/**
 * The native CLI's path; throws when it has not been built. The tests that compare with it
 * fail rather than skip: the README's test command always builds it, so a missing CLI is a
 * broken set-up, not a reason to check less.
 */
export function requireNativeCli() {
  if (!fs.existsSync(NATIVE_CLI)) {
    throw new Error(`${NATIVE_CLI} is missing: build it with cmake --preset native && cmake --build --preset native`);
  }
  return NATIVE_CLI;
}

const nativeHashes = new Map();
/**
 * `thetalab hash <experiment> --trials K` from the native CLI (cached; throws when it has
 * not been built). `experiment` is a built-in name or a path to a JSON file.
 */
export function nativeHash(experiment, trials) {
  requireNativeCli();
  const key = `${experiment} ${trials}`;
  if (!nativeHashes.has(key)) {
    const out = execFileSync(NATIVE_CLI, ['hash', experiment, '--trials', String(trials)], { encoding: 'utf8' });
    nativeHashes.set(key, out.trim());
  }
  return nativeHashes.get(key);
}

/** Step `sim` by trials until `trialsTotal` trials have run in all, then return its state hash. */
export function hashAtTrial(sim, trialsTotal) {
  while (sim.counters().trialsTotal < trialsTotal) sim.stepTrial();
  return sim.stateHash();
}

/**
 * A test file's module, loaded once before its tests, and the Sims they make, deleted after
 * them (Embind objects are not garbage-collected). `M` and `ra25` (ra25's experiment JSON)
 * are set when the tests run; `own(sim)` registers a Sim, `makeSim(json = ra25)` makes one.
 */
export function moduleFixture() {
  const owned = [];
  const fx = {
    M: null,
    ra25: null,
    own(sim) {
      owned.push(sim);
      return sim;
    },
    makeSim(json = fx.ra25) {
      return fx.own(fx.M.createSim(json));
    },
  };
  before(async () => {
    fx.M = await loadModule();
    fx.ra25 = fx.M.builtinExperimentJson('ra25');
  });
  after(() => {
    for (const sim of owned) if (!sim.isDeleted()) sim.delete();
  });
  return fx;
}
