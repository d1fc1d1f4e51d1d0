//! The instrument hash depends on content only.

mod common;

use common::small_json;
use psm_core::canonical::{canonical_json, instrument_sha256};
use psm_core::instrument;
use serde_json::json;

fn hash(json: &str) -> String {
    instrument_sha256(&instrument::parse(json).unwrap())
}

#[test]
fn hash_is_lowercase_hex_sha256() {
    let h = hash(&small_json().to_string());
    assert_eq!(h.len(), 64);
    assert!(h
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
}

#[test]
fn whitespace_key_order_and_explicit_defaults_do_not_change_the_hash() {
    let compact = small_json().to_string();
    let pretty = serde_json::to_string_pretty(&small_json()).unwrap();
    // Reverse the key order of every object by hand.
    let reversed = reverse_keys(&small_json());
    let mut explicit = small_json();
    explicit["dimensions"][0]["min_answered"] = json!(0.75);
    explicit["items"][0]["reverse"] = json!(false);
    explicit["dimensions"][0]["description"] = json!({});
    let h = hash(&compact);
    assert_eq!(hash(&pretty), h);
    assert_eq!(hash(&reversed), h);
    assert_eq!(hash(&explicit.to_string()), h);
}

fn reverse_keys(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .rev()
                .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), reverse_keys(v)))
                .collect();
            format!("{{ {} }}", parts.join(" ,\n "))
        }
        serde_json::Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(reverse_keys).collect();
            format!("[{}]", parts.join(", "))
        }
        other => other.to_string(),
    }
}

#[test]
fn any_content_change_changes_the_hash() {
    let base = hash(&small_json().to_string());
    let edits: [(&str, serde_json::Value); 6] = [
        ("/items/0/text/en", json!("Item one.")),
        ("/items/1/reverse", json!(false)),
        ("/version", json!("1.0.1")),
        ("/scale/labels/id/0", json!("Sangat tidak setuju")),
        ("/dimensions/1/min_answered", json!(0.6)),
        ("/translation/id", json!("validated")),
    ];
    for (pointer, value) in edits {
        let mut v = small_json();
        *v.pointer_mut(pointer).unwrap() = value;
        assert_ne!(hash(&v.to_string()), base, "{pointer}");
    }
}

#[test]
fn canonical_json_is_compact_with_sorted_maps_and_filled_defaults() {
    let text = canonical_json(&common::small());
    assert!(
        !text.contains(['\n', ' ']) || !text.contains(": "),
        "compact"
    );
    assert!(
        text.starts_with("{\"id\":\"small-5\",\"version\":\"1.0.0\",\"languages\":[\"id\",\"en\"]")
    );
    // Sorted map keys: "en" before "id" although the source lists "id" first.
    assert!(text.contains("\"title\":{\"en\":\"Small questionnaire\",\"id\":\"Kuesioner kecil\"}"));
    assert!(text.contains("\"min_answered\":0.75"));
    assert!(text.contains("\"reverse\":false"));
    // Canonical JSON parses back to the same instrument.
    assert_eq!(instrument::parse(&text).unwrap(), common::small());
}

#[test]
fn built_ins_canonical_json_is_serde_jsons_text_of_the_model() {
    // The hand-written canonical writer against serde_json as the independent writer, on the real texts
    // whose hashes every result carries (tests/builtin.rs pins the hashes).
    for id in psm_core::builtin::ids() {
        let ins = psm_core::builtin::get(id).unwrap();
        assert_eq!(
            canonical_json(&ins),
            serde_json::to_string(&ins).unwrap(),
            "{id}"
        );
    }
}
