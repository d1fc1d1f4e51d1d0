// Injected into every benchmark page before its own scripts (Playwright addInitScript); the same probe runs
// on every target, so its small cost is the same for all. It:
//  - times each of the moments below twice: when the check (run in an animation frame, before that frame's
//    style, layout and paint) first finds it in the DOM, and when that frame has been painted (a task posted
//    from the check runs after the frame's rendering): what a person can see. The second is the figure
//    reported: the first favours a page whose layout the check itself forces (a form parsed with its page) over
//    one whose layout the browser ran before the check (a widget that drew into its shadow root earlier);
//  - notes when the first screen is readable (a text matching the page's `readablePattern` is rendered: the
//    consent heading, or the first statement) and usable (something to act on: the consent button or a radio
//    group, enabled);
//  - notes when a "complete" radio group (all scale points visible and enabled) first exists, and when the
//    page first shows every item answerable at once, searching open shadow roots too;
//  - optionally presses the consent/start button the moment it appears (paged targets), so that press costs
//    one frame, not a round trip to the driver;
//  - records every click's time, so "last answer -> delivered" is measured inside the page;
//  - keeps every WebAssembly.Memory a page creates, to report wasm memory next to the JS heap.
(() => {
  "use strict";
  const cfg = globalThis.__BENCH_CONFIG || {};
  const points = cfg.points || 5;
  const items = cfg.items || 24;
  const consent = cfg.consentPattern ? new RegExp(cfg.consentPattern, "i") : null;
  const readablePattern = cfg.readablePattern ? new RegExp(cfg.readablePattern, "i") : null;

  const state = {
    readable: null, // first moment the first screen's text (readablePattern) is rendered and visible
    firstScreen: null, // first moment anything answerable or pressable (radio group or consent button) is shown: usable
    firstGroup: null, // first moment >= 1 complete radio group is answerable
    firstGroupCount: 0, // how many groups were answerable at that moment (a page's worth)
    allItems: null, // first moment all `items` groups are answerable at once
    consentClicked: null,
    clicks: [],
    memories: [],
  };
  globalThis.__bench = state;
  /** The same moments, at the end of the frame that first showed them (style, layout and paint done). */
  state.painted = { readable: null, firstScreen: null, firstGroup: null, allItems: null };
  const frameEnd = new MessageChannel();
  const waiting = [];
  frameEnd.port1.onmessage = () => {
    const t = performance.now();
    for (const key of waiting.splice(0)) state.painted[key] = t;
  };
  /** Called from the check (an animation frame callback) as `key` is first found. */
  const paintedAfter = (key) => {
    waiting.push(key);
    frameEnd.port2.postMessage(0);
  };

  // Keep wasm memories: exported ones via instantiate*, imported/shared ones via the constructor.
  const WA = globalThis.WebAssembly;
  if (WA) {
    const keep = (result) => {
      const instance = result && (result.instance || result);
      const exports = instance && instance.exports;
      if (exports) for (const v of Object.values(exports)) if (v instanceof WA.Memory && !state.memories.includes(v)) state.memories.push(v);
      return result;
    };
    for (const name of ["instantiate", "instantiateStreaming"]) {
      const original = WA[name];
      if (typeof original === "function") WA[name] = function (...args) { return original.apply(this, args).then(keep); };
    }
    const OriginalMemory = WA.Memory;
    const Tracked = function Memory(desc) {
      const memory = new OriginalMemory(desc);
      state.memories.push(memory);
      return memory;
    };
    Tracked.prototype = OriginalMemory.prototype;
    WA.Memory = Tracked;
    const OriginalInstance = WA.Instance;
    const TrackedInstance = function Instance(module, imports) {
      return keep(new OriginalInstance(module, imports));
    };
    TrackedInstance.prototype = OriginalInstance.prototype;
    WA.Instance = TrackedInstance;
  }
  state.wasmBytes = () => state.memories.reduce((sum, m) => sum + m.buffer.byteLength, 0);

  addEventListener(
    "click",
    (e) => {
      const target = e.composedPath()[0];
      state.clicks.push({ t: performance.now(), radio: !!(target && target.type === "radio") });
    },
    true,
  );

  /** All elements matching `selector` in the document and every open shadow root, in tree order. */
  function deepAll(selector, root = document, out = []) {
    for (const el of root.querySelectorAll(selector)) out.push(el);
    for (const el of root.querySelectorAll("*")) if (el.shadowRoot) deepAll(selector, el.shadowRoot, out);
    return out;
  }
  const hasBox = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  /** Rendered (no display:none / visibility:hidden up the tree), has a box (its own or its label's), enabled. */
  function answerable(input) {
    if (input.disabled || input.matches(":disabled") || input.closest("[inert]")) return false;
    if (!input.checkVisibility({ visibilityProperty: true })) return false;
    return hasBox(input) || hasBox(input.labels && input.labels[0]) || hasBox(input.parentElement);
  }
  /** Radio groups (by root + name) whose `points` options are all answerable, in document order. */
  function groups() {
    const byKey = new Map();
    for (const input of deepAll('input[type="radio"]')) {
      const key = input.name ? `${input.getRootNode() === document ? "" : "#"}${input.name}` : input;
      if (!byKey.has(key)) byKey.set(key, []);
      byKey.get(key).push(input);
    }
    return [...byKey.values()].filter((g) => g.length >= points && g.every(answerable));
  }
  function buttons(pattern) {
    return deepAll('button, input[type="submit"], input[type="button"], [role="button"]').filter(
      (b) => !b.disabled && b.checkVisibility({ visibilityProperty: true }) && hasBox(b) && pattern.test((b.textContent || b.value || "").trim()),
    );
  }
  /** True when a visible element in the document or an open shadow root shows text matching `pattern`. */
  function textShown(pattern, root = document) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (pattern.test(node.data.trim()) && el && el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && hasBox(el)) return true;
    }
    for (const el of root.querySelectorAll("*")) if (el.shadowRoot && textShown(pattern, el.shadowRoot)) return true;
    return false;
  }
  state.groups = groups;
  state.deepAll = deepAll;
  state.buttons = (source) => buttons(new RegExp(source, "i"));
  const pressed = new Set();

  function check() {
    const now = performance.now();
    const found = document.documentElement ? groups() : [];
    if (state.readable === null && readablePattern && document.documentElement && textShown(readablePattern)) {
      state.readable = now;
      paintedAfter("readable");
    }
    if (found.length > 0 && state.firstGroup === null) {
      state.firstGroup = now;
      state.firstGroupCount = found.length;
      paintedAfter("firstGroup");
    }
    if (found.length >= items && state.allItems === null) {
      state.allItems = now;
      paintedAfter("allItems");
    }
    if (consent && found.length === 0 && document.documentElement && pressed.size < 3) {
      // A consent step may be a checkbox to tick and then a start button, possibly after an intro screen:
      // each matching button is pressed once, at most three screens deep.
      const box = deepAll('input[type="checkbox"]').find((c) => !c.checked && !c.disabled && answerable(c));
      const button = buttons(consent).find((b) => !pressed.has(b));
      if ((box || button) && state.firstScreen === null) {
        state.firstScreen = now;
        paintedAfter("firstScreen");
      }
      if (box) box.click();
      else if (button) {
        pressed.add(button);
        state.consentClicked = now;
        button.click();
      }
    }
    if (found.length > 0 && state.firstScreen === null) {
      state.firstScreen = now;
      paintedAfter("firstScreen");
    }
    // Keep watching until every item was answerable at once, or the page's first items are and paging is expected.
    const done = (state.allItems !== null || (cfg.paged && state.firstGroup !== null)) && (state.readable !== null || !readablePattern);
    if (!done) requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
})();
