//! Property tests: scoring invariants on random instruments and answers; no panic on any input.

mod common;

use proptest::prelude::*;
use psm_core::model::{Dimension, Instrument, Item, Scale, Source, TranslationStatus};
use psm_core::payload::{build, PayloadInput, ResultPayload};
use psm_core::scoring::score;
use psm_core::Localized;
use psm_core::{canonical, config, instrument, origin, shuffle, Answers};

fn one(lang: &str, text: &str) -> Localized {
    [(lang.to_string(), text.to_string())].into_iter().collect()
}

/// A valid instrument: `dims[d] = (item count, min_answered)`, `reverse[i]` per item.
fn make(points: u8, dims: &[(usize, f64)], reverse: &[bool]) -> Instrument {
    let mut items = Vec::new();
    for (d, &(count, _)) in dims.iter().enumerate() {
        for _ in 0..count {
            let n = items.len();
            items.push(Item {
                id: format!("I{n}"),
                dimension: format!("D{d}"),
                text: one("en", "text"),
                reverse: reverse.get(n).copied().unwrap_or(false),
            });
        }
    }
    let ins = Instrument {
        id: "prop".into(),
        version: "1".into(),
        languages: vec!["en".into()],
        title: one("en", "t"),
        instructions: one("en", "i"),
        scale: Scale {
            points,
            labels: [(
                "en".to_string(),
                (1..=points).map(|p| p.to_string()).collect(),
            )]
            .into(),
        },
        dimensions: dims
            .iter()
            .enumerate()
            .map(|(d, &(_, min_answered))| Dimension {
                id: format!("D{d}"),
                name: one("en", "n"),
                description: Localized::new(),
                min_answered,
            })
            .collect(),
        items,
        source: Source {
            citation: "c".into(),
            doi: None,
            note: None,
        },
        translation: [("en".to_string(), TranslationStatus::Validated)].into(),
    };
    instrument::validate(&ins).expect("generated instrument is valid");
    ins
}

prop_compose! {
    fn instrument_and_answers()(
        points in 2u8..=11,
        dims in prop::collection::vec((1usize..=8, prop_oneof![Just(0.5), Just(0.75), Just(1.0), (1u32..=10_000).prop_map(|n| f64::from(n) / 10_000.0)]), 1..=5),
        reverse in prop::collection::vec(any::<bool>(), 40),
        raw in prop::collection::vec(prop::option::of(0u8..=255), 40),
    ) -> (Instrument, Answers) {
        let ins = make(points, &dims, &reverse);
        let answers = ins.items.iter().zip(&raw)
            .filter_map(|(item, r)| r.map(|r| (item.id.clone(), 1 + r % points)))
            .collect();
        (ins, answers)
    }
}

fn in_scale(x: Option<f64>, points: u8) -> bool {
    x.is_none_or(|m| (1.0..=f64::from(points)).contains(&m))
}

proptest! {
    #[test]
    fn scores_stay_on_the_scale((ins, answers) in instrument_and_answers()) {
        let s = score(&ins, &answers).unwrap();
        let points = ins.scale.points;
        for d in &s.dimensions {
            prop_assert!(in_scale(d.mean, points), "{d:?}");
            prop_assert!(d.answered <= d.items);
            prop_assert_eq!(d.mean.is_none() && d.answered == d.items, false, "fully answered is scored");
        }
        prop_assert!(in_scale(s.overall, points));
        // Never a partial overall: it exists exactly when every dimension is scored.
        prop_assert_eq!(s.overall.is_some(), s.dimensions.iter().all(|d| d.mean.is_some()));
    }

    #[test]
    fn reversing_every_answer_mirrors_every_scored_dimension((ins, answers) in instrument_and_answers()) {
        let k = ins.scale.points;
        let mirrored: Answers = answers.iter().map(|(id, &x)| (id.clone(), k + 1 - x)).collect();
        let a = score(&ins, &answers).unwrap();
        let b = score(&ins, &mirrored).unwrap();
        for (da, db) in a.dimensions.iter().zip(&b.dimensions) {
            prop_assert_eq!(da.mean.is_some(), db.mean.is_some());
            if let (Some(ma), Some(mb)) = (da.mean, db.mean) {
                prop_assert!((mb - (f64::from(k) + 1.0 - ma)).abs() < 1e-9, "{ma} vs {mb}");
            }
        }
        if let (Some(oa), Some(ob)) = (a.overall, b.overall) {
            prop_assert!((ob - (f64::from(k) + 1.0 - oa)).abs() < 1e-9);
        }
    }

    #[test]
    fn payload_builds_and_round_trips((ins, answers) in instrument_and_answers(), seed in any::<u64>()) {
        let order = shuffle::seeded_order(&ins, seed);
        let mut sorted = order.clone();
        sorted.sort();
        let mut ids: Vec<String> = ins.items.iter().map(|i| i.id.clone()).collect();
        ids.sort();
        prop_assert_eq!(sorted, ids, "seeded order is a permutation");
        let p = build(PayloadInput {
            instrument: &ins, lang: "en", answers: &answers, order: Some(order), seconds: None,
            include_responses: true, completed_on: "2026-01-31".into(),
            submission_id: format!("{seed:016x}{seed:016x}"), candidate: None,
            consent: None,
            instrument_sha256: None,
        }).unwrap();
        let back = ResultPayload::from_json(&p.to_json()).unwrap();
        prop_assert_eq!(back, p);
    }

    #[test]
    fn parse_never_panics_on_arbitrary_text(text in any::<String>()) {
        let _ = instrument::parse(&text);
        let _ = config::parse_config(&text);
        let _ = ResultPayload::from_json(&text);
        if let Ok(o) = origin::parse_exact_origin(&text) {
            prop_assert_eq!(origin::parse_exact_origin(&o), Ok(o.clone()), "normalising is idempotent");
        }
    }

    /// The native twin of fuzz/fuzz_targets/instrument_parse.rs: random edits of a valid
    /// instrument reach deep into validation; whatever parses must hash and score.
    #[test]
    fn mutated_instruments_never_panic(
        base in 0usize..3,
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, any::<u8>()), 1..8),
        raw in prop::collection::vec(0u8..=12, 24),
    ) {
        let mut bytes = match base {
            0 => common::small_json().to_string(),
            1 => psm_core::builtin::json("perry-24").unwrap().to_string(),
            _ => psm_core::builtin::json("kim-16").unwrap().to_string(),
        }
        .into_bytes();
        for (at, kind, byte) in edits {
            let i = at.index(bytes.len() + 1);
            match kind {
                0 => bytes.insert(i, byte),
                1 if i < bytes.len() => { bytes.remove(i); }
                _ if i < bytes.len() => bytes[i] = byte,
                _ => {}
            }
        }
        exercise(&bytes, &raw);
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512), raw in prop::collection::vec(0u8..=12, 8)) {
        exercise(&bytes, &raw);
    }
}

/// What the fuzz target does: parse; on success hash and score answers derived from `raw`.
fn exercise(bytes: &[u8], raw: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Ok(ins) = instrument::parse(&text) {
        assert_eq!(canonical::instrument_sha256(&ins).len(), 64);
        assert_eq!(
            instrument::parse(&canonical::canonical_json(&ins)).as_ref(),
            Ok(&ins)
        );
        let answers: Answers = ins
            .items
            .iter()
            .zip(raw)
            .map(|(i, &r)| (i.id.clone(), r))
            .collect();
        let points = ins.scale.points;
        match score(&ins, &answers) {
            Ok(s) => assert!(s.dimensions.iter().all(|d| in_scale(d.mean, points))),
            Err(e) => assert_eq!(e.code, psm_core::codes::ANSWER_OUT_OF_RANGE),
        }
    }
}

proptest! {
    /// The text an instrument's hash is taken over, and the payload a host receives, are byte for byte what
    /// serde_json writes for the same values (serde_json as the independent writer), for any valid instrument
    /// and any answers: no field, share or score is rounded or spelled differently by the widget's writer.
    #[test]
    fn canonical_and_payload_json_are_serde_jsons((ins, answers) in instrument_and_answers(), seconds in prop::collection::vec(0u32..=100_000, 40)) {
        prop_assert_eq!(canonical::canonical_json(&ins), serde_json::to_string(&ins).unwrap());
        let timings: psm_core::Timings = ins.items.iter().zip(&seconds)
            .filter(|(item, _)| answers.contains_key(&item.id))
            .map(|(item, &s)| (item.id.clone(), f64::from(s) / 100.0))
            .collect();
        let payload = build(PayloadInput {
            instrument: &ins,
            lang: "en",
            answers: &answers,
            order: None,
            seconds: Some(&timings),
            include_responses: true,
            completed_on: "2026-11-23".into(),
            submission_id: "0123456789abcdef0123456789abcdef".into(),
            candidate: None,
            consent: None,
            instrument_sha256: None,
        });
        if let Ok(payload) = payload {
            prop_assert_eq!(payload.to_json(), serde_json::to_string(&payload).unwrap());
        }
    }
}
