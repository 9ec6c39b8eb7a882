// Glue for uPlot (loaded as a classic script from vendor/uPlot.iife.min.js; it defines the
// global uPlot): theme colours from the page's CSS, a chart that follows its container's
// width, and the minus/plus phase marks that the scope and raster share.

/** The page's colours (CSS custom properties on :root), for canvases and uPlot axes. */
export function theme() {
  const css = getComputedStyle(document.documentElement);
  const get = (name, dflt) => css.getPropertyValue(name).trim() || dflt;
  return {
    fg: get('--fg', '#1f1f1f'),
    muted: get('--muted', '#5f6368'),
    border: get('--border', '#dadce0'),
    accent: get('--accent', '#1a73e8'),
    plus: get('--plus-tint', 'rgba(245,147,34,0.10)'),
  };
}

/** An x or y axis in the page's colours. */
export function axis(label, extra = {}) {
  const t = theme();
  return {
    label,
    stroke: t.muted,
    labelSize: label ? 18 : 0,
    font: '11px system-ui, sans-serif',
    labelFont: '11px system-ui, sans-serif',
    grid: { stroke: t.border, width: 1 },
    ticks: { stroke: t.border, width: 1, size: 4 },
    size: 40,
    ...extra,
  };
}

/**
 * Shade the plus phase and mark the minus/plus boundary on a canvas context inside the
 * plot box {left, top, width, height}; xPos maps a cycle to a canvas x.
 */
export function drawPhases(ctx, box, xPos, minusCycles, totalCycles, labels, pxRatio = 1) {
  const t = theme();
  const x0 = xPos(minusCycles);
  const x1 = xPos(totalCycles);
  ctx.save();
  ctx.fillStyle = t.plus;
  ctx.fillRect(x0, box.top, x1 - x0, box.height);
  ctx.strokeStyle = t.muted;
  ctx.lineWidth = pxRatio;
  ctx.setLineDash([4 * pxRatio, 3 * pxRatio]);
  ctx.beginPath();
  ctx.moveTo(Math.round(x0) + 0.5, box.top);
  ctx.lineTo(Math.round(x0) + 0.5, box.top + box.height);
  ctx.stroke();
  if (labels) {
    ctx.setLineDash([]);
    ctx.fillStyle = t.muted;
    ctx.font = `${10 * pxRatio}px system-ui, sans-serif`;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'right';
    ctx.fillText('minus: prediction', x0 - 4 * pxRatio, box.top + 2 * pxRatio);
    ctx.textAlign = 'left';
    ctx.fillText('plus: outcome', x0 + 4 * pxRatio, box.top + 2 * pxRatio);
  }
  ctx.restore();
}

/**
 * A captioned chart appended to `container`: <figure class=figureClass><figcaption>title
 * <div class=chart>. Returns the Chart in the div and the caption (for later titles).
 */
export function captionedChart(container, { figureClass, title, height, dataset = {} }) {
  const fig = document.createElement('figure');
  fig.className = figureClass;
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  const box = document.createElement('div');
  box.className = 'chart';
  Object.assign(box.dataset, dataset);
  fig.append(caption, box);
  container.append(fig);
  return { chart: new Chart(box, height), caption };
}

/** A uPlot chart in `container` that keeps the container's width. */
export class Chart {
  #container;
  #height;
  #observer;
  plot = null;

  constructor(container, height) {
    this.#container = container;
    this.#height = height;
    this.#observer = new ResizeObserver(() => {
      const width = this.#width();
      if (this.plot && Math.abs(this.plot.width - width) > 1) this.plot.setSize({ width, height: this.#height });
    });
    this.#observer.observe(container);
  }

  #width() {
    return Math.max(200, this.#container.clientWidth);
  }

  /** (Re)create the plot with uPlot options (width and height are filled in). */
  create(opts, data) {
    this.plot?.destroy();
    this.plot = new globalThis.uPlot({ ...opts, width: this.#width(), height: this.#height }, data, this.#container);
    return this.plot;
  }

  setData(data, resetScales = true) {
    this.plot?.setData(data, resetScales);
  }

  destroy() {
    this.plot?.destroy();
    this.plot = null;
  }
}
