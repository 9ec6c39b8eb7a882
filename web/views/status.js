// Status line (an aria-live region: the text summary of progress for screen readers), the
// error line, and the fatal-error banner with its Restart button.
import { fmt } from './colormap.js';

const $ = (id) => document.getElementById(id);
const ANNOUNCE_EVERY_MS = 5000;   // progress updates while running, at most

/** "Epoch 12: 25.0% of trials wrong, SSE 1.53, phase correlation 0.81" */
export function epochText(e) {
  const zero = e.firstZero >= 0 ? `; first zero-error epoch: ${e.firstZero}` : '';
  return `Epoch ${e.epoch}: ${(100 * e.pctErr).toFixed(1)}% of trials wrong, SSE ${fmt(e.sse)}, `
    + `phase correlation ${fmt(e.phaseCorr)}${zero}`;
}

/**
 * "run 0, epoch 3, trial 5, cycle 0 (minus phase)"; with nData streams side by side the
 * step under way holds trials (items) c.trial to c.trial + nData - 1:
 * "run 0, epoch 3, trials 32–47 (16 streams), cycle 0 (minus phase)".
 */
export function positionText(c, nData = 1) {
  const trials = nData > 1 ? `trials ${c.trial}–${c.trial + nData - 1} (${nData} streams)` : `trial ${c.trial}`;
  return `run ${c.run}, epoch ${c.epoch}, ${trials}, cycle ${c.cycle} (${c.phase} phase)`;
}

export class Status {
  #status = $('status');
  #summary = $('epoch-summary');
  #error = $('error');
  #fatal = $('fatal');
  #fatalMessage = $('fatal-message');
  #lastAnnounce = 0;
  #lastEpoch = null;

  constructor({ restart }) {
    $('btn-restart').addEventListener('click', () => restart());
  }

  /** Say something now (replaces the status line; screen readers read it). */
  say(text) {
    this.#status.textContent = text;
    this.#lastAnnounce = performance.now();
  }

  /** Newest finished epoch: shown at once, announced at most every few seconds while running. */
  epoch(e, running) {
    this.#lastEpoch = e;
    this.#summary.textContent = epochText(e);
    if (running && performance.now() - this.#lastAnnounce > ANNOUNCE_EVERY_MS) {
      this.say(`Running. ${epochText(e)}.`);
    }
  }

  get lastEpoch() {
    return this.#lastEpoch;
  }

  resetEpochs() {
    this.#lastEpoch = null;
    this.#summary.textContent = '';
  }

  /** Show an error (its message as text, never as HTML); fieldErrors are listed. */
  error(err) {
    this.#error.textContent = err.message;
    this.#error.hidden = false;
  }

  clearError() {
    this.#error.hidden = true;
    this.#error.textContent = '';
  }

  fatal(message) {
    this.#fatalMessage.textContent = message;
    this.#fatal.hidden = false;
  }

  clearFatal() {
    this.#fatal.hidden = true;
    this.#fatalMessage.textContent = '';
  }
}
