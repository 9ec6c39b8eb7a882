// ThetaLab's service worker (the published site only; scripts/dist.mjs fills in APP and
// FILES). After the first visit the app works offline, as a class on bad Wi-Fi needs:
// the hashed app folder is cached whole at install and served cache-first (its names change
// with its content); the page itself (index.html, the manifest) is fetched network-first, so
// a new version is picked up on the next visit, with the cached copy when offline. Another
// version's app folder (asked for by a page opened before an update) goes to the network
// untouched, never into this version's cache.
'use strict';
const APP = '__APP__';
const FILES = '__FILES__';
const CACHE = `thetalab-${APP}`;
const SHELL = ['./', 'index.html', 'manifest.webmanifest', 'icon.svg', 'icon-192.png', 'icon-512.png', 'embed/theta-sim.js'];

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
  const { pathname } = new URL(request.url);
  if (pathname.includes(`/${APP}/`)) event.respondWith(cacheFirst(request));
  else if (!/\/app-[0-9a-f]+\//.test(pathname)) event.respondWith(networkFirst(request));
});

// A cached file answers the same path with any query (workers carry the page's ?wasm= choice).
// The answer is a new Response, so that it takes the request's URL: a worker's location is its
// script response's URL, and the cached one would drop the query.
async function cacheFirst(request) {
  const hit = await caches.match(request, { ignoreSearch: true });
  if (!hit) return fetch(request);
  return hit.url === request.url ? hit : new Response(hit.body, hit);
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
