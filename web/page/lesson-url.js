// `index.html?lesson=<url>`: a lesson published beside the page (docs/course-authors.md). It
// is fetched from the page's own origin only: a lesson's links act on the page, so another
// site must not supply them (and the page's CSP allows connections to 'self' alone). At most
// kMaxLessonBytes are read, counted as they arrive, so a huge file stops there.
import { MAX_LESSON_BYTES, readAtMost } from '../share/link-codec.js';

/** Read a response's body as UTF-8 text of at most MAX_LESSON_BYTES; `name` is for messages. */
async function boundedText(response, name) {
  const tooLarge = (bytes) => new Error(`the lesson ${name} is ${bytes === null ? 'over' : `${bytes} bytes, more than`} the ${MAX_LESSON_BYTES} bytes (256 KiB) a lesson may have`);
  const declared = Number(response.headers.get('content-length'));
  if (declared > MAX_LESSON_BYTES) throw tooLarge(declared);
  const bytes = await readAtMost(response.body.getReader(), MAX_LESSON_BYTES);
  if (!bytes) throw tooLarge(null);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`the lesson ${name} is not UTF-8 text`);
  }
}

/**
 * The lesson at `address` (the ?lesson= value, relative to `base`, the page's address) as a
 * lesson to give the pane (page/lesson-sources.js): { source, text }, or { source, problem }
 * saying why it could not be had. Never rejects.
 */
export async function lessonFromUrl(address, base = window.location.href) {
  const own = new URL(base).origin;
  let url;
  try {
    if (address.trim() === '') throw new Error('empty');
    url = new URL(address, base);
  } catch {
    return { source: 'url:invalid', problem: `?lesson=${JSON.stringify(address.slice(0, 200))} is not an address of a lesson; give one on this site, e.g. ?lesson=lessons/week1.md` };
  }
  url.hash = '';
  const source = `url:${url.href}`;
  if (url.origin !== own) {
    return { source, problem: `?lesson= names ${JSON.stringify(url.href.slice(0, 200))}, on another site: a lesson's links act on this page, so it is taken from this page's own site (${own}) only` };
  }
  const name = JSON.stringify(url.pathname.slice(0, 200));
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) return { source, problem: `the lesson ${name} could not be downloaded (HTTP ${[response.status, response.statusText].filter(Boolean).join(' ')})` };
    return { source, text: await boundedText(response, name) };
  } catch (err) {
    return { source, problem: /lesson/.test(err.message) ? err.message : `the lesson ${name} could not be downloaded (${err.message})` };
  }
}
