// One small API over the three browser engines a course's students use, each from Debian's
// archive (never a downloaded browser):
//   Chromium    playwright-core                       /usr/bin/chromium
//   Firefox ESR puppeteer-core over WebDriver BiDi    /usr/bin/firefox-esr
//   WebKitGTK   selenium-webdriver -> WebKitWebDriver  MiniBrowser, needs an X display (Xvfb)
// A browser gives { name, version, language, canSetLanguage, open(url) -> tab, close() }
// (`language` is navigator.language on a blank page); a tab gives { eval(expression)
// (awaited, JSON-able result), problems(), close() }. `problems()` lists console errors, CSP
// refusals and uncaught errors, or is null where the engine has no console capture
// (WebKitWebDriver): the page's own record, globalThis.thetaLab.errors, covers every engine.
// `open(url, { language })` makes navigator.language report `language` before the page's
// scripts run (Chromium and Firefox; `canSetLanguage` says whether the engine can). Tests act
// through the page's own controls (button clicks in the page) and read what the page shows.
import fs from 'node:fs';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { Builder } from 'selenium-webdriver';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function requireFile(file, pkg) {
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: install Debian's ${pkg} (scripts/setup.sh does)`);
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Wait until a TCP port accepts connections (the WebDriver server has started). */
async function waitForPort(port, ms) {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`WebKitWebDriver did not listen on port ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Source of a script that makes navigator.language(s) report `tag`. */
const languageScript = (tag) => `Object.defineProperty(Navigator.prototype, 'language', { get: () => ${JSON.stringify(tag)}, configurable: true });
Object.defineProperty(Navigator.prototype, 'languages', { get: () => [${JSON.stringify(tag)}], configurable: true });`;

// The expression is wrapped so that every engine awaits it and returns plain data.
const wrap = (expression) => `(async () => (${expression}))()`;

/** What a page's console says that a test must not ignore (the same rule as harness.mjs). */
const isProblem = (type, text) => type === 'error' || /Content[- ]Security[- ]Policy|Refused to/i.test(text);

/**
 * Record a Playwright or Puppeteer page's console errors and uncaught errors (both libraries
 * emit 'console' with msg.type()/msg.text() and 'pageerror' with an Error).
 */
function recordProblems(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (isProblem(msg.type(), msg.text())) problems.push(`[console ${msg.type()}] ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`[pageerror] ${err?.message ?? err}`));
  return () => problems.slice();
}

/** navigator.language on a blank page (Playwright and Puppeteer browsers). */
async function blankPageLanguage(browser) {
  const page = await browser.newPage();
  try {
    return await page.evaluate('navigator.language');
  } finally {
    await page.close();
  }
}

async function launchChromium() {
  requireFile(CHROMIUM, 'chromium');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return {
    name: 'Chromium',
    version: browser.version(),
    language: await blankPageLanguage(browser),
    canSetLanguage: true,
    async open(url, { language } = {}) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems = recordProblems(page);
      if (language) await page.addInitScript(languageScript(language));
      await page.goto(url);
      return { eval: (expr) => page.evaluate(wrap(expr)), problems, close: () => page.close() };
    },
    close: () => browser.close(),
  };
}

async function launchFirefox() {
  requireFile(FIREFOX, 'firefox-esr');
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
  return {
    name: 'Firefox',
    version: await browser.version(),
    language: await blankPageLanguage(browser),
    canSetLanguage: true,
    async open(url, { language } = {}) {
      const page = await browser.newPage();
      const problems = recordProblems(page);
      await page.setViewport({ width: 1280, height: 900 });
      if (language) await page.evaluateOnNewDocument(languageScript(language));
      await page.goto(url);
      return { eval: (expr) => page.evaluate(wrap(expr)), problems, close: () => page.close() };
    },
    close: () => browser.close(),
  };
}

/**
 * The environment for a WebKit process under locale `lang`: the locale variables are all
 * replaced (a LANGUAGE or LC_* left over from the caller would win over LANG).
 */
function localeEnv(lang) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(LANG|LANGUAGE|LC_.*)$/.test(k)));
  return lang ? { ...env, LANG: lang } : env;
}

// The WebKitWebDriver process groups still running. Playwright and Puppeteer end their
// browsers on exit and on these signals themselves; node runs no 'exit' handler when a signal
// ends it, hence the handlers (which then exit as the signal would have).
const webkitGroups = new Set();
const killWebKit = () => {
  for (const pid of webkitGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group has already gone
    }
  }
  webkitGroups.clear();
};
process.on('exit', killWebKit);
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.on(signal, () => {
    killWebKit();
    process.exit(128 + number);
  });
}

/**
 * WebKitGTK; `lang` is the process locale (LANG). WebKit takes navigator.language from the
 * locale, mapping "C" and "POSIX" to "en-US" but not Debian's default "C.UTF-8", which it
 * reports as "C" (measured with 2.50.6): that is the POSIX-locale case a student's machine has.
 */
async function launchWebKit({ lang = 'en_US.UTF-8' } = {}) {
  requireFile(WEBKIT_DRIVER, 'webkit2gtk-driver');
  requireFile(MINIBROWSER, 'webkit2gtk-driver');
  if (!process.env.DISPLAY) throw new Error('WebKitGTK needs an X display: run the tests under xvfb-run (package xvfb)');
  const port = await freePort();
  // Its own process group, which MiniBrowser and its web processes join: one kill ends them
  // all, also when this process exits on a failure or a signal without closing the browser.
  const server = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env: localeEnv(lang), stdio: 'ignore', detached: true });
  const stopServer = () => {
    webkitGroups.delete(server.pid);
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // the group has already gone
    }
  };
  webkitGroups.add(server.pid);
  try {
    await waitForPort(port, 15_000);
    const driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    }).build();
    const caps = await driver.getCapabilities();
    await driver.get('about:blank');
    const language = await driver.executeScript('return navigator.language');
    return {
      name: `WebKitGTK (LANG=${lang})`,
      version: caps.get('browserVersion'),
      language,
      canSetLanguage: false,   // WebDriver has no script that runs before the page's
      // One window: WebKitWebDriver drives MiniBrowser's; a new tab is a new navigation.
      async open(url, { language: tag } = {}) {
        if (tag) throw new Error('WebKitWebDriver cannot set navigator.language before the page loads');
        await driver.get(url);
        return {
          eval: (expr) => driver.executeAsyncScript(
            `const done = arguments[arguments.length - 1];
             ${wrap(expr)}.then((v) => done({ ok: v }), (e) => done({ err: String(e && e.message || e) }));`,
          ).then((r) => {
            if (r && 'err' in r) throw new Error(r.err);
            return r?.ok;
          }),
          problems: () => null,   // no console capture in WebKitWebDriver
          close: async () => {},
        };
      },
      async close() {
        await driver.quit().catch(() => {});
        stopServer();
      },
    };
  } catch (err) {
    stopServer();
    throw err;
  }
}

/** The engines every smoke test runs in, in order. */
export const ENGINES = [
  { id: 'chromium', launch: launchChromium },
  { id: 'firefox', launch: launchFirefox },
  { id: 'webkit', launch: () => launchWebKit() },
  // `language`: what navigator.language must be before the page corrects it, or the run
  // does not test what it is for.
  { id: 'webkit-posix-locale', launch: () => launchWebKit({ lang: 'C.UTF-8' }), language: 'C' },
];
