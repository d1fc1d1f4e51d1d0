// Kiosk storage and clocks, end to end in headless Chromium: a result that storage refuses stops the next
// candidate (staff told in Indonesian) until it is exported; exports mark what they wrote; clearing takes
// delivered or exported results after one confirmation and the rest only after a second, explicit one; the
// panel says how many more results fit; persistent storage is asked for; the countdowns ignore a wall clock
// stepped a day, and an untouched kiosk sets no timers.
//   node --test tests/e2e/room.test.mjs    (DIST=... to test another build; PSM_ALLOW_NO_DIST=1 skips without one)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer } from "../../tools/serve.mjs";
import { launch, axeViolations, watchConsole, DIST } from "../support/browser.mjs";
import { runQuiz, instrument, answersFor } from "../support/quiz.mjs";
import { FILL_STORAGE } from "../support/page-faults.mjs";

const built = fs.existsSync(path.join(DIST, "psm-quiz.js"));
const skip = !built && process.env.PSM_ALLOW_NO_DIST === "1" ? `${DIST} not built` : false;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; require-trusted-types-for 'script'";
const PIN = "2468";
const PIN_SHA256 = "a1fb4e703a9ef1fa4936801721ff285a97ac85330856674412e054892afe6972";
const KIM = instrument("kim-16");
const DAY = 24 * 3600 * 1000;

let dist, browser;

before(async () => {
  if (skip) return;
  dist = await startServer({ root: DIST, port: 0, headers: { "Content-Security-Policy": CSP } });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await dist?.close();
});

const kioskUrl = (extra = {}) =>
  `${dist.url}index.html?${new URLSearchParams({ mode: "kiosk", instrument: "kim-16", pin_sha256: PIN_SHA256, ...extra })}`;

const outbox = (page) =>
  page.evaluate(() =>
    Object.entries(localStorage)
      .filter(([k]) => k.startsWith("psm-outbox/"))
      .map(([, v]) => JSON.parse(v)),
  );

async function openPanel(page) {
  for (let i = 0; i < 5; i++) await page.click(".psm-kiosk-operator");
  await page.fill(".psm-kiosk-pin-input", PIN);
  await page.click('.psm-kiosk-pin button[type="submit"]');
  await page.locator(".psm-kiosk-panel").waitFor();
}

async function download(page, action) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.click(`[data-action="${action}"]`)]);
  return fs.readFileSync(await file.path(), "utf8");
}


test("storage full: the result is held, the next candidate is refused with a plain Indonesian notice, the export frees it", { skip }, async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addInitScript(() => {
    window.__persist = 0;
    const original = navigator.storage?.persist?.bind(navigator.storage);
    if (original) navigator.storage.persist = () => (window.__persist++, original());
  });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(kioskUrl());
  await page.locator(".psm-consent").waitFor();
  assert.ok((await page.evaluate(() => window.__persist)) >= 1, "kiosk mode asks for persistent storage");
  await page.evaluate(FILL_STORAGE);
  await runQuiz(page.locator("#psm-root"), answersFor(KIM, 3));
  const notice = page.locator(".psm-kiosk-blocked");
  await notice.waitFor();
  assert.match(await notice.textContent(), /belum tersimpan.*Peserta berikutnya belum dapat mulai/);
  assert.equal(await page.locator('[data-action="next-candidate"]').count(), 0, "no next candidate");
  assert.deepEqual(await outbox(page), [], "storage refused it");
  assert.deepEqual(errors, [], "no console errors");
  assert.deepEqual(await axeViolations(page), [], "the notice is accessible");
  // Even after the automatic reset path (a reload is not it: the result would be gone), no quiz starts.
  await openPanel(page);
  assert.match(await page.textContent(".psm-kiosk-unkept"), /1 hasil belum tersimpan/);
  assert.match(await page.textContent(".psm-kiosk-room"), /habis/);
  const json = JSON.parse(await download(page, "export-json"));
  assert.equal(json.length, 1, "the held result is in the export");
  assert.deepEqual(json[0].scores !== undefined, true);
  assert.equal(await page.locator(".psm-kiosk-unkept").count(), 0, "exported: nothing held any more");
  await page.click('[data-action="close"]');
  assert.equal(await page.locator(".psm-kiosk-blocked").count(), 0, "the block lifts once the result is safe");
  await page.click('[data-action="next-candidate"]');
  await page.locator(".psm-consent").waitFor();
  await context.close();
});

test("clearing: exported or delivered after one confirmation; never exported only after a second, explicit one", { skip }, async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(kioskUrl());
  for (const seed of [4, 5]) {
    await runQuiz(page.locator("#psm-root"), answersFor(KIM, seed));
    await page.click('[data-action="next-candidate"]');
  }
  await openPanel(page);
  const left = Number(await page.getAttribute(".psm-kiosk-room", "data-results-left"));
  assert.ok(left > 100, `room for about ${left} more results`);
  assert.match(await page.textContent(".psm-kiosk-room"), new RegExp(`sekitar ${left} hasil lagi`));
  assert.equal(await page.isDisabled('[data-action="clear"]'), true, "nothing delivered or exported yet");
  await download(page, "export-csv");
  const stored = await outbox(page);
  assert.equal(stored.length, 2);
  assert.ok(stored.every((e) => e.exported), "the export marked both");
  await page.click('[data-action="close"]');

  // A third result, never exported.
  await runQuiz(page.locator("#psm-root"), answersFor(KIM, 6));
  await page.click('[data-action="next-candidate"]');
  await openPanel(page);
  await page.click('[data-action="clear"]');
  assert.match(await page.textContent('[data-action="clear-confirm"]'), /hapus 2 hasil/);
  await page.click('[data-action="clear-confirm"]');
  await page.waitForFunction(() => Object.keys(localStorage).filter((k) => k.startsWith("psm-outbox/")).length === 1);
  const [unsaved] = await outbox(page);
  assert.equal(unsaved.exported, false, "the never-exported one stays");

  await page.click('[data-action="clear-all"]');
  assert.match(await page.textContent(".psm-kiosk-panel [role=alert]"), /1 hasil belum terkirim dan belum diekspor.*hilang/);
  assert.equal((await outbox(page)).length, 1, "a first confirmation deletes nothing");
  assert.deepEqual(await axeViolations(page), [], "the confirmation is accessible");
  await page.click('[data-action="clear-all-confirm"]');
  assert.equal((await outbox(page)).length, 1, "still nothing");
  await page.click('[data-action="clear-all-final"]');
  await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith("psm-outbox/")));
  await context.close();
});

test("countdowns use the monotonic clock: a wall clock stepped a day does not reset a candidate; an untouched kiosk sets no timers", { skip }, async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const real = Date.now.bind(Date);
    window.__offset = 0;
    Date.now = () => real() + window.__offset;
    window.__wakes = 0;
    const wrap = (orig) =>
      function (fn, ms, ...rest) {
        const cb = typeof fn === "function" ? (...a) => (window.__wakes++, fn(...a)) : fn;
        return orig.call(this, cb, ms, ...rest);
      };
    window.setTimeout = wrap(window.setTimeout);
    window.setInterval = wrap(window.setInterval);
  });
  const page = await context.newPage();
  await page.goto(kioskUrl({ idle_seconds: "30" }));
  await page.locator(".psm-consent").waitFor();
  await page.waitForTimeout(1_000);
  const idleStart = await page.evaluate(() => window.__wakes);
  await page.waitForTimeout(6_000);
  const idleWakes = (await page.evaluate(() => window.__wakes)) - idleStart;
  assert.ok(idleWakes <= 1, `${idleWakes} timer wake-ups in 6 s on an untouched welcome screen`);

  await runQuiz(page.locator("#psm-root"), answersFor(KIM, 7), { stopAfter: 3 });
  const generation = await page.getAttribute(".psm-kiosk", "data-generation");
  for (const step of [DAY, -DAY]) {
    await page.evaluate((s) => (window.__offset += s), step);
    await page.waitForTimeout(2_500);
    assert.equal(await page.getAttribute(".psm-kiosk", "data-generation"), generation, `stepped ${step / DAY} day: not reset`);
    assert.equal(await page.locator(".psm-kiosk-idle").count(), 0, "no countdown shown");
  }
  assert.equal(await page.locator(".psm-page input:checked").count(), 3, "the candidate's answers are still there");
  await context.close();
});
