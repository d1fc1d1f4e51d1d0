#!/usr/bin/env bash
# The benchmark (docs/benchmark.md): builds the widget, stages the comparison pages (SurveyJS, jsPsych, a plain
# HTML form) and measures all of them in headless Chromium throttled like a cheap phone on slow 4G.
# Not a test: it prints figures and writes bench/out/results.json; it never fails the build.
#   scripts/bench.sh [--no-build] [--runs N] [--targets widget,widget-preload,surveyjs,jspsych,plain] [--no-throttle]
# It ends with a markdown table of the figures (also bench/out/results.md), ready to paste into the README.
source "$(dirname "$0")/lib.sh"

build=1
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=0; else args+=("$arg"); fi
done

# The benchmark reports rather than gates: a setup hiccup is said and the run goes on with what is installed.
bash scripts/setup.sh browser npm || say "scripts/setup.sh browser npm failed; continuing"
if [ "$build" = 1 ]; then
  bash scripts/setup.sh wasm bindgen || say "scripts/setup.sh wasm bindgen failed; continuing"
  # A widget that does not build must not hide the other figures: the widget row then says "not available".
  bash scripts/build-dist.sh dist || say "widget build failed: the widget target will be reported as not available"
fi

say "benchmark (median of runs; see docs/benchmark.md for what is measured)"
node bench/run.mjs "${args[@]}" || true
