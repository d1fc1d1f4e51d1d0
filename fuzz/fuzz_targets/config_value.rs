//! Any JSON document as a host config handed over as a value (what the widget's JS boundary does): reading the
//! value never panics and gives exactly what reading its text gives. Runs natively as a proptest in
//! core/tests/value_boundary.rs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use psm_core::config::{parse_config, read_config};
use psm_core::value::Json;
use serde_json::Value;

/// What the widget's walker makes of the same object in the browser.
fn to_json(v: &Value) -> Json {
    psm_core::value::from_serde(v)
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let by_value = read_config(&to_json(&value));
    let by_text = parse_config(&value.to_string());
    assert_eq!(format!("{by_value:?}"), format!("{by_text:?}"));
});
