// Uncaught errors and unhandled promise rejections, shown on the page (not only in the
// console, which students never open) and kept in globalThis.thetaLab.errors for tests and
// embedding hosts. A classic script loaded first, so it also sees a module that fails to load.
(function () {
  'use strict';
  const MAX_SHOWN = 5;
  const lab = (globalThis.thetaLab = globalThis.thetaLab ?? {});
  lab.errors = [];

  function textOf(reason) {
    if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
    return String(reason?.message ?? reason);
  }

  /** Show the first errors in the page's error box (once the page's body exists). */
  function render() {
    const box = document.getElementById('page-errors');
    const list = document.getElementById('page-errors-list');
    if (!box || !list || lab.errors.length === 0) return;
    const items = lab.errors.slice(0, MAX_SHOWN).map((text) => {
      const item = document.createElement('li');
      item.textContent = text;   // text, never HTML
      return item;
    });
    const more = lab.errors.length - MAX_SHOWN;
    if (more > 0) items.push(Object.assign(document.createElement('li'), { textContent: `and ${more} more` }));
    list.replaceChildren(...items);
    box.hidden = false;
  }

  /** Record an error of the page (also used by views/guard.js for a view that failed). */
  lab.reportError = function reportError(where, reason) {
    const text = `${where}: ${textOf(reason)}`;
    lab.errors.push(text);
    render();
  };

  // Browsers report a ResizeObserver whose callbacks changed sizes again within one frame as
  // an 'error' event; it is a notice (the observers run on the next frame), not a failure.
  const NOT_AN_ERROR = /^ResizeObserver loop/;

  globalThis.addEventListener('error', (ev) => {
    if (!ev.error && NOT_AN_ERROR.test(ev.message)) return;
    const where = ev.filename ? `${ev.filename.replace(/^.*\//, '')}:${ev.lineno}` : 'the page';
    lab.reportError(where, ev.error ?? ev.message);
  });
  globalThis.addEventListener('unhandledrejection', (ev) => lab.reportError('a promise', ev.reason));

  document.addEventListener('DOMContentLoaded', () => {
    render();
    document.getElementById('page-errors-dismiss')?.addEventListener('click', () => {
      document.getElementById('page-errors').hidden = true;
    });
  });
}());
