//! The hand-written JSON against serde_json: for any double, psm_core::json_text writes serde_json's bytes or
//! refuses (and then only a number with more than 15 significant digits or a last digit beyond 10^±22); for
//! any string, the same escapes; for any instrument that parses, the canonical JSON that defines its hash is
//! serde_json's text of the same model.
#![no_main]

use libfuzzer_sys::fuzz_target;
use psm_core::{canonical, instrument, json_text};

fuzz_target!(|data: &[u8]| {
    if data.len() >= 8 {
        let x = f64::from_le_bytes(data[..8].try_into().unwrap());
        if x.is_finite() {
            let theirs = serde_json::to_string(&x).unwrap();
            let mut ours = String::new();
            match json_text::number(&mut ours, x) {
                Ok(()) => assert_eq!(ours, theirs),
                Err(json_text::NotExact) => {
                    let sci = format!("{:e}", x.abs());
                    let (mantissa, exp) = sci.split_once('e').unwrap();
                    let significant = mantissa.replace('.', "").trim_end_matches('0').len() as i32;
                    let last = exp.parse::<i32>().unwrap() - (significant - 1);
                    assert!(significant > 15 || !(-22..=22).contains(&last), "{theirs} refused");
                }
            }
        }
    }
    let text = String::from_utf8_lossy(data);
    assert_eq!(json_text::quoted(&text), serde_json::to_string(&*text).unwrap());
    if let Ok(ins) = instrument::parse(&text) {
        assert_eq!(canonical::canonical_json(&ins), serde_json::to_string(&ins).unwrap());
    }
});
