// The embed API's `do` command: one lesson action as text ("step cycle 200"), checked by the
// engine's lesson checker against the loaded experiment exactly as a lesson's action link
// is, then carried out by the same code as the link (page/lesson-actions.js). A host page's
// own buttons thus do what a lesson's links do, and a wrong action is refused with the
// checker's own message instead of doing nothing.

/** Longer than any real action (a setting with a long path name is under 100 characters). */
const MAX_ACTION_CHARS = 1000;
const EXAMPLE = 'e.g. "step cycle 200" or "set Hidden1:Inhib.Layer.Gi=0.8"';

/**
 * `page` gives: { client (SimClient: lesson({text}) checks against the loaded sim),
 * actions (page/lesson-actions.js) }. Returns doAction(action), which resolves to
 * { action, done } (the action as the checker read it, and what the page did) or rejects
 * with why not.
 */
export function createDoAction({ client, actions }) {
  return async function doAction(action) {
    if (typeof action !== 'string') throw new Error(`"action" must be text, ${EXAMPLE}`);
    const target = action.trim().replace(/^do:/, '').trim();
    if (target === '') throw new Error(`"action" is empty: give one, ${EXAMPLE}`);
    if (target.length > MAX_ACTION_CHARS) throw new Error(`"action" is ${target.length} characters long, more than the ${MAX_ACTION_CHARS} allowed`);
    if (/[\u0000-\u001f\u007f]/.test(target)) throw new Error('"action" must be one line, without control characters');
    // The checker reads lessons: the action is checked as the one link of a one-line lesson.
    const { errors, doc } = await client.lesson({ text: `[do](do:${target})\n` });
    const spans = doc?.blocks.length === 1 ? doc.blocks[0].content : [];
    const link = spans.length === 1 && spans[0].type === 'action' ? spans[0] : null;
    if (!link) throw new Error(`"${target.slice(0, 80)}" is not one action: write the verb and its arguments without brackets, parentheses or backticks, ${EXAMPLE}`);
    if (link.error) throw new Error(link.error);
    if (errors.length) throw new Error(errors[0].message);
    return { action: link.target, done: await actions.perform({ verb: link.verb, args: link.args }) };
  };
}
