//! The wasm build's own limits, in Chromium: the widget runs with a 256 KB stack (.cargo/config.toml),
//! so the deepest document the JSON reader accepts must parse within it, and a hostile config must fail
//! with an error, never a trap.
#![cfg(target_arch = "wasm32")]

use psm_core::json::{parse, MAX_DEPTH};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_deepest_accepted_json_fits_the_stack() {
    // Objects recurse through more frames than arrays; alternate both, as deep as the reader allows.
    let depth = MAX_DEPTH - 1;
    let mut text = String::new();
    for i in 0..depth {
        text.push_str(if i % 2 == 0 { "{\"k\":" } else { "[" });
    }
    text.push('1');
    for i in (0..depth).rev() {
        text.push(if i % 2 == 0 { '}' } else { ']' });
    }
    assert!(parse(&text).is_ok());
}

#[wasm_bindgen_test]
fn deeper_configs_are_refused_not_crashed() {
    let text = format!(
        "{{\"instrument\":\"perry-24\",\"lang\":{}1{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let e = psm_core::config::parse_config(&text).unwrap_err();
    assert_eq!(e.code, psm_core::codes::CONFIG_INVALID);
    assert!(e.message.contains("nesting too deep"), "{}", e.message);
}
