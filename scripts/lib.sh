# Shared helpers for the project scripts: say what is happening, run from the repo root.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
# The wasm-opt level index.html gives Trunk (data-wasm-opt): every widget wasm is optimised at it.
wasm_opt_level() { grep -o 'data-wasm-opt="[^"]*"' "$ROOT/index.html" | head -n1 | cut -d'"' -f2; }
# The extra wasm-opt flags beside it (data-wasm-opt-params), one word each.
wasm_opt_params() { grep -o 'data-wasm-opt-params="[^"]*"' "$ROOT/index.html" | head -n1 | cut -d'"' -f2; }
