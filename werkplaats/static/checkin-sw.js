// The door's service worker: keeps the door page's shell (the page as last loaded,
// its CSS and scripts) so the door opens without the network. The network is asked
// first (the page brings fresh counts and, for staff, a fresh CSRF token); without
// an answer in a few seconds the kept copy is used, and the page's script judges
// scans from the pack in IndexedDB. Packs, scans and batches never pass this cache.
"use strict";
const CACHE = "werkplaats-door-v1";
const SHELL = [
  "/static/site.css",
  "/static/checkin.css",
  "/static/checkin-offline.js",
  "/static/checkin-door-view.js",
  "/static/checkin-camera.js",
  "/static/checkin.js",
  "/static/favicon.svg",
];
const DOOR_PAGE = /^\/(checkin|scan)\/[^/]+\/?$/;
const PATIENCE = 4000; // venue Wi-Fi that connects but does not answer

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  const old = (name) => name.startsWith("werkplaats-door-") && name !== CACHE;
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter(old).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

// The page that registered the worker was loaded before it: it asks to be kept.
self.addEventListener("message", (event) => {
  const url = event.data && event.data.keep;
  if (url && DOOR_PAGE.test(new URL(url, self.location.origin).pathname)) {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.add(url)));
  }
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  const fresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(request, response.clone());
    else if (response.status === 404) await cache.delete(request); // a stopped link
    return response;
  });
  const kept = await cache.match(request, { ignoreSearch: request.mode !== "navigate" });
  if (!kept) return fresh;
  const late = new Promise((done) => setTimeout(() => done(kept), PATIENCE));
  return Promise.race([fresh.catch(() => kept), late]);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  const page = request.mode === "navigate" && DOOR_PAGE.test(url.pathname);
  if (page || SHELL.includes(url.pathname)) event.respondWith(networkFirst(request));
});
