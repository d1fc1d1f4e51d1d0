//! The PDP notice (UU 27/2022 Pasal 21): required for a result linked to a person, complete when
//! given, every gap named by its field; its hash identifies exactly the notice shown.

mod common;

use common::{notice_json, small_json};
use psm_core::config::parse_config;
use psm_core::{codes, PsmError};
use serde_json::{json, Value};

fn config(extra: Value) -> String {
    let mut v = json!({"instrument": small_json()});
    for (k, val) in extra.as_object().unwrap() {
        v[k] = val.clone();
    }
    v.to_string()
}

fn err(extra: Value) -> PsmError {
    parse_config(&config(extra)).expect_err("config should be rejected")
}

fn without(path: &[&str]) -> Value {
    let mut n = notice_json();
    let (last, parents) = path.split_last().unwrap();
    let mut at = &mut n;
    for p in parents {
        at = &mut at[*p];
    }
    at.as_object_mut().unwrap().remove(*last);
    n
}

const LINKED: [(&str, &str); 2] = [("candidate_ref", "REG-1"), ("candidate_key", "k")];

fn linked(notice: Option<Value>) -> Value {
    let mut v = json!({});
    for (k, val) in LINKED {
        v[k] = json!(val);
    }
    if let Some(n) = notice {
        v["notice"] = n;
    }
    v
}

#[test]
fn a_linked_result_cannot_start_without_a_notice() {
    let e = err(linked(None));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::NOTICE_INCOMPLETE, "notice")
    );
    assert!(e.message.contains("candidate_ref"), "{}", e.message);
    assert!(
        e.message.contains("notice.controller.contact"),
        "{}",
        e.message
    );
    let e = err(json!({"linked": true}));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::NOTICE_INCOMPLETE, "notice")
    );
    assert!(e.message.contains("linked"), "{}", e.message);
    // null means "not given", the same as absent.
    let mut v = linked(None);
    v["notice"] = Value::Null;
    assert_eq!(err(v).code, codes::NOTICE_INCOMPLETE);
    // An anonymous quiz needs none.
    assert!(parse_config(&config(json!({}))).unwrap().notice.is_none());
}

#[test]
fn every_missing_or_blank_notice_field_is_named() {
    let paths: [&[&str]; 6] = [
        &["controller", "name"],
        &["controller", "contact"],
        &["legal_basis"],
        &["purpose"],
        &["retention"],
        &["processing_period"],
    ];
    for path in paths {
        let field = format!("notice.{}", path.join("."));
        for notice in [without(path), {
            let mut n = notice_json();
            let (last, parents) = path.split_last().unwrap();
            let mut at = &mut n;
            for p in parents {
                at = &mut at[*p];
            }
            at[*last] = json!("  ");
            n
        }] {
            // Linked or not: a notice that is given must be complete.
            for extra in [linked(Some(notice.clone())), json!({"notice": notice})] {
                let e = err(extra);
                assert_eq!(
                    (e.code, e.field.as_str()),
                    (codes::NOTICE_INCOMPLETE, field.as_str())
                );
                assert!(e.message.starts_with(&field), "{}", e.message);
            }
        }
    }
    let e = err(linked(Some(without(&["controller"]))));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::NOTICE_INCOMPLETE, "notice.controller")
    );
    assert!(psm_core::notice::REQUIRED.contains(&"notice.controller.contact"));
}

#[test]
fn notice_fields_are_typed_and_bounded() {
    let mut n = notice_json();
    n["purpose"] = json!(3);
    let e = err(linked(Some(n)));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "notice.purpose")
    );
    let mut n = notice_json();
    n["retention"] = json!("x".repeat(1001));
    assert_eq!(err(linked(Some(n))).field, "notice.retention");
    let mut n = notice_json();
    n["controller"]["email"] = json!("a@b");
    let e = err(linked(Some(n)));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "notice.controller.email")
    );
    for bad in ["", "v 1", "ü", &"1".repeat(65)] {
        let mut n = notice_json();
        n["version"] = json!(bad);
        assert_eq!(err(linked(Some(n))).field, "notice.version", "{bad:?}");
    }
    // The version is optional.
    let c = parse_config(&config(linked(Some(without(&["version"]))))).unwrap();
    assert_eq!(c.notice.unwrap().version, None);
    let e = err(json!({"linked": "yes"}));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "linked")
    );
}

#[test]
fn the_notice_hash_is_of_its_canonical_json_and_changes_with_any_text() {
    let c = parse_config(&config(linked(Some(notice_json())))).unwrap();
    let n = c.notice.unwrap();
    // Keys sorted, no whitespace: what JSON.stringify writes for the same object with sorted keys.
    let canonical = n.canonical_json();
    assert!(
        canonical.starts_with("{\"controller\":{\"contact\":"),
        "{canonical}"
    );
    let reparsed: Value = serde_json::from_str(&canonical).unwrap();
    assert_eq!(
        reparsed,
        notice_json(),
        "the canonical form is the notice as given"
    );
    assert_eq!(canonical, serde_json::to_string(&notice_json()).unwrap());
    use sha2::Digest;
    let expected = sha2::Sha256::digest(canonical.as_bytes());
    let hex: String = expected.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(n.sha256(), hex);
    // Key order and whitespace in the host's config do not matter; any text does.
    let shuffled = r#"{"instrument":"kim-16","notice":{"version":"2026-12","retention":"2 tahun setelah pengumuman akhir seleksi","purpose":"Memahami motivasi pelayanan publik pelamar CASN 2026 (bukan penentu kelulusan)","processing_period":"Selama seleksi CASN 2026","legal_basis":"Persetujuan peserta (UU 27/2022 Pasal 20 ayat 2 huruf a)","controller":{"contact":"ppid@bkc.example.go.id","name":"Badan Kepegawaian Contoh"}}}"#;
    assert_eq!(
        parse_config(shuffled).unwrap().notice.unwrap().sha256(),
        n.sha256()
    );
    let mut other = notice_json();
    other["retention"] = json!("3 tahun setelah pengumuman akhir seleksi");
    let other = parse_config(&config(json!({ "notice": other }))).unwrap();
    assert_ne!(other.notice.unwrap().sha256(), n.sha256());
}

#[test]
fn result_schema_is_chosen_by_the_host() {
    use psm_core::payload::ResultSchema;
    let c = parse_config(&config(json!({"result_schema": "psm-result/1"}))).unwrap();
    assert_eq!(c.result_schema, ResultSchema::V1);
    let c = parse_config(&config(json!({"result_schema": "psm-result/2"}))).unwrap();
    assert_eq!(c.result_schema, ResultSchema::V2);
    let e = err(json!({"result_schema": "psm-result/3"}));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "result_schema")
    );
}
