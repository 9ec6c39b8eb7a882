// The page's state in one plain object (no simulation data: the worker owns that), its
// defaults, and the values derived from it that the worker needs.

/** Built-in tasks offered in the task picker (experiments built into the engine). */
export const BUILTIN_TASKS = [
  { value: 'builtin:ra25', label: 'ra25: 25 random input → output pairs' },
  { value: 'builtin:testnet', label: 'testnet: Axon’s 3-layer test network' },
];

export const MAX_SCOPE_UNITS = 4;

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
    speed: 0,               // cycles per frame; 0 = full speed
    frame: null,            // the newest frame received
    weights: null,          // { key, recv, send } for the selection
  };
}

/** A fresh random seed in [1, 999999] (short enough to note down and type back), as a string. */
export function randomSeed() {
  return String(1 + (crypto.getRandomValues(new Uint32Array(1))[0] % 999999));
}

/** The default unit to look at: the first unit of the target (else the last) layer. */
export function defaultSelection(info) {
  const layers = info.layers;
  const target = layers.find((l) => l.type === 'Target') ?? layers[layers.length - 1];
  return { layer: target.index, unit: 0 };
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
