// A portal on another origin embedding the quiz iframe. The quiz's own origin defaults to the demo's
// (http://127.0.0.1:8080/); `?quiz=http://127.0.0.1:PORT/` points at another build (the tests use it).
const params = new URLSearchParams(location.search);
const q = (role) => document.querySelector(`[data-role="${role}"]`);
const received = (globalThis.psmDemo = { results: [], errors: [], progress: [], resizes: [] });

function quizBase() {
  const raw = params.get("quiz") ?? "http://127.0.0.1:8080/";
  try {
    const url = new URL(raw);
    if (url.protocol === "http:" || url.protocol === "https:") return url;
  } catch {
    // fall through to the default
  }
  return new URL("http://127.0.0.1:8080/");
}

const base = quizBase();
const frame = q("frame");
const src = new URL("index.html", base);
src.search = new URLSearchParams({
  instrument: params.get("instrument") ?? "perry-24",
  lang: params.get("lang") ?? "id",
  parent_origin: location.origin,
});
q("here").textContent = location.origin;
q("quiz-origin").textContent = base.origin;

function log(text) {
  const li = document.createElement("li");
  li.textContent = text;
  q("log").append(li);
}

addEventListener("message", (event) => {
  // Only the frame's own window at the quiz origin speaks for the quiz.
  if (event.source !== frame.contentWindow || event.origin !== base.origin) return;
  const m = event.data;
  if (!m || typeof m !== "object") return;
  if (m.type === "psm-complete") {
    received.results.push(m.result);
    q("payload").textContent = JSON.stringify(m.result, null, 2);
    log(`psm-complete: ${m.result?.submission_id}`);
  } else if (m.type === "psm-progress") {
    received.progress.push({ answered: m.answered, total: m.total });
    q("progress").textContent = `${m.answered} / ${m.total}`;
  } else if (m.type === "psm-error") {
    received.errors.push({ code: m.code, message: m.message });
    log(`psm-error [${m.code}] ${m.message}`);
  } else if (m.type === "psm-resize" && Number.isFinite(m.height) && m.height > 0) {
    received.resizes.push(m.height);
    frame.height = String(Math.min(Math.ceil(m.height), 20000));
  }
});
frame.src = src.href;
