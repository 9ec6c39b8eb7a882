// Pattern tables (a CSV upload on the page) through the bindings: rows as plain numbers,
// errors as one Error whose field errors name row and column.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadModule, ROOT } from './wasm-module.mjs';

let M;
before(async () => {
  M = await loadModule();
});

test('Axon\'s ra25 table parses to the built-in ra25 patterns', () => {
  const text = fs.readFileSync(path.join(ROOT, 'tests/native/data/ra25-axon-patterns.csv'), 'utf8');
  const rows = M.parsePatternTable(text, 25, 25);
  assert.equal(rows.length, 25);
  assert.equal(rows[0].name, 'evt_0');
  for (const row of rows) {
    assert.ok(Array.isArray(row.input) && Array.isArray(row.target));
    assert.equal(row.input.length, 25);
    assert.equal(row.input.filter((x) => x === 1).length, 6);
  }
  // used as an inline task, the rows give the same network state as the built-in task
  const ex = JSON.parse(M.builtinExperimentJson('ra25'));
  const builtin = M.createSim(JSON.stringify(ex));
  ex.task = { ...ex.task, source: 'inline', patterns: rows };
  const inline = M.createSim(JSON.stringify(ex));
  try {
    builtin.stepTrial();
    inline.stepTrial();
    assert.equal(inline.stateHash(), builtin.stateHash());
  } finally {
    builtin.delete();
    inline.delete();
  }
});

test('values come back as the shortest numbers that read back as the same float', () => {
  const rows = M.parsePatternTable('in0\tin1\tout0\n0.1\t0.7\t1e-3\n', 2, 1);
  assert.deepEqual(rows, [{ name: '', input: [0.1, 0.7], target: [0.001] }]);
});

test('refusals name row and column under the path "patterns"', () => {
  const refused = (text, inputs = 2, targets = 1) => {
    try {
      M.parsePatternTable(text, inputs, targets);
    } catch (err) {
      assert.match(err.message, /^patterns refused:\n/);
      for (const e of err.fieldErrors) assert.equal(e.path, 'patterns');
      return err.fieldErrors.map((e) => e.message);
    }
    assert.fail('accepted');
  };
  assert.deepEqual(refused('name,a,b,c\nx,0,1,0\ny,1,abc,0\n'), ['row 3, column 3: "abc" is not a number in [0, 1]']);
  assert.match(refused('name,a,b,c\nx,0,1,2\n')[0], /^row 2, column 4: /);
  assert.match(refused('a,b\n0,1\n')[0], /column/);  // 2 columns where 3 or 4 are needed
  assert.ok(refused('').length > 0);
  assert.match(refused(42)[0], /CSV or TSV text/);
});
