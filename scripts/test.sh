#!/usr/bin/env bash
# Every test: formatting and lints, native core tests (unit, table, property), the statistics check,
# browser component tests (wasm-bindgen-test in headless Chromium), then the release build, the
# end-to-end suite (playwright-core + axe-core) and the npm package (packed, installed into a scratch app,
# bundled by Vite and webpack, run in Chromium, type-checked). Installs what is missing first.
source "$(dirname "$0")/lib.sh"
bash scripts/setup.sh wasm bindgen browser npm numpy

say "cargo fmt --check"
cargo fmt --all -- --check
say "cargo clippy (native and wasm32)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p psm-quiz-web -p psm-report --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p psm-quiz-web --features delivery --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p psm-quiz-web --features kiosk --all-targets -- -D warnings

say "native tests: cargo test --workspace"
cargo test --workspace

say "browser component tests: wasm-bindgen-test in headless Chromium"
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --target wasm32-unknown-unknown -p psm-quiz-web
# The outbox entry's bytes through the browser's JSON: the outbox is in the delivery build only.
CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test --target wasm32-unknown-unknown -p psm-quiz-web --features delivery --test web_js_value

say "release build for the end-to-end tests"
bash scripts/build-dist.sh dist

say "payload schema, size ceiling, end-to-end and npm package tests (node --test, playwright-core, axe-core)"
node --test --test-concurrency=1 tests/schema.test.mjs tests/budget/ tests/e2e/ tests/package/
