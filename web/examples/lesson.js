// The example lesson page's own script: its buttons run lesson actions in the embedded sim
// through <theta-sim>'s do() (the same actions as the lesson's links, checked the same way),
// and it logs what the sim did or why it refused (textContent only: never parsed as HTML).
const sim = document.getElementById('sim');
const log = document.getElementById('host-log');

function note(text) {
  const li = document.createElement('li');
  li.textContent = text;
  log.append(li);
  while (log.children.length > 50) log.firstElementChild.remove();
}

async function perform(action) {
  try {
    const { done } = await sim.do(action);
    note(`${action}: ${done}`);
  } catch (err) {
    note(`${action}: refused: ${err.message}`);
  }
}

for (const button of document.querySelectorAll('button[data-do]')) {
  button.addEventListener('click', () => perform(button.dataset.do));
}
document.getElementById('do-action').addEventListener('click', () => perform(document.getElementById('action').value));
sim.addEventListener('ready', () => note('the sim is ready'));
sim.addEventListener('lesson', (e) => {
  const { title, steps, actions, questions, errors } = e.detail;
  if (steps === undefined) return;   // a lesson that could not be had: the error event said why
  note(`lesson “${title}”: ${steps} steps, ${actions} action links, ${questions} questions${errors.length ? `, ${errors.length} problems` : ''}`);
});
sim.addEventListener('error', (e) => note(`error: ${e.detail?.message}`));
