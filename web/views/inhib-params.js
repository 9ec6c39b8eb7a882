// What the inhib panel's switch and fields change in an experiment (no DOM): the setParam
// changes ({layer, name, value} or {from, to, name, value}, as the worker takes them) that
// turn FS-FFFB inhibition on or off and set the interneurons' strength, as Axon's sims/inhib
// does with its "Layer" selector and its InhibExcite / InhibInhib fields.
import { paramOf } from './experiment-edit.js';

export const ON = 'Inhib.Layer.On';
export const ABS = 'PathScale.Abs';

/**
 * The Inhib-type paths of `ex`, by what they inhibit: `excite` (an interneuron layer onto
 * an excitatory layer: Axon's InhibExcite) and `inhib` (onto an interneuron layer, itself
 * included: Axon's InhibInhib). Interneuron layers are the layers that send Inhib paths.
 */
export function inhibPaths(ex) {
  const inhib = (ex.network.paths ?? []).filter((p) => p.type === 'Inhib');
  const interneurons = new Set(inhib.map((p) => p.from));
  return {
    excite: inhib.filter((p) => !interneurons.has(p.to)),
    inhib: inhib.filter((p) => interneurons.has(p.to)),
  };
}

/**
 * The layer whose values the panel shows: the first one an interneuron inhibits (Layer1),
 * else the first layer. Its fields set every layer, so they agree unless edited elsewhere.
 */
export function shownLayer(ex) {
  const to = inhibPaths(ex).excite[0]?.to;
  return ex.network.layers.find((l) => l.name === to) ?? ex.network.layers[0];
}

/** Is FS-FFFB on: Inhib.Layer.On on every layer (`defaultsOf(layer)`: the engine's defaults for it)? */
export function fffbOn(ex, defaultsOf) {
  return ex.network.layers.every((l) => Boolean(paramOf(l, ON, defaultsOf(l))));
}

/** A layer parameter set to `value` on every layer. */
export function everyLayer(ex, name, value) {
  return ex.network.layers.map((l) => ({ layer: l.name, name, value }));
}

/** PathScale.Abs of `paths` set to `value`. */
export function pathsAbs(paths, value) {
  return paths.map((p) => ({ from: p.from, to: p.to, name: ABS, value }));
}

/**
 * Turn FS-FFFB on (the interneurons' Inhib paths at Abs 0: they spike but inhibit nothing)
 * or off (the Inhib paths at `abs.excite` and `abs.inhib`). The new inhibition comes in
 * before the old goes, so a network that runs meanwhile is never left without any.
 */
export function modeChanges(ex, on, abs) {
  const { excite, inhib } = inhibPaths(ex);
  const layers = everyLayer(ex, ON, on ? 1 : 0);
  const paths = [...pathsAbs(excite, on ? 0 : abs.excite), ...pathsAbs(inhib, on ? 0 : abs.inhib)];
  return on ? [...layers, ...paths] : [...paths, ...layers];
}
