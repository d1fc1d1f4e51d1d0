#!/usr/bin/env bash
# Installs what the named parts need and skips what is already there. Only package registries are used
# (crates.io, npm, Debian, PyPI). Parts: wasm bindgen trunk browser npm numpy.
#   scripts/setup.sh wasm bindgen browser npm numpy   # what the tests need
#   scripts/setup.sh wasm bindgen trunk npm           # what the demo needs
source "$(dirname "$0")/lib.sh"

WASM_BINDGEN_VERSION=$(grep -A2 'name = "wasm-bindgen"' Cargo.lock 2>/dev/null | grep -o '"[0-9.]*"' | tr -d '"' | head -n1 || true)
WASM_BINDGEN_VERSION=${WASM_BINDGEN_VERSION:-0.2.130}
TRUNK_VERSION=0.21.14

need_wasm() {
  if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "wasm32 target: present"
  else
    say "wasm32 target: installing"; rustup target add wasm32-unknown-unknown
  fi
}

need_bindgen() {
  if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" = "$WASM_BINDGEN_VERSION" ]; then
    say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
  else
    # Not --locked: its lockfile pins a webpki-roots version the index no longer has (toolchain notes).
    say "wasm-bindgen-cli $WASM_BINDGEN_VERSION: installing from crates.io (about 15 min on 2 cores)"
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
}

need_trunk() {
  if [ "$(trunk --version 2>/dev/null | cut -d' ' -f2)" = "$TRUNK_VERSION" ]; then
    say "trunk $TRUNK_VERSION: present"
  else
    say "trunk $TRUNK_VERSION: installing from crates.io (about 18 min on 2 cores)"
    cargo install trunk --version "$TRUNK_VERSION" --locked --force
  fi
}

need_browser() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    say "chromium + chromedriver: present"
  else
    say "chromium + chromedriver: installing from Debian"
    local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver
  fi
}

need_npm() {
  # node_modules/.package-lock.json is npm's record of the last install: newer lockfile means reinstall.
  if [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
    say "npm packages: present"
  else
    say "npm packages: npm ci (playwright-core, axe-core, ajv, binaryen, zopfli, benchmark peers)"
    npm ci --no-audit --no-fund
  fi
}

# The statistics check (stats/tests/oracle.rs) compares psm-stats with independent implementations:
# pingouin (alpha, item-total r) and factor-analyzer (minres loadings), with numpy and pandas.
# factor-analyzer 0.5.1 calls scikit-learn's check_array(force_all_finite=...), removed in
# scikit-learn 1.8: keep scikit-learn below it.
PY_PACKAGES=(numpy pandas "pingouin==0.7.0" "factor-analyzer==0.5.1" "scikit-learn>=1.6,<1.8")
need_numpy() {
  if python3 - <<'PY' 2>/dev/null
import numpy, pandas, pingouin, factor_analyzer, sklearn
from importlib.metadata import version
# The pinned versions, not just any: the oracle's tolerances were set with these.
assert version("pingouin") == "0.7.0" and version("factor-analyzer") == "0.5.1"
assert (1, 6) <= tuple(int(x) for x in version("scikit-learn").split(".")[:2]) < (1, 8)
PY
  then
    say "numpy, pandas, pingouin, factor-analyzer: present"
  else
    say "numpy, pandas, pingouin, factor-analyzer: installing from PyPI"
    python3 -m pip install --quiet "${PY_PACKAGES[@]}"
  fi
}

for part in "$@"; do
  case "$part" in
    wasm) need_wasm ;;
    bindgen) need_bindgen ;;
    trunk) need_trunk ;;
    browser) need_browser ;;
    npm) need_npm ;;
    numpy) need_numpy ;;
    *) echo "setup.sh: unknown part '$part' (wasm bindgen trunk browser npm numpy)" >&2; exit 2 ;;
  esac
done
