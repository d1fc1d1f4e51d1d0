//! The consent list is true by construction: for every combination of options, the entries
//! [`disclosed`] lists are exactly those naming the fields of the payload actually built.

mod common;

use common::notice_json;
use psm_core::config::{parse_config, QuizConfig};
use psm_core::disclosure::{disclosed, payload_input, Disclosed, Run};
use psm_core::payload::build;
use psm_core::{builtin, Answers, Timings};
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Every config the options can make, with the option values for failure messages.
fn every_config() -> Vec<(String, QuizConfig)> {
    let mut out = Vec::new();
    for instrument in ["perry-24", "kim-16"] {
        for responses in [false, true] {
            for shuffle in [false, true] {
                for candidate in [false, true] {
                    for linked in [false, true] {
                        for notice in 0..3 {
                            for schema in ["psm-result/1", "psm-result/2"] {
                                let mut v = json!({
                                    "instrument": instrument, "include_responses": responses,
                                    "shuffle": shuffle, "linked": linked, "result_schema": schema,
                                });
                                if candidate {
                                    v["candidate_ref"] = json!("REG-2026-000123");
                                    v["candidate_key"] = json!("kunci");
                                }
                                match notice {
                                    1 => v["notice"] = notice_json(),
                                    2 => {
                                        let mut n = notice_json();
                                        n.as_object_mut().unwrap().remove("version");
                                        v["notice"] = n;
                                    }
                                    _ => {}
                                }
                                let text = v.to_string();
                                match parse_config(&text) {
                                    Ok(c) => out.push((text, c)),
                                    // Only a linked result without a notice is refused.
                                    Err(e) => {
                                        assert!(
                                            (candidate || linked) && notice == 0,
                                            "{text}: {e}"
                                        );
                                        assert_eq!(e.code, psm_core::codes::NOTICE_INCOMPLETE);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

/// Field names of a payload: top-level keys, `quality` and `consent` by their inner keys.
fn fields(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for (k, inner) in v.as_object().unwrap() {
        match (k.as_str(), inner) {
            ("quality" | "consent", Value::Object(o)) => {
                out.extend(o.keys().map(|ik| format!("{k}.{ik}")))
            }
            _ => out.push(k.clone()),
        }
    }
    out
}

#[test]
fn the_list_names_exactly_the_fields_sent_for_every_combination() {
    let configs = every_config();
    assert_eq!(
        configs.len(),
        2 * 2 * 2 * (2 * 2 * 3 * 2 - 2 * 2 - 2),
        "combinations"
    );
    for (text, config) in &configs {
        let ins = &config.instrument;
        let answers: Answers = ins
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| (it.id.clone(), 1 + (i % 5) as u8))
            .collect();
        let seconds: Timings = ins.items.iter().map(|it| (it.id.clone(), 2.5)).collect();
        let order: Vec<String> = ins.items.iter().rev().map(|i| i.id.clone()).collect();
        let run = Run {
            lang: &config.lang,
            answers: &answers,
            order: &order,
            seconds: &seconds,
            completed_on: "2026-12-01".into(),
            submission_id: "0123456789abcdef0123456789abcdef".into(),
            agreed_on: "2026-11-30".into(),
        };
        let payload = build(payload_input(config, run)).expect(text);
        let sent: Value = serde_json::from_str(&payload.to_json()).unwrap();
        let mut named = BTreeSet::new();
        for field in fields(&sent) {
            let entry = Disclosed::naming(&field)
                .unwrap_or_else(|| panic!("{text}: payload field {field} is named by no entry"));
            named.insert(entry);
        }
        let listed: BTreeSet<Disclosed> = disclosed(config).into_iter().collect();
        assert_eq!(listed, named, "{text}\n{sent}");
        assert_eq!(disclosed(config).len(), listed.len(), "no entry twice");
        // And the details the list promises about those fields.
        assert_eq!(sent["schema"], json!(config.result_schema.id()), "{text}");
        if let Some(c) = sent.get("consent") {
            assert_eq!(c["agreed_on"], json!("2026-11-30"));
            if let Some(n) = &config.notice {
                assert_eq!(c["notice_sha256"], json!(n.sha256()));
                assert_eq!(
                    c.get("notice_version"),
                    n.version.as_ref().map(|v| json!(v)).as_ref()
                );
            }
        }
    }
}

#[test]
fn a_run_without_timings_sends_less_than_listed_never_more() {
    let config = parse_config(r#"{"instrument": "kim-16"}"#).unwrap();
    let answers: Answers = config
        .instrument
        .items
        .iter()
        .map(|it| (it.id.clone(), 3))
        .collect();
    let order: Vec<String> = config
        .instrument
        .items
        .iter()
        .map(|i| i.id.clone())
        .collect();
    let run = Run {
        lang: "id",
        answers: &answers,
        order: &order,
        seconds: &Timings::new(),
        completed_on: "2026-12-01".into(),
        submission_id: "0123456789abcdef0123456789abcdef".into(),
        agreed_on: "2026-12-01".into(),
    };
    let sent: Value =
        serde_json::from_str(&build(payload_input(&config, run)).unwrap().to_json()).unwrap();
    let listed = disclosed(&config);
    for field in fields(&sent) {
        assert!(
            listed.contains(&Disclosed::naming(&field).unwrap()),
            "{field}"
        );
    }
    assert!(sent["quality"].get("seconds_median_per_item").is_none());
}

#[test]
fn every_entry_has_a_distinct_stable_key() {
    let all = [
        Disclosed::Instrument,
        Disclosed::Lang,
        Disclosed::Scores,
        Disclosed::Overall,
        Disclosed::Responses,
        Disclosed::SameAnswerRun,
        Disclosed::AnswerTime,
        Disclosed::Order,
        Disclosed::CompletedOn,
        Disclosed::SubmissionId,
        Disclosed::CandidateRef,
        Disclosed::ConsentDate,
        Disclosed::ConsentNotice,
        Disclosed::ConsentNoticeVersion,
    ];
    let keys: BTreeSet<&str> = all.iter().map(|d| d.key()).collect();
    assert_eq!(keys.len(), all.len());
    // The built-ins need no notice when nothing links the result.
    assert!(builtin::get("perry-24").is_some());
}

#[test]
fn the_terms_agreed_to_change_with_anything_the_consent_screen_says() {
    use psm_core::disclosure::terms;
    let base = json!({"instrument": "kim-16", "notice": notice_json()});
    let of = |v: &Value| terms(&parse_config(&v.to_string()).unwrap());
    assert_eq!(of(&base), of(&base.clone()));
    let mut changes = Vec::new();
    for (k, v) in [
        ("include_responses", json!(true)),
        ("shuffle", json!(true)),
        ("linked", json!(true)),
        ("result_schema", json!("psm-result/1")),
    ] {
        let mut c = base.clone();
        c[k] = v;
        changes.push(c);
    }
    let mut c = base.clone();
    c["candidate_ref"] = json!("REG-1");
    c["candidate_key"] = json!("k");
    changes.push(c);
    let mut c = base.clone();
    c["notice"]["retention"] = json!("5 tahun");
    changes.push(c);
    // What the screen says is kept on the device: a finished result until the endpoint has it, unfinished
    // answers for so many hours.
    let mut c = base.clone();
    c["endpoint"] = json!("https://bkd.example.go.id/psm");
    changes.push(c);
    let mut c = base.clone();
    c["resume_hours"] = json!(72);
    changes.push(c);
    for c in changes {
        assert_ne!(of(&c), of(&base), "{c}");
    }
    // Any endpoint reads the same on the screen; a plain config's terms are those earlier releases saved
    // runs under (they still resume).
    let mut a = base.clone();
    a["endpoint"] = json!("https://a.example.go.id/psm");
    let mut b = base.clone();
    b["endpoint"] = json!("https://b.example.go.id/psm");
    assert_eq!(of(&a), of(&b));
    assert_eq!(
        of(&json!({"instrument": "perry-24"})),
        "instrument,lang,scores,overall,longest_same_answer_run,seconds_median_per_item,completed_on,submission_id,consent_date,unlinked"
    );
}
