// A uPlot chart of a few lines over epochs, each optionally with a shaded band (mean ±
// standard error): the batch panel's curves per condition and the A/B panel's two runs.
// Hover shows every line's value at that epoch in the legend (band edges are not listed).
import { Chart, axis } from './charts.js';
import { fmt } from './colormap.js';

const MIN_EPOCHS = 3;

/** Okabe-Ito colours (colour-blind safe), one per line. */
export const LINE_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#f0e442', '#000000'];

function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

export class BandChart {
  #chart;
  #key = '';   // what the plot was built for (labels, bands, axis): rebuilt only when it changes

  /** @param {HTMLElement} container  @param {number} height */
  constructor(container, height = 180) {
    this.#chart = new Chart(container, height);
  }

  /**
   * Draw `linesIn` over the epochs `xsIn`: [{ label, values: [], se?: [] }] (values[i] at
   * xsIn[i]; null = no point). `range` fixes the y range ([lo, hi]) or null to fit.
   */
  set(xsIn, linesIn, axisLabel, range = null) {
    // At least MIN_EPOCHS x values (no points beyond the data): uPlot picks its own x range
    // for fewer than two distinct values, so a first point would sit on a 0..100 axis.
    const pad = Math.max(0, MIN_EPOCHS - xsIn.length);
    const xs = [...xsIn, ...Array.from({ length: pad }, (_, i) => xsIn.length + i)];
    const lines = linesIn.map((l) => ({
      ...l,
      values: [...l.values, ...Array(pad).fill(null)],
      ...(l.se && { se: [...l.se, ...Array(pad).fill(0)] }),
    }));
    const key = JSON.stringify([lines.map((l) => [l.label, Boolean(l.se)]), axisLabel, range]);
    const data = [xs];
    for (const l of lines) {
      data.push(l.values);
      if (l.se) {
        data.push(l.values.map((v, i) => (v == null ? null : v + l.se[i])));
        data.push(l.values.map((v, i) => (v == null ? null : v - l.se[i])));
      }
    }
    if (key !== this.#key) {
      this.#key = key;
      this.#create(lines, axisLabel, range, data);
    } else {
      this.#chart.setData(data, true);
    }
  }

  #create(lines, axisLabel, range, data) {
    const series = [{ label: 'epoch', value: (u, x) => (x == null ? '—' : String(x)) }];
    const bands = [];
    lines.forEach((l, k) => {
      const color = LINE_COLORS[k % LINE_COLORS.length];
      series.push({ label: l.label, stroke: color, width: 2, points: { show: true, size: 4 }, value: (u, v) => (v == null ? '—' : fmt(v)) });
      if (l.se) {
        const edge = { label: `${l.label} ± SE`, stroke: withAlpha(color, 0.35), width: 1, points: { show: false }, class: 'band-edge' };
        series.push({ ...edge }, { ...edge });
        bands.push({ series: [series.length - 2, series.length - 1], fill: withAlpha(color, 0.15) });
      }
    });
    this.#chart.create({
      scales: {
        x: { time: false, range: (u, lo, hi) => [0, Math.max(2, hi ?? 0)] },
        y: range ? { range } : { range: (u, lo, hi) => [Math.min(0, lo ?? 0), Math.max(1, (hi ?? 0) * 1.05)] },
      },
      axes: [axis('epoch', { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }), axis(axisLabel)],
      series,
      bands,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
    }, data);
  }
}
