// Offline use of the published site: scripts/dist.mjs marks its index.html with
// <meta name="thetalab-offline" content="service-worker.js">, and only then is the service
// worker registered. The development server has no such mark, so developers never get a
// cached, stale page.
// It is registered once the page has left its loading state: its first download (the whole
// app, both modules) then does not compete with the page's own on a slow connection.
const mark = document.querySelector('meta[name="thetalab-offline"]');

function register() {
  navigator.serviceWorker.register(mark.content).catch((err) => {
    // The page works without it (only not offline): say so in the console, not as a failure.
    console.warn(`ThetaLab: offline use is not available here (${err.message})`);
  });
}

if (mark && 'serviceWorker' in navigator) {
  const loading = () => document.body.dataset.state === 'loading';
  if (!loading()) register();
  else {
    const watch = new MutationObserver(() => {
      if (loading()) return;
      watch.disconnect();
      register();
    });
    watch.observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
  }
}
