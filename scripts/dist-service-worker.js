// ThetaLab's service worker (the published site only; scripts/dist.mjs fills in APP and
// FILES). After the first visit the app works offline, as a class on bad Wi-Fi needs:
// the hashed app folder is cached whole at install and served cache-first (its names change
// with its content); the page itself (index.html, the manifest) is fetched network-first, so
// a new version is picked up on the next visit, with the cached copy when offline.
'use strict';
const APP = '__APP__';
const FILES = '__FILES__';
const CACHE = `thetalab-${APP}`;
const SHELL = ['./', 'index.html', 'manifest.webmanifest', 'icon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...SHELL, ...FILES])).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  // Older versions' caches go; this worker controls open pages at once.
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('thetalab-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  const inApp = new URL(request.url).pathname.includes(`/${APP}/`);
  event.respondWith(inApp ? cacheFirst(request) : networkFirst(request));
});

async function cacheFirst(request) {
  const hit = await caches.match(request, { ignoreSearch: true });
  return hit ?? fetch(request);
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) (await caches.open(CACHE)).put(request, response.clone());
    return response;
  } catch (err) {
    const hit = await caches.match(request, { ignoreSearch: true });
    if (hit) return hit;
    throw err;
  }
}
