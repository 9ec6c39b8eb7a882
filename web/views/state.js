// The page's state in one plain object (no simulation data: the worker owns that), its
// defaults, and the values derived from it that the worker needs.

/** Built-in tasks offered in the task picker (experiments built into the engine). */
export const BUILTIN_TASKS = [
  { value: 'builtin:ra25', label: 'ra25: 25 random input → output pairs' },
  { value: 'builtin:testnet', label: 'testnet: Axon’s 3-layer test network' },
  { value: 'builtin:deepfsa', label: 'deepfsa: Reber grammar (deep, 16 streams)' },
  { value: 'builtin:neuron', label: 'neuron: one neuron, Ge on from cycle 10 to 160' },
  { value: 'builtin:synapse', label: 'synapse: a sender, a receiver and their synapse’s DWt' },
  { value: 'builtin:detector', label: 'detector: one neuron that detects the digit 8' },
  { value: 'builtin:inhib', label: 'inhib: inhibition keeps two layers sparse (FS-FFFB or interneurons)' },
  { value: 'builtin:stability', label: 'stability: NMDA and GABA-B keep activity steady' },
];

/**
 * Does the engine give layers of `type` this role: 'hiddenLike' (learn from their own
 * minus/plus difference: Hidden, Super, CT), 'targetLike' (their plus phase shows the
 * outcome: Target, Pulvinar) or 'deep' (deep predictive learning)? `layerTypes`: the roles
 * as the engine sends them, in the worker's info.layerTypes.
 */
function hasRole(layerTypes, type, role) {
  return layerTypes[type ?? 'Hidden']?.[role] === true;
}

/** Do these layers (the worker's info.layers, or an experiment's network.layers) include deep ones? */
export function hasDeepLayers(layers, layerTypes) {
  return layers.some((l) => hasRole(layerTypes, l.type, 'deep'));
}

/** The first hidden-like layer (Hidden, Super or CT) of the worker's info, or undefined. */
export function firstHiddenLike(info) {
  return info.layers.find((l) => hasRole(info.layerTypes, l.type, 'hiddenLike'));
}

/** Streams trained side by side (train.nData); the page shows the first. */
export function streamsOf(info) {
  return info?.nData ?? 1;
}

/**
 * Units the page puts in the theta-cycle scope (shift+click): fewer than the worker accepts
 * (ThetaProtocol.MAX_SCOPE_UNITS), so that the scope's traces stay readable.
 */
export const SCOPE_UNITS_SHOWN = 4;

export function createState() {
  return {
    mode: 'loading',        // 'loading' | 'ready' | 'busy' | 'stepping' | 'running' | 'error'
    info: null,             // the worker's info for the loaded experiment
    experiment: '',         // its JSON text, with live parameter changes
    seed: '1',              // decimal string (seeds can exceed 2^53 in the engine)
    task: BUILTIN_TASKS[0].value,
    uploads: [],            // [{ value: 'upload:k', label, json }]
    variable: 'Act',
    autoRange: false,
    colourBy: 'var',        // 'var' | 'recv' | 'send'
    selection: null,        // { layer, unit }: the clicked unit
    scopeUnits: [],         // [{ layer, unit }]: units in the scope (one layer)
    rasterLayer: 0,
    poolLayer: 0,           // the layer whose pool the inhibition plot shows
    speed: 0,               // cycles per frame; 0 = full speed
    frame: null,            // the newest frame received
    weights: null,          // { key, recv, send } for the selection
  };
}

/** A fresh random seed in [1, 999999] (short enough to note down and type back), as a string. */
export function randomSeed() {
  return String(1 + (crypto.getRandomValues(new Uint32Array(1))[0] % 999999));
}

/**
 * The default unit to look at (and put in the scope): the first unit of the task's target
 * layer (a Target, or the Pulvinar layer that a deep network predicts on), else of the
 * first target-like layer, else of the last layer.
 */
export function defaultSelection(info) {
  const layers = info.layers;
  const isTargetLike = (l) => hasRole(info.layerTypes, l.type, 'targetLike');
  const target = layers[info.targetLayer] && isTargetLike(layers[info.targetLayer]) ? layers[info.targetLayer]
    : layers.find(isTargetLike) ?? layers[layers.length - 1];
  return { layer: target.index, unit: 0 };
}

/** The default raster layer: the first hidden-like layer (Hidden, Super or CT), else the first. */
export function defaultRasterLayer(info) {
  return (firstHiddenLike(info) ?? info.layers[0]).index;
}

/** What the worker should record and send with each frame. */
export function viewRequest(state) {
  const units = state.scopeUnits;
  return {
    variable: state.variable,
    scope: units.length ? { layer: units[0].layer, units: units.map((u) => u.unit) } : null,
    raster: { layer: state.rasterLayer },
  };
}

/** Cycles of the minus and plus phases of the loaded experiment (from the worker's info). */
export function phaseCycles(info) {
  return { minus: info.minusCycles ?? 150, plus: info.plusCycles ?? 50 };
}
