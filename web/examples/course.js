// The course page's own script: drives the second simulation through <theta-sim>'s API and
// logs the events it receives (textContent only: event contents are never parsed as HTML).
const sim = document.getElementById('sim-ra25');
const log = document.getElementById('host-log');
const events = [];
window.__courseEvents = events;  // read by the browser tests

function note(text) {
  const li = document.createElement('li');
  li.textContent = text;
  log.append(li);
  while (log.children.length > 50) log.firstElementChild.remove();
}

for (const id of ['sim-cycle', 'sim-ra25']) {
  const el = document.getElementById(id);
  el.addEventListener('ready', () => { events.push({ id, event: 'ready' }); note(`${id}: ready`); });
  el.addEventListener('error', (e) => { events.push({ id, event: 'error', detail: e.detail }); note(`${id}: error ${e.detail?.message}`); });
}
sim.addEventListener('epoch', (e) => {
  for (const ep of e.detail?.epochs ?? []) {
    events.push({ id: 'sim-ra25', event: 'epoch', detail: ep });
    note(`epoch ${ep.epoch}: ${(100 * ep.pctErr).toFixed(1)}% trials wrong`);
  }
});
document.getElementById('host-run').addEventListener('click', () => sim.run().catch((e) => note(`run refused: ${e.message}`)));
document.getElementById('host-stop').addEventListener('click', () => sim.stop().catch((e) => note(`stop refused: ${e.message}`)));
