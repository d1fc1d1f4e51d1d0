// psm-quiz.js: the stable public entry of the widget (see README "Embedding").
// - `mount(element, config)` renders the quiz into a shadow root on `element` and resolves to a handle.
// - `<psm-quiz instrument="perry-24" lang="id">` does the same as a custom element.
// The Rust/wasm side validates the config and renders; this file only wires the host's world to it:
// shadow root + stylesheet, callbacks, DOM events. Nothing the host supplies is inserted as HTML.
// Three builds of the wasm sit next to this file: the embed (psm-quiz-web.*), the delivery build
// (psm-quiz-delivery.*: the embed plus the durable outbox for an `endpoint`) and the kiosk (psm-quiz-kiosk.*:
// delivery plus the kiosk UI). A page downloads only the ones its configs ask for, each at most once.

/** The stylesheet of the shadow root, named in the literal form bundlers follow (see BUILDS). */
const CSS_URL = new URL("./psm-quiz.css", import.meta.url).href;
/**
 * Still under the names of dist/ (not renamed by a bundler): only then does sw.js sit beside this file. No
 * folder is derived from CSS_URL here: in a bundled app it may be a `data:` URL (Vite inlines assets below
 * its `build.assetsInlineLimit`), which has none, and `new URL("./", it)` would throw as the module loads.
 */
const DIST_LAYOUT = CSS_URL.endsWith("/psm-quiz.css");
const CALLBACKS = ["onComplete", "onError", "onProgress"];
const EVENT_TYPES = ["psm-complete", "psm-progress", "psm-error"];

/** element -> token of the mount that owns its shadow root. */
const owners = new WeakMap();
/** element -> the first screen of its latest mount (a newer mount takes it off, with what it kept). */
const firstScreens = new WeakMap();

/**
 * The wasm builds: glue module (literal specifiers, resolved next to this file; import() needs no Trusted
 * Types policy) and wasm file. The kiosk build is only for `mode: "kiosk"` and the delivery build only for a
 * config with an `endpoint`: an embed that hands its result to the page pays for neither.
 * Every file is named by a literal `import("./…")` or `new URL("./…", import.meta.url)`: the forms bundlers
 * (Vite, webpack 5) follow, so an app that bundles the npm package gets these files copied and renamed, and
 * still loads each build only when asked. A computed URL here would be invisible to them.
 */
const BUILDS = {
  embed: {
    glue: () => import("./psm-quiz-web.js"),
    wasm: () => new URL("./psm-quiz-web_bg.wasm", import.meta.url),
  },
  delivery: {
    glue: () => import("./psm-quiz-delivery.js"),
    wasm: () => new URL("./psm-quiz-delivery_bg.wasm", import.meta.url),
  },
  kiosk: {
    glue: () => import("./psm-quiz-kiosk.js"),
    wasm: () => new URL("./psm-quiz-kiosk_bg.wasm", import.meta.url),
  },
};

/**
 * What the build carries inside this file (scripts/inline-first.mjs writes it in place of `null`):
 * `{ css, screens }`, the stylesheet's text and the first screen of each built-in instrument in each of its
 * languages, rendered at build time by the live app's own views (the `prerender` crate, Yew's server-side
 * rendering) as `{ for, html }`. With both here, the first screen shows as soon as this file has run: no
 * request after it, so no round trip on a slow link. psm-quiz.js shows it while the wasm downloads; the live
 * app then takes over. `for` lists the exact configs a screen is the first screen of; any other config (a
 * custom instrument, linked results, a notice, an endpoint, kiosk mode, saved progress to resume...) waits for
 * the wasm as before (README "What a candidate sees first"). Null in the readable source (www/): the quiz then
 * loads psm-quiz.css by a link and has no first screen.
 */
const INLINED = null;
/**
 * A `parent_origin` (the iframe page passes one) does not change the first screen once the core accepts it:
 * this stricter form (lowercase http(s) host of at most 253 characters, a port from 1 to 65535, no trailing
 * slash) is always accepted.
 */
const PLAIN_ORIGIN = /^https?:\/\/([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*)(?::([1-9][0-9]{0,4}))?$/;
function plainOrigin(value) {
  const m = typeof value === "string" ? PLAIN_ORIGIN.exec(value) : null;
  // The host at most 253 characters and the port at most 65535, as the core checks (a pattern counts neither).
  return !!m && m[1].length <= 253 && (m[2] === undefined || Number(m[2]) <= 65535);
}

/** The one Trusted Types policy of the widget's HTML: it only ever receives a first screen this file carries. */
let htmlPolicy;
function trustedHtml(html) {
  const tt = globalThis.trustedTypes;
  if (!tt) return html;
  // A page whose `trusted-types` list lacks `psm-quiz` refuses the policy: then no first screen, as before.
  htmlPolicy ??= tt.createPolicy("psm-quiz", { createHTML: (text) => text });
  return htmlPolicy.createHTML(html);
}

/** The carried first screens of `instrument` in `lang` when they are the first screens of `config` exactly. */
function screensFor(config, lang) {
  const screen = INLINED?.screens[`${config.instrument}.${lang}`];
  if (!screen) return null;
  const keys = Object.keys(config);
  const same = (c) => keys.length === Object.keys(c).length && keys.every((k) => Object.hasOwn(c, k) && c[k] === config[k]);
  return screen.for.some(same) ? screen : null;
}

/** Markup this file carries (never a host's or a message's), parsed inert. */
function parsed(html) {
  const template = document.createElement("template");
  template.innerHTML = trustedHtml(html);
  return template.content;
}

/** The element-id prefix of a carried statement (`crate::prerender::UID` + "-item-"): what follows is the item id. */
const EARLY_ITEM = "psm-first-item-";
/** Below this width (CSS px) the live app lays out a phone's page of statements, the one carried (`layout::NARROW_MAX`). */
const NARROW_MAX = 600;

/**
 * Shows the prerendered first screen in `container` once styled, when `plain` is a config it was rendered for,
 * and lets the candidate choose a language, agree or decline before the wasm arrives (the press is honoured by
 * the live app). After an agree, in a box a phone's width, the first page of statements follows at once: its
 * native radios answer (by touch, the arrow keys, or the keys 1 to 5 the page's hint names), its progress lines
 * count, and each answer is kept with its time (`performance.now()`, the live app's clock) for the live app,
 * which starts on that page with those answers; Next waits, busy, for it. Elsewhere (a wider box, another
 * language still on its way) the press waits, busy, as on the consent screen. DOM contract (README): the
 * container carries `data-psm-first-screen` while a prerender shows (`"<instrument>.<lang>"`), plus
 * `data-psm-first-page` while it is the page of statements; a press that waits for the live app sets
 * `data-psm-pressed` on it and `aria-busy="true"` on the pressed button. Returns null when the config has no
 * first screen.
 */
function firstScreen(container, plain, styled) {
  const { parent_origin, ...config } = plain;
  if (parent_origin !== undefined && !plainOrigin(parent_origin)) return null;
  // The `for` lists name no other field: a config with any other is not worth a lookup.
  if (!Object.keys(config).every((k) => k === "instrument" || k === "lang")) return null;
  if (!storesAsRendered()) return null;
  let lang = typeof config.lang === "string" ? config.lang : "id"; // which screen to look at; its `for` list decides
  let wanted = lang;
  let screens = null; // the screens showing, in `lang`
  let press = null;
  let pressedAt;
  let live = true;
  // The early page of statements: when it appeared, every answer `[id, value, at]` in order, a press of Next.
  let shownAt;
  const answers = [];
  const answered = new Set();
  let next = false;
  const show = async (to) => {
    const found = screensFor(to === lang ? config : { ...config, lang: to }, to);
    await styled;
    if (!found || !live || press || to !== wanted) return false;
    lang = to;
    screens = found;
    container.replaceChildren(parsed(found.html));
    container.dataset.psmFirstScreen = `${config.instrument}.${lang}`;
    return true;
  };
  const busy = (button, pressed) => {
    container.dataset.psmPressed = pressed;
    button.setAttribute("aria-busy", "true");
    for (const b of container.querySelectorAll("button")) b.setAttribute("aria-disabled", "true");
  };
  // The answers given on the early page, kept where the live app keeps a run in progress, in its layout
  // (`saved`, written at build time by the live app's own rules; `storage::resume` reads it back): a reload or
  // a tab closed before the wasm arrives then resumes on this page with them, as the consent screen says. Their
  // times are not kept: they are on this page load's clock, and the live app counts only what it can time. A
  // write storage refuses keeps nothing, as before. The live app writes its own run over this one. A screen
  // taken off before the wasm (`forget`) takes its copy with it.
  let keptKey = null;
  const keep = () => {
    const saved = screens?.saved;
    if (!live || !saved) return;
    const d = new Date(pressedAt);
    const two = (n) => String(n).padStart(2, "0");
    try {
      localStorage.setItem(
        saved.key,
        JSON.stringify({
          ...saved.entry,
          saved_at: Date.now(),
          agreed_on: `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`, // bridge::local_date_at
          answers: Object.fromEntries(answers.map(([id, value]) => [id, value])),
        }),
      );
      keptKey = saved.key;
    } catch {
      // storage refused it: the answers wait in this page for the live app
    }
  };
  const showPage = () => {
    const box = container.querySelector(".psm-quiz");
    const width = box?.clientWidth ?? 0;
    if (!screens?.page || wanted !== lang || !(width > 0 && width < NARROW_MAX)) return false;
    container.replaceChildren(parsed(screens.page));
    container.dataset.psmFirstPage = "";
    shownAt = performance.now();
    container.querySelector(".psm-heading")?.focus(); // as the live app does on every new page
    keep(); // agreed: a reload now starts on this page, not at the consent screen
    return true;
  };
  const answer = (input) => {
    const fieldset = input.closest("fieldset");
    if (!fieldset?.id.startsWith(EARLY_ITEM)) return;
    const id = fieldset.id.slice(EARLY_ITEM.length);
    answers.push([id, Number(input.value), performance.now()]);
    answered.add(id);
    keep();
    // The lines the live app shows for this count, rendered at build time; text, never markup.
    const [progress, status] = screens.counts[answered.size] ?? [];
    if (progress === undefined) return;
    const bar = container.querySelector(".psm-progress-bar");
    if (bar) bar.value = answered.size;
    const text = container.querySelector(".psm-progress-text");
    if (text) text.textContent = progress;
    const sr = container.querySelector(".psm-sr");
    if (sr) sr.textContent = status;
  };
  const onPage = () => live && shownAt !== undefined && !next;
  const onChange = (event) => {
    if (onPage() && event.target.matches?.("input.psm-radio")) answer(event.target);
  };
  const onKey = (event) => {
    if (!onPage() || event.ctrlKey || event.altKey || event.metaKey) return;
    const radio = event.target.closest?.("fieldset")?.querySelector(`input.psm-radio[value="${Number.parseInt(event.key, 10)}"]`);
    if (!radio || !/^[0-9]$/.test(event.key)) return;
    event.preventDefault();
    radio.focus();
    if (radio.checked) return;
    radio.checked = true;
    answer(radio);
  };
  const onClick = (event) => {
    const button = event.target.closest?.("button");
    if (!button || !live) return;
    if (onPage() && button.closest(".psm-page .psm-nav")) {
      next = true;
      busy(button, "next");
      container.querySelector(".psm-items").inert = true; // nothing more to record: the live app goes on
      return;
    }
    if (press) return;
    if (button.classList.contains("psm-lang-button")) {
      const to = button.lang;
      if (to === wanted) return;
      wanted = to;
      // The other language's screen, focus kept on the button pressed (as in the live app). Until it is
      // here (or if this config has none) the choice waits, busy, for the live app.
      button.setAttribute("aria-busy", "true");
      show(to).then(
        (ok) => ok && wanted === to && container.querySelector(`.psm-lang-button[lang="${to}"]`)?.focus(),
        () => {},
      );
    } else if (button.closest(".psm-consent .psm-nav")) {
      press = button.classList.contains("psm-primary") ? "agree" : "decline";
      pressedAt = Date.now(); // an agree records this day, even if the wasm arrives after midnight
      if (press === "decline" || !showPage()) busy(button, press);
    }
  };
  container.addEventListener("click", onClick);
  container.addEventListener("change", onChange);
  container.addEventListener("keydown", onKey);
  show(lang).catch(() => {});
  const handle = {
    /** What the candidate chose (a language asked for counts even if its screen is still on its way). */
    choice: () => ({ lang: wanted, press, at: pressedAt, shown: shownAt, answers, next }),
    /** No more early choices; the live app (or nothing) replaces the screen. */
    stop() {
      live = false;
      waitingScreens.delete(handle);
      container.removeEventListener("click", onClick);
      container.removeEventListener("change", onChange);
      container.removeEventListener("keydown", onKey);
    },
    /**
     * The screen was taken off before the wasm (a newer mount on its element, the iframe page's early
     * psm-config): its press is not honoured, so its kept copy must not be either. The next quiz may keep its
     * run in the same place on the same terms and still say what this screen did not (an endpoint's result
     * kept on this device, another time limit): it would resume past its own consent screen.
     */
    forget() {
      if (keptKey === null) return;
      try {
        localStorage.removeItem(keptKey);
      } catch {
        // storage blocked since: nothing to remove
      }
      keptKey = null;
    },
    /**
     * The session ended (endSession): the screen leaves at once, with whatever the candidate chose or answered
     * on it, and the live app renders its own first screen when it arrives (mount() then finds none pending).
     */
    withdraw() {
      handle.stop();
      keptKey = null; // endSession removes every saved run, and a later one at this key is not this screen's
      container.replaceChildren();
      delete container.dataset.psmFirstScreen;
      delete container.dataset.psmFirstPage;
      delete container.dataset.psmPressed;
    },
  };
  waitingScreens.add(handle);
  return handle;
}

/** The first screens showing while their wasm is on its way: the end of a session withdraws them. */
const waitingScreens = new Set();

/**
 * The device stores as the carried screens were rendered for: its storage takes a write (their consent says
 * unfinished answers are kept there; the live app probes the same way, `storage::writable`), and it holds no
 * saved progress (any quiz, any candidate: the live app may resume past the consent screen). Blocked storage
 * or a refused write (no quota, as in some private modes): the live app's consent, which says nothing is kept.
 */
function storesAsRendered() {
  try {
    const storage = globalThis.localStorage;
    storage.setItem("psm-probe", "");
    storage.removeItem("psm-probe");
    for (let i = 0; i < storage.length; i++) if (storage.key(i)?.startsWith(RESUME_PREFIX)) return false;
    return true;
  } catch {
    return false;
  }
}

/**
 * The live app, rendered hidden beside the first screen, replaces it as soon as it exists: focus stays on the
 * same element (or goes to the new heading after an early press, as in the live app), the page keeps its scroll.
 * Yew renders on the microtask queue, so the swap normally happens in the task that started the app and no other
 * task (a host script, assistive technology, a paint) ever sees two quizzes in the box. Yew yields to the browser
 * (every 16 ms of work) only between renders, never inside one; when it is paused so at the start (another quiz
 * on the page busy), the live app renders in a later task and the swap follows in the next, the copy still hidden.
 */
async function takeOver(root, first, live) {
  await rendered(live, ".psm-quiz");
  const { scrollX, scrollY } = window;
  const focused = root.activeElement;
  const wasInside = !!focused && first.contains(focused);
  // Where focus is, as child indices from the first screen's root: the live DOM is the same tree.
  const path = [];
  for (let el = wasInside ? focused : first; el !== first; el = el.parentElement) path.unshift([...el.parentElement.children].indexOf(el));
  first.remove();
  live.classList.remove("psm-pending");
  if (wasInside) {
    let target = live;
    // After a press that waited, where the live app puts focus itself: the first statement still to answer when
    // an early Next found one missing (its prompt), the new screen's heading otherwise.
    if (first.dataset.psmPressed) target = live.querySelector(".psm-item-missing input") ?? live.querySelector(".psm-heading");
    else for (const i of path) target = target?.children[i];
    target?.focus({ preventScroll: !first.dataset.psmPressed });
  }
  if (window.scrollX !== scrollX || window.scrollY !== scrollY) window.scrollTo(scrollX, scrollY);
}

/**
 * Resolves once `box` holds an element matching `selector`: the live app's first render. Yew renders on the
 * microtask queue, or in a later task when its scheduler is paused (yielded to the browser) as the app starts,
 * which a slow CPU makes common: mount() resolves with the quiz in place either way, as it did when it awaited
 * the stylesheet's link. A MutationObserver answers in the microtasks of the render itself (so the take-over
 * still happens before any other task or paint) and costs nothing while it waits: an app that never renders
 * (a panic) leaves no polling loop running on the candidate's phone.
 */
function rendered(box, selector) {
  if (box.querySelector(selector)) return Promise.resolve();
  return new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (!box.querySelector(selector)) return;
      observer.disconnect();
      resolve();
    });
    observer.observe(box, { childList: true, subtree: true });
  });
}

/** build name -> promise of its initialised glue module. */
const builds = new Map();
/** The first build this page asked for: exactOrigin() uses it rather than fetching a second one. */
let pageBuild = null;

/**
 * Loads and instantiates a build once per page, however many quizzes mount. A failed load is forgotten, so
 * the next mount tries again (a failed wasm download or instantiation; browsers may keep a failed module
 * import() cached for the page's life, so a failed glue download can need a reload).
 */
function loadBuild(name) {
  let ready = builds.get(name);
  if (!ready) {
    const { glue, wasm } = BUILDS[name];
    // The wasm download starts now, beside the glue's, not after it: one round trip less on slow networks.
    const response = fetch(wasm());
    response.catch(() => {}); // awaited by init below; a glue failure must not leave it unhandled
    ready = glue()
      .then(async (module) => {
        await module.default({ module_or_path: response });
        return module;
      })
      .catch((e) => {
        builds.delete(name);
        if (pageBuild === ready) pageBuild = null;
        throw e;
      });
    builds.set(name, ready);
  }
  pageBuild ??= ready;
  return ready;
}

/** The build a config needs. An empty or invalid endpoint goes to the embed build, which names the error. */
function buildFor(config) {
  if (config?.mode === "kiosk") return "kiosk";
  return typeof config?.endpoint === "string" && config.endpoint !== "" ? "delivery" : "embed";
}

/**
 * The normalised exact origin (`https://portal.example.go.id`) or null when `value` is not one
 * ("*", "null", a path, another scheme). The Rust core decides, so JS and config validation agree.
 * Any build answers: the one the page already loads, else the one `options` would mount (`{ mode, endpoint }`
 * of the config about to mount: a kiosk page downloads only the kiosk build), else the (smallest) embed build.
 */
export async function exactOrigin(value, options = {}) {
  const { exact_origin } = await (pageBuild ?? loadBuild(buildFor(options)));
  try {
    return exact_origin(String(value));
  } catch {
    return null;
  }
}

let kioskOffline = null;
/**
 * Kiosk mode: the offline cache (a service worker, each file checked) and the rule that a new build takes
 * over only between candidates live in psm-kiosk-offline.js, downloaded only by pages that mount a kiosk.
 */
function startKioskOffline() {
  // A bundled app ships no sw.js (its precache list describes dist/): kiosks keep an offline cache only when
  // hosted from dist/. The import stays literal so a bundler still finds the file.
  if (!DIST_LAYOUT) return;
  kioskOffline ??= import("./psm-kiosk-offline.js")
    .then((m) => {
      m.start();
      return m;
    })
    .catch((e) => {
      // Offline caching is a kiosk extra: the quiz itself still works, so warn instead of failing.
      console.warn("psm-quiz: kiosk offline cache unavailable:", e?.message ?? e);
      return null;
    });
}

/** A kiosk mount's "between candidates" signal (see psm-kiosk-offline.js). */
function kioskBetween(token, between) {
  kioskOffline?.then((m) => m?.between(token, between));
}

/**
 * How many times a session ended on this page (endSession). A press made on a first screen belongs to the
 * session it was made in: a mount still loading when that session ends starts at the consent screen instead,
 * so the ended candidate's agree never starts (and saves) a run after the logout.
 */
let sessionsEnded = 0;

/** Every key of saved progress starts with this (src/storage/session.rs RESUME_PREFIX). */
const RESUME_PREFIX = "psm-resume/";

/**
 * Ends the candidate's session on this device (a portal's logout): removes every saved answer in progress
 * of every quiz of this site from this browser's storage. Results waiting for delivery to an endpoint stay
 * until delivered (they carry no answers unless `include_responses`). Mounted quizzes are not touched: use
 * the handle's or the element's `endSession()` to also take the quiz off the screen. A prerendered first screen
 * still waiting for the wasm leaves the screen at once (it may show the candidate's choices and early answers);
 * the live app shows its own consent screen when it arrives.
 */
export function endSession() {
  sessionsEnded++;
  // A first screen still waiting for the wasm may show the ended candidate's choices and early answers.
  for (const screen of [...waitingScreens]) screen.withdraw();
  let storage;
  try {
    storage = globalThis.localStorage;
  } catch {
    return; // storage blocked: nothing can have been saved
  }
  const keys = [];
  for (let i = 0; i < (storage?.length ?? 0); i++) {
    const key = storage.key(i);
    if (key?.startsWith(RESUME_PREFIX)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}

/**
 * Results kept on this device by the delivery outbox (waiting to be sent, or refused by the endpoint and
 * kept for export), for a host's own export or support page: `[{ state, last_status, result }]`, where
 * `state` is "pending", "delivered" (kiosks keep those until staff clear them) or "failed".
 */
export function storedResults() {
  const out = [];
  let storage;
  try {
    storage = globalThis.localStorage;
  } catch {
    return out; // storage blocked: nothing can have been kept
  }
  for (let i = 0; i < (storage?.length ?? 0); i++) {
    const key = storage.key(i);
    if (!key?.startsWith("psm-outbox/1/")) continue;
    try {
      const entry = JSON.parse(storage.getItem(key));
      out.push({ state: entry.state, last_status: entry.last_status ?? null, result: JSON.parse(entry.payload) });
    } catch {
      // a damaged entry is skipped, never deleted
    }
  }
  return out;
}

/**
 * Splits the host's config into the data Rust reads (as the object itself: Rust walks it and refuses, with the
 * field's path, whatever JSON cannot say) and the callbacks that stay in JS.
 */
function splitConfig(config) {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    return { error: { code: "config_invalid", message: "config: must be an object" } };
  }
  const plain = {};
  const callbacks = {};
  for (const [key, value] of Object.entries(config)) {
    if (CALLBACKS.includes(key)) {
      if (value !== undefined && typeof value !== "function") {
        return { error: { code: "config_invalid", message: `${key}: must be a function` } };
      }
      callbacks[key] = value;
    } else if (key === "endpoint" && value instanceof URL) {
      // The types allow a URL object for the endpoint: the one non-plain value, passed on as its text.
      plain[key] = value.href;
    } else if (value !== undefined) {
      plain[key] = value;
    }
  }
  // Rust reads the data once the build has loaded: a copy taken now keeps what the host passed at the call,
  // as the JSON text used to. Data a copy cannot take (a function or URL inside it) stays as it is, for Rust to
  // refuse with its path.
  try {
    return { plain: structuredClone(plain), callbacks };
  } catch {
    return { plain, callbacks };
  }
}

/**
 * The stylesheet this file carries, constructed once per document and shared by every quiz in it (CSP's
 * `style-src` does not apply to a constructed stylesheet, which needs no request). A document adopts only the
 * sheets constructed in it: an element moved into a same-origin frame's document gets that document's own.
 * Null without one or where the browser cannot adopt it: the quiz then links psm-quiz.css.
 */
const carriedSheets = new WeakMap();
function carriedStyles(doc) {
  if (!INLINED) return null;
  let sheet = carriedSheets.get(doc);
  if (sheet === undefined) {
    sheet = null;
    try {
      const view = doc.defaultView; // none for a document without a window (DOMParser's): the link below
      if (view && "adoptedStyleSheets" in view.ShadowRoot.prototype) {
        sheet = new view.CSSStyleSheet();
        sheet.replaceSync(INLINED.css);
      }
    } catch {
      sheet = null; // an older browser: the link below
    }
    carriedSheets.set(doc, sheet);
  }
  return sheet;
}

function shadowFor(element) {
  const root = element.shadowRoot ?? element.attachShadow({ mode: "open" });
  root.replaceChildren();
  const container = document.createElement("div");
  container.className = "psm-host";
  const sheet = carriedStyles(element.ownerDocument);
  if (sheet) {
    root.adoptedStyleSheets = [sheet];
    root.append(container);
    return { root, container, styled: Promise.resolve() };
  }
  if (root.adoptedStyleSheets?.length) root.adoptedStyleSheets = [];
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = CSS_URL;
  root.append(css, container);
  // Reveal only once styled, so a slow network never shows an unstyled flash.
  const styled = new Promise((resolve) => {
    css.addEventListener("load", resolve, { once: true });
    css.addEventListener("error", resolve, { once: true });
  });
  return { root, container, styled };
}

function fire(element, type, detail) {
  element.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/**
 * Mounts a quiz into `element` (any element that can host a shadow root).
 * Resolves to `{ destroy() }`. Errors in the config show the error screen and reach onError and `psm-error`.
 */
export async function mount(element, config = {}) {
  if (!(element instanceof Element)) {
    throw new TypeError("mount(element, config): element must be a DOM Element");
  }
  // The latest mount on an element owns its shadow root: an older one still loading gives up, and an
  // older handle's destroy() leaves the newer quiz alone.
  const token = {};
  owners.set(element, token);
  const owns = () => owners.get(element) === token;
  // An older mount's first screen leaves now, and the answers it kept with it (its press is not honoured):
  // this mount may then show its own first screen, which only a device holding no saved run gets.
  const older = firstScreens.get(element);
  older?.stop();
  older?.forget();
  const { root, container, styled } = shadowFor(element);
  const split = splitConfig(config);
  const callbacks = split.callbacks ?? {};
  let destroyed = false;

  const kioskToken = {};
  const emit = (type, detail) => {
    if (type === "psm-kiosk-between") {
      // The kiosk's own signal (not a host event): whether a new build may take over now.
      if (!destroyed) kioskBetween(kioskToken, detail === true);
      return;
    }
    if (destroyed || !EVENT_TYPES.includes(type)) return;
    fire(element, type, detail);
    const cb = { "psm-complete": "onComplete", "psm-error": "onError", "psm-progress": "onProgress" }[type];
    try {
      callbacks[cb]?.(detail);
    } catch (e) {
      // A host callback that throws must not break the quiz; report it where hosts look.
      console.error("psm-quiz: host callback failed", e);
    }
  };

  // Without Rust to render the error screen, the error is shown as text, never a half quiz.
  const fail = (title, error) => {
    const box = document.createElement("div");
    box.className = "psm-card psm-error";
    box.setAttribute("role", "alert");
    box.textContent = `${title} [${error.code}] ${error.message}`;
    container.append(box);
    emit("psm-error", error);
    return wrapHandle({ destroy() {} }, root, () => (destroyed = true), owns);
  };
  if (split.error) {
    return fail("Konfigurasi kuesioner tidak valid / Invalid quiz configuration", split.error);
  }

  // The build is chosen from the same object Rust will read.
  const build = buildFor(split.plain);
  if (build === "kiosk") {
    startKioskOffline();
    // A kiosk's results wait in localStorage for days: ask the browser not to evict them under pressure.
    navigator.storage?.persist?.().catch(() => {});
  }
  const session = sessionsEnded;
  // Kiosks keep their own start (and offline path) unchanged; every other config may have a first screen.
  const first = build === "kiosk" ? null : firstScreen(container, split.plain, styled);
  if (first) firstScreens.set(element, first);
  else firstScreens.delete(element);
  // Once the wasm is here (or will not come) the screen's place is decided below: a later mount leaves what
  // it kept alone (the live app's run now, or the copy a reload resumes after a failed load).
  const settled = () => firstScreens.get(element) === first && firstScreens.delete(element);
  const loading = loadBuild(build);
  let mount_quiz;
  try {
    ({ mount_quiz } = await loading);
  } catch (e) {
    settled();
    first?.stop();
    // The glue or the wasm did not arrive (network down, a file not hosted): say so instead of an empty box.
    // Answers kept from the first screen stay for a reload, unless another mount took the screen's place.
    if (!owns()) {
      first?.forget();
      return wrapHandle({ destroy() {} }, root, () => {}, () => false);
    }
    container.replaceChildren();
    delete container.dataset.psmFirstScreen;
    delete container.dataset.psmFirstPage;
    const file = BUILDS[build].wasm().pathname.split("/").pop(); // a bundler may have renamed it
    return fail("Kuesioner tidak dapat dimuat / The questionnaire cannot be loaded", {
      code: "load_failed",
      message: `${file}: ${e?.message ?? e}`,
    });
  }
  await styled;
  if (!owns()) {
    first?.stop();
    first?.forget();
    destroyed = true; // superseded while loading: never render into a root another mount owns
    return wrapHandle({ destroy() {} }, root, () => {}, () => false);
  }
  let handle;
  // A first screen not showing when the wasm is ready is dropped: the live app renders directly. One taken
  // off the screen meanwhile (the iframe page withdraws it when a psm-config arrives early) has no choice to
  // honour: nobody may see what was pressed on it.
  const pending = first && container.isConnected && container.dataset.psmFirstScreen !== undefined;
  settled();
  first?.stop();
  if (!pending) first?.forget();
  if (pending) {
    const { lang, press, at, shown, answers, next } = session === sessionsEnded ? first.choice() : {};
    const live = document.createElement("div");
    live.className = "psm-host psm-pending";
    root.append(live);
    handle = mount_quiz(live, split.plain, emit, lang, press ?? undefined, at, shown, answers, next);
    await takeOver(root, container, live);
  } else {
    handle = mount_quiz(container, split.plain, emit);
    await rendered(container, "*"); // every screen of the app (quiz, error, kiosk) has a root element
  }
  return wrapHandle(handle, root, () => {
    destroyed = true;
    kioskBetween(kioskToken, true); // a removed kiosk holds no candidate
  }, owns);
}

function wrapHandle(handle, root, markDestroyed, owns) {
  let live = true;
  const destroy = () => {
    if (!live) return;
    live = false;
    markDestroyed();
    handle.destroy();
    if (owns()) root.replaceChildren();
  };
  return {
    destroy,
    /** Unmounts the quiz and removes every saved answer in progress from this browser (see endSession). */
    endSession() {
      destroy();
      endSession();
    },
  };
}

const ATTRIBUTES = ["instrument", "lang", "mode", "endpoint"];

/** `<psm-quiz>`: attributes for the common case, the `config` property for everything else. */
class PsmQuizElement extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #config = null;
  #handle = null;
  #generation = 0;
  /** A quiz is mounted or on its way (its first screen may already show): attribute changes remount it. */
  #active = false;

  get config() {
    return this.#config;
  }

  set config(value) {
    this.#config = value;
    if (this.isConnected) this.#remount();
  }

  connectedCallback() {
    // A microtask lets `el.config = ...` right after insertion win over a mount from attributes alone.
    queueMicrotask(() => this.isConnected && !this.#active && this.#remount());
  }

  /**
   * Ends the candidate's session: the quiz leaves the screen and no saved answer stays in this browser.
   * Setting `config` afterwards mounts a fresh quiz for the next candidate.
   */
  endSession() {
    this.#active = false;
    this.#generation++;
    this.#handle?.destroy();
    this.#handle = null;
    endSession();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue !== newValue && this.isConnected && this.#active) this.#remount();
  }

  disconnectedCallback() {
    this.#active = false;
    this.#generation++;
    this.#handle?.destroy();
    this.#handle = null;
  }

  #effectiveConfig() {
    const fromAttributes = {};
    for (const name of ATTRIBUTES) {
      const value = this.getAttribute(name);
      if (value !== null) fromAttributes[name] = value;
    }
    if (this.#config === null || this.#config === undefined) return fromAttributes;
    if (typeof this.#config !== "object" || Array.isArray(this.#config)) return this.#config;
    return { ...fromAttributes, ...this.#config };
  }

  async #remount() {
    this.#active = true;
    const generation = ++this.#generation;
    this.#handle?.destroy();
    this.#handle = null;
    const handle = await mount(this, this.#effectiveConfig());
    if (generation !== this.#generation) {
      handle.destroy(); // removed or re-configured while loading
      return;
    }
    this.#handle = handle;
  }
}

if (!customElements.get("psm-quiz")) {
  customElements.define("psm-quiz", PsmQuizElement);
}
