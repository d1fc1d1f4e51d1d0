#!/usr/bin/env bash
# A build of the widget with extra cargo features, beside the embed build, which psm-quiz.js loads only for
# the configs that need it:
#   bash scripts/build-variant.sh OUT delivery   # psm-quiz-delivery.*: the durable outbox, for an `endpoint`
#   bash scripts/build-variant.sh OUT kiosk      # psm-quiz-kiosk.*: delivery + kiosk view, operator panel, exports
# Called by scripts/post-build.sh, so by scripts/build-dist.sh and by Trunk's post_build hook alike.
# Own target dir per variant (target/NAME): in the embed build's target dir the feature sets would overwrite
# each other's psm_quiz_web.wasm and relink on every build. Trunk's watcher ignores target/, so these builds
# never trigger a rebuild of `trunk serve`. The wasm-bindgen + wasm-opt result is kept beside it and reused
# while the cargo output is unchanged, so a rebuild for an edit in www/ costs a copy.
source "$(dirname "$0")/lib.sh"
OUT="$(mkdir -p "${1:?usage: scripts/build-variant.sh OUT_DIR NAME}" && cd "$1" && pwd)"
NAME="${2:?usage: scripts/build-variant.sh OUT_DIR NAME (delivery or kiosk)}"
case "$NAME" in
  delivery | kiosk) ;;
  *) echo "build-variant.sh: unknown build '$NAME' (delivery or kiosk)" >&2; exit 2 ;;
esac
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}/$NAME"
WASM="$TARGET_DIR/wasm32-unknown-unknown/release/psm_quiz_web.wasm"
GLUE="$TARGET_DIR/glue"
opt_level=$(wasm_opt_level)
read -r -a opt_params <<< "$(wasm_opt_params)"

cargo build --release --target wasm32-unknown-unknown -p psm-quiz-web --lib --features "$NAME" \
  --target-dir "$TARGET_DIR"

# Redo the glue when the wasm, the tools or the level changed.
stamp="$(wasm-bindgen --version) / $(wasm-opt --version) / -O$opt_level ${opt_params[*]}"
if [ ! -f "$GLUE/stamp" ] || [ "$(cat "$GLUE/stamp")" != "$stamp" ] || [ "$WASM" -nt "$GLUE/stamp" ]; then
  rm -rf "$GLUE.tmp" && mkdir -p "$GLUE.tmp"
  wasm-bindgen --target web --no-typescript --out-dir "$GLUE.tmp" --out-name "psm-quiz-$NAME" "$WASM"
  wasm-opt "--output=$GLUE.tmp/psm-quiz-${NAME}_bg.wasm" "-O$opt_level" "${opt_params[@]}" "$GLUE.tmp/psm-quiz-${NAME}_bg.wasm"
  printf '%s\n' "$stamp" > "$GLUE.tmp/stamp"
  rm -rf "$GLUE" && mv "$GLUE.tmp" "$GLUE"
fi
cp "$GLUE/psm-quiz-$NAME.js" "$GLUE/psm-quiz-${NAME}_bg.wasm" "$OUT/"
# JS snippets of a dependency (none today) go beside the glue, as wasm-bindgen wrote them.
if [ -d "$GLUE/snippets" ]; then cp -r "$GLUE/snippets" "$OUT/"; fi
say "$NAME wasm: $(gzip -9c "$OUT/psm-quiz-${NAME}_bg.wasm" | wc -c) bytes gzip"
