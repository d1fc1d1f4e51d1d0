#!/usr/bin/env node
// Stages the benchmark targets into bench/out/site/<target>/, one self-contained folder per target:
//   widget/   a copy of dist/ plus bench-nohints.html (the <psm-quiz> embed as most portals write it) and
//             bench.html (the same with the README's preload hints): targets `widget` and `widget-preload`
//             -- only when dist/ is built
//   surveyjs/ SurveyJS single-choice matrix from survey-core + survey-js-ui prebuilt minified bundles
//   jspsych/  jsPsych survey-likert from jspsych + @jspsych/plugin-survey-likert prebuilt minified bundles
//   plain/    a hand-written HTML form (the floor: no framework, scripts only score on submit)
// The three comparison pages read the same perry-24 instrument (Indonesian texts) from a generated data.js.
//   node bench/build.mjs [--instrument instruments/perry-24.json] [--dist dist] [--out bench/out/site]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const BENCH = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(BENCH, "..");
const NM = path.join(ROOT, "node_modules");

/**
 * Files of the widget an embed page needs: the stable entry psm-quiz.js plus the wasm-bindgen glue and the
 * wasm it names (their names follow the crate, so they are read from the entry rather than assumed).
 */
export function widgetFiles(distDir) {
  const entry = path.join(distDir, "psm-quiz.js");
  if (!fs.existsSync(entry)) return ["psm-quiz.js"];
  const source = fs.readFileSync(entry, "utf8");
  // Static or dynamic imports of the glue; the kiosk build (psm-quiz-kiosk.*) is never an embed's.
  const glue = [...source.matchAll(/(?:from\s+|import\(\s*)["']\.\/([^"'/]+\.js)["']/g)].map((m) => m[1]);
  const wasm = [...source.matchAll(/["']\.?\/?([^"'/]+\.wasm)["']/g)].map((m) => m[1]);
  const embed = (f) => !/kiosk/.test(f);
  return ["psm-quiz.js", ...new Set(glue.filter(embed)), ...new Set(wasm.filter(embed))];
}

const PEERS = {
  surveyjs: {
    entry: "index.html",
    files: {
      "index.html": "bench/peers/surveyjs.html",
      "surveyjs.js": "bench/peers/surveyjs.js",
      "survey.core.min.js": "node_modules/survey-core/survey.core.min.js",
      "survey-js-ui.min.js": "node_modules/survey-js-ui/survey-js-ui.min.js",
      "survey-core.fontless.min.css": "node_modules/survey-core/survey-core.fontless.min.css",
    },
    packages: ["survey-core", "survey-js-ui"],
  },
  jspsych: {
    entry: "index.html",
    files: {
      "index.html": "bench/peers/jspsych.html",
      "jspsych-page.js": "bench/peers/jspsych-page.js",
      "jspsych.min.js": "node_modules/jspsych/dist/index.browser.min.js",
      "plugin-survey-likert.min.js": "node_modules/@jspsych/plugin-survey-likert/dist/index.browser.min.js",
      "jspsych.css": "node_modules/jspsych/css/jspsych.css",
    },
    packages: ["jspsych", "@jspsych/plugin-survey-likert"],
  },
  plain: {
    entry: "index.html",
    files: {
      "plain.js": "bench/peers/plain.js",
      "plain.css": "bench/peers/plain.css",
    },
    packages: [],
  },
};

const escapeHtml = (s) =>
  String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** Reads the instrument file and keeps what a page needs in one language. Throws naming the field at fault. */
export function loadInstrument(file, lang = "id") {
  let inst;
  try {
    inst = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`cannot read instrument ${file}: ${err.message}`);
  }
  const need = (cond, field) => {
    if (!cond) throw new Error(`instrument ${file}: ${field} missing or invalid for lang "${lang}"`);
  };
  need(Number.isInteger(inst?.scale?.points) && inst.scale.points >= 2, "scale.points");
  const labels = inst.scale.labels?.[lang];
  need(Array.isArray(labels) && labels.length === inst.scale.points, "scale.labels");
  need(Array.isArray(inst.dimensions) && inst.dimensions.length > 0, "dimensions");
  need(Array.isArray(inst.items) && inst.items.length > 0, "items");
  const dims = inst.dimensions.map((d, i) => {
    need(typeof d.id === "string", `dimensions[${i}].id`);
    return { id: d.id, min_answered: typeof d.min_answered === "number" ? d.min_answered : 0.75 };
  });
  const items = inst.items.map((item, i) => {
    need(typeof item.text?.[lang] === "string", `items[${i}].text.${lang}`);
    need(
      dims.some((d) => d.id === item.dimension),
      `items[${i}].dimension`,
    );
    return { id: item.id, dimension: item.dimension, text: item.text[lang], reverse: item.reverse === true };
  });
  return {
    id: inst.id,
    version: inst.version,
    lang,
    title: inst.title?.[lang] ?? inst.id,
    instructions: inst.instructions?.[lang] ?? "",
    points: inst.scale.points,
    labels,
    dimensions: dims,
    items,
  };
}

function plainPage(inst) {
  const template = fs.readFileSync(path.join(BENCH, "peers/plain.html"), "utf8");
  const items = inst.items
    .map((item, n) => {
      const options = inst.labels
        .map(
          (label, i) =>
            `        <label><input type="radio" name="${escapeHtml(item.id)}" value="${i + 1}" required> ${escapeHtml(label)}</label>`,
        )
        .join("\n");
      return `      <fieldset>\n        <legend>${n + 1}. ${escapeHtml(item.text)}</legend>\n${options}\n      </fieldset>`;
    })
    .join("\n");
  return template
    .replace("{{TITLE}}", escapeHtml(inst.title))
    .replace("{{INSTRUCTIONS}}", escapeHtml(inst.instructions))
    .replace("{{ITEMS}}", items);
}

function packageVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(NM, name, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
}

/** Builds bench/out/site and returns a manifest: per target its folder, entry page, status and versions. */
export function buildBench({
  instrumentPath = path.join(ROOT, "instruments/perry-24.json"),
  distDir = path.join(ROOT, "dist"),
  outDir = path.join(ROOT, "bench/out/site"),
} = {}) {
  const inst = loadInstrument(instrumentPath, "id");
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const dataJs = `// Generated by bench/build.mjs from ${path.relative(ROOT, instrumentPath)}; do not edit.\nwindow.PERRY24 = ${JSON.stringify(inst)};\n`;
  const manifest = { instrument: { id: inst.id, version: inst.version, items: inst.items.length }, targets: {} };

  for (const [name, peer] of Object.entries(PEERS)) {
    const dir = path.join(outDir, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [to, from] of Object.entries(peer.files)) {
      const src = path.join(ROOT, from);
      if (!fs.existsSync(src)) throw new Error(`${name}: ${from} not found (run npm ci)`);
      fs.copyFileSync(src, path.join(dir, to));
    }
    fs.copyFileSync(path.join(BENCH, "peers/score.js"), path.join(dir, "score.js"));
    fs.writeFileSync(path.join(dir, "data.js"), dataJs);
    if (name === "plain") fs.writeFileSync(path.join(dir, "index.html"), plainPage(inst));
    manifest.targets[name] = {
      dir,
      entry: peer.entry,
      available: true,
      versions: Object.fromEntries(peer.packages.map((p) => [p, packageVersion(p)])),
    };
  }

  const required = widgetFiles(distDir);
  const missing = required.filter((f) => !fs.existsSync(path.join(distDir, f)));
  if (!missing.length && !required.some((f) => f.endsWith(".wasm"))) missing.push("(psm-quiz.js names no .wasm file)");
  const widgetDir = path.join(outDir, "widget");
  if (missing.length === 0) {
    fs.cpSync(distDir, widgetDir, { recursive: true });
    for (const f of ["bench.html", "bench-nohints.html", "bench-listen.js"]) fs.copyFileSync(path.join(BENCH, "widget", f), path.join(widgetDir, f));
    manifest.targets.widget = { dir: widgetDir, entry: "bench-nohints.html", available: true, versions: {} };
    manifest.targets["widget-preload"] = { dir: widgetDir, entry: "bench.html", available: true, versions: {} };
  } else {
    const reason = `${path.relative(ROOT, distDir) || distDir}/ lacks ${missing.join(", ")} (build it with scripts/build-dist.sh)`;
    manifest.targets.widget = { dir: widgetDir, entry: "bench-nohints.html", available: false, reason };
    manifest.targets["widget-preload"] = { dir: widgetDir, entry: "bench.html", available: false, reason };
  }
  fs.writeFileSync(path.join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return manifest;
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const key = { "--instrument": "instrumentPath", "--dist": "distDir", "--out": "outDir" }[argv[i]];
    if (!key || i + 1 >= argv.length) throw new Error(`usage: node bench/build.mjs [--instrument F] [--dist D] [--out D]`);
    opts[key] = path.resolve(argv[++i]);
  }
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const manifest = buildBench(parseArgs(process.argv.slice(2)));
    for (const [name, t] of Object.entries(manifest.targets)) {
      console.log(`${name.padEnd(9)} ${t.available ? "ready" : `not available: ${t.reason}`}`);
    }
  } catch (err) {
    console.error(`bench/build.mjs: ${err.message}`);
    process.exit(1);
  }
}
