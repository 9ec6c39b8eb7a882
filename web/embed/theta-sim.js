// <theta-sim>: embed a ThetaLab simulation in any page (one ES module, no dependencies).
//
//   <script type="module" src="https://host/thetalab/embed/theta-sim.js"></script>
//   <theta-sim experiment="ra25" view="CaDiff" hide="editor" autoplay style="width:100%"></theta-sim>
//   <theta-sim link="https://host/thetalab/#x=..."></theta-sim>
//
// Attributes: experiment (built-in name), link (a share link made by the page), view
// (variable), hide / lock (comma lists of controls), autoplay, src (ThetaLab page URL;
// default: index.html next to this module), lesson (a lesson's address on this page's own
// site: fetched here and shown beside the sim; docs/course-authors.md).
// An inline lesson instead: a <script type="text/markdown"> child holds its Markdown (a
// script of that type is never run and its text is not parsed as HTML, so `<b>` stays text).
// Methods (promises): init({seed}), run(), stop(), step({unit, n}), setParam({...}),
// getState(), do(action) (a lesson's action, "step cycle 200"), showLesson(text, name).
// Events (CustomEvent on the element): ready, trial, epoch, stopped, error, and lesson (the
// lesson's check once shown: {ok, errors, title, steps, actions, questions}).
// The iframe's page obeys only this window and this origin; we accept messages only from it.

const DEFAULT_PAGE = new URL('../index.html', import.meta.url).href;
const EVENTS = new Set(['ready', 'trial', 'epoch', 'stopped', 'error']);
/** The engine's kMaxLessonBytes: the sim refuses a longer lesson. */
const MAX_LESSON_BYTES = 256 * 1024;
const INLINE_LESSON = ':scope > script[type="text/markdown"]';

/** An inline lesson's text without the indentation every line shares (the HTML's, not the lesson's). */
function dedent(text) {
  const lines = text.replace(/^\s*\n|\n\s*$/g, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)[0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return `${lines.map((l) => l.slice(common)).join('\n')}\n`;
}

/**
 * The lesson at `address` (the lesson attribute), on this page's own site only: its links
 * act on the sim, so another site must not supply them. { name, text } or { name, error }.
 */
async function fetchLesson(address) {
  const what = `the lesson ${JSON.stringify(address.slice(0, 200))}`;
  let url;
  try {
    url = new URL(address, document.baseURI);
  } catch {
    return { error: `${what} is not an address` };
  }
  if (url.origin !== window.location.origin) {
    return { error: `${what} is on another site (${url.origin}): <theta-sim lesson> takes a lesson from this page's own site (${window.location.origin})` };
  }
  const name = url.href.slice(0, 500);
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) return { name, error: `${what} could not be downloaded (HTTP ${response.status})` };
    // This page's own file, read whole; the sim checks the size again with the same limit.
    const text = await response.text();
    const bytes = new TextEncoder().encode(text).length;
    if (bytes > MAX_LESSON_BYTES) return { name, error: `${what} is ${bytes} bytes, more than the ${MAX_LESSON_BYTES} bytes (256 KiB) a lesson may have` };
    return { name, text };
  } catch (err) {
    return { name, error: `${what} could not be downloaded (${err.message})` };
  }
}

export class ThetaSim extends HTMLElement {
  #iframe = null;
  #origin = '';
  #nextId = 1;
  #pending = new Map();
  #onMessage = (e) => this.#receive(e);
  #lesson = null;   // a promise of the lesson to give the sim: { text, name? }, { error, name? } or null

  connectedCallback() {
    if (this.#iframe) return;
    // An inline lesson is a child, there once the document is parsed: a module script runs
    // after that, but an element defined earlier (an async script) may connect first.
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', () => {
        if (this.isConnected) this.connectedCallback();
      }, { once: true });
      return;
    }
    this.#lesson = this.#findLesson();
    const page = new URL(this.getAttribute('src') || DEFAULT_PAGE, document.baseURI);
    const url = new URL(page.href);
    url.searchParams.set('embed', '1');
    url.searchParams.set('parent', window.location.origin);
    const link = this.getAttribute('link');
    const fragment = link ? new URL(link, document.baseURI).hash : '';
    const extra = new URLSearchParams();
    if (!fragment && this.getAttribute('experiment')) extra.set('builtin', this.getAttribute('experiment'));
    for (const [attr, key] of [['view', 'v'], ['hide', 'hide'], ['lock', 'lock']]) {
      if (this.getAttribute(attr)) extra.set(key, this.getAttribute(attr));
    }
    if (this.hasAttribute('autoplay')) extra.set('autoplay', '1');
    const extraText = extra.toString();
    url.hash = fragment ? `${fragment.slice(1)}${extraText ? `&${extraText}` : ''}` : extraText;
    this.#origin = url.origin;
    const iframe = document.createElement('iframe');
    iframe.src = url.href;
    iframe.title = this.getAttribute('title') || 'ThetaLab simulation';
    iframe.style.width = '100%';
    iframe.style.border = '0';
    iframe.style.display = 'block';
    iframe.setAttribute('loading', 'lazy');
    this.#iframe = iframe;
    window.addEventListener('message', this.#onMessage);
    this.replaceChildren(iframe);
  }

  disconnectedCallback() {
    window.removeEventListener('message', this.#onMessage);
    for (const { reject } of this.#pending.values()) reject(new Error('theta-sim removed'));
    this.#pending.clear();
    this.#iframe = null;
  }

  init(args = {}) { return this.#send('init', args); }
  run() { return this.#send('run'); }
  stop() { return this.#send('stop'); }
  step(args = {}) { return this.#send('step', args); }
  setParam(args) { return this.#send('setParam', args); }
  getState() { return this.#send('getState'); }
  /** Do a lesson's action ("step cycle 200", docs/lessons.md) as its link would: resolves to {action, done}. */
  do(action) { return this.#send('do', { action }); }
  /** Show a lesson's Markdown beside the sim (`name` keys the student's answers); resolves to its check. */
  showLesson(text, name) { return this.#send('lesson', name === undefined ? { text } : { text, name }); }

  /** The lesson attribute's or the inline lesson (a promise; null when there is none). */
  #findLesson() {
    const inline = this.querySelector(INLINE_LESSON);
    const address = this.getAttribute('lesson');
    if (inline && address !== null) {
      return Promise.resolve({ error: '<theta-sim> has both a lesson attribute and an inline lesson: give one of them' });
    }
    if (inline) return Promise.resolve({ text: dedent(inline.textContent) });
    return address === null ? Promise.resolve(null) : fetchLesson(address);
  }

  /** Give the sim its lesson once it is ready; the lesson event carries the check, error events the problems. */
  async #giveLesson() {
    const lesson = await this.#lesson;
    if (!lesson) return;
    if (lesson.error) this.dispatchEvent(new CustomEvent('error', { detail: { message: lesson.error } }));
    try {
      // A lesson that could not be had is given as its problem too: the sim shows it where the lesson would be.
      this.dispatchEvent(new CustomEvent('lesson', { detail: await this.#send('lesson', lesson) }));
    } catch (err) {
      this.dispatchEvent(new CustomEvent('error', { detail: { message: err.message } }));
    }
  }

  #send(cmd, args) {
    if (!this.#iframe?.contentWindow) return Promise.reject(new Error('theta-sim is not attached'));
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#iframe.contentWindow.postMessage({ thetalab: 1, id, cmd, args }, this.#origin);
    });
  }

  #receive(e) {
    if (!this.#iframe || e.source !== this.#iframe.contentWindow || e.origin !== this.#origin) return;
    const msg = e.data;
    if (!msg || msg.thetalab !== 1) return;
    if (msg.id !== undefined) {
      const p = this.#pending.get(msg.id);
      if (!p) return;
      this.#pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(Object.assign(new Error(msg.error?.message ?? 'failed'), { fieldErrors: msg.error?.fieldErrors ?? [] }));
      return;
    }
    if (msg.event === 'resize' && Number.isFinite(msg.detail?.height)) {
      this.#iframe.style.height = `${Math.max(100, Math.min(10000, msg.detail.height))}px`;
    } else if (EVENTS.has(msg.event)) {
      this.dispatchEvent(new CustomEvent(msg.event, { detail: msg.detail }));
      if (msg.event === 'ready') this.#giveLesson();
    }
  }
}

if (!customElements.get('theta-sim')) customElements.define('theta-sim', ThetaSim);
