// The experiment file's schema is written once, in docs/experiment-file.md (a copy of the
// block at the top of engine/src/io/experiment_read.cpp): every key the engine writes in a
// built-in's canonical document is documented there, and a key that is not documented is
// refused by the engine's validator with its field path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, moduleFixture } from './wasm-module.mjs';

const DOC = fs.readFileSync(path.join(ROOT, 'docs', 'experiment-file.md'), 'utf8');
const SCHEMA_BLOCK = DOC.slice(DOC.indexOf('```\n') + 4, DOC.indexOf('```', DOC.indexOf('```\n') + 4));
const documented = new Set([...SCHEMA_BLOCK.matchAll(/"([A-Za-z]+)":/g)].map((m) => m[1]));
const fx = moduleFixture();   // fx.M; Sims made here are deleted at the end

/** Every key of a document, with its path; keys inside "params" objects are parameter names. */
function keysOf(value, at = '', out = []) {
  if (Array.isArray(value)) value.forEach((v, i) => keysOf(v, `${at}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push({ key: k, path: at ? `${at}.${k}` : k });
      if (k !== 'params') keysOf(v, at ? `${at}.${k}` : k, out);
    }
  }
  return out;
}

test('the schema block is found and lists the top-level fields', () => {
  for (const k of ['schema', 'name', 'seed', 'network', 'layers', 'paths', 'task', 'train']) assert.ok(documented.has(k), k);
});

test('every key of every built-in\'s canonical document is documented in docs/experiment-file.md', () => {
  for (const name of fx.M.builtinExperimentNames()) {
    // the canonical document a Sim writes back: every field, defaults included
    const doc = JSON.parse(fx.makeSim(fx.M.builtinExperimentJson(name)).experimentJson());
    const missing = keysOf(doc).filter(({ key }) => !documented.has(key)).map(({ path: p }) => p);
    assert.deepEqual(missing, [], `${name}: keys the engine writes but the documentation does not list`);
  }
});

test('a key the documentation does not list is refused, naming its path', () => {
  const doc = JSON.parse(fx.M.builtinExperimentJson('ra25'));
  doc.train.notInTheSchema = 1;
  assert.ok(!documented.has('notInTheSchema'));
  const errors = fx.M.validateExperiment(JSON.stringify(doc));
  assert.ok(errors.some((e) => e.path === 'train.notInTheSchema'), JSON.stringify(errors));
});

test('the schema block is the engine\'s own (the comment in engine/src/io/experiment_read.cpp)', () => {
  const source = fs.readFileSync(path.join(ROOT, 'engine', 'src', 'io', 'experiment_read.cpp'), 'utf8');
  const comment = source.split('\n').filter((l) => l.startsWith('//')).map((l) => l.replace(/^\/\/ ?/, '')).join('\n');
  for (const line of SCHEMA_BLOCK.split('\n').filter((l) => l.trim().startsWith('"')).slice(0, 40)) {
    assert.ok(comment.includes(line.trim()), `not in experiment_read.cpp's schema comment: ${line.trim()}`);
  }
});
