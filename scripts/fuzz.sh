#!/usr/bin/env bash
# Fuzzes instrument parsing + validation + scoring (fuzz/fuzz_targets/instrument_parse.rs) with libFuzzer.
#   bash scripts/fuzz.sh [seconds]     (default 60)
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain (the only one here) accept them.
# The test command already runs the no-panic property on random input natively (proptest); this goes deeper.
source "$(dirname "$0")/lib.sh"
SECONDS_TO_RUN="${1:-60}"
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "cargo-fuzz: installing from crates.io"
  cargo install cargo-fuzz --locked
fi
mkdir -p fuzz/corpus/instrument_parse
cp instruments/*.json fuzz/corpus/instrument_parse/ 2>/dev/null || true
say "fuzzing instrument_parse for ${SECONDS_TO_RUN}s"
RUSTC_BOOTSTRAP=1 cargo fuzz run instrument_parse fuzz/corpus/instrument_parse -- \
  -max_total_time="$SECONDS_TO_RUN" -max_len=65536
