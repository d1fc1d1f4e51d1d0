// Exactly once across tabs: several tabs of one origin share one outbox, and every queued result must reach
// the endpoint with exactly one 2xx and leave nothing behind, however slow the tabs are. Chromium serves
// localStorage to each tab from a cache of its own that learns of other tabs' writes later, and the Web
// Lock does not wait for it: a tab could send a result another tab had just delivered (its view still
// showed it pending), or write one back from an old read after another tab removed it. The tabs here run
// on throttled CPUs (DevTools `Emulation.setCPUThrottlingRate`), which makes those views lag, and the
// stale copy is also written back on purpose.
//   node --test tests/e2e/tabs.test.mjs   (DIST=... to test another build; PSM_ALLOW_NO_DIST=1 skips without one)
//   TABS_ROUNDS=n repeats the race n times in one run (default 5).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { startServer } from "../../tools/serve.mjs";
import { launch, DIST } from "../support/browser.mjs";
import { startEndpoint } from "../support/endpoint.mjs";
import { pagesFrom } from "../support/pages.mjs";
import { runQuiz, instrument, answersFor } from "../support/quiz.mjs";

const built = fs.existsSync(path.join(DIST, "psm-quiz.js"));
const skip = !built && process.env.PSM_ALLOW_NO_DIST === "1" ? `${DIST} not built` : false;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; require-trusted-types-for 'script'";
const KIM = instrument("kim-16");
const TABS = 4;
const RESULTS = 24;
const ROUNDS = Number(process.env.TABS_ROUNDS ?? 5);

const HOST_JS = `import { mount } from "/psm-quiz.js";
window.__results = []; window.__errors = [];
const endpoint = new URLSearchParams(location.search).get("endpoint");
window.__handle = await mount(document.getElementById("q"), { instrument: "kim-16", lang: "id", endpoint,
  onComplete: (r) => __results.push(r), onError: (e) => __errors.push(e) });
window.__ready = true;`;
const HOST_HTML = `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>tabs</title>
<link rel="icon" href="/icons/icon.svg"><script type="module" src="/__tabs__/host.js"></script></head>
<body><div id="q"></div></body></html>`;


let dist, browser;
const endpoints = [];

before(async () => {
  if (skip) return;
  const headers = { "Content-Security-Policy": `${CSP}; connect-src 'self' http://127.0.0.1:*` };
  dist = await startServer({
    root: DIST,
    port: 0,
    headers,
    onRequest: pagesFrom({ "/__tabs__/host.html": HOST_HTML, "/__tabs__/host.js": HOST_JS }, { "Cache-Control": "no-cache", ...headers }),
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await dist?.close();
  await Promise.all(endpoints.map((e) => e.close().catch(() => {})));
});

const outbox = (page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("psm-outbox/"))
      .map((k) => JSON.parse(localStorage.getItem(k))),
  );

/** Writes these entries into the page's localStorage (as a tab with this view of the outbox would). */
const put = (page, entries) =>
  page.evaluate((list) => {
    for (const e of list) localStorage.setItem(`psm-outbox/1/${e.id}`, JSON.stringify(e));
  }, entries);

const online = (tabs) => Promise.all(tabs.map((page) => page.evaluate(() => dispatchEvent(new Event("online")))));

/**
 * Copies of a stored entry under fresh submission ids (the payload carries its id: replaced too), either
 * due now or waiting out the backoff of three failed attempts (results queued while the endpoint was down,
 * which the `online` event makes due at once).
 */
function copies(entry, n, { backoff }) {
  return Array.from({ length: n }, () => {
    const id = crypto.randomUUID();
    const payload = entry.payload.replaceAll(entry.id, id);
    const waiting = backoff ? { attempts: 3, next_at: Date.now() + 300_000 } : { attempts: 0, next_at: 0 };
    return { ...entry, id, payload, ...waiting, lease_until: 0, last_status: null };
  });
}

async function open(context, ep) {
  const page = await context.newPage();
  await page.goto(`${dist.url}__tabs__/host.html?endpoint=${encodeURIComponent(ep.url)}`);
  await page.waitForFunction(() => window.__ready);
  return page;
}

/** Tabs of one origin (one context); the first has finished a result while the endpoint was down. */
async function tabsWithModel(ep, n) {
  const context = await browser.newContext();
  const first = await open(context, ep);
  await runQuiz(first.locator("#q"), answersFor(KIM, 7));
  const [model] = await outbox(first);
  assert.equal(model?.state, "pending", "the finished result waits in the outbox");
  const tabs = [first];
  for (let i = 1; i < n; i++) tabs.push(await open(context, ep));
  return { context, tabs, model };
}

/** Every one of `queued` got exactly one 2xx, and no tab holds anything. */
async function deliveredOnceEach(ep, tabs, queued, what) {
  await ep.waitFor((e) => queued.every(({ id }) => e.accepted().has(id)), 60_000);
  await tabs[0].waitForTimeout(4_000); // nothing sends one again
  const accepted = ep.accepted();
  const counts = queued.filter(({ id }) => accepted.get(id) !== 1).map(({ id }) => `${id}: ${accepted.get(id)} x 2xx`);
  assert.deepEqual(counts, [], `${what}: every result gets exactly one 2xx`);
  assert.deepEqual(ep.duplicates(), [], what);
  for (const page of tabs) assert.deepEqual(await outbox(page), [], `${what}: nothing stays in the outbox`);
}

test(`${TABS} slow tabs of one origin, ${RESULTS} queued results at a time: each gets exactly one 2xx, nothing stays (${ROUNDS} rounds)`, { skip, timeout: 60_000 + ROUNDS * 90_000 }, async () => {
  const ep = await startEndpoint({ allowOrigins: [dist.url], mode: "down" });
  endpoints.push(ep);
  const { context, tabs, model } = await tabsWithModel(ep, TABS);
  for (const [i, page] of tabs.entries()) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 2 + 2 * i }); // 2x to 8x slower
  }
  for (let round = 0; round < ROUNDS; round++) {
    const backoff = round % 3 !== 2; // results queued while the endpoint was down, and now and then due ones
    ep.mode = "down";
    const queued = copies(model, RESULTS, { backoff });
    await tabs[0].evaluate(() => Object.keys(localStorage).forEach((k) => k.startsWith("psm-outbox/") && localStorage.removeItem(k)));
    await put(tabs[0], queued);
    ep.mode = "200";
    await online(tabs);
    await deliveredOnceEach(ep, tabs, queued, `round ${round} (${backoff ? "after a backoff" : "due at once"})`);
  }
  await context.close();
});

test("a delivered result written back from another tab's stale view is not sent again", { skip }, async () => {
  const ep = await startEndpoint({ allowOrigins: [dist.url], mode: "down" });
  endpoints.push(ep);
  const { context, tabs, model } = await tabsWithModel(ep, 2);
  ep.mode = "200";
  await online(tabs);
  await deliveredOnceEach(ep, tabs, [model], "first delivery");
  // The second tab writes back the copy it read before the first one delivered it (pending, no lease), as a
  // tab whose view of localStorage lags does; then both tabs make a pass.
  await put(tabs[1], [{ ...model, lease_until: 0, next_at: 0 }]);
  await online(tabs);
  await tabs[0].waitForTimeout(3_000);
  assert.equal(ep.accepted().get(model.id), 1, "still exactly one 2xx");
  assert.equal(ep.attempts.filter((a) => a.id === model.id && a.status !== 0).length, 1, "no second request at all");
  for (const page of tabs) assert.deepEqual(await outbox(page), [], "the stale copy is recognised as delivered and removed");
  await context.close();
});
