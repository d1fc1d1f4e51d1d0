#!/usr/bin/env node
// Short import and export names between each widget wasm and its wasm-bindgen glue, in place in a build output
// dir (called by scripts/post-build.sh after the delivery and kiosk builds, before minification):
//   node scripts/short-names.mjs OUT [BUILD...]     (BUILD: web, delivery, kiosk; all three by default)
// Why: wasm-bindgen names every import after its Rust path plus a 16-digit hash (`__wbg_setAttribute_f753…`),
// and every one is written twice, in the wasm's import section and as a key of the glue's imports object. A
// minifier cannot shorten either: the two must stay equal. binaryen's own pass (wasm-opt
// --minify-imports-and-exports-and-modules, the one Emscripten uses) renames them in the wasm and prints the
// map; this script applies the same map to the glue. About 2.2 KB gzip less wasm and 1.7 KB less glue per build.
// Strict: every name in the map must be found in the glue exactly where wasm-bindgen writes it, and every
// export the glue reads must be in the map, or the build stops (a wasm-bindgen upgrade that writes its glue
// differently fails here, not in a candidate's browser).
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";

const ALL = ["web", "delivery", "kiosk"];
/** What rustc's wasm32-unknown-unknown target enables by default (Rust 1.95), as binaryen names it. */
const FEATURES = [
  "--enable-sign-ext",
  "--enable-mutable-globals",
  "--enable-nontrapping-float-to-int",
  "--enable-bulk-memory",
  "--enable-bulk-memory-opt",
  "--enable-call-indirect-overlong",
  "--enable-reference-types",
  "--enable-multivalue",
];

const [out, ...asked] = process.argv.slice(2);
const BUILDS = asked.length > 0 ? asked : ALL;
if (!out || !fs.existsSync(out) || !BUILDS.every((b) => ALL.includes(b))) {
  console.error("usage: node scripts/short-names.mjs OUT [web|delivery|kiosk ...] (a build output dir)");
  process.exit(2);
}
/** The renamed wasm not yet moved over the build's: removed if the build stops. */
let pending = null;
const fail = (message) => {
  if (pending) fs.rmSync(pending, { force: true });
  console.error(`short-names: ${message}`);
  process.exit(1);
};

const escape = (s) => s.replace(/[$]/g, "\\$&");

for (const build of BUILDS) {
  const glueFile = path.join(out, `psm-quiz-${build}.js`);
  const wasmFile = path.join(out, `psm-quiz-${build}_bg.wasm`);
  if (!fs.existsSync(glueFile) || !fs.existsSync(wasmFile)) fail(`psm-quiz-${build}.js or its wasm missing from ${out}`);
  let glue = fs.readFileSync(glueFile, "utf8");
  const moduleKey = `"./psm-quiz-${build}_bg.js": import0,`;
  if (glue.split(moduleKey).length !== 2) fail(`psm-quiz-${build}.js: no imports object for "./psm-quiz-${build}_bg.js" (already shortened, or a new wasm-bindgen)`);

  const tmp = `${wasmFile}.short`;
  pending = tmp;
  // The input has no target-features section (the build strips it), so the features rustc's wasm32 target
  // uses are named here, and no others: `--all-features` would let binaryen write newer encodings (the compact
  // import section) that browsers do not read. A wasm using anything else fails validation: the build stops.
  const printed = execFileSync("wasm-opt", [wasmFile, ...FEATURES, "--minify-imports-and-exports-and-modules", "--strip-target-features", "-o", tmp], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const map = JSON.parse(printed);
  // Read back by the platform's own wasm reader (which also refuses encodings browsers do not read).
  let modules;
  try {
    modules = new Set(WebAssembly.Module.imports(new WebAssembly.Module(fs.readFileSync(tmp))).map((i) => i.module));
  } catch (e) {
    fail(`psm-quiz-${build}_bg.wasm after renaming: ${e.message}`);
  }
  if (modules.size !== 1) fail(`psm-quiz-${build}_bg.wasm: ${modules.size} import modules after renaming, expected one`);
  const [newModule] = modules;

  // The imports object: `        __wbg_x_0123abcd: function(` once per import.
  for (const [module, from, to] of map.imports) {
    if (module !== `./psm-quiz-${build}_bg.js`) fail(`${from}: import from unexpected module ${module}`);
    const key = new RegExp(`(?<=\\n\\s*)${escape(from)}(?=: function\\()`, "g");
    const found = glue.match(key)?.length ?? 0;
    if (found !== 1) fail(`psm-quiz-${build}.js: import ${from} found ${found} times`);
    glue = glue.replace(key, to);
  }
  glue = glue.replace(moduleKey, `${JSON.stringify(newModule)}: import0,`);

  // The exports: the glue reads them all as `wasm.name`, and each is renamed at once (the map may swap names).
  const exports = new Map(map.exports);
  glue = glue.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (_, name) => {
    if (!exports.has(name)) fail(`psm-quiz-${build}.js reads export ${name}, which the wasm does not have`);
    return `wasm.${exports.get(name)}`;
  });
  if (/\bwasm\[/.test(glue)) fail(`psm-quiz-${build}.js reads an export by a computed name`);

  const before = fs.statSync(wasmFile).size;
  fs.renameSync(tmp, wasmFile);
  pending = null;
  fs.writeFileSync(glueFile, glue);
  console.log(`short-names: psm-quiz-${build}: ${map.imports.length} imports, ${exports.size} exports; wasm ${before} -> ${fs.statSync(wasmFile).size} bytes`);
}
