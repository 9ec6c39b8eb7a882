// Building DOM nodes in the views: el('p', { className: 'hint', textContent: '...' }, child).
// A prop the element has (className, textContent, htmlFor, hidden, ...) is set as a
// property; `dataset` is merged; anything else (aria-*, role) becomes an attribute.

/** A new `tag` element with `props` set and `children` appended. */
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k in e) e[k] = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}
