//! Numbers both ways: whatever the exact reader accepts is std's value bit for bit, it accepts only JSON
//! number syntax, and the writer's text for any finite number reads back within its documented rounding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use psm_core::json_write::{decimal, to_json};
use psm_core::number::{parse_number, NumberError};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let text = text.trim();
    // The JSON reader's own grammar decides what is a number; only its number texts reach parse_number.
    let is_json_number = matches!(psm_core::json::parse(text), Ok(psm_core::json::Json::Num(_)));
    match parse_number(text) {
        Ok(v) => {
            assert!(is_json_number, "accepted non-JSON {text:?}");
            let theirs: f64 = text.parse().expect("std reads every JSON number");
            assert_eq!(v.to_bits(), theirs.to_bits(), "{text:?}");
        }
        Err(NumberError::TooPrecise) => assert!(is_json_number, "{text:?}"),
        Err(NumberError::Syntax) => assert!(!is_json_number, "refused JSON number {text:?}"),
    }
    // The bytes as a double: written, then read back (exact to six decimals, rounded beyond).
    if data.len() >= 8 {
        let x = f64::from_le_bytes(data[..8].try_into().unwrap());
        if x.is_finite() && x.abs() < 1e15 {
            let back = parse_number(&decimal(x)).expect("the writer's text reads back");
            assert!((back - x).abs() <= 1e-6 * (1.0 + x.abs() * 1e-9), "{x} -> {}", decimal(x));
            assert!(psm_core::json::parse(&to_json(&x).unwrap()).is_ok());
        }
    }
});
