//! One test per validation rule: break a valid instrument in one place, expect the rule's code
//! and a message naming the field.

mod common;

use common::{parse_err, small_json};
use psm_core::{codes, instrument, PsmError};
use serde_json::{json, Value};

fn expect(v: &Value, code: &str, field: &str) -> PsmError {
    let e = parse_err(v);
    assert_eq!((e.code, e.field.as_str()), (code, field), "{e}");
    assert!(
        e.message.starts_with(&format!("{field}: ")),
        "{}",
        e.message
    );
    e
}

#[test]
fn bad_ids() {
    for bad in ["", "has space", "ü-umlaut", "a/b", &"x".repeat(65)] {
        let mut v = small_json();
        v["id"] = json!(bad);
        expect(&v, codes::BAD_ID, "id");
    }
    let mut v = small_json();
    v["id"] = json!("x".repeat(64));
    assert!(
        instrument::parse(&v.to_string()).is_ok(),
        "64 characters is allowed"
    );

    let mut v = small_json();
    v["items"][1]["id"] = json!("P 2");
    expect(&v, codes::BAD_ID, "items[1].id");
    let mut v = small_json();
    v["dimensions"][0]["id"] = json!("");
    expect(&v, codes::BAD_ID, "dimensions[0].id");
}

#[test]
fn bad_version() {
    for bad in ["", "1.0 beta", "v1/2"] {
        let mut v = small_json();
        v["version"] = json!(bad);
        expect(&v, codes::BAD_VERSION, "version");
    }
}

#[test]
fn duplicate_item_dimension_and_language_ids() {
    let mut v = small_json();
    v["items"][3]["id"] = json!("P1");
    let e = expect(&v, codes::DUPLICATE_ID, "items[3].id");
    assert!(e.message.contains("items[0]"), "{}", e.message);

    let mut v = small_json();
    v["dimensions"][1]["id"] = json!("AA");
    expect(&v, codes::DUPLICATE_ID, "dimensions[1].id");

    let mut v = small_json();
    v["languages"] = json!(["id", "en", "id"]);
    expect(&v, codes::DUPLICATE_ID, "languages[2]");
}

#[test]
fn unknown_dimension() {
    let mut v = small_json();
    v["items"][4]["dimension"] = json!("CPX");
    let e = expect(&v, codes::UNKNOWN_DIMENSION, "items[4].dimension");
    assert_eq!(e.message, "items[4].dimension: unknown dimension \"CPX\"");
}

#[test]
fn empty_dimension() {
    let mut v = small_json();
    v["dimensions"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "CC", "name": {"id": "C", "en": "C"}}));
    let e = expect(&v, codes::EMPTY_DIMENSION, "dimensions[2]");
    assert!(e.message.contains("\"CC\""));
}

/// Removes or blanks one text.
type Breaker = fn(&mut Value);

#[test]
fn missing_text_everywhere_a_language_is_declared() {
    let cases: [(Breaker, &str); 7] = [
        (|v| v["title"].as_object_mut().unwrap().clear(), "title.id"),
        (
            |v| {
                v["instructions"].as_object_mut().unwrap().remove("en");
            },
            "instructions.en",
        ),
        (
            |v| {
                v["scale"]["labels"].as_object_mut().unwrap().remove("en");
            },
            "scale.labels.en",
        ),
        (
            |v| v["scale"]["labels"]["id"][2] = json!("  "),
            "scale.labels.id[2]",
        ),
        (
            |v| {
                v["dimensions"][1]["name"]
                    .as_object_mut()
                    .unwrap()
                    .remove("id");
            },
            "dimensions[1].name.id",
        ),
        (
            |v| v["items"][2]["text"]["en"] = json!(""),
            "items[2].text.en",
        ),
        (
            |v| v["dimensions"][0]["description"] = json!({"id": "Hanya bahasa Indonesia"}),
            "dimensions[0].description.en",
        ),
    ];
    for (break_it, field) in cases {
        let mut v = small_json();
        break_it(&mut v);
        expect(&v, codes::MISSING_TEXT, field);
    }
}

#[test]
fn description_is_optional_but_complete_when_given() {
    let mut v = small_json();
    v["dimensions"][0]["description"] = json!({"id": "Penjelasan", "en": "Explanation"});
    assert!(instrument::parse(&v.to_string()).is_ok());
}

#[test]
fn translation_status_for_each_language() {
    let mut v = small_json();
    v["translation"].as_object_mut().unwrap().remove("id");
    expect(&v, codes::TRANSLATION_STATUS, "translation.id");
}

#[test]
fn undeclared_language_is_rejected() {
    let mut v = small_json();
    v["title"]["fr"] = json!("Petit questionnaire");
    expect(&v, codes::UNKNOWN_LANGUAGE, "title.fr");
    let mut v = small_json();
    v["translation"]["in"] = json!("working");
    expect(&v, codes::UNKNOWN_LANGUAGE, "translation.in");
}

#[test]
fn scale_too_small_and_too_large() {
    for points in [0u8, 1] {
        let mut v = small_json();
        v["scale"]["points"] = json!(points);
        expect(&v, codes::SCALE_TOO_SMALL, "scale.points");
    }
    let mut v = small_json();
    v["scale"]["points"] = json!(12);
    expect(&v, codes::SCALE_TOO_LARGE, "scale.points");
}

#[test]
fn scale_sizes_two_and_eleven_are_allowed() {
    for points in [2usize, 11] {
        let mut v = small_json();
        v["scale"] = json!({"points": points, "labels": {
            "id": common::labels(points, "id"), "en": common::labels(points, "en")}});
        assert!(instrument::parse(&v.to_string()).is_ok(), "{points} points");
    }
}

#[test]
fn label_count_must_match_points() {
    let mut v = small_json();
    v["scale"]["labels"]["en"] = json!(common::labels(4, "en"));
    let e = expect(&v, codes::SCALE_LABELS, "scale.labels.en");
    assert!(
        e.message.contains("4 labels for a 5-point scale"),
        "{}",
        e.message
    );
}

fn with_items(n: usize) -> Value {
    let mut v = small_json();
    let items: Vec<Value> = (0..n)
        .map(|i| {
            json!({"id": format!("Q{i}"), "dimension": if i % 2 == 0 { "AA" } else { "BB" },
                        "text": {"id": "t", "en": "t"}})
        })
        .collect();
    v["items"] = json!(items);
    v
}

#[test]
fn too_many_items() {
    assert!(instrument::parse(&with_items(500).to_string()).is_ok());
    expect(&with_items(501), codes::TOO_MANY_ITEMS, "items");
}

#[test]
fn no_items() {
    let mut v = small_json();
    v["items"] = json!([]);
    expect(&v, codes::NO_ITEMS, "items");
}

#[test]
fn text_too_long() {
    let mut v = small_json();
    v["items"][0]["text"]["en"] = json!("é".repeat(2_000));
    assert!(
        instrument::parse(&v.to_string()).is_ok(),
        "2,000 characters (not bytes) is allowed"
    );
    v["items"][0]["text"]["en"] = json!("é".repeat(2_001));
    expect(&v, codes::TEXT_TOO_LONG, "items[0].text.en");

    let mut v = small_json();
    v["source"]["note"] = json!("n".repeat(2_001));
    expect(&v, codes::TEXT_TOO_LONG, "source.note");
}

#[test]
fn bad_fraction() {
    for bad in [0.0, -0.5, 1.01, 2.0] {
        let mut v = small_json();
        v["dimensions"][1]["min_answered"] = json!(bad);
        expect(&v, codes::BAD_FRACTION, "dimensions[1].min_answered");
    }
    let mut v = small_json();
    v["dimensions"][1]["min_answered"] = json!(1.0);
    assert!(instrument::parse(&v.to_string()).is_ok());
}

#[test]
fn no_languages() {
    let mut v = small_json();
    v["languages"] = json!([]);
    expect(&v, codes::NO_LANGUAGES, "languages");
}

#[test]
fn missing_source() {
    let mut v = small_json();
    v["source"]["citation"] = json!(" ");
    expect(&v, codes::MISSING_SOURCE, "source.citation");
}

#[test]
fn first_error_wins_in_document_order() {
    let mut v = small_json();
    v["items"][4]["dimension"] = json!("CPX");
    v["scale"]["points"] = json!(1);
    v["version"] = json!("");
    expect(&v, codes::BAD_VERSION, "version");

    let ins = instrument::parse_unvalidated(&v.to_string()).unwrap();
    let all = instrument::validate_all(&ins);
    let got: Vec<&str> = all.iter().map(|e| e.code).collect();
    assert_eq!(
        got,
        [
            codes::BAD_VERSION,
            codes::SCALE_TOO_SMALL,
            codes::SCALE_LABELS,
            codes::SCALE_LABELS,
            codes::UNKNOWN_DIMENSION
        ]
    );
    assert_eq!(instrument::validate(&ins).unwrap_err(), all[0]);
}

#[test]
fn validate_all_is_bounded() {
    let mut v = with_items(500);
    let langs: Vec<String> = (0..3_000).map(|i| format!("l{i}")).collect();
    v["languages"] = json!(langs);
    let ins = instrument::parse_unvalidated(&v.to_string()).unwrap();
    assert_eq!(
        instrument::validate_all(&ins).len(),
        instrument::MAX_REPORTED_ERRORS
    );
}
