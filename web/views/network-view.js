// Network view: every layer as a grid of units on its own canvas (4-D layers as a grid of
// pools), output at the top and input at the bottom as in Axon's NetView. Colours come from
// the caller (a variable of the latest frame, or one unit's weights); this view only draws,
// reports the unit under the pointer or keyboard cursor, and reports clicks.
import { colorFor, NO_VALUE } from './colormap.js';

const POOL_GAP = 4;        // px between pools of a 4-D layer
const MAX_CELL = 28;       // px per unit at most
const MIN_CELL = 3;
/** Okabe-Ito colours, one per scope unit (also used by the scope's lines). */
export const UNIT_COLORS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7'];
const KEY_HINT = 'Arrow keys move between units, Enter selects one, Shift+Enter adds it to the scope.';

/** What each layer type is, for the caption's tooltip (Axon's names and roles). */
const TYPE_ABOUT = {
  Input: 'Input layer: clamped to the task’s input pattern.',
  Hidden: 'Hidden layer: learns from the change of its own activity from the minus to the plus phase.',
  Target: 'Target layer: the network’s output; the correct pattern is clamped onto it in the plus phase.',
  Super: 'Super layer (cortical layers 2/3): a hidden layer whose plus-phase bursts are sent to its CT layer as context.',
  CT: 'CT layer (layer 6 corticothalamic): gets the Super layer’s bursts as context once per trial, keeps them, and predicts the next input on the Pulvinar layer.',
  Pulvinar: 'Pulvinar layer (thalamus): its minus phase is the CT layer’s prediction, its plus phase shows what its driver layer actually did.',
};

/** "Pulvinar ← Input", "CT", "Hidden": the type as a layer's caption shows it. */
export function layerTypeText(info) {
  return info.driver ? `${info.type} ← ${info.driver}` : info.type;
}

/**
 * The grid a layer is drawn as: [PoolsY, PoolsX, Y, X], except that pools of a single unit
 * (a 4-D [1, 7, 1, 1] layer) are drawn as a plain [PoolsY, PoolsX] grid, without gaps.
 */
function drawnShape(shape) {
  const [py, px, y, x] = shape;
  return y * x === 1 ? [1, 1, py, px] : shape;
}

/** Geometry of one layer drawn with `cell` px per unit. */
function geometry(shape, cell) {
  const [py, px, y, x] = drawnShape(shape);
  const poolW = x * cell + POOL_GAP;
  const poolH = y * cell + POOL_GAP;
  return { py, px, y, x, cell, poolW, poolH, width: px * poolW - POOL_GAP, height: py * poolH - POOL_GAP };
}

/** Black or white text, whichever reads better on a cell of CSS colour `fill` ('rgb(r,g,b)'). */
function labelColour(fill) {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(fill);
  if (!m) return '#000';
  const [r, g, b] = m.slice(1).map(Number);
  return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? '#000' : '#fff';
}

/** Layer-local unit index at (row, col) of the whole layer grid (pools included). */
function unitAt(g, row, col) {
  const pyi = Math.floor(row / g.y);
  const pxi = Math.floor(col / g.x);
  return ((pyi * g.px + pxi) * g.y + (row % g.y)) * g.x + (col % g.x);
}

/** (row, col) in the whole layer grid (as drawn) of a layer-local unit index. */
export function unitRowCol(shape, unit) {
  const [, px, y, x] = drawnShape(shape);
  const xi = unit % x;
  const yi = Math.floor(unit / x) % y;
  const pool = Math.floor(unit / (x * y));
  return { row: Math.floor(pool / px) * y + yi, col: (pool % px) * x + xi };
}

export class NetworkView {
  #container;
  #tip;
  #onSelect;
  #onPoint;
  #describe;
  #readout;
  #keyHint;
  #layers = [];        // { info, canvas, ctx, g }
  #last = null;        // the last render() arguments, for redraws
  #cursor = null;      // { layer, unit } moved by the keyboard

  /**
   * @param {HTMLElement} container
   * @param {{onSelect: (sel: {layer: number, unit: number}, add: boolean) => void,
   *          onPoint: (sel: {layer: number, unit: number} | null) => void,
   *          describe: (sel: {layer: number, unit: number}) => string}} handlers
   *   onSelect: a click or Enter on a unit (add = Shift held: add it to the scope);
   *   onPoint: the unit under the pointer or keyboard cursor changed (null = none);
   *   describe: the tooltip text of a unit; readout: the id of the element that reads out the
   *   unit under the cursor; keyHint: what the keys do, read with each layer's name.
   */
  constructor(container, { onSelect, onPoint, describe, readout = 'unit-readout', keyHint = KEY_HINT }) {
    this.#container = container;
    this.#readout = readout;
    this.#keyHint = keyHint;
    this.#onSelect = onSelect;
    this.#onPoint = onPoint;
    this.#describe = describe;
    this.#tip = document.createElement('div');
    this.#tip.className = 'unit-tip';
    this.#tip.hidden = true;
    this.#tip.setAttribute('aria-hidden', 'true');  // the read-out line carries the same text
    new ResizeObserver(() => this.#relayout()).observe(container);
  }

  /** Build one canvas per layer (`layers` as the worker's info.layers). */
  setLayers(layers) {
    this.#container.replaceChildren(this.#tip);
    this.#layers = [];
    this.#cursor = null;
    this.#last = null;
    for (const info of [...layers].reverse()) {
      const [py, px, y, x] = info.shape;
      const figure = document.createElement('figure');
      figure.className = 'layer';
      const caption = document.createElement('figcaption');
      const name = document.createElement('strong');
      name.textContent = info.name;  // user text: never parsed as HTML
      const type = document.createElement('span');
      type.className = 'layer-type';
      type.dataset.type = info.type;
      type.textContent = `(${layerTypeText(info)})`;   // a driver's name is user text too
      const dims = y * x === 1 ? `${py}×${px}` : py * px > 1 ? `${py}×${px} pools of ${y}×${x}` : `${y}×${x}`;
      caption.append(name, ' ', type, ` · ${dims}`);
      caption.title = TYPE_ABOUT[info.type] ?? '';
      figure.dataset.type = info.type;
      const canvas = document.createElement('canvas');
      canvas.tabIndex = 0;
      canvas.dataset.layer = info.name;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `Layer ${info.name} (${layerTypeText(info)}), ${info.numNeurons} units. ${this.#keyHint}`);
      canvas.setAttribute('aria-describedby', this.#readout);
      figure.append(caption, canvas);
      this.#container.append(figure);
      const entry = { info, canvas, ctx: canvas.getContext('2d'), g: null };
      this.#layers.push(entry);
      this.#listen(entry);
    }
    this.#relayout();
  }

  /**
   * Draw. `values[li]` is layer li's Float32Array (NaN = no value), coloured on `scale`;
   * `selection` is outlined, `scopeUnits` get a dot in their scope colour.
   */
  render(values, scale, selection = null, scopeUnits = []) {
    this.#last = { values, scale, selection, scopeUnits };
    for (const l of this.#layers) this.#drawLayer(l);
  }

  /** The value shown for a unit in the last render (NaN if none). */
  valueOf(sel) {
    return this.#last?.values[sel.layer]?.[sel.unit] ?? NaN;
  }

  #drawLayer({ info, ctx, g }) {
    if (!g || !this.#last) return;
    const { values, scale, selection, scopeUnits } = this.#last;
    const vals = values[info.index];
    const { cell } = g;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, g.width, g.height);
    const n = info.numNeurons;
    // Unit labels (the fsa task's tokens) when the cells are large enough to read them.
    const labels = info.unitLabels && cell >= 12 ? info.unitLabels : null;
    if (labels) {
      ctx.font = `600 ${Math.round(cell * 0.5)}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
    }
    // Unit order is [PoolY][PoolX][Y][X]; each unit is a cell with a 1 px gap.
    let unit = 0;
    for (let pyi = 0; pyi < g.py; pyi++) {
      for (let pxi = 0; pxi < g.px; pxi++) {
        for (let yi = 0; yi < g.y; yi++) {
          for (let xi = 0; xi < g.x; xi++, unit++) {
            const fill = vals ? colorFor(vals[unit], scale) : NO_VALUE;
            const x0 = pxi * g.poolW + xi * cell;
            const y0 = pyi * g.poolH + yi * cell;
            ctx.fillStyle = fill;
            ctx.fillRect(x0, y0, cell - 1, cell - 1);
            if (labels?.[unit]) {
              ctx.fillStyle = labelColour(fill);
              ctx.fillText(labels[unit], x0 + (cell - 1) / 2, y0 + (cell - 1) / 2 + 0.5);
            }
          }
        }
      }
    }
    scopeUnits.forEach((s, k) => {
      if (s.layer !== info.index || s.unit >= n) return;
      const { x, y } = this.#unitXY(g, s.unit);
      const r = Math.max(1.5, cell / 5);
      ctx.fillStyle = UNIT_COLORS[k % UNIT_COLORS.length];
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.arc(x + cell - 1 - r, y + r, r, 0, 2 * Math.PI);
      ctx.fill();
      ctx.stroke();
    });
    // Outlines inside the cell (so cells at the canvas edge show them whole).
    const outline = (sel, dash) => {
      if (!sel || sel.layer !== info.index || sel.unit >= n) return;
      const { x, y } = this.#unitXY(g, sel.unit);
      ctx.setLineDash(dash);
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#000';
      ctx.strokeRect(x + 1, y + 1, cell - 3, cell - 3);
      ctx.lineWidth = 1;
      ctx.strokeStyle = '#fff';
      ctx.strokeRect(x + 2.5, y + 2.5, Math.max(0, cell - 6), Math.max(0, cell - 6));
      ctx.setLineDash([]);
    };
    outline(selection, []);
    if (ctx.canvas.matches(':focus-visible')) outline(this.#cursor, [2, 2]);
  }

  #unitXY(g, unit) {
    const { row, col } = unitRowCol([g.py, g.px, g.y, g.x], unit);
    return {
      x: Math.floor(col / g.x) * g.poolW + (col % g.x) * g.cell,
      y: Math.floor(row / g.y) * g.poolH + (row % g.y) * g.cell,
    };
  }

  /** Cell size from the container's width: one size for all layers, so weights line up. */
  #relayout() {
    if (this.#layers.length === 0) return;
    // Fit the widest layer to the container, and all layers to about 70% of the window height.
    const avail = Math.max(120, this.#container.clientWidth - 4);
    const heightBudget = Math.max(320, window.innerHeight * 0.7);
    let rows = 0;
    let cell = MAX_CELL;
    for (const { info } of this.#layers) {
      const [py, px, y, x] = drawnShape(info.shape);
      cell = Math.min(cell, Math.floor((avail - (px - 1) * POOL_GAP) / (px * x)));
      rows += py * y;
    }
    cell = Math.min(cell, Math.floor(heightBudget / rows));
    cell = Math.max(MIN_CELL, cell);
    if (this.#layers[0].g?.cell === cell) return;
    const dpr = window.devicePixelRatio || 1;
    for (const l of this.#layers) {
      l.g = geometry(l.info.shape, cell);
      l.canvas.width = Math.round(l.g.width * dpr);
      l.canvas.height = Math.round(l.g.height * dpr);
      l.canvas.style.width = `${l.g.width}px`;   // CSSOM, allowed under style-src 'self'
      l.canvas.style.height = `${l.g.height}px`;
      this.#drawLayer(l);
    }
  }

  /** Unit under a pointer event, or null (outside, or in the gap between pools). */
  #hit(l, ev) {
    const g = l.g;
    const rect = l.canvas.getBoundingClientRect();
    const mx = ev.clientX - rect.left;
    const my = ev.clientY - rect.top;
    const pxi = Math.floor(mx / g.poolW);
    const pyi = Math.floor(my / g.poolH);
    const rx = mx - pxi * g.poolW;
    const ry = my - pyi * g.poolH;
    if (pxi < 0 || pyi < 0 || pxi >= g.px || pyi >= g.py || rx >= g.x * g.cell || ry >= g.y * g.cell) return null;
    const unit = unitAt(g, pyi * g.y + Math.floor(ry / g.cell), pxi * g.x + Math.floor(rx / g.cell));
    return { layer: l.info.index, unit };
  }

  #showTip(l, sel, text) {
    if (!sel) {
      this.#tip.hidden = true;
      return;
    }
    const { x, y } = this.#unitXY(l.g, sel.unit);
    const c = this.#container.getBoundingClientRect();
    const r = l.canvas.getBoundingClientRect();
    this.#tip.textContent = text;
    this.#tip.hidden = false;
    const left = Math.min(r.left - c.left + x + l.g.cell + 6, Math.max(0, c.width - this.#tip.offsetWidth));
    this.#tip.style.left = `${left}px`;
    this.#tip.style.top = `${r.top - c.top + y - 4}px`;
  }

  #point(l, sel) {
    this.#showTip(l, sel, sel ? this.#describe(sel) : '');
    this.#onPoint(sel);
  }

  #listen(l) {
    const { canvas } = l;
    let lastKey = '';
    canvas.addEventListener('pointermove', (ev) => {
      const sel = this.#hit(l, ev);
      const key = sel ? `${sel.layer}:${sel.unit}` : '';
      if (key === lastKey) return;
      lastKey = key;
      this.#point(l, sel);
    });
    canvas.addEventListener('pointerleave', () => {
      lastKey = '';
      this.#point(l, null);
    });
    canvas.addEventListener('click', (ev) => {
      const sel = this.#hit(l, ev);
      if (sel) this.#onSelect(sel, ev.shiftKey);
    });
    canvas.addEventListener('focus', () => {
      if (!canvas.matches(':focus-visible')) return;   // a click: the pointer shows the unit
      const sel = this.#last?.selection;
      this.#cursor = this.#cursor?.layer === l.info.index ? this.#cursor
        : sel?.layer === l.info.index ? { ...sel } : { layer: l.info.index, unit: 0 };
      this.#drawLayer(l);
      this.#point(l, this.#cursor);
    });
    canvas.addEventListener('blur', () => {
      this.#drawLayer(l);
      this.#tip.hidden = true;
    });
    canvas.addEventListener('keydown', (ev) => {
      if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
      if (this.#cursor?.layer !== l.info.index) this.#cursor = { layer: l.info.index, unit: 0 };
      const { row, col } = unitRowCol(l.info.shape, this.#cursor.unit);
      const rows = l.g.py * l.g.y;
      const cols = l.g.px * l.g.x;
      const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      if (moves[ev.key]) {
        const [dr, dc] = moves[ev.key];
        const r = Math.min(rows - 1, Math.max(0, row + dr));
        const c = Math.min(cols - 1, Math.max(0, col + dc));
        this.#cursor = { layer: l.info.index, unit: unitAt(l.g, r, c) };
        this.#drawLayer(l);
        this.#point(l, this.#cursor);
        ev.preventDefault();
        ev.stopPropagation();
      } else if (ev.key === 'Enter' || ev.key === ' ') {
        this.#onSelect({ ...this.#cursor }, ev.shiftKey);
        ev.preventDefault();
        ev.stopPropagation();
      }
    });
  }
}
