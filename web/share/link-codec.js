// Share links: the whole experiment in the URL fragment, so a link reproduces a run exactly
// and nothing is sent to a server.
//
//   #x=<base64url(deflate-raw(experiment JSON))>[&v=<variable>][&hide=a,b][&lock=c][&autoplay=1]
//
// The experiment JSON carries its own "schema" version; the engine migrates older schemas
// and refuses newer ones. `thetalab validate|run|hash` accept the same links.
// An ES module with no DOM use, so Node tests can import it.

/** Largest decompressed experiment accepted (the engine's document limit). */
export const MAX_EXPERIMENT_BYTES = 4 * 1024 * 1024;
/** Longest fragment accepted before decoding (browsers cope with ~2 MB URLs). */
export const MAX_FRAGMENT_CHARS = 2 * 1024 * 1024;

/** View settings a link may carry, with the values each accepts. */
const VIEW_KEYS = ['v', 'hide', 'lock', 'autoplay'];

function toBase64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('the link is damaged: its payload is not base64url text');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  let bin;
  try {
    bin = atob(b64);
  } catch {
    throw new Error('the link is damaged: its payload is not base64url text');
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; ++i) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipe(bytes, stream, limit) {
  const writer = stream.writable.getWriter();
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      reader.cancel().catch(() => {});
      throw new Error(`the experiment in the link is over the ${limit / 1048576} MiB limit`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Compress bytes with raw deflate (what the link and `thetalab` expect). */
export function deflateRaw(bytes) {
  return pipe(bytes, new CompressionStream('deflate-raw'), Infinity);
}

/** Inflate raw deflate, refusing more than `limit` bytes (a zip bomb stops there). */
export async function inflateRaw(bytes, limit = MAX_EXPERIMENT_BYTES) {
  try {
    return await pipe(bytes, new DecompressionStream('deflate-raw'), limit);
  } catch (e) {
    if (/limit/.test(e.message)) throw e;
    throw new Error('the link is damaged: its compressed data is truncated or corrupted');
  }
}

/**
 * The fragment (starting with '#') for an experiment and optional view settings:
 * { variable: 'Act', hide: ['editor'], lock: ['seed'], autoplay: true }.
 */
export async function encodeShareFragment(experimentJson, view = {}) {
  const payload = toBase64url(await deflateRaw(new TextEncoder().encode(experimentJson)));
  const params = [`x=${payload}`];
  if (view.variable) params.push(`v=${encodeURIComponent(view.variable)}`);
  if (view.hide?.length) params.push(`hide=${view.hide.map(encodeURIComponent).join(',')}`);
  if (view.lock?.length) params.push(`lock=${view.lock.map(encodeURIComponent).join(',')}`);
  if (view.autoplay) params.push('autoplay=1');
  return `#${params.join('&')}`;
}

/**
 * Read a fragment ('#x=...&v=...'). Returns { json, view } with view = { variable, hide,
 * lock, autoplay }, or null when the fragment carries no experiment. Throws an Error with
 * a clear message for a damaged link. The JSON is not validated here: the engine does that.
 */
export async function decodeShareFragment(hash) {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.length > MAX_FRAGMENT_CHARS) throw new Error('the link is too long');
  const params = new URLSearchParams(text);
  const x = params.get('x');
  if (x === null) return null;
  if (x === '') throw new Error('the link is damaged: its experiment is empty');
  const bytes = await inflateRaw(fromBase64url(x));
  let json;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('the link is damaged: its experiment is not UTF-8 text');
  }
  const list = (key) => (params.get(key) ?? '').split(',').filter(Boolean).slice(0, 32);
  const view = {
    variable: params.get('v') ?? undefined,
    hide: list('hide'),
    lock: list('lock'),
    autoplay: params.get('autoplay') === '1',
  };
  const unknown = [...params.keys()].filter((k) => k !== 'x' && !VIEW_KEYS.includes(k));
  if (unknown.length) view.ignored = unknown;
  return { json, view };
}
