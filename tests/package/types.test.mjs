// The npm package's TypeScript declarations (types/psm-quiz.d.ts) must say what the widget does. tsc checks,
// in a scratch directory:
// - the result types equal what the JSON Schemas say (a type generated from every schema/psm-result-N.schema.json
//   by schema-to-ts.mjs, compared for identity, so a field added, dropped or retyped on either side fails; a new
//   schema version without its type fails too),
// - real payloads (core/examples/payload_samples.rs) type-check, and one with a field the schema lacks does not,
// - the config, kiosk and instrument types name exactly the fields the Rust readers accept, the built-in ids
//   and the error codes are the core's, and the iframe message types are exactly those www/iframe.js posts.
// Each check is also run once broken on purpose, to show it can fail.
//   node --test tests/package/types.test.mjs     (no build needed; cargo builds the payload example)
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { ROOT } from "../support/browser.mjs";
import { schemaToTs } from "./schema-to-ts.mjs";
import { tscCheck } from "./tsc.mjs";

const SCRATCH = path.join(ROOT, "target/package-test/types");
const DTS = path.join(ROOT, "types/psm-quiz.d.ts");
const PATHS = { paths: { "psm-quiz": [DTS] } };
const CALLBACKS = ["onComplete", "onError", "onProgress"];
/** Codes raised outside the core's `codes` module: by psm-quiz.js (load_failed) and src/bridge.rs (internal). */
const SHELL_CODES = ["load_failed", "internal"];

const read = (file) => fs.readFileSync(path.join(ROOT, file), "utf8");
const strings = (text) => [...text.matchAll(/"([^"]+)"/g)].map((m) => m[1]);

/** The string list of a Rust slice literal found by `pattern` (its first group). */
function rustList(file, pattern) {
  const match = pattern.exec(read(file));
  assert.ok(match, `${file}: ${pattern} not found; update tests/package/types.test.mjs`);
  const list = strings(match[1]);
  assert.ok(list.length > 0, `${file}: empty list for ${pattern}`);
  return list;
}

/** Field lists of an `Obj::new(v, path, &[...])` inside `impl NAME {` of core/src/model.rs. */
const modelFields = (name) =>
  rustList("core/src/model.rs", new RegExp(`impl ${name} \\{[\\s\\S]*?Obj::new\\(\\s*v,\\s*path,\\s*&\\[([\\s\\S]*?)\\]`));

/** What the Rust side accepts, read from its sources. */
export function rustFacts() {
  return {
    config: rustList("core/src/config.rs", /const FIELDS: &\[&str\] = &\[([\s\S]*?)\];/),
    kiosk: rustList("core/src/config.rs", /fn read_kiosk[\s\S]*?Obj::new\(v, path, &\[([^\]]*)\]/),
    instrument: modelFields("Instrument"),
    scale: modelFields("Scale"),
    dimension: modelFields("Dimension"),
    item: modelFields("Item"),
    source: modelFields("Source"),
    builtins: rustList("core/src/builtin.rs", /const IDS: &\[&str\] = &\[([\s\S]*?)\];/),
    codes: [...read("core/src/error.rs").matchAll(/pub const \w+: &str = "([^"]+)";/g)].map((m) => m[1]),
    // Every message the iframe posts to its parent goes through its `post({ type: "…", … })`.
    frameMessages: [...new Set([...read("www/iframe.js").matchAll(/\bpost\(\{\s*type:\s*"([^"]+)"/g)].map((m) => m[1]))],
  };
}

/** Every result schema in schema/: version number -> parsed schema. */
export function resultSchemas() {
  const out = new Map();
  for (const name of fs.readdirSync(path.join(ROOT, "schema"))) {
    const match = /^psm-result-(\d+)\.schema\.json$/.exec(name);
    if (match) out.set(Number(match[1]), JSON.parse(read(`schema/${name}`)));
  }
  return out;
}

const union = (list) => list.map((s) => JSON.stringify(s)).join(" | ");
const EQUAL = `type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;`;

/** A .ts file whose every line fails to compile when the declarations drift from `facts` or `schemas`. */
export function inStepCheck(facts, schemas) {
  const lines = [`import type * as P from "psm-quiz";`, EQUAL];
  const same = (name, type, expected) => lines.push(`export const ${name}: Equal<${type}, ${expected}> = true;`);
  same("config_fields", `Exclude<keyof P.PsmQuizConfig, ${union(CALLBACKS)}>`, union(facts.config));
  same("data_fields", "keyof P.PsmQuizData", union(facts.config));
  same("callbacks", `Exclude<keyof P.PsmQuizConfig, keyof P.PsmQuizData>`, union(CALLBACKS));
  same("kiosk_fields", "keyof P.PsmKioskConfig", union(facts.kiosk));
  same("instrument_fields", "keyof P.PsmInstrument", union(facts.instrument));
  same("scale_fields", "keyof P.PsmScale", union(facts.scale));
  same("dimension_fields", "keyof P.PsmDimension", union(facts.dimension));
  same("item_fields", "keyof P.PsmItem", union(facts.item));
  same("source_fields", "keyof P.PsmSource", union(facts.source));
  same("builtins", "P.PsmBuiltinInstrument", union(facts.builtins));
  same("error_codes", "P.PsmErrorCode", union([...facts.codes, ...SHELL_CODES]));
  same("frame_messages", `P.PsmFrameMessage["type"]`, union(facts.frameMessages));
  const versions = [...schemas.keys()].sort((a, b) => a - b);
  for (const v of versions) {
    lines.push(`type Schema${v} = ${schemaToTs(schemas.get(v))};`);
    same(`result_v${v}`, `P.PsmResultV${v}`, `Schema${v}`);
  }
  same("result_union", "P.PsmResult", versions.map((v) => `P.PsmResultV${v}`).join(" | "));
  return lines.join("\n") + "\n";
}

let sampleCache = null;
function payloadSamples() {
  sampleCache ??= JSON.parse(
    execFileSync("cargo", ["run", "-q", "-p", "psm-core", "--example", "payload_samples"], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  return sampleCache;
}

const samplesFile = (samples) =>
  `import type { PsmResult } from "psm-quiz";\nexport const samples: PsmResult[] = ${JSON.stringify(samples, null, 1)};\n`;

/** Line numbers (1-based) tsc reported errors on for `file`. */
const errorLines = (output, file) =>
  [...output.matchAll(new RegExp(`${file.replace(".", "\\.")}\\((\\d+),\\d+\\): error`, "g"))].map((m) => Number(m[1]));

test("the declarations match the config reader, built-ins, error codes and every result schema", () => {
  const check = inStepCheck(rustFacts(), resultSchemas());
  const { ok, output } = tscCheck(path.join(SCRATCH, "in-step"), { "in-step.ts": check }, PATHS);
  assert.ok(ok, `types/psm-quiz.d.ts drifted from the Rust sources or the JSON Schema:\n${output}\n${check}`);
});

test("the in-step check fails on drift: a config field, an error code or a schema property the types lack", () => {
  const facts = rustFacts();
  const schemas = resultSchemas();
  const v1 = structuredClone(schemas.get(1));
  v1.properties.respondent_name = { type: "string" };
  const drifted = new Map(schemas).set(1, v1);
  // A config field, a kiosk field, an instrument field and an error code the Rust side gained.
  const more = {
    ...facts,
    config: [...facts.config, "respondent_email"],
    kiosk: [...facts.kiosk, "volume"],
    item: [...facts.item, "hint"],
    codes: [...facts.codes, "consent_required"],
    frameMessages: [...facts.frameMessages, "psm-closed"],
  };
  const file = "in-step.ts";
  const check = inStepCheck(more, drifted);
  const { ok, output } = tscCheck(path.join(SCRATCH, "drift"), { [file]: check }, PATHS);
  assert.ok(!ok, "drift went unnoticed");
  const failing = errorLines(output, file).map((n) => check.split("\n")[n - 1].match(/export const (\w+)/)?.[1]);
  for (const name of ["config_fields", "data_fields", "kiosk_fields", "item_fields", "error_codes", "frame_messages", "result_v1"]) {
    assert.ok(failing.includes(name), `${name} did not fail:\n${output}`);
  }
  assert.ok(!failing.includes("scale_fields"), `an unchanged list failed:\n${output}`);

  // A next schema version without its type is noticed, too.
  const next = Math.max(...schemas.keys()) + 1;
  const vNext = structuredClone(schemas.get(next - 1));
  vNext.properties.schema = { const: `psm-result/${next}` };
  const withNext = tscCheck(path.join(SCRATCH, "vnext"), { [file]: inStepCheck(facts, new Map(schemas).set(next, vNext)) }, PATHS);
  assert.ok(!withNext.ok && new RegExp(`PsmResultV${next}`).test(withNext.output), withNext.output);
});

test("real payloads type-check as PsmResult; one with a field the schema lacks does not", () => {
  const samples = payloadSamples();
  assert.ok(samples.length >= 4);
  assert.ok(samples.some((s) => "responses" in s && "order" in s && "candidate_ref" in s));
  const good = tscCheck(path.join(SCRATCH, "samples"), { "samples.ts": samplesFile(samples) }, PATHS);
  assert.ok(good.ok, good.output);

  const extraTop = structuredClone(samples[0]);
  extraTop.respondent_name = "Budi";
  const top = tscCheck(path.join(SCRATCH, "samples-extra"), { "samples.ts": samplesFile([extraTop]) }, PATHS);
  assert.ok(!top.ok && /respondent_name/.test(top.output), top.output);

  const extraNested = structuredClone(samples[0]);
  extraNested.quality.seconds_total = 120;
  const nested = tscCheck(path.join(SCRATCH, "samples-nested"), { "samples.ts": samplesFile([extraNested]) }, PATHS);
  assert.ok(!nested.ok && /seconds_total/.test(nested.output), nested.output);

  const wrongType = structuredClone(samples[0]);
  wrongType.overall.mean = "3.1";
  const typed = tscCheck(path.join(SCRATCH, "samples-type"), { "samples.ts": samplesFile([wrongType]) }, PATHS);
  assert.ok(!typed.ok, "a string mean passed as a number");
});
