// scripts/short-names.mjs gives a widget wasm and its wasm-bindgen glue short import and export names, and the
// two must still fit: checked here with the platform's own wasm reader (WebAssembly.Module.imports/exports),
// not the script's, on the delivery build as wasm-bindgen and wasm-opt wrote it (target/delivery/glue, kept by
// scripts/build-variant.sh). Then it must refuse, loudly and without writing, what it cannot rename safely: a
// glue already shortened, a glue reading an export the wasm lacks.
//   node --test tests/budget/short-names.test.mjs     (after a build: bash scripts/build-dist.sh dist)
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const GLUE = path.join(process.env.CARGO_TARGET_DIR ?? path.join(ROOT, "target"), "delivery", "glue");
const built = fs.existsSync(path.join(GLUE, "psm-quiz-delivery.js"));
const skip = !built && process.env.PSM_ALLOW_NO_DIST === "1" ? `${GLUE} not built` : false;
const env = { ...process.env, PATH: `${path.join(ROOT, "node_modules/.bin")}${path.delimiter}${process.env.PATH}` };

/** A scratch output dir holding the delivery build as wasm-bindgen and wasm-opt wrote it. */
function scratch() {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "short-names-"));
  for (const f of ["psm-quiz-delivery.js", "psm-quiz-delivery_bg.wasm"]) fs.copyFileSync(path.join(GLUE, f), path.join(out, f));
  return out;
}
const run = (out) => spawnSync("node", [path.join(ROOT, "scripts/short-names.mjs"), out, "delivery"], { encoding: "utf8", env });
const files = (out) => ["psm-quiz-delivery.js", "psm-quiz-delivery_bg.wasm"].map((f) => fs.readFileSync(path.join(out, f)));

/** The keys of the glue's imports object, by module: `"module": import0` and `name: function(` lines. */
function glueImports(glue) {
  const body = glue.slice(glue.indexOf("function __wbg_get_imports()"));
  const modules = [...body.matchAll(/^\s*("[^"]+"): import0,$/gm)].map((m) => JSON.parse(m[1]));
  const names = [...body.matchAll(/^\s{8}([\w$]+): function\(/gm)].map((m) => m[1]);
  return { modules, names };
}

test("short names: the wasm imports exactly what the glue provides and exports all the glue reads, in fewer bytes", { skip }, () => {
  const out = scratch();
  const [glueBefore, wasmBefore] = files(out);
  const result = run(out);
  assert.equal(result.status, 0, result.stderr);
  const [glueAfter, wasmAfter] = files(out);
  const module = new WebAssembly.Module(wasmAfter);
  const imports = WebAssembly.Module.imports(module);
  const glue = glueImports(glueAfter.toString());
  assert.deepEqual(glue.modules.length, 1);
  assert.ok(imports.every((i) => i.module === glue.modules[0] && i.kind === "function"), "every import from the glue's one module");
  const provided = new Set(glue.names);
  const missing = imports.filter((i) => !provided.has(i.name)).map((i) => i.name);
  assert.deepEqual(missing, [], "every import the wasm asks for is in the glue");
  const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  const read = [...glueAfter.toString().matchAll(/\bwasm\.([\w$]+)/g)].map((m) => m[1]);
  assert.ok(read.length > 10);
  assert.deepEqual(read.filter((n) => !exported.has(n)), [], "every export the glue reads is in the wasm");
  // Same code, other names: as many imports and exports as before, only shorter.
  const before = new WebAssembly.Module(wasmBefore);
  assert.equal(imports.length, WebAssembly.Module.imports(before).length);
  assert.equal(exported.size, WebAssembly.Module.exports(before).length);
  assert.ok(Math.max(...imports.map((i) => i.name.length)) <= 3, "names of a few letters");
  assert.ok(wasmAfter.length < wasmBefore.length - 4000 && glueAfter.length < glueBefore.length - 4000, "smaller");
  fs.rmSync(out, { recursive: true });
});

test("short names: a glue already shortened or reading an export the wasm lacks stops the build, nothing written", { skip }, () => {
  // Twice: the second run finds no wasm-bindgen imports object to rename.
  {
    const out = scratch();
    assert.equal(run(out).status, 0);
    const [glue, wasm] = files(out);
    const again = run(out);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /short-names: psm-quiz-delivery\.js: no imports object for "\.\/psm-quiz-delivery_bg\.js"/);
    assert.deepEqual(files(out), [glue, wasm]);
    fs.rmSync(out, { recursive: true });
  }
  // A glue that reads an export the wasm does not have (another wasm-bindgen's glue beside this wasm).
  {
    const out = scratch();
    const file = path.join(out, "psm-quiz-delivery.js");
    fs.appendFileSync(file, "\nexport function extra() { return wasm.__wbindgen_not_exported(); }\n");
    const [glue, wasm] = files(out);
    const result = run(out);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /reads export __wbindgen_not_exported, which the wasm does not have/);
    assert.deepEqual(files(out), [glue, wasm]);
    assert.deepEqual(fs.readdirSync(out).sort(), ["psm-quiz-delivery.js", "psm-quiz-delivery_bg.wasm"], "no renamed copy left behind");
    fs.rmSync(out, { recursive: true });
  }
});
