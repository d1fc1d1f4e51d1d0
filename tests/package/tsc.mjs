// Runs the TypeScript compiler of the repository's devDependencies (`tsc --noEmit`, strict) over a few files
// in a scratch directory, for the type tests of the npm package.
//   const { ok, output } = tscCheck(dir, { "check.ts": "..." }, { paths: { "psm-quiz": ["/abs/psm-quiz.d.ts"] } });
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { ROOT } from "../support/browser.mjs";

export const TSC = path.join(ROOT, "node_modules/.bin/tsc");

/** Compiler options a web team's strict project would use; `types: []` keeps stray @types out. */
export function compilerOptions(extra = {}) {
  return {
    strict: true,
    noEmit: true,
    target: "es2022",
    module: "esnext",
    moduleResolution: "bundler",
    lib: ["es2022", "dom", "dom.iterable"],
    types: [],
    skipLibCheck: false,
    exactOptionalPropertyTypes: false,
    ...extra,
  };
}

/** Writes `files` (name -> text) and a tsconfig.json into a fresh `dir`, runs tsc, returns its verdict. */
export function tscCheck(dir, files, extraOptions = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const tsconfig = { compilerOptions: compilerOptions(extraOptions), files: Object.keys(files) };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  return runTsc(dir);
}

/** tsc -p DIR (its own tsconfig.json). */
export function runTsc(dir) {
  const run = spawnSync(TSC, ["-p", path.resolve(dir), "--pretty", "false"], { cwd: dir, encoding: "utf8" });
  if (run.error) throw run.error;
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}
