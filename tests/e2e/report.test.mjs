// End-to-end: the cohort report page (dist/report.html) reads a generated file set with bad files
// beside good ones, shows the expected counts, figures and messages, passes axe-core, and reads
// 100,000 results in under 5 s. Builds the report into DIST first when it is missing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { launch, axeViolations, watchConsole, DIST, ROOT } from "../support/browser.mjs";
import { startServer } from "../../tools/serve.mjs";
import * as gen from "../fixtures/report/generate.mjs";

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
let server, browser, tmp, perry;

before(async () => {
  if (!existsSync(path.join(DIST, "psm_report.js")) || !existsSync(path.join(DIST, "report.html"))) {
    execFileSync("bash", ["report/build.sh", DIST], { cwd: ROOT, stdio: "inherit" });
  }
  server = await startServer({ root: DIST, port: 0, headers: { "Content-Security-Policy": CSP } });
  browser = await launch();
  tmp = mkdtempSync(path.join(os.tmpdir(), "psm-report-"));
  // The keying of perry-24 as the page's wasm knows it (id, version, sha256, items, reverse keys).
  const page = await browser.newPage();
  await page.goto(`${server.url}report.html`);
  const known = await page.evaluate(async () => {
    const m = await import("./psm_report.js");
    await m.default();
    return m.known_instruments();
  });
  await page.close();
  perry = known.find((k) => k.id === "perry-24");
  assert.ok(perry, "perry-24 is a built-in instrument of the report");
  assert.equal(perry.items.filter((i) => i.reverse).length, 9);
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function openReport(lang = "en") {
  const page = await browser.newPage();
  const errors = watchConsole(page);
  await page.goto(`${server.url}report.html?lang=${lang}`);
  await page.waitForSelector("body[data-state=ready]");
  return { page, errors };
}

/** Files go through disk: playwright refuses to mix buffers with paths, and noise is 100 MB. */
async function load(page, files) {
  const paths = files.map((f) => {
    if (typeof f === "string") return f;
    const p = path.join(tmp, f.name);
    writeFileSync(p, f.buffer);
    return p;
  });
  await page.setInputFiles("#files", paths);
  await page.waitForSelector("body[data-state=done], body[data-state=error]", { timeout: 60_000 });
  assert.equal(await page.getAttribute("body", "data-state"), "done", await page.textContent("#status"));
}

const cellValue = (page, selector) => page.$eval(selector, (n) => Number(n.dataset.value));

test("a mixed file set: counts, figures, file-and-line messages, separate instrument groups, axe", async () => {
  const good = gen.cohort(perry, 600, 11);
  const array = gen.cohort(perry, 200, 12, { withResponses: false });
  const kiosk = gen.cohort(perry, 100, 13, { prefix: "k" });
  const cut = gen.cohort(perry, 10, 14, { prefix: "t" });
  const other = gen.cohort({ ...perry, sha256: "ab".repeat(32), version: "0.9.0" }, 50, 15, { prefix: "o" });
  const mixed = gen.cohort(perry, 5, 16, { prefix: "m" });
  const foreign = gen.cohort({ ...perry, sha256: "cd".repeat(32) }, 2, 17, { prefix: "f" });

  // Truncated pretty array: cut inside the 7th element; the message must name its first line.
  const pretty = JSON.stringify(cut, null, 2);
  const seventh = [...pretty.matchAll(/\n  \{/g)][6].index + 1;
  const seventhLine = pretty.slice(0, seventh).split("\n").length;
  const truncated = pretty.slice(0, seventh + 200);
  const wrongSchema = gen.ndjson(gen.cohort(perry, 3, 18, { prefix: "w" }).map((p) => ({ ...p, schema: "psm-result/9" })));
  const mixedCsv = gen.kioskCsv(perry, [...mixed.slice(0, 3), ...foreign, ...mixed.slice(3)]);
  const noise = path.join(tmp, "noise.bin");
  writeFileSync(noise, randomBytes(100 * 1024 * 1024));

  const { page, errors } = await openReport("en");
  await load(page, [
    { name: "good.ndjson", mimeType: "application/x-ndjson", buffer: Buffer.from(gen.ndjson(good)) },
    { name: "array.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(array, null, 2)) },
    { name: "kiosk.csv", mimeType: "text/csv", buffer: Buffer.from(gen.kioskCsv(perry, kiosk)) },
    { name: "truncated.json", mimeType: "application/json", buffer: Buffer.from(truncated) },
    { name: "wrong-schema.ndjson", mimeType: "application/x-ndjson", buffer: Buffer.from(wrongSchema) },
    { name: "mixed.csv", mimeType: "text/csv", buffer: Buffer.from(mixedCsv) },
    { name: "other-version.ndjson", mimeType: "application/x-ndjson", buffer: Buffer.from(gen.ndjson(other)) },
    noise,
  ]);

  const used = 600 + 200 + 100 + 6 + 5 + 50;
  const rejected = 1 + 3 + 2;
  assert.equal(Number(await page.getAttribute("#report", "data-used")), used);
  assert.equal(Number(await page.getAttribute("#report", "data-rejected")), rejected);
  assert.match(await page.textContent("#status"), new RegExp(`${used.toLocaleString("en-GB")} results used, ${rejected} rejected`));

  const problems = await page.$$eval("#problems li", (li) => li.map((n) => n.textContent));
  const has = (re) => assert.ok(problems.some((p) => re.test(p)), `${re} in:\n${problems.join("\n")}`);
  has(new RegExp(`^truncated\\.json, line ${seventhLine}: truncated`));
  has(/^wrong-schema\.ndjson, line 2: wrong schema/);
  has(/^mixed\.csv, line 5: mixed instruments/);
  has(/^noise\.bin, line \d+: not UTF-8 text/);

  // Groups: perry-24 (all good files merged) and the other version, never mixed.
  const groups = await page.$$eval("section.group", (s) => s.map((n) => n.dataset.sha256));
  assert.deepEqual(groups, [perry.sha256, "ab".repeat(32)]);
  const perryAll = [...good, ...array, ...kiosk, ...cut.slice(0, 6), ...mixed];
  const apm = perry.dimensions[0].id;
  const shownMean = await cellValue(page, "#g1-descriptives tbody tr:first-child td:nth-of-type(3)");
  assert.ok(Math.abs(shownMean - gen.dimensionMean(perryAll, apm)) < 1e-9);
  // Alpha of every perry dimension equals the independent JS computation.
  for (const [i, d] of perry.dimensions.entries()) {
    const expected = gen.alpha(perry, perryAll, d.id);
    const row = `#g1-reliability tbody tr:nth-child(${i + 1})`;
    assert.equal(await cellValue(page, `${row} td:nth-of-type(2)`), expected.n, `complete n of ${d.id}`);
    const a = await cellValue(page, `${row} td:nth-of-type(3)`);
    assert.ok(Math.abs(a - expected.alpha) < 1e-9, `alpha ${d.id}: ${a} vs ${expected.alpha}`);
    assert.equal(await page.textContent(`${row} td:nth-of-type(3)`), expected.alpha.toFixed(2));
    assert.ok(a > 0.5, `structure gives a positive alpha for ${d.id}: ${a}`);
  }
  // The unknown version: descriptives yes, reliability no, with the reason said.
  assert.equal(await page.$("#g2-reliability"), null);
  assert.match(await page.textContent(`section.group[data-sha256="${"ab".repeat(32)}"]`), /This instrument is not known/);
  // Charts carry text alternatives.
  const alt = await page.$$eval("#report svg[role=img]", (s) => s.map((n) => n.querySelector("desc").textContent));
  assert.ok(alt.length >= 5 && alt.every((d) => /Histogram of .* scores on the 1–5 scale/.test(d)));

  assert.deepEqual(await axeViolations(page), []);
  // Indonesian too: the same figures, translated labels.
  await page.selectOption("#lang", "id");
  assert.match(await page.textContent("#g1-h"), /Instrumen perry-24 versi/);
  assert.match((await page.$$eval("#problems li", (li) => li.map((n) => n.textContent))).join("\n"), /truncated\.json, baris \d+: terpotong/);
  assert.deepEqual(await axeViolations(page), []);

  // Every table downloads as CSV; the whole report as JSON.
  const [csv] = await Promise.all([page.waitForEvent("download"), page.click("#g1-reliability + .downloads button")]);
  const csvText = await streamText(await csv.createReadStream());
  assert.match(csvText.split("\r\n")[0], /^Dimensi,Butir,n lengkap,Alfa,Omega \(skor mentah\),Catatan$/);
  const [json] = await Promise.all([page.waitForEvent("download"), page.click("text=Unduh laporan lengkap (JSON)")]);
  const data = JSON.parse(await streamText(await json.createReadStream()));
  assert.equal(data.schema, "psm-report/1");
  assert.equal(data.used, used);
  assert.deepEqual(errors, []);
  await page.close();
});

test("one file in two languages: never pooled, and a negation lost in translation is flagged in plain words", async () => {
  // P01 is reverse-keyed; in the English results its negation was lost in translation.
  const p01 = perry.items.findIndex((it) => it.id === "P01");
  assert.ok(perry.items[p01].reverse);
  const id = gen.cohort(perry, 300, 31, { prefix: "i" });
  const en = gen.cohort(perry, 300, 32, { prefix: "e", lang: "en", lostNegation: p01 });
  const mixed = id.flatMap((p, i) => [p, en[i]]);
  const { page, errors } = await openReport("en");
  await load(page, [{ name: "two-languages.ndjson", mimeType: "application/x-ndjson", buffer: Buffer.from(gen.ndjson(mixed)) }]);
  const groups = await page.$$eval("section.group", (s) => s.map((n) => [n.dataset.sha256, n.dataset.lang]));
  assert.deepEqual(groups, [[perry.sha256, "en"], [perry.sha256, "id"]], "one group per language");
  assert.match(await page.textContent("#g1-h"), /language English/);
  assert.match(await page.textContent("#g2-h"), /language Indonesian/);
  // Each language's alpha is that language's own, never the pooled one.
  for (const [gi, set] of [[1, en], [2, id]]) {
    const a = await cellValue(page, `#g${gi}-reliability tbody tr:first-child td:nth-of-type(3)`);
    assert.ok(Math.abs(a - gen.alpha(perry, set, perry.dimensions[0].id).alpha) < 1e-9, `group ${gi} alpha ${a}`);
  }
  const pooled = gen.alpha(perry, mixed, perry.dimensions[0].id).alpha;
  assert.ok(Math.abs(pooled - gen.alpha(perry, en, perry.dimensions[0].id).alpha) > 0.01);
  assert.match(await page.textContent("section.group[data-lang=en]"), /reported separately, never pooled/);
  // The warning names the item and the usual causes, in English and in Indonesian.
  const warning = "section.group[data-lang=en] [data-flag=negative_item_total]";
  assert.match(await page.textContent(warning), /^P01 in .* \(APM\) correlate negatively .* a negation lost in translation .* or a wrong reverse key/);
  assert.equal(await page.$("section.group[data-lang=id] [data-flag=negative_item_total]"), null, "nothing flagged where the wording is right");
  assert.deepEqual(await axeViolations(page), []);
  await page.selectOption("#lang", "id");
  assert.match(await page.textContent(warning), /^P01 pada dimensi .* berkorelasi negatif .* kalimat negatif yang hilang dalam terjemahan .* kunci terbalik yang salah/);
  assert.match(await page.textContent("#g1-h"), /bahasa Inggris/);
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

async function streamText(stream) {
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks).toString("utf8");
}

test("100,000 results load and compute in under 5 s", async () => {
  const file = path.join(tmp, "cohort-100k.ndjson");
  writeFileSync(file, gen.ndjson(gen.cohort(perry, 100_000, 99)));
  const { page, errors } = await openReport("en");
  const started = Date.now();
  await load(page, [file]);
  const wall = Date.now() - started;
  const inPage = Number(await page.getAttribute("#report", "data-elapsed-ms"));
  console.log(`# report: 100,000 results read and computed in ${inPage} ms in the page (${wall} ms wall, incl. file transfer)`);
  assert.equal(Number(await page.getAttribute("#report", "data-used")), 100_000);
  assert.equal(Number(await page.getAttribute("#report", "data-rejected")), 0);
  assert.ok(inPage < 5000, `${inPage} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("every text the report's logic asks for exists, in both languages", async () => {
  const { readFileSync } = await import("node:fs");
  const { STRINGS } = await import("../../www/report-text.js");
  const keys = (o, p = "") => Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" ? keys(v, `${p}${k}.`) : [`${p}${k}`]));
  assert.deepEqual(Object.keys(STRINGS), ["id", "en"], "Indonesian first");
  assert.deepEqual(keys(STRINGS.id).sort(), keys(STRINGS.en).sort(), "the same keys in both languages");
  const logic = readFileSync(path.join(ROOT, "www/report.js"), "utf8");
  const asked = [...logic.matchAll(/\bt\("([A-Za-z_]+)"/g)].map((m) => m[1]);
  assert.ok(asked.length > 30, `${asked.length} lookups found`);
  for (const key of new Set(asked)) assert.ok(key in STRINGS.id, `t("${key}") has a text`);
  assert.ok(!/[Pp]ilih berkas|Berkas hasil/.test(logic), "no sentence left in the logic");
});
