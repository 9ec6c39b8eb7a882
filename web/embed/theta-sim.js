// <theta-sim>: embed a ThetaLab simulation in any page (one ES module, no dependencies).
//
//   <script type="module" src="https://host/thetalab/embed/theta-sim.js"></script>
//   <theta-sim experiment="ra25" view="CaDiff" hide="editor" autoplay style="width:100%"></theta-sim>
//   <theta-sim link="https://host/thetalab/#x=..."></theta-sim>
//
// Attributes: experiment (built-in name), link (a share link made by the page), view
// (variable), hide / lock (comma lists of controls), autoplay, src (ThetaLab page URL;
// default: index.html next to this module).
// Methods (promises): init({seed}), run(), stop(), step({unit, n}), setParam({...}), getState().
// Events (CustomEvent on the element): ready, trial, epoch, error.
// The iframe's page obeys only this window and this origin; we accept messages only from it.

const DEFAULT_PAGE = new URL('../index.html', import.meta.url).href;
const EVENTS = new Set(['ready', 'trial', 'epoch', 'stopped', 'error']);

export class ThetaSim extends HTMLElement {
  #iframe = null;
  #origin = '';
  #nextId = 1;
  #pending = new Map();
  #onMessage = (e) => this.#receive(e);

  connectedCallback() {
    if (this.#iframe) return;
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
    }
  }
}

if (!customElements.get('theta-sim')) customElements.define('theta-sim', ThetaSim);
