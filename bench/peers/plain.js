// The floor: a native form needs no script to render; this only scores and delivers on submit.
(function () {
  "use strict";
  const inst = window.PERRY24;
  const form = document.getElementById("form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const answers = {};
    for (const [id, value] of new FormData(form)) answers[id] = Number(value);
    window.psmBench.deliver(inst, answers);
    form.hidden = true;
    document.getElementById("done").hidden = false;
  });
})();
