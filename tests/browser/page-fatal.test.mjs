// When the engine crashes (a trap, or running out of memory), the page says so, keeps the
// experiment and its settings, and its Restart button brings the engine back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TIMEOUT, usePage, waitState, text, counter, screenshot } from './page-helpers.mjs';

const ctx = usePage();

async function enter(selector, value) {
  await ctx.page.fill(selector, String(value));
  await ctx.page.press(selector, 'Tab');
}

test('a crash shows its message and a Restart button; Restart keeps the experiment', { timeout: TIMEOUT }, async () => {
  const { page } = ctx;
  await enter('input[data-param="gi-Hidden1"]', 1.3);
  await page.waitForFunction(() => /"Inhib.Layer.Gi": 1.3\b/.test(document.getElementById('experiment-json').value), null, { timeout: TIMEOUT });
  await page.selectOption('#variable', 'Vm');
  await page.waitForFunction(() => document.getElementById('legend-label').textContent === 'Vm mV', null, { timeout: TIMEOUT });

  // The client's test-only request makes the engine trap, as a bug in it would.
  await page.evaluate(() => globalThis.thetaLab.client.testCrash('trap').catch(() => {}));
  await page.locator('#fatal').waitFor({ state: 'visible', timeout: TIMEOUT });
  await waitState(page, 'error');
  assert.match(await text(page, '#fatal-message'), /\S/);
  assert.equal(await page.locator('#btn-run').isEnabled(), false);
  assert.equal(await page.locator('#btn-step').isEnabled(), false);
  await screenshot(page, 'page-fatal.png');

  await page.click('#btn-restart');
  await waitState(page, 'ready');
  assert.equal(await page.locator('#fatal').isVisible(), false);
  assert.match(await text(page, '#status'), /restarted/);
  // Same experiment with the edited parameter, same variable shown; training works again.
  const ex = JSON.parse(await page.inputValue('#experiment-json'));
  assert.equal(ex.network.layers.find((l) => l.name === 'Hidden1').params['Inhib.Layer.Gi'], 1.3);
  assert.equal(await page.inputValue('#variable'), 'Vm');
  await page.click('#btn-step');
  await waitState(page, 'ready');
  assert.equal(await counter(page, 'trial'), 1);
});

test('the console shows nothing but the crash itself', () => {
  const unexpected = ctx.problems().filter((line) => !/unreachable|engine stopped|RuntimeError|Aborted|crash/i.test(line));
  assert.deepEqual(unexpected, [], ctx.log.join('\n'));
});
