#!/usr/bin/env bash
# Fuzzes instrument parsing + validation + scoring, host-config reading (as text, and as a value, the widget's JS
# boundary) and the hand-written canonical JSON (numbers, strings, instruments) against serde_json
# (fuzz/fuzz_targets/) with libFuzzer.
#   bash scripts/fuzz.sh [seconds]     (default 60, per target)
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain (the only one here) accept them.
# The test command already runs the no-panic property on random input natively (proptest); this goes deeper.
source "$(dirname "$0")/lib.sh"
SECONDS_TO_RUN="${1:-60}"
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "cargo-fuzz: installing from crates.io"
  cargo install cargo-fuzz --locked
fi
# Seeds: the built-in instruments, and configs naming or embedding them.
mkdir -p fuzz/corpus/instrument_parse fuzz/corpus/config_parse fuzz/corpus/config_value fuzz/corpus/canonical_text
cp instruments/*.json fuzz/corpus/instrument_parse/ 2>/dev/null || true
printf '{"instrument":"perry-24","lang":"id","kiosk":{"idle_seconds":90}}' > fuzz/corpus/config_parse/builtin.json
printf '{"instrument":%s,"shuffle":true,"shuffle_seed":7}' "$(cat instruments/kim-16.json)" > fuzz/corpus/config_parse/custom.json
cp fuzz/corpus/config_parse/*.json fuzz/corpus/config_value/
cp instruments/*.json fuzz/corpus/canonical_text/ 2>/dev/null || true
for target in instrument_parse config_parse config_value canonical_text; do
  say "fuzzing $target for ${SECONDS_TO_RUN}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "fuzz/corpus/$target" -- \
    -max_total_time="$SECONDS_TO_RUN" -max_len=65536
done
