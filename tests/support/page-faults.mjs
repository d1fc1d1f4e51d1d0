// Page scripts that make ordinary faults happen inside a quiz page, shared by the fault matrix
// (tests/e2e/faults.test.mjs), the kiosk room tests (tests/e2e/room.test.mjs) and bench/offline.mjs.

/** Init script: counts timer callbacks (wake-ups) from the start of the page in `window.__wakes`. */
export const WAKES = `(() => {
  window.__wakes = 0;
  const wrap = (orig) => function (fn, ms, ...rest) {
    const cb = typeof fn === "function" ? function (...a) { window.__wakes++; return fn.apply(this, a); } : fn;
    return orig.call(this, cb, ms, ...rest);
  };
  window.setTimeout = wrap(window.setTimeout);
  window.setInterval = wrap(window.setInterval);
})();`;

/** For `page.evaluate`: fills localStorage to its quota, from 1 MB chunks down to 16 bytes. */
export const FILL_STORAGE = () => {
  let i = 0;
  for (const size of [1 << 20, 64 * 1024, 1024, 16]) {
    const chunk = "x".repeat(size);
    for (;;) {
      try {
        localStorage.setItem(`filler-${i++}`, chunk);
      } catch {
        break;
      }
    }
  }
};
