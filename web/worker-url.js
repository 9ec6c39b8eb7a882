// Where the page's workers live, and which engine build they load. Workers are resolved
// against this file (web/), not the document, so the page works from any folder (a published
// site keeps its scripts in a hashed folder). The page's `?wasm=scalar|simd` is passed on:
// every worker of the page then loads the same build (worker-common.js chooseModule).

/** The URL of worker script `file` (e.g. 'sim-worker.js'), with the page's engine choice. */
export function workerUrl(file) {
  const url = new URL(file, import.meta.url);
  const wasm = new URLSearchParams(globalThis.location?.search ?? '').get('wasm');
  if (wasm !== null) url.searchParams.set('wasm', wasm);
  return url;
}
