//! The report reads psm-result/2 (with its consent record) and the deprecated psm-result/1 alike,
//! from JSON and from the kiosk CSV, and still refuses any other schema.

mod common;
use common::*;
use psm_stats::Analysis;
use serde_json::json;

#[test]
fn both_schema_versions_are_read_and_others_refused() {
    let mut lines = Vec::new();
    for (i, mut p) in generate(6, 11).into_iter().enumerate() {
        match i % 3 {
            0 => {
                p["schema"] = json!("psm-result/2");
                p["consent"] = json!({"agreed_on": "2026-11-22", "notice_sha256": "ab".repeat(32), "notice_version": "2026-12"});
            }
            1 => {}
            _ => p["schema"] = json!("psm-result/3"),
        }
        lines.push(p.to_string());
    }
    let mut a = Analysis::new();
    a.add_file("instrument.json", instrument_json().as_bytes());
    a.add_file("mixed.ndjson", lines.join("\n").as_bytes());
    let r = a.finish();
    let f = r.files.iter().find(|f| f.name == "mixed.ndjson").unwrap();
    assert_eq!((f.used, f.rejected), (4, 2));
    assert!(f.issues.iter().all(|i| i.code == "wrong_schema"));
    assert!(
        f.issues[0].detail.contains("psm-result/2"),
        "{}",
        f.issues[0].detail
    );
}
