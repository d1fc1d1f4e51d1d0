#!/usr/bin/env bash
# Build steps after the widget: the first screen rendered at build time (by the native `prerender` crate with
# Yew's server-side rendering) and carried, with the stylesheet, inside psm-quiz.js, the delivery and kiosk wasm builds, the cohort report's
# own wasm, short names between each widget wasm and its glue (wasm-opt's renaming, scripts/short-names.mjs),
# minified JS (terser from node_modules), the service worker's precache list (it lists and hashes the
# final files), then the .gz/.br copies of every asset (last: they are of the final bytes; scripts/precompress.mjs).
# Called by scripts/build-dist.sh with the staging dir, and by Trunk's post_build hook (TRUNK_STAGING_DIR).
source "$(dirname "$0")/lib.sh"
OUT="${1:-${TRUNK_STAGING_DIR:?post-build.sh needs an output dir}}"
say "first screen, rendered at build time and carried in psm-quiz.js with the stylesheet"
cargo run --quiet -p psm-prerender -- "$OUT/.first-screens"
node scripts/inline-first.mjs "$OUT" "$OUT/.first-screens"
say "delivery build (psm-quiz-delivery.js + psm-quiz-delivery_bg.wasm)"
bash scripts/build-variant.sh "$OUT" delivery
say "kiosk build (psm-quiz-kiosk.js + psm-quiz-kiosk_bg.wasm)"
bash scripts/build-variant.sh "$OUT" kiosk
if [ -f report/build.sh ]; then
  say "cohort report (report.html + its wasm)"
  bash report/build.sh "$OUT"
fi
say "short import and export names between each widget wasm and its glue"
node scripts/short-names.mjs "$OUT"
say "minify the candidate-facing JavaScript"
node scripts/minify.mjs "$OUT"
if [ -f scripts/precache.mjs ]; then
  say "service worker precache list"
  node scripts/precache.mjs "$OUT"
fi
say "precompressed .gz and .br beside each asset"
node scripts/precompress.mjs "$OUT"
