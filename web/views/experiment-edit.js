// Pure edits of an experiment document (the parsed JSON object; see docs/experiment-file.md).
// Each returns a new object and leaves its input alone. The engine's validator has
// the last word: these only build the document the user asked for.
import { hasDeepLayers } from './state.js';

/** The engine's parameter defaults for a layer (`paramDefaults`: the worker's Info.paramDefaults). */
export function layerDefaults(paramDefaults, layer) {
  return paramDefaults.layer[layer.type ?? 'Hidden'];
}

/** The engine's parameter defaults for a path of `ex` (they depend on its type and its receiver's). */
export function pathDefaults(paramDefaults, ex, path) {
  const recvType = ex.network.layers.find((l) => l.name === path.to)?.type ?? 'Hidden';
  return paramDefaults.path[path.type ?? 'Forward'][recvType];
}

/** The value of a layer or path parameter, or the engine's default for it (layerDefaults, pathDefaults). */
export function paramOf(item, name, defaults) {
  const v = item.params?.[name];
  return typeof v === 'number' ? v : defaults[name];
}

/** Set a parameter on a copy of the experiment (target: {layer: index} or {path: index}). */
export function setParam(ex, target, name, value) {
  const out = structuredClone(ex);
  const item = target.layer !== undefined ? out.network.layers[target.layer] : out.network.paths[target.path];
  item.params = { ...(item.params ?? {}), [name]: value };
  return out;
}

function uniqueName(ex, base) {
  const names = new Set(ex.network.layers.map((l) => l.name));
  for (let k = 1; ; k++) {
    const name = `${base}${k}`;
    if (!names.has(name)) return name;
  }
}

const isForward = (p) => (p.type ?? 'Forward') === 'Forward';
const isBack = (p) => p.type === 'Back';

/** The task's target layer (or the last Target-type layer). */
function targetLayerName(ex) {
  return ex.task?.targetLayer ?? [...ex.network.layers].reverse().find((l) => l.type === 'Target')?.name;
}

/**
 * Add a hidden layer just below the target layer: the layer that fed the target forward
 * now feeds the new one, which feeds the target; back paths mirror the forward ones.
 * `layerTypes`: the layer types' roles as the engine sends them (the worker's Info.layerTypes).
 */
export function addHiddenLayer(ex, layerTypes) {
  if (hasDeepLayers(ex.network.layers, layerTypes)) {
    throw new Error('a deep predictive network (Super, CT and Pulvinar layers) gets no hidden layer added here: '
      + 'its layers are wired as Super → CT → Pulvinar; edit the layers and paths in the experiment JSON');
  }
  const out = structuredClone(ex);
  const { layers, paths = [] } = out.network;
  out.network.paths = paths;
  const target = targetLayerName(out);
  const ti = layers.findIndex((l) => l.name === target);
  if (ti < 0) throw new Error('the experiment has no target layer to add a hidden layer under');
  const into = paths.filter((p) => p.to === target && isForward(p));
  const below = into.length ? layers.find((l) => l.name === into[into.length - 1].from) : null;
  const hidden = layers.filter((l) => (l.type ?? 'Hidden') === 'Hidden');
  const model = hidden[hidden.length - 1];
  const name = uniqueName(out, 'Hidden');
  layers.splice(ti, 0, {
    name,
    type: 'Hidden',
    shape: model ? [...model.shape] : [10, 10],
    ...(model?.params ? { params: { ...model.params } } : {}),
  });
  // Parameters for the new paths: copied from a hidden-to-hidden forward path and a back
  // path into a hidden layer when there are such, else from any path of that type.
  const isHidden = (n) => hidden.some((l) => l.name === n);
  const fwdModel = paths.find((p) => isForward(p) && isHidden(p.from) && isHidden(p.to)) ?? paths.find(isForward);
  const backModel = paths.find((p) => isBack(p) && isHidden(p.to)) ?? paths.find(isBack);
  const copy = (p) => (p?.params ? { params: { ...p.params } } : {});
  for (const p of paths) {
    if (p.to === target && isForward(p) && below && p.from === below.name) p.from = name;
    if (p.from === target && isBack(p) && below && p.to === below.name) p.to = name;
  }
  if (below) {
    paths.push({ from: below.name, to: name, type: 'Forward', ...copy(fwdModel) });
    paths.push({ from: name, to: below.name, type: 'Back', ...copy(backModel) });
  } else {
    paths.push({ from: name, to: target, type: 'Forward', ...copy(fwdModel) });
  }
  if (!paths.some((p) => p.from === target && p.to === name)) {
    paths.push({ from: target, to: name, type: 'Back', ...copy(backModel) });
  }
  return out;
}

/**
 * Remove a hidden layer; its forward senders are connected straight to its forward
 * receivers (with the removed receiving paths' parameters), and back paths likewise.
 */
export function removeLayer(ex, name) {
  const out = structuredClone(ex);
  const paths = out.network.paths ?? [];
  const senders = paths.filter((p) => p.to === name && isForward(p)).map((p) => p.from);
  const outgoing = paths.filter((p) => p.from === name && isForward(p));
  const backs = paths.filter((p) => p.to === name && isBack(p));
  const kept = paths.filter((p) => p.from !== name && p.to !== name);
  const has = (from, to) => kept.some((p) => p.from === from && p.to === to);
  for (const s of senders) {
    for (const o of outgoing) {
      if (s !== o.to && !has(s, o.to)) kept.push({ ...structuredClone(o), from: s });
      const back = backs.find((b) => b.from === o.to);
      if (back && s !== o.to && !has(o.to, s)) kept.push({ ...structuredClone(back), to: s });
    }
  }
  out.network.layers = out.network.layers.filter((l) => l.name !== name);
  out.network.paths = kept;
  return out;
}

/** Replace a layer's shape. */
export function setShape(ex, layerIndex, shape) {
  const out = structuredClone(ex);
  out.network.layers[layerIndex].shape = shape;
  return out;
}

/** Set train.trialsPerEpoch. */
export function setTrialsPerEpoch(ex, n) {
  const out = structuredClone(ex);
  out.train = { ...(out.train ?? {}), trialsPerEpoch: n };
  return out;
}

/** Use pattern rows ({name, input, target}) as the task ("inline"). */
export function withPatterns(ex, rows, name) {
  const out = structuredClone(ex);
  const task = { ...(out.task ?? {}) };
  delete task.generate;
  task.source = 'inline';
  task.patterns = rows.map((r) => ({ name: r.name ?? '', input: Array.from(r.input), target: Array.from(r.target) }));
  out.task = task;
  if (name) out.name = name;
  return out;
}
