// Type-checked with `tsc --noEmit` against the installed package (tests/package/package.test.mjs): every
// config field, every event, the handle, exactOrigin, storedResults, the element and the iframe messages.
import {
  mount,
  exactOrigin,
  storedResults,
  endSession,
  type PsmConfigMessage,
  type PsmEndSessionMessage,
  type PsmFrameMessage,
  type PsmInstrument,
  type PsmQuizConfig,
  type PsmQuizHandle,
  type PsmResult,
  type PsmResultV1,
} from "psm-quiz";

const instrument: PsmInstrument = {
  id: "contoh-2",
  version: "1.0.0",
  languages: ["id", "en"],
  title: { id: "Contoh", en: "Example" },
  instructions: { id: "Pilih satu jawaban.", en: "Choose one answer." },
  scale: { points: 2, labels: { id: ["Tidak", "Ya"], en: ["No", "Yes"] } },
  dimensions: [
    { id: "A", name: { id: "Dimensi A", en: "Dimension A" } },
    { id: "B", name: { id: "Dimensi B", en: "Dimension B" }, description: { id: "Uraian.", en: "Description." }, min_answered: 0.5 },
  ],
  items: [
    { id: "A1", dimension: "A", text: { id: "Butir satu.", en: "Item one." } },
    { id: "B1", dimension: "B", text: { id: "Butir dua.", en: "Item two." }, reverse: true },
  ],
  source: { citation: "Contoh (2026).", doi: "10.1000/contoh", note: null },
  translation: { id: "working", en: "validated" },
};

const results: PsmResult[] = [];

// `satisfies Required<…>`: leaving out any config field fails this check.
const config = {
  instrument,
  lang: "id",
  mode: "embed",
  endpoint: new URL("https://hasil.example.go.id/psm"),
  include_responses: true,
  shuffle: true,
  shuffle_seed: 2026,
  candidate_ref: "REG-2026-000123",
  candidate_key: "kunci-instansi",
  linked: true,
  notice: {
    controller: { name: "Badan Kepegawaian Contoh", contact: "ppid@bkd.example.go.id" },
    legal_basis: "Persetujuan peserta (UU 27/2022 Pasal 20 ayat 2 huruf a)",
    purpose: "Penelitian motivasi pelayanan publik dalam seleksi CASN",
    retention: "2 tahun setelah seleksi selesai",
    processing_period: "Selama seleksi CASN 2026",
    version: "2026-12-01",
  },
  result_schema: "psm-result/2",
  session: "sesi-portal-8f2c",
  parent_origin: null,
  resume_hours: 24,
  kiosk: { idle_seconds: 90, reset_seconds: 60, pin_sha256: null },
  onComplete: (result) => {
    results.push(result);
    const apm: number | null = result.scores["APM"]?.mean ?? null;
    console.log(result.schema, result.instrument.sha256, result.overall.mean, apm, result.responses?.["P01"]);
    if (result.schema === "psm-result/2") console.log(result.consent.agreed_on, result.consent.notice_sha256);
  },
  onError: (error) => console.warn(error.code === "bad_endpoint", error.message),
  onProgress: ({ answered, total }) => console.log(`${answered}/${total}`),
} satisfies Required<PsmQuizConfig>;

export async function start(host: HTMLElement): Promise<PsmQuizHandle> {
  const handle = await mount(host, config);
  const kiosk = await mount(document.createElement("div"), { instrument: "perry-24", mode: "kiosk", kiosk: { pin_sha256: "0".repeat(64) } });
  kiosk.destroy();
  document.querySelector("psm-quiz")?.endSession();
  endSession();
  const origin: string | null = await exactOrigin("https://portal.example.go.id", { mode: "embed", endpoint: null });
  console.log(origin);
  for (const kept of storedResults()) {
    const status: number | null = kept.last_status;
    if (kept.state === "failed") console.log(status, kept.result.submission_id);
  }
  return handle;
}

// The element: typed by tag name, its config property and its events.
const element = document.createElement("psm-quiz");
element.setAttribute("instrument", "kim-16");
element.config = { lang: "en", shuffle: true };
element.addEventListener("psm-complete", (event) => {
  const result: PsmResult = event.detail; // psm-result/2 now, /1 from earlier releases
  console.log(result.completed_on, result.quality.longest_same_answer_run, result.order?.length);
});
element.addEventListener("psm-progress", (event) => console.log(event.detail.answered, event.detail.total));
element.addEventListener("psm-error", (event) => console.warn(event.detail.code, event.detail.message));
// The events bubble out of the element and are composed: typed on any element and on the document too.
document.body.addEventListener("psm-error", (event) => console.warn(event.detail.code));
document.addEventListener("psm-complete", (event) => console.log(event.detail.submission_id));
const found: HTMLElementTagNameMap["psm-quiz"] | null = document.querySelector("psm-quiz");
found?.remove();

// The iframe: messages from the frame, and the config message to it.
const frame = document.createElement("iframe");
const QUIZ_ORIGIN = "https://quiz.example.go.id";
window.addEventListener("message", (event: MessageEvent<PsmFrameMessage>) => {
  if (event.source !== frame.contentWindow || event.origin !== QUIZ_ORIGIN) return;
  const m = event.data;
  switch (m.type) {
    case "psm-complete":
      results.push(m.result);
      break;
    case "psm-progress":
      console.log(m.answered, m.total);
      break;
    case "psm-resize":
      frame.height = String(m.height);
      break;
    case "psm-error":
      console.warn(m.code, m.message);
      break;
    case "psm-ready": {
      const message: PsmConfigMessage = { type: "psm-config", config: { instrument, lang: "en" } };
      frame.contentWindow?.postMessage(message, QUIZ_ORIGIN);
      break;
    }
    case "psm-session-ended": {
      const logout: PsmEndSessionMessage = { type: "psm-end-session" };
      console.log("ended", logout.type);
      break;
    }
    default: {
      const unknown: never = m; // every message the frame posts is handled above
      void unknown;
    }
  }
});
