// psm-kiosk-offline.js: the kiosk's offline cache and updates, imported by psm-quiz.js only for kiosk mounts.
// - start(): registers the service worker next to this file (www/sw.js), which caches the whole quiz for
//   offline use, each file checked against the build's SHA-256 list; records a refused update for the
//   operator panel (localStorage "psm-kiosk/update-rejected/1").
// - between(token, true|false): each kiosk mount reports whether it is between candidates (welcome screen,
//   untouched since the last reset). A new build takes over only when every kiosk on the page is, and the
//   page then reloads onto it; between candidates the kiosk also looks for a newer build.

const BASE = new URL("./", import.meta.url);
const SW_URL = new URL("sw.js", BASE).href;

let swPolicy = null;
/** The worker's URL as Trusted Types require it when a page enforces them; only this one URL passes. */
function workerUrl() {
  const tt = globalThis.trustedTypes;
  if (!tt?.createPolicy) return SW_URL;
  swPolicy ??= tt.createPolicy("psm-quiz-sw", {
    createScriptURL: (url) => {
      if (url !== SW_URL) throw new TypeError("psm-quiz: only the quiz's own service worker may be loaded");
      return url;
    },
  });
  return swPolicy.createScriptURL(SW_URL);
}

/** Kiosk mounts with a candidate at work (answering, or on their result): a new build waits for them. */
const busyKiosks = new Set();
/** The installed new build waiting to take over, if any. */
let waitingWorker = null;
let kioskRegistration = null;
/** Where psm-quiz.js tells the operator panel that a new build failed its check (read by the kiosk wasm). */
const UPDATE_REJECTED_KEY = "psm-kiosk/update-rejected/1";

function remember(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage blocked: the operator panel says so already
  }
}

/** A new build takes over only between candidates: now, if no kiosk on the page has one at work. */
function swapIfBetween() {
  // The registration's own waiting worker counts too: a statechange this page never saw (installed while it
  // loaded) must not leave a new build waiting until some later reset.
  const waiting = waitingWorker ?? (navigator.serviceWorker?.controller ? kioskRegistration?.waiting : null);
  if (waiting && busyKiosks.size === 0) waiting.postMessage("psm-skip-waiting");
}

/**
 * A kiosk reports each change between "between candidates" (its welcome screen, untouched since the last
 * reset) and "a candidate at work". Between candidates, a waiting build takes over (the page reloads onto it)
 * and the kiosk looks for a newer one, so updates arrive at resets, never mid-candidate.
 */
export function between(token, isBetween) {
  if (isBetween) busyKiosks.delete(token);
  else busyKiosks.add(token);
  if (busyKiosks.size > 0) return;
  swapIfBetween();
  kioskRegistration?.update().catch(() => {}); // offline: the cached build simply keeps running
}

let started = null;
/**
 * Kiosk mode: the service worker next to this file caches the whole quiz for offline use (www/sw.js), each
 * file checked against the build's SHA-256 list. A newer build installs beside the running one and takes over
 * only between candidates (see `between`); the page then reloads onto it, so a quiz never runs on a mix of
 * builds and never reloads under a candidate. Only for the page's own origin (a worker cannot be registered
 * for another one); once per page, however many quizzes mount.
 */
export function start() {
  started ??= (async () => {
    if (!("serviceWorker" in navigator) || BASE.origin !== location.origin) return;
    const sw = navigator.serviceWorker;
    sw.addEventListener("message", (event) => {
      const data = event.data;
      if (data?.type === "psm-update-rejected") {
        remember(UPDATE_REJECTED_KEY, { version: String(data.version), file: data.file ? String(data.file) : null, at: Date.now() });
      } else if (data?.type === "psm-update-installed") {
        remember(UPDATE_REJECTED_KEY, null);
      }
    });
    // The first worker claiming a page that had none is this build itself, not a new one: no reload then.
    let claimsToIgnore = sw.controller ? 0 : 1;
    let reloading = false;
    sw.addEventListener("controllerchange", () => {
      if (claimsToIgnore > 0) {
        claimsToIgnore--;
      } else if (!reloading) {
        reloading = true;
        location.reload();
      }
    });
    const reg = await sw.register(workerUrl(), { scope: BASE.pathname });
    kioskRegistration = reg;
    const ready = (worker) => {
      // Installed while no worker controls the page: the first install, which activates by itself.
      if (!sw.controller) return;
      waitingWorker = worker;
      swapIfBetween();
    };
    const whenInstalled = (worker) => {
      if (!worker) return;
      if (worker.state === "installed") ready(worker);
      else worker.addEventListener("statechange", () => worker.state === "installed" && ready(worker));
    };
    // This start's update check may already be past "updatefound" when register() resolves: a new build
    // can be waiting, or still installing, by then. A kiosk that runs all day finds later builds through
    // the checks `between` starts at each reset.
    if (reg.waiting) ready(reg.waiting);
    else whenInstalled(reg.installing);
    reg.addEventListener("updatefound", () => whenInstalled(reg.installing));
  })().catch((e) => {
    // Offline caching is a kiosk extra: the quiz itself still works, so warn instead of failing.
    console.warn("psm-quiz: kiosk offline cache unavailable:", e?.message ?? e);
  });
}
