// Shared devices and portals, end to end in headless Chromium, each test playing the other person: a second
// candidate on the same browser (both orders) never sees the first one's saved answers; a portal's logout
// (endSession on the handle, the element, the module and the iframe) leaves nothing; a portal that posts
// psm-config at the frame's load event while the wasm is still downloading gets its config applied and a
// psm-ready; a site the quiz page does not name in frame-ancestors cannot frame it; a parent_origin that is
// not the frame's parent gets nothing.
//   node --test tests/e2e/shared-device.test.mjs   (DIST=... to test another build; PSM_ALLOW_NO_DIST=1 skips without one)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer } from "../../tools/serve.mjs";
import { launch, watchConsole, DIST } from "../support/browser.mjs";
import { runQuiz, instrument, answersFor } from "../support/quiz.mjs";

const built = fs.existsSync(path.join(DIST, "psm-quiz.js"));
const skip = !built && process.env.PSM_ALLOW_NO_DIST === "1" ? `${DIST} not built` : false;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; require-trusted-types-for 'script'";
const KIM = instrument("kim-16");

// Pages written on the fly, per server: path -> body.
const pages = new Map();
let dist, portal, stranger, browser;
/** Milliseconds every wasm download is held back (a slow network), while a test sets it. */
let wasmDelay = 0;

function servePages(req, res) {
  const body = pages.get(req.url.split("?")[0]);
  if (body === undefined) return false;
  const js = req.url.split("?")[0].endsWith(".js");
  res.writeHead(200, {
    "Content-Type": js ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8",
    "Cache-Control": "no-cache",
    "Content-Security-Policy": `${CSP}; frame-src *`,
  });
  res.end(body);
  return true;
}

function page(server, name, body, script) {
  pages.set(`/__${name}__.html`, `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${name}</title>
<link rel="icon" href="/${server === dist ? "icons/" : ""}icon.svg">
<script type="module" src="/__${name}__.js"></script></head><body>${body}</body></html>`);
  pages.set(`/__${name}__.js`, script);
  return `${server.url}__${name}__.html`;
}

before(async () => {
  if (skip) return;
  // Two portals on their own origins: `portal` may frame the quiz page, `stranger` may not.
  portal = await startServer({ root: path.join(DIST, "icons"), port: 0, onRequest: servePages });
  stranger = await startServer({ root: path.join(DIST, "icons"), port: 0, onRequest: servePages });
  dist = await startServer({
    root: DIST,
    port: 0,
    headers: { "Content-Security-Policy": CSP },
    frameAncestors: `'self' ${new URL(portal.url).origin}`,
    async onRequest(req, res) {
      if (wasmDelay && req.url.endsWith("_bg.wasm")) await new Promise((r) => setTimeout(r, wasmDelay));
      return servePages(req, res);
    },
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await dist?.close();
  await portal?.close();
  await stranger?.close();
});

/** A same-origin portal page: mount()/endSession from psm-quiz.js, one quiz at a time in #q. */
function mountPage() {
  return page(
    dist,
    "mount",
    '<div id="q"></div>',
    `import { mount, endSession } from "/psm-quiz.js";
     window.psm = {
       async show(config) {
         window.handle?.destroy();
         window.handle = await mount(document.getElementById("q"), config);
       },
       endSession,
     };
     window.ready = true;`,
  );
}

const resumeKeys = (p) => p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("psm-resume/")));
const checked = (scope) => scope.locator("input.psm-radio:checked").count();
// A linked quiz needs the agency's PDP notice (UU 27/2022 Pasal 21).
const NOTICE = {
  controller: { name: "BKD Contoh", contact: "ppid@bkd.example.go.id" },
  legal_basis: "Persetujuan peserta",
  purpose: "Seleksi CASN 2026",
  retention: "2 tahun",
  processing_period: "Selama seleksi",
};
const candidate = (ref) => ({ instrument: "kim-16", candidate_ref: ref, candidate_key: "agency-key", notice: NOTICE });

async function show(p, config) {
  await p.evaluate((c) => window.psm.show(c), config);
  await p.locator("#q .psm-consent, #q .psm-page").first().waitFor();
}

/** Candidate `config` answers `n` statements and leaves (the portal is reloaded for whoever comes next). */
async function answerAndLeave(p, url, config, n, seed) {
  await p.goto(url);
  await p.waitForFunction(() => window.ready);
  await show(p, config);
  await runQuiz(p.locator("#q"), answersFor(KIM, seed), { stopAfter: n });
  assert.equal(await checked(p.locator("#q")), n);
  await p.waitForTimeout(200); // the save runs as an effect after the render
  await p.goto(url);
  await p.waitForFunction(() => window.ready);
}

for (const [first, second] of [
  ["A-001", "B-002"],
  ["B-002", "A-001"],
]) {
  test(`two candidates on one browser (${first} then ${second}): the second starts clean, the first's answers are gone`, { skip }, async () => {
    const context = await browser.newContext();
    const p = await context.newPage();
    const errors = watchConsole(p);
    const results = [];
    await p.exposeFunction("__result", (r) => results.push(r));
    const url = mountPage();
    // The same candidate coming back gets the answers back (so the check below can fail).
    await answerAndLeave(p, url, candidate(first), 3, 1);
    await show(p, candidate(first));
    assert.equal(await p.locator("#q .psm-page").count(), 1, "the same candidate resumes");
    assert.equal(await checked(p.locator("#q")), 3);
    assert.equal((await resumeKeys(p)).length, 1);
    const storedBefore = JSON.stringify(await p.evaluate(() => ({ ...localStorage })));
    assert.ok(!storedBefore.includes(first), "the reference itself is not in storage");

    // The next candidate on the same browser.
    await p.goto(url);
    await p.waitForFunction(() => window.ready);
    await p.evaluate(
      (c) => window.psm.show({ ...c, include_responses: true, onComplete: (r) => window.__result(r) }),
      candidate(second),
    );
    await p.locator("#q .psm-consent, #q .psm-page").first().waitFor();
    assert.equal(await p.locator("#q .psm-consent").count(), 1, "the second candidate starts at the consent");
    assert.deepEqual(await resumeKeys(p), [], "the first candidate's answers are removed from the device");
    await p.click("#q .psm-consent .psm-primary");
    await p.locator("#q .psm-page").waitFor();
    assert.equal(await checked(p.locator("#q")), 0, "nothing of the first candidate is chosen");
    // The second answers and finishes: the result holds only the second's answers.
    await runQuiz(p.locator("#q"), answersFor(KIM, 7), { consent: false });
    await p.waitForTimeout(200);
    assert.equal(results.length, 1);
    assert.deepEqual(results[0].responses, answersFor(KIM, 7));

    // And the first, coming back after the second, starts clean too (the device kept one candidate only).
    await p.goto(url);
    await p.waitForFunction(() => window.ready);
    await show(p, candidate(first));
    assert.equal(await p.locator("#q .psm-consent").count(), 1);
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("a host session value decides whose progress it is, and an anonymous mount sees no named candidate's", { skip }, async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  const url = mountPage();
  const s = (session) => ({ instrument: "kim-16", session });
  await answerAndLeave(p, url, s("login-1"), 2, 3);
  await show(p, s("login-1"));
  assert.equal(await checked(p.locator("#q")), 2, "same session: resumed");
  await p.goto(url);
  await p.waitForFunction(() => window.ready);
  await show(p, s("login-2"));
  assert.equal(await p.locator("#q .psm-consent").count(), 1, "another session: clean");
  // A portal that names nobody after a named candidate: clean as well.
  await answerAndLeave(p, url, s("login-3"), 2, 4);
  await show(p, { instrument: "kim-16" });
  assert.equal(await p.locator("#q .psm-consent").count(), 1);
  assert.deepEqual(await resumeKeys(p), []);
  await context.close();
});

test("endSession: the handle, the element and the module leave no saved answer behind", { skip }, async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  const url = mountPage();
  // The handle.
  await answerAndLeave(p, url, candidate("A-001"), 3, 5);
  await show(p, candidate("A-001"));
  assert.equal(await checked(p.locator("#q")), 3);
  await p.evaluate(() => window.handle.endSession());
  assert.equal(await p.locator("#q .psm-quiz").count(), 0, "the quiz left the screen");
  assert.deepEqual(await resumeKeys(p), []);
  await show(p, candidate("A-001"));
  assert.equal(await p.locator("#q .psm-consent").count(), 1, "even the same candidate starts clean");

  // The element.
  await p.evaluate(() => {
    const el = document.createElement("psm-quiz");
    el.id = "el";
    el.config = { instrument: "kim-16", session: "s-9" };
    document.body.append(el);
  });
  await runQuiz(p.locator("#el"), answersFor(KIM, 6), { stopAfter: 2 });
  assert.equal((await resumeKeys(p)).length, 1);
  await p.evaluate(() => document.getElementById("el").endSession());
  assert.equal(await p.locator("#el .psm-quiz").count(), 0);
  assert.deepEqual(await resumeKeys(p), []);
  await p.evaluate(() => (document.getElementById("el").config = { instrument: "kim-16", session: "s-9" }));
  await p.locator("#el .psm-consent").waitFor();

  // The module function, on a logout page with no quiz mounted.
  await answerAndLeave(p, url, candidate("B-002"), 2, 8);
  assert.equal((await resumeKeys(p)).length, 1);
  await p.evaluate(() => window.psm.endSession());
  assert.deepEqual(await resumeKeys(p), []);
  await context.close();
});

/** A portal page on `server` that frames the quiz and logs every message it receives. */
function portalPage(server, name, frameQuery, onLoadConfig = null) {
  const src = `${dist.url}index.html?${new URLSearchParams(frameQuery)}`;
  return page(
    server,
    name,
    `<iframe id="f" title="Kuesioner"></iframe>`,
    `window.got = [];
     Object.assign(document.getElementById("f").style, { width: "600px", height: "800px" });
     addEventListener("message", (e) => e.source === document.getElementById("f").contentWindow && got.push({ ...e.data, at: performance.now() }));
     const f = document.getElementById("f");
     f.addEventListener("load", () => {
       window.loadedAt = performance.now();
       ${onLoadConfig ? `f.contentWindow.postMessage({ type: "psm-config", config: ${JSON.stringify(onLoadConfig)} }, ${JSON.stringify(new URL(dist.url).origin)});` : ""}
     });
     f.src = ${JSON.stringify(src)};`,
  );
}

test("a portal posting psm-config at the frame's load event, against a slow wasm: applied, and psm-ready arrives", { skip }, async () => {
  const origin = new URL(portal.url).origin;
  const url = portalPage(portal, "slow", { instrument: "perry-24", lang: "id", parent_origin: origin }, {
    instrument: "kim-16",
    lang: "en",
  });
  wasmDelay = 2_500;
  try {
    const context = await browser.newContext();
    const p = await context.newPage();
    const errors = watchConsole(p);
    await p.goto(url);
    const frame = p.frameLocator("#f");
    await frame.locator(".psm-consent").waitFor({ timeout: 20_000 });
    assert.equal(await frame.locator(".psm-title").textContent(), KIM.title.en, "the posted config, not the address's");
    const got = await p.evaluate(() => ({ got: window.got, loadedAt: window.loadedAt }));
    const ready = got.got.filter((m) => m.type === "psm-ready");
    assert.equal(ready.length, 1, JSON.stringify(got.got));
    assert.ok(got.loadedAt < ready[0].at, "the config was posted before the frame said it was ready");
    // It keeps listening: a later config is applied too.
    await p.evaluate((o) => document.getElementById("f").contentWindow.postMessage({ type: "psm-config", config: { instrument: "perry-24", lang: "en" } }, o), new URL(dist.url).origin);
    await frame.locator(".psm-title", { hasText: "Public Service Motivation" }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    wasmDelay = 0;
  }
});

test("iframe: psm-end-session removes the candidate's saved answers and is answered with psm-session-ended", { skip }, async () => {
  const origin = new URL(portal.url).origin;
  const url = portalPage(portal, "logout", { instrument: "kim-16", parent_origin: origin, session: "sesi-1" });
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto(url);
  const frame = p.frameLocator("#f");
  await runQuiz(frame.locator("body"), answersFor(KIM, 2), { stopAfter: 3 });
  const quizFrame = p.frames().find((f) => f.url().startsWith(dist.url));
  assert.equal((await resumeKeys(quizFrame)).length, 1);
  await p.evaluate((o) => document.getElementById("f").contentWindow.postMessage({ type: "psm-end-session" }, o), new URL(dist.url).origin);
  await p.waitForFunction(() => window.got.some((m) => m.type === "psm-session-ended"));
  assert.deepEqual(await resumeKeys(quizFrame), []);
  assert.equal(await frame.locator(".psm-quiz").count(), 0, "the quiz left the screen");
  await context.close();
});

test("framing is the host's choice: a site not named in frame-ancestors cannot frame the quiz page", { skip }, async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  // The named portal can.
  await p.goto(portalPage(portal, "allowed", { instrument: "kim-16", parent_origin: new URL(portal.url).origin }));
  await p.frameLocator("#f").locator(".psm-consent").waitFor();
  await p.waitForFunction(() => window.got.some((m) => m.type === "psm-ready"));
  // Another site, even naming itself as parent_origin, gets a blocked frame and no message at all.
  const strangerOrigin = new URL(stranger.url).origin;
  await p.goto(portalPage(stranger, "blocked", { instrument: "kim-16", parent_origin: strangerOrigin }));
  await p.waitForTimeout(2_000);
  const quizFrame = p.frames().find((f) => f.url().startsWith(dist.url));
  const rendered = quizFrame ? await quizFrame.locator("#psm-root").count().catch(() => 0) : 0;
  assert.equal(rendered, 0, "the browser refused to show the quiz page in the frame");
  assert.deepEqual(await p.evaluate(() => window.got), []);
  // The header is on the quiz page as served.
  const response = await p.request.get(`${dist.url}index.html`);
  const csp = response.headers()["content-security-policy"];
  assert.ok(csp.includes(`frame-ancestors 'self' ${new URL(portal.url).origin}`), csp);
  assert.ok(!csp.includes(strangerOrigin), csp);
  await context.close();
});

test("a parent_origin that is not the frame's parent is refused: nothing posted, nothing accepted", { skip }, async () => {
  const context = await browser.newContext();
  const p = await context.newPage();
  const errors = watchConsole(p);
  const warnings = [];
  p.on("console", (m) => m.type() === "warning" && warnings.push(m.text()));
  // The allowed portal frames the quiz but names another site as parent_origin.
  const claimed = new URL(stranger.url).origin;
  await p.goto(portalPage(portal, "claims", { instrument: "perry-24", parent_origin: claimed }));
  const frame = p.frameLocator("#f");
  await frame.locator(".psm-consent").waitFor();
  await p.evaluate(() => document.getElementById("f").contentWindow.postMessage({ type: "psm-config", config: { instrument: "kim-16" } }, "*"));
  await p.waitForTimeout(1_000);
  assert.match(await frame.locator(".psm-title").textContent(), /Perry|Motivasi/);
  assert.deepEqual(await p.evaluate(() => window.got), []);
  assert.ok(warnings.some((w) => w.includes("is not this frame's parent")), warnings.join("\n"));
  assert.deepEqual(errors.filter((e) => /postMessage/.test(e)), [], "no post was even attempted");
  await context.close();
});
