// Loads the widget's public entry and records the psm-complete result where the benchmark looks for it.
import "./psm-quiz.js";

document.addEventListener("psm-complete", (event) => {
  window.__delivered = { payload: event.detail, t: performance.now(), scoreMs: null };
});
