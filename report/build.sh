#!/usr/bin/env bash
# Builds the cohort report page into DIST_DIR: psm-report (release, wasm32) -> wasm-bindgen --target web
# -> wasm-opt -Oz, then copies www/report.{html,js,css} and www/report-text.js. Called by scripts/build-dist.sh; runs alone too:
#   bash report/build.sh dist
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$(mkdir -p "${1:?usage: report/build.sh DIST_DIR}" && cd "$1" && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

echo "==> cargo build --release (wasm32) of psm-report" >&2
cargo build --release --target wasm32-unknown-unknown -p psm-report
echo "==> wasm-bindgen --target web (psm_report)" >&2
wasm-bindgen --target web --no-typescript --out-dir "$DIST" --out-name psm_report \
  "$TARGET_DIR/wasm32-unknown-unknown/release/psm_report.wasm"
echo "==> wasm-opt -Oz" >&2
wasm-opt -Oz "$DIST/psm_report_bg.wasm" -o "$DIST/psm_report_bg.wasm"
cp www/report.html www/report.js www/report-text.js www/report.css "$DIST/"
echo "==> report page in $DIST: $(gzip -c "$DIST/psm_report_bg.wasm" | wc -c) bytes of wasm gzip" >&2
