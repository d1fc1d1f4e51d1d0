// Host integration, end to end in headless Chromium: the three ways to embed (custom element, mount(),
// iframe, plus the iframe from another origin and two quizzes on one page), what the host receives
// (exactly one payload per run, valid against the schema, with the scores computed independently here),
// hostile input (foreign messages, bad parent_origin, HTML in instrument texts, invalid config), delivery
// to an endpoint under faults (down, 500, 422, reload, two tabs), strict CSP with Trusted Types, and
// destroy()/removal leaving no listeners or timers behind.
//   node --test tests/e2e/host.test.mjs     (DIST=... to test another build; PSM_ALLOW_NO_DIST=1 skips without one)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer } from "../../tools/serve.mjs";
import { launch, watchConsole, axeViolations, DIST, ROOT } from "../support/browser.mjs";
import { startEndpoint } from "../support/endpoint.mjs";
import { runQuiz, instrument, answersFor, expectedScores, validatePayload } from "../support/quiz.mjs";

const built = fs.existsSync(path.join(DIST, "psm-quiz.js"));
const skip = !built && process.env.PSM_ALLOW_NO_DIST === "1" ? `${DIST} not built` : false;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; require-trusted-types-for 'script'";

// Host pages the tests write on the fly (served by the dist server under /__host__/).
const pages = new Map();
let dist, other, endpoint, browser;

function hostPage(name, body, script) {
  pages.set(`/__host__/${name}.html`, `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${name}</title>
<link rel="icon" href="/icons/icon.svg"><script type="module" src="/__host__/${name}.js"></script></head><body>${body}</body></html>`);
  pages.set(`/__host__/${name}.js`, script);
  return `${dist.url}__host__/${name}.html`;
}

before(async () => {
  if (skip) return;
  const origins = [];
  endpoint = await startEndpoint({ allowOrigins: origins });
  dist = await startServer({
    root: DIST,
    port: 0,
    headers: { "Content-Security-Policy": CSP },
    onRequest(req, res) {
      const body = pages.get(req.url.split("?")[0]);
      if (body === undefined) return false;
      const js = req.url.split("?")[0].endsWith(".js");
      res.writeHead(200, {
        "Content-Type": js ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8",
        "Cache-Control": "no-cache",
        // Host pages that POST to the endpoint must allow it, as a real host would (docs/embedding.md).
        "Content-Security-Policy": `${CSP}; connect-src 'self' ${new URL(endpoint.url).origin}`,
      });
      res.end(body);
      return true;
    },
  });
  // The endpoint answers CORS for the dist origin only.
  origins.push(dist.url);
  // The other portal frames the quiz from the dist origin, so its CSP names it in frame-src.
  other = await startServer({
    root: path.join(ROOT, "www/cross-origin"),
    port: 0,
    headers: { "Content-Security-Policy": `${CSP}; frame-src ${new URL(dist.url).origin}` },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await dist?.close();
  await other?.close();
  await endpoint?.close();
});

async function newPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchConsole(page);
  return { context, page, errors };
}

function checkPayload(result, ins, answers) {
  assert.deepEqual(validatePayload(result), [], "payload validates against schema/psm-result-2.schema.json");
  const expected = expectedScores(ins, answers);
  assert.deepEqual(result.scores, expected.scores);
  assert.equal(result.overall.mean, expected.overall);
  assert.equal(result.instrument.id, ins.id);
  assert.equal(result.responses, undefined, "include_responses is off by default");
  assert.equal(result.candidate_ref, undefined);
  assert.match(result.completed_on, /^\d{4}-\d{2}-\d{2}$/);
}

test("custom element: one run, one valid payload with the core's scores, no console errors", { skip }, async () => {
  const { context, page, errors } = await newPage();
  const asked = [];
  page.on("request", (r) => asked.push(new URL(r.url()).pathname));
  await page.goto(`${dist.url}demo/index.html`);
  const ins = instrument("perry-24");
  const answers = answersFor(ins, 1);
  await runQuiz(page.locator("psm-quiz"), answers);
  await page.waitForTimeout(300);
  const got = await page.evaluate(() => psmDemo);
  assert.equal(got.results.length, 1, "exactly one psm-complete");
  checkPayload(got.results[0], ins, answers);
  assert.deepEqual(got.progress.at(-1), { answered: 24, total: 24 });
  assert.deepEqual(errors, []);
  // The stylesheet comes inside psm-quiz.js: a preload hint for psm-quiz.css would download it for nothing.
  assert.deepEqual(asked.filter((p) => p.endsWith("/psm-quiz.css")), [], "the demo portal asks for psm-quiz.css");
  // Last: axe-core itself sets inline styles, which the strict CSP reports as console errors.
  assert.deepEqual(await axeViolations(page), [], "the demo portal with its result is accessible");
  await context.close();
});

test("mount(): one run, one payload through onComplete; destroy() unmounts", { skip }, async () => {
  const { context, page, errors } = await newPage();
  await page.goto(`${dist.url}demo/mount.html`);
  const ins = instrument("kim-16");
  const answers = answersFor(ins, 2);
  await runQuiz(page.locator("#kuesioner"), answers);
  await page.waitForTimeout(300);
  const got = await page.evaluate(() => psmDemo);
  assert.equal(got.results.length, 1);
  checkPayload(got.results[0], ins, answers);
  await page.click('[data-role="destroy"]');
  assert.equal(await page.locator("#kuesioner .psm-quiz").count(), 0, "destroy() removed the quiz");
  assert.deepEqual(errors, []);
  await context.close();
});

test("iframe (same origin): one payload by postMessage, psm-resize sizes the frame", { skip }, async () => {
  const { context, page, errors } = await newPage();
  await page.goto(`${dist.url}demo/iframe.html`);
  const frame = page.frameLocator("iframe.quiz-frame");
  const ins = instrument("perry-24");
  const answers = answersFor(ins, 3);
  await runQuiz(frame.locator("body"), answers);
  await page.waitForTimeout(500);
  const got = await page.evaluate(() => psmDemo);
  assert.equal(got.results.length, 1);
  checkPayload(got.results[0], ins, answers);
  // The host set the frame's height from psm-resize: the quiz shows without a scrollbar.
  const fits = await page.evaluate(() => {
    const f = document.querySelector("iframe.quiz-frame");
    const doc = f.contentDocument.documentElement;
    return { frame: f.clientHeight, content: doc.scrollHeight };
  });
  assert.ok(fits.frame >= fits.content, `frame ${fits.frame}px holds content ${fits.content}px`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("iframe from another origin: results reach only that origin", { skip }, async () => {
  const { context, page, errors } = await newPage();
  await page.goto(`${other.url}index.html?quiz=${encodeURIComponent(dist.url)}`);
  const ins = instrument("perry-24");
  const answers = answersFor(ins, 4);
  await runQuiz(page.frameLocator("iframe").locator("body"), answers);
  await page.waitForTimeout(500);
  const got = await page.evaluate(() => psmDemo);
  assert.equal(got.results.length, 1);
  checkPayload(got.results[0], ins, answers);
  assert.ok(got.resizes.length > 0, "psm-resize arrived");
  assert.deepEqual(errors, []);
  await context.close();
});

test("two quizzes on one page work independently", { skip }, async () => {
  const { context, page, errors } = await newPage();
  await page.goto(`${dist.url}demo/multi.html`);
  const perry = instrument("perry-24");
  const kim = instrument("kim-16");
  const a1 = answersFor(perry, 5);
  const a2 = answersFor(kim, 6);
  const quizzes = page.locator("psm-quiz");
  // Interleave: start the second before finishing the first.
  await quizzes.nth(1).locator(".psm-consent .psm-primary").click();
  await runQuiz(quizzes.nth(0), a1);
  await quizzes.nth(1).locator(".psm-page").waitFor();
  // runQuiz starts at consent: the second is past it, so answer from the page on.
  await runQuizFromItems(quizzes.nth(1), a2);
  await page.waitForTimeout(300);
  const got = await page.evaluate(() => psmDemo.results);
  assert.equal(got.length, 2);
  const byId = Object.fromEntries(got.map((r) => [r.instrument.id, r]));
  checkPayload(byId["perry-24"], perry, a1);
  checkPayload(byId["kim-16"], kim, a2);
  assert.equal(byId["kim-16"].lang, "en");
  assert.notEqual(got[0].submission_id, got[1].submission_id);
  assert.deepEqual(errors, []);
  await context.close();
});

async function runQuizFromItems(scope, answers) {
  // Same as runQuiz without the consent click.
  const shim = {
    locator: (sel) => (sel === ".psm-consent .psm-primary" ? { click: async () => {} } : scope.locator(sel)),
  };
  return runQuiz(shim, answers);
}

test("hostile: HTML in an instrument text shows as text, never as markup", { skip }, async () => {
  const evil = instrument("kim-16");
  evil.id = "evil-1";
  evil.items[0].text = { id: '<img src=x onerror="globalThis.__pwned=1">Saya <script>globalThis.__pwned=2</script>', en: "<b>x</b>" };
  evil.title = { id: "<img src=x onerror=\"globalThis.__pwned=3\">Judul", en: "t" };
  const url = hostPage(
    "evil",
    '<div id="q"></div>',
    `import { mount } from "/psm-quiz.js";
     window.__errors = [];
     await mount(document.getElementById("q"), { instrument: ${JSON.stringify(evil)}, lang: "id",
       onError: (e) => window.__errors.push(e) });
     window.__mounted = true;`,
  );
  const { context, page, errors } = await newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__mounted);
  await page.locator("#q .psm-consent .psm-primary").click();
  const legend = page.locator("#q fieldset.psm-item").first().locator("legend");
  await legend.waitFor();
  assert.match(await legend.textContent(), /<img src=x onerror=.*<script>/);
  assert.equal(await page.locator("#q img").count(), 0, "no <img> element was created");
  assert.match(await page.locator("#q .psm-title").textContent(), /^<img src=x/);
  assert.equal(await page.evaluate(() => globalThis.__pwned), undefined);
  assert.deepEqual(await page.evaluate(() => window.__errors), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test("hostile: an invalid config shows the error screen and fires psm-error", { skip }, async () => {
  const url = hostPage(
    "invalid",
    '<psm-quiz id="a" instrument="no-such-quiz"></psm-quiz><div id="b"></div><div id="c"></div>',
    `import { mount } from "/psm-quiz.js";
     window.__events = [];
     document.getElementById("a").addEventListener("psm-error", (e) => __events.push(["a", e.detail.code, e.detail.message]));
     document.addEventListener("psm-error", (e) => __events.push(["doc", e.detail.code]));
     await mount(document.getElementById("b"), { instrument: "perry-24", parent_origin: "*",
       onError: (e) => __events.push(["b", e.code, e.message]) });
     await mount(document.getElementById("c"), { instrument: "perry-24", parent_origin: "portal.example.go.id",
       onError: (e) => __events.push(["c", e.code, e.message]) });
     window.__done = true;`,
  );
  const { context, page, errors } = await newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__done && window.__events.some((e) => e[0] === "a"));
  const events = await page.evaluate(() => window.__events);
  const a = events.find((e) => e[0] === "a");
  assert.equal(a[1], "unknown_instrument");
  assert.match(a[2], /instrument/);
  assert.ok(events.some((e) => e[0] === "doc" && e[1] === "unknown_instrument"), "psm-error bubbles (composed)");
  for (const id of ["b", "c"]) {
    const e = events.find((x) => x[0] === id);
    assert.equal(e[1], "bad_origin", `${id}: ${JSON.stringify(e)}`);
    assert.match(e[2], /parent_origin/);
    assert.equal(await page.locator(`#${id} .psm-error`).count(), 1, "error screen shown");
    assert.equal(await page.locator(`#${id} .psm-consent`).count(), 0, "no half quiz");
  }
  assert.equal(await page.locator("#a .psm-error").count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("hostile: config values JSON cannot say are refused with their path, never stringified away", { skip }, async () => {
  const url = hostPage(
    "jsvalues",
    '<div id="box"></div>',
    `import { mount } from "/psm-quiz.js";
     const cycle = { instrument: "perry-24", kiosk: {} };
     cycle.kiosk.back = cycle;
     const cases = [
       { instrument: "perry-24", shuffle_seed: 2 ** 53 },
       { instrument: "perry-24", shuffle_seed: NaN },
       { instrument: "perry-24", shuffle_seed: 7n },
       { instrument: "perry-24", kiosk: { pin_sha256: Symbol("x") } },
       { instrument: "perry-24", kiosk: { idle_seconds: () => 90 } },
       cycle,
       { instrument: "perry-24", lang: new Date(0) },
       { instrument: "perry-24", lang: "\\ud800" },
       { instrument: "perry-24", lang: "en", shuffle: "yes" },
       { instrument: "perry-24", shuffle: true, shuffle_seed: 2 ** 53 - 1 },
     ];
     window.__results = [];
     for (const config of cases) {
       const box = document.getElementById("box");
       const errors = [];
       const handle = await mount(box, { ...config, onError: (e) => errors.push([e.code, e.message]) });
       const heading = box.shadowRoot.querySelector(".psm-error h1")?.textContent ?? null;
       __results.push({ errors, heading, lang: box.shadowRoot.querySelector(".psm-quiz")?.lang ?? null });
       handle.destroy();
     }
     window.__done = true;`,
  );
  const { context, page, errors } = await newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__done);
  const results = await page.evaluate(() => window.__results);
  const first = results.map((r) => r.errors[0] ?? null);
  assert.deepEqual(first.slice(0, 8), [
    ["config_invalid", "shuffle_seed: 9007199254740992 is beyond Number.MAX_SAFE_INTEGER (9007199254740991): JavaScript cannot hold it exactly"],
    ["config_invalid", "shuffle_seed: NaN is not a finite number"],
    ["config_invalid", "shuffle_seed: expected JSON data, found a BigInt (write it as a number)"],
    ["config_invalid", "kiosk.pin_sha256: expected JSON data, found a symbol"],
    ["config_invalid", "kiosk.idle_seconds: expected JSON data, found a function"],
    // mount() copies the top level, so the cycle closes where the host's own kiosk object comes round again.
    ["config_invalid", "kiosk.back.kiosk: refers back to an object that contains it (a cycle)"],
    ["config_invalid", "lang: expected JSON data, found an object that is not a plain object (a Date, Map, URL or class instance)"],
    ["config_invalid", "lang: contains a lone UTF-16 surrogate"],
  ]);
  // The error screen speaks the language the (invalid) config asked for, read from the same object.
  assert.deepEqual(first[8], ["config_invalid", "shuffle: expected a boolean, found a string"]);
  assert.equal(results[8].lang, "en");
  // The largest safe integer is a valid seed: the quiz starts.
  assert.deepEqual(results[9].errors, []);
  assert.equal(results[9].heading, null);
  assert.deepEqual(errors, []);
  await context.close();
});

test("hostile: the iframe refuses parent_origin '*' or a non-origin, and posts nothing", { skip }, async () => {
  for (const bad of ["*", "portal.example.go.id", "https://portal.example.go.id/path"]) {
    const url = hostPage(
      "badorigin",
      `<iframe id="f" title="quiz" src="/index.html?instrument=perry-24&parent_origin=${encodeURIComponent(bad)}"></iframe>`,
      `window.__messages = []; addEventListener("message", (e) => __messages.push(e.data));`,
    );
    const { context, page } = await newPage();
    await page.goto(url);
    const frame = page.frameLocator("#f");
    await frame.locator(".psm-error").waitFor();
    assert.match(await frame.locator(".psm-error").textContent(), /bad_origin/);
    await page.waitForTimeout(300);
    assert.deepEqual(await page.evaluate(() => window.__messages), [], `nothing posted for ${bad}`);
    await context.close();
  }
});

test("hostile: psm-config is accepted only from window.parent at parent_origin", { skip }, async () => {
  // The host frames the quiz twice: one frame names the host's origin, one names a different origin.
  const url = hostPage(
    "inbound",
    `<iframe id="good" title="quiz 1"></iframe><iframe id="wrong" title="quiz 2"></iframe>`,
    `const q = (o) => "/index.html?instrument=perry-24&parent_origin=" + encodeURIComponent(o);
     document.getElementById("good").src = q(location.origin);
     document.getElementById("wrong").src = q("http://127.0.0.1:9");
     window.__messages = [];
     addEventListener("message", (e) => __messages.push(e.data));
     window.send = (id, config) => document.getElementById(id).contentWindow.postMessage({ type: "psm-config", config }, "*");`,
  );
  const { context, page } = await newPage();
  await page.goto(url);
  const good = page.frameLocator("#good");
  const wrong = page.frameLocator("#wrong");
  await good.locator(".psm-consent").waitFor();
  await wrong.locator(".psm-consent").waitFor();
  // From another window (the frame's own): ignored.
  const goodFrame = page.frames().find((f) => f.url().includes(encodeURIComponent(new URL(dist.url).origin)));
  await goodFrame.evaluate(() => window.postMessage({ type: "psm-config", config: { instrument: "kim-16", lang: "en" } }, "*"));
  // From the parent, but the frame expects another origin: ignored.
  await page.evaluate(() => window.send("wrong", { instrument: "kim-16", lang: "en" }));
  // Malformed messages from the right parent: ignored.
  await page.evaluate(() => {
    window.send("good", null);
    document.getElementById("good").contentWindow.postMessage("psm-config", "*");
    document.getElementById("good").contentWindow.postMessage({ type: "psm-config", config: [1] }, "*");
  });
  await page.waitForTimeout(800);
  assert.match(await good.locator(".psm-title").textContent(), /Perry/);
  assert.match(await wrong.locator(".psm-title").textContent(), /Perry/);
  // The right parent at the right origin: accepted, and it cannot redirect results elsewhere.
  await page.evaluate(() => window.send("good", { instrument: "kim-16", lang: "en", parent_origin: "https://evil.example" }));
  await good.locator(".psm-title", { hasText: "16 statements" }).waitFor({ timeout: 10_000 });
  // An invalid config from the parent: error screen and psm-error to the parent.
  await page.evaluate(() => window.send("good", { instrument: "nope" }));
  await good.locator(".psm-error").waitFor();
  await page.waitForFunction(() => window.__messages.some((m) => m.type === "psm-error" && m.code === "unknown_instrument"));
  await context.close();
});

/** A host page that mounts one quiz posting to the endpoint, with result/error logs on window. */
function endpointPage(name, extra = "") {
  return hostPage(
    name,
    '<div id="q"></div>',
    `import { mount } from "/psm-quiz.js";
     window.__results = []; window.__errors = [];
     window.__handle = await mount(document.getElementById("q"), { instrument: "kim-16", lang: "id",
       endpoint: ${JSON.stringify(endpoint.url)}, ${extra}
       onComplete: (r) => __results.push(r), onError: (e) => __errors.push(e) });
     window.__ready = true;`,
  );
}

const outboxKeys = (page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("psm-outbox/")));

test("delivery: endpoint down, then up: delivered exactly once", { skip }, async () => {
  endpoint.attempts.length = 0;
  endpoint.mode = "down";
  const { context, page, errors } = await newPage();
  await page.goto(endpointPage("down"));
  await page.waitForFunction(() => window.__ready);
  const ins = instrument("kim-16");
  await runQuiz(page.locator("#q"), answersFor(ins, 7));
  const [result] = await page.evaluate(() => window.__results);
  assert.equal((await outboxKeys(page)).length, 1, "kept in the outbox while the server is down");
  await page.waitForTimeout(2_500); // at least one retry against the dead server
  endpoint.mode = "200";
  await endpoint.waitFor((ep) => ep.accepted().get(result.submission_id) === 1, 20_000);
  await page.waitForTimeout(2_500);
  assert.deepEqual(endpoint.duplicates(), []);
  assert.equal(endpoint.accepted().get(result.submission_id), 1);
  assert.deepEqual(endpoint.payloads()[0], result, "the endpoint got the payload the host got");
  assert.equal(endpoint.attempts.find((a) => a.id === result.submission_id).contentType, "application/json");
  assert.deepEqual(await outboxKeys(page), [], "removed from the outbox once delivered");
  assert.deepEqual(errors.filter((e) => !/ERR_|Failed to (load|fetch)/.test(e)), []);
  await context.close();
});

test("delivery: 500 then 200: retried with backoff, delivered once", { skip }, async () => {
  endpoint.attempts.length = 0;
  endpoint.mode = "500";
  const { context, page } = await newPage();
  await page.goto(endpointPage("e500"));
  await page.waitForFunction(() => window.__ready);
  await runQuiz(page.locator("#q"), answersFor(instrument("kim-16"), 8));
  const [result] = await page.evaluate(() => window.__results);
  await endpoint.waitFor((ep) => ep.attempts.some((a) => a.id === result.submission_id && a.status === 500), 10_000);
  endpoint.mode = "200";
  await endpoint.waitFor((ep) => ep.accepted().get(result.submission_id) === 1, 20_000);
  await page.waitForTimeout(2_500);
  const mine = endpoint.attempts.filter((a) => a.id === result.submission_id);
  assert.equal(mine.filter((a) => a.status === 200).length, 1);
  assert.equal(mine[0].status, 500);
  assert.deepEqual(await page.evaluate(() => window.__errors), [], "a 5xx is not an error for the host");
  await context.close();
});

test("delivery: a reload with results in the outbox delivers them after the reload", { skip }, async () => {
  endpoint.attempts.length = 0;
  endpoint.mode = "down";
  const { context, page } = await newPage();
  const url = endpointPage("reload");
  await page.goto(url);
  await page.waitForFunction(() => window.__ready);
  await runQuiz(page.locator("#q"), answersFor(instrument("kim-16"), 9));
  const [result] = await page.evaluate(() => window.__results);
  await page.reload();
  await page.waitForFunction(() => window.__ready);
  endpoint.mode = "200";
  await endpoint.waitFor((ep) => ep.accepted().get(result.submission_id) === 1, 20_000);
  await page.waitForTimeout(2_500);
  assert.deepEqual(endpoint.duplicates(), []);
  assert.deepEqual(await outboxKeys(page), []);
  await context.close();
});

test("delivery: 422 is reported through psm-error, kept for export, not retried", { skip }, async () => {
  endpoint.attempts.length = 0;
  endpoint.mode = "422";
  const { context, page } = await newPage();
  await page.goto(endpointPage("e422"));
  await page.waitForFunction(() => window.__ready);
  await runQuiz(page.locator("#q"), answersFor(instrument("kim-16"), 10));
  await page.waitForFunction(() => window.__errors.length > 0, null, { timeout: 10_000 });
  const [err] = await page.evaluate(() => window.__errors);
  assert.equal(err.code, "delivery_rejected");
  assert.match(err.message, /422/);
  await page.waitForTimeout(5_000);
  assert.equal(endpoint.attempts.length, 1, "not retried");
  const stored = await page.evaluate(() =>
    Object.entries(localStorage).filter(([k]) => k.startsWith("psm-outbox/")).map(([, v]) => JSON.parse(v)),
  );
  assert.equal(stored.length, 1);
  assert.equal(stored[0].state, "failed");
  assert.equal(stored[0].last_status, 422);
  const exported = await page.evaluate(() => import("/psm-quiz.js").then((m) => m.storedResults()));
  const [result] = await page.evaluate(() => window.__results);
  assert.deepEqual(exported, [{ state: "failed", last_status: 422, result }], "exportable by the host");
  await context.close();
  endpoint.mode = "200";
});

test("delivery: two tabs with the same outbox POST each result once", { skip }, async () => {
  endpoint.attempts.length = 0;
  endpoint.mode = "down";
  const context = await browser.newContext();
  const a = await context.newPage();
  await a.goto(endpointPage("tabs"));
  await a.waitForFunction(() => window.__ready);
  await runQuiz(a.locator("#q"), answersFor(instrument("kim-16"), 11));
  const b = await context.newPage();
  await b.goto(endpointPage("tabs"));
  await b.waitForFunction(() => window.__ready);
  const [result] = await a.evaluate(() => window.__results);
  endpoint.mode = "200";
  // Both tabs wake for it (online event in both); only one may send it.
  await Promise.all([a, b].map((p) => p.evaluate(() => dispatchEvent(new Event("online")))));
  await endpoint.waitFor((ep) => ep.accepted().get(result.submission_id) === 1, 20_000);
  await a.waitForTimeout(3_000);
  assert.equal(endpoint.attempts.filter((x) => x.id === result.submission_id && x.status === 200).length, 1);
  await context.close();
});

test("destroy() and element removal leave no listeners, timers or intervals behind", { skip }, async () => {
  const url = hostPage(
    "leaks",
    '<div id="q"></div><psm-quiz id="el" instrument="perry-24"></psm-quiz>',
    `import { mount } from "/psm-quiz.js";
     window.__handle = await mount(document.getElementById("q"), { instrument: "kim-16",
       endpoint: ${JSON.stringify(endpoint.url)} });
     window.__ready = true;`,
  );
  const context = await browser.newContext();
  // Count what the page registers on window/document and which timers are pending.
  await context.addInitScript(() => {
    const live = (globalThis.__live = { listeners: new Map(), timeouts: new Set(), intervals: new Set() });
    // Only what the widget registers (its JS or its wasm on the stack), not the test driver's own hooks.
    const ours = () => /psm-quiz|psm_quiz/.test(new Error().stack);
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    const key = (t, type, fn, opts) => {
      const capture = typeof opts === "boolean" ? opts : Boolean(opts?.capture);
      return [t === window ? "window" : "document", type, capture];
    };
    const ids = new WeakMap();
    let next = 0;
    const idOf = (fn) => (ids.has(fn) ? ids.get(fn) : (ids.set(fn, ++next), next));
    EventTarget.prototype.addEventListener = function (type, fn, opts) {
      if ((this === window || this === document) && fn && ours()) live.listeners.set(`${key(this, type, fn, opts)}#${idOf(fn)}`, type);
      return add.call(this, type, fn, opts);
    };
    EventTarget.prototype.removeEventListener = function (type, fn, opts) {
      if ((this === window || this === document) && fn) live.listeners.delete(`${key(this, type, fn, opts)}#${idOf(fn)}`);
      return remove.call(this, type, fn, opts);
    };
    const st = window.setTimeout, ct = window.clearTimeout, si = window.setInterval, ci = window.clearInterval;
    window.setTimeout = function (fn, ms, ...args) {
      if (!ours()) return st.call(window, fn, ms, ...args);
      const id = st.call(window, (...a) => { live.timeouts.delete(id); typeof fn === "function" && fn(...a); }, ms, ...args);
      live.timeouts.add(id);
      return id;
    };
    window.clearTimeout = (id) => { live.timeouts.delete(id); ct.call(window, id); };
    window.setInterval = function (...a) {
      const id = si.apply(window, a);
      if (ours()) live.intervals.add(id);
      return id;
    };
    window.clearInterval = (id) => { live.intervals.delete(id); ci.call(window, id); };
  });
  const page = await context.newPage();
  const snapshot = () =>
    page.evaluate(() => ({
      listeners: [...__live.listeners.keys()].sort(),
      timeouts: __live.timeouts.size,
      intervals: __live.intervals.size,
    }));
  endpoint.mode = "200";
  await page.goto(url);
  await page.waitForFunction(() => window.__ready);
  await page.locator("#el .psm-consent").waitFor();
  const during = await snapshot();
  assert.ok(during.listeners.some((l) => l.startsWith("window,online")), "the delivery loop listens while mounted");
  await page.evaluate(() => {
    window.__handle.destroy();
    document.getElementById("el").remove();
  });
  await page.waitForTimeout(500);
  const afterDestroy = await snapshot();
  assert.deepEqual(afterDestroy.listeners, [], `left behind: ${afterDestroy.listeners}`);
  assert.equal(afterDestroy.intervals, 0);
  assert.equal(afterDestroy.timeouts, 0);
  assert.equal(await page.locator("#q .psm-quiz, #el .psm-quiz").count(), 0);
  await context.close();
});

/** Every file a page asks the dist server for, by path (in order; repeats kept). */
function watchFiles(page) {
  const files = [];
  page.on("request", (r) => r.url().startsWith(dist.url) && files.push(new URL(r.url()).pathname.slice(1)));
  return files;
}
const times = (files, name) => files.filter((f) => f === name).length;

test("builds: embed pages download the embed wasm once and never the kiosk build", { skip }, async () => {
  const kim = instrument("kim-16");
  // Two quizzes on one page, and the iframe page through a whole run (the result screen loads nothing more).
  for (const [url, scope] of [
    [`${dist.url}demo/multi.html`, null],
    [`${dist.url}index.html?instrument=kim-16&lang=id`, "#psm-root"],
  ]) {
    const { context, page, errors } = await newPage();
    const files = watchFiles(page);
    await page.goto(url);
    if (scope) await runQuiz(page.locator(scope), answersFor(kim, 12));
    else for (const q of await page.locator("psm-quiz").all()) await q.locator(".psm-consent").waitFor();
    await page.waitForLoadState("networkidle");
    assert.equal(times(files, "psm-quiz-web_bg.wasm"), 1, `${url}: ${files}`);
    assert.equal(times(files, "psm-quiz-web.js"), 1, `${url}: ${files}`);
    assert.deepEqual(files.filter((f) => /kiosk/.test(f)), [], `${url} fetched kiosk files`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("builds: a page with embed and kiosk quizzes loads each build once", { skip }, async () => {
  const url = hostPage(
    "mixed",
    '<div id="e1"></div><div id="k1"></div><psm-quiz id="e2" instrument="kim-16"></psm-quiz><psm-quiz id="k2" mode="kiosk" instrument="kim-16"></psm-quiz>',
    `import { mount, exactOrigin } from "/psm-quiz.js";
     await Promise.all([
       mount(document.getElementById("e1"), { instrument: "perry-24" }),
       mount(document.getElementById("k1"), { instrument: "perry-24", mode: "kiosk" }),
     ]);
     window.__origins = [await exactOrigin("https://portal.example.go.id"), await exactOrigin("*")];
     window.__ready = true;`,
  );
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const errors = watchConsole(page);
  const files = watchFiles(page);
  await page.goto(url);
  await page.waitForFunction(() => window.__ready);
  for (const id of ["e1", "e2"]) await page.locator(`#${id} .psm-consent`).waitFor();
  // A kiosk never set up on this device opens on its setup screen (the staff PIN is set there).
  for (const id of ["k1", "k2"]) await page.locator(`#${id} .psm-kiosk-setup`).waitFor();
  await page.waitForLoadState("networkidle");
  for (const f of ["psm-quiz-web.js", "psm-quiz-web_bg.wasm", "psm-quiz-kiosk.js", "psm-quiz-kiosk_bg.wasm"]) {
    assert.equal(times(files, f), 1, `${f}: ${files}`);
  }
  // Kiosk UI only where the config asked for it.
  assert.equal(await page.locator("#k1 .psm-kiosk").count(), 1);
  assert.equal(await page.locator("#k2 .psm-kiosk").count(), 1);
  assert.equal(await page.locator("#e1 .psm-kiosk, #e2 .psm-kiosk").count(), 0);
  assert.deepEqual(await page.evaluate(() => window.__origins), ["https://portal.example.go.id", null]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("builds: the embed wasm answers mode kiosk with kiosk_build_required; the kiosk wasm runs it", { skip }, async () => {
  // The glue modules used directly, without psm-quiz.js choosing the build: the embed build must refuse.
  const url = hostPage(
    "wrongbuild",
    '<div id="embed"></div><div id="embed-id"></div><div id="kiosk"></div>',
    `import initEmbed, * as embed from "/psm-quiz-web.js";
     import initKiosk, * as kiosk from "/psm-quiz-kiosk.js";
     await initEmbed({ module_or_path: "/psm-quiz-web_bg.wasm" });
     await initKiosk({ module_or_path: "/psm-quiz-kiosk_bg.wasm" });
     window.__events = [];
     const emit = (id) => (type, detail) => __events.push([id, type, detail.code ?? null, detail.message ?? null]);
     // A kiosk set up the old way (pin_sha256) runs at once; one never set up opens on its setup screen.
     const config = (lang) => ({ instrument: "kim-16", mode: "kiosk", lang,
       kiosk: { idle_seconds: 90, pin_sha256: "a1fb4e703a9ef1fa4936801721ff285a97ac85330856674412e054892afe6972" } });
     embed.mount_quiz(document.getElementById("embed"), config("en"), emit("embed"));
     embed.mount_quiz(document.getElementById("embed-id"), config("id"), emit("embed-id"));
     kiosk.mount_quiz(document.getElementById("kiosk"), config("en"), emit("kiosk"));
     window.__ready = true;`,
  );
  const { context, page, errors } = await newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__ready);
  for (const id of ["embed", "embed-id"]) {
    assert.equal(await page.textContent(`#${id} .psm-error-code`), "kiosk_build_required");
    assert.match(await page.textContent(`#${id} .psm-error-message`), /^mode: "kiosk" needs the kiosk build.*psm-quiz-kiosk\.js/);
    assert.equal(await page.locator(`#${id} .psm-consent, #${id} .psm-kiosk`).count(), 0, "no quiz without its kiosk");
  }
  // The error screen speaks the language the config asked for.
  assert.equal(await page.getAttribute("#embed .psm-quiz", "lang"), "en");
  assert.equal(await page.getAttribute("#embed-id .psm-quiz", "lang"), "id");
  const events = await page.evaluate(() => window.__events);
  assert.deepEqual(
    events.filter((e) => e[0].startsWith("embed")).map((e) => e.slice(0, 3)),
    [["embed", "psm-error", "kiosk_build_required"], ["embed-id", "psm-error", "kiosk_build_required"]],
  );
  await page.locator("#kiosk .psm-kiosk .psm-consent").waitFor();
  assert.equal(await page.locator("#kiosk .psm-kiosk-operator").count(), 1);
  // (psm-kiosk-between is the kiosk's signal to psm-quiz.js, not a host event.)
  assert.deepEqual(events.filter((e) => e[0] === "kiosk" && e[1] !== "psm-kiosk-between"), [], "the kiosk build accepts the same config");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a build that cannot be downloaded shows load_failed naming the file, never an empty box", { skip }, async () => {
  const url = hostPage(
    "loadfailed",
    '<psm-quiz id="q" instrument="perry-24" lang="id" endpoint="https://hasil.example.go.id/psm"></psm-quiz>',
    `import "/psm-quiz.js";
     window.__errors = [];
     document.getElementById("q").addEventListener("psm-error", (e) => __errors.push(e.detail));`,
  );
  const { context, page } = await newPage();
  // The delivery build's wasm is missing on this server (a host that copied an old file list).
  await page.route("**/psm-quiz-delivery_bg.wasm", (route) => route.fulfill({ status: 404, body: "not found" }));
  await page.goto(url);
  await page.waitForFunction(() => window.__errors?.length > 0, null, { timeout: 30_000 });
  const errors = await page.evaluate(() => window.__errors);
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, "load_failed");
  assert.match(errors[0].message, /^psm-quiz-delivery_bg\.wasm: /);
  const alert = page.locator("#q [role=alert]");
  assert.match(await alert.textContent(), /Kuesioner tidak dapat dimuat.*\[load_failed\] psm-quiz-delivery_bg\.wasm/);
  assert.equal(await page.locator("#q .psm-consent, #q fieldset").count(), 0);
  await context.close();
});
