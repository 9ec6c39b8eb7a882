// JS half of the bindings (appended inside the module factory with --post-js).
// The C++ side never throws (exceptions are disabled); calls that can refuse their input
// return [{path, message}]. This is the one place such arrays become JS exceptions.

/**
 * Throw an Error listing "path: message" lines, with the array as `.fieldErrors`,
 * when `errors` is non-empty; otherwise return nothing.
 * @param {{path: string, message: string}[]} errors
 * @param {string} [what] what was refused, for the first line of the message
 */
Module['throwIfFieldErrors'] = function (errors, what) {
  if (!errors || errors.length === 0) return;
  var lines = errors.map(function (e) { return e.path ? e.path + ': ' + e.message : e.message; });
  var err = new Error((what || 'invalid input') + ':\n' + lines.join('\n'));
  err.name = 'FieldError';
  err.fieldErrors = errors.map(function (e) { return { path: e.path, message: e.message }; });
  throw err;
};

/**
 * Build a Sim from experiment JSON text; throws (see throwIfFieldErrors) when refused.
 * The caller owns the returned Sim and must call sim.delete().
 */
Module['createSim'] = function (json) {
  if (typeof json !== 'string') {
    Module['throwIfFieldErrors']([{ path: '', message: 'experiment must be JSON text' }], 'experiment refused');
  }
  var r = Module['createSimResult'](json);
  Module['throwIfFieldErrors'](r.errors, 'experiment refused');
  return r.sim;
};

/**
 * Restore a Sim from checkpoint bytes (an ArrayBuffer or any typed array over them, as
 * sim.saveCheckpoint() gave them); throws when the data is damaged, truncated, foreign or
 * from a newer ThetaLab. The caller owns the returned Sim and must call sim.delete().
 */
Module['loadCheckpoint'] = function (bytes) {
  var u8 = bytes instanceof ArrayBuffer ? new Uint8Array(bytes)
    : ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      : bytes;  // anything else: the C++ side refuses it with a field error
  var r = Module['loadCheckpointResult'](u8);
  Module['throwIfFieldErrors'](r.errors, 'checkpoint refused');
  return r.sim;
};

/** The shortest number that reads back as the same float: 0.1f gives 0.1, not 0.10000000149011612. */
function shortestFloat(x) {
  for (var digits = 1; digits <= 9; digits++) {  // 9 digits always read back
    var y = Number(x.toPrecision(digits));
    if (Math.fround(y) === x) return y;
  }
  return x;  // NaN or infinity (the parser never gives them)
}

/**
 * Pattern rows from CSV or TSV text (README "Pattern tables") for layers of `inputSize`
 * and `targetSize` units: [{name, input: number[], target: number[]}], ready to become an
 * experiment's task.patterns. Throws when refused; each field error has the path
 * 'patterns' and a message that starts with the spreadsheet position ("row 3, column 7: ...").
 */
Module['parsePatternTable'] = function (text, inputSize, targetSize) {
  if (typeof text !== 'string') {
    Module['throwIfFieldErrors']([{ path: 'patterns', message: 'must be CSV or TSV text' }], 'patterns refused');
  }
  var r = Module['parsePatternTableResult'](text, inputSize, targetSize);
  Module['throwIfFieldErrors'](r.errors.map(function (e) {
    return { path: 'patterns', message: e.path ? e.path + ': ' + e.message : e.message };
  }), 'patterns refused');
  return r.rows.map(function (row) {
    return { name: row.name, input: Array.from(row.input, shortestFloat), target: Array.from(row.target, shortestFloat) };
  });
};
