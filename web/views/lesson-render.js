// A lesson document (the engine's tree, docs/lessons.md "The document the page gets") as
// DOM, built from elements and text nodes only: whatever a lesson's text holds, nothing in
// it is ever parsed as HTML. Links open in a new tab without access to this page; images
// load only from this page's own origin. What acts (action links), what is ticked off
// (steps) and what is answered (questions) is left to the caller's hooks.

/** An element with a class and children (strings become text nodes). */
export function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

/** "text (reason)" for something the lesson checker refused, shown as text with its reason. */
function refused(content, reason, hooks) {
  return el('span', 'lesson-refused', el('span', null, ...renderSpans(content, hooks)),
    el('span', 'lesson-reason', ` (refused: ${reason})`));
}

function sameOrigin(src) {
  try {
    return new URL(src, document.baseURI).origin === window.location.origin;
  } catch {
    return false;
  }
}

function renderSpan(s, hooks) {
  switch (s.type) {
    case 'text': return document.createTextNode(s.text);
    case 'code': return el('code', null, s.text);
    case 'em': return el('em', null, ...renderSpans(s.content, hooks));
    case 'strong': return el('strong', null, ...renderSpans(s.content, hooks));
    case 'link': {
      if (typeof s.href !== 'string') return refused(s.content, s.error ?? 'no address', hooks);
      const a = el('a', null, ...renderSpans(s.content, hooks));
      a.href = s.href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      return a;
    }
    case 'image': {
      if (typeof s.src !== 'string') return refused([{ type: 'text', text: s.alt || 'image' }], s.error ?? 'no address', hooks);
      if (!sameOrigin(s.src)) return refused([{ type: 'text', text: s.alt || 'image' }], 'images come from this site only', hooks);
      const img = document.createElement('img');
      img.src = s.src;
      img.alt = s.alt;
      img.loading = 'lazy';
      return img;
    }
    case 'action': return hooks.action(s, () => renderSpans(s.content, hooks));
    default: return document.createTextNode('');
  }
}

export function renderSpans(spans, hooks) {
  return (spans ?? []).map((s) => renderSpan(s, hooks));
}

function renderList(block, hooks) {
  const list = el(block.ordered ? 'ol' : 'ul', block.ordered ? 'lesson-steps' : null);
  if (block.ordered && block.start !== 1) list.start = block.start;
  for (const item of block.items) {
    const content = el('span', 'lesson-item-text', ...renderSpans(item.content, hooks));
    const li = el('li', null);
    if (Number.isInteger(item.step)) li.append(hooks.step(item.step, content));
    li.append(content, ...item.lists.map((nested) => renderList(nested, hooks)));
    list.append(li);
  }
  return list;
}

/**
 * The blocks as DOM nodes. Headings of level 1 to 3 become h3 to h5 (the pane's own heading
 * is an h2). hooks: action(span, content() -> nodes) -> node; step(number, contentElement)
 * -> node (put before the item's text); question(block, paragraphs: nodes) -> node.
 */
export function renderBlocks(blocks, hooks) {
  return blocks.map((b) => {
    switch (b.type) {
      case 'heading': return el(`h${b.level + 2}`, 'lesson-heading', ...renderSpans(b.content, hooks));
      case 'paragraph': return el('p', null, ...renderSpans(b.content, hooks));
      case 'code': return el('pre', null, el('code', null, b.text));
      case 'list': return renderList(b, hooks);
      case 'question': return hooks.question(b, b.blocks.map((p) => el('p', null, ...renderSpans(p.content, hooks))));
      default: return document.createTextNode('');
    }
  });
}
