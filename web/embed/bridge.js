// The embedded page's side of the embed API (runs inside the iframe that <theta-sim> or a
// course page creates: index.html?embed=1&parent=<host origin>#x=...).
//
// Host -> page:  { thetalab: 1, id, cmd: 'init'|'run'|'stop'|'step'|'setParam'|'getState', args }
// Page -> host:  { thetalab: 1, id, ok: true, result } | { thetalab: 1, id, ok: false, error }
//                { thetalab: 1, event: 'ready'|'trial'|'epoch'|'error'|'resize', detail }
//
// Only messages from the window that embeds us AND from the origin it named (the `parent`
// query parameter, which the host sets) are obeyed; everything else is ignored, and our
// events go to that origin only. Nothing from a message is ever inserted as HTML.

const COMMANDS = new Set(['init', 'run', 'stop', 'step', 'setParam', 'getState']);

/** Plain, clonable copy of a value (drops typed arrays' views into transferred buffers). */
function plain(value) {
  return JSON.parse(JSON.stringify(value ?? null));
}

/**
 * Start answering the host. `client` is the page's SimClient; `hostOrigin` the origin the
 * host named; `contentElement` is measured for the auto-resize handshake.
 * Returns a function that stops the bridge.
 */
export function startEmbedBridge({ client, hostOrigin, contentElement, win = window }) {
  if (!hostOrigin || hostOrigin === '*' || win.parent === win) return () => {};
  const post = (msg) => win.parent.postMessage({ thetalab: 1, ...msg }, hostOrigin);

  const run = {
    init: (a) => client.init(a?.seed === undefined ? undefined : a.seed),
    run: () => client.run(),
    stop: () => client.stop(),
    step: (a) => client.step(a?.unit ?? 'trial', a?.n ?? 1),
    setParam: (a) => client.setParam(a ?? {}),
    getState: () => client.getState(),
  };

  async function onMessage(e) {
    if (e.source !== win.parent || e.origin !== hostOrigin) return;  // not our host: ignore
    const msg = e.data;
    if (!msg || msg.thetalab !== 1 || !COMMANDS.has(msg.cmd)) return;
    try {
      const result = await run[msg.cmd](msg.args);
      post({ id: msg.id, ok: true, result: plain(result) });
    } catch (err) {
      post({ id: msg.id, ok: false, error: { message: String(err.message ?? err), fieldErrors: err.fieldErrors ?? [] } });
    }
  }

  const forward = (event) => (e) => post({ event, detail: plain(e.detail) });
  const onTrial = forward('trial');
  const onEpoch = forward('epoch');
  const onFatal = (e) => post({ event: 'error', detail: { message: String(e.detail?.message ?? 'engine failure') } });
  win.addEventListener('message', onMessage);
  client.addEventListener('trial', onTrial);
  client.addEventListener('epoch', onEpoch);
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
  post({ event: 'ready', detail: {} });
  report();

  return () => {
    ro.disconnect();
    win.removeEventListener('message', onMessage);
    client.removeEventListener('trial', onTrial);
    client.removeEventListener('epoch', onEpoch);
    client.removeEventListener('fatal', onFatal);
  };
}
