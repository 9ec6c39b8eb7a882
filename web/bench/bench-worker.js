// Bench worker: loads the wasm module (as the page's sim worker does) and runs the engine's
// benchmark for each requested net, after a warm-up (warm-up.js says why), posting one report
// per net.
'use strict';
importScripts('/thetalab.js', 'warm-up.js');
onmessage = async ({ data }) => {
  try {
    // the module sits at the site root (the server serves the wasm build dir there)
    const M = await createThetaLab({ locateFile: (file) => `/${file}` });
    for (const net of data.nets) {
      warmUpBench(M, net);
      postMessage({ report: JSON.parse(M.runBench(net, 0)) });
    }
    postMessage({ done: true });
  } catch (e) {
    postMessage({ error: String(e && e.message ? e.message : e) });
  }
};
