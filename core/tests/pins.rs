//! Pins of what hosts and stored data rely on, byte for byte: the payload JSON a host receives (the outbox
//! entry kept in storage: tests/outbox_pins.rs), and the code, field and message of every kind of config and instrument error.
//! They were taken from the release before the JSON boundary moved to the platform, so any change in a
//! byte or a message fails here.

mod common;

use common::{answers, small, small_json};
use psm_core::payload::{build, ConsentRecord, PayloadInput};
use psm_core::{builtin, config, instrument, Timings};
use serde_json::{json, Value};

const SUBMISSION: &str = "0123456789abcdef0123456789abcdef";

fn payload_json() -> String {
    let ins = small();
    let a = answers(&[("P1", 4), ("P2", 2), ("P3", 5), ("P4", 3), ("P5", 3)]);
    let order: Vec<String> = ["P5", "P4", "P3", "P2", "P1"].map(String::from).to_vec();
    let seconds: Timings = [("P1", 3.0), ("P2", 2.25), ("P3", 7.5), ("P4", 12.0)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    build(PayloadInput {
        instrument: &ins,
        lang: "en",
        answers: &a,
        order: Some(order),
        seconds: Some(&seconds),
        include_responses: true,
        completed_on: "2026-11-23".into(),
        submission_id: SUBMISSION.into(),
        candidate: Some(("CASN-2026-000123".into(), "secret".into())),
        consent: Some(ConsentRecord {
            agreed_on: "2026-11-23".into(),
            notice_sha256: Some("ab".repeat(32)),
            notice_version: Some("2026-11".into()),
        }),
        instrument_sha256: None,
    })
    .unwrap()
    .to_json()
}

#[test]
fn payload_bytes_are_pinned() {
    assert_eq!(payload_json(), PAYLOAD);
}

fn config_error(v: &Value) -> (String, String, String) {
    let e = config::parse_config(&v.to_string()).unwrap_err();
    (e.code.to_string(), e.field, e.message)
}

fn instrument_error(v: &Value) -> (String, String, String) {
    let e = instrument::parse(&v.to_string()).unwrap_err();
    (e.code.to_string(), e.field, e.message)
}

#[test]
fn config_errors_are_pinned() {
    let custom = |f: &dyn Fn(&mut Value)| {
        let mut v = json!({"instrument": small_json()});
        f(&mut v);
        v
    };
    let cases: Vec<Value> = vec![
        json!([]),
        json!({}),
        json!({"instrument": null}),
        json!({"instrument": 3}),
        json!({"instrument": "nope"}),
        json!({"instrument": "perry-24", "colour": "red"}),
        json!({"instrument": "perry-24", "lang": 3}),
        json!({"instrument": "perry-24", "lang": "fr"}),
        json!({"instrument": "perry-24", "mode": "desk"}),
        json!({"instrument": "perry-24", "shuffle": "yes"}),
        json!({"instrument": "perry-24", "shuffle_seed": -1}),
        json!({"instrument": "perry-24", "shuffle_seed": 1.5}),
        json!({"instrument": "perry-24", "shuffle_seed": "7"}),
        json!({"instrument": "perry-24", "resume_hours": 4294967296u64}),
        json!({"instrument": "perry-24", "include_responses": 1}),
        json!({"instrument": "perry-24", "endpoint": "ftp://x.example"}),
        json!({"instrument": "perry-24", "endpoint": "https://u:p@x.example/"}),
        json!({"instrument": "perry-24", "candidate_ref": "A-1"}),
        json!({"instrument": "perry-24", "candidate_key": "k"}),
        json!({"instrument": "perry-24", "parent_origin": "*"}),
        json!({"instrument": "perry-24", "kiosk": {"idle_seconds": 0}}),
        json!({"instrument": "perry-24", "kiosk": {"pin": "1234"}}),
        json!({"instrument": "perry-24", "kiosk": {"reset_seconds": "x"}}),
        json!({"instrument": "perry-24", "kiosk": []}),
        custom(&|v| v["instrument"]["items"][3]["texts"] = json!({"en": "typo"})),
        custom(&|v| v["instrument"]["scale"]["points"] = json!(12)),
        custom(&|v| v["instrument"]["dimensions"][1]["min_answered"] = json!(0.66667)),
        custom(&|v| v["instrument"]["dimensions"][1]["min_answered"] = json!("half")),
        custom(&|v| {
            v["instrument"].as_object_mut().unwrap().remove("source");
        }),
    ];
    let got: Vec<(String, String, String)> = cases.iter().map(config_error).collect();
    let want: Vec<(String, String, String)> = CONFIG_ERRORS
        .iter()
        .map(|(c, f, m)| (c.to_string(), f.to_string(), m.to_string()))
        .collect();
    print_table("CONFIG_ERRORS", &got);
    assert_eq!(got, want);
}

#[test]
fn instrument_errors_are_pinned() {
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v = small_json();
        f(&mut v);
        v
    };
    let cases: Vec<Value> = vec![
        json!("perry-24"),
        edit(&|v| v["colour"] = json!(1)),
        edit(&|v| {
            v.as_object_mut().unwrap().remove("items");
        }),
        edit(&|v| v["items"][0]["reverse"] = json!("yes")),
        edit(&|v| v["items"][0]["dimension"] = json!("ZZ")),
        edit(&|v| v["scale"]["points"] = json!(256)),
        edit(&|v| v["scale"]["points"] = json!(1)),
        edit(&|v| v["scale"]["labels"]["en"] = json!(["a"])),
        edit(&|v| v["languages"] = json!(["id"])),
        edit(&|v| v["translation"]["id"] = json!("draft")),
        edit(&|v| v["dimensions"][0]["min_answered"] = json!(0)),
        edit(&|v| v["source"]["doi"] = json!(5)),
        edit(&|v| v["title"] = json!({"id": "x"})),
        edit(&|v| v["id"] = json!("")),
    ];
    let got: Vec<(String, String, String)> = cases.iter().map(instrument_error).collect();
    let want: Vec<(String, String, String)> = INSTRUMENT_ERRORS
        .iter()
        .map(|(c, f, m)| (c.to_string(), f.to_string(), m.to_string()))
        .collect();
    print_table("INSTRUMENT_ERRORS", &got);
    assert_eq!(got, want);
}

#[test]
fn builtin_canonical_json_starts_as_pinned() {
    // The hashes are pinned in tests/builtin.rs; this pins the first bytes of the text they hash.
    let ins = builtin::get("kim-16").unwrap();
    let text = psm_core::canonical::canonical_json(&ins);
    assert!(text.starts_with(r#"{"id":"kim-16","version":"#), "{text}");
}

/// With PSM_PRINT_PINS set, prints a table as Rust source (to renew a pin after a deliberate change).
fn print_table(name: &str, rows: &[(String, String, String)]) {
    if std::env::var_os("PSM_PRINT_PINS").is_none() {
        return;
    }
    println!("const {name}: &[(&str, &str, &str)] = &[");
    for (c, f, m) in rows {
        println!("    ({c:?}, {f:?}, {m:?}),");
    }
    println!("];");
}

#[test]
#[ignore = "prints the pins; PSM_PRINT_PINS=1 cargo test -p psm-core --test pins -- --ignored --nocapture"]
fn print_pins() {
    println!("const PAYLOAD: &str = r#\"{}\"#;", payload_json());
}

const PAYLOAD: &str = r#"{"schema":"psm-result/2","instrument":{"id":"small-5","version":"1.0.0","sha256":"ee60b165c5d2e0ce3764e14ab5fee9eb6fa6c720bdae7ae581b3a7df73d902d4"},"lang":"en","scale":{"min":1,"max":5},"scores":{"AA":{"mean":4.33,"answered":3,"items":3},"BB":{"mean":3.0,"answered":2,"items":2}},"overall":{"mean":3.67,"method":"mean_of_dimensions"},"responses":{"P1":4,"P2":2,"P3":5,"P4":3,"P5":3},"quality":{"longest_same_answer_run":2,"seconds_median_per_item":5.3},"order":["P5","P4","P3","P2","P1"],"completed_on":"2026-11-23","submission_id":"0123456789abcdef0123456789abcdef","candidate_ref":"76f68e7365590ab2256c0cb6719460cd805a7b1f0294636d86d8311ed7e61a9e","consent":{"agreed_on":"2026-11-23","notice_sha256":"abababababababababababababababababababababababababababababababab","notice_version":"2026-11"}}"#;
const CONFIG_ERRORS: &[(&str, &str, &str)] = &[
    ("config_invalid", "", "expected an object, found an array"),
    ("config_invalid", "instrument", "instrument: required field is missing"),
    ("config_invalid", "instrument", "instrument: required field is missing"),
    ("config_invalid", "instrument", "instrument: expected a built-in id (string) or an instrument object"),
    ("unknown_instrument", "instrument", "instrument: \"nope\" is not a built-in instrument (one of [\"perry-24\", \"kim-16\"])"),
    ("config_invalid", "colour", "colour: unknown field (check spelling)"),
    ("config_invalid", "lang", "lang: expected a string, found a number"),
    ("unknown_language", "lang", "lang: \"fr\" is not one of the instrument's languages [\"id\", \"en\"]"),
    ("config_invalid", "mode", "mode: expected one of \"embed\", \"kiosk\""),
    ("config_invalid", "shuffle", "shuffle: expected a boolean, found a string"),
    ("config_invalid", "shuffle_seed", "shuffle_seed: expected a whole number from 0 to 18446744073709551615, found -1"),
    ("config_invalid", "shuffle_seed", "shuffle_seed: expected a whole number from 0 to 18446744073709551615, found 1.5"),
    ("config_invalid", "shuffle_seed", "shuffle_seed: expected an integer, found a string"),
    ("config_invalid", "resume_hours", "resume_hours: 4294967296 is larger than 4294967295"),
    ("config_invalid", "include_responses", "include_responses: expected a boolean, found a number"),
    ("bad_endpoint", "endpoint", "endpoint: \"ftp://x.example\" must be an absolute http or https URL"),
    ("bad_endpoint", "endpoint", "endpoint: \"https://u:p@x.example/\" must not contain user info"),
    ("candidate_ref", "candidate_key", "candidate_key: candidate_ref and candidate_key must be given together"),
    ("candidate_ref", "candidate_ref", "candidate_ref: candidate_ref and candidate_key must be given together"),
    ("bad_origin", "parent_origin", "parent_origin: \"*\" is not an exact origin"),
    ("config_invalid", "kiosk.idle_seconds", "kiosk.idle_seconds: 0 is not between 1 and 86400 seconds"),
    ("config_invalid", "kiosk.pin", "kiosk.pin: unknown field (check spelling)"),
    ("config_invalid", "kiosk.reset_seconds", "kiosk.reset_seconds: expected an integer, found a string"),
    ("config_invalid", "kiosk", "kiosk: expected an object, found an array"),
    ("instrument_unknown_field", "instrument.items[3].texts", "instrument.items[3].texts: unknown field (check spelling)"),
    ("scale_too_large", "instrument.scale.points", "instrument.scale.points: 12 points; at most 11 are supported"),
    ("bad_fraction", "instrument.dimensions[1].min_answered", "instrument.dimensions[1].min_answered: must be more than 0 and at most 1 (a share of the items), with at most 4 decimals"),
    ("instrument_json", "instrument.dimensions[1].min_answered", "instrument.dimensions[1].min_answered: expected a number, found a string"),
    ("instrument_missing_field", "instrument.source", "instrument.source: required field is missing"),
];
const INSTRUMENT_ERRORS: &[(&str, &str, &str)] = &[
    ("instrument_json", "", "expected an object, found a string"),
    ("instrument_unknown_field", "colour", "colour: unknown field (check spelling)"),
    ("instrument_missing_field", "items", "items: required field is missing"),
    ("instrument_json", "items[0].reverse", "items[0].reverse: expected a boolean, found a string"),
    ("unknown_dimension", "items[0].dimension", "items[0].dimension: unknown dimension \"ZZ\""),
    ("instrument_json", "scale.points", "scale.points: 256 is larger than 255"),
    ("scale_too_small", "scale.points", "scale.points: 1 points; a scale needs at least 2"),
    ("scale_labels", "scale.labels.en", "scale.labels.en: 1 labels for a 5-point scale"),
    ("unknown_language", "title.en", "title.en: language \"en\" is not declared in languages"),
    ("instrument_json", "translation.id", "translation.id: expected one of \"validated\", \"working\", \"unverified\""),
    ("bad_fraction", "dimensions[0].min_answered", "dimensions[0].min_answered: must be more than 0 and at most 1 (a share of the items), with at most 4 decimals"),
    ("instrument_json", "source.doi", "source.doi: expected a string, found a number"),
    ("missing_text", "title.en", "title.en: missing text for declared language \"en\""),
    ("bad_id", "id", "id: \"\" is not an id (1-64 characters of A-Z a-z 0-9 _ -)"),
];
