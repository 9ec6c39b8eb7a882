// Lessons from course authors (issue 18, docs/course-authors.md), in headless Chromium: a
// share link's lesson (l=) shows with its experiment and its links act, a damaged one shows
// its problem; ?lesson=<url> from the page's own site shows, from another site it is refused
// with a message; the embed mode shows no lesson unless given one; the example lesson page
// (<theta-sim lesson="lesson.md">) shows its lesson in the iframe and its own buttons act
// through do; an inline lesson reaches a sim on another origin, whose do steps it and
// refuses an unknown action with the checker's message; the teacher dialog attaches a lesson
// file (refusing one too large for a link) and its link opens with it; a bundle carries it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { encodeShareFragment } from '../../web/share/link-codec.js';
import { textDigest } from '../../web/page/lesson-sources.js';
import { TIMEOUT, useHarness, text, waitState, screenshot } from './page-helpers.mjs';

const ctx = useHarness();
// A course site on another origin: one page with <theta-sim> and nothing else, under a CSP
// that lets the ThetaLab origin into frames, as a real host must.
const HOST_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>Another course site</title><script type="module" src="/embed/theta-sim.js"></script></head>
<body><main><h1>Another course site</h1></main></body></html>`;
let other = null;

before(async () => {
  const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src http://127.0.0.1:*; object-src 'none'; base-uri 'none'";
  const server = http.createServer((req, res) => {
    const file = { '/host.html': HOST_PAGE, '/embed/theta-sim.js': fs.readFileSync(new URL('../../web/embed/theta-sim.js', import.meta.url)) }[req.url];
    const type = req.url.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/html; charset=utf-8';
    res.writeHead(file ? 200 : 404, { 'Content-Type': type, 'Content-Security-Policy': csp });
    res.end(file ?? '');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  other = { server, url: `http://127.0.0.1:${server.address().port}/` };
});
after(async () => {
  if (other) await new Promise((resolve) => other.server.close(resolve));
});

const LESSON = `---
title: A lesson in a link
---
# Two steps

1. [Step 20 cycles](do:step cycle 20) and look at the counters.
2. [Colour the network by Ge](do:view Ge).

:::question why
Why do only some units receive input?
:::
`;

/** The l= value of a lesson, as the page's own encoder writes it. */
async function lessonParam(lesson) {
  return new URLSearchParams((await encodeShareFragment('{}', { lesson })).slice(1)).get('l');
}

/** Wait until the pane (of `page`, a page or a frame) shows the lesson from `source`. */
function waitLesson(page, source) {
  return page.waitForFunction((s) => {
    const pane = document.getElementById('lesson-section');
    return !pane.hidden && pane.dataset.source === s;
  }, source, { timeout: TIMEOUT });
}

/** Click the pane's action link k and return what the pane's note says it did. */
async function clickAction(page, k) {
  await page.evaluate(() => { document.getElementById('lesson-note').textContent = ''; });
  await page.locator(`#lesson-content button.lesson-action[data-action="${k}"]`).click();
  await page.waitForFunction(() => /^(Done|Not done)/.test(document.getElementById('lesson-note').textContent), null, { timeout: TIMEOUT });
  return text(page, '#lesson-note');
}

test('a share link\'s lesson (l=) shows with its experiment and its links act; a damaged one shows its problem', { timeout: 2 * TIMEOUT }, async () => {
  const { page } = await ctx.open(`/#builtin=testnet&l=${await lessonParam(LESSON)}`);
  await waitLesson(page, `link:${textDigest(LESSON)}`);
  assert.equal(await text(page, '#experiment-name'), 'testnet');
  assert.equal(await page.getAttribute('#btn-lesson-toggle', 'aria-expanded'), 'true', 'a given lesson opens the pane');
  assert.equal(await text(page, '#lesson-summary'), 'A lesson in a link · 2 steps, 2 action links, 1 question');
  assert.match(await clickAction(page, 0), /^Done: stepped 20 cycles: now at /);
  assert.equal(await text(page, '#counter-cycle'), '20');
  assert.match(await clickAction(page, 1), /^Done: the network is coloured by Ge/);
  assert.equal(await page.inputValue('#variable'), 'Ge');
  // The lesson belongs to the link's task: another task shows its own lesson, and back again the link's.
  await page.selectOption('#task', 'builtin:ra25');
  await waitLesson(page, 'builtin:ra25');
  await page.selectOption('#task', 'builtin:testnet');
  await waitLesson(page, `link:${textDigest(LESSON)}`);
  // A link whose lesson is damaged (here cut short) opens its experiment and says so in the pane.
  await page.evaluate((l) => { window.location.hash = `#builtin=neuron&l=${l}`; }, (await lessonParam(LESSON)).slice(0, 20));
  await waitLesson(page, 'link:damaged');
  await page.waitForFunction(() => document.getElementById('experiment-name').textContent === 'neuron', null, { timeout: TIMEOUT });
  assert.equal(await text(page, '#lesson-content'),
    'The lesson could not be shown: the lesson in this link could not be read: the link is damaged: its compressed lesson is truncated or corrupted.');
  assert.equal(await page.locator('#btn-lesson-copy').isDisabled(), true);
});

test('?lesson= shows a lesson from the page\'s own site; another site\'s is refused with a message', { timeout: 2 * TIMEOUT }, async () => {
  const { page } = await ctx.open('/index.html?lesson=examples/lesson.md#builtin=ra25');
  await waitLesson(page, `url:${new URL('/examples/lesson.md', ctx.harness.url).href}`);
  assert.match(await text(page, '#lesson-summary'), /^A prediction, then the outcome · 5 steps, 9 action links, 2 questions$/);
  assert.equal(await page.locator('#lesson-content button.lesson-action.broken').count(), 0);
  assert.match(await clickAction(page, 3), /^Done: the network is coloured by CaDiff/);
  assert.equal(await page.inputValue('#variable'), 'CaDiff');

  const away = `${other.url}lessons/week1.md`;
  const refused = (await ctx.open(`/index.html?lesson=${encodeURIComponent(away)}`)).page;
  await waitLesson(refused, `url:${away}`);
  assert.equal(await text(refused, '#lesson-content'), `The lesson could not be shown: ?lesson= names "${away}", on another site: `
    + `a lesson's links act on this page, so it is taken from this page's own site (${new URL(ctx.harness.url).origin}) only.`);
  assert.equal(await text(refused, '#experiment-name'), 'ra25', 'the sim works without its lesson');

  // Embedded, the page shows a lesson only when it is given one: not its built-in's.
  const bare = (await ctx.open('/index.html?embed=1#builtin=ra25')).page;
  assert.equal(await bare.locator('#lesson-section').isHidden(), true);
});

/** The frame of the iframe inside <theta-sim> `selector` of `page`. */
async function simFrame(page, selector) {
  return (await page.locator(`${selector} iframe`).elementHandle()).contentFrame();
}

test('the example lesson page: <theta-sim lesson="lesson.md"> shows it in the iframe; the page\'s own buttons act through do', { timeout: 2 * TIMEOUT }, async () => {
  const { page } = await ctx.open('/examples/lesson.html', { state: null });
  await page.waitForFunction(() => document.querySelector('theta-sim iframe'), null, { timeout: TIMEOUT });
  const sim = await simFrame(page, '#sim');
  await waitLesson(sim, `host:${new URL('/examples/lesson.md', ctx.harness.url).href}`);
  await page.waitForFunction(() => /lesson “A prediction, then the outcome”: 5 steps, 9 action links, 2 questions$/.test(document.getElementById('host-log').textContent), null, { timeout: TIMEOUT });
  assert.equal(await sim.getAttribute('#btn-lesson-toggle', 'aria-expanded'), 'true');
  assert.equal(await sim.locator('#lesson-content').isVisible(), true, 'the pane is shown in the embedded layout');
  await page.click('button[data-do="step cycle 150"]');
  await page.waitForFunction(() => /step cycle 150: stepped 150 cycles: now at/.test(document.getElementById('host-log').textContent), null, { timeout: TIMEOUT });
  assert.equal(await text(sim, '#counter-cycle'), '150');
  await page.fill('#action', 'view Nonsense');
  await page.click('#do-action');
  await page.waitForFunction(() => /view Nonsense: refused: unknown variable "Nonsense"/.test(document.getElementById('host-log').textContent), null, { timeout: TIMEOUT });
  // the embedded lesson's own links act too
  assert.match(await clickAction(sim, 3), /^Done: the network is coloured by CaDiff/);
  await screenshot(page, 'lesson-example-page.png');
});

test('a host on another origin: an inline lesson shows in the sim; do steps it, and an unknown action is refused with the checker\'s message', { timeout: 2 * TIMEOUT }, async () => {
  const host = (await ctx.open(new URL('/host.html', other.url).href, { state: null })).page;
  await host.waitForFunction(() => customElements.get('theta-sim'), null, { timeout: TIMEOUT });
  const heard = await host.evaluate(async (src) => {
    const el = document.createElement('theta-sim');
    el.id = 'inline';
    el.setAttribute('src', src);
    el.setAttribute('experiment', 'testnet');
    const script = document.createElement('script');
    script.type = 'text/markdown';
    // indented as it would be in the host's HTML; <b> stays text
    script.textContent = '\n      ---\n      title: Inline\n      ---\n      Some <b>text</b>.\n\n      1. [Step a trial](do:step trial)\n    ';
    el.append(script);
    const lesson = new Promise((resolve, reject) => {
      el.addEventListener('lesson', (e) => resolve(e.detail), { once: true });
      el.addEventListener('error', (e) => reject(new Error(e.detail?.message)), { once: true });
      setTimeout(() => reject(new Error('no lesson event in 50 s')), 50_000);
    });
    document.querySelector('main').append(el);
    const checked = await lesson;
    const did = await el.do('step cycle 200');
    const refused = await el.do('jump').then(() => 'accepted', (e) => e.message);
    const malformed = await el.do('view Ge) and [x](javascript:alert(1)').then(() => 'accepted', (e) => e.message);
    return { checked, did, refused, malformed, counters: (await el.getState()).counters };
  }, new URL('/index.html', ctx.harness.url).href);
  assert.deepEqual([heard.checked.ok, heard.checked.title, heard.checked.steps, heard.checked.actions], [true, 'Inline', 1, 1]);
  const sim = await simFrame(host, '#inline');
  assert.equal(new URL(sim.url()).origin, new URL(ctx.harness.url).origin);
  await waitLesson(sim, `host:${textDigest('---\ntitle: Inline\n---\nSome <b>text</b>.\n\n1. [Step a trial](do:step trial)\n')}`);
  assert.equal(await text(sim, '#lesson-content p'), 'Some <b>text</b>.');
  assert.equal(heard.did.action, 'step cycle 200');
  assert.match(heard.did.done, /^stepped 200 cycles: now at /);
  assert.equal(heard.counters.cyclesTotal, 200);
  assert.equal(heard.refused, 'unknown action "jump"; use init, run, stop, step, set, view, plot, select, open or highlight');
  assert.match(heard.malformed, /is not one action: write the verb and its arguments without brackets/);
  assert.equal(await text(sim, '#counter-trial'), '1', 'the sim shows the host\'s step');
});

test('the teacher dialog attaches a lesson file (one too large is refused) and its link opens with the lesson; a bundle carries it', { timeout: 3 * TIMEOUT }, async () => {
  const { page } = await ctx.open('/#builtin=testnet');
  await page.click('#btn-teacher');
  await page.locator('#teacher').waitFor({ state: 'visible' });
  assert.equal(await page.isChecked('#teacher-lesson-none'), true, 'no lesson unless asked');
  await page.setInputFiles('#teacher-lesson-file', { name: 'huge.md', mimeType: 'text/markdown', buffer: Buffer.alloc(300_000, 'a') });
  await page.waitForFunction(() => /huge\.md/.test(document.getElementById('teacher-lesson-note').textContent), null, { timeout: TIMEOUT });
  assert.match(await text(page, '#teacher-lesson-note'), /^“huge\.md” is 300 000 bytes, more than the 262 144 bytes \(256 KiB\) a link may carry: publish it beside the page instead/);
  await page.click('#btn-teacher-make');
  await page.waitForFunction(() => /^No link was made/.test(document.getElementById('teacher-message').textContent), null, { timeout: TIMEOUT });

  await page.setInputFiles('#teacher-lesson-file', { name: 'week1.md', mimeType: 'text/markdown', buffer: Buffer.from(LESSON) });
  await page.waitForFunction(() => /week1\.md/.test(document.getElementById('teacher-lesson-note').textContent), null, { timeout: TIMEOUT });
  assert.equal(await text(page, '#teacher-lesson-note'), '“week1.md”: 2 steps, 2 action links, 1 question, checked against the loaded experiment: no problems.');
  await page.click('#btn-teacher-make');
  await page.waitForFunction(() => /carries/.test(document.getElementById('teacher-message').textContent), null, { timeout: TIMEOUT });
  const link = await page.inputValue('#teacher-url');
  await screenshot(page, 'lesson-teacher-dialog.png');
  const lessonChars = new URLSearchParams(new URL(link).hash.slice(1)).get('l').length;
  assert.match(await text(page, '#teacher-message'), new RegExp(`\\(${link.length} characters\\)\\. It carries “week1\\.md” \\(${lessonChars} of its characters\\)\\.$`));
  await page.click('#btn-teacher-close');

  const student = (await ctx.open(link)).page;
  await waitLesson(student, `link:${textDigest(LESSON)}`);
  assert.match(await clickAction(student, 0), /^Done: stepped 20 cycles/);

  // The bundle keeps the lesson shown; opening it gives the lesson back.
  const [download] = await Promise.all([student.waitForEvent('download', { timeout: TIMEOUT }), student.click('#btn-export-bundle')]);
  const bundle = fs.readFileSync(await download.path());
  assert.equal(JSON.parse(bundle.toString('utf8')).lesson, LESSON);
  await page.setInputFiles('#import-file', { name: 'week1.thetalab.json', mimeType: 'application/json', buffer: bundle });
  await waitLesson(page, `bundle:${textDigest(LESSON)}`);
  assert.match(await text(page, '#import-message'), /Its lesson is in the Lesson pane\.$/);
});

test('no console errors, failed requests or CSP violations', () => {
  assert.deepEqual(ctx.problems(), [], ctx.logs());
});
