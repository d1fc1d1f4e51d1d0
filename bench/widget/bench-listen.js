// Records the psm-complete result where the benchmark looks for it. It does not import psm-quiz.js: the page
// loads that with its own script tag, as the README's embed does, so the benchmark adds no module hop of its own.
document.addEventListener("psm-complete", (event) => {
  window.__delivered = { payload: event.detail, t: performance.now(), scoreMs: null };
});
