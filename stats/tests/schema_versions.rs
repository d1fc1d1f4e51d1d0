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

/// Makes a valid result invalid in one way.
type Breaker = Box<dyn Fn(&mut serde_json::Value)>;

/// The report's own reading (serde structs, row checks) accepted each of these; psm-core's definition of a
/// valid result, which the widget reads its stored results with, refuses them, and so does the report now.
#[test]
fn what_the_core_refuses_the_report_refuses() {
    let consent = json!({"agreed_on": "2026-11-22", "notice_sha256": "ab".repeat(32), "notice_version": "2026-12"});
    let cases: Vec<(&str, Breaker)> = vec![
        ("consent", Box::new(|p| p["schema"] = json!("psm-result/2"))),
        ("consent", Box::new(move |p| p["consent"] = consent.clone())),
        (
            "submission_id",
            Box::new(|p| p["submission_id"] = json!("row-1")),
        ),
        (
            "completed_on",
            Box::new(|p| p["completed_on"] = json!("2026-02-30")),
        ),
        (
            "candidate_ref",
            Box::new(|p| p["candidate_ref"] = json!("A-001")),
        ),
        (
            "consent.agreed_on",
            Box::new(|p| {
                p["schema"] = json!("psm-result/2");
                p["consent"] = json!({"agreed_on": "kemarin"});
            }),
        ),
    ];
    let n = cases.len();
    let mut lines = Vec::new();
    for ((_, break_it), mut p) in cases.iter().zip(generate(n, 5)) {
        break_it(&mut p);
        lines.push(p.to_string());
    }
    let mut a = Analysis::new();
    a.add_file("instrument.json", instrument_json().as_bytes());
    a.add_file("broken.ndjson", lines.join("\n").as_bytes());
    let r = a.finish();
    let f = r.files.iter().find(|f| f.name == "broken.ndjson").unwrap();
    assert_eq!((f.used, f.rejected), (0, n), "{:?}", f.issues);
    for ((field, _), issue) in cases.iter().zip(&f.issues) {
        assert_eq!(issue.code, "invalid_field");
        assert!(
            issue.detail.starts_with(&format!("{field}: ")),
            "names the field: {}",
            issue.detail
        );
    }
}

/// The other way round: every result the widget builds (psm-core's `build`, both schema versions, with and
/// without responses, order, candidate reference and notice) is one the report reads.
#[test]
fn what_the_widget_builds_the_report_reads() {
    use psm_core::payload::{build, ConsentRecord, PayloadInput};
    let ins = psm_core::builtin::get("perry-24").expect("built-in");
    let mut lines = Vec::new();
    for i in 0..8u8 {
        let answers: psm_core::Answers = ins
            .items
            .iter()
            .enumerate()
            .filter(|(k, _)| (k + usize::from(i)) % 7 != 0)
            .map(|(k, it)| (it.id.clone(), (k + usize::from(i)) as u8 % 5 + 1))
            .collect();
        let order: Vec<String> = ins.items.iter().rev().map(|it| it.id.clone()).collect();
        let consent = (i % 2 == 0).then(|| ConsentRecord {
            agreed_on: "2026-11-22".into(),
            notice_sha256: (i % 4 == 0).then(|| "cd".repeat(32)),
            notice_version: (i % 4 == 0).then(|| "2026-11".into()),
        });
        let p = build(PayloadInput {
            instrument: &ins,
            lang: if i % 3 == 0 { "en" } else { "id" },
            answers: &answers,
            order: (i % 3 == 1).then_some(order),
            seconds: None,
            include_responses: i % 2 == 1,
            completed_on: "2026-11-23".into(),
            submission_id: format!("{i:032x}"),
            candidate: (i % 4 == 1).then(|| ("CASN-1".to_string(), "key".to_string())),
            consent,
            instrument_sha256: None,
        })
        .expect("the widget builds it");
        lines.push(p.to_json());
    }
    let mut a = Analysis::new();
    a.add_file("widget.ndjson", lines.join("\n").as_bytes());
    let r = a.finish();
    let f = r.files.iter().find(|f| f.name == "widget.ndjson").unwrap();
    assert_eq!((f.used, f.rejected), (8, 0), "{:?}", f.issues);
}
