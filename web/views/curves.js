// Training curves (uPlot): per-epoch error %, SSE and phase correlation. Each run is one
// trace; earlier traces (Init, New seed, the next run) stay on the charts, dimmed, so runs
// can be compared. Hover shows every trace's value at that epoch in the legend.
import { axis, captionedChart, theme } from './charts.js';
import { fmt } from './colormap.js';

const METRICS = [
  { key: 'pctErr', title: 'Error %: trials with any wrong output unit', label: '%', value: (e) => 100 * e.pctErr, range: [0, 100] },
  { key: 'sse', title: 'SSE: wrong output units per trial', label: 'SSE', value: (e) => e.sse, range: null },
  { key: 'phaseCorr', title: 'Phase correlation: output ActM vs ActP (1 = prediction matches outcome)', label: 'r', value: (e) => e.phaseCorr, range: [0, 1] },
];
const MAX_TRACES = 8;
const HEIGHT = 150;
const DIM = 'rgba(128,128,128,0.55)';

/** The captions for a task: 'patterns' (a Target layer) or 'fsa' (a Pulvinar layer predicts a grammar's next token). */
function titlesFor(kind, target = 'output') {
  if (kind === 'fsa') {
    return {
      pctErr: `Error %: items where ${target}’s predicted token (its most active unit) is one the grammar does not allow`,
      sse: `SSE: ${target}’s squared difference from the token that came, per item`,
      phaseCorr: `Phase correlation: ${target} ActM (prediction) vs ActP (the token shown)`,
    };
  }
  return Object.fromEntries(METRICS.map((m) => [m.key, m.title]));
}

export class CurvesView {
  #captions = [];
  #charts;
  #traces = [];      // { serial, label, run, epochs: Map(epoch -> stats) }
  #nSeries = -1;     // series the charts were built for
  #serial = 0;       // numbers the traces: labels stay unique
  #root;

  /** @param {HTMLElement} container */
  constructor(container) {
    this.#root = container;
    this.#charts = METRICS.map((m) => {
      const { chart, caption } = captionedChart(container, { figureClass: 'curve', title: m.title, height: HEIGHT, dataset: { metric: m.key } });
      this.#captions.push(caption);
      return chart;
    });
    this.#update();
  }

  /** What the curves measure for the loaded task ('patterns' or 'fsa'), on the layer named `target`. */
  setTask(kind, target) {
    const titles = titlesFor(kind, target);
    METRICS.forEach((m, i) => { this.#captions[i].textContent = titles[m.key]; });
  }

  /** Start a new trace (the current one, if it has points, stays, dimmed). */
  startTrace(label, run = 0) {
    const cur = this.#current();
    if (cur && cur.epochs.size === 0) {
      cur.label = `${cur.serial}. ${label}`;
      cur.run = run;
      this.#nSeries = -1;   // rebuild: the legend shows the new label
    } else {
      this.#serial += 1;
      this.#traces.push({ serial: this.#serial, label: `${this.#serial}. ${label}`, run, epochs: new Map() });
      if (this.#traces.length > MAX_TRACES) this.#traces.shift();
    }
    this.#update();
  }

  /** Add finished epochs; an epoch of another run than the current trace's starts a trace. */
  addEpochs(list, labelFor) {
    if (list.length === 0) return;
    for (const e of list) {
      let cur = this.#current();
      if (!cur || (cur.run !== e.run && cur.epochs.size > 0)) {
        this.startTrace(labelFor(e.run), e.run);
        cur = this.#current();
      }
      cur.run = e.run;
      cur.epochs.set(e.epoch, e);
    }
    this.#update();
  }

  /** Forget every trace but the current one. */
  clearOld() {
    this.#traces = this.#traces.slice(-1);
    this.#update();
  }

  /** Points of the current trace (also on the container as data-points, for tests). */
  get points() {
    return this.#current()?.epochs.size ?? 0;
  }

  #current() {
    return this.#traces[this.#traces.length - 1];
  }

  #update() {
    const traces = this.#traces;
    if (traces.length !== this.#nSeries) {
      this.#nSeries = traces.length;
      this.#create();
    }
    let maxEpoch = -1;
    for (const t of traces) for (const ep of t.epochs.keys()) maxEpoch = Math.max(maxEpoch, ep);
    const xs = Array.from({ length: maxEpoch + 1 }, (_, i) => i);
    METRICS.forEach((m, i) => {
      const data = [xs];
      for (const t of traces) data.push(xs.map((ep) => (t.epochs.has(ep) ? m.value(t.epochs.get(ep)) : null)));
      this.#charts[i].setData(data, true);
    });
    this.#root.dataset.points = String(this.points);
    this.#root.dataset.traces = String(traces.length);
  }

  #create() {
    const t = theme();
    const last = this.#traces.length - 1;
    METRICS.forEach((m, i) => {
      const series = [{ label: 'epoch', value: (u, x) => (x == null ? '—' : String(x)) }];
      this.#traces.forEach((tr, k) => {
        series.push({
          label: tr.label,
          stroke: k === last ? t.accent : DIM,
          width: k === last ? 2 : 1,
          points: { show: k === last, size: 4 },
          spanGaps: false,
          value: (u, v) => (v == null ? '—' : fmt(v)),
        });
      });
      const opts = {
        scales: {
          x: { time: false, range: (u, lo, hi) => [0, Math.max(5, hi ?? 0)] },
          y: m.range ? { range: m.range } : { range: (u, lo, hi) => [0, Math.max(1, (hi ?? 0) * 1.05)] },
        },
        axes: [axis(i === METRICS.length - 1 ? 'epoch' : '', { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }), axis(m.label)],
        series,
        legend: { show: true, live: true },
        cursor: { sync: { key: 'theta-curves' }, drag: { x: false, y: false } },
      };
      this.#charts[i].create(opts, [[], ...series.slice(1).map(() => [])]);
    });
  }
}
