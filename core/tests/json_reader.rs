//! The strict JSON reader against serde_json as an independent oracle: every document serde_json
//! writes reads back to the same tree, and whatever ours accepts serde_json accepts too.

use proptest::prelude::*;
use psm_core::json::{parse, Json};
use serde_json::Value;

/// Our tree as serde_json's, numbers compared by value (integers exactly).
fn to_value(j: &Json) -> Value {
    match j {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        // Rust's own correctly rounded parse (serde_json's default float parse is not exact).
        Json::Num(text) => text
            .parse::<u64>()
            .map(Value::from)
            .or_else(|_| text.parse::<i64>().map(Value::from))
            .unwrap_or_else(|_| Value::from(text.parse::<f64>().expect("a JSON number"))),
        Json::Str(s) => Value::String(s.clone()),
        Json::Arr(items) => Value::Array(items.iter().map(to_value).collect()),
        Json::Obj(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), to_value(v)))
                .collect(),
        ),
    }
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn reads_back_what_serde_json_writes(v in any_value()) {
        for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
            let ours = parse(&text).map_err(|e| TestCaseError::fail(format!("{e:?} in {text}")))?;
            prop_assert_eq!(to_value(&ours), v.clone());
        }
    }

    #[test]
    fn accepts_nothing_serde_json_refuses(text in "[\\[\\]{}\":,0-9eE.+\\-a-z\\\\ \n]{0,40}") {
        if parse(&text).is_ok() {
            prop_assert!(serde_json::from_str::<Value>(&text).is_ok(), "{:?}", text);
        }
    }

    #[test]
    fn never_panics_on_any_text(text in "\\PC{0,200}") {
        let _ = parse(&text);
    }
}
