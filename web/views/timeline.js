// The trial timeline under the network view: one trial is one theta cycle of (by default)
// 200 cycles, 150 of minus phase (the network settles into its own guess) then 50 of plus
// phase (the outcome is shown), and a mark where the model is now. Live while stepping by
// cycle or phase and while running; while frames stream, the text changes at most every
// TEXT_EVERY_MS (the bar every frame, moved by transforms: no layout).

const TEXT_EVERY_MS = 250;

/** What the model is doing at `cycle` (the number of cycles of this trial already run). */
export function timelineText(cycle, minus, plus, trialsTotal) {
  const total = minus + plus;
  if (cycle === 0) {
    return trialsTotal > 0
      ? `Cycle 0 of ${total} · trial done, weights changed; the next trial starts here`
      : `Cycle 0 of ${total} · the start of a trial`;
  }
  if (cycle < minus) return `Cycle ${cycle} of ${total} · minus phase: settling into its own guess`;
  if (cycle === minus) return `Cycle ${cycle} of ${total} · minus phase done; the plus phase (the outcome) is next`;
  return `Cycle ${cycle} of ${total} · plus phase (${cycle - minus} of ${plus}): the outcome is shown`;
}

export class TrialTimeline {
  #root;
  #bar;
  #minusEl;
  #plusEl;
  #done;
  #now;
  #text;
  #minus = 150;
  #plus = 50;
  #cycle = -1;       // what the bar shows
  #textCycle = '';   // what the text says (cycle, and whether a trial has run)
  #textAt = 0;
  #barWidth = 0;     // px, kept by a ResizeObserver (reading it per frame would force a layout)

  /** @param {HTMLElement} root an empty element under the network view */
  constructor(root) {
    this.#root = root;
    const div = (cls, text = '') => {
      const d = document.createElement('div');
      d.className = cls;
      if (text) d.textContent = text;
      return d;
    };
    this.#minusEl = div('tl-minus', 'minus');
    this.#plusEl = div('tl-plus', 'plus');
    this.#done = div('tl-done');
    this.#now = div('tl-now');
    this.#bar = div('tl-bar');
    this.#bar.setAttribute('aria-hidden', 'true');   // the text below says the same
    this.#bar.append(this.#minusEl, this.#plusEl, this.#done, this.#now);
    this.#text = document.createElement('p');
    this.#text.className = 'tl-text';
    root.replaceChildren(this.#bar, this.#text);
    new ResizeObserver(([entry]) => {
      this.#barWidth = entry.contentRect.width;
      this.#cycle = -1;   // the mark moves to the new width at the next frame
    }).observe(this.#bar);
    this.setPhases(150, 50);
  }

  /** Cycles of the minus and plus phases (the experiment's train.minusCycles, plusCycles). */
  setPhases(minus, plus) {
    this.#minus = minus;
    this.#plus = plus;
    this.#minusEl.style.flexGrow = String(minus);   // CSSOM, allowed under style-src 'self'
    this.#plusEl.style.flexGrow = String(plus);
    this.#cycle = -1;
    this.#textCycle = '';
  }

  /** Show a frame's counters; `streaming`: frames arrive back to back (the text is throttled). */
  render(counters, streaming = false) {
    const c = counters.cycle;
    if (c !== this.#cycle) {
      this.#cycle = c;
      const f = c / (this.#minus + this.#plus);
      this.#done.style.transform = `scaleX(${f})`;
      this.#now.style.transform = `translateX(${(f * this.#barWidth).toFixed(1)}px)`;
      this.#root.dataset.cycle = String(c);
      this.#root.dataset.phase = c > this.#minus || (c === 0 && counters.trialsTotal > 0) ? 'plus' : 'minus';
    }
    const now = performance.now();
    const key = `${c}:${counters.trialsTotal > 0}`;
    if (key === this.#textCycle || (streaming && now - this.#textAt < TEXT_EVERY_MS)) return;
    this.#textAt = now;
    this.#textCycle = key;
    this.#text.textContent = timelineText(c, this.#minus, this.#plus, counters.trialsTotal);
  }
}
