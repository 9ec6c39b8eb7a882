// Spike raster: every unit of one layer (rows) over the cycles of the current or last trial
// (columns), a mark where the unit spiked, the plus phase shaded; a line under it counts them.
import { drawPhases, theme } from './charts.js';

const LEFT = 34;     // px for the unit axis
const BOTTOM = 18;   // px for the cycle axis
const TOP = 14;      // px for the phase labels

export class RasterView {
  #canvas;
  #summary;
  #phase = { minus: 150, total: 200 };
  #last = null;

  /**
   * @param {HTMLCanvasElement} canvas
   * @param {HTMLElement} summary the line that names the layer and counts its spikes
   */
  constructor(canvas, summary) {
    this.#canvas = canvas;
    this.#summary = summary;
    new ResizeObserver(() => this.#draw()).observe(canvas.parentElement);
  }

  setPhases(minusCycles, plusCycles) {
    this.#phase = { minus: minusCycles, total: minusCycles + plusCycles };
    this.#draw();
  }

  /**
   * @param {{cycles: number, values: Float32Array} | null} raster values [cycle][unit]
   * @param {number} numUnits units of the raster's layer
   * @param {string} layerName
   */
  render(raster, numUnits, layerName) {
    this.#last = raster ? { raster, numUnits } : null;
    this.#draw();
    this.#summary.textContent = summaryText(raster, numUnits, layerName);
  }

  #draw() {
    const canvas = this.#canvas;
    const t = theme();
    const n = this.#last?.numUnits ?? 0;
    const rowH = n === 0 ? 2 : Math.max(1, Math.min(4, Math.floor(240 / n)));
    const cssW = Math.max(200, canvas.parentElement.clientWidth);
    const cssH = TOP + Math.max(40, n * rowH) + BOTTOM;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(cssW * dpr) || canvas.height !== Math.round(cssH * dpr)) {
      canvas.width = Math.round(cssW * dpr);
      canvas.height = Math.round(cssH * dpr);
      canvas.style.width = `${cssW}px`;   // CSSOM, allowed under style-src 'self'
      canvas.style.height = `${cssH}px`;
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    const { minus, total } = this.#phase;
    const plotW = cssW - LEFT - 6;
    const plotH = cssH - TOP - BOTTOM;
    const xPos = (c) => LEFT + (c / total) * plotW;
    drawPhases(ctx, { top: TOP, height: plotH }, xPos, minus, total, true);

    ctx.fillStyle = t.muted;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    for (const c of [0, minus, total]) {
      ctx.textAlign = c === 0 ? 'left' : c === total ? 'right' : 'center';
      ctx.fillText(String(c), xPos(c), TOP + plotH + 4);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText('0', LEFT - 4, TOP);
    ctx.textBaseline = 'bottom';
    if (n > 1) ctx.fillText(String(n - 1), LEFT - 4, TOP + plotH);
    ctx.strokeStyle = t.border;
    ctx.strokeRect(LEFT + 0.5, TOP + 0.5, plotW, plotH);

    if (!this.#last) return;
    const { raster } = this.#last;
    const w = Math.max(1, plotW / total);
    ctx.fillStyle = t.fg;
    for (let c = 0; c < raster.cycles; c++) {
      const x = xPos(c);
      const row = c * n;
      for (let u = 0; u < n; u++) {
        if (raster.values[row + u] > 0) ctx.fillRect(x, TOP + u * rowH, w, Math.max(1, rowH - (rowH > 2 ? 1 : 0)));
      }
    }
  }
}

/** "Layer2: 100 units, 279 spikes in cycles 0–199", or why there is nothing yet. */
function summaryText(raster, numUnits, layerName) {
  if (!raster) return '';
  if (raster.cycles === 0) return `${layerName}: ${numUnits} units; the raster fills from the start of the next trial.`;
  let spikes = 0;
  for (const v of raster.values) if (v > 0) spikes += 1;
  return `${layerName}: ${numUnits} units, ${spikes} spike${spikes === 1 ? '' : 's'} in cycles 0–${raster.cycles - 1}.`;
}
