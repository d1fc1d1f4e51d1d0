#!/usr/bin/env node
// The benchmark (scripts/bench.sh runs it; not part of the tests' pass/fail, always exits 0 once it ran).
// Serves each staged target (bench/build.mjs) with gzip from its own origin and drives it in headless Chromium
// emulating a cheap phone: 4x CPU slowdown, slow 4G (150 ms latency, 1.6 Mbit/s down, 750 kbit/s up), a
// 360x780 touch viewport, cache disabled, a fresh browser context per run. Targets: the widget on a host page
// without preload hints (`widget`, as most portals will embed it) and with them (`widget-preload`), SurveyJS,
// jsPsych and the plain HTML form (the floor). Per target, the median of N runs of:
//   bytes gzip      sum of encodedDataLength (CDP Network.loadingFinished) of every response: what crossed the wire
//   bytes br        the same responses with each gzip body replaced by the brotli-11 size of the same file
//                   (headers kept): what a host serving the build's .br copies would send
// The three moments below are each timed at the end of the first animation frame that shows them: that
// frame's style, layout and paint done (bench/probe.js; the moment the probe found them in the DOM is kept
// beside, as `...Found`, with the page's first contentful paint).
//   readable        first moment the first screen's text is shown (the consent heading; for the peers, which
//                   have no consent screen, the first statement)
//   usable          first moment something answerable or pressable is shown (consent button or a radio group)
//   items ready     first moment the page's items are all answerable (every option of every radio group visible,
//                   enabled); the widget's driver agrees the moment the consent button is usable, so for it this
//                   is its first page of statements after consent ("all 24" is reported as paged)
//   submit->result  from the final press (Kirim) to the result being delivered (scoring + payload + UI work)
//   JS heap, wasm   CDP JSHeapUsedSize after a forced GC once delivered; the byte length of wasm memories
// and the ratios of the widget against each comparison page. See docs/benchmark.md.
// and the ratios of the widget against each comparison page, the issue's two targets (first screen usable at
// most 1.25x the floor's, items ready at most 0.5x the faster peer's), and a ready-to-paste markdown table.
//   node bench/run.mjs [--runs 5] [--targets widget,widget-preload,surveyjs,jspsych,plain] [--instrument F]
//                      [--dist D] [--no-throttle]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../tools/serve.mjs";
import { CHROMIUM_ARGS } from "../tests/support/browser.mjs";
import { buildBench, ROOT } from "./build.mjs";
import { brotli, gzip } from "../scripts/precompress.mjs";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(BENCH, "out");
export const NETWORK = { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750, connectionType: "cellular4g" };
export const CPU_SLOWDOWN = 4;
const WIDGET_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
// Buttons the paged widget's driver presses, in Indonesian (aligned with the widget's UI texts).
const CONSENT = "^(saya setuju|setuju|mulai)";
// The widget's consent heading (src/i18n: consent_heading), in either language.
const CONSENT_HEADING = "^(sebelum mulai|before you start)$";
const WIDGETS = ["widget", "widget-preload"];
const isWidget = (name) => WIDGETS.includes(name);
const NEXT = "^(berikutnya|lanjut|selanjutnya|tinjau|periksa)";
const SUBMIT = "^(kirim|selesai|lihat hasil)";
const TIMEOUT = 90_000;

/** The answer the driver gives to the k-th item shown (deterministic, not one long same-answer run). */
export const answerFor = (k, points = 5) => ((k * 2) % points) + 1;

/** Scores computed here independently of the pages, to check every target delivered the same result. */
export function expectedScores(inst) {
  const answers = Object.fromEntries(inst.items.map((item, k) => [item.id, answerFor(k, inst.points)]));
  const scores = {};
  const means = [];
  for (const dim of inst.dimensions) {
    const values = inst.items.filter((i) => i.dimension === dim.id).map((i) => (i.reverse ? inst.points + 1 - answers[i.id] : answers[i.id]));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    means.push(mean);
    scores[dim.id] = Math.round(mean * 100) / 100;
  }
  return { scores, overall: Math.round((means.reduce((a, b) => a + b, 0) / means.length) * 100) / 100 };
}

function parseArgs(argv) {
  const opts = { runs: 5, targets: [...WIDGETS, "surveyjs", "jspsych", "plain"], throttle: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i] ?? (() => { throw new Error(`${a} needs a value`); })();
    if (a === "--runs") opts.runs = Math.max(1, Number(val()) | 0);
    else if (a === "--targets") opts.targets = val().split(",").map((s) => s.trim()).filter(Boolean);
    else if (a === "--instrument") opts.instrumentPath = path.resolve(val());
    else if (a === "--dist") opts.distDir = path.resolve(val());
    else if (a === "--no-throttle") opts.throttle = false;
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

const median = (xs) => {
  const v = xs.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

/** One page load and questionnaire completion; returns the raw figures of this run. */
async function runOnce(browser, target, inst, opts) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 780 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "id-ID",
    serviceWorkers: "block",
  });
  const paged = isWidget(target.name);
  const probe = fs.readFileSync(path.join(BENCH, "probe.js"), "utf8");
  // Readable: the widget's consent heading; the peers' first statement (their first screen has no consent).
  const firstStatement = inst.items[0].text.slice(0, 24).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const cfg = { points: inst.points, items: inst.items.length, paged, consentPattern: paged ? CONSENT : null, readablePattern: paged ? CONSENT_HEADING : firstStatement };
  await context.addInitScript({ content: `globalThis.__BENCH_CONFIG = ${JSON.stringify(cfg)};\n${probe}` });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && !/favicon/.test(m.location()?.url ?? "") && errors.push(m.text()));
  const cdp = await context.newCDPSession(page);
  const responses = new Map(); // requestId -> { url, type, encoding, status }
  const finished = []; // { url, type, bytes }
  cdp.on("Network.responseReceived", ({ requestId, type, response }) => {
    const enc = Object.entries(response.headers).find(([k]) => k.toLowerCase() === "content-encoding");
    responses.set(requestId, { url: response.url, type, status: response.status, encoding: enc ? enc[1] : "" });
    if (response.status >= 400 && !/\/favicon\.ico$/.test(response.url)) errors.push(`HTTP ${response.status} ${response.url}`);
  });
  cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
    const r = responses.get(requestId) ?? { url: "?", type: "Other" };
    // data: URLs are already inside the bytes of the file that holds them; the favicon probe is the browser's.
    if (/^(data|blob):/.test(r.url) || /\/favicon\.ico$/.test(r.url)) return;
    finished.push({ ...r, bytes: encodedDataLength });
  });
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Performance.enable");
  if (opts.throttle) {
    await cdp.send("Network.emulateNetworkConditions", NETWORK);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  }
  const result = { ok: false };
  try {
    await page.goto(target.url, { waitUntil: "commit", timeout: TIMEOUT });
    await page.waitForFunction(
      (p) => globalThis.__bench && globalThis.__bench.firstGroup !== null && (p || globalThis.__bench.allItems !== null),
      paged,
      { timeout: TIMEOUT, polling: 250 },
    );
    const readyBytesApprox = finished.reduce((s, f) => s + f.bytes, 0);
    await drive(page, inst);
    await page.waitForFunction(() => globalThis.__delivered, null, { timeout: TIMEOUT, polling: 100 });
    await page.waitForTimeout(500); // anything fetched lazily after the result counts too
    await cdp.send("HeapProfiler.collectGarbage");
    const { metrics } = await cdp.send("Performance.getMetrics");
    const heap = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? null;
    const inPage = await page.evaluate(() => {
      const b = globalThis.__bench;
      const d = globalThis.__delivered;
      const before = b.clicks.filter((c) => c.t <= d.t);
      const lastRadio = before.filter((c) => c.radio).at(-1);
      const fcp = performance.getEntriesByName("first-contentful-paint")[0];
      return {
        // What a person sees: the end of the frame that first showed it (bench/probe.js). The moments the check
        // found it in the DOM, before that frame's layout and paint, are kept beside them (`...Found`).
        readable: b.painted.readable,
        firstScreen: b.painted.firstScreen,
        firstGroup: b.painted.firstGroup,
        allItemsPainted: b.painted.allItems,
        readableFound: b.readable,
        firstScreenFound: b.firstScreen,
        firstGroupFound: b.firstGroup,
        firstGroupCount: b.firstGroupCount,
        allItemsFound: b.allItems,
        consentClicked: b.consentClicked,
        delivered: d.t,
        lastClick: before.at(-1)?.t ?? null,
        lastRadio: lastRadio?.t ?? null,
        scoreMs: d.scoreMs,
        payload: d.payload,
        wasm: b.wasmBytes(),
        fcp: fcp ? fcp.startTime : null,
      };
    });
    Object.assign(result, {
      ok: true,
      bytes: finished.reduce((s, f) => s + f.bytes, 0),
      brBytes: finished.reduce((s, f) => s + brotliWire(target, f), 0),
      readyBytesApprox,
      requests: finished.length,
      uncompressed: finished.filter((f) => f.bytes > 1024 && !f.encoding && !/\.(png|woff2)$/.test(f.url)).map((f) => f.url),
      resources: finished.map((f) => ({ url: f.url.replace(target.url.replace(/[^/]*$/, ""), ""), type: f.type, bytes: f.bytes })),
      fcp: inPage.fcp,
      readable: inPage.readable,
      firstScreen: inPage.firstScreen,
      firstItems: inPage.firstGroup,
      firstItemsCount: inPage.firstGroupCount,
      allItems: inPage.allItemsPainted,
      readableFound: inPage.readableFound,
      firstScreenFound: inPage.firstScreenFound,
      firstItemsFound: inPage.firstGroupFound,
      allItemsFound: inPage.allItemsFound,
      submitToDelivered: inPage.lastClick === null ? null : inPage.delivered - inPage.lastClick,
      lastAnswerToDelivered: inPage.lastRadio === null ? null : inPage.delivered - inPage.lastRadio,
      scoreMs: inPage.scoreMs,
      jsHeap: heap,
      wasm: inPage.wasm,
      payload: inPage.payload,
    });
  } catch (err) {
    result.error = String(err.message ?? err).split("\n")[0];
  } finally {
    result.pageErrors = errors;
    await context.close();
  }
  return result;
}

const sizes = new Map(); // file -> { gz, br }
/**
 * The bytes a response would take served brotli-compressed: its wire bytes with the gzip body (gzip level 9 of
 * the file, exactly what tools/serve.mjs sent) replaced by the brotli-11 body scripts/precompress.mjs writes.
 * Responses sent without gzip (tiny or already compressed files) count as they came.
 */
function brotliWire(target, response) {
  if (response.encoding !== "gzip") return response.bytes;
  const pathname = decodeURIComponent(new URL(response.url).pathname);
  const file = path.join(target.dir, pathname.endsWith("/") ? `${pathname}index.html` : pathname);
  if (!fs.existsSync(file)) return response.bytes; // a generated response: no file to compress differently
  if (!sizes.has(file)) {
    const bytes = fs.readFileSync(file);
    const ext = path.extname(file);
    sizes.set(file, { gz: gzip(bytes).length, br: brotli(bytes, ext).length });
  }
  const { gz, br } = sizes.get(file);
  return response.bytes - gz + br;
}

/**
 * Answers every shown item (k-th item shown gets answerFor(k)), then presses Next/Kirim until the result is
 * delivered. Clicks run inside the page (element.click(), the same events a tap fires) so driver round trips
 * do not land inside the timed spans; only the final press and the delivery are compared.
 */
async function drive(page, inst) {
  for (let step = 0; step < 40; step++) {
    const state = await page.evaluate(
      ({ points, next, submit, total }) => {
        const b = globalThis.__bench;
        if (globalThis.__delivered) return { done: true };
        b.answered ??= 0;
        // What the page shows before this step acts; the driver then waits for it to change.
        b.sig ??= () => b.deepAll("input, button, h1, h2, [role=alert]").map((e) => e.tagName + (e.name || "") + (e.checked ? 1 : 0) + (e.disabled ? "d" : "") + e.textContent).join("|");
        b.sigBefore = b.sig();
        let clicked = 0;
        for (const group of b.groups()) {
          if (group.some((r) => r.checked)) continue;
          // By position: option values differ between libraries (jsPsych numbers them from 0).
          const radio = group[((b.answered * 2) % points)];
          radio.click();
          b.answered += 1;
          clicked += 1;
        }
        const all = b.answered >= total;
        let [button] = all ? [...b.buttons(submit), ...b.buttons(next)] : b.buttons(next);
        let ticked = 0;
        if (!button) {
          // A step may ask to confirm with a checkbox before its button is enabled (e.g. on review).
          for (const box of b.deepAll('input[type="checkbox"]')) {
            if (!box.checked && !box.disabled && box.checkVisibility()) {
              box.click();
              ticked += 1;
            }
          }
        }
        if (button) button.click();
        return { done: false, clicked: clicked + ticked, pressed: button ? button.textContent.trim() : null, answered: b.answered };
      },
      { points: inst.points, next: NEXT, submit: SUBMIT, total: inst.items.length },
    );
    if (state.done) return;
    if (!state.pressed && state.clicked === 0) throw new Error(`driver stuck after ${state.answered} answers: no item and no ${NEXT}/${SUBMIT} button`);
    await page
      .waitForFunction(() => globalThis.__delivered || globalThis.__bench.sig() !== globalThis.__bench.sigBefore, null, {
        timeout: 20_000,
        polling: 50,
      })
      .catch(async () => {
        // Say where the driver stood, so aligning it with the widget's UI is quick.
        const shown = await page.evaluate(() => globalThis.__bench.sig().slice(0, 400)).catch(() => "?");
        throw new Error(`driver: nothing changed after ${JSON.stringify(state)}; page shows ${shown}`);
      });
  }
  throw new Error("driver gave up after 40 steps");
}

function checkScores(payload, expected) {
  if (!payload?.scores) return "no scores in payload";
  for (const [dim, mean] of Object.entries(expected.scores)) {
    const got = payload.scores[dim]?.mean;
    if (typeof got !== "number" || Math.abs(got - mean) > 0.0051) return `${dim}: got ${got}, expected ${mean}`;
  }
  const overall = payload.overall?.mean;
  if (typeof overall !== "number" || Math.abs(overall - expected.overall) > 0.0051) return `overall: got ${overall}, expected ${expected.overall}`;
  return null;
}

const METRICS = ["bytes", "brBytes", "readyBytesApprox", "fcp", "readable", "firstScreen", "firstItems", "allItems", "readableFound", "firstScreenFound", "firstItemsFound", "allItemsFound", "submitToDelivered", "lastAnswerToDelivered", "scoreMs", "jsHeap", "wasm"];

function summarise(name, target, runs, expected) {
  const ok = runs.filter((r) => r.ok);
  const summary = { name, available: target.available, runs: runs.length, okRuns: ok.length, paged: isWidget(name) };
  if (!target.available) return { ...summary, reason: target.reason };
  if (ok.length === 0) return { ...summary, error: runs.map((r) => r.error).filter(Boolean)[0] ?? "no successful run" };
  for (const m of METRICS) summary[m] = median(ok.map((r) => r[m]));
  summary.memory = summary.jsHeap === null ? null : summary.jsHeap + (summary.wasm ?? 0);
  summary.itemsReady = summary.paged ? summary.firstItems : summary.allItems;
  summary.itemsReadyFound = summary.paged ? summary.firstItemsFound : summary.allItemsFound;
  summary.firstItemsCount = median(ok.map((r) => r.firstItemsCount));
  summary.requests = median(ok.map((r) => r.requests));
  summary.resources = ok[0].resources;
  summary.uncompressed = [...new Set(ok.flatMap((r) => r.uncompressed))];
  summary.scoreCheck = [...new Set(ok.map((r) => checkScores(r.payload, expected)).map((e) => e ?? "ok"))];
  summary.pageErrors = [...new Set(runs.flatMap((r) => r.pageErrors))].slice(0, 5);
  summary.failures = runs.filter((r) => !r.ok).map((r) => r.error);
  summary.raw = ok.map((r) => Object.fromEntries(METRICS.map((m) => [m, r[m]])));
  return summary;
}

const kb = (b) => (b === null || b === undefined ? "-" : (b / 1024).toFixed(1));
const ms = (t) => (t === null || t === undefined ? "-" : Math.round(t).toString());
const mb = (b) => (b === null || b === undefined ? "-" : (b / 1048576).toFixed(1));
const ratio = (a, b) => (a === null || b === null || a === undefined || b === undefined || b === 0 ? null : a / b);

function table(summaries) {
  const rows = [["target", "KB gzip", "KB br", "readable ms", "usable ms", "items ready ms", "all 24 ms", "submit->result ms", "JS heap MB", "wasm MB", "scores"]];
  for (const s of summaries) {
    if (!s.available || s.error) {
      rows.push([s.name, `not available: ${s.reason ?? s.error}`]);
      continue;
    }
    rows.push([
      s.name,
      kb(s.bytes),
      kb(s.brBytes),
      ms(s.readable),
      ms(s.firstScreen),
      `${ms(s.itemsReady)}${s.paged ? ` (page 1: ${s.firstItemsCount} items)` : ""}`,
      s.paged ? (s.allItems === null ? "paged" : ms(s.allItems)) : ms(s.allItems),
      ms(s.submitToDelivered),
      mb(s.jsHeap),
      s.wasm ? mb(s.wasm) : "0",
      s.scoreCheck.join("; "),
    ]);
  }
  const full = rows.filter((r) => r.length > 2); // "not available" rows span the table, not one column
  const widths = rows[0].map((_, i) => Math.max(...full.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => (r.length === 2 ? `${r[0].padEnd(widths[0])}  ${r[1]}` : r.map((c, i) => (c ?? "").padEnd(widths[i])).join("  "))).join("\n");
}

const x = (v) => (v === null || v === undefined ? "-" : `${v.toFixed(2)}x`);

/** Each widget build's ratios to each other target, and the issue's two targets, per widget target. */
function ratios(summaries) {
  const by = Object.fromEntries(summaries.filter((s) => s.available && !s.error).map((s) => [s.name, s]));
  const widgets = WIDGETS.filter((w) => by[w]);
  if (!widgets.length) return { text: "ratios: widget not available", ratios: null, targets: null };
  const out = {};
  const targets = {};
  const lines = ["widget / other (lower is better for the widget):"];
  for (const name of widgets) {
    const w = by[name];
    out[name] = {};
    for (const other of ["surveyjs", "jspsych", "plain"]) {
      const o = by[other];
      if (!o) continue;
      out[name][other] = {
        bytes: ratio(w.bytes, o.bytes),
        brBytes: ratio(w.brBytes, o.brBytes),
        readable: ratio(w.readable, o.readable),
        usable: ratio(w.firstScreen, o.firstScreen),
        itemsReady: ratio(w.itemsReady, o.itemsReady),
        submitToDelivered: ratio(w.submitToDelivered, o.submitToDelivered),
        memory: ratio(w.memory, o.memory),
      };
      const r = out[name][other];
      lines.push(
        `  ${name.padEnd(14)} vs ${other.padEnd(8)} gzip ${x(r.bytes)}  br ${x(r.brBytes)}  readable ${x(r.readable)}  usable ${x(r.usable)}  items ready ${x(r.itemsReady)}  submit->result ${x(r.submitToDelivered)}  heap+wasm ${x(r.memory)}`,
      );
    }
    const t = {};
    if (by.plain) {
      const q = ratio(w.firstScreen, by.plain.firstScreen);
      t.firstScreenVsFloor = { ratio: q, goal: 1.25, met: q !== null && q <= 1.25 };
    }
    const peers = ["surveyjs", "jspsych"].map((p) => by[p]).filter((p) => p && p.itemsReady !== null);
    if (peers.length) {
      const fastest = peers.reduce((a, b) => (b.itemsReady < a.itemsReady ? b : a));
      const q = ratio(w.itemsReady, fastest.itemsReady);
      t.itemsReadyVsFasterPeer = { ratio: q, goal: 0.5, peer: fastest.name, met: q !== null && q <= 0.5 };
    }
    targets[name] = t;
  }
  const met = (t) => (t.met ? "met" : "NOT met");
  lines.push("targets:");
  for (const [name, t] of Object.entries(targets)) {
    const parts = [];
    if (t.firstScreenVsFloor) parts.push(`first screen usable <= 1.25x the floor: ${x(t.firstScreenVsFloor.ratio)} (${met(t.firstScreenVsFloor)})`);
    if (t.itemsReadyVsFasterPeer) parts.push(`statements answerable <= 0.5x the faster peer (${t.itemsReadyVsFasterPeer.peer}): ${x(t.itemsReadyVsFasterPeer.ratio)} (${met(t.itemsReadyVsFasterPeer)})`);
    lines.push(`  ${name.padEnd(14)} ${parts.join("; ")}`);
  }
  return { text: lines.join("\n"), ratios: out, targets };
}

/** The figures as markdown, ready to paste into README's "Size and speed" and docs/benchmark.md. */
function markdown(results, summaries, r) {
  const m = results.machine;
  const lines = [
    `Measured ${results.date.slice(0, 10)} on ${m.cpus} x ${m.cpuModel ?? "?"} (${m.memGiB} GiB, load ${m.loadAvgAtStart.toFixed(2)} at start), ` +
      `Chromium ${results.chromium}, ${results.conditions.throttled ? `CPU ${CPU_SLOWDOWN}x slower, ${(NETWORK.downloadThroughput * 8) / 1e6} Mbit/s down, ${NETWORK.latency} ms latency` : "no throttling"}, ` +
      `median of ${results.runs} runs per target (\`node bench/run.mjs --runs ${results.runs}\`).`,
    "",
    "| target | KB gzip | KB br | readable ms | usable ms | statements answerable ms | submit → result ms | heap + wasm MB |",
    "|---|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const s of summaries) {
    if (!s.available || s.error) {
      lines.push(`| ${s.name} | not available: ${String(s.reason ?? s.error).replace(/\|/g, "/")} |||||||`);
      continue;
    }
    const items = s.paged ? `${ms(s.itemsReady)} (page 1, ${s.firstItemsCount})` : ms(s.itemsReady);
    lines.push(`| ${s.name} | ${kb(s.bytes)} | ${kb(s.brBytes)} | ${ms(s.readable)} | ${ms(s.firstScreen)} | ${items} | ${ms(s.submitToDelivered)} | ${mb(s.memory)} |`);
  }
  lines.push(
    "",
    "Found in the DOM by the probe, before that frame's layout and paint (not reported as the figures above: a page whose",
    "layout the probe's own check forces is timed before that layout, one the browser laid out earlier after it):",
    "",
    "| target | readable ms | usable ms | statements answerable ms | first contentful paint ms |",
    "|---|--:|--:|--:|--:|",
  );
  for (const s of summaries) {
    if (s.available && !s.error) lines.push(`| ${s.name} | ${ms(s.readableFound)} | ${ms(s.firstScreenFound)} | ${ms(s.itemsReadyFound)} | ${ms(s.fcp)} |`);
  }
  if (r.ratios) {
    lines.push("", "| widget / other | KB gzip | KB br | readable | usable | statements answerable | submit → result |", "|---|--:|--:|--:|--:|--:|--:|");
    for (const [name, others] of Object.entries(r.ratios)) {
      for (const [other, q] of Object.entries(others)) {
        lines.push(`| ${name} / ${other} | ${x(q.bytes)} | ${x(q.brBytes)} | ${x(q.readable)} | ${x(q.usable)} | ${x(q.itemsReady)} | ${x(q.submitToDelivered)} |`);
      }
    }
    lines.push("");
    for (const [name, t] of Object.entries(r.targets)) {
      const f = t.firstScreenVsFloor;
      const i = t.itemsReadyVsFasterPeer;
      if (f) lines.push(`- ${name}: first screen usable at most 1.25x the plain form's: ${x(f.ratio)}, ${f.met ? "**met**" : "**not met**"}`);
      if (i) lines.push(`- ${name}: statements answerable at most 0.5x the faster peer's (${i.peer}): ${x(i.ratio)}, ${i.met ? "**met**" : "**not met**"}`);
    }
  }
  return lines.join("\n");
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const manifest = buildBench({ instrumentPath: opts.instrumentPath, distDir: opts.distDir });
  const inst = JSON.parse(fs.readFileSync(path.join(OUT, "site/surveyjs/data.js"), "utf8").replace(/^\/\/.*\n/, "").replace(/^window\.PERRY24 = /, "").replace(/;\s*$/, ""));
  const expected = expectedScores(inst);
  const targets = opts.targets.map((name) => {
    const t = manifest.targets[name];
    if (!t) throw new Error(`unknown target ${name}`);
    return { name, ...t };
  });

  const servers = [];
  for (const t of targets.filter((t) => t.available)) {
    const server = await startServer({ root: t.dir, port: 0, gzip: true, headers: t.name === "widget" ? { "Content-Security-Policy": WIDGET_CSP } : {} });
    servers.push(server);
    t.url = new URL(t.entry, server.url).href;
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const version = browser.version();
  const load = os.loadavg()[0];
  console.log(`psm-quiz benchmark: ${opts.runs} runs per target, Chromium ${version}, ${opts.throttle ? `CPU ${CPU_SLOWDOWN}x, ${(NETWORK.downloadThroughput * 8) / 1e6} Mbit/s down, ${NETWORK.latency} ms` : "NO throttling"}, load avg ${load.toFixed(2)}`);

  const raw = Object.fromEntries(targets.map((t) => [t.name, []]));
  const live = targets.filter((t) => t.available);
  for (let run = 0; run < opts.runs; run++) {
    // Rotate the order each run so background load on the machine spreads over all targets.
    const order = live.map((_, i) => live[(i + run) % live.length]);
    for (const t of order) {
      const r = await runOnce(browser, t, inst, opts);
      raw[t.name].push(r);
      process.stdout.write(`  run ${run + 1} ${t.name.padEnd(14)} ${r.ok ? `${kb(r.bytes)} KB, usable ${ms(r.firstScreen)} ms, items ready ${ms(isWidget(t.name) ? r.firstItems : r.allItems)} ms` : `FAILED: ${r.error}`}\n`);
    }
  }
  await browser.close();
  await Promise.all(servers.map((s) => s.close()));

  const summaries = targets.map((t) => summarise(t.name, t, raw[t.name], expected));
  const r = ratios(summaries);
  console.log(`\nmedians of ${opts.runs} runs (items ready: all 24 at once for single-page targets; first page for the paged widget, after its consent screen)\n`);
  console.log(table(summaries));
  console.log(`\n${r.text}`);
  console.log("\nbytes on the wire by resource type (first successful run):");
  for (const s of summaries.filter((x) => x.resources)) {
    const byType = {};
    for (const r of s.resources) byType[r.type] = (byType[r.type] ?? 0) + r.bytes;
    s.bytesByType = byType;
    console.log(`  ${s.name.padEnd(9)} ${Object.entries(byType).sort((a, b) => b[1] - a[1]).map(([t, b]) => `${t} ${kb(b)} KB`).join(", ")}`);
  }
  for (const s of summaries) {
    if (s.uncompressed?.length) console.log(`note: ${s.name} served without gzip: ${s.uncompressed.join(", ")}`);
    if (s.pageErrors?.length) console.log(`note: ${s.name} page errors: ${s.pageErrors.join(" | ")}`);
    if (s.failures?.length) console.log(`note: ${s.name} failed runs: ${s.failures.join(" | ")}`);
  }
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30), arch: os.arch(), loadAvgAtStart: load },
    chromium: version,
    conditions: { throttled: opts.throttle, cpuSlowdown: CPU_SLOWDOWN, network: NETWORK, viewport: "360x780 @2x, touch", cache: "disabled", serviceWorkers: "blocked" },
    runs: opts.runs,
    instrument: { ...manifest.instrument, file: path.relative(ROOT, opts.instrumentPath ?? path.join(ROOT, "instruments/perry-24.json")) },
    expected,
    targets: Object.fromEntries(summaries.map((s) => [s.name, s])),
    ratios: r.ratios,
    goals: r.targets,
  };
  const md = markdown(results, summaries, r);
  console.log(`\nmarkdown (README "Size and speed", docs/benchmark.md):\n\n${md}\n`);
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, "results.json"), JSON.stringify(results, null, 2));
  fs.writeFileSync(path.join(OUT, "results.md"), `${md}\n`);
  console.log(`wrote ${path.relative(ROOT, path.join(OUT, "results.json"))} and results.md`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    // A benchmark that could not run says why; it is not a test, so the exit code stays 0 unless asked.
    console.error(`bench: ${err.stack ?? err}`);
    process.exit(process.env.BENCH_STRICT ? 1 : 0);
  });
}
