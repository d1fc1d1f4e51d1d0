//! Host configuration: defaults, every field checked, errors naming the field.

mod common;

use common::small_json;
use psm_core::config::{parse_config, Mode};
use psm_core::{codes, PsmError};
use serde_json::{json, Value};

fn custom(extra: Value) -> String {
    let mut v = json!({"instrument": small_json()});
    for (k, val) in extra.as_object().unwrap() {
        v[k] = val.clone();
    }
    v.to_string()
}

fn err(extra: Value) -> PsmError {
    parse_config(&custom(extra)).expect_err("config should be rejected")
}

#[test]
fn defaults() {
    let c = parse_config(&custom(json!({}))).unwrap();
    assert_eq!(c.instrument, common::small());
    assert_eq!(c.builtin_id, None);
    assert_eq!(c.lang, "id");
    assert_eq!(c.mode, Mode::Embed);
    assert_eq!(c.endpoint, None);
    assert!(!c.include_responses && !c.shuffle);
    assert_eq!(c.shuffle_seed, None);
    assert_eq!(c.candidate(), None);
    assert!(!c.linked);
    assert_eq!(c.notice, None);
    assert_eq!(c.result_schema, psm_core::payload::ResultSchema::V2);
    assert_eq!(c.parent_origin, None);
    assert_eq!(c.resume_hours, 24);
    assert_eq!(
        (
            c.kiosk.idle_seconds,
            c.kiosk.reset_seconds,
            c.kiosk.pin_sha256
        ),
        (90, 60, None)
    );
}

#[test]
fn every_field_set() {
    let pin = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
    let c = parse_config(&custom(json!({
        "lang": "en", "mode": "kiosk", "endpoint": "https://api.example.go.id/psm/results?src=quiz",
        "include_responses": true, "shuffle": true, "shuffle_seed": 9007199254740991u64,
        "candidate_ref": "REG-2026-0001", "candidate_key": "k", "notice": common::notice_json(), "parent_origin": "HTTPS://Portal.Example:443",
        "resume_hours": 0, "kiosk": {"idle_seconds": 5, "reset_seconds": 1, "pin_sha256": pin}
    })))
    .unwrap();
    assert_eq!(c.lang, "en");
    assert_eq!(c.mode, Mode::Kiosk);
    assert_eq!(
        c.endpoint.as_deref(),
        Some("https://api.example.go.id/psm/results?src=quiz")
    );
    assert!(c.include_responses && c.shuffle);
    // Number.MAX_SAFE_INTEGER, the largest seed JavaScript holds exactly (a larger one is refused).
    assert_eq!(c.shuffle_seed, Some(9_007_199_254_740_991));
    assert_eq!(c.candidate(), Some(("REG-2026-0001".into(), "k".into())));
    assert!(c.linked, "a candidate_ref links the result to a person");
    assert_eq!(
        c.notice.as_ref().map(|n| n.controller.name.as_str()),
        Some("Badan Kepegawaian Contoh")
    );
    assert_eq!(c.parent_origin.as_deref(), Some("https://portal.example"));
    assert_eq!(c.resume_hours, 0);
    assert_eq!(c.kiosk.idle_seconds, 5);
    assert_eq!(c.kiosk.reset_seconds, 1);
    assert_eq!(
        c.kiosk.pin_sha256.as_deref(),
        Some(pin.to_ascii_lowercase().as_str())
    );
}

#[test]
fn unknown_and_mistyped_fields_are_named() {
    let e = err(json!({"onComplete": "x"}));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "onComplete")
    );
    let e = err(json!({"kiosk": {"idle": 3}}));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "kiosk.idle")
    );
    let e = err(json!({"include_responses": "yes"}));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "include_responses")
    );
    let e = err(json!({"mode": "fullscreen"}));
    assert_eq!((e.code, e.field.as_str()), (codes::CONFIG_INVALID, "mode"));
    let e = err(json!({"shuffle_seed": -1}));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "shuffle_seed")
    );
    let e = parse_config("{\"lang\": \"id\"").unwrap_err();
    assert_eq!(e.code, codes::CONFIG_INVALID);
    assert!(e.message.contains("line 1"), "{}", e.message);
}

#[test]
fn builtin_instrument_by_id() {
    let c = parse_config(r#"{"instrument": "kim-16", "lang": "en"}"#).unwrap();
    assert_eq!(c.builtin_id.as_deref(), Some("kim-16"));
    assert_eq!(Some(c.instrument), psm_core::builtin::get("kim-16"));
    let c = parse_config(r#"{"instrument": "perry-24"}"#).unwrap();
    assert_eq!(
        (c.builtin_id.as_deref(), c.lang.as_str()),
        (Some("perry-24"), "id")
    );
}

#[test]
fn instrument_is_required_and_checked() {
    let e = parse_config("{}").unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "instrument")
    );
    let e = parse_config("{\"instrument\": 24}").unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "instrument")
    );
    let e = parse_config("{\"instrument\": \"perry-25\"}").unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::UNKNOWN_INSTRUMENT, "instrument")
    );
    assert!(
        e.message.contains("perry-24"),
        "lists the built-ins: {}",
        e.message
    );
}

#[test]
fn custom_instrument_errors_are_prefixed() {
    let mut ins = small_json();
    ins["items"][1]["dimension"] = json!("CPX");
    let e = parse_config(&json!({"instrument": ins}).to_string()).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::UNKNOWN_DIMENSION, "instrument.items[1].dimension")
    );
    assert_eq!(
        e.message,
        "instrument.items[1].dimension: unknown dimension \"CPX\""
    );

    let mut ins = small_json();
    ins["items"][0]["texts"] = json!({});
    let e = parse_config(&json!({"instrument": ins}).to_string()).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::INSTRUMENT_UNKNOWN_FIELD, "instrument.items[0].texts")
    );
}

#[test]
fn lang_must_be_an_instrument_language() {
    let e = err(json!({"lang": "fr"}));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::UNKNOWN_LANGUAGE, "lang")
    );
    // A custom instrument without Indonesian starts in its first language.
    let mut ins = small_json();
    ins["languages"] = json!(["en"]);
    for key in ["title", "instructions", "translation"] {
        ins[key].as_object_mut().unwrap().remove("id");
    }
    ins["scale"]["labels"].as_object_mut().unwrap().remove("id");
    for d in ins["dimensions"].as_array_mut().unwrap() {
        d["name"].as_object_mut().unwrap().remove("id");
    }
    for i in ins["items"].as_array_mut().unwrap() {
        i["text"].as_object_mut().unwrap().remove("id");
    }
    assert_eq!(
        parse_config(&json!({"instrument": ins}).to_string())
            .unwrap()
            .lang,
        "en"
    );
}

#[test]
fn endpoint_must_be_http_with_a_host() {
    for good in [
        "https://a.example",
        "http://localhost:8080/collect",
        "https://a.example/x#y",
    ] {
        assert!(
            parse_config(&custom(json!({"endpoint": good}))).is_ok(),
            "{good}"
        );
    }
    for bad in [
        "",
        "/results",
        "ftp://a.example/x",
        "javascript:alert(1)",
        "https://",
        "https:///x",
        "https://u:p@a.example/x",
        "https://a example/x",
        "https://a.example:99999/",
    ] {
        let e = err(json!({"endpoint": bad}));
        assert_eq!(
            (e.code, e.field.as_str()),
            (codes::BAD_ENDPOINT, "endpoint"),
            "{bad}"
        );
        assert!(e.message.starts_with("endpoint: "), "{}", e.message);
    }
}

#[test]
fn parent_origin_must_be_exact() {
    let e = err(json!({"parent_origin": "*"}));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::BAD_ORIGIN, "parent_origin")
    );
    assert_eq!(e.message, "parent_origin: \"*\" is not an exact origin");
    let e = err(json!({"parent_origin": "https://portal.example/quiz"}));
    assert_eq!(e.code, codes::BAD_ORIGIN);
}

#[test]
fn candidate_ref_and_key_both_or_neither_and_non_empty() {
    let cases = [
        (json!({"candidate_ref": "R1"}), "candidate_key"),
        (json!({"candidate_key": "K1"}), "candidate_ref"),
        (
            json!({"candidate_ref": "", "candidate_key": "K1"}),
            "candidate_ref",
        ),
        (
            json!({"candidate_ref": "R1", "candidate_key": ""}),
            "candidate_key",
        ),
    ];
    for (extra, field) in cases {
        let e = err(extra);
        assert_eq!((e.code, e.field.as_str()), (codes::CANDIDATE_REF, field));
    }
}

#[test]
fn numeric_limits() {
    let e = err(json!({"resume_hours": 721}));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "resume_hours")
    );
    let e = err(json!({"kiosk": {"idle_seconds": 0}}));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "kiosk.idle_seconds")
    );
    let e = err(json!({"kiosk": {"reset_seconds": 86401}}));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "kiosk.reset_seconds")
    );
    let e = err(json!({"kiosk": {"pin_sha256": "1234"}}));
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "kiosk.pin_sha256")
    );
}

#[test]
fn null_means_not_given_for_every_optional_field() {
    let nulls = json!({
        "lang": null, "mode": null, "endpoint": null, "include_responses": null, "shuffle": null,
        "shuffle_seed": null, "candidate_ref": null, "candidate_key": null, "parent_origin": null,
        "resume_hours": null, "kiosk": {"idle_seconds": null, "reset_seconds": null, "pin_sha256": null}
    });
    let with_nulls = parse_config(&custom(nulls)).unwrap();
    let plain = parse_config(&custom(json!({}))).unwrap();
    assert_eq!(with_nulls, plain);
    // But not for the instrument, which is required.
    let e = parse_config(r#"{"instrument": null}"#).unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "instrument")
    );
}

#[test]
fn a_repeated_key_is_refused_and_named() {
    // JSON.parse would keep the last value silently; read as text (natively), the quiz refuses to guess
    // which one was meant. (A host's object cannot hold a key twice.)
    let e = parse_config(r#"{"instrument": "perry-24", "lang": "en", "lang": "id"}"#).unwrap_err();
    assert_eq!(e.code, codes::CONFIG_INVALID);
    assert!(
        e.message
            .contains("duplicate key \"lang\" at line 1 column 47"),
        "{}",
        e.message
    );
    // Inside a custom instrument too, with the config's code (it is the config's JSON that is bad).
    let text =
        custom(json!({})).replacen("\"id\":\"small-5\"", "\"id\":\"small-5\",\"id\":\"x\"", 1);
    assert!(text.contains("\"id\":\"x\""), "{text}");
    let e = parse_config(&text).unwrap_err();
    assert_eq!(e.code, codes::CONFIG_INVALID);
    assert!(e.message.contains("duplicate key \"id\""), "{}", e.message);
}

#[test]
fn seeds_beyond_javascripts_exact_integers_are_refused_with_their_field() {
    let e = parse_config(r#"{"instrument": "perry-24", "shuffle_seed": 9007199254740993}"#)
        .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_str()),
        (codes::CONFIG_INVALID, "shuffle_seed")
    );
    assert!(
        e.message.contains("beyond Number.MAX_SAFE_INTEGER"),
        "{}",
        e.message
    );
}
