// psm-quiz.js: the stable public entry of the widget (see README "Embedding").
// - `mount(element, config)` renders the quiz into a shadow root on `element` and resolves to a handle.
// - `<psm-quiz instrument="perry-24" lang="id">` does the same as a custom element.
// The Rust/wasm side validates the config and renders; this file only wires the host's world to it:
// shadow root + stylesheet, callbacks, DOM events. Nothing the host supplies is inserted as HTML.
import init, { mount_quiz, exact_origin } from "./psm-quiz-web.js";

const BASE = new URL("./", import.meta.url);
const CALLBACKS = ["onComplete", "onError", "onProgress"];
const EVENT_TYPES = ["psm-complete", "psm-progress", "psm-error"];

let wasmReady = null;
/** Loads and instantiates the wasm module once per page, however many quizzes mount. */
function loadWasm() {
  wasmReady ??= init({ module_or_path: new URL("psm-quiz-web_bg.wasm", BASE) });
  return wasmReady;
}

/**
 * The normalised exact origin (`https://portal.example.go.id`) or null when `value` is not one
 * ("*", "null", a path, another scheme). The Rust core decides, so JS and config validation agree.
 */
export async function exactOrigin(value) {
  await loadWasm();
  try {
    return exact_origin(String(value));
  } catch {
    return null;
  }
}

/** Splits the host's config into plain JSON for Rust and the callbacks that stay in JS. */
function splitConfig(config) {
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    return { error: { code: "config_invalid", message: "config: must be an object" } };
  }
  const plain = {};
  const callbacks = {};
  for (const [key, value] of Object.entries(config)) {
    if (CALLBACKS.includes(key)) {
      if (value !== undefined && typeof value !== "function") {
        return { error: { code: "config_invalid", message: `${key}: must be a function` } };
      }
      callbacks[key] = value;
    } else if (value !== undefined) {
      plain[key] = value;
    }
  }
  let json;
  try {
    json = JSON.stringify(plain);
  } catch (e) {
    return { error: { code: "config_invalid", message: "config: must be plain JSON data" } };
  }
  return { json, callbacks };
}

function shadowFor(element) {
  const root = element.shadowRoot ?? element.attachShadow({ mode: "open" });
  root.replaceChildren();
  const css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = new URL("psm-quiz.css", BASE).href;
  const container = document.createElement("div");
  container.className = "psm-host";
  root.append(css, container);
  // Reveal only once styled, so a slow network never shows an unstyled flash.
  const styled = new Promise((resolve) => {
    css.addEventListener("load", resolve, { once: true });
    css.addEventListener("error", resolve, { once: true });
  });
  return { root, container, styled };
}

function fire(element, type, detail) {
  element.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
}

/**
 * Mounts a quiz into `element` (any element that can host a shadow root).
 * Resolves to `{ destroy() }`. Errors in the config show the error screen and reach onError and `psm-error`.
 */
export async function mount(element, config = {}) {
  if (!(element instanceof Element)) {
    throw new TypeError("mount(element, config): element must be a DOM Element");
  }
  const { root, container, styled } = shadowFor(element);
  const split = splitConfig(config);
  const callbacks = split.callbacks ?? {};
  let destroyed = false;

  const emit = (type, detail) => {
    if (destroyed || !EVENT_TYPES.includes(type)) return;
    fire(element, type, detail);
    const cb = { "psm-complete": "onComplete", "psm-error": "onError", "psm-progress": "onProgress" }[type];
    try {
      callbacks[cb]?.(detail);
    } catch (e) {
      // A host callback that throws must not break the quiz; report it where hosts look.
      console.error("psm-quiz: host callback failed", e);
    }
  };

  if (split.error) {
    // The config could not even be handed to Rust: show the error as text, never a half quiz.
    const box = document.createElement("div");
    box.className = "psm-card psm-error";
    box.setAttribute("role", "alert");
    box.textContent = `Konfigurasi kuesioner tidak valid / Invalid quiz configuration [${split.error.code}] ${split.error.message}`;
    container.append(box);
    emit("psm-error", split.error);
    return wrapHandle({ destroy() {} }, root, () => (destroyed = true));
  }

  await loadWasm();
  await styled;
  const handle = mount_quiz(container, split.json, emit);
  return wrapHandle(handle, root, () => (destroyed = true));
}

function wrapHandle(handle, root, markDestroyed) {
  let live = true;
  return {
    destroy() {
      if (!live) return;
      live = false;
      markDestroyed();
      handle.destroy();
      root.replaceChildren();
    },
  };
}

const ATTRIBUTES = ["instrument", "lang", "mode", "endpoint"];

/** `<psm-quiz>`: attributes for the common case, the `config` property for everything else. */
class PsmQuizElement extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #config = null;
  #handle = null;
  #generation = 0;

  get config() {
    return this.#config;
  }

  set config(value) {
    this.#config = value;
    if (this.isConnected) this.#remount();
  }

  connectedCallback() {
    // A microtask lets `el.config = ...` right after insertion win over a mount from attributes alone.
    queueMicrotask(() => this.isConnected && !this.#handle && this.#remount());
  }

  disconnectedCallback() {
    this.#generation++;
    this.#handle?.destroy();
    this.#handle = null;
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue !== newValue && this.isConnected && this.#handle) this.#remount();
  }

  #effectiveConfig() {
    const fromAttributes = {};
    for (const name of ATTRIBUTES) {
      const value = this.getAttribute(name);
      if (value !== null) fromAttributes[name] = value;
    }
    if (this.#config === null || this.#config === undefined) return fromAttributes;
    if (typeof this.#config !== "object" || Array.isArray(this.#config)) return this.#config;
    return { ...fromAttributes, ...this.#config };
  }

  async #remount() {
    const generation = ++this.#generation;
    this.#handle?.destroy();
    this.#handle = null;
    const handle = await mount(this, this.#effectiveConfig());
    if (generation !== this.#generation) {
      handle.destroy(); // removed or re-configured while loading
      return;
    }
    this.#handle = handle;
  }
}

if (!customElements.get("psm-quiz")) {
  customElements.define("psm-quiz", PsmQuizElement);
}
