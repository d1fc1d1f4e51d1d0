//! Native half of the native-vs-wasm check: the core reproduces the golden scores.
//! tests/web_scoring.rs runs the same cases inside headless Chromium on the wasm build.

#[path = "support/golden.rs"]
mod golden;

#[test]
fn native_scores_match_golden_cases() {
    golden::check_all_cases();
}
