//! Any bytes as a host config: never a panic; an accepted config is internally consistent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use psm_core::{config, instrument, value};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The reader alone (serde_json into the core's tree): whatever it accepts, it accepts again alike.
    if let Ok(v) = value::from_text(&text) {
        assert_eq!(value::from_text(&text).ok(), Some(v));
    }
    let Ok(cfg) = config::parse_config(&text) else {
        return;
    };
    assert!(instrument::validate(&cfg.instrument).is_ok());
    assert!(cfg.instrument.languages.contains(&cfg.lang));
    assert!(cfg.kiosk.idle_seconds >= 1 && cfg.kiosk.reset_seconds >= 1);
    assert_eq!(cfg.candidate_ref.is_some(), cfg.candidate_key.is_some());
});
