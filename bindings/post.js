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
