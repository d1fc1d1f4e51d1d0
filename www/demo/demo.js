// The demo portal's own script: embeds the quiz the way the page's data-way names and shows, beside it,
// everything the portal received. What a real portal would do with the result is up to it; this one only
// displays it (as text: nothing received is ever inserted as HTML).
const way = document.body.dataset.way;
/** Everything received, for a person reading the page and for the end-to-end tests. */
const received = (globalThis.psmDemo = { results: [], errors: [], progress: [] });

function panel(row) {
  const q = (role) => row.querySelector(`[data-role="${role}"]`);
  return {
    complete(result) {
      received.results.push(result);
      q("payload").textContent = JSON.stringify(result, null, 2);
      log(row, `psm-complete: submission_id ${result.submission_id}`);
    },
    progress({ answered, total }) {
      received.progress.push({ answered, total });
      q("progress").textContent = `${answered} / ${total}`;
    },
    error({ code, message }) {
      received.errors.push({ code, message });
      log(row, `psm-error [${code}] ${message}`);
    },
  };
}

function log(row, text) {
  const li = document.createElement("li");
  li.textContent = text;
  row.querySelector('[data-role="log"]').append(li);
}

async function element() {
  await import("../psm-quiz.js");
  for (const row of document.querySelectorAll(".embed-row")) {
    const quiz = row.querySelector("psm-quiz");
    const p = panel(row);
    quiz.addEventListener("psm-complete", (e) => p.complete(e.detail));
    quiz.addEventListener("psm-progress", (e) => p.progress(e.detail));
    quiz.addEventListener("psm-error", (e) => p.error(e.detail));
  }
}

async function mountWay() {
  const { mount } = await import("../psm-quiz.js");
  const row = document.querySelector(".embed-row");
  const target = row.querySelector("#kuesioner");
  const p = panel(row);
  let quiz = null;
  const start = async () => {
    quiz?.destroy();
    quiz = await mount(target, {
      instrument: "kim-16",
      lang: "id",
      onComplete: p.complete,
      onProgress: p.progress,
      onError: p.error,
    });
  };
  row.querySelector('[data-role="destroy"]').addEventListener("click", () => {
    quiz?.destroy();
    quiz = null;
    log(row, "destroy()");
  });
  row.querySelector('[data-role="remount"]').addEventListener("click", start);
  await start();
}

function iframeWay() {
  const row = document.querySelector(".embed-row");
  const frame = row.querySelector("iframe");
  const p = panel(row);
  // The quiz is served from this build (same origin here); the cross-origin page shows another origin.
  const quizUrl = new URL("../index.html", location.href);
  quizUrl.search = new URLSearchParams({ instrument: "perry-24", lang: "id", parent_origin: location.origin });
  listenToFrame(frame, quizUrl.origin, p);
  frame.src = quizUrl.href;
}

/** Accepts messages only from this frame's window at the quiz origin, as every host should. */
export function listenToFrame(frame, quizOrigin, p) {
  addEventListener("message", (event) => {
    if (event.source !== frame.contentWindow || event.origin !== quizOrigin) return;
    const m = event.data;
    if (!m || typeof m !== "object") return;
    if (m.type === "psm-complete") p.complete(m.result);
    else if (m.type === "psm-progress") p.progress(m);
    else if (m.type === "psm-error") p.error(m);
    else if (m.type === "psm-resize" && Number.isFinite(m.height) && m.height > 0) {
      frame.height = String(Math.min(Math.ceil(m.height), 20000));
    }
  });
}

({ element, mount: mountWay, multi: element, iframe: iframeWay })[way]?.();
