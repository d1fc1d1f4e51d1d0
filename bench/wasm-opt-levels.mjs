#!/usr/bin/env node
// Chooses the wasm-opt level by measured gzip size, not by assumption (-Os or -O1 can gzip smaller than -Oz).
// Runs wasm-bindgen on the release build of the widget into a temp dir, then wasm-opt at each level, and prints
// raw and gzip -9 sizes, smallest gzip first, then the build's choice: index.html's level (data-wasm-opt) with
// its extra flags (data-wasm-opt-params). The chosen level and flags go into index.html.
//   cargo build --release --target wasm32-unknown-unknown -p psm-quiz-web --lib   (or scripts/build-dist.sh)
//   node bench/wasm-opt-levels.mjs [path/to/psm_quiz_web.wasm]
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { ROOT } from "./build.mjs";

const LEVELS = ["1", "2", "3", "4", "s", "z"];
// The root package's name gives the cdylib's file name (dashes become underscores).
const pkg = /\[package\][^[]*?\bname\s*=\s*"([^"]+)"/.exec(fs.readFileSync(path.join(ROOT, "Cargo.toml"), "utf8"));
const crate = (pkg ? pkg[1] : "psm-quiz-web").replace(/-/g, "_");
const input = path.resolve(process.argv[2] ?? path.join(ROOT, `target/wasm32-unknown-unknown/release/${crate}.wasm`));
if (!fs.existsSync(input)) {
  console.error(`${input} not found: build the widget in release mode first (scripts/build-dist.sh)`);
  process.exit(1);
}
const bin = (name) => {
  const local = path.join(ROOT, "node_modules/.bin", name);
  return fs.existsSync(local) ? local : name;
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "psm-wasm-opt-"));
try {
  execFileSync("wasm-bindgen", ["--target", "web", "--no-typescript", "--out-dir", tmp, "--out-name", "widget", input], { stdio: "inherit" });
  const bindgen = path.join(tmp, "widget_bg.wasm");
  const gz = (f) => zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length;
  const rows = [{ level: "none", raw: fs.statSync(bindgen).size, gzip: gz(bindgen) }];
  for (const level of LEVELS) {
    const out = path.join(tmp, `O${level}.wasm`);
    execFileSync(bin("wasm-opt"), [`-O${level}`, bindgen, "-o", out], { stdio: "inherit" });
    rows.push({ level: `-O${level}`, raw: fs.statSync(out).size, gzip: gz(out) });
  }
  const html = fs.readFileSync(path.join(ROOT, "index.html"), "utf8");
  const level = /data-wasm-opt="([^"]*)"/.exec(html)?.[1];
  const params = (/data-wasm-opt-params="([^"]*)"/.exec(html)?.[1] ?? "").split(/\s+/).filter(Boolean);
  if (level && params.length) {
    const out = path.join(tmp, "chosen.wasm");
    execFileSync(bin("wasm-opt"), [`-O${level}`, ...params, bindgen, "-o", out], { stdio: "inherit" });
    rows.push({ level: `-O${level} ${params.join(" ")} (index.html)`, raw: fs.statSync(out).size, gzip: gz(out) });
  }
  rows.sort((a, b) => a.gzip - b.gzip);
  console.log(`wasm-opt levels for ${path.relative(ROOT, input)} (gzip -9), smallest first:`);
  for (const r of rows) console.log(`  ${r.level.padEnd(5)} ${String(r.raw).padStart(9)} B raw  ${String(r.gzip).padStart(8)} B gzip  (${(r.gzip / 1024).toFixed(1)} KB)`);
  console.log(`wasm-bindgen glue: ${gz(path.join(tmp, "widget.js"))} B gzip`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
