// A portal's own app that installed psm-quiz from npm and is bundled by Vite or webpack 5
// (tests/package/package.test.mjs). What it mounts comes from the query string:
//   ?case=embed                     mount() without endpoint: the embed build only
//   ?case=delivery&endpoint=URL     mount() with an endpoint: the delivery build only
//   ?case=kiosk                     mount() in kiosk mode: the kiosk build only
//   ?case=element                   <psm-quiz> custom element with attributes
// Everything the quiz reports is collected in window.psmLog for the test to read.
import { mount, exactOrigin } from "psm-quiz";

const log = (window.psmLog = { events: [], callbacks: [], handle: null, origin: undefined });
const params = new URLSearchParams(location.search);
const host = document.getElementById("quiz");

for (const type of ["psm-complete", "psm-progress", "psm-error"]) {
  document.addEventListener(type, (event) => log.events.push({ type, detail: event.detail }));
}

async function start() {
  const kind = params.get("case") ?? "embed";
  if (kind === "element") {
    const quiz = document.createElement("psm-quiz");
    quiz.setAttribute("instrument", "kim-16");
    quiz.setAttribute("lang", "en");
    host.append(quiz);
    return;
  }
  const config = {
    instrument: "perry-24",
    lang: "id",
    onComplete: (result) => log.callbacks.push({ type: "complete", result }),
    onError: (error) => log.callbacks.push({ type: "error", error }),
  };
  if (kind === "delivery") config.endpoint = params.get("endpoint");
  if (kind === "kiosk") Object.assign(config, { instrument: "kim-16", mode: "kiosk" });
  log.handle = await mount(host, config);
  log.origin = await exactOrigin("https://portal.example.go.id/", { endpoint: config.endpoint });
}

start().catch((e) => log.callbacks.push({ type: "start-failed", error: String(e) }));
