// Lessons through the wasm module (bindings/lessons.cpp): the same parser and checker as
// `thetalab lesson check`, giving the page {ok, errors: [{line, message}], doc}, where doc is
// the tree the lesson pane renders with text nodes only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moduleFixture } from './wasm-module.mjs';

const fx = moduleFixture();  // fx.M, fx.ra25; every Sim made here is deleted at the end

const UNKNOWN_ACTION = 'unknown action "jump"; use init, run, stop, step, set, view, plot, select, open or highlight';

test('checkLesson: a valid lesson gives its tree, with steps, actions and questions numbered', () => {
  const r = fx.M.checkLesson('---\ntitle: T\nexperiment: ra25\n---\n1. [Step](do:step cycle 200)\n'
    + '2. [Lower Gi](do:set Hidden1:Inhib.Layer.Gi=0.9)\n\n:::question why\nWhy *that*?\n:::\n', '');
  assert.deepEqual(r.errors, []);
  assert.equal(r.ok, true);
  assert.equal(r.doc.title, 'T');
  assert.deepEqual([r.doc.steps, r.doc.actions, r.doc.questions], [2, 2, 1]);
  const [list, question] = r.doc.blocks;
  assert.deepEqual(list.items.map((i) => i.step), [0, 1]);
  assert.deepEqual(list.items[0].content[0], {
    type: 'action', line: 5, index: 0, target: 'step cycle 200', verb: 'step', args: ['cycle', '200'],
    content: [{ type: 'text', line: 5, text: 'Step' }],
  });
  assert.equal(question.type, 'question');
  assert.equal(question.id, 'why');
  assert.equal(question.blocks[0].content[1].type, 'em');
});

test('checkLesson: raw HTML stays text; javascript: links and unknown actions are refused with their line', () => {
  const r = fx.M.checkLesson('Some <b>bold</b> <script>x</script>.\n\n[click](javascript:alert(1))\n[Go](do:jump)\n', fx.ra25);
  assert.equal(r.ok, false);
  assert.deepEqual(r.doc.blocks[0].content, [{ type: 'text', line: 1, text: 'Some <b>bold</b> <script>x</script>.' }]);
  assert.deepEqual(r.errors.map((e) => e.line), [3, 4]);
  assert.match(r.errors[0].message, /^link to "javascript:alert\(1\)" refused/);
  assert.equal(r.errors[1].message, UNKNOWN_ACTION);
  // the refused link has no address to follow; the refused action keeps its reason for a note on it
  const [link, , action] = r.doc.blocks[1].content;
  assert.equal(link.type, 'link');
  assert.equal('href' in link, false);
  assert.equal(action.type, 'action');
  assert.equal(action.error, UNKNOWN_ACTION);
});

test('checkLesson: actions are checked against the experiment given, or the front matter\'s', () => {
  const text = '[Pick](do:select Hidden1 3)\n';
  assert.equal(fx.M.checkLesson(text, fx.ra25).ok, true);
  const testnet = fx.M.checkLesson(text, fx.M.builtinExperimentJson('testnet'));
  assert.deepEqual(testnet.errors, [{ line: 1, message: 'no layer named "Hidden1" in testnet; its layers are Input, Hidden and Output' }]);
  assert.equal(fx.M.checkLesson('---\nexperiment: testnet\n---\n' + text, '').errors[0].line, 4);
  assert.deepEqual(fx.M.checkLesson(text, '').errors, [{
    line: 1, message: 'no experiment to check the actions against: add "experiment: <built-in>" to the front matter or give the experiment',
  }]);
  assert.deepEqual(fx.M.checkLesson(7, '').errors, [{ line: 0, message: 'a lesson must be text' }]);
  assert.equal(fx.M.checkLesson(text, '{').errors[0].line, 0);
});

test('checkLessonForSim: against the experiment the sim runs', () => {
  const sim = fx.makeSim(fx.M.builtinExperimentJson('testnet'));
  assert.equal(fx.M.checkLessonForSim('[Pick](do:select Output 3)\n', sim).ok, true);
  assert.deepEqual(fx.M.checkLessonForSim('[Pick](do:select Output 4)\n', sim).errors,
    [{ line: 1, message: 'unit 4 is not in layer "Output", whose units are 0 to 3' }]);
});

test('builtinLessonText: every built-in lesson validates against its own experiment', () => {
  let lessons = 0;
  for (const name of fx.M.builtinExperimentNames()) {
    const text = fx.M.builtinLessonText(name);
    if (text === '') continue;
    lessons++;
    const r = fx.M.checkLesson(text, fx.M.builtinExperimentJson(name));
    assert.deepEqual(r.errors, [], name);
    assert.equal(r.doc.experiment, name);
  }
  assert.ok(lessons >= 1);
  assert.equal(fx.M.builtinLessonText('no-such-builtin'), '');
});
