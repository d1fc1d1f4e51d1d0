//! The wasm build's own limits, in Chromium: the widget runs with a 256 KB stack (.cargo/config.toml),
//! so the deepest value the walker of the browser's JSON accepts must be read within it, and a hostile config must fail
//! with an error, never a trap.
#![cfg(target_arch = "wasm32")]

use psm_core::value::MAX_DEPTH;
use psm_quiz_web::js_value::{builtin, to_json};
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
    let value = js_sys::JSON::parse(&text).unwrap();
    assert!(to_json(&value, "x").is_ok());
}

#[wasm_bindgen_test]
fn deeper_configs_are_refused_not_crashed() {
    let text = format!(
        "{{\"instrument\":\"perry-24\",\"lang\":{}1{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let value = js_sys::JSON::parse(&text).unwrap();
    let e = to_json(&value, psm_core::codes::CONFIG_INVALID)
        .and_then(|v| psm_core::config::read_config_with(&v, builtin))
        .unwrap_err();
    assert_eq!(e.code, psm_core::codes::CONFIG_INVALID);
    assert!(e.message.contains("nesting too deep"), "{}", e.message);
}
