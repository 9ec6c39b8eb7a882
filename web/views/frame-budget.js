// How often the page draws: at most once per animation frame, and less often when the
// machine cannot afford it, so that the page keeps answering (a school laptop, Chromium's
// CPU throttling at 4x). Views register as slots in priority order; a new frame marks
// them dirty; each animation frame draws the dirty slots that are due and visible:
//
//   due when the time since its last draw >= max(minMs, cost / share) × pressure
//
// cost: the slot's measured drawing time (moving average); share: the part of the main
// thread it may take (the network 0.5: a 4 ms draw can happen every 8 ms). pressure starts
// at 1 and grows while animation frames come slower than 40 per second (what the page
// spends on painting, compositing and messages is not in `cost`, but it is in the gaps
// between frames), and shrinks back once they come at 50 per second or more. A frame that
// has already taken TICK_MS leaves the remaining slots for the next one, so no single
// animation frame does everything. Isolated frames (a step, a click) are drawn at once,
// every view: the intervals and the hiding only hold while frames stream.

const SLOW_GAP_MS = 1000 / 40;
const FAST_GAP_MS = 1000 / 50;
const STREAM_GAP_MS = 250;   // ticks closer than this: frames are streaming
const MAX_PRESSURE = 16;
const TICK_MS = 8;

export class FrameBudget {
  #slots = [];
  #scheduled = false;
  #lastTick = 0;
  #gap = 1000 / 60;
  #pressure = 1;
  #running = false;
  #now;
  #raf;

  /** `now` and `raf` are the clock and the frame scheduler (tests give their own). */
  constructor({ now = () => performance.now(), raf = (f) => requestAnimationFrame(f) } = {}) {
    this.#now = now;
    this.#raf = raf;
  }

  /**
   * A slot, drawn by `draw()` after the slots added before it. `visible()`: false while its
   * view cannot be seen (a folded or off-screen panel): while frames stream it stays dirty
   * and is drawn later.
   */
  add(name, { draw, share = 0.5, minMs = 0, visible = () => true }) {
    this.#slots.push({ name, draw, share, minMs, visible, dirty: false, last: -Infinity, cost: 0, drawn: false });
  }

  /** Mark slots dirty (all without names) and schedule an animation frame. */
  invalidate(...names) {
    for (const s of this.#slots) if (names.length === 0 || names.includes(s.name)) s.dirty = true;
    this.#schedule();
  }

  /**
   * Frames are about to stream (a run started) or stopped streaming: from the first frame
   * of a run the views share the work out, instead of all drawing on the first frame.
   */
  set running(on) {
    this.#running = on;
  }

  /** What the budget is doing now (for the bench and tests). */
  get stats() {
    return { pressure: this.#pressure, gapMs: this.#gap, costs: Object.fromEntries(this.#slots.map((s) => [s.name, s.cost])) };
  }

  #schedule() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#raf((t) => this.tick(t));
  }

  /** One animation frame at time `t` (ms): draw what is due. */
  tick(t) {
    this.#scheduled = false;
    const close = t - this.#lastTick < STREAM_GAP_MS;
    const streaming = close || this.#running;
    if (close) {
      this.#gap = 0.8 * this.#gap + 0.2 * (t - this.#lastTick);
      if (this.#gap > SLOW_GAP_MS) this.#pressure = Math.min(MAX_PRESSURE, this.#pressure * 1.15);
      else if (this.#gap < FAST_GAP_MS) this.#pressure = Math.max(1, this.#pressure * 0.93);
    }
    this.#lastTick = t;
    const start = this.#now();
    let waiting = false;
    for (const s of this.#slots) {
      if (!s.dirty) continue;
      // Hidden while frames stream: drawn once it can be seen (the caller invalidates it
      // then), or at the next isolated frame (the run's last, a step's).
      if (streaming && !s.visible()) continue;
      const interval = Math.max(s.minMs, s.cost / s.share) * this.#pressure;
      const busy = streaming && this.#now() - start > TICK_MS;
      if ((streaming && t - s.last < interval) || busy) {
        waiting = true;
        continue;
      }
      const t0 = this.#now();
      s.dirty = false;
      s.last = t;
      s.draw();
      const spent = this.#now() - t0;
      s.cost = s.drawn ? 0.8 * s.cost + 0.2 * spent : spent;
      s.drawn = true;
    }
    if (waiting) this.#schedule();
  }
}
