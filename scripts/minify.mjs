#!/usr/bin/env node
// Minifies the JavaScript a candidate's browser downloads, in place in a build output dir (called by
// scripts/post-build.sh, before the precache list hashes the files):
//   node scripts/minify.mjs OUT
// The public entry, the iframe page's script and the two wasm-bindgen glues: together about 5 KB gzip less
// on a slow phone. Readable sources stay in www/ (and the glue is generated); export names, string
// literals and `import.meta.url` survive minification, so nothing a host calls or a test reads changes.
// The stylesheets the widget and the iframe page load are minified too (lightningcss; about 1.1 KB gzip less
// for psm-quiz.css): their comments document the --psm-* theming variables for hosts, who read them in
// www/psm-quiz.css and in the npm package, which ships that readable copy (scripts/pack.sh).
import fs from "node:fs";
import path from "node:path";
import { minify } from "terser";
import { transform } from "lightningcss";

const STYLES = ["psm-quiz.css", "iframe.css"];
const FILES = ["psm-quiz.js", "psm-kiosk-offline.js", "iframe.js", "psm-quiz-web.js", "psm-quiz-delivery.js", "psm-quiz-kiosk.js"];

const out = process.argv[2];
if (!out || !fs.existsSync(out)) {
  console.error("usage: node scripts/minify.mjs OUT (a build output dir)");
  process.exit(2);
}
for (const name of FILES) {
  const file = path.join(out, name);
  if (!fs.existsSync(file)) {
    console.error(`minify: ${name} missing from ${out}`);
    process.exit(1);
  }
  const source = fs.readFileSync(file, "utf8");
  const result = await minify(source, {
    module: true,
    ecma: 2020,
    compress: { passes: 2 },
    mangle: true,
    format: { comments: false },
  });
  fs.writeFileSync(file, result.code);
  console.log(`minify: ${name} ${source.length} -> ${result.code.length} bytes`);
}
for (const name of STYLES) {
  const file = path.join(out, name);
  if (!fs.existsSync(file)) {
    console.error(`minify: ${name} missing from ${out}`);
    process.exit(1);
  }
  const source = fs.readFileSync(file);
  // No browser targets: lightningcss then keeps every rule and property as written (no prefixing, no
  // lowering), and only drops comments and whitespace and shortens what is equivalent.
  const { code } = transform({ filename: name, code: source, minify: true });
  fs.writeFileSync(file, code);
  console.log(`minify: ${name} ${source.length} -> ${code.length} bytes`);
}
