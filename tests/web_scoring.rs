//! Wasm half of the native-vs-wasm check: the same golden cases, scored by the wasm build in Chromium.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

#[path = "support/golden.rs"]
mod golden;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn wasm_scores_match_golden_cases() {
    golden::check_all_cases();
}
