// TypeScript declarations of psm-quiz.js, the widget's public entry (shipped in the npm package beside it).
// Written by hand from the contract: mount(), the config (core/src/config.rs; instrument format in
// instruments/README.md), the handle, exactOrigin, storedResults, the DOM events, the <psm-quiz> element,
// the iframe's postMessage protocol and the result payload (schema/psm-result-1.schema.json).
// tests/package/types.test.mjs keeps this file in step with the Rust config reader, the built-in ids, the
// error codes and the JSON Schema: a field added there and missing here fails the test suite.

// ---------------------------------------------------------------------------------------------------------
// Instruments (instruments/README.md, "File format"). Every object rejects unknown fields.

/** A built-in instrument id. */
export type PsmBuiltinInstrument = "perry-24" | "kim-16";

/** A text in every declared language: `{ id: "…", en: "…" }` (all declared languages, no other). */
export type PsmLocalizedText = { [lang: string]: string };

/** A custom instrument, passed as `config.instrument` instead of a built-in id. */
export interface PsmInstrument {
  /** 1-64 characters of `A-Z a-z 0-9 _ -`. */
  id: string;
  /** 1-64 characters of `A-Z a-z 0-9 . _ + -`; bump it whenever the wording changes. */
  version: string;
  /** At least one language id; every localized text has exactly these. */
  languages: string[];
  title: PsmLocalizedText;
  instructions: PsmLocalizedText;
  scale: PsmScale;
  /** In the order results are reported. */
  dimensions: PsmDimension[];
  /** 1 to 500 items, in the stable order of reports and CSV columns. */
  items: PsmItem[];
  source: PsmSource;
  /** One entry per declared language. */
  translation: { [lang: string]: "validated" | "working" };
}

export interface PsmScale {
  /** Number of response points, 2 to 11; answers run 1..=points. */
  points: number;
  /** Per declared language exactly `points` labels, lowest first. */
  labels: { [lang: string]: string[] };
}

export interface PsmDimension {
  id: string;
  name: PsmLocalizedText;
  /** A plain sentence shown with the result; if given, in every declared language. */
  description?: PsmLocalizedText;
  /** Share of the dimension's items that must be answered for a score, 0 < x <= 1, at most 4 decimals (default 0.75). */
  min_answered?: number;
}

export interface PsmItem {
  id: string;
  /** The id of a declared dimension. */
  dimension: string;
  text: PsmLocalizedText;
  /** Reverse-keyed: scored as (points + 1) - answer. Default false. */
  reverse?: boolean;
}

export interface PsmSource {
  /** Full bibliographic citation. */
  citation: string;
  /** The DOI, without `https://doi.org/`. */
  doi?: string | null;
  /** Wording status, adaptation, caveats. */
  note?: string | null;
}

// ---------------------------------------------------------------------------------------------------------
// Configuration (core/src/config.rs). Optional fields may also be null, which means "not given".

export type PsmMode = "embed" | "kiosk";

/** Kiosk settings, `config.kiosk` (mode "kiosk" only). */
export interface PsmKioskConfig {
  /** Seconds without input before the "still there?" prompt, 1 to 86400 (default 90). */
  idle_seconds?: number | null;
  /** Seconds the result stays on screen before the kiosk resets, 1 to 86400 (default 60). */
  reset_seconds?: number | null;
  /**
   * @deprecated Set the PIN on the kiosk's setup screen. A kiosk started with this hash keeps working once and
   * then keeps only a salted, slow hash of the PIN; later values are ignored.
   */
  pin_sha256?: string | null;
}

/** The agency's PDP notice: every text required, not blank, at most 1,000 characters. */
export interface PsmNotice {
  controller: {
    /** The controller (the agency) as the candidate knows it. */
    name: string;
    /** How to reach it about the data (an address, e-mail or phone). */
    contact: string;
  };
  legal_basis: string;
  purpose: string;
  retention: string;
  processing_period: string;
  /** The notice's own version, 1-64 characters of A-Za-z0-9._+- (recorded in the result). */
  version?: string | null;
}

/** The config as plain JSON: what the iframe's URL and `psm-config` messages carry. */
export interface PsmQuizData {
  /** A built-in id or a custom instrument object. */
  instrument: PsmBuiltinInstrument | PsmInstrument;
  /** One of the instrument's languages (built-ins: "id", default, and "en"). */
  lang?: string | null;
  /** "embed" (default) or "kiosk" (loads the kiosk build). */
  mode?: PsmMode | null;
  /** Absolute http(s) URL results are POSTed to (loads the delivery build). */
  endpoint?: string | URL | null;
  /** Put every raw answer into the result (`responses`). Default false. */
  include_responses?: boolean | null;
  /** Present the items in random order (recorded in the result's `order`). Default false. */
  shuffle?: boolean | null;
  /** Fixed seed for the shuffled order (an unsigned integer). */
  shuffle_seed?: number | null;
  /** The portal's reference for the candidate; with candidate_key, the result carries HMAC-SHA256(key, ref). */
  candidate_ref?: string | null;
  /** The key of that HMAC; given together with candidate_ref or not at all. */
  candidate_key?: string | null;
  /**
   * The host's own value for this candidate's session (a login), 1-256 characters: saved progress comes back
   * only to a mount with the same value (without it, to the same candidate_ref).
   */
  session?: string | null;
  /**
   * True when the portal keeps the result beside the candidate's session (a candidate_ref implies it): the
   * result is then pseudonymous personal data, never called anonymous, and `notice` is required. Default false.
   */
  linked?: boolean | null;
  /** The agency's PDP notice (UU 27/2022 Pasal 21), shown on the consent screen; required when linked. */
  notice?: PsmNotice | null;
  /** "psm-result/2" (default) or the deprecated "psm-result/1" (until release 0.3.0, not before 2027-06-30). */
  result_schema?: "psm-result/2" | "psm-result/1" | null;
  /** Exact origin (`scheme://host[:port]`) of the page a framed quiz posts its messages to. */
  parent_origin?: string | null;
  /** Hours an unfinished quiz may be resumed on this device, 0 to 720 (default 24). */
  resume_hours?: number | null;
  kiosk?: PsmKioskConfig | null;
}

/** What `mount()` takes: the plain config plus callbacks (the same data as the DOM events). */
export interface PsmQuizConfig extends PsmQuizData {
  onComplete?: (result: PsmResult) => void;
  onError?: (error: PsmErrorDetail) => void;
  onProgress?: (progress: PsmProgressDetail) => void;
}

// ---------------------------------------------------------------------------------------------------------
// Errors, progress, events.

/** Stable error codes (README and docs/embedding.md). Hosts switch on these; new ones may be added. */
export type PsmErrorCode =
  // instrument parsing and validation
  | "instrument_json"
  | "instrument_unknown_field"
  | "instrument_missing_field"
  | "duplicate_id"
  | "unknown_dimension"
  | "empty_dimension"
  | "missing_text"
  | "scale_too_small"
  | "scale_too_large"
  | "scale_labels"
  | "too_many_items"
  | "text_too_long"
  | "bad_id"
  | "bad_fraction"
  | "no_languages"
  | "unknown_language"
  | "translation_status"
  | "no_items"
  | "bad_version"
  | "missing_source"
  // answers and scoring
  | "answer_out_of_range"
  | "unknown_item"
  // host configuration
  | "config_invalid"
  | "unknown_instrument"
  | "bad_origin"
  | "bad_endpoint"
  | "candidate_ref"
  | "notice_incomplete"
  | "kiosk_build_required"
  | "delivery_build_required"
  // result payload
  | "bad_date"
  | "bad_submission_id"
  | "bad_order"
  | "payload_json"
  // delivery and storage
  | "delivery_rejected"
  | "storage_unavailable"
  | "delivery_redirected"
  | "delivery_unreachable"
  | "endpoint_mixed_content"
  // raised by psm-quiz.js and the web shell
  | "load_failed"
  | "internal";

export interface PsmErrorDetail {
  code: PsmErrorCode;
  /** English sentence naming the field at fault. */
  message: string;
}

export interface PsmProgressDetail {
  answered: number;
  total: number;
}

/** `psm-complete`: the result payload in `detail`. Bubbles and is composed (crosses shadow roots). */
export type PsmCompleteEvent = CustomEvent<PsmResult>;
/** `psm-progress`: answered and total items. */
export type PsmProgressEvent = CustomEvent<PsmProgressDetail>;
/** `psm-error`: a stable code and a message naming the field. */
export type PsmErrorEvent = CustomEvent<PsmErrorDetail>;

export interface PsmQuizEventMap {
  "psm-complete": PsmCompleteEvent;
  "psm-progress": PsmProgressEvent;
  "psm-error": PsmErrorEvent;
}

// ---------------------------------------------------------------------------------------------------------
// The JavaScript API.

/** What `mount()` resolves to. */
export interface PsmQuizHandle {
  /** Unmounts the quiz and removes every listener and timer it had (a finished result not yet delivered to `endpoint` keeps being sent while the page stays). Safe to call twice. */
  destroy(): void;
  /** A portal's logout: unmounts the quiz and removes every saved answer in progress from this browser. */
  endSession(): void;
}

/**
 * Renders a quiz into a shadow root on `element`. An invalid config shows the error screen and reaches
 * `onError` and `psm-error`; the promise still resolves to a handle.
 */
export function mount(element: Element, config: PsmQuizConfig): Promise<PsmQuizHandle>;

/**
 * The normalised exact origin (`https://portal.example.go.id`) or null when `value` is not one ("*", "null",
 * a path, another scheme). `options` (the config about to mount) picks the build that answers.
 */
export function exactOrigin(
  value: unknown,
  options?: { mode?: PsmMode | null; endpoint?: string | URL | null },
): Promise<string | null>;

/** One result kept on this device by the delivery outbox. */
export interface PsmStoredResult {
  /** "pending" (waiting to be sent), "delivered" (kiosks keep those until staff clear them), "failed" (refused, kept for export). */
  state: "pending" | "delivered" | "failed";
  /** The endpoint's last HTTP status, or null before any answer. */
  last_status: number | null;
  result: PsmResult;
}

/** Results this device keeps for delivery or export (for a host's own export or support page). */
export function storedResults(): PsmStoredResult[];

/**
 * Ends the candidate's session on this device (a portal's logout): removes every saved answer in progress of
 * every quiz of this site from this browser, and takes any prerendered first screen still waiting for the wasm
 * (with answers given on it) off the screen at once. Results waiting for delivery stay until delivered.
 */
export function endSession(): void;

// ---------------------------------------------------------------------------------------------------------
// The custom element (defined when psm-quiz.js is imported).

/**
 * `<psm-quiz instrument="perry-24" lang="id">`. Attributes: instrument, lang, mode, endpoint. The `config`
 * property takes the full config (merged over the attributes), before or after connection.
 */
export interface PsmQuizElement extends HTMLElement {
  config: Partial<PsmQuizConfig> | null;
  /** A portal's logout: takes the quiz off the screen and removes every saved answer in progress. */
  endSession(): void;
  addEventListener<K extends keyof PsmQuizElementEventMap>(
    type: K,
    listener: (this: PsmQuizElement, ev: PsmQuizElementEventMap[K]) => any,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof PsmQuizElementEventMap>(
    type: K,
    listener: (this: PsmQuizElement, ev: PsmQuizElementEventMap[K]) => any,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

export interface PsmQuizElementEventMap extends HTMLElementEventMap, PsmQuizEventMap {}

declare global {
  interface HTMLElementTagNameMap {
    "psm-quiz": PsmQuizElement;
  }
  // The events bubble and are composed: typed on any element, the document and the window.
  interface GlobalEventHandlersEventMap {
    "psm-complete": PsmCompleteEvent;
    "psm-progress": PsmProgressEvent;
    "psm-error": PsmErrorEvent;
  }
  interface HTMLElementEventMap {
    "psm-complete": PsmCompleteEvent;
    "psm-progress": PsmProgressEvent;
    "psm-error": PsmErrorEvent;
  }
}

// ---------------------------------------------------------------------------------------------------------
// The iframe (index.html?…&parent_origin=…): messages posted to parent_origin, and the one it accepts.

export interface PsmCompleteMessage {
  type: "psm-complete";
  result: PsmResult;
}
export interface PsmProgressMessage {
  type: "psm-progress";
  answered: number;
  total: number;
}
export interface PsmResizeMessage {
  type: "psm-resize";
  /** Content height in CSS px. */
  height: number;
}
export interface PsmErrorMessage {
  type: "psm-error";
  code: PsmErrorCode;
  message: string;
}
/** Posted once the frame listens for `psm-config` (one sent earlier, after the frame's load, is kept). */
export interface PsmReadyMessage {
  type: "psm-ready";
}
/** Posted after a `psm-end-session`: nothing of the candidate's answers in progress is left in the frame. */
export interface PsmSessionEndedMessage {
  type: "psm-session-ended";
}
/** Every message the frame posts to its parent. Check `event.origin` and `event.source` before trusting one. */
export type PsmFrameMessage =
  | PsmCompleteMessage
  | PsmProgressMessage
  | PsmResizeMessage
  | PsmErrorMessage
  | PsmReadyMessage
  | PsmSessionEndedMessage;

/**
 * Sent by the parent to the frame (`frame.contentWindow.postMessage(message, QUIZ_ORIGIN)`): a full config,
 * merged over the URL's. The frame's own parent_origin always wins.
 */
export interface PsmConfigMessage {
  type: "psm-config";
  config: Partial<PsmQuizData>;
}

/** Sent by the parent to end the candidate's session in the frame (a portal's logout). */
export interface PsmEndSessionMessage {
  type: "psm-end-session";
}

// ---------------------------------------------------------------------------------------------------------
// The result payload (schema/psm-result-1.schema.json, shipped in the package as
// "psm-quiz/schema/psm-result-1.schema.json").

export interface PsmDimensionScore {
  /** Mean after reverse keying, 2 decimals; null when too few items were answered (never 0). */
  mean: number | null;
  answered: number;
  items: number;
}

/** Schema id `psm-result/1`. Pseudonymous with candidate_ref, otherwise nothing in it identifies the candidate. */
export interface PsmResultV1 {
  schema: "psm-result/1";
  instrument: {
    id: string;
    version: string;
    /** SHA-256 (lowercase hex) of the canonical instrument JSON. */
    sha256: string;
  };
  lang: string;
  scale: {
    min: 1;
    max: number;
  };
  /** Every dimension, in instrument order, keyed by dimension id. */
  scores: { [dimension: string]: PsmDimensionScore };
  overall: {
    /** Mean of the dimension means; null unless every dimension is scored. */
    mean: number | null;
    method: "mean_of_dimensions";
  };
  /** Only with include_responses: raw answer per item id, null when unanswered. */
  responses?: { [item: string]: number | null };
  quality: {
    longest_same_answer_run: number;
    /** Omitted when no timings were recorded. */
    seconds_median_per_item?: number;
  };
  /** Presentation order of the item ids; only when items were shuffled. */
  order?: string[];
  /** `YYYY-MM-DD`, date only. */
  completed_on: string;
  /** Random, for idempotent delivery only. */
  submission_id: string;
  /** HMAC-SHA256(candidate_key, candidate_ref), lowercase hex; only when the host passed both. */
  candidate_ref?: string;
}

/** Schema id `psm-result/2` (the default): `psm-result/1` plus the consent record. */
export interface PsmResultV2 extends Omit<PsmResultV1, "schema"> {
  schema: "psm-result/2";
  /** The consent the result was given under (UU 27/2022 Pasal 22-24). */
  consent: {
    /** `YYYY-MM-DD`, the date the candidate agreed; no time of day. */
    agreed_on: string;
    /** Only with config.notice: SHA-256 (lowercase hex) of the notice's JSON with keys sorted at every level. */
    notice_sha256?: string;
    /** config.notice.version, when given (only beside notice_sha256). */
    notice_version?: string;
  };
}

/** Any result the widget produces: psm-result/2, or the deprecated psm-result/1 with result_schema. */
export type PsmResult = PsmResultV2 | PsmResultV1;
