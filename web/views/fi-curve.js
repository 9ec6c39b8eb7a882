// The neuron's f-I curve, under the neuron panel: a button sweeps the task's Ge from 0.10 to
// 0.50 in steps of 0.01 in the worker (each value one trial of a fresh Sim of the current
// experiment, channels and all) and plots the spikes of the trial against Ge. Each sweep
// stays on the plot (up to MAX_CURVES), labelled by its Gi, so a change of a channel or of
// Gi can be compared with the curve before.
import { Chart, axis } from './charts.js';
import { fmt } from './colormap.js';
import { el } from './dom.js';

const GE_FROM = 0.10;
const GE_TO = 0.50;
const GE_STEP = 0.01;
const GES = Array.from({ length: Math.round((GE_TO - GE_FROM) / GE_STEP) + 1 }, (_, i) => Number((GE_FROM + i * GE_STEP).toFixed(2)));
const COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9'];
const MAX_CURVES = 6;

export class FICurve {
  #box;
  #actions;
  #button;
  #stop;
  #progress;
  #note;
  #chart;
  #chartBox;
  #curves = [];       // { label, spikes: [per Ge] }
  #serial = 0;
  #experiment = null;
  #layer = '';
  #generation = 0;
  #running = false;
  active = false;

  /**
   * @param {HTMLElement} box the container (inside the neuron panel)
   * @param {{sweep(args, onProgress): Promise<{results, stopped}>, stopSweep(): Promise}} actions
   */
  constructor(box, actions) {
    this.#box = box;
    this.#actions = actions;
    this.#button = el('button', { type: 'button', id: 'btn-fi-sweep', textContent: `f-I curve: sweep Ge ${GE_FROM.toFixed(2)}–${GE_TO.toFixed(2)}` });
    this.#button.title = `One trial at each Ge from ${GE_FROM} to ${GE_TO} in steps of ${GE_STEP} (${GES.length} trials, in the worker), with the panel's other settings`;
    this.#button.addEventListener('click', () => this.sweep());
    this.#stop = el('button', { type: 'button', id: 'btn-fi-stop', textContent: 'Stop', disabled: true });
    this.#stop.addEventListener('click', () => this.#actions.stopSweep());
    this.#progress = el('progress', { id: 'fi-progress', max: GES.length, value: 0, hidden: true });
    this.#note = el('p', { id: 'fi-note', className: 'hint', textContent:
      'Spikes in one trial against the excitatory input Ge: nothing below the threshold, then the rate grows with Ge (and saturates). Change a channel or Gi and sweep again to compare.' });
    this.#chartBox = el('div', { id: 'fi-chart', className: 'chart' });
    box.append(el('h3', { textContent: 'f-I curve' }), el('div', { className: 'field-row' }, this.#button, this.#stop, this.#progress), this.#note, this.#chartBox);
    this.#chart = new Chart(this.#chartBox, 200);
    this.#draw();
  }

  setInfo(info, active) {
    this.#generation += 1;
    this.active = active;
    if (!active) {
      this.#experiment = null;
      this.#curves = [];
      return;
    }
    this.#layer = info.layers[info.inputLayer]?.name ?? '';
    this.#experiment = info.experiment;
    this.#draw();
  }

  experimentChanged(json) {
    if (this.active) this.#experiment = json;
  }

  async sweep() {
    if (this.#running || !this.#experiment) return;
    const generation = this.#generation;
    const ex = JSON.parse(this.#experiment);
    this.#running = true;
    this.#button.disabled = true;
    this.#stop.disabled = false;
    this.#progress.hidden = false;
    this.#progress.value = 0;
    this.#box.dataset.fi = 'running';
    const spikes = new Array(GES.length).fill(null);
    this.#serial += 1;
    const curve = { label: `${this.#serial}. Gi ${fmt(ex.task.gi ?? 0)}, ${ex.task.input ?? 'clamp'}`, spikes, serial: this.#serial };
    this.#curves.push(curve);
    if (this.#curves.length > MAX_CURVES) this.#curves.shift();
    const show = (from, results) => {
      results.forEach((r, i) => { spikes[from + i] = r.spikes; });
      this.#draw();
    };
    try {
      const { results, stopped } = await this.#actions.sweep({
        json: this.#experiment, conditions: GES.map((ge) => ({ task: { ge } })), trials: 1, measure: { spikesLayer: this.#layer },
      }, ({ done, from, results: some }) => {
        if (generation !== this.#generation) return;
        this.#progress.value = done;
        show(from, some);
      });
      if (generation !== this.#generation) return;
      show(0, results);
      this.#box.dataset.fi = stopped ? 'stopped' : 'done';
      this.#box.dataset.fiPoints = String(results.length);
      const first = results.findIndex((r) => r.spikes > 0);
      this.#note.textContent = first < 0
        ? `No spikes from Ge ${GE_FROM} to ${GE_TO}${stopped ? ' (stopped early)' : ''}.`
        : `First spike at Ge ${GES[first].toFixed(2)}; ${results[results.length - 1].spikes} spikes at Ge ${GES[results.length - 1].toFixed(2)}${stopped ? ' (stopped early)' : ''}.`;
    } catch (err) {
      this.#note.textContent = `The sweep failed: ${err.message}`;
      this.#box.dataset.fi = 'failed';
    } finally {
      this.#running = false;
      this.#button.disabled = false;
      this.#stop.disabled = true;
    }
  }

  /** The newest curve's spikes per Ge (for tests and the console). */
  get last() {
    const c = this.#curves[this.#curves.length - 1];
    return c ? GES.map((ge, i) => ({ ge, spikes: c.spikes[i] })) : [];
  }

  #draw() {
    if (!this.#box.offsetParent && this.#chart.plot) return;   // hidden: drawn when shown
    const series = [{ label: 'Ge' }, ...this.#curves.map((c) => ({
      label: c.label, stroke: COLORS[(c.serial - 1) % COLORS.length], width: 1.5,
      points: { show: true, size: 4 }, value: (u, v) => (v == null ? '—' : String(v)),
    }))];
    this.#chart.create({
      scales: { x: { time: false, range: [GE_FROM, GE_TO] }, y: { range: (u, lo, hi) => [0, Math.max(5, (hi ?? 0) * 1.1)] } },
      axes: [axis('Ge (excitatory input)'), axis('spikes per trial')],
      series,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
    }, [GES, ...this.#curves.map((c) => c.spikes)]);
  }
}
