#!/usr/bin/env bash
# Builds the widget into dist/ (or $1) without Trunk: the same steps Trunk runs for `scripts/run.sh`
# (cargo release build -> wasm-bindgen --target web -> wasm-opt), driven by the data-trunk links of
# index.html so both builds produce the same files. Used by the tests, the budget and the benchmark.
# The kiosk build (psm-quiz-kiosk.*) and the report come from scripts/post-build.sh, shared with Trunk.
source "$(dirname "$0")/lib.sh"
DIST="${1:-dist}"
STAGE="$DIST.staging"

opt_level=$(wasm_opt_level)
read -r -a opt_params <<< "$(wasm_opt_params)"
say "cargo build --release (wasm32) of the widget"
cargo build --release --target wasm32-unknown-unknown -p psm-quiz-web --lib

rm -rf "$STAGE" && mkdir -p "$STAGE"
say "wasm-bindgen --target web"
wasm-bindgen --target web --no-typescript --out-dir "$STAGE" --out-name psm-quiz-web \
  target/wasm32-unknown-unknown/release/psm_quiz_web.wasm
say "wasm-opt -O$opt_level ${opt_params[*]}"
wasm-opt "--output=$STAGE/psm-quiz-web_bg.wasm" "-O$opt_level" "${opt_params[@]}" "$STAGE/psm-quiz-web_bg.wasm"

# Copy what index.html asks Trunk to copy, then write index.html without the data-trunk links.
grep -o '<link data-trunk rel="copy-file" href="[^"]*"' index.html | cut -d'"' -f4 | while read -r f; do
  cp "$f" "$STAGE/"
done
grep -o '<link data-trunk rel="copy-dir" href="[^"]*"' index.html | cut -d'"' -f4 | while read -r d; do
  cp -r "$d" "$STAGE/$(basename "$d")"
done
grep -v '<link data-trunk' index.html > "$STAGE/index.html"

bash scripts/post-build.sh "$STAGE"
rm -rf "$DIST" && mv "$STAGE" "$DIST"
say "built $DIST/: $(du -sh "$DIST" | cut -f1)"
