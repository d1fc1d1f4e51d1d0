// The npm package, proven from its tarball the way a portal team would use it:
// - scripts/pack.sh packs the release build (dist/); the tarball holds exactly the widget's files, types,
//   result schema, README and licences, at the Rust crates' version;
// - the tarball is installed (`npm install --offline`) into a scratch app (tests/package/app/), which Vite and
//   webpack 5 bundle; each output is served under the strict CSP of docs/embedding.md and a candidate completes
//   a quiz in headless Chromium to exactly one result; an embed without endpoint downloads neither the delivery
//   nor the kiosk build, one with an endpoint downloads the delivery build only and delivers once; Vite's dev
//   server (with its dependency pre-bundling) runs it too;
// - `tsc --noEmit` type-checks tests/package/app/example.ts (every config field and event) against the
//   installed package, and misspelt fields fail to compile.
//   node --test tests/package/package.test.mjs     (after scripts/build-dist.sh dist; PSM_ALLOW_NO_DIST=1 skips)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startServer } from "../../tools/serve.mjs";
import { startEndpoint } from "../support/endpoint.mjs";
import { launch, watchConsole, ROOT, DIST } from "../support/browser.mjs";
import { instrument, answersFor, expectedScores, validatePayload, runQuiz } from "../support/quiz.mjs";
import { tscCheck, runTsc, compilerOptions } from "./tsc.mjs";

const built = fs.existsSync(path.join(DIST, "psm-quiz.js"));
const skip = !built && process.env.PSM_ALLOW_NO_DIST === "1" ? `${DIST} not built` : false;

const SCRATCH = path.join(ROOT, "target/package-test");
const APP_SOURCE = path.join(ROOT, "tests/package/app");
const APP = path.join(SCRATCH, "app");
const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; require-trusted-types-for 'script'; connect-src 'self' http://127.0.0.1:*";
/** The three builds' file names as psm-quiz.js names them; bundlers add a hash before the extension. */
const BUILD_FILES = {
  embed: ["psm-quiz-web.js", "psm-quiz-web_bg.wasm"],
  delivery: ["psm-quiz-delivery.js", "psm-quiz-delivery_bg.wasm"],
  kiosk: ["psm-quiz-kiosk.js", "psm-quiz-kiosk_bg.wasm"],
};

let tarball = null;
let browser = null;

before(async () => {
  if (skip) return;
  fs.rmSync(SCRATCH, { recursive: true, force: true });
  const out = execFileSync("bash", ["scripts/pack.sh", DIST, path.join(SCRATCH, "npm")], { cwd: ROOT, encoding: "utf8" });
  tarball = out.trim().split("\n").pop();
  // The scratch app: its own package.json, the tarball installed from disk (no registry needed).
  fs.cpSync(APP_SOURCE, APP, { recursive: true });
  fs.writeFileSync(
    path.join(APP, "package.json"),
    JSON.stringify({ name: "portal-app", private: true, type: "module" }, null, 2),
  );
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball], {
    cwd: APP,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

const cargoVersion = () =>
  /\[workspace\.package\][^[]*?\nversion\s*=\s*"([^"]+)"/.exec(fs.readFileSync(path.join(ROOT, "Cargo.toml"), "utf8"))[1];

test("the tarball holds the widget, its types, the result schema, README and licences, nothing else", { skip }, () => {
  const listed = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n").sort();
  const schemas = fs.readdirSync(path.join(ROOT, "schema")).filter((f) => /^psm-result-\d+\.schema\.json$/.test(f));
  const expected = [
    "package.json",
    "README.md",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "psm-quiz.js",
    "psm-quiz.d.ts",
    "psm-quiz.css",
    ...Object.values(BUILD_FILES).flat(),
    "psm-kiosk-offline.js",
    ...schemas.map((f) => `schema/${f}`),
  ];
  // wasm-bindgen writes JS snippets of dependencies (none today) beside the glue, which imports them.
  const snippets = fs.existsSync(path.join(DIST, "snippets"));
  const unexpected = listed.filter((f) => {
    const name = f.replace(/^package\//, "");
    return !expected.includes(name) && !(snippets && name.startsWith("snippets/"));
  });
  assert.deepEqual(unexpected, [], `files that do not belong in the package: ${unexpected}`);
  const missing = expected.filter((f) => !listed.includes(`package/${f}`));
  assert.deepEqual(missing, [], `missing from the package: ${missing}`);

  const manifest = JSON.parse(fs.readFileSync(path.join(APP, "node_modules/psm-quiz/package.json"), "utf8"));
  assert.equal(manifest.name, "psm-quiz");
  assert.equal(manifest.version, cargoVersion(), "the package's version is the crates' version");
  assert.equal(path.basename(tarball), `psm-quiz-${cargoVersion()}.tgz`);
  assert.equal(manifest.type, "module");
  assert.equal(manifest.license, "MIT OR Apache-2.0");
  assert.deepEqual(manifest.exports["."], { types: "./psm-quiz.d.ts", default: "./psm-quiz.js" });
  assert.equal(manifest.exports["./schema/*"], "./schema/*");
  // The package is the release build, byte for byte.
  for (const f of ["psm-quiz.js", ...Object.values(BUILD_FILES).flat()]) {
    const packed = fs.readFileSync(path.join(APP, "node_modules/psm-quiz", f));
    assert.ok(packed.equals(fs.readFileSync(path.join(DIST, f))), `${f} differs from ${DIST}/${f}`);
  }
});

test("the minified entry names every build and the stylesheet in the literal forms bundlers follow", { skip }, () => {
  const source = fs.readFileSync(path.join(DIST, "psm-quiz.js"), "utf8");
  for (const [glue, wasm] of Object.values(BUILD_FILES)) {
    assert.ok(source.includes(`import("./${glue}")`), `import("./${glue}") missing`);
    assert.match(source, new RegExp(`new URL\\("\\./${wasm.replace(".", "\\.")}",import\\.meta\\.url\\)`));
  }
  assert.match(source, /new URL\("\.\/psm-quiz\.css",import\.meta\.url\)/);
  // No other literal a bundler would copy (a directory, sw.js: hosting dist/ directly only).
  const literals = [...source.matchAll(/new URL\("([^"]*)",import\.meta\.url\)/g)].map((m) => m[1]).sort();
  assert.deepEqual(literals, [
    "./psm-quiz-delivery_bg.wasm",
    "./psm-quiz-kiosk_bg.wasm",
    "./psm-quiz-web_bg.wasm",
    "./psm-quiz.css",
  ]);
});

/** Bundles the scratch app with Vite into `out`; Vite keeps the file names (plus a hash). */
async function viteBuild(out) {
  const { build } = await import("vite");
  await build({
    root: APP,
    configFile: false,
    logLevel: "warn",
    build: { outDir: out, emptyOutDir: true },
  });
  return new Map();
}

/** Bundles the scratch app with webpack 5 into `out` (an index.html of its own loads the bundle). */
async function webpackBuild(out) {
  const { default: webpack } = await import("webpack");
  fs.rmSync(out, { recursive: true, force: true });
  const stats = await new Promise((resolve, reject) =>
    webpack(
      {
        mode: "production",
        context: APP,
        entry: "./main.js",
        // Named chunk ids keep the glue's file name visible in its chunk's name (the test reads it).
        output: { path: out, filename: "main.[contenthash].js", chunkFilename: "[id].[contenthash].js", publicPath: "/", trustedTypes: "portal-app" },
        optimization: { chunkIds: "named" },
        performance: false,
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  const json = stats.toJson({ assets: true });
  const bundle = json.assetsByChunkName.main[0];
  const html = fs.readFileSync(path.join(APP, "index.html"), "utf8").replace("./main.js", `/${bundle}`);
  fs.writeFileSync(path.join(out, "index.html"), html.replace('type="module"', "defer"));
  fs.cpSync(path.join(APP, "public"), out, { recursive: true }); // as Vite copies public/
  // webpack names copied files by content hash alone: its stats say which package file each one is.
  const manifest = new Map();
  for (const asset of json.assets) {
    const from = asset.info?.sourceFilename;
    if (from?.startsWith("node_modules/psm-quiz/")) manifest.set(asset.name, path.basename(from));
  }
  return manifest;
}

const baseName = (url) => decodeURIComponent(new URL(url).pathname.split("/").pop());
/** `psm-quiz-web_bg-3kd9F.wasm` (Vite) or `1a2b3c.wasm` (webpack): which build file a request was. */
function buildFileOf(name, manifest) {
  if (manifest.has(name)) return manifest.get(name);
  for (const files of [...Object.values(BUILD_FILES), ["psm-quiz.css"]]) {
    for (const f of files) {
      const [stem, ext] = [f.slice(0, f.lastIndexOf(".")), f.slice(f.lastIndexOf("."))];
      // Vite: psm-quiz-web-<hash>.js; webpack's named chunk: node_modules_psm-quiz_psm-quiz-web_js.<hash>.js
      if (name === f || (name.startsWith(`${stem}-`) && name.endsWith(ext))) return f;
      if (ext === ".js" && name.includes(`_${stem}_js`)) return f;
    }
  }
  return null;
}

/** Every file of a build output, by base name. */
const outputFiles = (out) =>
  fs.readdirSync(out, { recursive: true }).filter((f) => fs.statSync(path.join(out, f)).isFile()).map((f) => path.basename(f));

/** Opens the bundled app at `query` under the strict CSP, recording every file the page asks for. */
async function openApp(out, query, { endpoint = null, manifest = new Map(), server = null, init = null } = {}) {
  server ??= await startServer({ root: out, port: 0, headers: { "Content-Security-Policy": CSP } });
  const page = await browser.newPage();
  if (init) await page.addInitScript(init);
  const errors = watchConsole(page);
  const files = [];
  page.on("response", (res) => res.status() >= 400 && errors.push(`${res.status()} ${res.url()}`));
  page.on("request", (req) => {
    if (req.url().startsWith(server.url)) files.push(buildFileOf(baseName(req.url()), manifest) ?? baseName(req.url()));
  });
  const sep = query.includes("?") ? "&" : "?";
  const url = `${server.url}/index.html${query}${endpoint ? `${sep}endpoint=${encodeURIComponent(endpoint)}` : ""}`;
  await page.goto(url);
  return { page, errors, files, server };
}

/** A full run of perry-24 in the mounted quiz: one callback, one event, the core's scores, a valid payload. */
async function completeOnce(page) {
  const ins = instrument("perry-24");
  const answers = answersFor(ins, 3);
  await runQuiz(page.locator("#quiz"), answers);
  await page.waitForFunction(() => window.psmLog.events.some((e) => e.type === "psm-complete"));
  await page.waitForTimeout(300); // a duplicate would arrive now
  const log = await page.evaluate(() => window.psmLog);
  const results = log.events.filter((e) => e.type === "psm-complete").map((e) => e.detail);
  assert.equal(results.length, 1, "exactly one psm-complete event");
  assert.deepEqual(
    log.callbacks.map((c) => c.type),
    ["complete"],
    `callbacks: ${JSON.stringify(log.callbacks)}`,
  );
  assert.deepEqual(log.callbacks[0].result, results[0]);
  const result = results[0];
  assert.deepEqual(validatePayload(result), []);
  const expected = expectedScores(ins, answers);
  assert.deepEqual(result.scores, expected.scores);
  assert.equal(result.overall.mean, expected.overall);
  assert.equal(log.origin, null, "exactOrigin refuses a URL with a path");
  assert.ok(log.events.some((e) => e.type === "psm-progress" && e.detail.answered === ins.items.length));
  return result;
}

/** The quiz's shadow root adopted the stylesheet psm-quiz.js carries (and links no file). */
const adoptedStyles = (page) =>
  page.evaluate(() => {
    const root = document.querySelector("#quiz").shadowRoot;
    const rules = root.adoptedStyleSheets.reduce((n, sheet) => n + sheet.cssRules.length, 0);
    return rules > 0 && root.querySelector("link[rel=stylesheet]") === null;
  });

const count = (files, name) => files.filter((f) => f === name).length;

for (const [bundler, bundle] of [
  ["Vite", viteBuild],
  ["webpack 5", webpackBuild],
]) {
  const out = path.join(SCRATCH, `out-${bundler.split(" ")[0].toLowerCase()}`);
  let manifest = new Map();

  test(`${bundler}: the bundled app completes a quiz to one result and never downloads a build it does not use`, { skip }, async () => {
    manifest = await bundle(out);
    const emitted = outputFiles(out).map((f) => buildFileOf(f, manifest));
    for (const f of [...Object.values(BUILD_FILES).flat(), "psm-quiz.css"]) {
      assert.ok(emitted.includes(f), `${bundler} did not emit ${f}: ${outputFiles(out)}`);
    }
    // No file path of the build machine in what the app serves (webpack inlines a bare import.meta.url).
    for (const f of fs.readdirSync(out, { recursive: true }).filter((f) => f.endsWith(".js"))) {
      assert.ok(!fs.readFileSync(path.join(out, f), "utf8").includes("file://"), `${f} names a local file`);
    }

    const { page, errors, files, server } = await openApp(out, "?case=embed", { manifest });
    try {
      await completeOnce(page);
      assert.equal(count(files, "psm-quiz-web_bg.wasm"), 1, String(files));
      // The stylesheet comes inside psm-quiz.js; the file is only for a browser that cannot adopt it.
      assert.equal(count(files, "psm-quiz.css"), 0, String(files));
      for (const f of [...BUILD_FILES.delivery, ...BUILD_FILES.kiosk]) {
        assert.equal(count(files, f), 0, `an embed without endpoint downloaded ${f}: ${files}`);
      }
      assert.ok(await adoptedStyles(page), "the stylesheet psm-quiz.js carries did not apply");
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
      await server.close();
    }
  });

  test(`${bundler}: an endpoint loads the delivery build alone and the result is delivered once`, { skip }, async () => {
    assert.ok(fs.existsSync(path.join(out, "index.html")), "the previous test builds the app");
    const server = await startServer({ root: out, port: 0, headers: { "Content-Security-Policy": CSP } });
    const endpoint = await startEndpoint({ allowOrigins: [server.url] });
    const app = await openApp(out, "?case=delivery", { endpoint: endpoint.url, manifest, server });
    try {
      const result = await completeOnce(app.page);
      await endpoint.waitFor((ep) => ep.accepted().size === 1);
      assert.deepEqual([...endpoint.accepted()], [[result.submission_id, 1]]);
      assert.equal(count(app.files, "psm-quiz-delivery_bg.wasm"), 1, String(app.files));
      for (const f of [...BUILD_FILES.embed, ...BUILD_FILES.kiosk]) {
        assert.equal(count(app.files, f), 0, `a delivery page downloaded ${f}: ${app.files}`);
      }
      assert.deepEqual(app.errors, []);
    } finally {
      await app.page.close();
      await app.server.close();
      await endpoint.close();
    }
  });
}

/** webpack 5 with the app's own rule for `.css` (`exclude` = README's `dependency: { not: ["url"] }`). */
async function webpackWithCssRule(out, exclude) {
  const { default: webpack } = await import("webpack");
  fs.rmSync(out, { recursive: true, force: true });
  const rule = { test: /\.css$/i, use: [path.join(ROOT, "tests/package/css-rule-loader.cjs")] };
  if (exclude) rule.dependency = { not: ["url"] };
  const stats = await new Promise((resolve, reject) =>
    webpack(
      { mode: "production", context: APP, entry: "./main.js", output: { path: out, publicPath: "/" }, module: { rules: [rule] }, performance: false },
      (err, result) => (err ? reject(err) : resolve(result)),
    ),
  );
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  const css = stats.toJson({ assets: true }).assets.filter((a) => a.info?.sourceFilename === "node_modules/psm-quiz/psm-quiz.css");
  assert.equal(css.length, 1, "one copy of the stylesheet");
  return fs.readFileSync(path.join(out, css[0].name));
}

test("webpack 5 with an app's CSS rule: README's exclusion keeps psm-quiz.css a stylesheet", { skip }, async () => {
  const original = fs.readFileSync(path.join(APP, "node_modules/psm-quiz/psm-quiz.css"));
  // The hazard README names: the app's CSS loaders turn the widget's stylesheet into JavaScript.
  const loaded = await webpackWithCssRule(path.join(SCRATCH, "out-webpack-css"), false);
  assert.ok(!loaded.equals(original), "an app's CSS rule no longer rewrites the stylesheet: update README");
  const kept = await webpackWithCssRule(path.join(SCRATCH, "out-webpack-css"), true);
  assert.ok(kept.equals(original), "with dependency: { not: [\"url\"] } the stylesheet is copied as it is");
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  assert.match(readme, /dependency: \{ not: \["url"\] \}/, "README documents the exclusion");
});

test("Vite with a large build.assetsInlineLimit: the stylesheet inlined as a data: URL does not break the widget", { skip }, async () => {
  // Apps that inline their assets (vite-plugin-singlefile, a raised limit for icons) get psm-quiz.css as a
  // data: URL, which has no folder: the entry must still load and mount, styled where the CSP allows it.
  const out = path.join(SCRATCH, "out-vite-inline");
  const { build } = await import("vite");
  await build({ root: APP, configFile: false, logLevel: "warn", build: { outDir: out, emptyOutDir: true, assetsInlineLimit: 100_000 } });
  const bundle = fs.readdirSync(path.join(out, "assets")).filter((f) => f.endsWith(".js")).map((f) => fs.readFileSync(path.join(out, "assets", f), "utf8"));
  assert.ok(bundle.some((js) => js.includes("data:text/css")), "Vite inlined the stylesheet (else this test proves nothing)");
  const csp = CSP.replace("default-src 'self';", "default-src 'self'; style-src 'self' data:;");
  const server = await startServer({ root: out, port: 0, headers: { "Content-Security-Policy": csp } });
  // The carried stylesheet, and the data: link a browser without constructed stylesheets falls back to.
  for (const init of [null, () => delete ShadowRoot.prototype.adoptedStyleSheets]) {
    const { page, errors, files } = await openApp(out, "?case=embed", { server, init });
    try {
      await page.locator("#quiz .psm-consent").waitFor({ timeout: 20_000 });
      if (init === null) assert.ok(await adoptedStyles(page), "the stylesheet psm-quiz.js carries did not apply");
      else {
        const linked = await page.evaluate(() => {
          const link = document.querySelector("#quiz").shadowRoot.querySelector("link[rel=stylesheet]");
          return link.href.startsWith("data:text/css") && link.sheet !== null && link.sheet.cssRules.length > 0;
        });
        assert.ok(linked, "the inlined stylesheet did not apply");
      }
      assert.equal(count(files, "psm-quiz-web_bg.wasm"), 1, String(files));
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  }
  await server.close();
});

test("vite dev: the package runs from Vite's dev server without any configuration", { skip }, async () => {
  const { createServer } = await import("vite");
  const dev = await createServer({
    root: APP,
    configFile: false,
    logLevel: "warn",
    cacheDir: path.join(SCRATCH, "vite-cache"),
    server: { host: "127.0.0.1", port: 0, strictPort: false },
  });
  await dev.listen();
  const page = await browser.newPage();
  try {
    const errors = watchConsole(page);
    page.on("response", (res) => res.status() >= 400 && errors.push(`${res.status()} ${res.url()}`));
    await page.goto(`${dev.resolvedUrls.local[0]}index.html?case=embed`);
    await completeOnce(page);
    assert.ok(await adoptedStyles(page), "the stylesheet psm-quiz.js carries did not apply");
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await dev.close();
  }
});

test("Vite: the <psm-quiz> element from the package renders and reports progress", { skip }, async () => {
  const out = path.join(SCRATCH, "out-vite");
  const { page, errors, files, server } = await openApp(out, "?case=element");
  try {
    const quiz = page.locator("psm-quiz");
    await quiz.locator(".psm-consent .psm-primary").click({ timeout: 20_000 });
    await quiz.locator("fieldset.psm-item input.psm-radio").first().check();
    await page.waitForFunction(() => window.psmLog.events.some((e) => e.type === "psm-progress" && e.detail.answered === 1));
    assert.equal(count(files, "psm-quiz-web_bg.wasm"), 1, String(files));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test("Vite: kiosk mode loads the kiosk build alone and, bundled, registers no service worker", { skip }, async () => {
  const out = path.join(SCRATCH, "out-vite");
  const { page, errors, files, server } = await openApp(out, "?case=kiosk");
  try {
    // The kiosk's first screen: its setup on a new device (consent once it is set up).
    await page.locator("#quiz .psm-kiosk-settings, #quiz .psm-consent").first().waitFor({ timeout: 20_000 });
    assert.equal(count(files, "psm-quiz-kiosk_bg.wasm"), 1, String(files));
    for (const f of [...BUILD_FILES.embed, ...BUILD_FILES.delivery, "sw.js"]) {
      assert.equal(count(files, f), 0, `a bundled kiosk asked for ${f}: ${files}`);
    }
    assert.ok(!files.some((f) => f.startsWith("psm-kiosk-offline")), `a bundled kiosk loaded the offline cache: ${files}`);
    assert.equal(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test("tsc --noEmit: the example using every config field and event type-checks against the installed package", { skip }, () => {
  const example = fs.readFileSync(path.join(APP_SOURCE, "example.ts"), "utf8");
  // In the app's folder, so "psm-quiz" resolves through its node_modules and the package's `exports`.
  const tsconfig = { compilerOptions: compilerOptions(), files: ["example.ts"] };
  fs.writeFileSync(path.join(APP, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  const { ok, output } = runTsc(APP);
  assert.ok(ok, output);
});

test("tsc --noEmit: a misspelt config field, event detail or instrument id fails to compile", { skip }, () => {
  const wrong = {
    include_response: `mount(document.body, { instrument: "perry-24", include_response: true });`,
    onComplet: `mount(document.body, { instrument: "perry-24", onComplet: () => {} });`,
    idle_second: `mount(document.body, { instrument: "perry-24", mode: "kiosk", kiosk: { idle_second: 30 } });`,
    "perry-42": `mount(document.body, { instrument: "perry-42" });`,
    kioks: `mount(document.body, { instrument: "perry-24", mode: "kioks" });`,
    score: `document.querySelector("psm-quiz")?.addEventListener("psm-complete", (e) => e.detail.score);`,
    answerd: `document.addEventListener("psm-progress", (e) => e.detail.answerd);`,
    mean: `document.body.addEventListener("psm-complete", (e) => e.detail.overall.mean.toFixed(1));`,
  };
  for (const [name, line] of Object.entries(wrong)) {
    const dir = path.join(APP, "negative");
    fs.rmSync(dir, { recursive: true, force: true });
    const file = `import { mount } from "psm-quiz";\nvoid mount;\n${line}\n`;
    // Same folder depth as the app, so the package resolves as it does there.
    const { ok, output } = tscCheck(dir, { "wrong.ts": file });
    assert.ok(!ok, `${name}: compiled, but must not:\n${line}`);
    assert.match(output, /wrong\.ts\(3,/, `${name}: failed elsewhere than the wrong line:\n${output}`);
    if (name !== "mean") assert.ok(output.includes(name), `${name}: error does not name it:\n${output}`);
  }
});
