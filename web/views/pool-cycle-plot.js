// The inhibition plot: one layer pool's FS-FFFB inhibition over the cycles of the current (or
// last) trial, the fast FSGi (PV-like: this cycle's input and spikes) against the slow SSGi
// (SST-like: it builds up over the trial), and TotalGi, what reaches the layer's units.
// A line under the plot measures the difference a student should see: how much each changes
// from one cycle to the next.
import { axis, captionedChart, drawPhases, theme } from './charts.js';
import { fmt } from './colormap.js';
import { cycleToCycleChange, poolColumn } from './pool-trace.js';

const SERIES = [
  { name: 'FSGi', stroke: '#0072b2', dash: [], about: 'fast (PV)' },
  { name: 'SSGi', stroke: '#e69f00', dash: [], about: 'slow (SST)' },
  { name: 'TotalGi', stroke: null, dash: [5, 3], about: 'the pool’s Gi' },   // null: the page's text colour
];
const HEIGHT = 170;

export class PoolCyclePlot {
  #chart;
  #summary;
  #key = '';
  #phase = { minus: 150, total: 200 };

  /**
   * @param {HTMLElement} container where the chart goes
   * @param {HTMLElement} summary the line that says how fast FSGi and SSGi change
   */
  constructor(container, summary) {
    this.#chart = captionedChart(container, {
      figureClass: 'scope-panel',
      title: 'FSGi (fast, blue) against SSGi (slow, orange), and TotalGi = FSGi + SSGi (dashed), per cycle',
      height: HEIGHT,
    }).chart;
    this.#summary = summary;
  }

  setPhases(minusCycles, plusCycles) {
    this.#phase = { minus: minusCycles, total: minusCycles + plusCycles };
    this.#key = '';
  }

  /**
   * Draw layer `layer`'s pool from the frame's pool recording.
   * @param {{vars: string[], layers: number, cycles: number, values: Float32Array} | null} pools
   */
  render(pools, layer, layerName) {
    const key = `${layerName}/${this.#phase.total}`;
    if (key !== this.#key) {
      this.#key = key;
      this.#create(layerName);
    }
    const cycles = pools?.cycles ?? 0;
    const columns = SERIES.map((s) => poolColumn(pools, layer, s.name, cycles));
    this.#chart.setData([Array.from({ length: cycles }, (_, c) => c), ...columns], true);
    this.#summary.textContent = summaryText(layerName, cycles, cycleToCycleChange(columns[0]), cycleToCycleChange(columns[1]));
  }

  #create(layerName) {
    const { minus, total } = this.#phase;
    const fg = theme().fg;
    this.#chart.create({
      scales: { x: { time: false, range: [0, total] }, y: { range: (u, lo, hi) => [0, Math.max(0.1, (hi ?? 0) * 1.1)] } },
      axes: [axis('cycle (ms) in the trial'), axis(`${layerName} pool inhibition`)],
      series: [
        { label: 'cycle' },
        ...SERIES.map((s) => ({
          label: `${s.name}: ${s.about}`,
          stroke: s.stroke ?? fg,
          dash: s.dash,
          width: 1.5,
          value: (u, v) => (v == null ? '—' : v.toFixed(3)),
        })),
      ],
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      hooks: {
        drawClear: [(u) => drawPhases(u.ctx, u.bbox, (x) => u.valToPos(x, 'x', true), minus, total, true, devicePixelRatio || 1)],
      },
    }, [[], ...SERIES.map(() => [])]);
  }
}

/** "Layer1, cycles 0–199: FSGi changes by 0.0210 per cycle on average, SSGi by 0.00150: FSGi varies 14× as much." */
function summaryText(layerName, cycles, fast, slow) {
  if (!(cycles > 1)) return `${layerName}: nothing recorded yet; the plot fills from the start of the next trial.`;
  const head = `${layerName}, cycles 0–${cycles - 1}: FSGi changes by ${fmt(fast)} per cycle on average, SSGi by ${fmt(slow)}`;
  if (!(slow > 0)) return `${head}.`;
  return `${head}: FSGi varies ${fmt(fast / slow)}× as much.`;
}
