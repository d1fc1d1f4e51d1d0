//! Parsing: serde errors become PsmError with the field path.

mod common;

use common::small_json;
use psm_core::{codes, instrument};

#[test]
fn small_instrument_parses_with_defaults_filled() {
    let ins = common::small();
    assert_eq!(ins.dimensions[0].min_answered, 0.75);
    assert_eq!(ins.dimensions[1].min_answered, 0.5);
    assert!(ins.items[1].reverse);
    assert!(!ins.items[0].reverse);
}

#[test]
fn unknown_field_names_its_path() {
    let mut v = small_json();
    v["items"][3]["texts"] = serde_json::json!({"en": "typo"});
    let e = instrument::parse(&v.to_string()).unwrap_err();
    assert_eq!(e.code, codes::INSTRUMENT_UNKNOWN_FIELD);
    assert_eq!(e.field, "items[3].texts");
    assert!(e.message.starts_with("items[3].texts: "), "{}", e.message);
}

#[test]
fn unknown_top_level_field() {
    let mut v = small_json();
    v["norms"] = serde_json::json!([]);
    let e = instrument::parse(&v.to_string()).unwrap_err();
    assert_eq!(e.code, codes::INSTRUMENT_UNKNOWN_FIELD);
    assert_eq!(e.field, "norms");
}

#[test]
fn unknown_field_in_nested_struct() {
    let mut v = small_json();
    v["scale"]["anchors"] = serde_json::json!(1);
    let e = instrument::parse(&v.to_string()).unwrap_err();
    assert_eq!(e.code, codes::INSTRUMENT_UNKNOWN_FIELD);
    assert_eq!(e.field, "scale.anchors");
}

#[test]
fn missing_field_names_its_path() {
    let mut v = small_json();
    v["items"][2].as_object_mut().unwrap().remove("text");
    let e = instrument::parse(&v.to_string()).unwrap_err();
    assert_eq!(e.code, codes::INSTRUMENT_MISSING_FIELD);
    assert_eq!(e.field, "items[2].text");

    let mut v = small_json();
    v.as_object_mut().unwrap().remove("source");
    let e = instrument::parse(&v.to_string()).unwrap_err();
    assert_eq!(e.code, codes::INSTRUMENT_MISSING_FIELD);
    assert_eq!(e.field, "source");
}

#[test]
fn bad_json_reports_line_and_column() {
    let e = instrument::parse("{\n  \"id\": \"x\",\n  oops\n}").unwrap_err();
    assert_eq!(e.code, codes::INSTRUMENT_JSON);
    assert_eq!(e.field, "");
    assert!(e.message.contains("line 3 column 3"), "{}", e.message);
}

#[test]
fn empty_and_truncated_input_are_json_errors() {
    for bad in ["", "   ", "{", "[1,2", "null", "42"] {
        let e = instrument::parse(bad).unwrap_err();
        assert_eq!(e.code, codes::INSTRUMENT_JSON, "{bad:?}: {e}");
    }
}

#[test]
fn trailing_characters_are_rejected() {
    let json = format!("{} x", small_json());
    let e = instrument::parse(&json).unwrap_err();
    assert_eq!(e.code, codes::INSTRUMENT_JSON);
    assert!(e.message.contains("line 1"), "{}", e.message);
}

#[test]
fn wrong_type_names_its_path() {
    let mut v = small_json();
    v["scale"]["points"] = serde_json::json!("five");
    let e = instrument::parse(&v.to_string()).unwrap_err();
    assert_eq!(e.code, codes::INSTRUMENT_JSON);
    assert_eq!(e.field, "scale.points");

    let mut v = small_json();
    v["translation"]["id"] = serde_json::json!("draft");
    let e = instrument::parse(&v.to_string()).unwrap_err();
    assert_eq!(e.code, codes::INSTRUMENT_JSON);
    assert_eq!(e.field, "translation.id");

    let mut v = small_json();
    v["items"][4]["reverse"] = serde_json::json!("yes");
    let e = instrument::parse(&v.to_string()).unwrap_err();
    assert_eq!(e.field, "items[4].reverse");
}

#[test]
fn optional_source_fields_accept_null() {
    let mut v = small_json();
    v["source"]["doi"] = serde_json::Value::Null;
    v["source"]["note"] = serde_json::Value::Null;
    let ins = instrument::parse(&v.to_string()).unwrap();
    assert_eq!((ins.source.doi, ins.source.note), (None, None));
}

#[test]
fn numbers_are_read_as_the_platform_reads_them_and_hashed_exactly() {
    // A share with four decimals reads as exactly the double serde_json reads.
    let mut v = small_json();
    v["dimensions"][1]["min_answered"] = serde_json::json!(0.6667);
    let ins = instrument::parse(&v.to_string()).unwrap();
    assert_eq!(ins.dimensions[1].min_answered, 0.6667);
    assert!(psm_core::canonical::canonical_json(&ins).contains(r#""min_answered":0.6667}"#));

    // 10/11 printed shortest has 16 significant digits: read as JSON.parse reads it (no longer refused by
    // the reader), then refused by the validator with its field, never rounded into the hash.
    v["dimensions"][1]["min_answered"] = serde_json::json!(10.0 / 11.0);
    let text = v.to_string();
    assert!(text.contains("0.9090909090909091"), "{text}");
    let e = instrument::parse(&text).unwrap_err();
    assert_eq!(e.code, codes::BAD_FRACTION);
    assert_eq!(e.field, "dimensions[1].min_answered");
    let raw = instrument::parse_unvalidated(&text).unwrap();
    assert_eq!(raw.dimensions[1].min_answered, 10.0 / 11.0);
    assert_eq!(
        psm_core::canonical::try_canonical_json(&raw),
        Err(psm_core::json_text::NotExact)
    );

    // Five decimals read exactly but are finer than a share needs: the validator says so.
    v["dimensions"][1]["min_answered"] = serde_json::json!(0.66667);
    let e = instrument::parse(&v.to_string()).unwrap_err();
    assert_eq!(e.code, codes::BAD_FRACTION);
    assert_eq!(e.field, "dimensions[1].min_answered");
    assert!(e.message.contains("at most 4 decimals"), "{}", e.message);
}

#[test]
fn a_huge_map_reads_in_n_log_n() {
    // 100,000 languages in reverse order in one text map: reading must not be quadratic (inserting
    // each key into a sorted vector would be). Validation then refuses the undeclared languages.
    let mut v = small_json();
    let title: serde_json::Map<String, serde_json::Value> = (0..100_000)
        .rev()
        .map(|i| (format!("l{i:06}"), serde_json::json!("t")))
        .collect();
    v["title"] = serde_json::Value::Object(title);
    let started = std::time::Instant::now();
    let ins = instrument::parse_unvalidated(&v.to_string()).unwrap();
    assert_eq!(ins.title.len(), 100_000);
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
}
