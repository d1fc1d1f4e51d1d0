#!/usr/bin/env bash
# The kiosk's own wasm: psm-quiz-web with the `kiosk` feature (kiosk view, operator panel, exports) into
# OUT as psm-quiz-kiosk.js + psm-quiz-kiosk_bg.wasm, which psm-quiz.js loads only for mode "kiosk".
# Called by scripts/post-build.sh, so by scripts/build-dist.sh and by Trunk's post_build hook alike.
#   bash scripts/build-kiosk.sh OUT
# Own target dir (target/kiosk): in the embed build's target dir the two feature sets would overwrite each
# other's psm_quiz_web.wasm and relink both on every build. Trunk's watcher ignores target/, so this build
# never triggers a rebuild of `trunk serve`. The wasm-bindgen + wasm-opt result is kept beside it and
# reused while the cargo output is unchanged, so a rebuild for an edit in www/ costs a copy.
source "$(dirname "$0")/lib.sh"
OUT="$(mkdir -p "${1:?usage: scripts/build-kiosk.sh OUT_DIR}" && cd "$1" && pwd)"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/kiosk"
WASM="$TARGET_DIR/wasm32-unknown-unknown/release/psm_quiz_web.wasm"
GLUE="$TARGET_DIR/glue"
opt_level=$(wasm_opt_level)

cargo build --release --target wasm32-unknown-unknown -p psm-quiz-web --lib --features kiosk \
  --target-dir "$TARGET_DIR"

# Redo the glue when the wasm, the tools or the level changed.
stamp="$(wasm-bindgen --version) / $(wasm-opt --version) / -O$opt_level"
if [ ! -f "$GLUE/stamp" ] || [ "$(cat "$GLUE/stamp")" != "$stamp" ] || [ "$WASM" -nt "$GLUE/stamp" ]; then
  rm -rf "$GLUE.tmp" && mkdir -p "$GLUE.tmp"
  wasm-bindgen --target web --no-typescript --out-dir "$GLUE.tmp" --out-name psm-quiz-kiosk "$WASM"
  wasm-opt "--output=$GLUE.tmp/psm-quiz-kiosk_bg.wasm" "-O$opt_level" "$GLUE.tmp/psm-quiz-kiosk_bg.wasm"
  printf '%s\n' "$stamp" > "$GLUE.tmp/stamp"
  rm -rf "$GLUE" && mv "$GLUE.tmp" "$GLUE"
fi
cp "$GLUE/psm-quiz-kiosk.js" "$GLUE/psm-quiz-kiosk_bg.wasm" "$OUT/"
# JS snippets of a dependency (none today) go beside the glue, as wasm-bindgen wrote them.
if [ -d "$GLUE/snippets" ]; then cp -r "$GLUE/snippets" "$OUT/"; fi
say "kiosk wasm: $(gzip -9c "$OUT/psm-quiz-kiosk_bg.wasm" | wc -c) bytes gzip"
