// Page benchmark (not a test): what a visitor downloads and waits for, and how smoothly the
// page draws while the worker trains at full speed. Uses the page's own server and Debian's
// Chromium (tests/browser/harness.mjs), headless, on localhost.
//
//   node scripts/bench-page.mjs [--loads N] [--seconds S] [--throttle R] [--task NAME] [--json]
//
// --throttle R slows Chromium's CPU R times (CDP Emulation.setCPUThrottlingRate; 4 stands in
// for a school laptop) for the loads and the run. --task ra25|deepfsa picks the network run.
// Prints: first-load bytes (every file the page and its worker fetch, raw and gzip -6, the
// usual compression of a static host), time to interactive (navigation start until Run is
// enabled, median of N fresh loads), and while running ra25 at full speed: animation frames
// per second, frames drawn by the page per second, trials per second and the longest gap
// between two animation frames, measured twice: from the moment Run is pressed (the first
// S seconds) and once the run has settled (the next S seconds).
import zlib from 'node:zlib';
import { startHarness } from '../tests/browser/harness.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? Number(args[i + 1]) : dflt;
};
const LOADS = opt('--loads', 5);
const SECONDS = opt('--seconds', 5);
const THROTTLE = opt('--throttle', 1);
const TASK = (() => {
  const i = args.indexOf('--task');
  return i >= 0 && i + 1 < args.length ? args[i + 1] : 'ra25';
})();
const JSON_OUT = args.includes('--json');

/** A new page in `context`, its CPU slowed THROTTLE times (1: as the machine is). */
async function newPage(context) {
  const page = await context.newPage();
  if (THROTTLE !== 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  }
  return page;
}

/**
 * In the page: animation frames, drawn frames and trials during `seconds` of the run,
 * from the moment Run is pressed (`pressRun`) or from now.
 */
function measureRun({ seconds, pressRun }) {
  return (async () => {
    if (pressRun) document.getElementById('btn-run').click();
    const stats = globalThis.thetaLab.stats;
    const s0 = { ...stats };
    const t0 = performance.now();
    let frames = 0;
    let last = t0;
    let maxGap = 0;
    await new Promise((resolve) => {
      const tick = (now) => {
        frames += 1;
        maxGap = Math.max(maxGap, now - last);
        last = now;
        if (now - t0 < seconds * 1000 && document.body.dataset.state === 'running') requestAnimationFrame(tick);
        else resolve();
      };
      requestAnimationFrame(tick);
    });
    const dt = (performance.now() - t0) / 1000;
    return {
      seconds: dt,
      fps: frames / dt,
      drawnPerSecond: (stats.framesDrawn - s0.framesDrawn) / dt,
      receivedPerSecond: (stats.framesReceived - s0.framesReceived) / dt,
      trialsPerSecond: (stats.trialsTotal - s0.trialsTotal) / dt,
      maxFrameGapMs: maxGap,
      stillRunning: document.body.dataset.state === 'running',
    };
  })();
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

const harness = await startHarness();
try {
  // ---- first load: sizes of every response (the worker's fetches included)
  const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const files = new Map();
  context.on('response', async (res) => {
    if (!res.url().startsWith(harness.url)) return;
    try {
      const body = await res.body();
      files.set(new URL(res.url()).pathname, { raw: body.length, gzip: zlib.gzipSync(body, { level: 6 }).length });
    } catch { /* a redirect or aborted response has no body */ }
  });
  let page = await newPage(context);
  await page.goto(harness.url);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
  await page.waitForTimeout(500);   // late requests (none expected)
  const list = [...files.entries()].sort((a, b) => b[1].gzip - a[1].gzip);
  const total = list.reduce((t, [, f]) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip }), { raw: 0, gzip: 0 });
  await page.close();
  await context.close();

  // ---- time to interactive: fresh page (no cache: the server sends no-store) each time,
  // in a context that does not read response bodies
  const quiet = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const tti = [];
  const fcp = [];
  for (let i = 0; i < LOADS; i++) {
    page = await newPage(quiet);
    await page.goto(harness.url);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
    const t = await page.evaluate(() => ({
      ready: performance.getEntriesByName('thetalab:interactive')[0]?.startTime,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    }));
    tti.push(t.ready);
    if (t.fcp !== undefined) fcp.push(t.fcp);
    await page.close();
  }

  // ---- frames per second while training at full speed
  page = await newPage(quiet);
  await page.goto(harness.url);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
  await page.selectOption('#speed', '0');
  if (TASK !== 'ra25') {
    await page.selectOption('#task', `builtin:${TASK}`);
    await page.waitForFunction((t) => document.getElementById('experiment-name').textContent === t, TASK, { timeout: 60_000 });
    await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
  }
  // The network that never stops early (nZero 0), loaded through the page's JSON editor, so
  // the run cannot end during the measurement.
  await page.click('.json summary');
  const ex = JSON.parse(await page.inputValue('#experiment-json'));
  ex.train = { ...ex.train, nZero: 0, epochs: 1000 };
  await page.fill('#experiment-json', JSON.stringify(ex));
  await page.click('#btn-load-json');
  await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
  // Scrolled to the top as a visitor sees it (the JSON editor is further down).
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  // Measured from the moment Run is pressed, then once the run has settled.
  const first = await page.evaluate(measureRun, { seconds: SECONDS, pressRun: true });
  const run = await page.evaluate(measureRun, { seconds: SECONDS, pressRun: false });
  if (await page.isEnabled('#btn-stop')) await page.click('#btn-stop');
  await page.close();
  await quiet.close();

  const report = {
    firstLoad: { files: Object.fromEntries(list), rawBytes: total.raw, gzipBytes: total.gzip },
    timeToInteractiveMs: median(tti),
    firstContentfulPaintMs: fcp.length ? median(fcp) : null,
    loads: LOADS,
    throttle: THROTTLE,
    task: TASK,
    trainingFromRun: first,
    training: run,
  };
  if (JSON_OUT) {
    console.log(JSON.stringify(report));
  } else {
    console.log('First load (every file the page and its worker fetch):');
    for (const [name, f] of list) console.log(`  ${name.padEnd(34)} ${kb(f.raw).padStart(11)}  gzip ${kb(f.gzip).padStart(10)}`);
    console.log(`  ${'total'.padEnd(34)} ${kb(total.raw).padStart(11)}  gzip ${kb(total.gzip).padStart(10)}  (${total.gzip} bytes)`);
    console.log(`Time to interactive (Run enabled), median of ${LOADS} loads on localhost: ${median(tti).toFixed(0)} ms`
      + (fcp.length ? `; first contentful paint ${median(fcp).toFixed(0)} ms` : ''));
    const line = (label, r) => {
      console.log(`Training ${TASK} at full speed${THROTTLE !== 1 ? ` (CPU throttled ${THROTTLE}x)` : ''}, ${label}, ${r.seconds.toFixed(1)} s${r.stillRunning ? '' : ' (the run ended early)'}:`);
      console.log(`  animation frames per second  ${r.fps.toFixed(1)}  (longest gap ${r.maxFrameGapMs.toFixed(0)} ms)`);
      console.log(`  frames drawn per second      ${r.drawnPerSecond.toFixed(1)}  (snapshots received ${r.receivedPerSecond.toFixed(1)}/s)`);
      console.log(`  trials per second            ${r.trialsPerSecond.toFixed(0)}`);
    };
    line('from the moment Run is pressed', first);
    line('once settled', run);
  }
} finally {
  await harness.close();
}
