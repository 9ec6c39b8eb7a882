// One small API over the three browser engines a course's students use, each from Debian's
// archive (never a downloaded browser):
//   Chromium    playwright-core                       /usr/bin/chromium
//   Firefox ESR puppeteer-core over WebDriver BiDi    /usr/bin/firefox-esr
//   WebKitGTK   selenium-webdriver -> WebKitWebDriver  MiniBrowser, needs an X display (Xvfb)
// A browser gives { name, version, open(url) -> tab, close() }; a tab gives
// { eval(expression) (awaited, JSON-able result), close() }. `open(url, { language })` makes
// navigator.language report `language` before the page's scripts run (Chromium and Firefox;
// `canSetLanguage` says whether the engine can). Tests act through the page's own
// controls (button clicks in the page) and read what the page shows.
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

async function launchChromium() {
  requireFile(CHROMIUM, 'chromium');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  return {
    name: 'Chromium',
    version: browser.version(),
    canSetLanguage: true,
    async open(url, { language } = {}) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      if (language) await page.addInitScript(languageScript(language));
      await page.goto(url);
      return { eval: (expr) => page.evaluate(wrap(expr)), close: () => page.close() };
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
    canSetLanguage: true,
    async open(url, { language } = {}) {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      if (language) await page.evaluateOnNewDocument(languageScript(language));
      await page.goto(url);
      return { eval: (expr) => page.evaluate(wrap(expr)), close: () => page.close() };
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

/** WebKitGTK; `lang` is the process locale (LANG), e.g. 'C' for a POSIX locale. */
async function launchWebKit({ lang = 'en_US.UTF-8' } = {}) {
  requireFile(WEBKIT_DRIVER, 'webkit2gtk-driver');
  requireFile(MINIBROWSER, 'webkit2gtk-driver');
  if (!process.env.DISPLAY) throw new Error('WebKitGTK needs an X display: run the tests under xvfb-run (package xvfb)');
  const port = await freePort();
  const server = spawn(WEBKIT_DRIVER, [`--port=${port}`], { env: localeEnv(lang), stdio: 'ignore' });
  const stopServer = () => { if (server.exitCode === null) server.kill('SIGKILL'); };
  process.once('exit', stopServer);
  try {
    await waitForPort(port, 15_000);
    const driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    }).build();
    const caps = await driver.getCapabilities();
    return {
      name: `WebKitGTK (LANG=${lang})`,
      version: caps.get('browserVersion'),
      canSetLanguage: false,   // WebDriver has no script that runs before the page's
      // One window: WebKitWebDriver drives MiniBrowser's; a new tab is a new navigation.
      async open(url, { language } = {}) {
        if (language) throw new Error('WebKitWebDriver cannot set navigator.language before the page loads');
        await driver.get(url);
        return {
          eval: (expr) => driver.executeAsyncScript(
            `const done = arguments[arguments.length - 1];
             ${wrap(expr)}.then((v) => done({ ok: v }), (e) => done({ err: String(e && e.message || e) }));`,
          ).then((r) => {
            if (r && 'err' in r) throw new Error(r.err);
            return r?.ok;
          }),
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
  { id: 'webkit-posix-locale', launch: () => launchWebKit({ lang: 'C' }) },
];
