// Emscripten 3.1.6's loader calls fetch(path) whenever a global fetch exists, which fails
// under Node >= 18 ("Failed to parse URL from .../thetalab.wasm"). Hide fetch inside the
// module factory under Node only, so the loader reads the file with fs instead.
var fetch = (typeof process == 'object' && typeof process.versions == 'object' &&
             typeof process.versions.node == 'string') ? undefined : globalThis.fetch;
