// Reading the frame's pool recording (frame.pools: every layer pool's FS-FFFB inhibition,
// [cycle][layer][var], see protocol.js) as plot columns, and the measure the inhibition
// plot reports: how much a trace changes from one cycle to the next.

/**
 * Variable `name` of layer `layer`'s pool over cycles 0..length-1 (null where not recorded).
 * @param {{vars: string[], layers: number, cycles: number, values: Float32Array} | null} pools
 */
export function poolColumn(pools, layer, name, length = pools?.cycles ?? 0) {
  const out = new Array(length).fill(null);
  const vi = pools ? pools.vars.indexOf(name) : -1;
  if (vi < 0 || layer < 0 || layer >= pools.layers) return out;
  const stride = pools.layers * pools.vars.length;
  const at = layer * pools.vars.length + vi;
  for (let c = 0; c < Math.min(length, pools.cycles); c++) out[c] = pools.values[c * stride + at];
  return out;
}

/**
 * Mean absolute change from one cycle to the next over the recorded values (NaN with fewer
 * than two): FSGi's is many times SSGi's, fast and spiky against slow and smooth.
 */
export function cycleToCycleChange(column) {
  let sum = 0;
  let n = 0;
  for (let c = 1; c < column.length; c++) {
    if (column[c] == null || column[c - 1] == null) continue;
    sum += Math.abs(column[c] - column[c - 1]);
    n += 1;
  }
  return n ? sum / n : NaN;
}
