// Colour maps shared by every view, both safe for the common colour-vision deficiencies:
// viridis for magnitudes (perceptually uniform, dark = low) and a diverging blue-grey-orange
// map for signed values (TensorFlow Playground's colours: blue = negative, orange = positive).
// A scale is { lut, lo, hi }: colours are looked up, never computed per unit.

const VIRIDIS_STOPS = ['#440154', '#472c7a', '#3b518b', '#2c718e', '#21908d', '#27ad81', '#5cc863', '#aadc32', '#fde725'];
const DIVERGING_STOPS = ['#0877bd', '#e8eaeb', '#f59322'];

function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** 256 CSS colours interpolated linearly between the stops (index 0 = low end). */
function makeLut(stops) {
  const rgb = stops.map(hexToRgb);
  const out = [];
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (rgb.length - 1);
    const k = Math.min(Math.floor(t), rgb.length - 2);
    const f = t - k;
    const c = rgb[k].map((v, j) => Math.round(v + f * (rgb[k + 1][j] - v)));
    out.push(`rgb(${c[0]},${c[1]},${c[2]})`);
  }
  return Object.freeze(out);
}

export const VIRIDIS = makeLut(VIRIDIS_STOPS);
export const DIVERGING = makeLut(DIVERGING_STOPS);
/** Drawn for NaN: a unit with no synapse to the selected unit. */
export const NO_VALUE = 'rgba(128,128,128,0.18)';

/** Colour of v on the scale (clamped to [lo, hi]; NaN gives NO_VALUE). */
export function colorFor(v, { lut, lo, hi }) {
  if (Number.isNaN(v)) return NO_VALUE;
  const t = (v - lo) / (hi - lo || 1);
  const i = t > 0 ? Math.min(255, Math.round(t * 255)) : 0;
  return lut[i];
}

/** A magnitude scale on [lo, hi] (viridis). */
export function magnitudeScale(lo, hi) {
  return { lut: VIRIDIS, lo, hi, signed: false };
}

/** A signed scale on [-m, m] (diverging, 0 in the middle). */
export function signedScale(m) {
  return { lut: DIVERGING, lo: -m, hi: m, signed: true };
}

/** Draw a scale's colours left to right into a canvas (the legend bar). */
export function drawLegendBar(canvas, scale) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width;
  for (let x = 0; x < w; x++) {
    ctx.fillStyle = scale.lut[Math.round((x / (w - 1)) * 255)];
    ctx.fillRect(x, 0, 1, canvas.height);
  }
}

/** A short number for legends and read-outs: 3 significant digits, no exponent for usual values. */
export function fmt(v) {
  if (Number.isNaN(v)) return '—';
  const a = Math.abs(v);
  if (a < 1e-6) return '0';   // denormal leftovers of decays read as 0
  if (a >= 1000 || a < 0.001) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}
