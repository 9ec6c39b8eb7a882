// Where the network view puts each layer and how it routes each path: pure functions (no
// DOM), so Node tests can check them (tests/node/network-layout.test.mjs).
//
// Layers are placed by role, as Axon's NetView places them: input layers in the bottom row,
// target layers in the top row, hidden layers in between by how many Forward paths lie
// between them and the input; a CT layer sits beside the Super layer that sends it its
// context, a Pulvinar layer beside its driver. The experiment file has no position field
// (docs/experiment-file.md), so the roles decide everything.

/** The path types the view tells apart, and the Pulvinar's driver (not a path, but drawn). */
export const PATH_TYPES = ['Forward', 'Back', 'Lateral', 'Inhib', 'CTCtxt', 'Maint'];
export const DRIVER = 'Driver';

export const POOL_GAP = 4;      // px between pools of a 4-D layer
export const MAX_CELL = 28;     // px per unit at most
export const MIN_CELL = 3;
const CAPTION = 18;             // px of a layer's caption line above its units
const COL_GAP = 40;             // px between layers in one row (room for sideways paths)
const ROW_GAP = 24;             // px between rows (room for the arrows), plus one cell
const LANE = 9;                 // px between parallel paths of one pair of layers
const LOOP = 10;                // px a self path's loop reaches out, plus 0.6 cell, per loop
const GUTTER = 36;              // px left and right for loops and paths around a row
const CAPTION_GAP = 10;         // px between a caption on the left and its layer

/** Units across and down of a layer as drawn: [PoolsY, PoolsX, Y, X], single-unit pools as one grid. */
export function drawnShape(shape) {
  const [py, px, y, x] = shape;
  return y * x === 1 ? [1, 1, py, px] : shape;
}

/** Pixel size of a layer's unit grid at `cell` px per unit. */
export function gridSize(shape, cell) {
  const [py, px, y, x] = drawnShape(shape);
  return { w: px * x * cell + (px - 1) * POOL_GAP, h: py * y * cell + (py - 1) * POOL_GAP };
}

/**
 * The layer a CT or Pulvinar layer sits beside, or -1: a Pulvinar's driver; a CT layer's
 * Super layer (the sender of its CTCtxt path, else any Super layer with a path to it).
 */
function anchorOf(layer, layers, paths) {
  if (layer.type === 'Pulvinar' && layer.driver) {
    return layers.find((l) => l.name === layer.driver)?.index ?? -1;
  }
  if (layer.type === 'CT') {
    const senders = paths.filter((p) => p.toIndex === layer.index && p.fromIndex !== layer.index)
      .map((p) => ({ p, l: layers[p.fromIndex] })).filter(({ l }) => l?.type === 'Super');
    const ctxt = senders.find(({ p }) => p.type === 'CTCtxt') ?? senders[0];
    return ctxt ? ctxt.l.index : -1;
  }
  return -1;
}

/**
 * Rows of layer indices, bottom row first, each left to right. `layerTypes`: the engine's
 * roles per layer type (targetLike: top row; hiddenLike: middle rows; neither: bottom row).
 */
export function arrange(layers, paths, layerTypes) {
  const n = layers.length;
  const role = (l, r) => layerTypes?.[l.type ?? 'Hidden']?.[r] === true;
  // Beside layers: follow anchors to a layer that is not beside another (a loop of anchors,
  // which no valid network has, leaves its layers in rows of their own).
  const anchor = layers.map((l) => anchorOf(l, layers, paths));
  const root = (i) => {
    let r = i;
    for (let k = 0; k < n && anchor[r] >= 0; k++) r = anchor[r];
    return anchor[r] >= 0 ? i : r;
  };
  const primary = layers.map((l, i) => anchor[i] < 0 || root(i) === i);
  // Levels: 0 for inputs; hidden layers one above their highest Forward sender (a sender
  // beside another layer counts at that layer's level); targets above every hidden layer.
  const level = new Array(n).fill(-1);
  layers.forEach((l, i) => {
    if (primary[i] && !role(l, 'hiddenLike') && !role(l, 'targetLike')) level[i] = 0;
  });
  const hidden = layers.map((l, i) => primary[i] && role(l, 'hiddenLike'));
  for (let pass = 0; pass < n; pass++) {
    let changed = false;
    for (const p of paths) {
      if (p.type !== 'Forward' || !hidden[p.toIndex]) continue;
      const from = level[root(p.fromIndex)];
      if (from >= 0 && from + 1 > level[p.toIndex]) {
        level[p.toIndex] = from + 1;
        changed = true;
      }
    }
    if (!changed) break;
  }
  hidden.forEach((h, i) => {
    if (h && level[i] < 0) level[i] = 1;   // no Forward path from an input: first hidden row
  });
  const top = Math.max(0, ...level) + 1;
  layers.forEach((l, i) => {
    if (primary[i] && level[i] < 0) level[i] = top;   // target-like
  });
  // Each row in layer order, every beside layer right after its anchor (and after the
  // layers beside that).
  const besides = (i) => layers.filter((l, j) => j !== i && anchor[j] === i && root(j) !== j).map((l) => l.index);
  const withBesides = (i) => [i, ...besides(i).flatMap(withBesides)];
  const rows = [];
  const maxLevel = Math.max(0, ...level);
  for (let lv = 0; lv <= maxLevel; lv++) {
    const row = layers.filter((l, i) => primary[i] && level[i] === lv).flatMap((l) => withBesides(l.index));
    if (row.length) rows.push(row);
  }
  return rows;
}

/**
 * Where each layer's units and caption go at `cell` px per unit, and the whole size. A row
 * of one layer puts its caption on the left when it fits there (`captionWidths[i]`: the
 * caption's width in px, 0 = unknown), which saves the caption line; other rows have it on top.
 */
function place(layers, rows, cell, width, captionWidths = []) {
  const boxes = new Array(layers.length);
  let y = 0;
  const placedRows = [];
  for (let r = rows.length - 1; r >= 0; r--) {   // the top row first
    const sizes = rows[r].map((i) => gridSize(layers[i].shape, cell));
    const rowW = sizes.reduce((t, s) => t + s.w, 0) + COL_GAP * (sizes.length - 1);
    const x0 = Math.max(GUTTER, (width - rowW) / 2);
    const cw = captionWidths[rows[r][0]] ?? 0;
    const side = rows[r].length === 1 && cw > 0 && x0 - CAPTION_GAP >= cw;
    const caption = side ? 0 : CAPTION;
    const rowH = Math.max(...sizes.map((s) => s.h)) + caption;
    let x = x0;
    rows[r].forEach((i, k) => {
      const s = sizes[k];
      // Units sit on the row's bottom line, so a short layer's arrows from below stay short.
      const top = y + rowH - s.h;
      // A caption on top may run on to the next layer of its row (or the box's edge).
      const captionMax = side ? cw : Math.max(s.w, k + 1 < sizes.length ? s.w + COL_GAP - 8 : width - x);
      boxes[i] = { index: i, row: r, x: Math.round(x), y: Math.round(top), w: s.w, h: s.h, captionY: Math.round(top - caption), side, captionMax: Math.floor(captionMax) };
      x += s.w + COL_GAP;
    });
    placedRows[r] = { y, h: rowH, w: rowW };
    y += rowH + ROW_GAP + cell;
  }
  return { boxes, height: Math.round(y - ROW_GAP - cell), rows: placedRows };
}

/** Width the rows need at `cell` px per unit (with the gutters for loops). */
function neededWidth(layers, rows, cell) {
  return Math.max(...rows.map((row) => row.reduce((t, i) => t + gridSize(layers[i].shape, cell).w, 0)
    + COL_GAP * (row.length - 1))) + 2 * GUTTER;
}

/**
 * The layout for a box of `width` x `height` px: the largest cell size (one for all
 * layers, so weights line up) from MIN_CELL to MAX_CELL at which every row fits the width
 * and all rows the height; at MIN_CELL it may not fit (`fits` false). `captionWidths`:
 * each layer's caption width in px (see place), if known.
 * @returns {{cell, width, height, fits, rows, loop,
 *            boxes: [{index, row, x, y, w, h, captionY, side, captionMax}]}} (side: caption on
 *            the left; captionMax: px a caption may take before it is cut short)
 */
export function layoutNetwork(layers, paths, layerTypes, { width, height, captionWidths = [] }) {
  const rows = arrange(layers, paths, layerTypes);
  if (layers.length === 0) return { cell: MIN_CELL, width, height: 0, fits: true, rows, boxes: [] };
  let cell = MAX_CELL;
  for (; cell > MIN_CELL; cell--) {
    if (neededWidth(layers, rows, cell) <= width && place(layers, rows, cell, width, captionWidths).height <= height) break;
  }
  const placed = place(layers, rows, cell, width, captionWidths);
  const w = Math.max(width, neededWidth(layers, rows, cell));
  return {
    cell, width: w, height: placed.height, rows, boxes: placed.boxes, loop: LOOP + 0.6 * cell,
    fits: neededWidth(layers, rows, cell) <= width && placed.height <= height,
  };
}

/** The drawn links: every path, plus a Pulvinar layer's driver (type DRIVER, path -1). */
export function linksOf(layers, paths) {
  const links = paths.map((p, i) => ({ path: i, type: p.type, from: p.fromIndex, to: p.toIndex }));
  for (const l of layers) {
    if (l.type !== 'Pulvinar' || !l.driver) continue;
    const d = layers.find((x) => x.name === l.driver);
    if (d) links.push({ path: -1, type: DRIVER, from: d.index, to: l.index });
  }
  return links;
}

const r1 = (v) => Math.round(v * 10) / 10;

/** A self path: a loop out of the layer's free side (right, else left), one loop per path. */
function loopRoute(b, k, side, loop) {
  const out = loop * (k + 1);
  const dy = Math.min(b.h / 2 - 2, 6 + 5 * k);
  const cy = b.y + b.h / 2;
  const x0 = side > 0 ? b.x + b.w + 2 : b.x - 2;
  const xo = x0 + side * out;
  return {
    d: `M${r1(x0)} ${r1(cy - dy)} C${r1(xo)} ${r1(cy - dy - out)} ${r1(xo)} ${r1(cy + dy + out)} ${r1(x0)} ${r1(cy + dy)}`,
    mid: { x: xo - side * out * 0.25, y: cy },
  };
}

/**
 * SVG routes for the links in a layout: `d` (from the sender's edge to the receiver's),
 * `mid` (a point on it, for labels). Paths between the same two layers run side by side in
 * lanes; a path that would cross a layer in a row between goes round it in the gutter.
 */
export function routeLinks(layout, links) {
  const { boxes } = layout;
  const pairKey = (a, b) => (a < b ? `${a}:${b}` : `${b}:${a}`);
  const lanes = new Map();
  for (const l of links) {
    const key = l.from === l.to ? `self:${l.from}` : pairKey(l.from, l.to);
    if (!lanes.has(key)) lanes.set(key, []);
    lanes.get(key).push(l);
  }
  // Forward before the rest in a pair, so the upward path takes the left lane.
  for (const list of lanes.values()) list.sort((a, b) => (a.type === 'Forward' ? -1 : 0) - (b.type === 'Forward' ? -1 : 0));
  const rowOf = (i) => boxes[i].row;
  const neighbours = (b) => boxes.filter((o) => o && o.row === b.row && o.index !== b.index);
  return links.map((l) => {
    const a = boxes[l.from];
    const b = boxes[l.to];
    if (l.from === l.to) {
      const list = lanes.get(`self:${l.from}`);
      const k = list.indexOf(l);
      const rightFree = !neighbours(a).some((o) => o.x > a.x);
      return { ...l, ...loopRoute(a, k, rightFree ? 1 : -1, layout.loop) };
    }
    const list = lanes.get(pairKey(l.from, l.to));
    const k = list.indexOf(l);
    const offset = (k - (list.length - 1) / 2) * LANE;
    if (a.row === b.row) {
      // Sideways: from the facing edges, lanes stacked vertically around the centre line.
      const right = b.x > a.x;
      const x1 = right ? a.x + a.w + 2 : a.x - 2;
      const x2 = right ? b.x - 2 : b.x + b.w + 2;
      const y = Math.min(a.y + a.h / 2, b.y + b.h / 2) + offset;
      const between = neighbours(a).some((o) => o.index !== b.index && (o.x - a.x) * (o.x - b.x) < 0);
      if (!between) return { ...l, d: `M${r1(x1)} ${r1(y)} L${r1(x2)} ${r1(y)}`, mid: { x: (x1 + x2) / 2, y } };
      const over = Math.min(a.captionY, b.captionY) - 10 - Math.abs(offset);
      return { ...l, d: `M${r1(a.x + a.w / 2 + offset)} ${r1(a.captionY)} C${r1(a.x + a.w / 2)} ${r1(over)} ${r1(b.x + b.w / 2)} ${r1(over)} ${r1(b.x + b.w / 2 + offset)} ${r1(b.captionY)}`, mid: { x: (a.x + b.x) / 2, y: over } };
    }
    // Up or down: from the sender's top (caption) or bottom edge to the receiver's.
    const up = rowOf(l.to) > rowOf(l.from);
    const y1 = up ? a.captionY - 2 : a.y + a.h + 2;
    const y2 = up ? b.y + b.h + 2 : b.captionY - 2;
    const lo = Math.max(a.x, b.x);
    const hi = Math.min(a.x + a.w, b.x + b.w);
    let x1;
    let x2;
    if (hi - lo > 2 * LANE) {
      // The layers overlap across: a straight line in the middle of the overlap.
      x1 = (lo + hi) / 2 + offset;
      x2 = x1;
    } else {
      // Apart: from the quarter of each layer that faces the other.
      const right = b.x > a.x;
      x1 = a.x + a.w * (right ? 0.75 : 0.25) + offset;
      x2 = b.x + b.w * (right ? 0.25 : 0.75) + offset;
    }
    const yTop = Math.min(y1, y2);
    const yBottom = Math.max(y1, y2);
    const blocked = boxes.some((o) => o && o.row > Math.min(a.row, b.row) && o.row < Math.max(a.row, b.row)
      && o.x - 4 < Math.max(x1, x2) && o.x + o.w + 4 > Math.min(x1, x2) && o.captionY < yBottom && o.y + o.h > yTop);
    if (blocked) {
      // Round the layers in between, through the gutter on the side nearer the sender.
      const inRows = boxes.filter((o) => o && o.row > Math.min(a.row, b.row) && o.row < Math.max(a.row, b.row));
      const leftEdge = Math.min(...inRows.map((o) => o.x));
      const rightEdge = Math.max(...inRows.map((o) => o.x + o.w));
      const goLeft = x1 - leftEdge < rightEdge - x1;
      const gx = goLeft ? leftEdge - GUTTER / 2 - offset : rightEdge + GUTTER / 2 + offset;
      const s = up ? -1 : 1;
      const ya = y1 + s * 12;
      const yb = y2 - s * 12;
      return {
        ...l,
        d: `M${r1(x1)} ${r1(y1)} C${r1(x1)} ${r1(ya)} ${r1(gx)} ${r1(ya)} ${r1(gx)} ${r1(ya + s * 12)} L${r1(gx)} ${r1(yb - s * 12)} C${r1(gx)} ${r1(yb)} ${r1(x2)} ${r1(yb)} ${r1(x2)} ${r1(y2)}`,
        mid: { x: gx, y: (y1 + y2) / 2 },
      };
    }
    const ym = (y1 + y2) / 2;
    return { ...l, d: `M${r1(x1)} ${r1(y1)} C${r1(x1)} ${r1(ym)} ${r1(x2)} ${r1(ym)} ${r1(x2)} ${r1(y2)}`, mid: { x: (x1 + x2) / 2, y: ym } };
  });
}
