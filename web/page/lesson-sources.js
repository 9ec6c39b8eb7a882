// Which lesson the lesson pane shows. A built-in task has its own (engine/lessons/); a
// lesson can also be *given*: by a share link (l=), by ?lesson=<url>, by the page that embeds
// this one (<theta-sim lesson>), or by an opened bundle. A given lesson belongs to the task
// that was loaded with it, so picking another task shows that task's lesson and picking it
// again brings the given one back. A lesson that could not be had (a damaged link, a failed
// download) is given as its problem, which the pane shows where the lesson would be.
// A given lesson unfolds the pane (without remembering it): whoever gave it wants it read.
// In embed mode only a given lesson shows: a host page that gave none wants the sim alone.

/** A short, stable digest of a lesson's text (FNV-1a, 32 bits, hex): its answers' key. */
export function textDigest(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * `page` gives: { state, client, pane (views/lesson-pane.js), builtins (false in embed mode:
 * built-in lessons are not shown) }.
 */
export function createLessonSources(page) {
  const { state, client, pane } = page;
  const given = new Map();   // task value -> { source, text } | { source, problem }
  let shown = 0;             // the newest show(): an older one finishing later is dropped

  async function show() {
    const ticket = ++shown;
    const lesson = given.get(state.task);
    if (lesson?.problem) {
      pane.showProblem(lesson.problem, lesson.source);
      pane.setOpen(true, false);
      return null;
    }
    const builtin = page.builtins && state.task.startsWith('builtin:') ? state.task.slice('builtin:'.length) : null;
    const request = lesson ? { text: lesson.text } : builtin ? { builtin } : null;
    const result = request ? await client.lesson(request) : { text: '', ok: true, errors: [], doc: null };
    if (ticket !== shown) return result;
    pane.show(result, lesson?.source ?? state.task);
    if (lesson) pane.setOpen(true, false);
    return result;
  }

  return {
    /**
     * Give the loaded task a lesson: `{ source, text }` (its Markdown; `source` keys the
     * student's answers, e.g. "link:1a2b3c4d") or `{ source, problem }` (why it could not be
     * had). Shown by the next show().
     */
    give(lesson) {
      given.set(state.task, lesson);
    },

    /** The lesson the loaded task was given, if any. */
    get given() {
      return given.get(state.task) ?? null;
    },

    /**
     * Show the loaded task's lesson: the one it was given, else its built-in's, else none.
     * Resolves to the checker's result ({ok, errors, doc, text}; null for a problem).
     */
    show,
  };
}
