#!/usr/bin/env node
// Carries the first screen inside psm-quiz.js, in place in a build output dir (called by scripts/post-build.sh
// after the `prerender` crate, before minification):
//   node scripts/inline-first.mjs OUT SCREENS_DIR
// It writes, in place of psm-quiz.js's `const INLINED = null;`, an object with the stylesheet's text (minified
// as scripts/minify.mjs minifies psm-quiz.css) and every prerendered first screen of SCREENS_DIR
// (psm-first-<instrument>.<lang>.json: `{ instrument, lang, for, html, page, counts, saved }`: the consent
// screen, the first page of statements, its progress lines per count answered, and where the answers given
// there are kept), then removes SCREENS_DIR.
// Why: on a slow link each file a page asks for after psm-quiz.js costs a round trip; with the stylesheet and
// the screen already in it, the first screen shows as soon as psm-quiz.js has run (README "What a candidate
// sees first"). All four screens and the stylesheet cost about 0.8 KB gzip more than the two files they replace.
import fs from "node:fs";
import path from "node:path";
import { transform } from "lightningcss";

const MARKER = "const INLINED = null;";
const [out, screensDir] = process.argv.slice(2);
if (!out || !screensDir || !fs.existsSync(out) || !fs.existsSync(screensDir)) {
  console.error("usage: node scripts/inline-first.mjs OUT SCREENS_DIR");
  process.exit(2);
}
const fail = (message) => {
  console.error(`inline-first: ${message}`);
  process.exit(1);
};

const screens = {};
for (const name of fs.readdirSync(screensDir).sort()) {
  const m = /^psm-first-(.+)\.json$/.exec(name);
  if (!m) continue;
  const { instrument, lang, for: configs, html, page, counts, saved } = JSON.parse(fs.readFileSync(path.join(screensDir, name), "utf8"));
  if (`${instrument}.${lang}` !== m[1] || !Array.isArray(configs) || typeof html !== "string") fail(`${name}: not a first screen`);
  const lines = Array.isArray(counts) && counts.length > 1 && counts.every((c) => Array.isArray(c) && c.length === 2 && c.every((t) => typeof t === "string"));
  if (typeof page !== "string" || !lines) fail(`${name}: no first page of statements with its progress lines`);
  // Where the answers given on that page are kept: the live app's saved-run key, and the fields of its entry.
  const kept = typeof saved?.key === "string" && saved.key.startsWith("psm-resume/") && typeof saved.entry?.sha256 === "string" && saved.entry.lang === lang;
  if (!kept) fail(`${name}: no place to keep the answers given on the first page`);
  screens[m[1]] = { for: configs, html, page, counts, saved };
}
if (Object.keys(screens).length === 0) fail(`no psm-first-*.json in ${screensDir}`);

const cssFile = path.join(out, "psm-quiz.css");
const { code } = transform({ filename: "psm-quiz.css", code: fs.readFileSync(cssFile), minify: true });
const inlined = { css: code.toString(), screens };

const jsFile = path.join(out, "psm-quiz.js");
const source = fs.readFileSync(jsFile, "utf8");
if (source.split(MARKER).length !== 2) fail(`psm-quiz.js must hold "${MARKER}" exactly once`);
fs.writeFileSync(jsFile, source.replace(MARKER, () => `const INLINED = ${JSON.stringify(inlined)};`));
fs.rmSync(screensDir, { recursive: true });
console.log(`inline-first: ${Object.keys(screens).join(", ")} and the stylesheet (${inlined.css.length} bytes) in psm-quiz.js`);
