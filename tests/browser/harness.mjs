// Browser-test harness: the page's own server (in-process, port 0) and Debian's Chromium
// driven by playwright-core. Never downloads a browser.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createServer, listen } from '../../scripts/serve.mjs';
import { ROOT, WASM_DIR } from '../node/wasm-module.mjs';

export const ARTIFACTS = path.join(ROOT, 'test-artifacts');
// Test pages (worker-test.html), served after web/ and the wasm build dir.
const FIXTURES = path.join(ROOT, 'tests', 'browser', 'fixtures');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Root runs Chromium without its sandbox; headless, no GPU, nothing phoning home.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Start the server and the browser; returns { url, browser, close() }. */
export async function startHarness() {
  if (!fs.existsSync(path.join(WASM_DIR, 'thetalab.js'))) {
    throw new Error(`${WASM_DIR}/thetalab.js is missing: build the wasm preset first`);
  }
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const { server, url } = await listen(createServer({ roots: [path.join(ROOT, 'web'), WASM_DIR, FIXTURES] }), 0);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return {
    url,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Open a page and record its console (the worker's included) and uncaught errors.
 * `problems()` lists errors, warnings about CSP, and failed requests.
 */
export async function openPage(browser) {
  const page = await browser.newPage();
  const log = [];
  const problems = [];
  page.on('console', (msg) => {
    const line = `[${msg.type()}] ${msg.text()}`;
    log.push(line);
    if (msg.type() === 'error' || /Content[- ]Security[- ]Policy|Refused to/i.test(msg.text())) problems.push(line);
  });
  page.on('pageerror', (err) => problems.push(`[pageerror] ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`[requestfailed] ${req.url()} ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`[http ${res.status()}] ${res.url()}`);
  });
  page.on('worker', (worker) => {
    log.push(`[worker] ${worker.url()}`);
  });
  return { page, log, problems: () => problems.slice() };
}

/**
 * The check every browser test ends with: no console errors, CSP violations, uncaught
 * errors or failed requests. `log` (the page's console) is shown on failure.
 */
export function assertPageClean(problems, log) {
  assert.deepEqual(problems, [], Array.isArray(log) ? log.join('\n') : String(log ?? ''));
}
