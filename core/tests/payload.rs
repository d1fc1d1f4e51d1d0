//! The result payload (psm-result/2, and the deprecated psm-result/1): contents, optional parts, strict inputs, HMAC reference, consent record.

mod common;

use common::{answers, small};
use psm_core::payload::{build, candidate_ref, PayloadInput, ResultPayload};
use psm_core::Timings;
use psm_core::{codes, Answers, Instrument};
use serde_json::{json, Value};

const SUBMISSION: &str = "0123456789abcdef0123456789abcdef";

fn input<'a>(ins: &'a Instrument, a: &'a Answers) -> PayloadInput<'a> {
    PayloadInput {
        instrument: ins,
        lang: "id",
        answers: a,
        order: None,
        seconds: None,
        include_responses: false,
        completed_on: "2026-11-23".into(),
        submission_id: SUBMISSION.into(),
        candidate: None,
        consent: None,
        instrument_sha256: None,
    }
}

#[test]
fn rfc4231_hmac_sha256_vectors() {
    // RFC 4231 test case 2.
    assert_eq!(
        candidate_ref("Jefe", "what do ya want for nothing?"),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    // RFC 4231 test case 1 (key = 20 bytes of 0x0b).
    assert_eq!(
        candidate_ref(&"\u{b}".repeat(20), "Hi There"),
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
    );
}

#[test]
fn minimal_payload_matches_the_contract_shape() {
    let ins = small();
    let a = answers(&[("P1", 4), ("P2", 2), ("P3", 5), ("P4", 3)]);
    let p = build(input(&ins, &a)).unwrap();
    let v: Value = serde_json::from_str(&p.to_json()).unwrap();
    assert_eq!(
        v,
        json!({
            "schema": "psm-result/1",
            "instrument": {"id": "small-5", "version": "1.0.0",
                           "sha256": psm_core::canonical::instrument_sha256(&ins)},
            "lang": "id",
            "scale": {"min": 1, "max": 5},
            "scores": {"AA": {"mean": 4.33, "answered": 3, "items": 3},
                       "BB": {"mean": 3.0, "answered": 1, "items": 2}},
            "overall": {"mean": 3.67, "method": "mean_of_dimensions"},
            "quality": {"longest_same_answer_run": 1},
            "completed_on": "2026-11-23",
            "submission_id": SUBMISSION
        })
    );
    // Keys keep instrument order, not alphabetical order, in the serialised text.
    let text = p.to_json();
    assert!(text.find("\"AA\"").unwrap() < text.find("\"BB\"").unwrap());
    assert!(text.starts_with("{\"schema\":\"psm-result/1\",\"instrument\":"));
}

#[test]
fn unscored_dimension_and_overall_are_null() {
    let ins = small();
    let a = answers(&[("P1", 4)]);
    let v: Value = serde_json::from_str(&build(input(&ins, &a)).unwrap().to_json()).unwrap();
    assert_eq!(
        v["scores"]["AA"],
        json!({"mean": null, "answered": 1, "items": 3})
    );
    assert_eq!(
        v["overall"],
        json!({"mean": null, "method": "mean_of_dimensions"})
    );
}

#[test]
fn optional_parts_appear_only_when_asked() {
    let ins = small();
    let a = answers(&[("P1", 4), ("P2", 4), ("P3", 4), ("P5", 1)]);
    let secs: Timings = [("P1", 3.0), ("P2", 4.25), ("P3", 8.0)]
        .iter()
        .map(|(k, v)| (k.to_string(), *v))
        .collect();
    let order: Vec<String> = ["P5", "P4", "P3", "P2", "P1"].map(String::from).to_vec();
    let p = build(PayloadInput {
        order: Some(order.clone()),
        seconds: Some(&secs),
        include_responses: true,
        candidate: Some(("NIK-0001".into(), "portal-secret".into())),
        ..input(&ins, &a)
    })
    .unwrap();
    let v: Value = serde_json::from_str(&p.to_json()).unwrap();
    assert_eq!(
        v["responses"],
        json!({"P1": 4, "P2": 4, "P3": 4, "P4": null, "P5": 1})
    );
    assert_eq!(v["order"], json!(order));
    assert_eq!(
        v["quality"],
        json!({"longest_same_answer_run": 3, "seconds_median_per_item": 4.3})
    );
    assert_eq!(
        v["candidate_ref"],
        json!(candidate_ref("portal-secret", "NIK-0001"))
    );
    // The raw reference never appears in the payload.
    assert!(!p.to_json().contains("NIK-0001"));
    let text = p.to_json();
    assert!(text.find("\"P1\"").unwrap() < text.find("\"P5\"").unwrap());
}

#[test]
fn payload_round_trips_through_json() {
    let ins = small();
    let a = answers(&[("P2", 1), ("P1", 5)]);
    let p = build(PayloadInput {
        include_responses: true,
        ..input(&ins, &a)
    })
    .unwrap();
    let back = ResultPayload::from_json(&p.to_json()).unwrap();
    assert_eq!(back, p);
    assert_eq!(back.to_json(), p.to_json());
}

#[test]
fn from_json_rejects_foreign_or_tampered_payloads() {
    let ins = small();
    let a = answers(&[]);
    let good: Value = serde_json::from_str(&build(input(&ins, &a)).unwrap().to_json()).unwrap();
    let cases: [(&str, Value, &str); 5] = [
        ("/schema", json!("psm-result/9"), "schema"),
        ("/instrument/sha256", json!("ABC"), "instrument.sha256"),
        ("/completed_on", json!("2026-02-30"), "completed_on"),
        ("/submission_id", json!("x"), "submission_id"),
        ("/lang", json!(5), "lang"),
    ];
    for (pointer, value, field) in cases {
        let mut v = good.clone();
        *v.pointer_mut(pointer).unwrap() = value;
        let e = ResultPayload::from_json(&v.to_string()).unwrap_err();
        assert_eq!(e.field, field, "{e}");
    }
    let mut v = good.clone();
    v["ip"] = json!("10.0.0.1");
    let e = ResultPayload::from_json(&v.to_string()).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (codes::PAYLOAD_JSON, "ip"));
}

#[test]
fn lang_must_be_an_instrument_language() {
    let ins = small();
    let a = answers(&[]);
    let e = build(PayloadInput {
        lang: "fr",
        ..input(&ins, &a)
    })
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::UNKNOWN_LANGUAGE, "lang")
    );
}

#[test]
fn bad_answers_are_rejected() {
    let ins = small();
    let a = answers(&[("P3", 6)]);
    let e = build(input(&ins, &a)).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::ANSWER_OUT_OF_RANGE, "answers.P3")
    );
}

#[test]
fn dates_are_real_calendar_dates() {
    let ins = small();
    let a = answers(&[]);
    for good in ["2026-11-23", "2024-02-29", "2000-02-29", "1999-12-31"] {
        assert!(
            build(PayloadInput {
                completed_on: good.into(),
                ..input(&ins, &a)
            })
            .is_ok(),
            "{good}"
        );
    }
    for bad in [
        "2026-11-23T10:00:00Z",
        "2025-02-29",
        "1900-02-29",
        "2026-13-01",
        "2026-04-31",
        "2026-00-10",
        "2026-01-00",
        "26-11-23",
        "2026/11/23",
        "0999-01-01",
        "２026-11-23",
        "",
    ] {
        let e = build(PayloadInput {
            completed_on: bad.into(),
            ..input(&ins, &a)
        })
        .unwrap_err();
        assert_eq!(
            (e.code, e.field.as_str()),
            (codes::BAD_DATE, "completed_on"),
            "{bad}"
        );
    }
}

#[test]
fn submission_ids_are_random_hex_or_uuid_v4() {
    let ins = small();
    let a = answers(&[]);
    for good in [SUBMISSION, "3f2504e0-4f89-41d3-9a0c-0305e82c3301"] {
        assert!(build(PayloadInput {
            submission_id: good.into(),
            ..input(&ins, &a)
        })
        .is_ok());
    }
    for bad in [
        "",
        "0123456789ABCDEF0123456789ABCDEF",
        "0123456789abcdef",
        "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "3f2504e0-4f89-41d3-7a0c-0305e82c3301",
        "candidate@example.org",
    ] {
        let e = build(PayloadInput {
            submission_id: bad.into(),
            ..input(&ins, &a)
        })
        .unwrap_err();
        assert_eq!(
            (e.code, e.field.as_str()),
            (codes::BAD_SUBMISSION_ID, "submission_id"),
            "{bad}"
        );
    }
}

#[test]
fn empty_candidate_ref_or_key_is_rejected() {
    let ins = small();
    let a = answers(&[]);
    for (r, k, field) in [("", "key", "candidate_ref"), ("ref", "", "candidate_key")] {
        let e = build(PayloadInput {
            candidate: Some((r.into(), k.into())),
            ..input(&ins, &a)
        })
        .unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (codes::CANDIDATE_REF, field));
    }
}

#[test]
fn order_must_be_a_permutation() {
    let ins = small();
    let a = answers(&[]);
    let with = |order: &[&str]| {
        build(PayloadInput {
            order: Some(order.iter().map(|s| s.to_string()).collect()),
            ..input(&ins, &a)
        })
    };
    assert!(with(&["P3", "P1", "P2", "P5", "P4"]).is_ok());
    let e = with(&["P3", "P1", "P2", "P5"]).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (codes::BAD_ORDER, "order"));
    let e = with(&["P3", "P1", "P2", "P5", "P5"]).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (codes::BAD_ORDER, "order[4]"));
    let e = with(&["P3", "P1", "P2", "P5", "P9"]).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::UNKNOWN_ITEM, "order[4]")
    );
}

#[test]
fn psm_result_2_carries_the_consent_record_and_reads_back() {
    use psm_core::payload::ConsentRecord;
    let ins = small();
    let a = answers(&[("P1", 4), ("P2", 2), ("P3", 5), ("P4", 3)]);
    let consent = ConsentRecord {
        agreed_on: "2026-11-30".into(),
        notice_sha256: Some("ab".repeat(32)),
        notice_version: Some("2026-12".into()),
    };
    let p = build(PayloadInput {
        consent: Some(consent.clone()),
        ..input(&ins, &a)
    })
    .unwrap();
    let v: Value = serde_json::from_str(&p.to_json()).unwrap();
    assert_eq!(v["schema"], json!("psm-result/2"));
    assert_eq!(
        v["consent"],
        json!({"agreed_on": "2026-11-30", "notice_sha256": "ab".repeat(32), "notice_version": "2026-12"})
    );
    assert_eq!(ResultPayload::from_json(&p.to_json()).unwrap(), p);
    // Without a notice only the date; psm-result/1 has no consent at all and still reads back.
    let bare = build(PayloadInput {
        consent: Some(ConsentRecord::new("2026-11-30".into(), None)),
        ..input(&ins, &a)
    })
    .unwrap();
    let v: Value = serde_json::from_str(&bare.to_json()).unwrap();
    assert_eq!(v["consent"], json!({"agreed_on": "2026-11-30"}));
    let v1 = build(input(&ins, &a)).unwrap();
    assert!(v1.consent.is_none());
    assert_eq!(ResultPayload::from_json(&v1.to_json()).unwrap(), v1);
    // Each schema with the other's consent rule, and malformed records, are refused.
    let full: Value = serde_json::from_str(&p.to_json()).unwrap();
    let cases = [
        ("/schema", json!("psm-result/1"), "consent"),
        (
            "/consent/agreed_on",
            json!("2026-11-31"),
            "consent.agreed_on",
        ),
        (
            "/consent/notice_sha256",
            json!("AB".repeat(32)),
            "consent.notice_sha256",
        ),
        (
            "/consent/notice_version",
            json!("v 1"),
            "consent.notice_version",
        ),
    ];
    for (pointer, value, field) in cases {
        let mut v = full.clone();
        *v.pointer_mut(pointer).unwrap() = value;
        let e = ResultPayload::from_json(&v.to_string()).unwrap_err();
        assert_eq!(e.field, field, "{pointer}");
    }
    let mut v = full.clone();
    v.as_object_mut().unwrap().remove("consent");
    assert_eq!(
        ResultPayload::from_json(&v.to_string()).unwrap_err().field,
        "consent"
    );
    let mut v = full.clone();
    v["consent"]
        .as_object_mut()
        .unwrap()
        .remove("notice_sha256");
    assert_eq!(
        ResultPayload::from_json(&v.to_string()).unwrap_err().field,
        "consent.notice_version"
    );
    let bad = build(PayloadInput {
        consent: Some(ConsentRecord::new("30-11-2026".into(), None)),
        ..input(&ins, &a)
    })
    .unwrap();
    let e = ResultPayload::from_json(&bad.to_json()).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::BAD_DATE, "consent.agreed_on")
    );
}

#[test]
fn a_hash_the_caller_already_has_gives_the_same_payload_as_hashing_again() {
    let ins = small();
    let a = answers(&[("P1", 4), ("P2", 2), ("P3", 5), ("P4", 3), ("P5", 3)]);
    let hashed = build(input(&ins, &a)).unwrap();
    assert_eq!(
        hashed.instrument.sha256,
        psm_core::canonical::instrument_sha256(&ins)
    );
    let known = hashed.instrument.sha256.clone();
    let given = build(PayloadInput {
        instrument_sha256: Some(&known),
        ..input(&ins, &a)
    })
    .unwrap();
    assert_eq!(given.to_json(), hashed.to_json());
}
