#!/usr/bin/env bash
# The demo: builds the widget with Trunk (wasm-bindgen + wasm-opt) and serves the sample portal on
# http://127.0.0.1:8080/ (the iframe embed from a second origin on http://localhost:8081/). Trunk serves the quiz
# with `Content-Security-Policy: frame-ancestors 'self' http://localhost:8081` (Trunk.toml): only those may frame it.
source "$(dirname "$0")/lib.sh"
bash scripts/setup.sh wasm bindgen trunk npm
say "cargo fetch (Trunk builds offline)"
cargo fetch
node tools/serve.mjs --root www/cross-origin --port 8081 --host 127.0.0.1 &
CROSS=$!
trap 'kill $CROSS 2>/dev/null' EXIT
say "demo portal: http://127.0.0.1:8080/  (iframe from another origin: http://localhost:8081/)"
trunk serve --offline
