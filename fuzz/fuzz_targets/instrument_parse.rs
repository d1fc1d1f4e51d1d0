//! Any bytes: parsing never panics; whatever parses must hash, round-trip canonically and score.
#![no_main]

use libfuzzer_sys::fuzz_target;
use psm_core::{canonical, instrument, scoring, Answers};

fuzz_target!(|data: &[u8]| {
    // The last 16 bytes (when present) choose answers; the rest is the instrument text.
    let split = data.len().saturating_sub(16);
    let (text, raw) = data.split_at(split);
    let text = String::from_utf8_lossy(text);
    let Ok(ins) = instrument::parse(&text) else {
        return;
    };
    assert_eq!(canonical::instrument_sha256(&ins).len(), 64);
    assert_eq!(
        instrument::parse(&canonical::canonical_json(&ins)).as_ref(),
        Ok(&ins)
    );
    let points = ins.scale.points;
    let answers: Answers = ins
        .items
        .iter()
        .zip(raw)
        .map(|(item, &r)| (item.id.clone(), 1 + r % points))
        .collect();
    let scores = scoring::score(&ins, &answers).expect("in-range answers score");
    let on_scale = |m: Option<f64>| m.is_none_or(|m| (1.0..=f64::from(points)).contains(&m));
    assert!(scores.dimensions.iter().all(|d| on_scale(d.mean)));
    assert!(on_scale(scores.overall));
});
