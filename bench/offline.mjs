#!/usr/bin/env node
// Offline behaviour of the delivery outbox (not a test: it prints figures, README "Offline and delivery").
// For an embed with an endpoint and for a kiosk with an endpoint, in headless Chromium (no throttling):
//   1. results are queued (the endpoint is down while candidates finish), then the browser goes offline
//      (Playwright's context.setOffline, which also fires `offline` / `online` in the page);
//   2. timer wake-ups per minute: every setTimeout / setInterval callback the page runs, per minute offline;
//   3. delivery latency: from the network returning (endpoint up, context back online) to the endpoint
//      having received every queued result (its 2xx).
//   node bench/offline.mjs [--dist dist] [--minutes 3] [--results 3] [--targets embed,kiosk]
import { chromium } from "playwright-core";
import { startServer } from "../tools/serve.mjs";
import { CHROMIUM_ARGS, ROOT } from "../tests/support/browser.mjs";
import { startEndpoint } from "../tests/support/endpoint.mjs";
import { runQuiz, instrument, answersFor } from "../tests/support/quiz.mjs";
import { WAKES } from "../tests/support/page-faults.mjs";
import path from "node:path";
import os from "node:os";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const DIST = path.resolve(ROOT, arg("dist", "dist"));
const MINUTES = Number(arg("minutes", "3"));
const RESULTS = Number(arg("results", "3"));
const TARGETS = arg("targets", "embed,kiosk").split(",");
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' http://127.0.0.1:*";
const KIM = instrument("kim-16");

// Counts timer callbacks (wake-ups) from the start of the page.

const HOST_JS = `import { mount } from "/psm-quiz.js";
window.__results = [];
const endpoint = new URLSearchParams(location.search).get("endpoint");
await mount(document.getElementById("q"), { instrument: "kim-16", lang: "id", endpoint,
  onComplete: (r) => __results.push(r) });
window.__ready = true;`;
const HOST_HTML = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>offline bench</title>
<script type="module" src="/__bench__/host.js"></script></head><body><div id="q"></div></body></html>`;

async function queueEmbed(page, ep) {
  const url = `/__bench__/host.html?endpoint=${encodeURIComponent(ep.url)}`;
  for (let i = 0; i < RESULTS; i++) {
    await page.goto(url);
    await page.waitForFunction(() => window.__ready);
    await runQuiz(page.locator("#q"), answersFor(KIM, i + 1));
  }
}

async function queueKiosk(page, ep) {
  const params = new URLSearchParams({ mode: "kiosk", instrument: "kim-16", endpoint: ep.url });
  await page.goto(`/index.html?${params}`);
  for (let i = 0; i < RESULTS; i++) {
    await runQuiz(page.locator("#psm-root"), answersFor(KIM, i + 1));
    await page.click('[data-action="next-candidate"]');
  }
}

async function measure(browser, base, target) {
  const ep = await startEndpoint({ allowOrigins: [base], mode: "down" });
  const context = await browser.newContext({ baseURL: base });
  await context.addInitScript(WAKES);
  const page = await context.newPage();
  await (target === "kiosk" ? queueKiosk : queueEmbed)(page, ep);
  const queued = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("psm-outbox/")).length);
  await context.setOffline(true);
  await page.waitForTimeout(5_000); // let a pass notice
  const perMinute = [];
  for (let m = 0; m < MINUTES; m++) {
    const before = await page.evaluate(() => window.__wakes);
    await page.waitForTimeout(60_000);
    perMinute.push((await page.evaluate(() => window.__wakes)) - before);
  }
  ep.mode = "200";
  const back = performance.now();
  await context.setOffline(false);
  let latency = null;
  const end = back + 60_000;
  while (performance.now() < end) {
    if (ep.accepted().size >= queued) {
      latency = performance.now() - back;
      break;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await context.close();
  await ep.close();
  return { target, queued, perMinute, latency, duplicates: ep.duplicates().length };
}

const server = await startServer({
  root: DIST,
  port: 0,
  headers: { "Content-Security-Policy": CSP },
  onRequest(req, res) {
    const p = req.url.split("?")[0];
    const body = { "/__bench__/host.html": HOST_HTML, "/__bench__/host.js": HOST_JS }[p];
    if (body === undefined) return false;
    res.writeHead(200, { "Content-Type": p.endsWith(".js") ? "text/javascript" : "text/html", "Content-Security-Policy": CSP });
    res.end(body);
    return true;
  },
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
console.log(`offline bench: ${DIST}, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} x ${os.cpus()[0]?.model}, ${browser.version()}`);
try {
  for (const target of TARGETS) {
    const r = await measure(browser, server.url, target);
    const lat = r.latency === null ? "not delivered within 60 s" : `${Math.round(r.latency)} ms`;
    console.log(
      `${target}: ${r.queued} results queued; timer wake-ups per minute offline: ${r.perMinute.join(", ")} ` +
        `(minutes 1..${MINUTES}); delivery latency after the network returns: ${lat}; duplicate 2xx: ${r.duplicates}`,
    );
  }
} finally {
  await browser.close();
  await server.close();
}
