// Network view: every layer as a grid of units on its own canvas, coloured by one unit
// variable of the latest frame. A pure function of (layers, frame values).
import { colorFor } from './colormap.js';

const POOL_GAP = 4;   // px between pools of a 4-D layer

function cellSize(cols) {
  return Math.max(4, Math.min(20, Math.floor(360 / cols)));
}

export class NetworkView {
  #container;
  #layers = [];   // { info, canvas, ctx, cell }

  constructor(container) {
    this.#container = container;
  }

  /** One canvas per layer, the last layer on top and the input at the bottom (as in Axon's NetView). */
  setLayers(layers, varName) {
    this.#container.replaceChildren();
    this.#layers = [];
    for (const info of [...layers].reverse()) {
      const [py, px, y, x] = info.shape;
      const cell = cellSize(px * x);
      const width = px * x * cell + (px - 1) * POOL_GAP;
      const height = py * y * cell + (py - 1) * POOL_GAP;

      const figure = document.createElement('figure');
      figure.className = 'layer';
      const caption = document.createElement('figcaption');
      const dims = py * px > 1 ? `${py}×${px} pools of ${y}×${x}` : `${y}×${x}`;
      caption.textContent = `${info.name} (${info.type}, ${dims})`;
      const canvas = document.createElement('canvas');
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(height * dpr);
      canvas.style.width = `${width}px`;    // CSSOM, allowed under style-src 'self'
      canvas.style.height = `${height}px`;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `Layer ${info.name}: ${info.numNeurons} units coloured by ${varName}`);
      canvas.dataset.layer = info.name;
      const ctx = canvas.getContext('2d');
      ctx.scale(dpr, dpr);
      figure.append(caption, canvas);
      this.#container.append(figure);
      this.#layers.push({ info, ctx, cell, width, height });
    }
  }

  /** Draw `values` (all layers' units, concatenated at each layer's offset) on [lo, hi]. */
  draw(values, lo = 0, hi = 1) {
    for (const { info, ctx, cell, width, height } of this.#layers) {
      const [py, px, y, x] = info.shape;
      ctx.clearRect(0, 0, width, height);  // the panel shows through the 1 px gaps
      // Unit order is [PoolY][PoolX][Y][X]; row 0 is drawn at the top.
      let i = info.offset;
      for (let pyi = 0; pyi < py; pyi++) {
        for (let pxi = 0; pxi < px; pxi++) {
          const ox = pxi * (x * cell + POOL_GAP);
          const oy = pyi * (y * cell + POOL_GAP);
          for (let yi = 0; yi < y; yi++) {
            for (let xi = 0; xi < x; xi++, i++) {
              ctx.fillStyle = colorFor(values[i], lo, hi);
              ctx.fillRect(ox + xi * cell, oy + yi * cell, cell - 1, cell - 1);
            }
          }
        }
      }
    }
  }
}
