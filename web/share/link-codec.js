// Share links: the whole experiment in the URL fragment, so a link reproduces a run exactly
// and nothing is sent to a server.
//
//   #x=<base64url(deflate-raw(experiment JSON))>[&v=<variable>][&hide=a,b][&lock=c][&autoplay=1]
//     [&w=<base64url(deflate-raw(checkpoint bytes))>]   (trained weights, at most 1 MiB encoded)
//     [&l=<base64url(deflate-raw(lesson Markdown))>]    (a lesson, docs/lessons.md; 256 KiB at most)
//   #builtin=<name>[&v=...]                            (a built-in experiment; <theta-sim> uses it)
//
// The experiment JSON carries its own "schema" version; the engine migrates older schemas
// and refuses newer ones. `thetalab validate|run|hash` accept the same links.
// An ES module with no DOM use, so Node tests can import it.

/** Largest decompressed experiment accepted (the engine's document limit). */
export const MAX_EXPERIMENT_BYTES = 4 * 1024 * 1024;
/** Longest fragment accepted before decoding (browsers cope with ~2 MB URLs). */
export const MAX_FRAGMENT_CHARS = 2 * 1024 * 1024;

/** Largest encoded checkpoint (the w= parameter) a link may carry. */
export const MAX_WEIGHTS_CHARS = 1024 * 1024;
/** Largest decompressed checkpoint accepted from a link. */
export const MAX_CHECKPOINT_BYTES = 64 * 1024 * 1024;

/** Largest decompressed lesson accepted from a link (the engine's kMaxLessonBytes). */
export const MAX_LESSON_BYTES = 256 * 1024;

/** Keys a fragment may carry besides the experiment (x or builtin). */
const VIEW_KEYS = ['v', 'hide', 'lock', 'autoplay', 'w', 'l'];
const BUILTIN_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** base64url text of bytes (no padding), and back (throws for anything else). */
export { toBase64url, fromBase64url };

function toBase64url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('the link is damaged: its payload is not base64url text');
  // A cut-off link can end in a lone character (less than a byte): drop it, so the
  // inflater reports the truncation.
  if (text.length % 4 === 1) text = text.slice(0, -1);
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

/**
 * Every byte a stream reader gives, joined, or null as soon as there are more than `limit`
 * (the reader is then cancelled, so a huge body or a zip bomb stops there).
 */
export async function readAtMost(reader, limit) {
  const chunks = [];
  let total = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      reader.cancel().catch(() => {});
      return null;
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

async function pipe(bytes, stream, limit) {
  const writer = stream.writable.getWriter();
  writer.write(bytes).catch(() => {});
  writer.close().catch(() => {});
  const out = await readAtMost(stream.readable.getReader(), limit);
  if (!out) throw new Error(`the experiment in the link is over the ${limit >= 1048576 ? `${limit / 1048576} MiB` : `${limit / 1024} KiB`} limit`);
  return out;
}

/** Compress bytes with raw deflate (what the link and `thetalab` expect). */
export function deflateRaw(bytes) {
  return pipe(bytes, new CompressionStream('deflate-raw'), Infinity);
}

/** Inflate raw deflate, refusing more than `limit` bytes (a zip bomb stops there). */
export async function inflateRaw(bytes, limit = MAX_EXPERIMENT_BYTES, what = 'experiment') {
  try {
    return await pipe(bytes, new DecompressionStream('deflate-raw'), limit);
  } catch (e) {
    if (/limit/.test(e.message)) throw new Error(e.message.replace('experiment', what));
    throw new Error(`the link is damaged: its compressed ${what === 'experiment' ? 'data' : what} is truncated or corrupted`);
  }
}

/** The w= value for checkpoint bytes: base64url(deflate-raw(bytes)). */
export async function encodeWeights(bytes) {
  return toBase64url(await deflateRaw(bytes));
}

/** Checkpoint bytes from a w= value (throws a clear Error for a damaged one). */
export async function decodeWeights(text) {
  if (text.length > MAX_WEIGHTS_CHARS) throw new Error(`the trained weights in the link are over the ${MAX_WEIGHTS_CHARS / 1048576} MiB limit`);
  return inflateRaw(fromBase64url(text), MAX_CHECKPOINT_BYTES, 'trained weights');
}

/**
 * The fragment (starting with '#') for an experiment and optional view settings:
 * { variable: 'Act', hide: ['editor'], lock: ['seed'], autoplay: true, lesson: '# Markdown' }.
 */
export async function encodeShareFragment(experimentJson, view = {}) {
  const payload = toBase64url(await deflateRaw(new TextEncoder().encode(experimentJson)));
  const params = [`x=${payload}`];
  if (view.variable) params.push(`v=${encodeURIComponent(view.variable)}`);
  if (view.hide?.length) params.push(`hide=${view.hide.map(encodeURIComponent).join(',')}`);
  if (view.lock?.length) params.push(`lock=${view.lock.map(encodeURIComponent).join(',')}`);
  if (view.autoplay) params.push('autoplay=1');
  if (view.weights) params.push(`w=${view.weights}`);
  if (view.lesson) params.push(`l=${toBase64url(await deflateRaw(new TextEncoder().encode(view.lesson)))}`);
  return `#${params.join('&')}`;
}

/** The view settings of a fragment's parameters (nothing decoded, nothing validated). */
function viewOf(params) {
  const list = (key) => (params.get(key) ?? '').split(',').filter(Boolean).slice(0, 32);
  const view = {
    variable: params.get('v') ?? undefined,
    hide: list('hide'),
    lock: list('lock'),
    autoplay: params.get('autoplay') === '1',
  };
  const unknown = [...params.keys()].filter((k) => k !== 'x' && k !== 'builtin' && !VIEW_KEYS.includes(k));
  if (unknown.length) view.ignored = unknown;
  return view;
}

/**
 * Read a fragment ('#x=...&v=...'). Returns { json, view, weights?, lesson?, lessonError? }
 * with view = { variable, hide, lock, autoplay }, { builtin, view, lesson?, lessonError? } for
 * '#builtin=name', or null when the fragment carries no experiment. `weights` is the w= text
 * (decode it with decodeWeights). Throws an Error with a clear message for a damaged
 * experiment. A damaged lesson does not cost the experiment: `lessonError` says what is wrong
 * with it (the page shows that where the lesson would be). The JSON is not validated here:
 * the engine does that.
 */
export async function decodeShareFragment(hash) {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.length > MAX_FRAGMENT_CHARS) throw new Error('the link is too long');
  const params = new URLSearchParams(text);
  const x = params.get('x');
  if (x === null) {
    const builtin = params.get('builtin');
    if (builtin === null) return null;
    if (!BUILTIN_NAME.test(builtin)) throw new Error('the link names a built-in experiment with an invalid name');
    return withLesson({ builtin, view: viewOf(params) }, params);
  }
  if (x === '') throw new Error('the link is damaged: its experiment is empty');
  const bytes = await inflateRaw(fromBase64url(x));
  let json;
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('the link is damaged: its experiment is not UTF-8 text');
  }
  const result = { json, view: viewOf(params) };
  const w = params.get('w');
  if (w) result.weights = w;
  return withLesson(result, params);
}

/** `result` with the l= parameter's lesson, or why it could not be read, when there is one. */
async function withLesson(result, params) {
  try {
    const lesson = await lessonOf(params);
    if (lesson !== undefined) result.lesson = lesson;
  } catch (err) {
    result.lessonError = err.message;
  }
  return result;
}

/** The lesson text of an l= parameter (undefined without one); a clear Error when damaged. */
async function lessonOf(params) {
  const l = params.get('l');
  if (l === null) return undefined;
  if (l === '') throw new Error('the link is damaged: its lesson is empty');
  const bytes = await inflateRaw(fromBase64url(l), MAX_LESSON_BYTES, 'lesson');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('the link is damaged: its lesson is not UTF-8 text');
  }
}
