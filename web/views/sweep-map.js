// A grid of numbers as a colour map on a canvas (rows top to bottom, columns left to right),
// on a signed scale (diverging, 0 white) shared by the maps it is given, with a hover
// read-out. The synapse panel shows its minus-Hz x plus-Hz sweep and the error-driven
// target as two of these side by side.
import { colorFor, fmt, signedScale } from './colormap.js';

const CELL = 11;     // px per cell
const MARGIN = 30;   // px for the axis labels (left and bottom)

/** Label every third row or column, and the last (unless it would touch the one before). */
const tick = (k, n) => (k % 3 === 0 && k < n - 2) || k === n - 1;

export class SweepMap {
  #canvas;
  #tip;
  #rows;
  #cols;
  #values = [];      // row-major; NaN = not yet measured
  #scale = signedScale(1);
  #describe;

  /**
   * @param {HTMLElement} container
   * @param {{rows: number[], cols: number[], rowLabel: string, colLabel: string, title: string,
   *          describe(row, col, value): string, id: string}} opts
   */
  constructor(container, { rows, cols, rowLabel, colLabel, title, describe, id }) {
    this.#rows = rows;
    this.#cols = cols;
    this.#describe = describe;
    const fig = document.createElement('figure');
    fig.className = 'sweep-map';
    const cap = document.createElement('figcaption');
    cap.textContent = title;
    this.#canvas = document.createElement('canvas');
    this.#canvas.id = id;
    this.#canvas.setAttribute('role', 'img');
    this.#canvas.setAttribute('aria-label', `${title}: rows ${rowLabel}, columns ${colLabel}`);
    this.#tip = document.createElement('p');
    this.#tip.className = 'hint sweep-tip';
    this.#tip.textContent = 'Hover a cell for its numbers.';
    fig.append(cap, this.#canvas, this.#tip);
    container.append(fig);
    this.axisLabels = { rowLabel, colLabel };
    this.#canvas.addEventListener('mousemove', (ev) => this.#hover(ev));
    this.clear();
  }

  clear() {
    this.#values = new Array(this.#rows.length * this.#cols.length).fill(NaN);
    this.#draw();
  }

  /** Set cell k (row-major) and redraw it. */
  set(k, v) {
    this.#values[k] = v;
    this.#draw();
  }

  /** Set cells from index `from` (row-major) on; redrawn once. */
  setMany(from, values) {
    values.forEach((v, i) => { this.#values[from + i] = v; });
    this.#draw();
  }

  /** The scale, ±m (0 white): the caller shares one between maps. */
  setScale(m) {
    this.#scale = signedScale(m > 0 ? m : 1);
    this.#draw();
  }

  /** Cells with a value (for tests: data-cells). */
  get filled() {
    return this.#values.filter((v) => !Number.isNaN(v)).length;
  }

  get values() { return this.#values.slice(); }

  #draw() {
    const c = this.#canvas;
    const pr = devicePixelRatio || 1;
    const w = MARGIN + this.#cols.length * CELL + 4;
    const h = this.#rows.length * CELL + MARGIN;
    c.style.width = `${w}px`;
    c.style.height = `${h}px`;
    c.width = Math.round(w * pr);
    c.height = Math.round(h * pr);
    c.dataset.cells = String(this.filled);
    const ctx = c.getContext('2d');
    ctx.scale(pr, pr);
    this.#values.forEach((v, k) => {
      const r = Math.floor(k / this.#cols.length);
      const col = k % this.#cols.length;
      ctx.fillStyle = colorFor(v, this.#scale);
      ctx.fillRect(MARGIN + col * CELL, r * CELL, CELL - 1, CELL - 1);
    });
    const fg = getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#5f6368';
    ctx.fillStyle = fg;
    ctx.font = '9px system-ui, sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    this.#rows.forEach((v, r) => { if (tick(r, this.#rows.length)) ctx.fillText(String(v), MARGIN - 3, r * CELL + CELL / 2); });
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    this.#cols.forEach((v, k) => { if (tick(k, this.#cols.length)) ctx.fillText(String(v), MARGIN + k * CELL + CELL / 2, this.#rows.length * CELL + 2); });
    ctx.fillText(this.axisLabels?.colLabel ?? '', MARGIN + (this.#cols.length * CELL) / 2, this.#rows.length * CELL + 14);
    ctx.save();
    ctx.translate(8, (this.#rows.length * CELL) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(this.axisLabels?.rowLabel ?? '', 0, -6);
    ctx.restore();
  }

  #hover(ev) {
    const box = this.#canvas.getBoundingClientRect();
    const col = Math.floor((ev.clientX - box.left - MARGIN) / CELL);
    const row = Math.floor((ev.clientY - box.top) / CELL);
    if (col < 0 || row < 0 || col >= this.#cols.length || row >= this.#rows.length) return;
    const v = this.#values[row * this.#cols.length + col];
    this.#tip.textContent = this.#describe(this.#rows[row], this.#cols[col], v, fmt);
  }
}
