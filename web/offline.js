// Offline use of the published site: scripts/dist.mjs marks its index.html with
// <meta name="thetalab-offline" content="service-worker.js">, and only then is the service
// worker registered. The development server has no such mark, so developers never get a
// cached, stale page.
const mark = document.querySelector('meta[name="thetalab-offline"]');
if (mark && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register(mark.content).catch((err) => {
    // The page works without it (only not offline): say so in the console, not as a failure.
    console.warn(`ThetaLab: offline use is not available here (${err.message})`);
  });
}
