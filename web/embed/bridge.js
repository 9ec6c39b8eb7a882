// The embedded page's side of the embed API (runs inside the iframe that <theta-sim> or a
// course page creates: index.html?embed=1&parent=<host origin>#x=...).
//
// Host -> page:  { thetalab: 1, id, cmd: 'init'|'run'|'stop'|'step'|'setParam'|'getState'|'do'|'lesson', args }
// Page -> host:  { thetalab: 1, id, ok: true, result } | { thetalab: 1, id, ok: false, error }
//                { thetalab: 1, event: 'ready'|'trial'|'epoch'|'stopped'|'error'|'resize', detail }
//
// Only messages from the window that embeds us AND from the origin it named (the `parent`
// query parameter, which the host sets) are obeyed; everything else is ignored, and our
// events go to that origin only. Nothing from a message is ever inserted as HTML.

const COMMANDS = new Set(['init', 'run', 'stop', 'step', 'setParam', 'getState', 'do', 'lesson']);

/** Plain, clonable copy of a value (drops typed arrays' views into transferred buffers). */
function plain(value) {
  return JSON.parse(JSON.stringify(value ?? null));
}

/** A reply without a frame's arrays: {frame} becomes {counters, lastTrial}. */
function small(result) {
  if (!result || typeof result !== 'object' || !result.frame) return result;
  const { frame, ...rest } = result;
  return { ...rest, counters: frame.counters, lastTrial: frame.lastTrial };
}

/**
 * Start answering the host. `client` is the page's SimClient (its events are forwarded);
 * `commands` (optional) overrides how each command runs, so the page's own UI follows runs
 * and steps the host starts; `hostOrigin` the origin the host named; `contentElement` is
 * measured for the auto-resize handshake. Call ready() once the experiment is loaded.
 * Returns { stop(), ready(), error(message) }.
 */
export function startEmbedBridge({ client, commands = {}, hostOrigin, contentElement, win = window }) {
  const none = { stop() {}, ready() {}, error() {} };
  if (!hostOrigin || hostOrigin === '*' || win.parent === win) return none;
  let origin;
  try {
    origin = new URL(hostOrigin).origin;   // 'https://host/path' -> 'https://host'
  } catch {
    return none;
  }
  if (origin === 'null') return none;
  const post = (msg) => win.parent.postMessage({ thetalab: 1, ...msg }, origin);

  const run = {
    init: (a) => client.init(a?.seed === undefined ? undefined : a.seed),
    run: () => client.run(),
    stop: () => client.stop(),
    step: (a) => client.step(a?.unit ?? 'trial', a?.n ?? 1),
    setParam: (a) => client.setParam(a ?? {}),
    getState: () => client.getState(),
    ...commands,
  };

  async function onMessage(e) {
    if (e.source !== win.parent || e.origin !== origin) return;  // not our host: ignore
    const msg = e.data;
    if (!msg || msg.thetalab !== 1 || typeof msg.cmd !== 'string' || !COMMANDS.has(msg.cmd)) return;
    try {
      // do and lesson act through the page (page/embed-commands.js): a bridge without them says so
      if (!run[msg.cmd]) throw new Error(`"${msg.cmd}" is not available on this page`);
      const result = await run[msg.cmd](msg.args);
      post({ id: msg.id, ok: true, result: plain(small(result)) });
    } catch (err) {
      post({ id: msg.id, ok: false, error: { message: String(err?.message ?? err), fieldErrors: plain(err?.fieldErrors ?? []) } });
    }
  }

  const forward = (event) => (e) => post({ event, detail: plain(e.detail) });
  const onTrial = forward('trial');
  const onEpoch = forward('epoch');
  const onStopped = (e) => {
    const { reason, frame, message } = e.detail ?? {};
    post({ event: 'stopped', detail: plain({ reason, message, counters: frame?.counters }) });
    if (reason === 'error') post({ event: 'error', detail: { message: String(message ?? 'the run stopped with an error') } });
  };
  const onFatal = (e) => post({ event: 'error', detail: { message: String(e.detail?.message ?? 'engine failure') } });
  win.addEventListener('message', onMessage);
  client.addEventListener('trial', onTrial);
  client.addEventListener('epoch', onEpoch);
  client.addEventListener('stopped', onStopped);
  client.addEventListener('fatal', onFatal);

  // auto-resize: tell the host our content height whenever it changes
  let lastHeight = -1;
  const report = () => {
    const h = Math.ceil(contentElement.getBoundingClientRect().height);
    if (h !== lastHeight) {
      lastHeight = h;
      post({ event: 'resize', detail: { height: h } });
    }
  };
  const ro = new ResizeObserver(report);
  ro.observe(contentElement);
  report();

  return {
    ready(detail = {}) {
      post({ event: 'ready', detail: plain(detail) });
      report();
    },
    error(message) {
      post({ event: 'error', detail: { message: String(message) } });
    },
    stop() {
      ro.disconnect();
      win.removeEventListener('message', onMessage);
      client.removeEventListener('trial', onTrial);
      client.removeEventListener('epoch', onEpoch);
      client.removeEventListener('stopped', onStopped);
      client.removeEventListener('fatal', onFatal);
    },
  };
}
