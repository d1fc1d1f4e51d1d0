// perry-24 as one jsPsych survey-likert trial: all 24 statements on one screen, 5 labelled points each.
(function () {
  "use strict";
  const inst = window.PERRY24;
  // The plugin inserts prompts and labels as HTML; the texts are ours, but escape them all the same.
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const jsPsych = initJsPsych({ display_element: "target" });
  jsPsych.run([
    {
      type: jsPsychSurveyLikert,
      preamble: `<h1>${esc(inst.title)}</h1><p>${esc(inst.instructions)}</p>`,
      button_label: "Kirim",
      questions: inst.items.map((item) => ({
        prompt: esc(item.text),
        name: item.id,
        labels: inst.labels.map(esc),
        required: true,
      })),
      on_finish(data) {
        // The plugin records 0-based option indexes; the scale runs 1..points.
        const answers = {};
        for (const [id, index] of Object.entries(data.response)) answers[id] = index + 1;
        window.psmBench.deliver(inst, answers);
      },
    },
  ]);
})();
