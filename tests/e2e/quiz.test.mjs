// The quiz a candidate takes, end to end against the served build (dist/, or DIST=...), under the strict CSP:
// - a full run by clicks on a 390x844 phone, with a language switch half-way and the required-answer prompt;
// - a full run by keyboard alone on a desktop width (Tab, digit keys, Enter);
// both end on the result screen with the scores the scoring rules give for those answers (recomputed here
// from instruments/perry-24.json), shown on screen and in the psm-complete event. axe-core runs on every
// screen (consent, items, prompt, review, result, declined, error) and must find nothing.
// Screenshots of each screen at phone and desktop width go to target/screenshots/ (git-ignored), to look at
// after a run; SCREENSHOTS=docs refreshes the README's docs/screenshots/ instead, SCREENSHOTS=0 skips them.
//   node --test tests/e2e/quiz.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { startServer } from "../../tools/serve.mjs";
import { launch, axeViolations, DIST, ROOT } from "../support/browser.mjs";

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const SHOTS = path.join(ROOT, process.env.SCREENSHOTS === "docs" ? "docs/screenshots" : "target/screenshots");
const TAKE_SHOTS = process.env.SCREENSHOTS !== "0";
const INSTRUMENT = JSON.parse(fs.readFileSync(path.join(ROOT, "instruments/perry-24.json"), "utf8"));

let server;
let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(DIST, "psm-quiz.js")), `${DIST} is not built: run scripts/build-dist.sh`);
  server = await startServer({ root: DIST, port: 0, headers: { "Content-Security-Policy": CSP } });
  browser = await launch();
  if (TAKE_SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** A varied answer for every item (not a straight line), value 1..5. */
function answerFor(itemId) {
  const n = Number(itemId.replace(/\D/g, ""));
  return ((n * 7) % 5) + 1;
}

/** Scores as the documented rules give them: reverse keying, dimension means, mean of dimensions, 2 decimals. */
function expectedScores(instrument, answers) {
  const k = instrument.scale.points;
  const round2 = (x) => Math.round(x * 100) / 100;
  const scores = {};
  const means = [];
  for (const dim of instrument.dimensions) {
    const values = instrument.items
      .filter((item) => item.dimension === dim.id)
      .map((item) => (item.reverse ? k + 1 - answers[item.id] : answers[item.id]));
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    means.push(mean);
    scores[dim.id] = { mean: round2(mean), answered: values.length, items: values.length };
  }
  return { scores, overall: round2(means.reduce((a, b) => a + b, 0) / means.length) };
}

const comma = (x) => x.toFixed(2).replace(".", ",");

async function openQuiz(viewport, query = "instrument=perry-24&lang=id") {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  // Console errors and page errors; the browser's own favicon probe is not the widget's.
  const errors = [];
  page.on("console", (m) => m.type() === "error" && !m.location().url.endsWith("/favicon.ico") && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  // Events are composed, so the document hears them from inside the shadow root.
  await page.addInitScript(() => {
    window.__events = [];
    for (const type of ["psm-complete", "psm-progress", "psm-error"]) {
      document.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail }));
    }
  });
  await page.goto(new URL(`index.html?${query}`, server.url).href);
  return { context, page, errors };
}

async function events(page, type) {
  return (await page.evaluate(() => window.__events)).filter((e) => e.type === type).map((e) => e.detail);
}

/** axe on the page; console noise axe itself causes under the CSP (its probes) is dropped from `errors`. */
async function expectNoAxeViolations(page, screen, errors) {
  const before = errors.length;
  const violations = await axeViolations(page);
  errors.splice(before);
  assert.deepEqual(violations, [], `axe on the ${screen} screen: ${JSON.stringify(violations, null, 1)}`);
}

async function shot(page, name) {
  if (TAKE_SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** The focused element inside the quiz's shadow root, described. */
async function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return null;
    return {
      tag: el.tagName.toLowerCase(),
      type: el.getAttribute("type"),
      text: el.textContent.trim(),
      fieldset: el.closest("fieldset")?.id ?? null,
      groupAnswered: !!el.closest("fieldset")?.querySelector("input:checked"),
    };
  });
}

const itemIdOf = (fieldsetId) => fieldsetId.slice(fieldsetId.indexOf("-item-") + "-item-".length);

async function visibleItemIds(page) {
  const ids = await page.locator("fieldset.psm-item").evaluateAll((els) => els.map((e) => e.id));
  return ids.map(itemIdOf);
}

test("phone: a full run by clicks ends on the result the scoring rules give", async () => {
  const { context, page, errors } = await openQuiz(PHONE);
  await page.getByRole("heading", { name: "Sebelum mulai" }).waitFor();
  await expectNoAxeViolations(page, "consent", errors);
  await shot(page, "consent-phone");

  await page.getByRole("button", { name: "Setuju dan mulai" }).click();
  const answers = {};
  let pageNo = 0;
  for (;;) {
    const heading = page.locator("h2.psm-heading");
    await heading.waitFor();
    const ids = await visibleItemIds(page);
    if (ids.length === 0) break;
    assert.equal(ids.length, 4, "4 statements per page on a phone");
    assert.equal(await heading.evaluate((h) => h.matches(":focus")), true, "focus moves to the page heading");
    if (pageNo === 0) {
      await expectNoAxeViolations(page, "items", errors);
      await shot(page, "items-phone");
      // Next with nothing answered: the prompt, and focus on the first unanswered statement.
      await page.getByRole("button", { name: "Berikutnya" }).click();
      await page.getByRole("alert").filter({ hasText: "Mohon jawab semua pernyataan" }).waitFor();
      const f = await focused(page);
      assert.equal(f.fieldset && itemIdOf(f.fieldset), ids[0], "focus on the first unanswered statement");
      await expectNoAxeViolations(page, "required prompt", errors);
      await shot(page, "prompt-phone");
    }
    for (const id of ids) {
      answers[id] = answerFor(id);
      const option = page.locator(`fieldset[id$="-item-${id}"] label.psm-option`).nth(answers[id] - 1);
      await option.click();
    }
    if (pageNo === 1) {
      // One language per result: the switch is gone once answering begins.
      assert.equal(await page.getByRole("button", { name: "English" }).count(), 0, "no language switch while answering");
    }
    const next = page.getByRole("button", { name: /^(Berikutnya|Periksa jawaban)$/ });
    const last = (await next.innerText()) === "Periksa jawaban";
    await next.click();
    pageNo++;
    if (last) break;
  }
  assert.equal(pageNo, 6, "24 statements in pages of 4");

  await page.getByRole("heading", { name: "Periksa jawaban Anda" }).waitFor();
  await expectNoAxeViolations(page, "review", errors);
  await shot(page, "review-phone");
  await page.getByRole("button", { name: "Selesai dan lihat hasil" }).click();

  await page.getByRole("heading", { name: "Hasil Anda" }).waitFor();
  await checkResult(page, answers);
  await expectNoAxeViolations(page, "result", errors);
  await shot(page, "result-phone");
  const progress = await events(page, "psm-progress");
  assert.equal(progress.length, 24);
  assert.deepEqual(progress.at(-1), { answered: 24, total: 24 });
  assert.deepEqual(errors, []);
  await context.close();
});

async function checkResult(page, answers) {
  const expected = expectedScores(INSTRUMENT, answers);
  const complete = await events(page, "psm-complete");
  assert.equal(complete.length, 1, "psm-complete exactly once");
  const result = complete[0];
  assert.equal(result.schema, "psm-result/2");
  assert.equal(result.lang, "id", "the language the statements were answered in");
  assert.deepEqual(result.consent, { agreed_on: result.completed_on }, "consent date, no notice configured");
  assert.deepEqual(result.scores, expected.scores);
  assert.equal(result.overall.mean, expected.overall);
  assert.equal(result.overall.method, "mean_of_dimensions");
  assert.match(result.submission_id, /^[0-9a-f]{32}$/);
  assert.match(result.completed_on, /^\d{4}-\d{2}-\d{2}$/);
  assert.equal(result.responses, undefined, "responses only when the host asks for them");
  // The screen shows the same numbers (Indonesian decimal comma).
  const table = await page.locator("table.psm-table").innerText();
  for (const dim of INSTRUMENT.dimensions) {
    assert.ok(table.includes(dim.name.id), `${dim.id} named`);
    assert.ok(table.includes(comma(expected.scores[dim.id].mean)), `${dim.id} score shown`);
  }
  assert.ok((await page.locator(".psm-overall").innerText()).includes(comma(expected.overall)));
  const chart = page.getByRole("img", { name: /Skor per dimensi/ });
  assert.equal(await chart.count(), 1, "the chart is an image with a name");
  assert.match(await page.locator(".psm-caveat").innerText(), /tidak menentukan/);
  // The stored run is gone once the result is delivered.
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("psm-resume/")));
  assert.deepEqual(stored, []);
}

test("desktop: a full run by keyboard alone", async () => {
  const { context, page, errors } = await openQuiz(DESKTOP);
  await page.getByRole("heading", { name: "Sebelum mulai" }).waitFor();
  await shot(page, "consent-desktop");
  // Tab to the agree button and press Enter.
  for (let i = 0; i < 10 && (await focused(page))?.text !== "Setuju dan mulai"; i++) await page.keyboard.press("Tab");
  assert.equal((await focused(page)).text, "Setuju dan mulai");
  await page.keyboard.press("Enter");

  const answers = {};
  let pages = 0;
  for (let guard = 0; guard < 400; guard++) {
    await page.locator("h2.psm-heading:focus").waitFor();
    const ids = await visibleItemIds(page);
    if (ids.length === 0) break;
    assert.equal(ids.length, 8, "8 statements per page on a wide screen");
    if (pages === 0) await shot(page, "items-desktop");
    // Tab through the page: a digit answers each statement, Enter on Next / Review leaves it.
    for (let presses = 0; presses < 60; presses++) {
      await page.keyboard.press("Tab");
      const f = await focused(page);
      if (f.fieldset && !f.groupAnswered) {
        const id = itemIdOf(f.fieldset);
        answers[id] = answerFor(id);
        await page.keyboard.press(String(answers[id]));
        const after = await focused(page);
        assert.equal(after.fieldset, f.fieldset, "focus stays on the answered statement");
        assert.equal(after.groupAnswered, true);
      } else if (f.tag === "button" && /^(Berikutnya|Periksa jawaban)$/.test(f.text)) {
        if (pages === 0 && Object.keys(answers).length === ids.length) {
          await shot(page, "answered-desktop");
        }
        await page.keyboard.press("Enter");
        break;
      }
    }
    pages++;
  }
  assert.equal(pages, 3, "24 statements in pages of 8");
  assert.equal(Object.keys(answers).length, 24);

  await page.getByRole("heading", { name: "Periksa jawaban Anda" }).waitFor();
  await shot(page, "review-desktop");
  for (let i = 0; i < 10 && (await focused(page))?.text !== "Selesai dan lihat hasil"; i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.locator("h2.psm-heading:focus").filter({ hasText: "Hasil Anda" }).waitFor();
  await checkResult(page, answers);
  await expectNoAxeViolations(page, "result (desktop)", errors);
  await shot(page, "result-desktop");
  assert.deepEqual(errors, []);
  await context.close();
});

test("declining ends politely and sends nothing", async () => {
  for (const [viewport, suffix] of [[PHONE, "phone"], [DESKTOP, "desktop"]]) {
    const { context, page, errors } = await openQuiz(viewport);
    await page.getByRole("button", { name: "Tidak setuju" }).click();
    await page.getByRole("heading", { name: "Terima kasih" }).waitFor();
    await expectNoAxeViolations(page, "declined", errors);
    await shot(page, `declined-${suffix}`);
    assert.deepEqual(await page.evaluate(() => window.__events), []);
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage)), []);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("an invalid config shows the error screen in the requested language and fires psm-error", async () => {
  for (const [viewport, suffix] of [[PHONE, "phone"], [DESKTOP, "desktop"]]) {
    const { context, page, errors } = await openQuiz(viewport, "instrument=perry-99&lang=en");
    await page.getByRole("heading", { name: "The questionnaire cannot be loaded" }).waitFor();
    assert.equal(await page.locator("fieldset").count(), 0, "no half-working quiz");
    const [error] = await events(page, "psm-error");
    assert.equal(error.code, "unknown_instrument");
    assert.match(error.message, /^instrument: /);
    assert.equal(await page.locator(".psm-error-code").innerText(), "unknown_instrument");
    await expectNoAxeViolations(page, "error", errors);
    await shot(page, `error-${suffix}`);
    await context.close();
  }
});

test("the result screen at 320 px and 200% zoom needs no horizontal scrolling", async () => {
  // 640 CSS px at a device scale of 2 is what 200% zoom of a 1280 px window gives; 320 px is the WCAG reflow width.
  for (const viewport of [{ width: 320, height: 640 }, { width: 640, height: 450 }]) {
    const { context, page } = await openQuiz(viewport);
    await page.getByRole("button", { name: "Setuju dan mulai" }).click();
    for (;;) {
      const ids = await visibleItemIds(page);
      for (const id of ids) await page.locator(`fieldset[id$="-item-${id}"] label.psm-option`).nth(answerFor(id) - 1).click();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(overflow, false, `no horizontal scroll on items at ${viewport.width}px`);
      const next = page.getByRole("button", { name: /^(Berikutnya|Periksa jawaban)$/ });
      const last = (await next.innerText()) === "Periksa jawaban";
      await next.click();
      if (last) break;
    }
    await page.getByRole("button", { name: "Selesai dan lihat hasil" }).click();
    await page.getByRole("heading", { name: "Hasil Anda" }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    assert.equal(overflow, false, `no horizontal scroll on the result at ${viewport.width}px`);
    await context.close();
  }
});

test("dark colour scheme keeps contrast (axe) on consent and items", async () => {
  const context = await browser.newContext({ viewport: PHONE, colorScheme: "dark", reducedMotion: "reduce" });
  const page = await context.newPage();
  const errors = [];
  await page.goto(new URL("index.html?instrument=perry-24&lang=id", server.url).href);
  await page.getByRole("heading", { name: "Sebelum mulai" }).waitFor();
  await expectNoAxeViolations(page, "consent (dark)", errors);
  await page.getByRole("button", { name: "Setuju dan mulai" }).click();
  await page.locator('fieldset[id$="-item-P01"] label.psm-option').nth(3).click();
  await page.getByRole("button", { name: "Berikutnya" }).click();
  await page.getByRole("alert").waitFor();
  await expectNoAxeViolations(page, "items with prompt (dark)", errors);
  await shot(page, "items-dark-phone");
  await context.close();
});
