//! The JS boundary in Chromium: a value the browser parsed, walked by `js_value`, reads exactly as the same
//! text read by the core, with the same codes, fields and messages; what JSON cannot say is refused with a path.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, JSON};
use psm_core::config::read_config_with;
use psm_core::value::{Json, MAX_DEPTH};
use psm_core::{builtin, codes};
use psm_quiz_web::js_value::{self, to_json};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn walk(text: &str) -> Json {
    to_json(&JSON::parse(text).unwrap(), codes::CONFIG_INVALID).unwrap()
}

#[wasm_bindgen_test]
fn builtin_instruments_walk_to_the_instrument_whose_hash_is_pinned() {
    for id in builtin::ids() {
        let text = builtin::json(id).unwrap();
        // The widget loads built-ins this way; the hash is the one tests/builtin.rs pins natively.
        let loaded = psm_core::instrument::from_value(&walk(text)).unwrap();
        assert_eq!(Some(&loaded), js_value::builtin(id).as_ref(), "{id}");
        let sha = psm_core::canonical::instrument_sha256(&loaded);
        let pinned = match *id {
            "perry-24" => PERRY_24_SHA256,
            "kim-16" => KIM_16_SHA256,
            _ => panic!("a new built-in needs its pinned hash here: {id} {sha}"),
        };
        assert_eq!(sha, pinned, "{id}");
    }
    let text = r#"{"a":[0,-2.5,0.75,1764578400123,9007199254740991,1e-7,0.9090909090909091],"b":"xé😀\n","c":{},"d":null,"e":false}"#;
    let Json::Obj(fields) = walk(text) else {
        panic!("an object")
    };
    // Numbers cross as the doubles the engine holds (more than 15 digits too); keys keep the object's order.
    assert_eq!(
        fields[0].1,
        Json::Arr(
            [
                0.0,
                -2.5,
                0.75,
                1_764_578_400_123.0,
                9_007_199_254_740_991.0,
                1e-7,
                10.0 / 11.0
            ]
            .map(Json::Num)
            .to_vec()
        )
    );
    assert_eq!(
        fields.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c", "d", "e"]
    );
}

/// tests/builtin.rs pins the same hashes natively.
const PERRY_24_SHA256: &str = "6ca71da8b13af441c9f9528084d83cc84408d2c60612d2316eddc1cae00f9196";
const KIM_16_SHA256: &str = "9bf940e94a65ba30d1de2715acc6919c65bf7d69063518b7ba340f90754af912";

#[wasm_bindgen_test]
fn config_errors_through_the_browser_are_the_pinned_ones() {
    // Each bad config as the object the browser parsed from its text; the code, field and message are what
    // the core gives natively for the same text (core/tests/pins.rs pins most of them there).
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "[]",
            "config_invalid",
            "",
            "expected an object, found an array",
        ),
        (
            "{}",
            "config_invalid",
            "instrument",
            "instrument: required field is missing",
        ),
        (
            "{\"instrument\":null}",
            "config_invalid",
            "instrument",
            "instrument: required field is missing",
        ),
        (
            "{\"instrument\":3}",
            "config_invalid",
            "instrument",
            "instrument: expected a built-in id (string) or an instrument object",
        ),
        (
            "{\"instrument\":\"nope\"}",
            "unknown_instrument",
            "instrument",
            "instrument: \"nope\" is not a built-in instrument (one of [\"perry-24\", \"kim-16\"])",
        ),
        (
            "{\"instrument\":\"perry-24\",\"colour\":\"red\"}",
            "config_invalid",
            "colour",
            "colour: unknown field (check spelling)",
        ),
        (
            "{\"instrument\":\"perry-24\",\"lang\":\"fr\"}",
            "unknown_language",
            "lang",
            "lang: \"fr\" is not one of the instrument's languages [\"id\", \"en\"]",
        ),
        (
            "{\"instrument\":\"perry-24\",\"shuffle_seed\":-1}",
            "config_invalid",
            "shuffle_seed",
            "shuffle_seed: expected a whole number from 0 to 18446744073709551615, found -1",
        ),
        (
            "{\"instrument\":\"perry-24\",\"shuffle_seed\":1.5}",
            "config_invalid",
            "shuffle_seed",
            "shuffle_seed: expected a whole number from 0 to 18446744073709551615, found 1.5",
        ),
        (
            "{\"instrument\":\"perry-24\",\"resume_hours\":4294967296}",
            "config_invalid",
            "resume_hours",
            "resume_hours: 4294967296 is larger than 4294967295",
        ),
        (
            "{\"instrument\":\"perry-24\",\"kiosk\":{\"idle_seconds\":0}}",
            "config_invalid",
            "kiosk.idle_seconds",
            "kiosk.idle_seconds: 0 is not between 1 and 86400 seconds",
        ),
        (
            "{\"instrument\":\"perry-24\",\"kiosk\":{\"pin\":\"1\"}}",
            "config_invalid",
            "kiosk.pin",
            "kiosk.pin: unknown field (check spelling)",
        ),
        (
            "{\"instrument\":\"perry-24\",\"parent_origin\":\"*\"}",
            "bad_origin",
            "parent_origin",
            "parent_origin: \"*\" is not an exact origin",
        ),
        (
            "{\"instrument\":\"perry-24\",\"candidate_ref\":\"A\"}",
            "candidate_ref",
            "candidate_key",
            "candidate_key: candidate_ref and candidate_key must be given together",
        ),
        (
            "{\"instrument\":{\"id\":\"x\"},\"lang\":\"id\"}",
            "instrument_missing_field",
            "instrument.version",
            "instrument.version: required field is missing",
        ),
    ];
    for (text, code, field, message) in cases {
        let e = read_config_with(&walk(text), js_value::builtin).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_str(), e.message.as_str()),
            (*code, *field, *message),
            "{text}"
        );
    }
}

/// core/tests/pins.rs: the payload a host receives and the outbox entry kept for it, byte for byte.
const PAYLOAD: &str = r#"{"schema":"psm-result/2","instrument":{"id":"small-5","version":"1.0.0","sha256":"ee60b165c5d2e0ce3764e14ab5fee9eb6fa6c720bdae7ae581b3a7df73d902d4"},"lang":"en","scale":{"min":1,"max":5},"scores":{"AA":{"mean":4.33,"answered":3,"items":3},"BB":{"mean":3.0,"answered":2,"items":2}},"overall":{"mean":3.67,"method":"mean_of_dimensions"},"responses":{"P1":4,"P2":2,"P3":5,"P4":3,"P5":3},"quality":{"longest_same_answer_run":2,"seconds_median_per_item":5.3},"order":["P5","P4","P3","P2","P1"],"completed_on":"2026-11-23","submission_id":"0123456789abcdef0123456789abcdef","candidate_ref":"76f68e7365590ab2256c0cb6719460cd805a7b1f0294636d86d8311ed7e61a9e","consent":{"agreed_on":"2026-11-23","notice_sha256":"abababababababababababababababababababababababababababababababab","notice_version":"2026-11"}}"#;
#[cfg(feature = "delivery")]
const ENTRY: &str = r#"{"id":"0123456789abcdef0123456789abcdef","endpoint":"https://hr.example.go.id/psm","payload":"{\"schema\":\"psm-result/2\",\"instrument\":{\"id\":\"small-5\",\"version\":\"1.0.0\",\"sha256\":\"ee60b165c5d2e0ce3764e14ab5fee9eb6fa6c720bdae7ae581b3a7df73d902d4\"},\"lang\":\"en\",\"scale\":{\"min\":1,\"max\":5},\"scores\":{\"AA\":{\"mean\":4.33,\"answered\":3,\"items\":3},\"BB\":{\"mean\":3.0,\"answered\":2,\"items\":2}},\"overall\":{\"mean\":3.67,\"method\":\"mean_of_dimensions\"},\"responses\":{\"P1\":4,\"P2\":2,\"P3\":5,\"P4\":3,\"P5\":3},\"quality\":{\"longest_same_answer_run\":2,\"seconds_median_per_item\":5.3},\"order\":[\"P5\",\"P4\",\"P3\",\"P2\",\"P1\"],\"completed_on\":\"2026-11-23\",\"submission_id\":\"0123456789abcdef0123456789abcdef\",\"candidate_ref\":\"76f68e7365590ab2256c0cb6719460cd805a7b1f0294636d86d8311ed7e61a9e\",\"consent\":{\"agreed_on\":\"2026-11-23\",\"notice_sha256\":\"abababababababababababababababababababababababababababababababab\",\"notice_version\":\"2026-11\"}}","instrument_id":"small-5","instrument_sha256":"ee60b165c5d2e0ce3764e14ab5fee9eb6fa6c720bdae7ae581b3a7df73d902d4","csv":"","state":"pending","attempts":0,"next_at":1764578400123,"lease_until":0,"keep":false,"last_status":null,"failure":null,"exported":false}"#;

#[wasm_bindgen_test]
fn the_payload_text_is_the_pinned_bytes_in_the_browser() {
    let payload = psm_core::payload::ResultPayload::from_text(PAYLOAD, js_value::parse).unwrap();
    // The payload's own text is written by the core's hand writer: the same bytes in the browser.
    assert_eq!(payload.to_json(), PAYLOAD);
}

// The outbox is in the delivery and kiosk builds only: scripts/test.sh runs this file with `--features delivery`.
#[cfg(feature = "delivery")]
#[wasm_bindgen_test]
fn the_outbox_entry_written_with_the_browsers_json_is_the_pinned_bytes() {
    let payload = psm_core::payload::ResultPayload::from_text(PAYLOAD, js_value::parse).unwrap();
    let entry = psm_quiz_web::outbox::rules::Entry::new(
        &payload,
        Some("https://hr.example.go.id/psm".into()),
        1_764_578_400_123,
    );
    assert_eq!(js_value::stringify(&entry).as_deref(), Some(ENTRY));
    let back =
        psm_quiz_web::outbox::rules::Entry::from_value(&js_value::parse(ENTRY, "x").unwrap())
            .unwrap();
    assert_eq!(back, entry);
}

fn refused(value: &JsValue) -> (String, String) {
    let e = to_json(value, codes::CONFIG_INVALID).unwrap_err();
    assert_eq!(e.code, codes::CONFIG_INVALID);
    (e.field, e.message)
}

fn config_with(key: &str, value: &JsValue) -> JsValue {
    let config = JSON::parse(r#"{"instrument":"perry-24","kiosk":{}}"#).unwrap();
    let kiosk = Reflect::get(&config, &"kiosk".into()).unwrap();
    Reflect::set(&kiosk, &key.into(), value).unwrap();
    config
}

#[wasm_bindgen_test]
fn what_json_cannot_say_is_refused_with_its_path() {
    let at = |v: JsValue| refused(&config_with("idle_seconds", &v));
    assert_eq!(
        at(JsValue::from_f64(f64::NAN)).1,
        "kiosk.idle_seconds: NaN is not a finite number"
    );
    assert_eq!(
        at(JsValue::from_f64(f64::NEG_INFINITY)).1,
        "kiosk.idle_seconds: -Infinity is not a finite number"
    );
    assert_eq!(
        at(JsValue::from_f64(9_007_199_254_740_992.0)).1,
        "kiosk.idle_seconds: 9007199254740992 is beyond Number.MAX_SAFE_INTEGER (9007199254740991): JavaScript cannot hold it exactly"
    );
    assert!(to_json(
        &config_with("idle_seconds", &JsValue::from_f64(-9_007_199_254_740_991.0)),
        "x"
    )
    .is_ok());
    assert_eq!(
        at(JsValue::bigint_from_str("7")).1,
        "kiosk.idle_seconds: expected JSON data, found a BigInt (write it as a number)"
    );
    assert_eq!(
        at(JsValue::symbol(Some("s"))).1,
        "kiosk.idle_seconds: expected JSON data, found a symbol"
    );
    assert_eq!(
        at(js_sys::Function::new_no_args("return 1").into()).1,
        "kiosk.idle_seconds: expected JSON data, found a function"
    );
    let date: JsValue = js_sys::Date::new_0().into();
    assert_eq!(
        at(date).0,
        "kiosk.idle_seconds",
        "a Date is not a plain object"
    );
    let map: JsValue = js_sys::Map::new().into();
    assert!(at(map).1.contains("not a plain object"));
    // A lone surrogate has no UTF-8 form: refused, in a value or in a key.
    let lone = JSON::parse(r#""a\ud800b""#).unwrap();
    assert_eq!(
        at(lone.clone()).1,
        "kiosk.idle_seconds: contains a lone UTF-16 surrogate"
    );
    let config = config_with("x", &JsValue::NULL);
    Reflect::set(&config, &lone, &JsValue::TRUE).unwrap();
    assert_eq!(refused(&config).1, "contains a lone UTF-16 surrogate");
    // A U+FFFD the host really wrote is text like any other.
    let replacement = JSON::parse(r#""a\ufffdb""#).unwrap();
    assert!(to_json(&config_with("pin_sha256", &replacement), "x").is_ok());
    // undefined: in an object "not given", in an array refused.
    assert_eq!(
        to_json(&config_with("pin_sha256", &JsValue::UNDEFINED), "x").unwrap(),
        walk(r#"{"instrument":"perry-24","kiosk":{}}"#)
    );
    let holes = Array::new_with_length(2);
    assert_eq!(at(holes.into()).0, "kiosk.idle_seconds[0]");
}

#[wasm_bindgen_test]
fn cycles_and_deep_nesting_are_refused_not_crashed() {
    let config = config_with("x", &JsValue::NULL);
    let kiosk = Reflect::get(&config, &"kiosk".into()).unwrap();
    Reflect::set(&kiosk, &"back".into(), &config).unwrap();
    assert_eq!(
        refused(&config),
        (
            "kiosk.back".to_string(),
            "kiosk.back: refers back to an object that contains it (a cycle)".to_string()
        )
    );
    // The same object twice, side by side, is not a cycle.
    let shared: JsValue = Object::new().into();
    let twice = Array::of2(&shared, &shared);
    assert!(to_json(&twice, "x").is_ok());
    // Deeper than the core's limit: an error naming the place, within the widget's 256 KB stack.
    let mut deep: JsValue = JsValue::from_f64(1.0);
    for _ in 0..10_000 {
        deep = Array::of1(&deep).into();
    }
    let (field, message) = refused(&deep);
    assert!(message.ends_with("nesting too deep"), "{message}");
    assert_eq!(field.matches('[').count(), MAX_DEPTH - 1);
    let mut ok: JsValue = JsValue::from_f64(1.0);
    for _ in 0..MAX_DEPTH - 1 {
        ok = Array::of1(&ok).into();
    }
    assert!(to_json(&ok, "x").is_ok());
}

#[wasm_bindgen_test]
fn a_throwing_getter_is_refused_with_its_path() {
    let config = JSON::parse(r#"{"instrument":"perry-24"}"#).unwrap();
    let getter = js_sys::Function::new_no_args("throw new Error('no')");
    let descriptor = Object::new();
    Reflect::set(&descriptor, &"get".into(), &getter).unwrap();
    Reflect::set(&descriptor, &"enumerable".into(), &JsValue::TRUE).unwrap();
    Object::define_property(
        config.unchecked_ref::<Object>(),
        &"lang".into(),
        &descriptor,
    );
    assert_eq!(
        refused(&config),
        (
            "lang".to_string(),
            "lang: could not be read (its getter threw)".to_string()
        )
    );
}

#[wasm_bindgen_test]
fn the_core_tree_goes_back_to_the_same_json_text() {
    // The kiosk writes its settings this way: the walk, backwards, then JSON.stringify.
    let text = r#"{"instrument":"kim-16","kiosk":{"idle_seconds":45},"__proto__":{"x":[1,2.5,null,true,"é"]},"shuffle_seed":9007199254740991}"#;
    let tree = walk(text);
    assert_eq!(js_value::to_text(&tree).as_deref(), Some(text));
    assert_eq!(walk(&js_value::to_text(&tree).unwrap()), tree);
}

/// Stored outbox entries someone edited by hand (wrong types, a `__proto__` key, numbers beyond what JavaScript
/// holds exactly, deep nesting, an unknown state) are skipped, left in storage as they are and never pollute
/// a prototype; a good entry beside them still loads, and an absurd (but exact) deadline is capped on every read
/// and written back only by a read under the outbox's lock.
#[cfg(feature = "delivery")]
#[wasm_bindgen_test]
fn tampered_outbox_entries_are_skipped_and_kept_not_crashed() {
    use psm_quiz_web::outbox::{rules::Entry, store};
    let storage = store::storage().unwrap();
    storage.clear().unwrap();
    let with = |key: &str, value: JsValue| -> String {
        let object = JSON::parse(ENTRY).unwrap();
        Reflect::set(&object, &key.into(), &value).unwrap();
        JSON::stringify(&object).unwrap().as_string().unwrap()
    };
    let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
    let tampered = [
        with("attempts", "0".into()),
        with("attempts", JsValue::from_f64(1e300)),
        with("next_at", JsValue::from_f64(-1.0)),
        with("next_at", JsValue::from_f64(2f64.powi(60))),
        with("lease_until", JsValue::from_f64(0.5)),
        with("state", "sent".into()),
        with("payload", JsValue::from_f64(1.0)),
        with("keep", "true".into()),
        ENTRY.replacen("\"failure\":null", &format!("\"failure\":{deep}"), 1),
        ENTRY.replacen('{', r#"{"__proto__":{"polluted":true},"keep":1,"#, 1),
        "{".into(),
        "null".into(),
    ];
    for (i, text) in tampered.iter().enumerate() {
        storage
            .set_item(&format!("psm-outbox/1/t{i:02}"), text)
            .unwrap();
    }
    let good = Entry::from_value(&js_value::parse(ENTRY, "x").unwrap()).unwrap();
    storage.set_item(&good.key(), ENTRY).unwrap();

    let loaded = store::load_all();
    assert_eq!(
        loaded.len(),
        1,
        "only the untouched entry loads: {loaded:?}"
    );
    assert_eq!(loaded[0].id, good.id);
    for (i, text) in tampered.iter().enumerate() {
        let kept = storage.get_item(&format!("psm-outbox/1/t{i:02}")).unwrap();
        assert_eq!(
            kept.as_deref(),
            Some(text.as_str()),
            "entry t{i:02} left as it was"
        );
    }
    let polluted = Reflect::get(&Object::new(), &"polluted".into()).unwrap();
    assert!(polluted.is_undefined(), "no prototype was touched");

    // An exact but absurd deadline (a clock set years ahead when it was written): capped on every read. A read
    // outside the lock writes nothing (its copy may be older than another tab's last write, and writing it back
    // would undo that tab's delivery or refusal); a read under the lock writes the capped time back.
    storage.clear().unwrap();
    let far = with("next_at", JsValue::from_f64(9_007_199_254_740_991.0));
    storage.set_item(&good.key(), &far).unwrap();
    for entry in [
        store::load(&good.id).expect("an exact deadline is read, then capped"),
        store::load_all().remove(0),
    ] {
        assert!(entry.next_at < 9_007_199_254_740_991);
        assert_eq!(
            storage.get_item(&good.key()).unwrap().as_deref(),
            Some(far.as_str()),
            "a read outside the lock writes nothing"
        );
    }
    let entry = store::load_locked(&good.id).unwrap();
    assert!(entry.next_at < 9_007_199_254_740_991);
    let back = storage.get_item(&good.key()).unwrap().unwrap();
    assert!(
        !back.contains("9007199254740991"),
        "under the lock the capped time is written back: {back}"
    );
    storage.set_item(&good.key(), &far).unwrap();
    assert_eq!(store::load_all_locked().len(), 1);
    assert!(!storage
        .get_item(&good.key())
        .unwrap()
        .unwrap()
        .contains("9007199254740991"));
    storage.clear().unwrap();
}

/// An entry JSON cannot hold exactly (a time beyond `Number.MAX_SAFE_INTEGER`) is refused by `save`, and the
/// stored entry under its key stays as it was: never overwritten with an empty text, which loses the result.
#[cfg(feature = "delivery")]
#[wasm_bindgen_test]
fn an_entry_without_exact_json_is_not_written_over_the_stored_one() {
    use psm_quiz_web::outbox::{rules::Entry, store};
    let storage = store::storage().unwrap();
    storage.clear().unwrap();
    let mut entry = Entry::from_value(&js_value::parse(ENTRY, "x").unwrap()).unwrap();
    storage.set_item(&entry.key(), ENTRY).unwrap();
    entry.next_at = u64::MAX;
    assert!(store::save(&entry).is_err());
    assert_eq!(
        storage.get_item(&entry.key()).unwrap().as_deref(),
        Some(ENTRY)
    );
    storage.clear().unwrap();
}

// The embed's saved run is written from the core's tree by the browser's JSON (`Saved::to_json`): these are the
// bytes serde-wasm-bindgen wrote before it (fields in declaration order, no `order` unless shuffled, maps as
// objects, numbers as JavaScript writes them), so runs saved by an earlier release and by this one read alike.
#[wasm_bindgen_test]
fn the_saved_run_written_with_the_browsers_json_is_the_pinned_bytes_and_reads_back() {
    use psm_quiz_web::storage::resume::{validate, Saved, VERSION};
    let ins = js_value::builtin("perry-24").unwrap();
    let sha = psm_core::canonical::instrument_sha256(&ins);
    let saved = Saved {
        v: VERSION,
        sha256: sha.clone(),
        saved_at: 1_764_578_400_123.0,
        lang: "en".into(),
        agreed_on: "2026-11-30".into(),
        terms: "linked:ab".into(),
        order: None,
        answers: [("P12".to_string(), 5), ("P01".to_string(), 3)]
            .into_iter()
            .collect(),
        seconds: [("P01".to_string(), 2.5), ("P12".to_string(), 11.0)]
            .into_iter()
            .collect(),
        page_start: 4,
    };
    let text = js_value::to_text(&saved.to_json()).unwrap();
    let head = format!(
        r#"{{"v":{VERSION},"sha256":"{sha}","saved_at":1764578400123,"lang":"en","agreed_on":"2026-11-30","terms":"linked:ab","#
    );
    let tail = r#""answers":{"P01":3,"P12":5},"seconds":{"P01":2.5,"P12":11},"page_start":4}"#;
    assert_eq!(text, format!("{head}{tail}"));
    let now = saved.saved_at;
    assert_eq!(
        validate(&text, &ins, &sha, false, now, 3_600_000.0),
        Some(saved.clone())
    );

    // Shuffled: the order the candidate saw comes after the terms.
    let order: Vec<String> = ins.items.iter().rev().map(|i| i.id.clone()).collect();
    let shuffled = Saved {
        order: Some(order.clone()),
        ..saved
    };
    let text = js_value::to_text(&shuffled.to_json()).unwrap();
    let listed = order
        .iter()
        .map(|id| format!(r#""{id}""#))
        .collect::<Vec<_>>()
        .join(",");
    assert_eq!(text, format!(r#"{head}"order":[{listed}],{tail}"#));
    assert_eq!(
        validate(&text, &ins, &sha, true, now, 3_600_000.0),
        Some(shuffled)
    );
}
