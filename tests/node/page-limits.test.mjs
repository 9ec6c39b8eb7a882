// Limits the page and the worker share a subject with: each has its own name (issue 14
// found MAX_SCOPE_UNITS = 4 in views/state.js and 8 in protocol.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { ROOT } from './wasm-module.mjs';

/** protocol.js is a classic script for workers and pages: run it in a scope with `self`. */
function loadProtocol() {
  const scope = {};
  scope.self = scope;
  vm.runInNewContext(fs.readFileSync(path.join(ROOT, 'web', 'protocol.js'), 'utf8'), scope);
  return scope.ThetaProtocol;
}

test('the scope: the page shows at most as many units as the worker records, under another name', async () => {
  const P = loadProtocol();
  const page = await import(path.join(ROOT, 'web', 'views', 'state.js'));
  assert.equal(page.MAX_SCOPE_UNITS, undefined, 'one name, one value: the worker\'s limit is ThetaProtocol.MAX_SCOPE_UNITS');
  assert.ok(Number.isInteger(page.SCOPE_UNITS_SHOWN) && page.SCOPE_UNITS_SHOWN >= 1);
  assert.ok(page.SCOPE_UNITS_SHOWN <= P.MAX_SCOPE_UNITS, 'a scope the page builds is one the worker accepts');
});
