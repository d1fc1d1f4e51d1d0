// iframe.js: the iframe embed (index.html?instrument=perry-24&lang=id&parent_origin=https://portal.example.go.id).
// Results go to window.parent, only to the exact parent_origin; inbound messages are accepted only from
// window.parent at that origin. No parent_origin: nothing is posted and nothing is accepted.
// The frame listens from its first moment: a `psm-config` (or `psm-end-session`) the portal posts at the frame's
// `load` event, while the wasm is still downloading, is kept and applied once the origin is checked; then the
// frame posts `{type: "psm-ready"}` to parent_origin. The address's quiz mounts at once (its prerendered first
// screen shows before the wasm); a config posted that early replaces it once the origin is checked. Where the browser names the frame's ancestors
// (location.ancestorOrigins, Chromium and Safari), a parent_origin that is not the actual parent is refused:
// nothing is posted to it and nothing is accepted. Which sites may frame this page at all is the host's
// choice: the CSP `frame-ancestors` header of this page (docs/embedding.md).
import { mount, exactOrigin, endSession } from "./psm-quiz.js";

const params = new URLSearchParams(location.search);
const framed = window.parent !== window;

/** Messages from window.parent that arrived before the origin was checked, in arrival order. */
const early = [];
/** Set once parent_origin is checked: then messages go straight to it. */
let onParentMessage = null;
/** Set by start(): a `psm-config` or `psm-end-session` arrived before the origin is checked. */
let withdrawEarly = null;
if (framed) {
  window.addEventListener("message", (event) => {
    if (event.source !== window.parent) return;
    if (onParentMessage) onParentMessage(event);
    else if (early.length < 16) {
      early.push(event); // only a portal's first few messages can come this early
      if (event.data?.type === "psm-config" || event.data?.type === "psm-end-session") withdrawEarly?.();
    }
  });
}

/** False when the browser tells who the parent is and it is not `origin`. */
function parentIs(origin) {
  const ancestors = location.ancestorOrigins;
  if (!ancestors || ancestors.length === 0) return true; // this browser does not tell: rely on postMessage's own check
  return ancestors[0] === origin;
}

/** URL parameters the iframe page understands; others (tracking parameters and the like) are ignored. */
const STRING_PARAMS = ["instrument", "lang", "mode", "endpoint", "parent_origin", "result_schema"];
const BOOL_PARAMS = ["include_responses", "shuffle", "linked"];
const NUMBER_PARAMS = ["shuffle_seed", "resume_hours"];
/**
 * Kiosk settings (`kiosk.*` in the config): `?mode=kiosk&idle_seconds=90`. `pin_sha256` is deprecated: a kiosk's
 * PIN is set on the device (README "Kiosk set-up"); an old address's hash is honoured only at the first start.
 */
const KIOSK_NUMBER_PARAMS = ["idle_seconds", "reset_seconds"];
const KIOSK_STRING_PARAMS = ["pin_sha256"];
/** A kiosk opened as plain `index.html?mode=kiosk` runs the default instrument. */
const KIOSK_DEFAULT_INSTRUMENT = "perry-24";

const asNumber = (raw) => (/^\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw);

function configFromUrl() {
  const config = {};
  for (const key of STRING_PARAMS) if (params.has(key)) config[key] = params.get(key);
  for (const key of BOOL_PARAMS) {
    if (!params.has(key)) continue;
    const raw = params.get(key);
    // Anything but true/false goes through as text, so the validator names the field.
    config[key] = raw === "true" ? true : raw === "false" ? false : raw;
  }
  for (const key of NUMBER_PARAMS) if (params.has(key)) config[key] = asNumber(params.get(key));
  const kiosk = {};
  for (const key of KIOSK_NUMBER_PARAMS) if (params.has(key)) kiosk[key] = asNumber(params.get(key));
  for (const key of KIOSK_STRING_PARAMS) if (params.has(key)) kiosk[key] = params.get(key);
  if (Object.keys(kiosk).length > 0) config.kiosk = kiosk;
  if (config.mode === "kiosk") config.instrument ??= KIOSK_DEFAULT_INSTRUMENT;
  return config;
}

/** A kiosk on its own page is an installable app that works offline: link the web app manifest. */
function linkManifest() {
  const manifest = document.createElement("link");
  manifest.rel = "manifest";
  manifest.href = "manifest.webmanifest";
  const icon = document.createElement("link");
  icon.rel = "icon";
  icon.type = "image/svg+xml";
  icon.href = "icons/icon.svg";
  document.head.append(manifest, icon);
}

async function start() {
  const root = document.getElementById("psm-root");
  const base = configFromUrl();
  if (base.mode === "kiosk" && !framed) linkManifest();

  // What the quiz posts waits until parent_origin is checked (the check needs the wasm), then goes to it or
  // nowhere. The address's quiz mounts at once, so its first screen shows while the wasm downloads.
  let origin = null;
  let checked = false;
  const waiting = [];
  let handle = null;
  let generation = 0;
  /** Posts `message`; one from a quiz (`from`: its mount) only while that quiz is the current one. */
  const post = (message, from = generation) => {
    if (from !== generation) return; // a replaced quiz never speaks for the one that replaced it
    if (!checked) waiting.push(message);
    else if (origin) window.parent.postMessage(message, origin);
  };

  const mountWith = async (config) => {
    const mine = ++generation;
    handle?.destroy();
    handle = null;
    const next = await mount(root, {
      ...config,
      onComplete: (result) => post({ type: "psm-complete", result }, mine),
      onProgress: ({ answered, total }) => post({ type: "psm-progress", answered, total }, mine),
      onError: ({ code, message }) => post({ type: "psm-error", code, message }, mine),
    });
    if (mine === generation) handle = next;
    else next.destroy(); // a newer config (or the end of the session) arrived while this one loaded
  };
  mountWith(base);
  // A `psm-config` posted this early (docs/embedding.md: at the frame's `load` event) most likely replaces the
  // address's quiz: the address's first screen (another instrument, "anonymous" where the portal links the
  // result...) would then say what is not true of the quiz to come; a `psm-end-session` ends it. It leaves the
  // screen at once, and a press made on it is not honoured (psm-quiz.js honours presses only from a screen still
  // shown); the frame waits for the origin check, then applies the messages or, when they are refused, shows the
  // address's quiz again.
  let withdrawn = false;
  withdrawEarly = () => {
    if (withdrawn || checked) return;
    withdrawn = true;
    generation++;
    handle?.destroy();
    handle = null;
    waiting.length = 0;
    root.shadowRoot?.replaceChildren();
  };

  // Only an origin the core accepts as exact may ever be a postMessage target.
  // The config picks the build that answers, so a framed kiosk (or a frame with an endpoint) downloads only
  // the build it then mounts.
  origin =
    framed && typeof base.parent_origin === "string"
      ? await exactOrigin(base.parent_origin, { mode: base.mode, endpoint: base.endpoint })
      : null;
  if (origin && !parentIs(origin)) {
    console.warn(`psm-quiz: parent_origin ${origin} is not this frame's parent (${location.ancestorOrigins[0]}): nothing is posted`);
    origin = null;
  }

  /** The quiz for a `psm-config` message, or null when the message is not one. */
  const configOf = (data) => {
    if (!data || typeof data !== "object" || data.type !== "psm-config") return null;
    if (!data.config || typeof data.config !== "object" || Array.isArray(data.config)) return null;
    // The frame's own parent_origin always wins: a message cannot redirect where results go.
    return { ...base, ...data.config, parent_origin: base.parent_origin };
  };
  const receive = (event) => {
    if (event.origin !== origin) return;
    const config = configOf(event.data);
    if (config) {
      mountWith(config);
    } else if (event.data?.type === "psm-end-session") {
      // The portal's logout: the quiz leaves the screen and no saved answer stays in this browser.
      generation++;
      handle?.destroy();
      handle = null;
      endSession();
      post({ type: "psm-session-ended" });
    }
  };

  const queued = origin ? early.filter((e) => e.origin === origin) : [];
  early.length = 0;
  checked = true;
  if (origin) {
    onParentMessage = receive;
    post({ type: "psm-ready" });
    let lastHeight = 0;
    new ResizeObserver(() => {
      const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
      if (height !== lastHeight) {
        lastHeight = height;
        post({ type: "psm-resize", height });
      }
    }).observe(document.documentElement);
  }
  // A config that arrived while the wasm loaded replaces the address's quiz (which then posts nothing); a
  // queued end of session ends it. What the address's quiz said meanwhile follows psm-ready.
  const replaced = queued.some((e) => configOf(e.data));
  const ended = queued.some((e) => e.data?.type === "psm-end-session");
  if (!replaced && withdrawn && !ended) mountWith(base);
  else if (!replaced) for (const message of waiting) post(message);
  waiting.length = 0;
  for (const event of queued) receive(event);
}

// Opened bare at the top level (the run command's first page): show the demo portal instead.
if (!framed && location.search === "") {
  location.replace("demo/index.html");
} else {
  start();
}
