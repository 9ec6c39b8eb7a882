// Viridis: perceptually uniform and readable with the common colour-vision deficiencies.
// Nine stops of matplotlib's viridis, linearly interpolated into a 256-entry table.
const STOPS = ['#440154', '#472c7a', '#3b518b', '#2c718e', '#21908d', '#27ad81', '#5cc863', '#aadc32', '#fde725'];

function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** 256 CSS colour strings, index 0 = low, 255 = high. */
export const VIRIDIS = (() => {
  const rgb = STOPS.map(hexToRgb);
  const out = [];
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (rgb.length - 1);
    const k = Math.min(Math.floor(t), rgb.length - 2);
    const f = t - k;
    const c = rgb[k].map((v, j) => Math.round(v + f * (rgb[k + 1][j] - v)));
    out.push(`rgb(${c[0]},${c[1]},${c[2]})`);
  }
  return out;
})();

/** Colour for value v on the scale [lo, hi] (clamped; NaN gives the low end). */
export function colorFor(v, lo = 0, hi = 1) {
  const t = (v - lo) / (hi - lo);
  const i = t > 0 ? Math.min(255, Math.round(t * 255)) : 0;
  return VIRIDIS[i];
}

/** Draw a horizontal legend bar into a canvas. */
export function drawLegend(canvas) {
  const ctx = canvas.getContext('2d');
  for (let x = 0; x < canvas.width; x++) {
    ctx.fillStyle = VIRIDIS[Math.round((x / (canvas.width - 1)) * 255)];
    ctx.fillRect(x, 0, 1, canvas.height);
  }
}
