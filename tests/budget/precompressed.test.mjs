// The precompressed copies the build writes beside each asset (scripts/precompress.mjs, run last by
// scripts/post-build.sh) and how tools/serve.mjs serves them. A host serving FILE.br for FILE must get exactly
// FILE's bytes back after decoding, for every asset, and never an old build's copy.
//   node --test tests/budget/precompressed.test.mjs      (DIST=path for another build; PSM_ALLOW_NO_DIST=1 skips
//                                                        the dist checks when dist/ was not built)
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { assetsOf, filesUnder, gzip, precompress } from "../../scripts/precompress.mjs";
import { startServer } from "../../tools/serve.mjs";
import { DIST } from "../support/browser.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const distBuilt = fs.existsSync(path.join(DIST, "psm-quiz.js"));
const skip = !distBuilt && process.env.PSM_ALLOW_NO_DIST === "1" && `${DIST} not built`;

test("every asset of the build has a .gz and a .br copy that decode to exactly its bytes", { skip }, () => {
  assert.ok(distBuilt, `${DIST} has no psm-quiz.js: build it with scripts/build-dist.sh`);
  const assets = assetsOf(DIST);
  for (const must of ["psm-quiz.js", "psm-quiz-web.js", "psm-quiz-web_bg.wasm", "psm-quiz.css", "index.html", "manifest.webmanifest", "sw.js"]) {
    assert.ok(assets.includes(must), `${must} is not among the precompressed assets: ${assets.join(", ")}`);
  }
  for (const f of assets) {
    const file = path.join(DIST, f);
    const bytes = fs.readFileSync(file);
    for (const [ext, decode] of [[".gz", zlib.gunzipSync], [".br", zlib.brotliDecompressSync]]) {
      assert.ok(fs.existsSync(file + ext), `${f}${ext} missing`);
      assert.ok(decode(fs.readFileSync(file + ext)).equals(bytes), `${f}${ext} does not decode to ${f} (stale or broken)`);
      assert.ok(fs.statSync(file + ext).mtimeMs >= fs.statSync(file).mtimeMs, `${f}${ext} is older than ${f}`);
    }
  }
  // The .gz copies are Zopfli's: a wasm's copy is smaller than zlib's level 9 would make it (what the budget counts).
  for (const f of assets.filter((f) => f.endsWith(".wasm"))) {
    const copy = fs.statSync(path.join(DIST, `${f}.gz`)).size;
    const level9 = gzip(fs.readFileSync(path.join(DIST, f))).length;
    assert.ok(copy < level9, `${f}.gz is ${copy} B, zlib level 9 makes ${level9} B: not the Zopfli copy`);
  }
  // Nothing else is compressed, and no copy lacks its asset.
  for (const f of filesUnder(DIST).filter((f) => /\.(gz|br)$/.test(f))) {
    assert.ok(assets.includes(f.replace(/\.(gz|br)$/, "")), `${f} has no asset beside it`);
  }
  // The service worker caches assets, never their encoded copies.
  assert.doesNotMatch(fs.readFileSync(path.join(DIST, "sw.js"), "utf8"), /\.(gz|br)"/, "sw.js lists a .gz/.br copy");
});

test("a rebuild rewrites the copies from the new bytes and removes those of deleted assets", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "psm-precompress-"));
  try {
    fs.mkdirSync(path.join(dir, "icons"));
    fs.writeFileSync(path.join(dir, "a.js"), "export const a = 1;\n".repeat(50));
    fs.writeFileSync(path.join(dir, "icons/i.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
    fs.writeFileSync(path.join(dir, "gone.css"), "p{color:red}");
    fs.writeFileSync(path.join(dir, "pic.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    execFileSync("node", [path.join(ROOT, "scripts/precompress.mjs"), dir], { stdio: "ignore" });
    assert.ok(fs.existsSync(path.join(dir, "icons/i.svg.br")), "subfolders are compressed too");
    assert.ok(!fs.existsSync(path.join(dir, "pic.png.gz")), "an already compressed image got a .gz");
    // A changed asset and a deleted one, as a new build would leave them.
    fs.writeFileSync(path.join(dir, "a.js"), "export const a = 2;\n".repeat(50));
    fs.rmSync(path.join(dir, "gone.css"));
    const rows = await precompress(dir);
    assert.equal(zlib.gunzipSync(fs.readFileSync(path.join(dir, "a.js.gz"))).toString(), "export const a = 2;\n".repeat(50));
    assert.equal(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, "a.js.br"))).toString(), "export const a = 2;\n".repeat(50));
    assert.ok(!fs.existsSync(path.join(dir, "gone.css.gz")) && !fs.existsSync(path.join(dir, "gone.css.br")), "copies of a deleted asset stayed");
    assert.deepEqual(rows.map((r) => r.file).sort(), ["a.js", path.join("icons", "i.svg")]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("serve.mjs --precompressed sends the encoding asked for, and never a copy older than its file", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "psm-precompressed-serve-"));
  const text = "Saya setuju. ".repeat(400);
  fs.writeFileSync(path.join(dir, "t.js"), text);
  await precompress(dir);
  const server = await startServer({ root: dir, port: 0, precompressed: true });
  const get = async (encoding) => {
    const res = await fetch(new URL("t.js", server.url), { headers: { "Accept-Encoding": encoding } });
    return { encoding: res.headers.get("content-encoding"), vary: res.headers.get("vary"), body: await res.text() };
  };
  try {
    // fetch() decodes what it receives: the body must be the file's text whatever came over the wire.
    for (const [asked, sent] of [["gzip, deflate, br", "br"], ["gzip", "gzip"], ["br;q=0, gzip", "gzip"], ["identity", null]]) {
      const r = await get(asked);
      assert.equal(r.encoding, sent, `Accept-Encoding: ${asked}`);
      assert.equal(r.body, text, `Accept-Encoding: ${asked} gave other bytes`);
      assert.equal(r.vary, "Accept-Encoding");
    }
    // The asset changed after its copies were written (a deploy that skipped the build step): the old copy
    // must not be served for it.
    const future = new Date(Date.now() + 60_000);
    fs.writeFileSync(path.join(dir, "t.js"), "changed");
    fs.utimesSync(path.join(dir, "t.js"), future, future);
    const r = await get("gzip, deflate, br");
    assert.equal(r.encoding, null);
    assert.equal(r.body, "changed");
  } finally {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
