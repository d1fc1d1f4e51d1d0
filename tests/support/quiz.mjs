// Driving a quiz like a candidate, and the expected scores computed independently in JS from the
// instrument data (reverse keying, dimension means over answered items, mean of dimension means), so the
// end-to-end tests check the wasm's numbers against a second implementation.
import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { ROOT } from "./browser.mjs";

export function instrument(id) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "instruments", `${id}.json`), "utf8"));
}

/** A deterministic answer pattern over the scale that differs item to item (seeded). */
export function answersFor(ins, seed = 1) {
  const points = ins.scale.points;
  const out = {};
  ins.items.forEach((item, i) => {
    out[item.id] = ((i * 7 + seed * 3) % points) + 1;
  });
  return out;
}

const round2 = (x) => Math.round(x * 100 + Number.EPSILON * 100) / 100;

/** `{ scores: {DIM: {mean, answered, items}}, overall }` as the payload carries them (rounded). */
export function expectedScores(ins, answers) {
  const points = ins.scale.points;
  const scores = {};
  const means = [];
  for (const dim of ins.dimensions) {
    const items = ins.items.filter((it) => it.dimension === dim.id);
    const values = items
      .filter((it) => answers[it.id] !== undefined)
      .map((it) => (it.reverse ? points + 1 - answers[it.id] : answers[it.id]));
    const enough = values.length >= Math.ceil((dim.min_answered ?? 0.75) * items.length - 1e-9);
    const mean = enough && values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
    if (mean !== null) means.push(mean);
    scores[dim.id] = { mean: mean === null ? null : round2(mean), answered: values.length, items: items.length };
  }
  const overall = means.length ? round2(means.reduce((a, b) => a + b, 0) / means.length) : null;
  return { scores, overall };
}

const validators = {};
/** ajv validator of the schema file the payload names: schema/psm-result-2.schema.json, or -1 for the deprecated one. */
export function validatePayload(payload) {
  const file = payload && payload.schema === "psm-result/1" ? "psm-result-1.schema.json" : "psm-result-2.schema.json";
  if (!validators[file]) {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "schema", file), "utf8"));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validators[file] = ajv.compile(schema);
  }
  const validateFn = validators[file];
  const ok = validateFn(payload);
  return ok ? [] : validateFn.errors.map((e) => `${e.instancePath} ${e.message}`);
}

/**
 * Answers every item in `scope` (a Playwright Page, Frame or Locator around one quiz; locators pierce
 * open shadow roots) with `answers[itemId]`, through consent, pages and review, up to the result screen.
 * `stopAfter`: answer only that many items and return (an abandoned candidate). `consent: false`: the run is
 * already past the consent screen (resumed, or agreed by the test itself).
 */
export async function runQuiz(scope, answers, { stopAfter = Infinity, timeout = 20_000, consent = true } = {}) {
  const q = (sel) => scope.locator(sel);
  if (consent) await q(".psm-consent .psm-primary").click({ timeout });
  let answered = 0;
  for (let guard = 0; guard < 100; guard++) {
    await q(".psm-page, .psm-review").first().waitFor({ timeout });
    if (await q(".psm-review").count()) break;
    const fieldsets = q(".psm-page fieldset.psm-item");
    const n = await fieldsets.count();
    for (let i = 0; i < n; i++) {
      const fs = fieldsets.nth(i);
      const domId = await fs.getAttribute("id");
      const itemId = domId.slice(domId.lastIndexOf("item-") + 5);
      const value = answers[itemId];
      if (value === undefined) throw new Error(`no answer for ${itemId}`);
      await fs.locator(`input.psm-radio[value="${value}"]`).check({ timeout });
      answered++;
      if (answered >= stopAfter) return { finished: false, answered };
    }
    const heading = await q(".psm-page .psm-heading").textContent();
    await q(".psm-page .psm-primary").click({ timeout });
    // Wait for the page to change (next page heading or the review).
    await scope
      .locator(".psm-review, .psm-page .psm-heading")
      .filter({ hasNotText: heading })
      .first()
      .waitFor({ timeout });
  }
  await q(".psm-review .psm-primary").click({ timeout });
  await q(".psm-result").waitFor({ timeout });
  return { finished: true, answered };
}
