// Shared by the three comparison pages: scores the perry-24 answers exactly as the widget's core does
// (reverse key (points + 1) - x, dimension mean when >= min_answered of its items are answered, overall =
// mean of the dimension means, 2 decimals in the payload) and "delivers" the result for the benchmark.
(function () {
  "use strict";
  const round2 = (x) => (x === null ? null : Math.round(x * 100) / 100);

  function longestRun(instrument, answers) {
    let best = 0;
    let run = 0;
    let last = null;
    for (const item of instrument.items) {
      const value = answers[item.id];
      if (value === undefined) {
        run = 0;
        last = null;
        continue;
      }
      run = value === last ? run + 1 : 1;
      last = value;
      if (run > best) best = run;
    }
    return best;
  }

  /** answers: { itemId: 1..points }. Returns a psm-result/1 shaped payload (without hash and responses). */
  function score(instrument, answers) {
    const points = instrument.points;
    const scores = {};
    const means = [];
    for (const dim of instrument.dimensions) {
      const items = instrument.items.filter((i) => i.dimension === dim.id);
      let sum = 0;
      let answered = 0;
      for (const item of items) {
        const raw = answers[item.id];
        if (!Number.isInteger(raw) || raw < 1 || raw > points) continue;
        sum += item.reverse ? points + 1 - raw : raw;
        answered += 1;
      }
      const mean = answered > 0 && answered / items.length >= dim.min_answered ? sum / answered : null;
      if (mean !== null) means.push(mean);
      scores[dim.id] = { mean: round2(mean), answered, items: items.length };
    }
    const overall = means.length === instrument.dimensions.length ? means.reduce((a, b) => a + b, 0) / means.length : null;
    return {
      schema: "psm-result/1",
      instrument: { id: instrument.id, version: instrument.version },
      lang: instrument.lang,
      scale: { min: 1, max: points },
      scores,
      overall: { mean: round2(overall), method: "mean_of_dimensions" },
      quality: { longest_same_answer_run: longestRun(instrument, answers), seconds_median_per_item: null },
      completed_on: new Date().toISOString().slice(0, 10),
      submission_id: crypto.randomUUID(),
    };
  }

  /** Scores, times the scoring, and records the delivery where the benchmark looks for it. */
  function deliver(instrument, answers) {
    const start = performance.now();
    const payload = score(instrument, answers);
    const scoreMs = performance.now() - start;
    window.__delivered = { payload, t: performance.now(), scoreMs };
    document.dispatchEvent(new CustomEvent("bench-delivered", { detail: payload }));
  }

  window.psmBench = { score, deliver };
})();
