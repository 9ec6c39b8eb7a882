// The published site's app icon: one drawing (a theta wave over a rounded square), written
// as SVG and as PNGs. Browsers that install web apps from a manifest, and Safari's "Add to
// Home Screen", want PNGs of fixed sizes; drawing them here needs no image tool.
import zlib from 'node:zlib';

// The drawing, on a 64 x 64 grid: the wave is a cubic Bézier pair from (8,40) to (56,40)
// through its crest (32,16); a dot marks the crest.
const WAVE = [[8, 40], [18, 40], [20, 16], [32, 16], [44, 16], [46, 40], [56, 40]];
const STROKE = 2.5;   // half the wave's width
const DOT = { x: 32, y: 16, r: 5, colour: '#f59322' };
const CORNER = 12;

/** The icon as SVG, in the page's accent colour. */
export function iconSvg(accent) {
  const [p0, c1, c2, p1, , c4, p2] = WAVE;
  const d = `M${p0} C${c1} ${c2} ${p1} S${c4} ${p2}`.replaceAll(',', ' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
<rect width="64" height="64" rx="${CORNER}" fill="${accent}"/>
<path d="${d}" fill="none" stroke="#fff" stroke-width="${2 * STROKE}" stroke-linecap="round"/>
<circle cx="${DOT.x}" cy="${DOT.y}" r="${DOT.r}" fill="${DOT.colour}"/></svg>
`;
}

const rgb = (hex) => {
  const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1, 7);
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
};

/** The wave as a polyline (both Bézier segments, finely sampled). */
function wavePoints() {
  const pts = [];
  for (let seg = 0; seg < 2; seg++) {
    const [a, b, c, d] = WAVE.slice(seg * 3, seg * 3 + 4);
    for (let i = 0; i <= 64; i++) {
      const t = i / 64;
      const u = 1 - t;
      pts.push([0, 1].map((k) => u * u * u * a[k] + 3 * u * u * t * b[k] + 3 * u * t * t * c[k] + t * t * t * d[k]));
    }
  }
  return pts;
}

function distToPolyline(x, y, pts) {
  let best = Infinity;
  for (let i = 1; i < pts.length; i++) {
    const [ax, ay] = pts[i - 1];
    const dx = pts[i][0] - ax;
    const dy = pts[i][1] - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best;
}

function roundedSquareDist(x, y) {
  const q = (v) => Math.abs(v - 32) - (32 - CORNER);
  const qx = q(x);
  const qy = q(y);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - CORNER;
}

function crc32(bytes) {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** The icon as a size x size PNG (RGBA, edges anti-aliased by distance). */
export function iconPng(size, accent) {
  const px = 64 / size;   // one pixel in grid units
  const cover = (dist) => Math.max(0, Math.min(1, 0.5 - dist / px));
  const layers = [rgb(accent), [255, 255, 255], rgb(DOT.colour)];
  const pts = wavePoints();
  const raw = Buffer.alloc(size * (4 * size + 1));   // each row: filter byte 0, then pixels
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const x = (i + 0.5) * px;
      const y = (j + 0.5) * px;
      const alpha = [
        cover(roundedSquareDist(x, y)),
        y > 10 && y < 46 ? cover(distToPolyline(x, y, pts) - STROKE) : 0,
        cover(Math.hypot(x - DOT.x, y - DOT.y) - DOT.r),
      ];
      let colour = [0, 0, 0];
      let a = 0;
      alpha.forEach((al, k) => {   // "over" compositing, back to front
        colour = colour.map((c, n) => c * (1 - al) + layers[k][n] * al);
        a = a * (1 - al) + al;
      });
      const o = j * (4 * size + 1) + 1 + 4 * i;
      for (let n = 0; n < 3; n++) raw[o + n] = Math.round(a > 0 ? colour[n] / a : 0);
      raw[o + 3] = Math.round(255 * a);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);   // 8 bits per channel, RGBA, deflate, no filter, no interlace
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
