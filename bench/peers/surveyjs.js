// perry-24 as one SurveyJS single-choice matrix (rows = items, columns = the 5 scale points).
(function () {
  "use strict";
  const inst = window.PERRY24;
  const survey = new Survey.Model({
    title: inst.title,
    description: inst.instructions,
    showQuestionNumbers: "off",
    completeText: "Kirim",
    completedHtml: "<p>Terima kasih.</p>",
    pages: [
      {
        elements: [
          {
            type: "matrix",
            name: "perry24",
            titleLocation: "hidden",
            isAllRowRequired: true,
            columns: inst.labels.map((text, i) => ({ value: i + 1, text })),
            rows: inst.items.map((item) => ({ value: item.id, text: item.text })),
          },
        ],
      },
    ],
  });
  survey.onComplete.add((sender) => window.psmBench.deliver(inst, sender.data.perry24 || {}));
  survey.render(document.getElementById("survey"));
})();
