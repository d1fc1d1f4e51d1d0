// Consent under UU 27/2022, end to end against the served build under the strict CSP with Trusted Types:
// a linked quiz (candidate_ref) with the host's PDP notice is accessible (axe) and says it is not anonymous;
// its psm-result/2 payload validates, carries the HMAC and the consent record whose notice_sha256 a host
// recomputes here the way docs/embedding.md says (SHA-256 of JSON.stringify with keys sorted); declining sends
// nothing; result_schema "psm-result/1" still gives a valid deprecated payload without the record.
//   node --test tests/e2e/consent.test.mjs     (DIST=... to test another build; PSM_ALLOW_NO_DIST=1 skips without one)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startServer } from "../../tools/serve.mjs";
import { launch, watchConsole, axeViolations, DIST } from "../support/browser.mjs";
import { runQuiz, instrument, answersFor, validatePayload } from "../support/quiz.mjs";
import { pagesFrom } from "../support/pages.mjs";

const built = fs.existsSync(path.join(DIST, "psm-quiz.js"));
const skip = !built && process.env.PSM_ALLOW_NO_DIST === "1" ? `${DIST} not built` : false;
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; require-trusted-types-for 'script'";

const NOTICE = {
  controller: { name: "Badan Kepegawaian Daerah Kota Contoh", contact: "ppid@bkd.contoh.go.id" },
  legal_basis: "Persetujuan peserta (UU 27/2022 Pasal 20 ayat (2) huruf a)",
  purpose: "Memahami motivasi pelayanan publik pelamar CASN 2026; bukan penentu kelulusan",
  retention: "Dihapus 2 tahun setelah pengumuman akhir seleksi",
  processing_period: "Selama seleksi CASN 2026",
  version: "2026-12",
};

const pages = new Map();
let dist, browser;

/** A host page that mounts one quiz with `config` and records every event in window.got. */
function hostPage(name, config) {
  const script = `import { mount } from "/psm-quiz.js";
window.got = { complete: [], error: [] };
await mount(document.getElementById("q"), { ...${JSON.stringify(config)},
  onComplete: (r) => got.complete.push(r), onError: (e) => got.error.push(e) });`;
  pages.set(`/__consent__/${name}.html`, `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${name}</title>
<link rel="icon" href="/icons/icon.svg"><script type="module" src="/__consent__/${name}.js"></script></head><body><main><div id="q"></div></main></body></html>`);
  pages.set(`/__consent__/${name}.js`, script);
  return `${dist.url}__consent__/${name}.html`;
}

before(async () => {
  if (skip) return;
  dist = await startServer({
    root: DIST,
    port: 0,
    headers: { "Content-Security-Policy": CSP },
    onRequest: pagesFrom(pages),
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await dist?.close();
});

/** The documented recipe: keys sorted at every level, no whitespace. */
function sortKeysDeep(v) {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeysDeep(v[k])]));
  return v;
}
const sha256 = (text) => crypto.createHash("sha256").update(text).digest("hex");

test("a linked quiz shows the notice, never says anonymous, and records the consent", { skip }, async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = watchConsole(page);
  const config = { instrument: "kim-16", lang: "id", candidate_ref: "REG-2026-000123", candidate_key: "kunci", notice: NOTICE };
  await page.goto(hostPage("linked", config));
  const consent = page.locator(".psm-consent");
  await consent.waitFor();
  const text = await consent.innerText();
  assert.match(text, /Hasilnya tidak anonim/);
  assert.doesNotMatch(text, /Hasilnya anonim/);
  for (const part of [NOTICE.controller.name, NOTICE.controller.contact, NOTICE.legal_basis, NOTICE.purpose,
    NOTICE.retention, NOTICE.processing_period, NOTICE.version, "3 × 24 jam", "bukan sesuai dengan yang menurut Anda diharapkan"]) {
    assert.ok(text.includes(part), `${part} shown`);
  }
  assert.ok(text.includes("kode rujukan tersandi"), "the HMAC reference is named");
  assert.deepEqual(await axeViolations(page), [], "the consent screen with a notice is accessible");
  const ins = instrument("kim-16");
  await runQuiz(page.locator("#q"), answersFor(ins, 3));
  await page.waitForTimeout(200);
  const got = await page.evaluate(() => window.got);
  assert.equal(got.complete.length, 1);
  const result = got.complete[0];
  assert.deepEqual(validatePayload(result), [], "valid psm-result/2");
  assert.equal(result.schema, "psm-result/2");
  assert.equal(result.candidate_ref, crypto.createHmac("sha256", "kunci").update("REG-2026-000123").digest("hex"));
  assert.equal(result.consent.agreed_on, result.completed_on);
  assert.equal(result.consent.notice_version, "2026-12");
  assert.equal(result.consent.notice_sha256, sha256(JSON.stringify(sortKeysDeep(NOTICE))), "hash of the notice as documented");
  assert.deepEqual(errors, []);
  await context.close();
});

test("declining a linked quiz sends nothing and keeps nothing", { skip }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const config = { instrument: "kim-16", candidate_ref: "REG-1", candidate_key: "k", include_responses: true, notice: NOTICE };
  await page.goto(hostPage("decline", config));
  await page.locator(".psm-consent .psm-secondary").click();
  await page.getByRole("heading", { name: "Terima kasih" }).waitFor();
  await page.waitForTimeout(200);
  assert.deepEqual(await page.evaluate(() => window.got), { complete: [], error: [] });
  assert.equal(await page.evaluate(() => localStorage.length), 0);
  await context.close();
});

test("without a complete notice a linked quiz does not start", { skip }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const { contact, ...controller } = NOTICE.controller;
  await page.goto(hostPage("incomplete", { instrument: "kim-16", candidate_ref: "R", candidate_key: "k", notice: { ...NOTICE, controller } }));
  await page.locator(".psm-error-code").waitFor();
  assert.equal(await page.locator(".psm-error-code").innerText(), "notice_incomplete");
  assert.equal(await page.locator(".psm-consent").count(), 0);
  const got = await page.evaluate(() => window.got);
  assert.equal(got.error.length, 1);
  assert.equal(got.error[0].code, "notice_incomplete");
  assert.match(got.error[0].message, /^notice\.controller\.contact: /);
  await context.close();
});

test("result_schema psm-result/1 keeps the deprecated payload for hosts that still need it", { skip }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(hostPage("v1", { instrument: "kim-16", result_schema: "psm-result/1" }));
  const text = await page.locator(".psm-consent").innerText();
  assert.match(text, /Hasilnya anonim/);
  assert.doesNotMatch(text, /tanggal persetujuan/, "no consent record is sent, so none is listed");
  await runQuiz(page.locator("#q"), answersFor(instrument("kim-16"), 4));
  await page.waitForTimeout(200);
  const [result] = await page.evaluate(() => window.got.complete);
  assert.equal(result.schema, "psm-result/1");
  assert.equal(result.consent, undefined);
  assert.deepEqual(validatePayload(result), [], "valid against schema/psm-result-1.schema.json");
  await context.close();
});

test("a notice without a version, with non-ASCII text and markup, shows as text and hashes as documented", { skip }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchConsole(page);
  const { version, ...rest } = NOTICE;
  const notice = {
    ...rest,
    controller: { contact: "ppid@bkd.contoh.go.id\nTelp. (0771) 123456", name: "BKD \"Kota\" Contoh — Kepulauan Riau 🏝" },
    purpose: "<img src=x onerror=alert(1)><b>Memahami</b> motivasi pelayanan publik\u2028(bukan penentu kelulusan) é ü",
  };
  await page.goto(hostPage("unversioned", { instrument: "kim-16", lang: "id", notice }));
  const consent = page.locator(".psm-consent");
  await consent.waitFor();
  assert.equal(await consent.locator(".psm-notice img, .psm-notice b").count(), 0, "markup is not rendered");
  assert.ok((await consent.innerText()).includes("<b>Memahami</b>"), "markup shown as text");
  const sent = await consent.locator(".psm-sent li").allInnerTexts();
  assert.ok(sent.includes("kode pemberitahuan yang Anda setujui"), sent.join(" | "));
  assert.ok(!sent.some((s) => /versi pemberitahuan/.test(s)), "no version promised: none is sent");
  await runQuiz(page.locator("#q"), answersFor(instrument("kim-16"), 2));
  await page.waitForTimeout(200);
  const [result] = await page.evaluate(() => window.got.complete);
  assert.deepEqual(validatePayload(result), [], "valid psm-result/2");
  assert.equal(result.consent.notice_version, undefined);
  assert.equal(result.consent.notice_sha256, sha256(JSON.stringify(sortKeysDeep(notice))), "hash of the notice as documented");
  assert.deepEqual(errors, []);
  await context.close();
});

test("the consent says where a finished result waits: on this device until the endpoint has it, and nothing of the kind without one", { skip }, async () => {
  const context = await browser.newContext();
  const endpoint = `${dist.url}collect`;
  const cases = [
    [{ instrument: "kim-16", endpoint }, "Hasil yang sudah selesai disimpan di perangkat ini sampai diterima oleh instansi penyelenggara, lalu dihapus. Bila tidak dapat dikirim, hasil itu tetap disimpan di perangkat ini agar tidak hilang."],
    [{ instrument: "kim-16", lang: "en", endpoint }, "Your finished result is kept on this device until the organising agency has received it, then deleted. If it cannot be sent, it stays on this device so that it is not lost."],
    [{ instrument: "kim-16", endpoint, candidate_ref: "REG-1", candidate_key: "k", notice: NOTICE }, `Hasil yang sudah selesai disimpan di perangkat ini sampai diterima oleh ${NOTICE.controller.name}, lalu dihapus. Bila tidak dapat dikirim, hasil itu tetap disimpan di perangkat ini agar tidak hilang.`],
    [{ instrument: "kim-16" }, null],
  ];
  for (const [i, [config, said]] of cases.entries()) {
    const page = await context.newPage();
    await page.goto(hostPage(`kept-${i}`, config));
    await page.locator(".psm-consent").waitFor();
    const kept = page.locator(".psm-consent .psm-kept");
    if (said === null) assert.equal(await kept.count(), 0, "an embed keeps no finished result: it says nothing of the kind");
    else assert.equal(await kept.textContent(), said, JSON.stringify(config));
    assert.deepEqual(await axeViolations(page), []);
    await page.close();
  }
  await context.close();
});

/** Devices whose storage keeps nothing, as init scripts. */
const STORAGE_FAULTS = {
  // A sandboxed or third-party frame, cookies blocked: the getter itself throws.
  blocked: `Object.defineProperty(window, "localStorage", { get() { throw new DOMException("denied", "SecurityError"); } });`,
  // A zero quota (private browsing in some browsers): every write is refused.
  refusing: `Storage.prototype.setItem = function () { throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); };`,
};

test("with storage blocked or refusing every write, the consent with an endpoint does not promise to keep the finished result on this device", { skip }, async () => {
  const endpoint = `${dist.url}collect`;
  for (const [fault, script] of Object.entries(STORAGE_FAULTS)) {
    const context = await browser.newContext();
    await context.addInitScript(script);
    const page = await context.newPage();
    await page.goto(hostPage(`unkept-${fault}`, { instrument: "kim-16", endpoint }));
    await page.locator(".psm-consent").waitFor();
    // The one direct POST is all that happens to it (outbox/handoff.rs): nothing waits on this device.
    assert.equal(await page.locator(".psm-consent .psm-kept").count(), 0, `${fault}: nothing is kept, nothing is promised`);
    assert.doesNotMatch(await page.locator(".psm-consent").innerText(), /tetap disimpan di perangkat ini/, fault);
    await context.close();
  }
});


/**
 * An init script that sets `window.claimed` once any shadow root of the page has shown text matching `pattern`
 * (at any moment: the prerendered screen, the live app rendered hidden beside it, the live consent).
 */
const claimRecorder = (pattern) => `window.claimed = false;
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  const root = attach.call(this, init);
  const check = () => { if (${pattern}.test(root.textContent)) window.claimed = true; };
  new MutationObserver(check).observe(root, { childList: true, subtree: true, characterData: true });
  return root;
};`;

test("with storage blocked or refusing every write, no screen says unfinished answers are kept: no prerendered consent before the wasm, and the live one says they are not", { skip }, async () => {
  // The plain config whose consent psm-quiz.js carries, rendered for a device that stores.
  const config = { instrument: "perry-24" };
  for (const fault of ["writable", ...Object.keys(STORAGE_FAULTS)]) {
    const context = await browser.newContext();
    await context.addInitScript(claimRecorder(String(/disimpan sementara di perangkat ini paling lama/)));
    if (fault !== "writable") await context.addInitScript(STORAGE_FAULTS[fault]);
    const page = await context.newPage();
    // The wasm waits until the page has shown whatever comes before it.
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    let asked;
    const wasmAsked = new Promise((resolve) => (asked = resolve));
    await page.route(/_bg\.wasm$/, async (route) => {
      asked();
      await gate;
      await route.continue();
    });
    await page.goto(hostPage(`unfinished-${fault}`, config));
    await wasmAsked;
    const firstScreen = () =>
      page.locator("#q").evaluate((el) => el.shadowRoot?.querySelector("[data-psm-first-screen] .psm-consent") !== null);
    if (fault === "writable") {
      // The control: on a device that stores, the carried screen shows and says so.
      await page.waitForFunction(() => document.getElementById("q")?.shadowRoot?.querySelector("[data-psm-first-screen] .psm-consent"));
    } else {
      // Give a prerendered screen every chance to appear (it is drawn as soon as the stylesheet is adopted).
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      assert.equal(await firstScreen(), false, `${fault}: no carried screen, which says answers are kept`);
    }
    release();
    await page.waitForFunction(() => {
      const root = document.getElementById("q")?.shadowRoot;
      return root && !root.querySelector("[data-psm-first-screen], .psm-pending") && root.querySelector(".psm-consent");
    });
    const text = await page.locator(".psm-consent").innerText();
    if (fault === "writable") {
      assert.match(text, /disimpan sementara di perangkat ini paling lama 24 jam/);
      assert.equal(await page.evaluate(() => window.claimed), true, "the recorder sees the sentence");
    } else {
      assert.match(text, /Jawaban yang belum selesai tidak disimpan di perangkat ini\./, fault);
      assert.equal(await page.evaluate(() => window.claimed), false, `${fault}: no screen ever said answers are kept`);
    }
    assert.deepEqual(await axeViolations(page), [], fault);
    await context.close();
  }
});
