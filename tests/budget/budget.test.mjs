// Size budget: everything the widget makes a browser download (HTML, JS, wasm, CSS, instruments) must stay
// at or under a budget. Two budgets: the product's target, 130 KB gzip (`PSM_BUDGET=target`, run by
// scripts/budget.sh; not met yet, see README "Size and speed"), and a ceiling just above today's size that the
// test command enforces (the default), so the widget can only shrink from here, never grow back unnoticed.
// Lower CEILING_KB whenever the widget shrinks. Measured the way a phone would pay for it: dist/ is served by
// tools/serve.mjs as docs/hosting.md tells a host to serve it, the build's precompressed FILE.gz (Zopfli, see
// scripts/precompress.mjs; a file without one is gzipped at level 9 on the fly), to a browser that accepts gzip
// only (brotli would be smaller still); a page embeds the widget in headless Chromium, and the
// encodedDataLength (bytes on the wire, headers included) of every response from the dist server is summed
// until the quiz is shown and the network is idle. zlib's level 9 of each dist file is printed next to it: what
// a server compressing on the fly would send instead.
//   node --test tests/budget/budget.test.mjs      (DIST=path to test another build; PSM_ALLOW_NO_DIST=1 to skip
//                                                when dist/ was not built; PSM_BUDGET=target for 130 KB)
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import crypto from "node:crypto";
import { startServer } from "../../tools/serve.mjs";
import { launch, DIST } from "../support/browser.mjs";

/**
 * The product's target: 130 KB gzip on the wire (issue 15, which retired the 110 KB of the earlier performance
 * issue: Yew alone is about 58 KB).
 */
export const TARGET_BYTES = 130 * 1024;
/**
 * Today's ceiling for the embed page: measured 145 KB on 2026-12-01, then 152.1 KB once the widget told the
 * truth about the data (the consent of UU 27/2022: the sent list generated from the config, the PDP notice with
 * the candidate's rights, the consent record of psm-result/2), kept saved progress to one candidate and timed
 * answers between answers; plus a little room. Then 150.7 KB once JSON text was left to the browser (the core's
 * own text reader, number reader and serde writer removed; the payload written by a small hand writer; the
 * `psm-complete` object parsed from the payload's text instead of serialised a second time), 149.8 KB with
 * wasm-opt -O1 to convergence without the producers/target-features sections, minified stylesheets and sha2's
 * compact SHA-256, and 152.3 KB once the first screen came before the wasm (the prerendered consent file the page
 * needs, about 1.6 KB, and the code that shows it and hands an early choice to the wasm, about 2 KB), all of
 * these together measured on 2026-12-01, then 152.1 KB once the first screens and the stylesheet came inside
 * psm-quiz.js (no request after it; scripts/inline-first.mjs): plus about 1 KB. Then 144.1 KB once the
 * build's .gz copies were written by Zopfli and counted as a host following docs/hosting.md serves them (zlib's
 * level 9 on the fly: 152.1 KB), and 142.5 KB once the saved run was written from the core's tree by the
 * browser's JSON (serde-wasm-bindgen left to the delivery and kiosk builds), then 146.5 KB once the first page of
 * statements came before the wasm too (four prerendered pages with their progress lines inside psm-quiz.js,
 * about 2.5 KB, and the code that records early answers and hands them to the wasm, about 1.4 KB; statements
 * answerable about 2.5 times sooner); measured on 2026-12-01, plus about 0.9 KB. Then 143.1 KB once each widget
 * wasm and its glue shared short import and export names (scripts/short-names.mjs: wasm 2.3 KB, glue 1.7 KB
 * less), with the early page's answers kept and the storage probe in every build (+0.3 KB). Issue 15's goal is
 * 130 KB: not reached (README).
 */
export const CEILING_BYTES = 144 * 1024;
/**
 * The iframe page carries its own HTML, CSS and script besides the embed (about 3 KB more). Its ceiling was the
 * embed's 150 KB until the consent of UU 27/2022 (the list of what is sent generated from the config, the PDP
 * notice with the candidate's rights, the consent record of psm-result/2) took it to 153.1 KB on 2026-12-01,
 * and the rest of the trust work (see the embed's ceiling) to 155.6 KB, then 154.1 KB with the browser's JSON
 * (see the embed's ceiling), then 155.9 KB with the embed's savings and its first screen (see the embed's
 * ceiling), 155.7 KB with the first screens and the stylesheet inside psm-quiz.js, 146.1 KB with the Zopfli
 * .gz copies and the embed's smaller wasm (see the embed's ceiling), 150.1 KB with the early first page of
 * statements (see the embed's ceiling), 146.7 KB with the short names (see the embed's ceiling): measured plus
 * about 0.9 KB.
 */
const IFRAME_CEILING_KB = 147.6;
export const IFRAME_CEILING_BYTES = process.env.PSM_BUDGET === "target" ? TARGET_BYTES : IFRAME_CEILING_KB * 1024;
/**
 * The kiosk build (loaded only by kiosk pages, cached for offline use) has no product target of its own, but
 * it must not grow unnoticed either: gzip -9 of its files, measured 180 KB on 2026-12-01, then 210.2 KB once
 * the kiosk kept results safe under storage and network faults (room left in the panel, exports that mark what
 * they wrote, two-level clearing, results held while storage refuses them, redirect / offline / clock handling
 * in the outbox), showed the consent of UU 27/2022 (see the iframe ceiling above) and was provisioned on the
 * device (setup screen, PBKDF2 PIN check through WebCrypto, staff notices, one export button per file), plus a
 * little room; then 214.8 KB once the host's config crossed as a JS value (src/js_value.rs), and 210.3 KB once
 * the kiosk's provisioning record, saved settings and exports were read with the browser's JSON too (the
 * core's JSON text reader, number reader and serde writer gone), then 210.6 KB with the embed's savings (see
 * its ceiling) and the first-screen code of the shared psm-quiz.js (a kiosk never shows that screen), then
 * 214.4 KB once psm-quiz.js carried the four first screens and the stylesheet (the kiosk keeps psm-quiz.css
 * too, for a browser that cannot adopt a constructed stylesheet), and 217.6 KB with the outbox's receipts in
 * IndexedDB (see the delivery ceiling), 207.1 KB counted as their Zopfli .gz copies (see the embed's ceiling),
 * 211.2 KB with the shared psm-quiz.js carrying the early pages (see the embed's ceiling), the consent's
 * sentence on results kept at the kiosk and the outbox's writes kept under its lock, 205.9 KB with the short
 * names (see the embed's ceiling): measured plus about 0.9 KB.
 */
const KIOSK_CEILING_KB = 206.8;
export const KIOSK_CEILING_BYTES = KIOSK_CEILING_KB * 1024;
/**
 * An embed with an `endpoint` loads the delivery build (the embed plus the durable outbox) instead of the
 * embed build: measured 156 KB on the wire on 2026-12-01, 167.5 KB with the consent of UU 27/2022 (see the
 * iframe ceiling above) and an outbox that holds under faults (manual redirects, quiet offline sleep, clock
 * caps, direct POST when storage refuses, Retry-After as a date, delivery after the quiz is removed), plus a
 * little room; then 165.6 KB with the browser's JSON (outbox entries written with JSON.stringify, see the embed's
 * ceiling), then 165.6 KB with the embed's savings and the first-screen code in psm-quiz.js (an endpoint config
 * gets no first screen; see the embed's ceiling), then 167.0 KB once psm-quiz.js carried the first screens and
 * the stylesheet (no psm-quiz.css request; the screens, which an endpoint config never shows, about 1.4 KB
 * more), and 170.2 KB once each 2xx was kept as a receipt in IndexedDB, read under the Web Lock before sending,
 * so two tabs never deliver one result twice (localStorage is not read consistently across tabs;
 * src/outbox/receipts.rs, about 3.2 KB of wasm and glue), and 161.3 KB with the Zopfli .gz copies (see the
 * embed's ceiling), then 165.4 KB with the early pages in psm-quiz.js and their code (an endpoint config shows
 * none of them), the consent's sentence on a finished result kept until delivered, and the outbox's writes kept
 * under its lock, 160.6 KB with the short names (see the embed's ceiling): measured plus about 0.9 KB.
 */
const DELIVERY_CEILING_KB = 161.5;
export const BUDGET_BYTES = process.env.PSM_BUDGET === "target" ? TARGET_BYTES : CEILING_BYTES;
const BUDGET_NAME = BUDGET_BYTES === TARGET_BYTES ? "target" : "ceiling";
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const HOST_PAGE = "/__budget__/embed.html";
const DELIVERY_PAGE = "/__budget__/delivery.html";
// The host's own pages are not the widget's weight; everything else from the dist server is.
const hostHtml = (attributes) => `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>budget</title>
<script type="module" src="/psm-quiz.js"></script></head>
<body><psm-quiz ${attributes}></psm-quiz></body></html>`;
const HOST_PAGES = {
  [HOST_PAGE]: hostHtml('instrument="perry-24" lang="id"'),
  [DELIVERY_PAGE]: hostHtml('instrument="perry-24" lang="id" endpoint="https://hasil.example.go.id/psm"'),
};

const distBuilt = fs.existsSync(path.join(DIST, "psm-quiz.js"));

/** psm-quiz.js plus the wasm-bindgen glue and wasm it names (their names follow the crate's). */
function widgetFiles() {
  const source = fs.readFileSync(path.join(DIST, "psm-quiz.js"), "utf8");
  // Static or dynamic imports of the glue; the delivery and kiosk builds are only for the configs that need them.
  const glue = [...source.matchAll(/(?:from\s+|import\(\s*)["']\.\/([^"'/]+\.js)["']/g)].map((m) => m[1]);
  const wasm = [...source.matchAll(/["']\.?\/?([^"'/]+\.wasm)["']/g)].map((m) => m[1]);
  const embed = (f) => !/kiosk|delivery/.test(f);
  return ["psm-quiz.js", ...new Set(glue.filter(embed)), ...new Set(wasm.filter(embed))];
}
const skipNoDist = !distBuilt && process.env.PSM_ALLOW_NO_DIST === "1";
const noDistMessage = `${DIST} has no psm-quiz.js: build it with scripts/build-dist.sh (or set PSM_ALLOW_NO_DIST=1 to skip)`;

/**
 * Loads `pagePath` from a gzip server on `root` and returns the responses it served, with their bytes on the
 * wire. `ready(page)` waits for the page's own notion of loaded; then the network must be idle.
 */
async function measure(root, pagePath, ready) {
  const server = await startServer({
    root,
    port: 0,
    gzip: true,
    precompressed: true,
    headers: { "Content-Security-Policy": CSP },
    onRequest(req, res) {
      // The budget is in gzip: answer as to a browser that accepts gzip alone (Chromium also accepts brotli,
      // and would be sent the smaller .br copies).
      req.headers["accept-encoding"] = "gzip";
      const html = HOST_PAGES[req.url.split("?")[0]];
      if (!html) return false;
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": CSP, "Cache-Control": "no-cache" });
      res.end(html);
      return true;
    },
  });
  const browser = await launch();
  try {
    const context = await browser.newContext({ serviceWorkers: "block" });
    // A widget showing its error screen is not a widget that loaded: collect psm-error events too.
    await context.addInitScript(() =>
      addEventListener("psm-error", (e) => (globalThis.__psmErrors ??= []).push(JSON.stringify(e.detail)), true),
    );
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const cdp = await context.newCDPSession(page);
    const meta = new Map();
    const rows = [];
    cdp.on("Network.responseReceived", ({ requestId, response }) => {
      const enc = Object.entries(response.headers).find(([k]) => k.toLowerCase() === "content-encoding");
      meta.set(requestId, { url: response.url, status: response.status, encoding: enc ? enc[1] : "" });
    });
    cdp.on("Network.loadingFinished", ({ requestId, encodedDataLength }) => {
      const m = meta.get(requestId);
      if (!m || !m.url.startsWith(server.url)) return; // data: URLs, other origins
      const rel = new URL(m.url).pathname;
      if (rel in HOST_PAGES || rel === "/favicon.ico") return;
      rows.push({ file: rel.slice(1) || "/", status: m.status, encoding: m.encoding || "identity", wire: encodedDataLength });
    });
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    await page.goto(new URL(pagePath, server.url).href, { waitUntil: "load", timeout: 60_000 });
    if (ready) await ready(page);
    await page.waitForLoadState("networkidle", { timeout: 30_000 });
    errors.push(...(await page.evaluate(() => (globalThis.__psmErrors ?? []).map((d) => `psm-error ${d}`))));
    await context.close();
    return { rows, total: rows.reduce((s, r) => s + r.wire, 0), errors };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Waits until the widget shows something to act on (a control) or an alert, inside its shadow root. */
async function widgetShown(page) {
  await page.waitForFunction(
    () => {
      const deep = (root) => {
        if (root.querySelector("input, button, select, [role=alert]")) return true;
        return [...root.querySelectorAll("*")].some((el) => el.shadowRoot && deep(el.shadowRoot));
      };
      return deep(document);
    },
    null,
    { timeout: 60_000 },
  );
}

/** zlib's gzip level 9 of a file: what a server compressing on the fly would send (for reference). */
function gzipOf(file) {
  return zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

/** The gzip a host serves for a file: its precompressed FILE.gz when the build wrote one for these bytes. */
function servedGzipOf(file) {
  const copy = `${file}.gz`;
  if (fs.existsSync(copy) && fs.statSync(copy).mtimeMs >= fs.statSync(file).mtimeMs) return fs.statSync(copy).size;
  return gzipOf(file);
}

function report(title, { rows, total }, root, ceiling = BUDGET_BYTES) {
  const name = ceiling === BUDGET_BYTES ? BUDGET_NAME : "ceiling";
  const lines = [
    `${title}: ${(total / 1024).toFixed(1)} KB on the wire; ${name} ${(ceiling / 1024).toFixed(1)} KB` +
      `, target ${(TARGET_BYTES / 1024).toFixed(0)} KB (${total > TARGET_BYTES ? `${((total - TARGET_BYTES) / 1024).toFixed(1)} KB over` : "met"})`,
  ];
  lines.push(`  ${"file".padEnd(34)} ${"status".padEnd(6)} ${"encoding".padEnd(8)} ${"wire B".padStart(8)} ${"raw B".padStart(8)} ${"zlib-9 B".padStart(8)}`);
  for (const r of [...rows].sort((a, b) => b.wire - a.wire)) {
    const file = path.join(root, r.file.split("?")[0]);
    const exists = fs.existsSync(file) && fs.statSync(file).isFile();
    const raw = exists ? fs.statSync(file).size : "-";
    const gz = exists ? gzipOf(file) : "-";
    lines.push(`  ${r.file.padEnd(34)} ${String(r.status).padEnd(6)} ${r.encoding.padEnd(8)} ${String(r.wire).padStart(8)} ${String(raw).padStart(8)} ${String(gz).padStart(8)}`);
  }
  return lines.join("\n");
}

test("the measurement counts real transfers: incompressible bytes over budget fail, gzip is credited", async () => {
  // Bad input on purpose: a page that pulls 150 KB of random bytes must be over budget, and 300 KB of
  // repetitive text must come in far under it (so the sum is of compressed wire bytes, not file sizes).
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "psm-budget-"));
  try {
    fs.writeFileSync(path.join(root, "noise.js"), `// ${crypto.randomBytes(150 * 1024).toString("base64").slice(0, 200 * 1024)}\n`);
    fs.writeFileSync(path.join(root, "text.js"), `// ${"Sangat setuju. ".repeat(20_000)}\n`);
    fs.writeFileSync(path.join(root, "noise.html"), `<!doctype html><title>n</title><script src="noise.js"></script>`);
    fs.writeFileSync(path.join(root, "text.html"), `<!doctype html><title>t</title><script src="text.js"></script>`);
    const noisy = await measure(root, "/noise.html");
    assert.ok(noisy.total > TARGET_BYTES, `200 KB of random base64 should exceed the target, measured ${noisy.total} B`);
    assert.ok(noisy.rows.some((r) => r.file === "noise.js"), "noise.js was not counted");
    const text = await measure(root, "/text.html");
    const row = text.rows.find((r) => r.file === "text.js");
    assert.ok(row, "text.js was not counted");
    assert.equal(row.encoding, "gzip", "the server must gzip text files");
    assert.ok(row.wire < 20 * 1024, `300 KB of repetitive text should gzip far under 20 KB, measured ${row.wire} B`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test(`widget embedded as <psm-quiz> transfers at most the ${BUDGET_NAME} (${(BUDGET_BYTES / 1024).toFixed(1)} KB gzip)`, { skip: skipNoDist && noDistMessage }, async () => {
  assert.ok(distBuilt, noDistMessage);
  const result = await measure(DIST, HOST_PAGE, widgetShown);
  const text = report("embed <psm-quiz instrument=perry-24 lang=id>", result, DIST);
  console.log(text);
  const needed = widgetFiles();
  assert.ok(needed.some((f) => f.endsWith(".wasm")), `psm-quiz.js names no .wasm file: ${needed.join(", ")}`);
  for (const f of needed) {
    assert.ok(result.rows.some((r) => r.file === f && r.status === 200), `${f} was not loaded by the embed page\n${text}`);
  }
  // The wasm came as the build's .gz copy (its bytes plus headers), not compressed anew by the server.
  for (const r of result.rows.filter((r) => r.file.endsWith(".wasm"))) {
    const copy = fs.statSync(path.join(DIST, `${r.file}.gz`)).size;
    assert.ok(r.wire >= copy && r.wire < copy + 1024, `${r.file}: ${r.wire} B on the wire, its .gz copy is ${copy} B\n${text}`);
  }
  const plain = result.rows.filter((r) => r.encoding !== "gzip" && r.wire > 1024 && !/\.(png|woff2)$/.test(r.file));
  assert.deepEqual(plain.map((r) => r.file), [], `files served without gzip would make the figure meaningless\n${text}`);
  assert.deepEqual(result.errors, [], `the embed page threw\n${text}`);
  const extra = result.rows.filter((r) => /kiosk|delivery/.test(r.file)).map((r) => r.file);
  assert.deepEqual(extra, [], `an embed without endpoint must not download the delivery or kiosk build\n${text}`);
  assert.ok(result.total <= BUDGET_BYTES, `over budget by ${result.total - BUDGET_BYTES} B\n${text}`);
});

test(`widget with an endpoint loads only the delivery build, at most ${DELIVERY_CEILING_KB} KB gzip`, { skip: skipNoDist && noDistMessage }, async () => {
  assert.ok(distBuilt, noDistMessage);
  const result = await measure(DIST, DELIVERY_PAGE, widgetShown);
  const ceiling = DELIVERY_CEILING_KB * 1024;
  const text = report("embed with endpoint (delivery build)", result, DIST, ceiling);
  console.log(text);
  const loaded = (f) => result.rows.some((r) => r.file === f && r.status === 200);
  assert.ok(loaded("psm-quiz-delivery_bg.wasm") && loaded("psm-quiz-delivery.js"), `the delivery build was not loaded\n${text}`);
  assert.ok(!loaded("psm-quiz-web_bg.wasm") && !loaded("psm-quiz-kiosk_bg.wasm"), `a second build was downloaded\n${text}`);
  assert.deepEqual(result.errors, [], `the page threw\n${text}`);
  assert.ok(result.total <= ceiling, `over the delivery ceiling by ${result.total - ceiling} B\n${text}`);
});

test(`widget as the iframe page (index.html) transfers at most the ${BUDGET_NAME} (${(IFRAME_CEILING_BYTES / 1024).toFixed(1)} KB gzip)`, { skip: skipNoDist && noDistMessage }, async () => {
  assert.ok(distBuilt, noDistMessage);
  assert.ok(fs.existsSync(path.join(DIST, "index.html")), `${DIST}/index.html missing`);
  const result = await measure(DIST, "/index.html?instrument=perry-24&lang=id", widgetShown);
  const text = report("iframe index.html?instrument=perry-24&lang=id", result, DIST, IFRAME_CEILING_BYTES);
  console.log(text);
  const wasm = widgetFiles().filter((f) => f.endsWith(".wasm"));
  assert.ok(wasm.length && wasm.every((w) => result.rows.some((r) => r.file === w)), `the wasm was not loaded\n${text}`);
  assert.deepEqual(result.errors, [], `the iframe page threw\n${text}`);
  assert.ok(result.total <= IFRAME_CEILING_BYTES, `over budget by ${result.total - IFRAME_CEILING_BYTES} B\n${text}`);
});

test(`the widget's files in dist/ gzip (their .gz copies) to at most the ${BUDGET_NAME} (${(BUDGET_BYTES / 1024).toFixed(1)} KB) together`, { skip: skipNoDist && noDistMessage }, () => {
  // A cross-check independent of what a page happens to load before it is idle: the files every embed needs,
  // plus any instrument data shipped beside them (psm-quiz.js carries the stylesheet; psm-quiz.css is only
  // for a browser that cannot adopt it).
  assert.ok(distBuilt, noDistMessage);
  const files = widgetFiles();
  const instruments = path.join(DIST, "instruments");
  if (fs.existsSync(instruments)) {
    for (const f of fs.readdirSync(instruments)) if (f.endsWith(".json")) files.push(`instruments/${f}`);
  }
  const rows = files.map((f) => {
    const file = path.join(DIST, f);
    assert.ok(fs.existsSync(file), `${f} missing from ${DIST}`);
    return { f, raw: fs.statSync(file).size, gz: servedGzipOf(file) };
  });
  const total = rows.reduce((s, r) => s + r.gz, 0);
  const text = [`dist files, gzip as served (.gz copies): ${(total / 1024).toFixed(1)} KB; ${BUDGET_NAME} ${(BUDGET_BYTES / 1024).toFixed(1)} KB, target ${(TARGET_BYTES / 1024).toFixed(0)} KB`]
    .concat(rows.map((r) => `  ${r.f.padEnd(34)} ${String(r.raw).padStart(8)} raw ${String(r.gz).padStart(8)} gzip`))
    .join("\n");
  console.log(text);
  assert.ok(total <= BUDGET_BYTES, `over budget by ${total - BUDGET_BYTES} B\n${text}`);
});

test(`the kiosk build's files gzip (their .gz copies) to at most ${KIOSK_CEILING_KB} KB together`, { skip: skipNoDist && noDistMessage }, () => {
  assert.ok(distBuilt, noDistMessage);
  const files = ["psm-quiz.js", "psm-kiosk-offline.js", "psm-quiz-kiosk.js", "psm-quiz-kiosk_bg.wasm", "psm-quiz.css", "index.html", "iframe.js", "iframe.css"];
  const rows = files.map((f) => {
    const file = path.join(DIST, f);
    assert.ok(fs.existsSync(file), `${f} missing from ${DIST}`);
    return { f, gz: servedGzipOf(file) };
  });
  const total = rows.reduce((s, r) => s + r.gz, 0);
  const text = [`kiosk files, gzip as served (.gz copies): ${(total / 1024).toFixed(1)} KB; ceiling ${KIOSK_CEILING_KB} KB`]
    .concat(rows.map((r) => `  ${r.f.padEnd(34)} ${String(r.gz).padStart(8)} gzip`))
    .join("\n");
  console.log(text);
  assert.ok(total <= KIOSK_CEILING_BYTES, `over the kiosk ceiling by ${total - KIOSK_CEILING_BYTES} B\n${text}`);
});
