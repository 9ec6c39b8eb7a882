// The page in every student's browser: Chromium, Firefox ESR and WebKitGTK (the engine of
// Safari), WebKit twice, once under Debian's POSIX locale C.UTF-8, where it reports
// navigator.language "C", the tag Intl refuses (Chromium and Firefox are given "C" by a
// script). In each: load, Run, epochs advance, Stop; a share link stepped to the command
// line's hash; the scalar module (browsers without wasm SIMD) with the same hash; a
// <theta-sim> embedded by a host page on another origin, driven through the message API; the
// published site (scripts/dist.mjs) on a plain static server. Hashes are bit-exact across the
// engines and `thetalab hash`. Each test ends with no page-recorded errors (and no console
// errors where the engine captures them). WebKit needs an X display: scripts/test.sh runs
// this under xvfb-run. The rest of the page's tests are Chromium-only.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { ROOT, WASM_DIR } from '../../node/wasm-module.mjs';
import { createServer, listen } from '../../../scripts/serve.mjs';
import { ENGINES } from './drivers.mjs';
import { serveStatic } from '../static-server.mjs';

const TIMEOUT = 60_000;
const CLI = process.env.THETA_NATIVE_CLI ?? path.join(ROOT, 'build', 'native', 'thetalab');
const cliHash = (what, trials) => execFileSync(CLI, ['hash', what, '--trials', String(trials)], { encoding: 'utf8' }).trim();
const SCHEMA1_LINK = fs.readFileSync(path.join(ROOT, 'tests', 'node', 'data', 'schema1-link.txt'), 'utf8').trim();
const HASHES = {   // the command line's, computed once
  link3: cliHash(SCHEMA1_LINK, 3),
  ra25x3: cliHash('ra25', 3),
  testnet2: cliHash('testnet', 2),
};

// A course site on another origin (another port): one page that loads theta-sim.js.
const HOST_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<title>A course site</title><script type="module" src="/embed/theta-sim.js"></script></head>
<body><main><h1>A course site</h1></main></body></html>`;
function hostServer() {
  const web = path.join(ROOT, 'web');
  const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src http://127.0.0.1:*; object-src 'none'; base-uri 'none'";
  return http.createServer((req, res) => {
    const rel = new URL(req.url, 'http://x').pathname;
    if (rel === '/host.html') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp });
      return res.end(HOST_PAGE);
    }
    if (!rel.startsWith('/embed/') || rel.includes('..')) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Content-Security-Policy': csp });
    return res.end(fs.readFileSync(path.join(web, rel)));
  });
}

/** Poll `expr` in the tab until it is truthy; fails with `what` after `ms`. */
async function waitFor(tab, expr, what, ms = TIMEOUT) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await tab.eval(expr);
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const STATE = 'document.body.dataset.state';
const waitReady = (tab) => waitFor(tab, `${STATE} === 'ready'`, 'the page to be ready (body[data-state=ready])');

/**
 * Every test ends here: nothing in the page's own error record (uncaught errors and
 * rejections, all engines) nor, where the engine can capture it, in the console.
 */
async function assertNoErrors(tab) {
  assert.deepEqual(await tab.eval('globalThis.thetaLab.errors.slice()'), [], 'globalThis.thetaLab.errors');
  const console = tab.problems();
  if (console !== null) assert.deepEqual(console, [], 'console errors');
}

/** Step n trials with the page's step controls, as a user does; returns the engine's hash. */
async function stepTrials(tab, n) {
  await tab.eval(`(() => {
    const unit = document.getElementById('step-unit');
    unit.value = 'trial';
    unit.dispatchEvent(new Event('change', { bubbles: true }));
    const count = document.getElementById('step-count');
    count.value = '${n}';
    count.dispatchEvent(new Event('input', { bubbles: true }));
    count.dispatchEvent(new Event('change', { bubbles: true }));
    document.getElementById('btn-step').click();
    return true;
  })()`);
  await waitFor(tab, `${STATE} === 'ready' && /^Stepped/.test(document.getElementById('status').textContent)`, `${n} trials stepped`);
  assert.equal(Number(await tab.eval("document.getElementById('counter-trial').textContent")), n);
  return tab.eval('globalThis.thetaLab.client.getState().then((s) => s.hash)');
}

let site = null;        // the page's own server
let host = null;        // the other origin
let published = null;   // the published site (scripts/dist.mjs) on a plain static server
const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'thetalab-dist-'));
before(async () => {
  site = await listen(createServer({ roots: [path.join(ROOT, 'web'), WASM_DIR] }), 0);
  host = await listen(hostServer(), 0);
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'dist.mjs'), distDir], { stdio: 'ignore' });
  published = await serveStatic(distDir);
});
after(async () => {
  for (const s of [site, host]) if (s) await new Promise((resolve) => s.server.close(resolve));
  if (published) await published.close();
  fs.rmSync(distDir, { recursive: true, force: true });
});

for (const engine of ENGINES) {
  describe(engine.id, () => {
    let browser = null;
    before(async () => {
      browser = await engine.launch();
      console.log(`# ${browser.name} ${browser.version}, navigator.language ${JSON.stringify(browser.language)}`);
      if (engine.language) assert.equal(browser.language, engine.language, `${browser.name}'s navigator.language on a blank page`);
    });
    after(async () => {
      if (browser) await browser.close();
    });

    test('load, Run: epochs advance; Stop', { timeout: 2 * TIMEOUT }, async () => {
      const tab = await browser.open(`${site.url}?t=run`);
      await waitReady(tab);
      assert.equal(await tab.eval('document.body.dataset.wasm'), 'simd');
      assert.ok(await tab.eval('(new Intl.NumberFormat(navigator.language), navigator.language)'), 'a language tag Intl accepts');
      await tab.eval("document.getElementById('btn-run').click(), true");
      await waitFor(tab, "Number(document.getElementById('counter-epoch').textContent) >= 2", 'two epochs of training');
      assert.ok(await tab.eval("Number(document.getElementById('curves').dataset.points) > 0"), 'the curves have points');
      await tab.eval("document.getElementById('btn-stop').click(), true");
      await waitFor(tab, `${STATE} === 'ready' && /^Stopped/.test(document.getElementById('status').textContent)`, 'Stop');
      await assertNoErrors(tab);
      await tab.close();
    });

    test('a language tag Intl refuses ("C", WebKitGTK\'s under a C.UTF-8 locale) falls back; the curves draw', { timeout: TIMEOUT }, async (t) => {
      const native = browser.language === 'C';
      if (!native && !browser.canSetLanguage) {
        // WebKitWebDriver runs no script before the page's; webkit-posix-locale has "C" natively.
        t.skip(`${browser.name} reports ${browser.language} and cannot be given another language before the page loads`);
        return;
      }
      const tab = await browser.open(`${site.url}?t=lang`, native ? {} : { language: 'C' });
      await waitReady(tab);
      assert.equal(await tab.eval('navigator.language'), 'en-US');
      await stepTrials(tab, 1);
      assert.equal(await tab.eval("document.querySelectorAll('.view-error').length"), 0);
      await assertNoErrors(tab);
      await tab.close();
    });

    test('the published site (scripts/dist.mjs) on a plain static server: load, step to the CLI hash, Run, Stop', { timeout: TIMEOUT }, async () => {
      const tab = await browser.open(`${published.url}?t=dist`);
      await waitReady(tab);
      assert.equal(await stepTrials(tab, 3), HASHES.ra25x3);
      await tab.eval("document.getElementById('btn-run').click(), true");
      await waitFor(tab, "Number(document.getElementById('counter-epoch').textContent) >= 1", 'an epoch of training');
      await tab.eval("document.getElementById('btn-stop').click(), true");
      await waitFor(tab, `${STATE} === 'ready'`, 'Stop');
      await assertNoErrors(tab);
      await tab.close();
    });

    test('a share link stepped 3 trials has the command line\'s hash', { timeout: TIMEOUT }, async () => {
      const tab = await browser.open(`${site.url}?t=link${SCHEMA1_LINK.slice(SCHEMA1_LINK.indexOf('#'))}`);
      await waitReady(tab);
      assert.equal(await stepTrials(tab, 3), HASHES.link3);
      await assertNoErrors(tab);
      await tab.close();
    });

    test('the scalar module (no wasm SIMD) gives the same hash', { timeout: TIMEOUT }, async () => {
      const tab = await browser.open(`${site.url}?wasm=scalar`);
      await waitReady(tab);
      assert.equal(await tab.eval('document.body.dataset.wasm'), 'scalar');
      assert.equal(await stepTrials(tab, 3), HASHES.ra25x3);
      await assertNoErrors(tab);
      await tab.close();
    });

    test('a <theta-sim> on another origin, driven through the message API', { timeout: TIMEOUT }, async () => {
      const tab = await browser.open(`${host.url}host.html`);
      await waitFor(tab, "!!customElements.get('theta-sim')", 'theta-sim.js to define <theta-sim>');
      const result = await tab.eval(`(async () => {
        const el = document.createElement('theta-sim');
        el.setAttribute('src', ${JSON.stringify(`${site.url}index.html`)});
        el.setAttribute('experiment', 'testnet');
        const ready = new Promise((resolve, reject) => {
          el.addEventListener('ready', () => resolve(true), { once: true });
          el.addEventListener('error', (e) => reject(new Error('the embedded sim failed: ' + (e.detail && e.detail.message))), { once: true });
          setTimeout(() => reject(new Error('no ready event from the embedded sim in 45 s')), 45000);
        });
        document.querySelector('main').append(el);
        await ready;
        const stepped = await el.step({ unit: 'trial', n: 2 });
        const state = await el.getState();
        return { trial: stepped.counters.trial, hash: state.hash, origin: new URL(el.querySelector('iframe').src).origin, here: location.origin };
      })()`);
      assert.notEqual(result.origin, result.here, 'the sim is on another origin than its host');
      assert.equal(result.trial, 2);
      assert.equal(result.hash, HASHES.testnet2);
      const console = tab.problems();   // the host's and, where captured, the sim frame's
      if (console !== null) assert.deepEqual(console, [], 'console errors');
      await tab.close();
    });
  });
}
