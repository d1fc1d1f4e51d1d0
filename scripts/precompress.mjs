#!/usr/bin/env node
// Writes a precompressed copy beside every asset of a build output dir, so a static host serves them without
// compressing on each request (nginx `gzip_static on` / `brotli_static on`, a CDN given the objects with their
// Content-Encoding; docs/hosting.md):
//   node scripts/precompress.mjs OUT        (called last by scripts/post-build.sh, after the precache list)
// FILE.gz is gzip written by Zopfli (@gfx/zopfli: the gzip format every browser reads, about 5% smaller than
// zlib's level 9 for the wasm), FILE.br brotli quality 11 (the most either format gives; a build pays the
// seconds once, every phone saves the bytes). Both are written fresh from the asset's current bytes on every run, and
// a .gz/.br whose asset is gone is removed, so no copy can be stale. Images that are already compressed (png,
// ico, woff2) get none. The service worker's precache list names assets only, never these copies.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { gzipAsync as zopfliGzip } from "@gfx/zopfli";
import { fileURLToPath } from "node:url";

/** Extensions that compress: everything the widget, the iframe page, the demo and the report serve as text or wasm. */
export const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".webmanifest", ".wasm", ".svg", ".txt", ".csv", ".map", ".xml"]);
export const ENCODINGS = { gz: "gzip", br: "br" };

const TEXT = new Set([".html", ".js", ".mjs", ".css", ".json", ".webmanifest", ".svg", ".txt", ".csv", ".map", ".xml"]);

/** zlib's gzip level 9: what a server compressing each response on the fly sends at best (tools/serve.mjs --gzip). */
export function gzip(bytes) {
  return zlib.gzipSync(bytes, { level: 9 });
}

/**
 * The FILE.gz copy: Zopfli's gzip (15 iterations, its default), smaller than zlib's level 9 at the same format.
 * A few seconds for the wasm, once per build.
 */
export async function gzipCopy(bytes) {
  return Buffer.from(await zopfliGzip(bytes, { numiterations: 15 }));
}

export function brotli(bytes, ext = "") {
  return zlib.brotliCompressSync(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
      [zlib.constants.BROTLI_PARAM_MODE]: TEXT.has(ext) ? zlib.constants.BROTLI_MODE_TEXT : zlib.constants.BROTLI_MODE_GENERIC,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

/** Every file under `dir` (relative paths, sorted), walking subfolders. */
export function filesUnder(dir) {
  return fs
    .readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/** The assets of `dir` that get precompressed copies. */
export function assetsOf(dir) {
  return filesUnder(dir).filter((f) => COMPRESSIBLE.has(path.extname(f).toLowerCase()));
}

/** Writes FILE.gz and FILE.br for every asset, removes orphans; resolves to [{ file, raw, gz, br }]. */
export async function precompress(dir) {
  const rows = [];
  for (const f of filesUnder(dir)) {
    const m = /^(.*)\.(gz|br)$/.exec(f);
    if (m && !fs.existsSync(path.join(dir, m[1]))) fs.rmSync(path.join(dir, f));
  }
  for (const f of assetsOf(dir)) {
    const file = path.join(dir, f);
    const bytes = fs.readFileSync(file);
    const gz = await gzipCopy(bytes);
    const br = brotli(bytes, path.extname(f).toLowerCase());
    fs.writeFileSync(`${file}.gz`, gz);
    fs.writeFileSync(`${file}.br`, br);
    rows.push({ file: f, raw: bytes.length, gz: gz.length, br: br.length });
  }
  return rows;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out || !fs.existsSync(out)) {
    console.error("usage: node scripts/precompress.mjs OUT (a build output dir)");
    process.exit(2);
  }
  const rows = await precompress(out);
  const sum = (k) => rows.reduce((s, r) => s + r[k], 0);
  console.log(`precompress: ${rows.length} assets, ${sum("raw")} B -> ${sum("gz")} B gzip (Zopfli), ${sum("br")} B brotli-11`);
}
