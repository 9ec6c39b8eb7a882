// Benchmark page: runs the engine's bench in a worker and shows one JSON line per net.
// scripts/bench.mjs opens this page headless and reads window.__benchResults.
'use strict';
(function () {
  const nets = (new URLSearchParams(location.search).get('nets') || 'ra25,deepfsa,small,medium,large,huge').split(',');
  const out = document.getElementById('out');
  const results = [];
  const worker = new Worker('bench-worker.js');
  worker.onmessage = ({ data }) => {
    if (data.error) {
      out.textContent = `error: ${data.error}`;
      window.__benchResults = { error: data.error };
      return;
    }
    if (data.done) {
      window.__benchResults = { results };
      return;
    }
    results.push(data.report);
    out.textContent = results.map((r) => JSON.stringify(r)).join('\n');
  };
  worker.postMessage({ nets });
})();
