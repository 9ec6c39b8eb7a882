// The trial plot of a test-only run (train.learn false: nothing learns, so there are no
// learning curves): each layer's mean activity per trial, one line per layer. The activity
// is ActM, the rate code averaged over the minus phase and over the layer's units
// (Sim::layerTrialAct, as `thetalab run` prints it for such runs). It shows the current run;
// the next run starts the plot over.
import { axis, captionedChart } from './charts.js';
import { fmt } from './colormap.js';

// Okabe-Ito, readable with the common colour-vision deficiencies; repeats after eight layers
const COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#000000', '#f0e442'];
const HEIGHT = 190;

export class TrialActPlot {
  #chart;
  #summary;
  #root;
  #layers = [];        // info.layers
  #trialsPerEpoch = 1;
  #run = null;         // the run the points belong to
  #points = new Map(); // trial in the run -> [ActM per layer]

  /**
   * @param {HTMLElement} container where the chart goes
   * @param {HTMLElement} summary the line with each layer's mean over the trials so far
   */
  constructor(container, summary) {
    this.#root = container;
    this.#chart = captionedChart(container, {
      figureClass: 'curve',
      title: 'Mean activity per trial: each layer’s ActM (its units’ rate code over the minus phase), averaged over its units',
      height: HEIGHT,
    }).chart;
    this.#summary = summary;
  }

  /** A newly loaded network (the worker's info): its layers name the lines. */
  setNetwork(info) {
    this.#layers = info.layers;
    this.#trialsPerEpoch = info.trialsPerEpoch;
    this.#create();
    this.clear();
  }

  /** Start over (Init, New seed, another network). */
  clear() {
    this.#run = null;
    this.#points.clear();
    this.#update();
  }

  /** Finished trials (TrialStats with layerActM); a trial of another run starts the plot over. */
  addTrials(trials) {
    const shown = trials.filter((t) => t.layerActM);
    if (!shown.length) return;
    for (const t of shown) {
      if (t.run !== this.#run) {
        this.#run = t.run;
        this.#points.clear();
      }
      this.#points.set(t.epoch * this.#trialsPerEpoch + t.trial, t.layerActM);
    }
    this.#update();
  }

  #update() {
    const trials = [...this.#points.keys()].sort((a, b) => a - b);
    const data = [trials, ...this.#layers.map((l, li) => trials.map((k) => this.#points.get(k)[li]))];
    this.#chart.setData(data, true);
    this.#root.dataset.points = String(trials.length);
    this.#summary.textContent = trials.length
      ? `Run ${this.#run}, ${trials.length} trial${trials.length === 1 ? '' : 's'}. Mean ActM over these trials: `
        + this.#layers.map((l, li) => `${l.name} ${fmt(mean(data[li + 1]))}`).join(', ')
      : 'Each layer’s mean activity appears here after every trial.';
  }

  #create() {
    this.#chart.create({
      scales: { x: { time: false, range: (u, lo, hi) => [0, Math.max(this.#trialsPerEpoch - 1, hi ?? 0)] }, y: { range: (u, lo, hi) => [0, Math.max(0.2, (hi ?? 0) * 1.1)] } },
      axes: [axis('trial in the run', { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }), axis('mean ActM')],
      series: [
        { label: 'trial', value: (u, x) => (x == null ? '—' : String(x)) },
        ...this.#layers.map((l, li) => ({
          label: l.name,
          stroke: COLORS[li % COLORS.length],
          width: 1.5,
          points: { show: true, size: 5 },
          value: (u, v) => (v == null ? '—' : fmt(v)),
        })),
      ],
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
    }, [[], ...this.#layers.map(() => [])]);
  }
}

function mean(values) {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
