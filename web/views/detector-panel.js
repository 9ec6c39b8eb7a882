// The detector panel, for a pattern task without a target layer whose last layer is one
// unit (the `detector` built-in: the digits 0..9 on a 7x5 input, one receiving neuron whose
// weights are the bitmap of the 8): the receiver's leak (Acts.Gbar.L) as a field, and after
// a Run the receiver's spikes (bars) and mean Act (dots) for each pattern. Lowering the leak
// recruits digits that overlap the 8 less: 5 (19), then 3 (18), then 2, 6, 9 (16).
//
// The leak is a layer parameter (`setLayerParam`: the worker's setParam, applied at once,
// carried by share links). Spikes come from the worker's trial events (TrialStats.units:
// the whole trial of each small layer).
import { fmt } from './colormap.js';
import { el } from './dom.js';
import { PanelFields } from './panel-fields.js';

const PARAM = 'Acts.Gbar.L';
const HEIGHT = 180;

export class DetectorPanel {
  #section;
  #actions;
  #input;
  #form;              // the fields as a whole: their lock, on/off, message
  #summary;
  #canvas;
  #table;
  #names = [];        // pattern names, by index
  #layer = null;      // { index, name, type } the receiving unit's layer
  #defaults = {};
  #results = [];      // by pattern index: { spikes, act } of the newest trial that showed it
  #previous = [];     // the run before (drawn as outlines), with its leak
  #previousLeak = null;
  #resultsLeak = null;
  #run = -1;
  #experiment = null;
  active = false;

  /**
   * @param {HTMLElement} section
   * @param {{setLayerParam(layer, name, value): Promise}} actions
   */
  constructor(section, actions) {
    this.#section = section;
    this.#actions = actions;
    const body = section.querySelector('.detector-body');
    this.#input = el('input', { type: 'number', id: 'detector-leak', step: '0.5', min: '0', max: '100', inputMode: 'decimal' });
    this.#input.addEventListener('change', () => this.#change());
    const fields = el('fieldset', { className: 'neuron-fields' }, el('legend', { textContent: 'The receiving neuron' }),
      el('div', { className: 'neuron-field' }, el('label', { htmlFor: 'detector-leak', textContent: 'Leak conductance Gbar.L' }), this.#input));
    this.#form = new PanelFields(fields, 'detector-message', () => this.#fill());
    this.#summary = el('p', { id: 'detector-summary', className: 'neuron-spikes' });
    this.#summary.setAttribute('aria-live', 'polite');
    this.#canvas = el('canvas', { id: 'detector-chart', className: 'detector-chart' });
    this.#canvas.setAttribute('role', 'img');
    this.#canvas.setAttribute('aria-label', 'Spikes of the receiving neuron for each digit');
    this.#table = el('tbody');
    const table = el('table', { id: 'detector-table', className: 'synapse-trials' },
      el('caption', { textContent: 'Each digit’s trial: the receiver’s spikes and mean Act' }),
      el('thead', {}, el('tr', {}, ...['Digit', 'Spikes', 'Mean Act'].map((h) => el('th', { scope: 'col', textContent: h })))),
      this.#table);
    body.append(fields, this.#form.message, this.#summary, this.#canvas, table);
    this.#show();
  }

  /** Is this a detector: a pattern task with no target layer whose last layer is one unit? */
  static fits(info) {
    const last = info.layers[info.layers.length - 1];
    return info.taskSource !== 'drive' && info.taskSource !== 'fsa' && info.targetLayer < 0 && last?.numNeurons === 1;
  }

  #change() {
    const v = Number(this.#input.value);
    if (this.#input.value.trim() === '' || !Number.isFinite(v) || v < 0) {
      this.#form.refuse(`Leak: "${this.#input.value}" is not a number of 0 or more.`);
      return;
    }
    this.#form.send(() => this.#actions.setLayerParam(this.#layer.name, PARAM, v));
  }

  setInfo(info) {
    this.active = DetectorPanel.fits(info);
    this.#section.hidden = !this.active;
    this.#results = [];
    this.#previous = [];
    this.#run = -1;
    if (!this.active) {
      this.#experiment = null;
      return;
    }
    this.#layer = info.layers[info.layers.length - 1];
    this.#defaults = info.paramDefaults?.layer?.[this.#layer.type ?? 'Hidden'] ?? {};
    this.experimentChanged(info.experiment);
    this.#show();
  }

  experimentChanged(json) {
    if (!this.active) return;
    this.#experiment = JSON.parse(json);
    this.#names = (this.#experiment.task.patterns ?? []).map((p, i) => p.name ?? String(i));
    this.#fill();
  }

  #leak() {
    const params = this.#experiment?.network.layers.find((l) => l.name === this.#layer?.name)?.params ?? {};
    return params[PARAM] ?? this.#defaults[PARAM];
  }

  #fill() {
    const v = this.#leak();
    this.#input.value = v === undefined ? '' : String(v);
  }

  setMode(mode) {
    this.#form.enable(mode === 'ready');
  }

  /** Trial statistics from the worker: each trial's pattern and the receiver's spikes. */
  trials(list) {
    if (!this.active) return;
    let changed = false;
    for (const t of list) {
      const u = t.units?.find((x) => x.layer === this.#layer.index);
      if (!u) continue;
      if (t.run !== this.#run || (t.trial === 0 && this.#results.some(Boolean))) {   // a new run: keep the last as outlines
        if (this.#results.some(Boolean)) {
          this.#previous = this.#results;
          this.#previousLeak = this.#resultsLeak;
        }
        this.#results = [];
        this.#run = t.run;
      }
      this.#resultsLeak = this.#leak();
      this.#results[t.pattern] = { spikes: u.spikes[0], act: u.act[0] };
      changed = true;
    }
    if (changed) this.#show();
  }

  /** The digits that spiked in the newest run, by name. */
  get spikingDigits() {
    return this.#results.map((r, i) => (r && r.spikes > 0 ? this.#names[i] : null)).filter((n) => n !== null);
  }

  get summaryText() {
    if (!this.#results.some(Boolean)) return '';
    const d = this.spikingDigits;
    return d.length ? `The neuron spiked for ${d.join(', ')}` : 'The neuron spiked for no digit';
  }

  #show() {
    const n = this.#names.length;
    this.#section.dataset.spiking = this.spikingDigits.join(',');   // for tests
    this.#section.dataset.shown = String(this.#results.filter(Boolean).length);
    this.#summary.textContent = this.#results.some(Boolean)
      ? `${this.summaryText} (leak ${fmt(this.#resultsLeak)}). Lower the leak and Run again: digits that overlap the 8 less start to spike.`
      : 'Run to show each digit once: the bars count the receiving neuron’s spikes for each.';
    this.#table.replaceChildren(...Array.from({ length: n }, (_, i) => {
      const r = this.#results[i];
      return el('tr', {}, el('td', { textContent: this.#names[i] }),
        el('td', { textContent: r ? String(r.spikes) : '—' }), el('td', { textContent: r ? fmt(r.act) : '—' }));
    }));
    this.#draw();
  }

  #draw() {
    if (this.#section.hidden) return;
    const c = this.#canvas;
    const pr = devicePixelRatio || 1;
    const w = Math.max(240, c.clientWidth || c.parentElement.clientWidth);
    c.style.height = `${HEIGHT}px`;
    c.width = Math.round(w * pr);
    c.height = Math.round(HEIGHT * pr);
    const ctx = c.getContext('2d');
    ctx.scale(pr, pr);
    const css = getComputedStyle(document.documentElement);
    const muted = css.getPropertyValue('--muted').trim() || '#5f6368';
    const border = css.getPropertyValue('--border').trim() || '#dadce0';
    const n = Math.max(1, this.#names.length);
    const all = [...this.#results, ...this.#previous].filter(Boolean);
    const top = Math.max(4, ...all.map((r) => r.spikes));
    const left = 28;
    const bottom = HEIGHT - 34;
    const slot = (w - left - 4) / n;
    const y = (v) => bottom - (v / top) * (bottom - 16);
    ctx.font = '10px system-ui, sans-serif';
    ctx.strokeStyle = border;
    ctx.fillStyle = muted;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let v = 0; v <= top; v += Math.max(1, Math.ceil(top / 4))) {
      ctx.beginPath();
      ctx.moveTo(left, Math.round(y(v)) + 0.5);
      ctx.lineTo(w - 4, Math.round(y(v)) + 0.5);
      ctx.stroke();
      ctx.fillText(String(v), left - 4, y(v));
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let i = 0; i < n; i++) {
      const x0 = left + i * slot + slot * 0.2;
      const bw = slot * 0.6;
      const r = this.#results[i];
      if (r) {
        ctx.fillStyle = '#0072b2';
        ctx.fillRect(x0, y(r.spikes), bw, bottom - y(r.spikes));
      }
      const p = this.#previous[i];
      if (p) {
        ctx.strokeStyle = '#e69f00';
        ctx.setLineDash([3, 2]);
        ctx.strokeRect(x0 + 0.5, y(p.spikes) + 0.5, bw - 1, bottom - y(p.spikes));
        ctx.setLineDash([]);
      }
      ctx.fillStyle = muted;
      ctx.fillText(this.#names[i] ?? String(i), x0 + bw / 2, bottom + 3);
    }
    // Mean Act per digit as dots on a right-hand scale.
    const acts = this.#results.filter(Boolean).map((r) => r.act);
    if (acts.length) {
      const actTop = Math.max(0.05, ...acts) * 1.1;
      const ya = (v) => bottom - (v / actTop) * (bottom - 16);
      ctx.fillStyle = '#009e73';
      for (let i = 0; i < n; i++) {
        const r = this.#results[i];
        if (!r) continue;
        ctx.beginPath();
        ctx.arc(left + (i + 0.5) * slot, ya(r.act), 3, 0, 2 * Math.PI);
        ctx.fill();
      }
      ctx.textAlign = 'right';
      ctx.textBaseline = 'top';
      ctx.fillText(`● mean Act (top ${fmt(actTop)})`, w - 4, 0);
      ctx.textAlign = 'center';
    }
    ctx.fillStyle = muted;
    ctx.fillText(this.#previous.some(Boolean)
      ? `spikes per digit (bars: leak ${fmt(this.#resultsLeak)}; dashed: the run before, leak ${fmt(this.#previousLeak)})`
      : 'spikes per digit (bars)', left + (w - left) / 2, bottom + 17);
  }
}
