// The lesson pane (issue 18), as a student uses it: for every built-in, pick the sim, open
// its lesson and click each action link in order, checking each had its effect (the
// counters moved by the step, the editor's JSON has the setting, the variable picker, the
// scope's unit, the panel on screen, the highlighted control; a run started and stopped);
// ticks and answers survive a reload; "Copy answers" and "Download answers" give the
// expected Markdown; raw HTML stays text, and a javascript: link and an unknown action show
// as refused with the checker's message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { TIMEOUT, usePage, testCleanConsole, waitState, waitStatus, text, engineState, screenshot } from './page-helpers.mjs';

const ctx = usePage({ viewport: { width: 1280, height: 900 } });
const BUILTINS = ['testnet', 'ra25', 'deepfsa', 'neuron', 'synapse', 'detector', 'inhib', 'stability'];
const counts = {};   // name -> { actions, questions } as the pane counts them

const editorJson = async (page) => JSON.parse(await page.inputValue('#experiment-json'));

async function pickTask(page, name) {
  if (await page.inputValue('#task') !== `builtin:${name}`) {
    await page.selectOption('#task', `builtin:${name}`);
    await waitStatus(page, `^Loaded: ${name}`);
  }
  await page.waitForFunction((n) => document.getElementById('lesson-section').dataset.source === `builtin:${n}`, name, { timeout: TIMEOUT });
  if (await page.getAttribute('#btn-lesson-toggle', 'aria-expanded') !== 'true') await page.click('#btn-lesson-toggle');
}

/** Click action link k of the pane and wait for what it says it did (fails on "not done"). */
async function clickAction(page, k) {
  const link = page.locator(`#lesson-content button.lesson-action[data-action="${k}"]`);
  await link.scrollIntoViewIfNeeded();
  await page.evaluate(() => { document.getElementById('lesson-note').textContent = ''; });
  await link.click();
  await page.waitForFunction(() => /^(Done|Not done)/.test(document.getElementById('lesson-note').textContent), null, { timeout: TIMEOUT });
  const note = await text(page, '#lesson-note');
  assert.match(note, /^Done: /, `action ${k}: ${note}`);
  return note;
}

/** Where a setting applies in the experiment JSON: the values it should have set. */
function settingValues(ex, setting) {
  const [, where, name, value] = /^\s*(?:([^:]+):)?\s*([\w.]+)\s*=\s*(\S+)\s*$/.exec(setting);
  if (!where) {
    const [section, field] = name.split('.');
    return { values: [ex[section][field]], want: Number(value) };
  }
  const [from, to] = where.split('>');
  if (to === undefined) {
    const layers = ex.network.layers.filter((l) => from === '*' || l.name === from);
    return { values: layers.map((l) => l.params[name]), want: Number(value) };
  }
  const paths = ex.network.paths.filter((p) => (from === '*' || p.from === from) && (to === '*' || p.to === to));
  return { values: paths.map((p) => p.params[name]), want: Number(value) };
}

/** Follow every action link of `name`'s lesson in order, checking each one's effect. */
async function followLesson(page, name, t) {
  await pickTask(page, name);
  const { doc } = await page.evaluate((n) => globalThis.thetaLab.client.lesson({ builtin: n }), name);
  const links = await page.locator('#lesson-content button.lesson-action').evaluateAll((bs) => bs.map((b) => b.dataset.target));
  assert.equal(links.length, doc.actions, `${name}: one link per action`);
  assert.equal(await page.locator('#lesson-content button.lesson-action.broken').count(), 0, `${name}: no refused link`);
  assert.equal(await page.locator('#lesson-content textarea').count(), doc.questions);
  assert.equal(await page.locator('#lesson-content input.lesson-step-done').count(), doc.steps);
  counts[name] = { actions: doc.actions, questions: doc.questions, steps: doc.steps };
  const nData = (await editorJson(page)).train.nData ?? 1;
  let followed = 0;
  for (let k = 0; k < links.length; k++) {
    const [verb, ...args] = links[k].split(' ');
    const before = (await engineState(page)).counters;
    const note = await clickAction(page, k);
    if (verb === 'step') {
      const n = Number(args[1] ?? 1);
      const after = (await engineState(page)).counters;
      // A finished run starts the next first (a drive task's one-trial run): counted from 0.
      const base = before.runDone ? { cyclesTotal: 0, trialsTotal: 0 } : before;
      const moved = args[0] === 'cycle' ? after.cyclesTotal - base.cyclesTotal : after.trialsTotal - base.trialsTotal;
      assert.ok(['cycle', 'trial'].includes(args[0]), `${name}: no check for ${links[k]}`);
      // A step ends with the run (synapse's 10 trials): fewer, and the note says why.
      if (after.runDone && moved < n) assert.match(note, /the run ended there/, `${name} ${links[k]}: moved ${moved}`);
      else assert.equal(moved, n, `${name} ${links[k]}`);
      // With streams side by side, a trial step shows each stream an item: the Trial counter moves by nData.
      if (args[0] === 'trial' && !after.runDone && after.epoch === before.epoch) assert.equal(after.trial - before.trial, n * nData);
    } else if (verb === 'set') {
      const setting = args.join(' ');
      const { values, want } = settingValues(await editorJson(page), setting);
      assert.ok(values.length > 0 && values.every((v) => v === want), `${name} ${links[k]}: the editor has ${values}`);
    } else if (verb === 'view') {
      assert.equal(await page.inputValue('#variable'), args[0]);
      assert.equal(await page.isChecked('input[name="colour-by"][value="var"]'), true);
    } else if (verb === 'select') {
      await page.waitForFunction((want) => document.getElementById('scope-units').textContent.startsWith(want),
        `${args[0]}, unit #${args[1] ?? 0} `, { timeout: TIMEOUT });
    } else if (verb === 'open') {
      const sel = { batch: 'section.batch' }[args[0]];
      assert.ok(sel, `${name}: no check for ${links[k]}`);
      const box = await page.evaluate((el) => {
        const s = document.querySelector(el);
        const r = s.getBoundingClientRect();
        return { folded: s.classList.contains('folded'), hidden: s.hidden, top: r.top, bottom: r.bottom, inView: r.bottom > 0 && r.top < innerHeight };
      }, sel);
      assert.ok(!box.folded && !box.hidden && box.inView, `${name} ${links[k]}: ${JSON.stringify(box)}`);
    } else if (verb === 'highlight') {
      const sel = { step: '.step-row', 'raster-layer': '#raster-layer' }[args[0]];
      assert.equal(await page.locator(`${sel}.lesson-highlight`).count(), 1, `${name} ${links[k]}`);
    } else if (verb === 'run') {
      // It started (a short run may be over already); stopped at once to keep the test short,
      // unless the lesson's next link is its Stop.
      assert.match(note, /training started/);
      await page.waitForFunction(() => /^(Running|Run finished|Trial finished)/.test(document.getElementById('status').textContent), null, { timeout: TIMEOUT });
      if (!links[k + 1]?.startsWith('stop')) {
        await page.evaluate(() => document.getElementById('btn-stop').disabled || document.getElementById('btn-stop').click());
        await waitState(page, 'ready');
      }
    } else if (verb === 'stop') {
      await waitState(page, 'ready');
      assert.match(note, /stopped at|nothing was running/);
    } else if (verb === 'init') {
      const after = (await engineState(page)).counters;
      assert.deepEqual([after.run, after.cyclesTotal], [0, 0], `${name} ${links[k]}`);
    } else assert.fail(`${name}: no check for ${links[k]}`);
    followed += 1;
  }
  assert.equal(followed, doc.actions, `${name}: every action link followed`);
  t.diagnostic(`${name}: ${doc.actions} action links followed, ${doc.questions} questions, ${doc.steps} steps`);
}

for (const name of BUILTINS) {
  test(`${name}: every action link of its lesson does what it says`, { timeout: 3 * TIMEOUT }, async (t) => {
    await followLesson(ctx.page, name, t);
  });
}

test('every built-in\'s lesson was followed, with its action links, questions and steps counted', (t) => {
  assert.deepEqual(Object.keys(counts), BUILTINS);
  t.diagnostic(JSON.stringify(counts));
});

// A lesson written for this test, loaded through the pane's own path (the worker checks it
// against the loaded sim): raw HTML, a javascript: link, an unknown action, a panel this sim
// does not show, a plot, and two questions whose answers are copied and downloaded.
const HOSTILE = `---
title: Test lesson
experiment: ra25
---
# Safe text

Some <b>bold</b> and <script>alert(1)</script> stay text.

1. [click me](javascript:alert(1)) and [jump](do:jump) and [read](https://example.org/notes).
2. [Plot Vm](do:plot Vm) and [open the neuron panel](do:open neuron).

:::question why-plus
Why does the *plus* phase need \`Output\`?
:::

:::question second
What else?
:::
`;
const EXPECTED_MD = '# Test lesson: answers\n\n## Question 1 (why-plus)\n\nWhy does the *plus* phase need `Output`?\n\n'
  + '**Answer:**\n\nThe target is clamped\non Output.\n\n## Question 2 (second)\n\nWhat else?\n\n**Answer:**\n\n(no answer)\n';

test('raw HTML stays text; a javascript: link and an unknown action are refused with their message', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await pickTask(page, 'ra25');
  await page.evaluate((md) => globalThis.thetaLab.lesson.showText(md, 'test:hostile'), HOSTILE);
  await page.waitForFunction(() => document.getElementById('lesson-section').dataset.source === 'test:hostile');
  const content = page.locator('#lesson-content');
  assert.match(await content.locator('p', { hasText: 'stay text' }).textContent(), /^Some <b>bold<\/b> and <script>alert\(1\)<\/script> stay text\.$/);
  assert.equal(await content.locator('b, script').count(), 0, 'no element from the lesson\'s text');
  // the javascript: link: its text, no address, the checker's reason
  assert.equal(await content.locator('a[href^="javascript"]').count(), 0);
  assert.match(await content.locator('.lesson-refused').first().textContent(), /^click me \(refused: link to "javascript:alert\(1\)" refused/);
  // an ordinary link opens a new tab, without access to this page
  assert.deepEqual(await content.locator('a').evaluate((a) => [a.href, a.target, a.rel]), ['https://example.org/notes', '_blank', 'noopener noreferrer']);
  // the unknown action: broken, with its reason; a click only says why
  const jump = content.locator('button.lesson-action.broken');
  assert.equal(await jump.count(), 1);
  assert.match(await content.locator('.lesson-action-wrap').nth(0).textContent(), /^jump \(does nothing: unknown action "jump"; use init, run/);
  const before = (await engineState(page)).counters;
  await jump.click();
  assert.match(await text(page, '#lesson-note'), /^“jump” does nothing: unknown action "jump"/);
  assert.deepEqual((await engineState(page)).counters, before);
  assert.match(await text(page, '#lesson-content .lesson-errors'), /^2 problems in this lesson: line 9: link to "javascript:alert\(1\)" refused.*line 9: unknown action "jump"/);
  // plot: the scope's Vm plot highlighted; open: a panel this sim does not show is "not done", with why
  await clickAction(page, 1);
  assert.equal(await page.locator('#scope figure.lesson-highlight').count(), 1);
  assert.match(await page.locator('#scope figure.lesson-highlight').textContent(), /Vm Output #0/);
  await page.locator('button.lesson-action[data-action="2"]').click();
  await page.waitForFunction(() => /^Not done/.test(document.getElementById('lesson-note').textContent));
  assert.equal(await text(page, '#lesson-note'), 'Not done: the Neuron panel is not shown for ra25.');
  assert.match(await text(page, '.lesson-done.failed'), /not done: the Neuron panel is not shown for ra25/);
  await screenshot(page, 'page-lesson-refused.png');
});

test('answers and ticks survive a reload; Copy answers and Download answers give the Markdown', { timeout: 2 * TIMEOUT }, async () => {
  const { page } = ctx;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: ctx.harness.url });
  await page.fill('#lesson-q-why-plus', 'The target is clamped\non Output.');
  await page.check('#lesson-content input.lesson-step-done[data-step="1"]');
  await page.click('#btn-lesson-copy');
  await page.waitForFunction(() => /copied/.test(document.getElementById('lesson-note').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), EXPECTED_MD);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-lesson-download')]);
  assert.equal(download.suggestedFilename(), 'test-hostile-answers.md');
  assert.equal(fs.readFileSync(await download.path(), 'utf8'), EXPECTED_MD);
  // ra25's own lesson: an answer and a tick, then a reload (the pane stays open, as left)
  await page.selectOption('#task', 'builtin:testnet');
  await pickTask(page, 'ra25');
  await page.fill('#lesson-q-local-error', 'From the plus phase flowing back.');
  await page.check('#lesson-content input.lesson-step-done[data-step="2"]');
  await page.reload();
  await waitState(page, 'ready');
  await page.waitForFunction(() => document.getElementById('lesson-section').dataset.source === 'builtin:ra25', null, { timeout: TIMEOUT });
  assert.equal(await page.getAttribute('#btn-lesson-toggle', 'aria-expanded'), 'true');
  assert.equal(await page.inputValue('#lesson-q-local-error'), 'From the plus phase flowing back.');
  const ticked = await page.locator('#lesson-content input.lesson-step-done').evaluateAll((bs) => bs.filter((b) => b.checked).map((b) => b.dataset.step));
  assert.deepEqual(ticked, ['2']);
  // the test lesson's answers are its own (kept under its source and title)
  await page.evaluate((md) => globalThis.thetaLab.lesson.showText(md, 'test:hostile'), HOSTILE);
  await page.waitForFunction(() => document.getElementById('lesson-section').dataset.source === 'test:hostile');
  assert.equal(await page.inputValue('#lesson-q-why-plus'), 'The target is clamped\non Output.');
  assert.equal(await page.isChecked('#lesson-content input.lesson-step-done[data-step="1"]'), true);
  // keyboard: an action link works with Enter and with Space
  const plot = page.locator('button.lesson-action[data-action="1"]');
  for (const key of ['Enter', ' ']) {
    await page.evaluate(() => { document.getElementById('lesson-note').textContent = ''; });
    await plot.focus();
    await page.keyboard.press(key);
    await page.waitForFunction(() => /^Done: /.test(document.getElementById('lesson-note').textContent));
  }
});

testCleanConsole(ctx);
