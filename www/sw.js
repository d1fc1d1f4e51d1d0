// sw.js: the kiosk's service worker (registered by psm-quiz.js only in kiosk mode, scope = the build root).
// - install: downloads every file the quiz needs, checks each against the SHA-256 the build wrote into the
//   list, and only when every file matches stores them in a cache named after this build's content hash. One
//   mismatch (a CDN mid-deploy serving an old wasm beside new glue, a damaged download) fails the install: the
//   new cache is deleted, the old build keeps running and staff are told (message "psm-update-rejected", shown
//   in the operator panel);
// - activate: deletes every older psm-quiz cache, so old and new files never mix;
// - fetch: answers those files from this build's cache only; everything else (the endpoint's POSTs, other
//   origins, files outside the list) goes to the network untouched and is never cached.
// A new build installs beside the old one and waits; the page tells it to take over only between candidates
// (message "psm-skip-waiting", sent by psm-quiz.js when the kiosk is on its welcome screen or resets) and
// reloads, so a candidate's quiz never reloads mid-way and never runs on a mix of builds.
// scripts/precache.mjs replaces the next line with the build's list, the files' SHA-256 and the version.
const PRECACHE = { version: "dev", files: [] };

const PREFIX = "psm-quiz-";
const CACHE = PREFIX + PRECACHE.version;
const SCOPE = new URL(self.registration.scope);
const FILES = new Set(PRECACHE.files.map((f) => new URL(f, SCOPE).pathname));
const INDEX = new URL("index.html", SCOPE).pathname;

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");

async function tell(message) {
  for (const client of await self.clients.matchAll({ includeUncontrolled: true })) client.postMessage(message);
}

/** Downloads and checks every file; resolves to the verified responses or throws naming the first bad file. */
async function download() {
  const checked = [];
  for (const file of PRECACHE.files) {
    const url = new URL(file, SCOPE);
    // cache: "reload" skips the HTTP cache, so the list is fetched fresh from this build.
    const response = await fetch(new Request(url, { cache: "reload" }));
    if (!response.ok) throw Object.assign(new Error(`${file}: HTTP ${response.status}`), { file });
    const body = await response.clone().arrayBuffer();
    const actual = hex(await crypto.subtle.digest("SHA-256", body));
    if (actual !== PRECACHE.sha256?.[file]) {
      throw Object.assign(new Error(`${file}: SHA-256 ${actual} is not the listed one`), { file });
    }
    checked.push([url, response]);
  }
  return checked;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      let checked;
      try {
        checked = await download();
      } catch (e) {
        // Nothing of this build is stored: the running build and its cache stay as they are. Staff hear of
        // a file that arrived wrong; a network that dropped mid-download is simply tried again later.
        if (e.file) await tell({ type: "psm-update-rejected", version: PRECACHE.version, file: e.file, message: String(e.message) });
        throw e;
      }
      const cache = await caches.open(CACHE);
      try {
        for (const [url, response] of checked) await cache.put(url, response);
      } catch (e) {
        await caches.delete(CACHE); // a half-written cache must never be served
        throw e;
      }
      await tell({ type: "psm-update-installed", version: PRECACHE.version });
    })(),
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
