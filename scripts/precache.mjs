#!/usr/bin/env node
// Writes the kiosk's offline files into a build output dir (called by scripts/post-build.sh):
//   node scripts/precache.mjs OUT
// - OUT/sw.js from www/sw.js, with the list of files the quiz needs, each file's SHA-256 (the worker checks
//   every download against it before a new cache replaces the old one) and a version = SHA-256 of their
//   names and contents: a new build gets a new cache name, an unchanged build keeps its cache;
// - OUT/manifest.webmanifest and OUT/icons/ from www/ (the kiosk links the manifest itself).
// The list is every file at the top of OUT that the quiz page loads (HTML, JS, wasm, CSS, manifest) plus
// the icons; the demo portal, the cohort report and the worker itself are not part of the kiosk.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WWW = path.join(ROOT, "www");
const MARKER = /^const PRECACHE = \{ version: "dev", files: \[\] \};$/m;
const KIOSK_EXT = new Set([".html", ".js", ".wasm", ".css", ".webmanifest", ".json"]);
// Top-level files that are not the quiz page's (the report page and its own wasm, the worker). psm-quiz.css
// stays listed: a browser without constructed stylesheets links it (psm-quiz.js carries it for the others).
const NOT_KIOSK = /^(sw\.js|report[^/]*|psm[_-]report[^/]*|precache\.json)$/;

export function precacheList(out) {
  const files = [];
  for (const name of fs.readdirSync(out).sort()) {
    const full = path.join(out, name);
    if (!fs.statSync(full).isFile() || NOT_KIOSK.test(name)) continue;
    if (KIOSK_EXT.has(path.extname(name))) files.push(name);
  }
  const icons = path.join(out, "icons");
  if (fs.existsSync(icons)) {
    // Not the .gz/.br copies (scripts/precompress.mjs): the browser fetches the icon itself, the host encodes it.
    for (const name of fs.readdirSync(icons).sort()) if (!/\.(gz|br)$/.test(name)) files.push(`icons/${name}`);
  }
  return files;
}

/** `{ file: sha256 hex }` of every listed file, as the service worker checks them. */
export function hashesOf(out, files) {
  const hashes = {};
  for (const f of files) hashes[f] = crypto.createHash("sha256").update(fs.readFileSync(path.join(out, f))).digest("hex");
  return hashes;
}

export function versionOf(out, files) {
  const hash = crypto.createHash("sha256");
  for (const f of files) {
    hash.update(f + "\0");
    hash.update(fs.readFileSync(path.join(out, f)));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

function main() {
  const out = process.argv[2];
  if (!out || !fs.existsSync(out)) {
    console.error("usage: node scripts/precache.mjs OUT_DIR");
    process.exit(2);
  }
  fs.copyFileSync(path.join(WWW, "manifest.webmanifest"), path.join(out, "manifest.webmanifest"));
  fs.mkdirSync(path.join(out, "icons"), { recursive: true });
  for (const name of fs.readdirSync(path.join(WWW, "icons"))) {
    fs.copyFileSync(path.join(WWW, "icons", name), path.join(out, "icons", name));
  }
  const files = precacheList(out);
  // The kiosk runs on its own build (psm-quiz-kiosk.*); the embed build stays listed for a kiosk page that
  // mounts an ordinary quiz too (exactOrigin() of a framed kiosk uses the kiosk build).
  const NEEDED = ["index.html", "psm-quiz.js", "psm-kiosk-offline.js", "psm-quiz-kiosk.js", "psm-quiz-kiosk_bg.wasm", "psm-quiz-web.js", "psm-quiz-web_bg.wasm"];
  for (const needed of NEEDED) {
    if (!files.includes(needed)) console.warn(`precache: ${needed} is missing from ${out}`);
  }
  const version = versionOf(out, files);
  const template = fs.readFileSync(path.join(WWW, "sw.js"), "utf8");
  if (!MARKER.test(template)) throw new Error("precache: www/sw.js has lost its PRECACHE marker line");
  const line = `const PRECACHE = ${JSON.stringify({ version, files, sha256: hashesOf(out, files) })};`;
  fs.writeFileSync(path.join(out, "sw.js"), template.replace(MARKER, () => line));
  console.log(`precache: ${files.length} files, version ${version}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
