// Theta-cycle scope: for the chosen units, Vm with spikes, CaP/CaD and LearnCaP/LearnCaD over
// the cycles of the current (or last) trial, with the plus phase shaded. The gap between
// LearnCaP and LearnCaD at the end of the trial is the unit's error signal (CaDiff): the
// temporal difference between its minus-phase prediction and its plus-phase outcome.
// Below them, the units' inhibition Gi with their layer pool's FSGi and SSGi (FS-FFFB).
import { axis, captionedChart, drawPhases, theme } from './charts.js';
import { UNIT_COLORS } from './network-view.js';
import { poolColumn } from './pool-trace.js';

const LEARNING_PANELS = [
  { key: 'vm', vars: ['Vm'], label: 'Vm (mV)', title: 'Membrane potential; ticks: spikes' },
  { key: 'ca', vars: ['CaP', 'CaD'], label: 'Ca', title: 'Spike calcium: CaP fast (solid), CaD slow (dashed)' },
  {
    key: 'learn', vars: ['LearnCaP', 'LearnCaD'], label: 'Learn Ca',
    title: 'Learning calcium: LearnCaP (solid) − LearnCaD (dashed), the error signal: orange where LearnCaP is above, blue below',
  },
  {
    key: 'inhib', vars: ['Gi'], pool: ['FSGi', 'SSGi'], label: 'Gi',
    title: 'Inhibition: each unit’s Gi (solid); its layer pool’s fast FSGi (dashed) and slow SSGi (dotted), one value for the whole layer',
  },
];
// A "drive" task (a neuron driven by set conductances, no learning): what drives the neuron
// and what it does, rather than learning calcium.
const DRIVE_PANELS = [
  { key: 'vm', vars: ['Vm'], label: 'Vm (mV)', title: 'Membrane potential; ticks: spikes' },
  { key: 'act', vars: ['Act'], label: 'Act', title: 'Act: the rate code (spike rate, smoothed)' },
  { key: 'g', vars: ['Ge', 'Gi'], label: 'G', title: 'Input conductances: Ge excitatory (solid), Gi inhibitory (dashed)' },
];
/** The panels for a recording of `vars` (the worker sends the drive set for a "drive" task). */
const panelsFor = (vars) => (vars.includes('Ge') ? DRIVE_PANELS : LEARNING_PANELS);
const DASH = [[], [5, 3]];
const POOL_DASH = [[5, 3], [1, 3]];
const HEIGHT = 130;

export class ScopeView {
  #charts;
  #captions;
  #panels = LEARNING_PANELS;
  #key = '';           // units + cycle layout the charts were made for
  #spikes = [];        // per unit: cycles at which it spiked
  #phase = { minus: 150, total: 200 };
  #root;

  /** @param {HTMLElement} container the scope panel's chart area */
  constructor(container) {
    this.#root = container;
    const made = LEARNING_PANELS.map((p) => captionedChart(container, { figureClass: 'scope-panel', title: p.title, height: HEIGHT }));
    this.#charts = made.map((m) => m.chart);
    this.#captions = made.map((m) => m.caption);
  }

  /** Cycles per phase (from the experiment's train section). */
  setPhases(minusCycles, plusCycles) {
    this.#phase = { minus: minusCycles, total: minusCycles + plusCycles };
    this.#key = '';
  }

  /**
   * Draw the frame's scope recording. `unitNames[k]` labels unit k (e.g. "Hidden1 #12");
   * `pools` is the frame's pool recording and `layerName` the scope layer's name.
   * @param {{units: number[], vars: string[], cycles: number, values: Float32Array} | null} scope
   */
  render(scope, unitNames, pools = null, layerName = '') {
    this.#root.dataset.cycles = String(scope?.cycles ?? 0);   // for tests
    if (!scope) {
      for (const c of this.#charts) c.destroy();
      this.#key = '';
      return;
    }
    const nu = scope.units.length;
    const nv = scope.vars.length;
    const key = `${unitNames.join('|')}/${scope.vars.join(',')}/${this.#phase.total}`;
    if (key !== this.#key) {
      this.#key = key;
      this.#create(unitNames, scope.vars, layerName);
    }
    const xs = Array.from({ length: scope.cycles }, (_, i) => i);
    const col = (name, k) => {
      const vi = scope.vars.indexOf(name);
      const out = new Array(scope.cycles);
      for (let c = 0; c < scope.cycles; c++) out[c] = vi < 0 ? null : scope.values[(c * nv + vi) * nu + k];
      return out;
    };
    this.#spikes = scope.units.map((_, k) => {
      const sp = col('Spike', k);
      const at = [];
      sp.forEach((v, c) => { if (v > 0) at.push(c); });
      return at;
    });
    this.#panels.forEach((p, i) => {
      const data = [xs];
      for (let k = 0; k < nu; k++) for (const v of p.vars) data.push(col(v, k));
      for (const v of p.pool ?? []) data.push(poolColumn(pools, scope.layer, v, scope.cycles));
      this.#charts[i].setData(data, true);
    });
  }

  #create(unitNames, vars, layerName) {
    const { minus, total } = this.#phase;
    const PANELS = panelsFor(vars);
    this.#panels = PANELS;
    // the drive set has fewer panels: the learning set's others are emptied and hidden
    this.#captions.forEach((caption, i) => {
      caption.parentElement.hidden = i >= PANELS.length;
      if (i >= PANELS.length) this.#charts[i].destroy();
      else caption.textContent = PANELS[i].title;
    });
    PANELS.forEach((p, i) => {
      const series = [{ label: 'cycle' }];
      unitNames.forEach((name, k) => {
        p.vars.forEach((v, j) => {
          series.push({
            label: `${v} ${name}`,
            stroke: UNIT_COLORS[k % UNIT_COLORS.length],
            width: 1.5,
            dash: DASH[j],
            show: vars.includes(v),
            value: (u, x) => (x == null ? '—' : x.toFixed(p.key === 'vm' ? 1 : 3)),
          });
        });
      });
      (p.pool ?? []).forEach((v, j) => {
        series.push({
          label: `${v} ${layerName} pool`,
          stroke: theme().fg,
          width: 1.5,
          dash: POOL_DASH[j],
          value: (u, x) => (x == null ? '—' : x.toFixed(3)),
        });
      });
      const opts = {
        scales: {
          x: { time: false, range: [0, total] },
          y: p.key === 'vm' ? { range: (u, lo, hi) => [Math.min(-90, lo ?? -90), Math.max(-30, hi ?? -30)] }
            : { range: (u, lo, hi) => [0, Math.max(0.1, (hi ?? 0) * 1.1)] },
        },
        axes: [axis(i === PANELS.length - 1 ? 'cycle (ms) in the trial' : ''), axis(p.label)],
        series,
        legend: { show: true, live: true },
        cursor: { sync: { key: 'theta-scope' }, drag: { x: false, y: false } },
        hooks: {
          drawClear: [(u) => drawPhases(u.ctx, u.bbox, (x) => u.valToPos(x, 'x', true), minus, total, i === 0, devicePixelRatio || 1)],
          draw: p.key === 'vm' ? [(u) => this.#drawSpikes(u)] : p.key === 'learn' ? [(u) => this.#drawError(u)] : [],
        },
      };
      this.#charts[i].create(opts, [[], ...series.slice(1).map(() => [])]);
    });
  }

  /**
   * The first unit's error signal: the area between LearnCaP (series 1) and LearnCaD
   * (series 2), orange where LearnCaP is above (CaDiff > 0), blue where below (the
   * colours of the CaDiff map), and its value at the last recorded cycle.
   */
  #drawError(u) {
    const [xs, p, d] = u.data;
    if (!xs || xs.length < 2 || !p || !d) return;
    const { ctx } = u;
    const pr = devicePixelRatio || 1;
    const X = (i) => u.valToPos(xs[i], 'x', true);
    const Y = (v) => u.valToPos(v, 'y', true);
    ctx.save();
    for (let i = 0; i + 1 < xs.length; i++) {
      if (p[i] == null || d[i] == null || p[i + 1] == null || d[i + 1] == null) continue;
      ctx.fillStyle = p[i] + p[i + 1] >= d[i] + d[i + 1] ? 'rgba(245,147,34,0.35)' : 'rgba(8,119,189,0.30)';
      ctx.beginPath();
      ctx.moveTo(X(i), Y(p[i]));
      ctx.lineTo(X(i + 1), Y(p[i + 1]));
      ctx.lineTo(X(i + 1), Y(d[i + 1]));
      ctx.lineTo(X(i), Y(d[i]));
      ctx.closePath();
      ctx.fill();
    }
    const last = xs.length - 1;
    if (p[last] != null && d[last] != null) {
      const diff = p[last] - d[last];
      ctx.fillStyle = theme().fg;
      ctx.font = `${10 * pr}px system-ui, sans-serif`;
      ctx.textAlign = 'right';
      ctx.textBaseline = 'top';
      const sign = diff > 0 ? '+' : diff < 0 ? '−' : '';
      ctx.fillText(`cycle ${xs[last]}: LearnCaP − LearnCaD = ${sign}${Math.abs(diff).toFixed(3)}`,
        u.bbox.left + u.bbox.width - 4 * pr, u.bbox.top + 2 * pr);
    }
    ctx.restore();
  }

  /** Spikes as short ticks along the top of the Vm panel, one row per unit. */
  #drawSpikes(u) {
    const { ctx } = u;
    const pr = devicePixelRatio || 1;
    const top = u.bbox.top + 14 * pr;
    ctx.save();
    ctx.lineWidth = 1.5 * pr;
    this.#spikes.forEach((cycles, k) => {
      ctx.strokeStyle = UNIT_COLORS[k % UNIT_COLORS.length];
      ctx.beginPath();
      for (const c of cycles) {
        const x = Math.round(u.valToPos(c, 'x', true)) + 0.5;
        const y = top + k * 7 * pr;
        ctx.moveTo(x, y);
        ctx.lineTo(x, y + 6 * pr);
      }
      ctx.stroke();
    });
    ctx.restore();
  }
}
