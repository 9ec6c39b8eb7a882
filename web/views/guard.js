// A view that fails (a chart library that throws, a canvas the browser refuses, a locale)
// must not take the page down: guardView wraps a view so that an error in its constructor or
// in any of its methods is shown in the view's own panel and reported once, and the view
// then stands still while the engine, the controls and every other view keep working.

/** Show `err` in `panel` (text only): which view failed, why, and that the rest works. */
function showViewError(panel, label, err) {
  const box = document.createElement('p');
  box.className = 'view-error';
  box.setAttribute('role', 'alert');
  box.textContent = `${label} stopped working here: ${err?.message ?? err}. `
    + 'The simulation and the other views keep working; reloading the page may help.';
  panel.prepend(box);
}

/**
 * Create a view with `create()` and return a stand-in that forwards to it. Errors thrown by
 * `create` or by a method call mark the view as failed (a method's rejected promise is the
 * caller's to handle, as before: views reject on refused input, which is not a failure):
 * its error shows in `panel`, globalThis.thetaLab.reportError records it, and from then on
 * its methods do nothing and return undefined.
 */
export function guardView(label, panel, create) {
  let view = null;
  let failed = false;
  const fail = (err) => {
    if (failed) return;
    failed = true;
    showViewError(panel, label, err);
    globalThis.thetaLab?.reportError?.(label, err);
  };
  try {
    view = create();
  } catch (err) {
    fail(err);
  }
  return new Proxy({}, {
    get(_, prop) {
      if (failed) return () => undefined;
      const value = view[prop];
      if (typeof value !== 'function') return value;
      return (...args) => {
        if (failed) return undefined;
        try {
          return value.apply(view, args);
        } catch (err) {
          fail(err);
          return undefined;
        }
      };
    },
  });
}
