// The network diagram as text, for screen readers and keyboards (the SVG of paths is
// hidden from assistive technology): every layer by row, every path with its type,
// pattern, scale and share of its receiver's input now, each with a button that opens its
// parameters. The numbers follow the frames at most every UPDATE_MS, and only while the
// list is open.
import { linkText } from './paths.js';
import { layerTypeText } from './network-view.js';
import { el } from './dom.js';

const UPDATE_MS = 1000;

export class NetworkText {
  #body;
  #details;
  #onLayer;
  #onLink;
  #items = [];   // { link, span }
  #info = null;
  #experiment = null;
  #activity = null;
  #at = 0;

  /**
   * @param {HTMLDetailsElement} details  its summary stays; the list goes after it
   * @param {{onLayer: (layerIndex) => void, onLink: (link) => void}} handlers
   */
  constructor(details, { onLayer, onLink }) {
    this.#details = details;
    this.#onLayer = onLayer;
    this.#onLink = onLink;
    this.#body = el('div', { className: 'net-text-body' });
    details.append(this.#body);
    details.addEventListener('toggle', () => this.#refresh(true));
  }

  /** A new network: `info` (the worker's), the rows of layer indices (top row first) and the links drawn. */
  set(info, rows, links, experimentText) {
    this.#info = info;
    this.#experiment = JSON.parse(experimentText);
    const layerItems = rows.flatMap((row, r) => row.map((li) => {
      const l = info.layers[li];
      const [py, px, y, x] = l.shape;
      const dims = y * x === 1 ? `${py}×${px}` : py * px > 1 ? `${py}×${px} pools of ${y}×${x}` : `${y}×${x}`;
      const open = el('button', { type: 'button', className: 'small', textContent: l.name, title: `Open ${l.name}’s parameters` });
      open.addEventListener('click', () => this.#onLayer(li));
      const where = rows.length > 1 ? `, row ${r + 1} of ${rows.length} from the top` : '';
      return el('li', {}, open, ` ${layerTypeText(l)} layer, ${dims} units${where}.`);
    }));
    this.#items = links.map((link) => {
      const from = info.layers[link.from].name;
      const to = info.layers[link.to].name;
      const open = el('button', { type: 'button', className: 'small', textContent: link.path < 0 ? `${from} ⇒ ${to}` : `${from} → ${to}`,
        title: link.path < 0 ? `Open ${to}’s parameters (its driver)` : 'Open this path’s parameters' });
      open.addEventListener('click', () => this.#onLink(link));
      const span = el('span');
      return { link, span, li: el('li', {}, open, ' ', span) };
    });
    this.#body.replaceChildren(
      el('h4', { textContent: 'Layers, top row first' }), el('ul', {}, ...layerItems),
      el('h4', { textContent: 'Paths (→) and drivers (⇒)' }), el('ul', {}, ...this.#items.map((i) => i.li)),
    );
    this.#refresh(true);
  }

  /** The experiment changed (a parameter): the scales follow. */
  setExperiment(experimentText) {
    this.#experiment = JSON.parse(experimentText);
    this.#refresh(true);
  }

  /** A frame's pathActivity. */
  update(activity) {
    this.#activity = activity;
    this.#refresh(false);
  }

  #refresh(now) {
    if (!this.#info || !this.#details.open) return;
    const t = performance.now();
    if (!now && t - this.#at < UPDATE_MS) return;
    this.#at = t;
    for (const { link, span } of this.#items) {
      const text = linkText(this.#info, this.#experiment, link, this.#activity);
      // The button already names the layers: the text goes on from the type.
      const rest = text.slice(text.indexOf(':') + 2);
      if (span.textContent !== rest) span.textContent = rest;
    }
  }
}
