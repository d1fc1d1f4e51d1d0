// Kiosk mode, end to end in headless Chromium: offline after one online load (service worker), 50
// candidates in a row offline with reloads injected at random points (exactly the finished ones queued,
// each once; delivered once when back online; all in the export), idle timeout and next-candidate reset
// leaving nothing behind, the operator PIN and panel (exports parse and match), storage warnings, and a
// new build replacing the old cache cleanly.
//   node --test tests/e2e/kiosk.test.mjs    (DIST=... to test another build; PSM_ALLOW_NO_DIST=1 skips without one)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "../../tools/serve.mjs";
import { launch, watchConsole, axeViolations, DIST } from "../support/browser.mjs";
import { startEndpoint } from "../support/endpoint.mjs";
import { runQuiz, instrument, answersFor, expectedScores, validatePayload } from "../support/quiz.mjs";

const built = fs.existsSync(path.join(DIST, "psm-quiz.js"));
const skip = !built && process.env.PSM_ALLOW_NO_DIST === "1" ? `${DIST} not built` : false;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; require-trusted-types-for 'script'";
const PIN = "2468";
const PIN_SHA256 = "a1fb4e703a9ef1fa4936801721ff285a97ac85330856674412e054892afe6972";
const KIM = instrument("kim-16");

let dist, endpoint, browser;

before(async () => {
  if (skip) return;
  const origins = [];
  endpoint = await startEndpoint({ allowOrigins: origins });
  dist = await startServer({
    root: DIST,
    port: 0,
    headers: { "Content-Security-Policy": `${CSP}; connect-src 'self' ${new URL(endpoint.url).origin}` },
  });
  origins.push(dist.url);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await dist?.close();
  await endpoint?.close();
});

function kioskUrl(extra = {}) {
  const params = new URLSearchParams({ mode: "kiosk", instrument: "kim-16", pin_sha256: PIN_SHA256, ...extra });
  return `${dist.url}index.html?${params}`;
}

const outbox = (page) =>
  page.evaluate(() =>
    Object.entries(localStorage)
      .filter(([k]) => k.startsWith("psm-outbox/"))
      .map(([k, v]) => ({ key: k, ...JSON.parse(v) })),
  );

/** Loads the kiosk online and waits until its service worker controls the page (everything cached). */
async function loadOnline(context, url) {
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(url);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => Boolean(navigator.serviceWorker.controller));
  await page.locator(".psm-consent").waitFor();
  // The candidate is told, before agreeing, that the finished result stays on this kiosk until staff export it.
  assert.match(await page.locator(".psm-consent .psm-kept").textContent(), /^(Di kios ini, hasil yang sudah selesai disimpan di perangkat ini sampai petugas menghapusnya\.|At this kiosk, your finished result is kept on this device until staff delete it\.)$/);
  return { page, errors };
}

async function openPanel(page) {
  for (let i = 0; i < 5; i++) await page.click(".psm-kiosk-operator");
  await page.locator(".psm-kiosk-pin").waitFor();
}

/** Types a PIN and waits for the verdict (the device's slow hash runs asynchronously). */
async function enterPin(page, pin) {
  await page.fill(".psm-kiosk-pin-input", pin);
  await page.click('.psm-kiosk-pin button[type="submit"]');
  await page.waitForFunction(() => {
    const root = document.getElementById("psm-root").shadowRoot;
    const msg = root.querySelector(".psm-kiosk-pin-message")?.textContent ?? "";
    return root.querySelector(".psm-kiosk-panel") || (msg && !/Memeriksa|Checking/.test(msg));
  });
}

async function download(page, action) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(`[data-action="${action}"]`)]);
  return { name: file.suggestedFilename(), text: fs.readFileSync(await file.path(), "utf8") };
}

/** RFC 4180 rows (quoted cells with commas, quotes and CRLF inside). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

test("offline: loaded once online, the kiosk reloads and runs a full quiz with the network off", { skip }, async () => {
  const context = await browser.newContext();
  const { page, errors } = await loadOnline(context, kioskUrl());
  await context.setOffline(true);
  await page.reload();
  const answers = answersFor(KIM, 1);
  await runQuiz(page.locator("#psm-root"), answers);
  const queued = await outbox(page);
  assert.equal(queued.length, 1, "the result is queued");
  const payload = JSON.parse(queued[0].payload);
  assert.deepEqual(validatePayload(payload), []);
  assert.deepEqual(payload.scores, expectedScores(KIM, answers).scores);
  assert.equal(queued[0].endpoint, null);
  assert.equal(await page.locator('[data-action="next-candidate"]').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test("50 candidates offline with reloads at random points: finished ones queued once, delivered once, all exported", { skip }, async () => {
  endpoint.attempts.length = 0;
  endpoint.mode = "200";
  const context = await browser.newContext({ acceptDownloads: true });
  const url = kioskUrl({ endpoint: endpoint.url });
  const { page, errors } = await loadOnline(context, url);
  await context.setOffline(true);
  await page.reload();
  let seed = 20261123;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const finished = new Set();
  let abandoned = 0;
  for (let i = 0; i < 50; i++) {
    const before = new Set((await outbox(page)).map((e) => e.id));
    const roll = random();
    // ~25%: reload mid-way (the candidate is lost); ~15%: reload on the result screen; else "next candidate".
    const stopAfter = roll < 0.25 ? 1 + Math.floor(random() * 15) : Infinity;
    const run = await runQuiz(page.locator("#psm-root"), answersFor(KIM, i), { stopAfter });
    const nowIds = (await outbox(page)).map((e) => e.id);
    const added = nowIds.filter((id) => !before.has(id));
    if (run.finished) {
      assert.equal(added.length, 1, `candidate ${i}: exactly one result queued`);
      finished.add(added[0]);
    } else {
      assert.equal(added.length, 0, `candidate ${i}: nothing queued before the end`);
      abandoned++;
    }
    if (!run.finished || roll > 0.85) {
      await page.reload();
      await page.locator(".psm-consent").waitFor();
    } else {
      await page.click('[data-action="next-candidate"]');
      await page.locator(".psm-consent").waitFor();
    }
  }
  const queued = await outbox(page);
  assert.equal(queued.length, finished.size, "exactly the finished candidates are queued");
  assert.deepEqual(new Set(queued.map((e) => e.id)), finished);
  assert.ok(abandoned > 0 && finished.size > 30, `mix of runs (${finished.size} finished, ${abandoned} abandoned)`);
  assert.ok(queued.every((e) => e.state === "pending"));
  assert.equal(endpoint.attempts.length, 0, "nothing reached the endpoint while offline");

  await context.setOffline(false);
  await endpoint.waitFor((ep) => ep.accepted().size === finished.size, 60_000);
  await page.waitForTimeout(2_000);
  assert.deepEqual(endpoint.duplicates(), [], "no result was delivered twice");
  assert.deepEqual(new Set(endpoint.accepted().keys()), finished);
  await page.waitForFunction(
    () => Object.values(localStorage).filter((v) => v.includes('"state":"delivered"')).length > 0,
  );
  const afterDelivery = await outbox(page);
  assert.equal(afterDelivery.length, finished.size, "the kiosk keeps delivered results for export");
  assert.ok(afterDelivery.every((e) => e.state === "delivered"));

  await openPanel(page);
  await enterPin(page, PIN);
  await page.locator(".psm-kiosk-panel").waitFor();
  assert.equal(await page.textContent('[data-count="delivered"]'), String(finished.size));
  const json = await download(page, "export-json");
  const exported = JSON.parse(json.text);
  assert.equal(exported.length, finished.size);
  assert.deepEqual(new Set(exported.map((p) => p.submission_id)), finished);
  for (const p of exported) assert.deepEqual(validatePayload(p), []);
  const csv = await download(page, "export-csv");
  assert.match(csv.name, /^psm-results-\d{4}-\d{2}-\d{2}-kim-16-[0-9a-f]{8}\.csv$/);
  const rows = parseCsv(csv.text);
  assert.equal(rows[0][1], "submission_id");
  assert.equal(rows.length, finished.size + 1);
  assert.deepEqual(new Set(rows.slice(1).map((r) => r[1])), finished);
  assert.deepEqual(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|ERR_/.test(e)), []);
  await context.close();
});

test("builds: the kiosk page runs on the kiosk build alone, loaded once across candidates", { skip }, async () => {
  // No service worker: every file must come from the server, so the page's own requests are all there is.
  const context = await browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const errors = watchConsole(page);
  const files = [];
  page.on("request", (r) => r.url().startsWith(dist.url) && files.push(new URL(r.url()).pathname.slice(1)));
  await page.goto(kioskUrl());
  for (const seed of [21, 22]) {
    await runQuiz(page.locator("#psm-root"), answersFor(KIM, seed));
    await page.click('[data-action="next-candidate"]');
    await page.locator(".psm-consent").waitFor();
  }
  await openPanel(page);
  await enterPin(page, PIN);
  await page.locator(".psm-kiosk-panel").waitFor();
  assert.equal(await page.textContent('[data-count="queued"]'), "2");
  await page.waitForLoadState("networkidle");
  assert.equal(files.filter((f) => f === "psm-quiz-kiosk.js").length, 1, String(files));
  assert.equal(files.filter((f) => f === "psm-quiz-kiosk_bg.wasm").length, 1, String(files));
  assert.deepEqual(files.filter((f) => f.startsWith("psm-quiz-web")), [], "the embed build is not downloaded");
  assert.deepEqual(errors.filter((e) => !/service worker|ServiceWorker/i.test(e)), []);
  await context.close();
});

test("builds: a framed kiosk (with parent_origin) downloads only the kiosk build", { skip }, async () => {
  // iframe.js checks parent_origin with the core before mounting; that check must not fetch the embed build.
  const context = await browser.newContext({ serviceWorkers: "block" });
  const origin = new URL(dist.url).origin;
  const parent = `${origin}/__kiosk_parent__.html`;
  await context.route(parent, (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<!doctype html><title>kiosk frame</title><iframe title="kiosk" style="width:400px;height:700px"
        src="${kioskUrl({ parent_origin: origin })}"></iframe>`,
    }),
  );
  const page = await context.newPage();
  const files = [];
  page.on("request", (r) => r.url().startsWith(dist.url) && files.push(new URL(r.url()).pathname.slice(1)));
  await page.goto(parent);
  await page.frameLocator("iframe").locator(".psm-consent").waitFor();
  await page.waitForLoadState("networkidle");
  assert.equal(files.filter((f) => f === "psm-quiz-kiosk_bg.wasm").length, 1, String(files));
  assert.deepEqual(files.filter((f) => f.startsWith("psm-quiz-web")), [], "the embed build is not downloaded");
  await context.close();
});

test("precache: the kiosk's offline list holds the kiosk build", { skip }, () => {
  const sw = fs.readFileSync(path.join(DIST, "sw.js"), "utf8");
  const list = JSON.parse(sw.match(/^const PRECACHE = (\{.*\});$/m)[1]);
  for (const f of ["index.html", "psm-quiz.js", "psm-quiz-kiosk.js", "psm-quiz-kiosk_bg.wasm", "psm-quiz.css"]) {
    assert.ok(list.files.includes(f), `${f} missing from the precache list: ${list.files}`);
  }
  assert.ok(!list.files.some((f) => /report/.test(f)), "the report is not part of the kiosk");
});

test("idle timeout and next-candidate reset leave no previous answers in the DOM or in storage", { skip }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(kioskUrl({ idle_seconds: 4, reset_seconds: 3 }));
  await page.locator(".psm-consent").waitFor();
  const storageKeys = () => page.evaluate(() => Object.keys(localStorage).sort());
  const before = await storageKeys();

  // An abandoned candidate: the countdown shows, a touch cancels it, then the quiz returns to the start.
  await runQuiz(page.locator("#psm-root"), answersFor(KIM, 3), { stopAfter: 3 });
  await page.locator(".psm-kiosk-idle").waitFor({ timeout: 5_000 });
  assert.match(await page.locator(".psm-kiosk-idle").textContent(), /detik/);
  assert.deepEqual(await axeViolations(page), [], "the countdown is accessible");
  await page.locator(".psm-kiosk-idle button").click();
  assert.equal(await page.locator(".psm-kiosk-idle").count(), 0, "a touch cancels the countdown");
  assert.equal(await page.locator("input.psm-radio:checked").count(), 3, "answers kept after the touch");
  await page.locator(".psm-consent").waitFor({ timeout: 8_000 });
  assert.equal(await page.locator("input.psm-radio:checked").count(), 0, "no previous answers on screen");
  assert.equal(await page.locator(".psm-page, .psm-kiosk-idle").count(), 0);
  assert.deepEqual(await storageKeys(), before, "nothing of the abandoned candidate in storage");

  // A finished candidate: "Peserta berikutnya" wipes the screen; only the anonymous result stays.
  await runQuiz(page.locator("#psm-root"), answersFor(KIM, 4));
  const shown = await page.locator(".psm-result").textContent();
  await page.click('[data-action="next-candidate"]');
  await page.locator(".psm-consent").waitFor();
  assert.equal(await page.locator(".psm-result").count(), 0);
  const text = await page.locator("#psm-root").evaluate((el) => el.shadowRoot.textContent);
  assert.ok(!text.includes(shown.slice(0, 40)), "the result is gone from the screen");
  const keys = await storageKeys();
  assert.deepEqual(keys.filter((k) => !before.includes(k)).map((k) => k.split("/").slice(0, 2).join("/")), ["psm-outbox/1"]);
  assert.ok(!keys.some((k) => k.startsWith("psm-resume")), "no answers in progress stored");

  // The result screen also resets by itself after reset_seconds.
  await runQuiz(page.locator("#psm-root"), answersFor(KIM, 5));
  await page.locator(".psm-kiosk-idle").waitFor({ timeout: 5_000 });
  assert.match(await page.textContent(".psm-kiosk-idle"), /kembali ke awal/);
  await page.locator(".psm-consent").waitFor({ timeout: 6_000 });
  assert.equal(await page.locator(".psm-result").count(), 0);
  assert.equal((await outbox(page)).length, 2);
  await context.close();
});

test("operator: gesture + PIN, wrong PINs rate-limited, panel counts, exports, clearing delivered", { skip }, async () => {
  endpoint.attempts.length = 0;
  endpoint.mode = "200";
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(kioskUrl({ endpoint: endpoint.url }));
  const answers = [answersFor(KIM, 7), answersFor(KIM, 8)];
  for (const a of answers) {
    await runQuiz(page.locator("#psm-root"), a);
    await page.click('[data-action="next-candidate"]');
  }
  await endpoint.waitFor((ep) => ep.accepted().size === 2, 15_000);
  // One more, refused by the server: kept as failed.
  endpoint.mode = "422";
  await runQuiz(page.locator("#psm-root"), answersFor(KIM, 9));
  await endpoint.waitFor((ep) => ep.attempts.some((a) => a.status === 422), 15_000);
  await page.click('[data-action="next-candidate"]');

  await openPanel(page);
  await enterPin(page, "0000");
  assert.match(await page.textContent(".psm-kiosk-pin-message"), /salah.*2/);
  assert.deepEqual(await axeViolations(page), [], "the PIN prompt is accessible");
  await enterPin(page, PIN);
  await page.locator(".psm-kiosk-panel").waitFor();
  assert.equal(await page.locator(".psm-kiosk-pin-input").count(), 0);
  assert.deepEqual(await axeViolations(page), [], "the operator panel is accessible");
  const count = async (name) => Number(await page.textContent(`[data-count="${name}"]`));
  assert.deepEqual([await count("queued"), await count("delivered"), await count("failed")], [0, 2, 1]);

  const stored = (await outbox(page)).map((e) => JSON.parse(e.payload));
  const json = JSON.parse((await download(page, "export-json")).text);
  assert.deepEqual(
    json.map((p) => p.submission_id).sort(),
    stored.map((p) => p.submission_id).sort(),
    "the JSON export holds every stored result",
  );
  const rows = parseCsv((await download(page, "export-csv")).text);
  const header = rows[0];
  const col = (name) => header.indexOf(name);
  for (const row of rows.slice(1)) {
    const p = stored.find((s) => s.submission_id === row[col("submission_id")]);
    assert.ok(p, "CSV row matches a stored result");
    assert.equal(row[col("overall_mean")], p.overall.mean === null ? "" : String(p.overall.mean));
    for (const dim of KIM.dimensions) assert.equal(row[col(`score_${dim.id}`)], String(p.scores[dim.id].mean));
  }
  assert.equal(rows.length, 4);

  // The exports marked every result as exported; clearing needs a confirmation, then takes the delivered
  // ones and the refused one, which is in the export files (tests/e2e/room.test.mjs covers the rest).
  assert.ok((await outbox(page)).every((e) => e.exported), "the export marked what it wrote");
  await page.click('[data-action="clear"]');
  assert.equal((await outbox(page)).length, 3, "nothing deleted before confirming");
  await page.click('[data-action="clear-confirm"]');
  await page.waitForFunction(() => Object.keys(localStorage).filter((k) => k.startsWith("psm-outbox/")).length === 0);
  await page.click('[data-action="close"]');
  assert.equal(await page.locator(".psm-consent").isVisible(), true);

  // Three wrong PINs lock the prompt; while locked even the right PIN is refused; a reload keeps the lock.
  await openPanel(page);
  for (const pin of ["1", "2", "3"]) await enterPin(page, pin);
  assert.match(await page.textContent(".psm-kiosk-pin-message"), /Coba lagi dalam \d+ detik/);
  await enterPin(page, PIN);
  assert.equal(await page.locator(".psm-kiosk-panel").count(), 0, "locked: the right PIN is not judged");
  await page.reload();
  await openPanel(page);
  await enterPin(page, PIN);
  assert.match(await page.textContent(".psm-kiosk-pin-message"), /Coba lagi/);
  assert.ok(!JSON.stringify(await page.evaluate(() => ({ ...localStorage }))).includes(PIN + '"'), "no PIN in clear");
  await context.close();
  endpoint.mode = "200";
});

test("storage nearly full or unavailable: the kiosk says so before a candidate starts", { skip }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(kioskUrl());
  await page.locator(".psm-consent").waitFor();
  assert.equal(await page.locator(".psm-kiosk-storage").count(), 0);
  // Fill localStorage until it refuses more.
  await page.evaluate(() => {
    let i = 0;
    for (const size of [256 * 1024, 16 * 1024, 512]) {
      const chunk = "x".repeat(size);
      for (;;) {
        try {
          localStorage.setItem(`filler-${i++}`, chunk);
        } catch {
          break;
        }
      }
    }
  });
  await page.reload();
  await page.locator(".psm-kiosk-storage").waitFor();
  assert.match(await page.textContent(".psm-kiosk-storage"), /hampir penuh/);
  await context.close();

  const blocked = await browser.newContext();
  await blocked.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      get() {
        throw new DOMException("The operation is insecure.", "SecurityError");
      },
    });
  });
  const page2 = await blocked.newPage();
  await page2.goto(kioskUrl());
  await page2.locator(".psm-kiosk-storage").waitFor();
  assert.match(await page2.textContent(".psm-kiosk-storage"), /tidak tersedia/);
  await blocked.close();
});

test("a new build replaces the old cache cleanly", { skip }, async () => {
  // A copy of the build served on its own port; then "deploy" a changed build into the same folder.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "psm-kiosk-build-"));
  fs.cpSync(DIST, dir, { recursive: true });
  const server = await startServer({ root: dir, port: 0, headers: { "Content-Security-Policy": CSP } });
  try {
    const context = await browser.newContext();
    const url = `${server.url}index.html?mode=kiosk&instrument=kim-16&pin_sha256=${PIN_SHA256}`;
    const { page } = await loadOnline(context, url);
    const cachesBefore = await page.evaluate(() => caches.keys());
    assert.equal(cachesBefore.length, 1);
    fs.appendFileSync(path.join(dir, "psm-quiz.css"), "\n/* build 2 */\n");
    const { execFileSync } = await import("node:child_process");
    execFileSync("node", [path.resolve("scripts/precache.mjs"), dir]);
    await page.reload(); // finds the new worker, which takes over and reloads the page once more
    let state = null;
    for (let i = 0; i < 100 && !state?.done; i++) {
      await page.waitForTimeout(200);
      state = await page
        .evaluate(async (old) => {
          const keys = await caches.keys();
          const css = await (await fetch("psm-quiz.css")).text();
          return { keys, done: keys.length === 1 && keys[0] !== old && css.includes("build 2") };
        }, cachesBefore[0])
        .catch(() => null); // the page is reloading onto the new build
    }
    assert.ok(state?.done, `the new build took over: ${JSON.stringify(state?.keys)}`);
    await context.setOffline(true);
    await page.reload();
    await page.locator(".psm-consent").waitFor();
    const css = await page.evaluate(async () => (await fetch("psm-quiz.css")).text());
    assert.match(css, /build 2/, "offline, the new build's files are served");
    assert.deepEqual(await page.evaluate(() => caches.keys()), state.keys, "one cache: no old files left");
    await context.close();
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the kiosk's consent does not promise to keep unfinished answers: it keeps none, and a reload starts over", { skip }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(kioskUrl());
  await page.locator(".psm-consent").waitFor();
  const text = await page.locator(".psm-consent").innerText();
  assert.doesNotMatch(text, /disimpan sementara|paling lama \d+ jam/, "no promise the kiosk does not keep");
  assert.match(text, /Jawaban yang belum selesai tidak disimpan di perangkat ini\./);
  // What it says is what it does: two answers, a reload, and they are gone (the next candidate's start).
  await runQuiz(page.locator("#psm-root"), answersFor(KIM, 3), { stopAfter: 2 });
  assert.equal(await page.locator("input.psm-radio:checked").count(), 2);
  await page.reload();
  await page.locator(".psm-consent").waitFor();
  assert.ok(!(await page.evaluate(() => Object.keys(localStorage))).some((k) => k.startsWith("psm-resume")));
  assert.deepEqual(errors, []);
  await context.close();
});
