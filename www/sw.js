// sw.js: the kiosk's service worker (registered by psm-quiz.js only in kiosk mode, scope = the build root).
// - install: caches every file the quiz needs into a cache named after this build's content hash;
// - activate: deletes every older psm-quiz cache, so old and new files never mix;
// - fetch: answers those files from this build's cache only; everything else (the endpoint's POSTs, other
//   origins, files outside the list) goes to the network untouched and is never cached.
// A new build installs beside the old one and waits; the page tells it to take over between candidates
// (message "psm-skip-waiting") and reloads, so a running quiz never sees a mix of builds.
// scripts/precache.mjs replaces the next line with the build's list and version.
const PRECACHE = { version: "dev", files: [] };

const PREFIX = "psm-quiz-";
const CACHE = PREFIX + PRECACHE.version;
const SCOPE = new URL(self.registration.scope);
const FILES = new Set(PRECACHE.files.map((f) => new URL(f, SCOPE).pathname));
const INDEX = new URL("index.html", SCOPE).pathname;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // cache: "reload" skips the HTTP cache, so the list is fetched fresh from this build, all or nothing.
      cache.addAll(PRECACHE.files.map((f) => new Request(new URL(f, SCOPE), { cache: "reload" }))),
    ),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data === "psm-skip-waiting") self.skipWaiting();
});

/** The cached path a GET for `url` maps to, or null when this worker leaves it to the network. */
function cachedPath(url) {
  if (url.origin !== SCOPE.origin) return null;
  // The kiosk is index.html with a query (?mode=kiosk); the build root serves index.html too.
  if (url.pathname === SCOPE.pathname) return INDEX;
  return FILES.has(url.pathname) ? url.pathname : null;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // results are POSTed: never touched, never cached
  const path = cachedPath(new URL(request.url));
  if (!path) return;
  event.respondWith(
    (async () => {
      // caches.match with a cacheName never creates a cache: a worker being replaced cannot bring back
      // the cache its successor just deleted.
      const hit = await caches.match(new URL(path, SCOPE).href, { cacheName: CACHE });
      // A miss means the cache was evicted: the network is the only source left.
      return hit ?? fetch(request);
    })(),
  );
});
