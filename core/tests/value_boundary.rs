//! The value boundary against the text boundary. The widget hands the core a config as a value (the host's JS
//! object, walked by the web shell) where it used to hand over JSON text; for any value, reading it must give
//! exactly what reading its JSON text gives (the same config, or the same code, field and message), and neither
//! may panic. serde_json plays the browser: it builds the value and writes the text.

mod common;

use common::small_json;
use proptest::prelude::*;
use psm_core::config::{parse_config, read_config};
use psm_core::value::Json;
use serde_json::{json, Value};

/// A serde_json value as the core's tree: what the widget's walker makes of the same object in the browser.
fn to_json(v: &Value) -> Json {
    psm_core::value::from_serde(v)
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (0u32..100).prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[a-z0-9:/._-]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const KEYS: &[&str] = &[
    "instrument",
    "lang",
    "mode",
    "endpoint",
    "include_responses",
    "shuffle",
    "shuffle_seed",
    "candidate_ref",
    "candidate_key",
    "linked",
    "notice",
    "result_schema",
    "parent_origin",
    "resume_hours",
    "kiosk",
    "colour",
];

/// The small instrument with one field replaced by an arbitrary value.
fn instrument_value() -> impl Strategy<Value = Value> {
    let paths: &[&str] = &[
        "/id",
        "/languages",
        "/scale/points",
        "/scale/labels/en",
        "/dimensions/1/min_answered",
        "/dimensions/0",
        "/items/2/reverse",
        "/items/3/text",
        "/items/0/dimension",
        "/source/doi",
        "/translation/id",
        "/title",
    ];
    (prop::sample::select(paths), any_value()).prop_map(|(path, value)| {
        let mut v = small_json();
        if let Some(slot) = v.pointer_mut(path) {
            *slot = value;
        }
        v
    })
}

fn field_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        any_value(),
        Just(json!("perry-24")),
        Just(json!("id")),
        Just(json!("en")),
        Just(json!("https://hr.example.go.id/psm")),
        Just(json!({"idle_seconds": 90, "reset_seconds": 5})),
        Just(small_json()),
        instrument_value(),
    ]
}

fn config_value() -> impl Strategy<Value = Value> {
    prop::collection::vec((prop::sample::select(KEYS), field_value()), 0..7).prop_map(|fields| {
        Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_config_value_reads_as_its_text(v in config_value()) {
        let by_value = read_config(&to_json(&v));
        let by_text = parse_config(&v.to_string());
        prop_assert_eq!(format!("{by_value:?}"), format!("{by_text:?}"));
    }

    #[test]
    fn any_value_as_a_config_never_panics(v in any_value()) {
        let by_value = read_config(&to_json(&v));
        let by_text = parse_config(&v.to_string());
        prop_assert_eq!(format!("{by_value:?}"), format!("{by_text:?}"));
    }
}

#[test]
fn a_valid_config_reads_the_same_both_ways() {
    let v = json!({"instrument": small_json(), "lang": "en", "shuffle": true, "shuffle_seed": 7,
                   "kiosk": {"idle_seconds": 90}});
    let by_value = read_config(&to_json(&v)).unwrap();
    assert_eq!(by_value, parse_config(&v.to_string()).unwrap());
    assert_eq!(by_value.shuffle_seed, Some(7));
}
