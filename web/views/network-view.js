// Network view: every layer as a grid of units on its own canvas (4-D layers as a grid of
// pools), placed by role as in Axon's NetView (inputs at the bottom, targets at the top, a
// CT layer beside its Super layer, a Pulvinar beside its driver: network-layout.js), with
// the paths between them drawn over an SVG layer (paths.js). Colours come from the caller
// (a variable of the latest frame, or one unit's weights); this view only draws, reports
// the unit or path under the pointer or keyboard cursor, and reports clicks.
import { colorFor, NO_VALUE } from './colormap.js';
import { POOL_GAP, arrange, drawnShape, layoutNetwork, linksOf, routeLinks } from './network-layout.js';
import { PathLayer, pathLegend } from './paths.js';

const POOL_GROUND = 'rgba(128, 128, 128, 0.28)';   // behind each pool of a 4-D layer
const BELOW_VIEW = 96;     // px kept under the view for the trial timeline and the read-out
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
  #onLayer;
  #onLink;
  #describeLink;
  #availableHeight;
  #legendBox;
  #svg = null;
  #pathLayer = null;
  #links = [];         // routes of the paths and drivers drawn (network-layout.js)
  #network = { paths: [], layerTypes: null };
  #layers = [];        // { info, local, figure, canvas, ctx, g } in reading order
  #layout = null;
  #last = null;        // the last render() arguments, for redraws
  #activity = null;    // the last renderPaths() activity
  #cursor = null;      // { layer, unit } moved by the keyboard
  #pointed = null;     // the link under the pointer
  #tipPos = { x: 0, y: 0 };   // where the pointer entered it (container px)
  #captionWidths = null;      // px, by position in setLayers' list
  // The layers, paths and links as the layout sees them: positions in setLayers' list.
  #local = { layers: [], paths: [], links: [] };

  /**
   * @param {HTMLElement} container
   * @param {{onSelect: (sel: {layer: number, unit: number}, add: boolean) => void,
   *          onPoint: (sel: {layer: number, unit: number} | null) => void,
   *          describe: (sel: {layer: number, unit: number}) => string}} handlers
   *   onSelect: a click or Enter on a unit (add = Shift held: add it to the scope);
   *   onPoint: the unit under the pointer or keyboard cursor changed (null = none);
   *   describe: the tooltip text of a unit; readout: the id of the element that reads out the
   *   unit under the cursor; keyHint: what the keys do, read with each layer's name.
   *   With paths (setLayers' second argument): onLayer(layerIndex) when a layer's name is
   *   clicked, onLink(link) when a path or driver is clicked, describeLink(link) its hover
   *   text, legend: the element the path legend goes in. availableHeight(): px the view may
   *   take, or null for the default: what is left of the window below the view's top.
   */
  constructor(container, {
    onSelect, onPoint, describe, readout = 'unit-readout', keyHint = KEY_HINT,
    onLayer = null, onLink = null, describeLink = null, legend = null, availableHeight = null,
  }) {
    this.#container = container;
    this.#readout = readout;
    this.#keyHint = keyHint;
    this.#onSelect = onSelect;
    this.#onPoint = onPoint;
    this.#describe = describe;
    this.#onLayer = onLayer;
    this.#onLink = onLink;
    this.#describeLink = describeLink;
    this.#legendBox = legend;
    this.#availableHeight = availableHeight;
    this.#tip = document.createElement('div');
    this.#tip.className = 'unit-tip';
    this.#tip.hidden = true;
    this.#tip.setAttribute('aria-hidden', 'true');  // the read-out line carries the same text
    const observer = new ResizeObserver(() => this.#relayout());
    observer.observe(container);
    if (container.parentElement) observer.observe(container.parentElement);
    window.addEventListener('resize', () => this.#relayout());
  }

  /**
   * Build one canvas per layer (`layers` as the worker's info.layers), placed by role, and
   * draw `network.paths` (the worker's info.paths) between them; `network.layerTypes`: the
   * engine's layer roles. Without `network` the layers are drawn side by side, no paths.
   */
  setLayers(layers, network = null) {
    this.#network = { paths: network?.paths ?? [], layerTypes: network?.layerTypes ?? null };
    this.#cursor = null;
    this.#last = null;
    this.#activity = null;
    this.#layout = null;
    this.#pointed = null;
    this.#captionWidths = null;
    // Layout works on positions in `layers` (a single layer of a bigger network is position 0).
    const pos = new Map(layers.map((l, i) => [l.index, i]));
    const local = layers.map((l, i) => ({ ...l, index: i }));
    const paths = this.#network.paths.filter((p) => pos.has(p.fromIndex) && pos.has(p.toIndex))
      .map((p) => ({ ...p, fromIndex: pos.get(p.fromIndex), toIndex: pos.get(p.toIndex) }));
    this.#local = { layers: local, paths, links: linksOf(local, paths) };
    const rows = arrange(local, paths, this.#network.layerTypes);
    this.#container.replaceChildren();
    this.#svg = null;
    this.#pathLayer = null;
    if (network) {
      this.#svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      this.#svg.setAttribute('class', 'net-paths');
      this.#svg.setAttribute('aria-hidden', 'true');   // the text list (network-text.js) says it all
      this.#pathLayer = new PathLayer(this.#svg, {
        onPoint: (link, ev) => this.#pointLink(link, ev),
        onClick: (link) => this.#onLink?.(this.#global(link)),
      });
      this.#container.append(this.#svg);
    }
    this.#layers = [];
    // Reading order (and Tab order): the top row first, each row left to right.
    for (const i of [...rows].reverse().flat()) this.#addLayer(layers[i], local[i]);
    this.#container.append(this.#tip);
    if (this.#legendBox) {
      const types = new Set(this.#local.links.map((l) => l.type));
      this.#legendBox.replaceChildren(...(types.size && this.#pathLayer ? [pathLegend(this.#pathLayer, types)] : []));
    }
    this.#relayout();
  }

  #addLayer(info, local) {
    const [py, px, y, x] = info.shape;
    const figure = document.createElement('figure');
    figure.className = 'layer';
    const caption = document.createElement('figcaption');
    // The name opens the layer's parameters where the page has them (a button), else it is text.
    const name = document.createElement(this.#onLayer ? 'button' : 'strong');
    name.textContent = info.name;  // user text: never parsed as HTML
    if (this.#onLayer) {
      // Out of the Tab order (Tab goes from canvas to canvas); the text list has the same buttons.
      name.type = 'button';
      name.tabIndex = -1;
      name.className = 'layer-name';
      name.title = `Open ${info.name}’s parameters in the editor`;
      name.addEventListener('click', () => this.#onLayer(info.index));
    }
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
    const entry = { info, local, figure, canvas, ctx: canvas.getContext('2d'), g: null };
    this.#layers.push(entry);
    this.#listen(entry);
  }

  /** A link of the local layout as the page knows it (layer indices of info.layers). */
  #global(link) {
    return { ...link, from: this.#layers.find((l) => l.local.index === link.from).info.index,
      to: this.#layers.find((l) => l.local.index === link.to).info.index };
  }

  /**
   * Draw. `values[li]` is layer li's Float32Array (NaN = no value), coloured on `scale`;
   * `selection` is outlined, `scopeUnits` get a dot in their scope colour.
   */
  render(values, scale, selection = null, scopeUnits = []) {
    this.#last = { values, scale, selection, scopeUnits };
    for (const l of this.#layers) this.#drawLayer(l);
  }

  /** Path widths from a frame's pathActivity (sim-worker.js: share, drive, driverShare). */
  renderPaths(activity) {
    this.#activity = activity ?? null;
    this.#pathLayer?.render(this.#activity);
    if (this.#pointed) this.#showLinkText(this.#pointed);
  }

  /** The value shown for a unit in the last render (NaN if none). */
  valueOf(sel) {
    return this.#last?.values[sel.layer]?.[sel.unit] ?? NaN;
  }

  /** Where everything is drawn (for tests and the text list): the layout and the link routes. */
  get layout() {
    return this.#layout;
  }

  get links() {
    return this.#links.map((l) => this.#global(l));
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
    // Pools of a 4-D layer as groups: each on a faint ground that shows between its units.
    if (g.px * g.py > 1) {
      ctx.fillStyle = POOL_GROUND;
      for (let pyi = 0; pyi < g.py; pyi++) {
        for (let pxi = 0; pxi < g.px; pxi++) ctx.fillRect(pxi * g.poolW, pyi * g.poolH, g.x * cell - 1, g.y * cell - 1);
      }
    }
    // Unit labels (the fsa task's tokens) when the cells are large enough to read them.
    const labels = info.unitLabels && cell >= 12 ? info.unitLabels : null;
    if (labels) {
      ctx.font = `600 ${Math.round(cell * 0.5)}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
    }
    // Unit order is [PoolY][PoolX][Y][X]; each unit is a cell with a 1 px gap.
    const inset = g.px * g.py > 1 ? 1 : 0;   // inside the pool's ground
    let unit = 0;
    for (let pyi = 0; pyi < g.py; pyi++) {
      for (let pxi = 0; pxi < g.px; pxi++) {
        for (let yi = 0; yi < g.y; yi++) {
          for (let xi = 0; xi < g.x; xi++, unit++) {
            const fill = vals ? colorFor(vals[unit], scale) : NO_VALUE;
            const x0 = pxi * g.poolW + xi * cell;
            const y0 = pyi * g.poolH + yi * cell;
            ctx.fillStyle = fill;
            ctx.fillRect(x0 + inset, y0 + inset, cell - 1 - 2 * inset, cell - 1 - 2 * inset);
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

  /** Px of height the view may take: the caller's, else the window's below the view's top. */
  #heightBudget() {
    const given = this.#availableHeight?.();
    if (given) return given;
    const top = this.#container.getBoundingClientRect().top + window.scrollY;
    return Math.max(window.innerHeight * 0.55, window.innerHeight - top - BELOW_VIEW);
  }

  /** Place the layers for the container's width and the height budget: one cell size for all. */
  #relayout() {
    if (this.#layers.length === 0) return;
    const width = Math.max(120, this.#container.clientWidth);
    const height = this.#heightBudget();
    if (this.#layout && this.#layout.box.width === width && Math.abs(this.#layout.box.height - height) < 2) return;
    const { layers, paths, links } = this.#local;
    // Caption widths, measured once per network (a caption may then go beside its layer).
    this.#captionWidths ??= this.#layers.reduce((out, l) => {
      out[l.local.index] = Math.ceil(l.figure.firstChild.getBoundingClientRect().width) + 1;   // max-content: the text's width
      return out;
    }, []);
    const layout = layoutNetwork(layers, paths, this.#network.layerTypes, { width, height, captionWidths: this.#captionWidths });
    layout.box = { width, height };
    const sameCell = this.#layout?.cell === layout.cell;
    this.#layout = layout;
    this.#container.style.height = `${layout.height}px`;   // CSSOM, allowed under style-src 'self'
    const dpr = window.devicePixelRatio || 1;
    for (const l of this.#layers) {
      const box = layout.boxes[l.local.index];
      l.figure.style.left = `${box.x}px`;
      l.figure.style.top = `${box.captionY}px`;
      l.figure.classList.toggle('side', box.side);
      l.figure.firstChild.style.maxWidth = `${box.captionMax}px`;   // the whole caption is its title
      if (sameCell && l.g) continue;
      l.g = geometry(l.info.shape, layout.cell);
      l.canvas.width = Math.round(l.g.width * dpr);
      l.canvas.height = Math.round(l.g.height * dpr);
      l.canvas.style.width = `${l.g.width}px`;
      l.canvas.style.height = `${l.g.height}px`;
      this.#drawLayer(l);
    }
    if (this.#pathLayer) {
      this.#links = routeLinks(layout, links);
      this.#pathLayer.set(this.#links, layout.width, layout.height);
      this.#pathLayer.render(this.#activity);
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

  /** The tooltip at (x, y) px of the container (kept inside it), or hidden. */
  #tipAt(text, x, y) {
    if (text === null) {
      this.#tip.hidden = true;
      return;
    }
    const c = this.#container.getBoundingClientRect();
    this.#tip.textContent = text;
    this.#tip.hidden = false;
    this.#tip.style.left = `${Math.max(0, Math.min(x, c.width - this.#tip.offsetWidth))}px`;
    this.#tip.style.top = `${Math.max(0, y)}px`;
  }

  #showTip(l, sel, text) {
    if (!sel) {
      this.#tipAt(null);
      return;
    }
    const { x, y } = this.#unitXY(l.g, sel.unit);
    const c = this.#container.getBoundingClientRect();
    const r = l.canvas.getBoundingClientRect();
    this.#tipAt(text, r.left - c.left + x + l.g.cell + 6, r.top - c.top + y - 4);
  }

  #point(l, sel) {
    this.#showTip(l, sel, sel ? this.#describe(sel) : '');
    this.#onPoint(sel);
  }

  /** A path or driver under the pointer (or none): outlined, described in the tooltip and the read-out. */
  #pointLink(link, ev) {
    this.#pointed = link;
    this.#pathLayer.highlight(link);
    if (!link) {
      this.#tipAt(null);
      return;
    }
    const c = this.#container.getBoundingClientRect();
    this.#tipPos = { x: ev.clientX - c.left + 12, y: ev.clientY - c.top + 12 };
    this.#showLinkText(link);
  }

  #showLinkText(link) {
    const text = this.#describeLink?.(this.#global(link), this.#activity) ?? '';
    this.#tipAt(text, this.#tipPos.x, this.#tipPos.y);
    const readout = document.getElementById(this.#readout);
    if (readout && readout.textContent !== text) readout.textContent = text;
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
