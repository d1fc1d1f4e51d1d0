// Real payloads from both built-in instruments (core/examples/payload_samples.rs) must validate
// against schema/psm-result-2.schema.json (the deprecated psm-result/1 ones against
// schema/psm-result-1.schema.json), and broken copies of them must not.
// Run: node --test tests/schema.test.mjs  (builds the example with cargo on first run)
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const root = fileURLToPath(new URL("..", import.meta.url));
const load = (name) => JSON.parse(readFileSync(new URL(`../schema/${name}`, import.meta.url)));
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validateV2 = ajv.compile(load("psm-result-2.schema.json"));
const validateV1 = ajv.compile(load("psm-result-1.schema.json"));

const samples = JSON.parse(
  execFileSync("cargo", ["run", "-q", "-p", "psm-core", "--example", "payload_samples"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  }),
);

/** The schema a payload names decides the validator; anything but psm-result/1 meets the current one. */
const errors = (value) => {
  const validate = value && value.schema === "psm-result/1" ? validateV1 : validateV2;
  return validate(value) ? null : ajv.errorsText(validate.errors);
};

test("samples cover both built-ins and every optional part", () => {
  const ids = new Set(samples.map((s) => s.instrument.id));
  assert.deepEqual([...ids].sort(), ["kim-16", "perry-24"]);
  for (const key of ["responses", "order", "candidate_ref", "consent"]) {
    assert.ok(samples.some((s) => key in s), key);
  }
  assert.ok(samples.some((s) => s.consent && "notice_sha256" in s.consent && "notice_version" in s.consent));
  assert.ok(samples.some((s) => s.consent && !("notice_sha256" in s.consent)));
  assert.ok(samples.some((s) => s.schema === "psm-result/1" && "candidate_ref" in s));
  assert.ok(samples.some((s) => s.schema === "psm-result/2"));
  assert.ok(samples.some((s) => "seconds_median_per_item" in s.quality));
  assert.ok(samples.some((s) => Object.values(s.scores).some((d) => d.mean === null)));
  assert.ok(samples.some((s) => s.overall.mean === null));
});

test("every real payload validates", () => {
  for (const sample of samples) {
    assert.equal(errors(sample), null, JSON.stringify(sample));
  }
});

const clone = (v) => structuredClone(v);
const full = () => clone(samples.find((s) => "responses" in s && "order" in s && "candidate_ref" in s && "consent" in s));
const fullV1 = () => clone(samples.find((s) => s.schema === "psm-result/1" && "order" in s));

const broken = {
  "extra top-level property": (p) => { p.ip = "10.0.0.1"; },
  "extra property in instrument": (p) => { p.instrument.name = "x"; },
  "extra property in a score": (p) => { Object.values(p.scores)[0].band = "tinggi"; },
  "extra property in overall": (p) => { p.overall.pass = true; },
  "extra property in quality": (p) => { p.quality.user_agent = "x"; },
  "extra property in scale": (p) => { p.scale.step = 1; },
  "wrong schema id": (p) => { p.schema = "psm-result/3"; },
  "psm-result/2 labelled /1 (consent not in /1)": (p) => { p.schema = "psm-result/1"; },
  "missing consent": (p) => { delete p.consent; },
  "consent with time of day": (p) => { p.consent.agreed_on = "2026-11-23T08:00:00Z"; },
  "consent impossible date": (p) => { p.consent.agreed_on = "2026-02-30"; },
  "extra property in consent": (p) => { p.consent.ip = "10.0.0.1"; },
  "notice hash uppercase": (p) => { p.consent.notice_sha256 = p.consent.notice_sha256.toUpperCase(); },
  "notice version without hash": (p) => { delete p.consent.notice_sha256; },
  "notice version with a space": (p) => { p.consent.notice_version = "v 1"; },
  "uppercase sha256": (p) => { p.instrument.sha256 = p.instrument.sha256.toUpperCase(); },
  "short sha256": (p) => { p.instrument.sha256 = "abc"; },
  "date with time": (p) => { p.completed_on = "2026-11-23T08:00:00Z"; },
  "impossible date": (p) => { p.completed_on = "2026-02-30"; },
  "submission id not random-shaped": (p) => { p.submission_id = "candidate@example.org"; },
  "uuid not v4": (p) => { p.submission_id = "3f2504e0-4f89-11d3-9a0c-0305e82c3301"; },
  "candidate_ref not hex": (p) => { p.candidate_ref = "REG-2026-000123"; },
  "mean below scale": (p) => { Object.values(p.scores)[0].mean = 0; },
  "mean as string": (p) => { p.overall.mean = "3.5"; },
  "other overall method": (p) => { p.overall.method = "mean_of_items"; },
  "response 0": (p) => { p.responses[Object.keys(p.responses)[0]] = 0; },
  "duplicate in order": (p) => { p.order[1] = p.order[0]; },
  "missing quality": (p) => { delete p.quality; },
  "missing score field": (p) => { delete Object.values(p.scores)[0].answered; },
  "scale min 0": (p) => { p.scale.min = 0; },
  "negative seconds": (p) => { p.quality.seconds_median_per_item = -1; },
};

for (const [name, breakIt] of Object.entries(broken)) {
  test(`schema rejects: ${name}`, () => {
    const p = full();
    assert.equal(errors(p), null);
    breakIt(p);
    assert.notEqual(errors(p), null, JSON.stringify(p));
  });
}

const brokenV1 = {
  "psm-result/1 with a consent record": (p) => { p.consent = { agreed_on: "2026-11-23" }; },
  "psm-result/1 labelled /2 (consent missing)": (p) => { p.schema = "psm-result/2"; },
};

for (const [name, breakIt] of Object.entries(brokenV1)) {
  test(`schema rejects: ${name}`, () => {
    const p = fullV1();
    assert.equal(errors(p), null);
    breakIt(p);
    assert.notEqual(errors(p), null, JSON.stringify(p));
  });
}

test("the schema describes the overall score as it is computed: null unless every dimension is scored", () => {
  const partial = samples.filter((s) => Object.values(s.scores).some((d) => d.mean === null));
  assert.ok(partial.length > 0, "a sample with an unscored dimension");
  for (const s of partial) assert.equal(s.overall.mean, null);
  const described = load("psm-result-2.schema.json").properties.overall.properties.mean.description;
  assert.match(described, /null unless every dimension is scored/);
});
