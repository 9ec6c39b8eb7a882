// The network view's paths: what each type means and how it is drawn (line pattern and
// arrowhead, so types differ without colour), their scale as the experiment sets it, their
// activity as the worker estimates it, and the SVG layer that draws them. The functions at
// the top are pure (Node tests import them); PathLayer and pathLegend build DOM.
import { paramOf, pathDefaults } from './experiment-edit.js';
import { DRIVER } from './network-layout.js';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * Per type: dash pattern, arrowhead and what it carries. Colours (CSS variables --path-*)
 * repeat the pattern; they never carry the type alone.
 */
export const TYPE_STYLE = {
  Forward: { dash: '', head: 'triangle', about: 'bottom-up: drives the receiver from the input side' },
  Back: { dash: '7 4', head: 'chevron', about: 'top-down: brings the outcome back down in the plus phase' },
  Lateral: { dash: '2 3', head: 'dot', about: 'within a level: units of one level drive each other' },
  Inhib: { dash: '', head: 'bar', about: 'inhibitory: adds to the receiver’s inhibition (Gi)' },
  CTCtxt: { dash: '10 3 2 3', head: 'diamond', about: 'context: a Super layer’s bursts into its CT layer at the end of each trial (CtxtGe)' },
  Maint: { dash: '1 3', head: 'ring', about: 'maintenance: a CT layer keeps its activity through slow NMDA input (GMaint)' },
  [DRIVER]: { dash: '', head: 'double', about: 'driver (not a path): in the plus phase the driver’s bursts replace the Pulvinar’s input' },
};

/** The conductance a path type feeds: shares of a receiver's input are counted within one. */
export function inputKind(type) {
  return type === 'Inhib' ? 'Gi' : type === 'CTCtxt' ? 'CtxtGe' : type === 'Maint' ? 'GMaint' : 'Ge';
}

/** A parameter of path `p` (an experiment's network.paths entry): its own value, else the engine's default. */
function pathParam(info, ex, p, name) {
  return paramOf(p, name, pathDefaults(info.paramDefaults, ex, p));
}

/**
 * PathScale of path `pi` in experiment `ex` (parsed JSON): Abs, Rel, and Rel's share of
 * the receiver's Rel sum within its group, as the engine normalises it (network_build.cpp:
 * excitatory and context paths share one group, inhibitory and maintenance have their own).
 */
export function pathScale(info, ex, pi) {
  const paths = ex.network.paths;
  const p = paths[pi];
  const group = (q) => ((q.type ?? 'Forward') === 'Inhib' ? 1 : q.type === 'Maint' ? 2 : 0);
  const rel = (q) => Number(pathParam(info, ex, q, 'PathScale.Rel') ?? 1);
  const sum = paths.filter((q) => q.to === p.to && group(q) === group(p)).reduce((t, q) => t + rel(q), 0);
  return { abs: Number(pathParam(info, ex, p, 'PathScale.Abs') ?? 1), rel: rel(p), relShare: sum > 0 ? rel(p) / sum : 0 };
}

const pct = (v) => `${Math.round(v * 100)}%`;
const num = (v) => (Number.isFinite(v) ? String(Number(v.toPrecision(3))) : '–');

/**
 * What a hover or the text list says about a link (a path, or a Pulvinar's driver):
 * type, pattern, scale and, when a frame carried it, the share of the receiver's input now.
 */
export function linkText(info, ex, link, activity) {
  const from = info.layers[link.from].name;
  const to = info.layers[link.to].name;
  if (link.path < 0) {
    const share = activity?.driverShare?.[link.to];
    return `${from} ⇒ ${to}: driver of the Pulvinar layer ${to}. In the plus phase ${from}’s bursts replace `
      + `${to}’s synaptic input${Number.isFinite(share) ? `; now ${pct(share)} of ${to}’s excitatory input` : ''}.`;
  }
  const p = ex.network.paths[link.path];
  const { abs, rel, relShare } = pathScale(info, ex, link.path);
  const same = ex.network.paths.filter((q) => q.from === p.from && q.to === p.to).length;
  const share = activity?.share?.[link.path];
  const drive = activity?.drive?.[link.path];
  return `${from} → ${to}: ${link.type} path, ${p.pattern ?? 'Full'} pattern, scale Abs ${num(abs)}, Rel ${num(rel)} `
    + `(${pct(relShare)} of ${to}’s Rel)`
    + (Number.isFinite(share) ? `; now ${pct(share)} of ${to}’s ${inputKind(link.type)} input (estimated drive ${num(drive)})` : '')
    + (same > 1 ? `. ${same} paths run from ${from} to ${to}: a parameter set here applies to all of them` : '')
    + '.';
}

// ---- SVG

function svg(tag, attrs = {}) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** An arrowhead marker (drawn pointing right, at the line's end) for one type. */
function marker(type, id) {
  const head = TYPE_STYLE[type].head;
  const m = svg('marker', { id, viewBox: '-10 -6 12 12', refX: 0, refY: 0, markerWidth: 12, markerHeight: 12, markerUnits: 'userSpaceOnUse', orient: 'auto' });
  m.setAttribute('class', `mk path-${type}`);
  const shapes = {
    triangle: () => svg('path', { d: 'M-9 -5 L1 0 L-9 5 Z' }),
    chevron: () => svg('path', { d: 'M-9 -5 L0 0 L-9 5', fill: 'none', 'stroke-width': 2 }),
    dot: () => svg('circle', { cx: -3, cy: 0, r: 3.5 }),
    bar: () => svg('path', { d: 'M-1 -6 L-1 6', fill: 'none', 'stroke-width': 3 }),
    diamond: () => svg('path', { d: 'M-10 0 L-5 -4.5 L0 0 L-5 4.5 Z' }),
    ring: () => svg('circle', { cx: -4, cy: 0, r: 3.5, fill: 'none', 'stroke-width': 2 }),
    double: () => svg('path', { d: 'M-10 -5 L-5 0 L-10 5 M-5 -5 L0 0 L-5 5', fill: 'none', 'stroke-width': 2 }),
  };
  m.append(shapes[head]());
  return m;
}

/** Width and opacity of a link carrying `share` (0..1, NaN: not known yet). */
function strokeFor(share) {
  const s = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0.5;
  return { width: (2 + 5 * s).toFixed(1), opacity: (0.6 + 0.4 * s).toFixed(2) };
}

let uid = 0;

/**
 * The paths of one network as SVG: a line per link in its type's pattern, and a wider
 * invisible line over it that takes the pointer. `onPoint(link | null, event)` on hover,
 * `onClick(link)` on a click.
 */
export class PathLayer {
  #svg;
  #defs;
  #group;
  #links = [];   // { link, line, inner }
  #ids = {};     // type -> marker id

  constructor(svgEl, { onPoint, onClick }) {
    this.#svg = svgEl;
    uid += 1;
    this.#defs = svg('defs');
    this.#group = svg('g');
    svgEl.append(this.#defs, this.#group);
    for (const type of Object.keys(TYPE_STYLE)) {
      this.#ids[type] = `pathhead-${uid}-${type}`;
      this.#defs.append(marker(type, this.#ids[type]));
    }
    svgEl.addEventListener('pointerover', (ev) => {
      const k = Number(ev.target.dataset?.link);
      if (Number.isInteger(k) && this.#links[k]) onPoint(this.#links[k].link, ev);
    });
    svgEl.addEventListener('pointerout', (ev) => {
      if (ev.target.dataset?.link !== undefined) onPoint(null, ev);
    });
    svgEl.addEventListener('click', (ev) => {
      const k = Number(ev.target.dataset?.link);
      if (Number.isInteger(k) && this.#links[k]) onClick(this.#links[k].link);
    });
  }

  /** Draw `routes` (routeLinks' output) in a box of `width` x `height` px. */
  set(routes, width, height) {
    this.#svg.setAttribute('width', width);
    this.#svg.setAttribute('height', height);
    this.#svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    const lines = [];
    const hits = [];
    this.#links = routes.map((route, k) => {
      const style = TYPE_STYLE[route.type] ?? TYPE_STYLE.Forward;
      const cls = `path-${TYPE_STYLE[route.type] ? route.type : 'Forward'}`;
      const line = svg('path', { d: route.d, class: `link ${cls}`, 'marker-end': `url(#${this.#ids[route.type] ?? this.#ids.Forward})` });
      if (style.dash) line.setAttribute('stroke-dasharray', style.dash);
      // The driver is a hollow double line: the same path again, thinner, in the panel's colour.
      const inner = route.type === DRIVER ? svg('path', { d: route.d, class: 'link-inner' }) : null;
      const hit = svg('path', { d: route.d, class: 'link-hit' });
      hit.dataset.link = String(k);
      lines.push(line, ...(inner ? [inner] : []));
      hits.push(hit);
      return { link: route, line, inner, width: '', opacity: '' };
    });
    this.#group.replaceChildren(...lines, ...hits);
    this.render(null);
  }

  /** Widths from the activity of a frame (its pathActivity, or null: not known). */
  render(activity) {
    for (const l of this.#links) {
      const share = l.link.path >= 0 ? activity?.share?.[l.link.path] : activity?.driverShare?.[l.link.to];
      const { width, opacity } = strokeFor(share);
      if (width !== l.width) {
        l.width = width;
        l.line.setAttribute('stroke-width', l.inner ? (Number(width) + 3).toFixed(1) : width);
        l.inner?.setAttribute('stroke-width', Math.max(1, Number(width) - 1).toFixed(1));
      }
      if (opacity !== l.opacity) {
        l.opacity = opacity;
        l.line.setAttribute('opacity', opacity);
      }
    }
  }

  /** Outline one link (hovered or chosen), or none. */
  highlight(link) {
    for (const l of this.#links) l.line.classList.toggle('on', l.link === link);
  }

  /** A short sample of a type's line and head, for the legend. */
  sample(type) {
    const s = svg('svg', { width: 44, height: 14, viewBox: '0 0 44 14', 'aria-hidden': 'true', focusable: 'false' });
    s.setAttribute('class', 'legend-line');
    const line = svg('path', { d: 'M2 7 L38 7', class: `link path-${type}`, 'stroke-width': 2.5, 'marker-end': `url(#${this.#ids[type]})` });
    if (TYPE_STYLE[type].dash) line.setAttribute('stroke-dasharray', TYPE_STYLE[type].dash);
    s.append(line);
    if (type === DRIVER) {
      line.setAttribute('stroke-width', 5);
      s.append(svg('path', { d: 'M2 7 L36 7', class: 'link-inner', 'stroke-width': 2 }));
    }
    return s;
  }
}

/** The legend: one entry per type present (line sample, name, what it carries), and what width means. */
export function pathLegend(layer, types) {
  const list = document.createElement('ul');
  list.className = 'path-legend';
  for (const type of Object.keys(TYPE_STYLE).filter((t) => types.has(t))) {
    const item = document.createElement('li');
    const name = document.createElement('strong');
    name.textContent = type;
    item.title = TYPE_STYLE[type].about;
    const about = document.createElement('span');
    about.className = 'visually-hidden';
    about.textContent = `: ${TYPE_STYLE[type].about}`;
    item.append(layer.sample(type), name, about);
    list.append(item);
  }
  const width = document.createElement('li');
  width.className = 'legend-width';
  width.textContent = 'Width: share of the receiver’s input now (estimate)';
  width.title = 'Each path’s estimated share of its receiver’s input of the same kind (Ge, Gi, CtxtGe or GMaint): hover a path for numbers.';
  list.append(width);
  return list;
}
