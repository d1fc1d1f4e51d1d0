//! The JS boundary in Chromium: a value the browser parsed, walked by `js_value`, reads exactly as the same
//! text read by the core, with the same codes, fields and messages; what JSON cannot say is refused with a path.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Reflect, JSON};
use psm_core::config::{parse_config, read_config};
use psm_core::json::{parse, Json, MAX_DEPTH};
use psm_core::{builtin, codes};
use psm_quiz_web::js_value::to_json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn walk(text: &str) -> Json {
    to_json(&JSON::parse(text).unwrap(), codes::CONFIG_INVALID).unwrap()
}

#[wasm_bindgen_test]
fn builtin_instruments_walk_to_the_tree_the_core_reads_from_their_text() {
    for id in builtin::ids() {
        let text = builtin::json(id).unwrap();
        assert_eq!(walk(text), parse(text).unwrap(), "{id}");
        // The widget loads built-ins this way: the same instrument, so the same hash in every result.
        let loaded = psm_core::instrument::from_value(&walk(text)).unwrap();
        assert_eq!(loaded, builtin::get(id).unwrap(), "{id}");
    }
    let text = r#"{"a":[0,-2.5,0.75,1764578400123,9007199254740991,1e-7],"b":"xé😀\n","c":{},"d":null,"e":false}"#;
    let Json::Obj(fields) = walk(text) else {
        panic!("an object")
    };
    // Numbers cross as the engine's shortest text; keys keep the object's order.
    assert_eq!(
        fields[0].1,
        Json::Arr(
            [
                "0",
                "-2.5",
                "0.75",
                "1764578400123",
                "9007199254740991",
                "1e-7"
            ]
            .map(|n| Json::Num(n.into()))
            .to_vec()
        )
    );
    assert_eq!(
        fields.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        ["a", "b", "c", "d", "e"]
    );
}

#[wasm_bindgen_test]
fn config_errors_through_the_browser_match_the_text_reader() {
    // Each bad config as text (the old path) and as the object the browser parsed from it (the new path).
    let custom = r#"{"instrument":{"id":"x"},"lang":"id"}"#;
    for text in [
        r#"[]"#,
        r#"{}"#,
        r#"{"instrument":null}"#,
        r#"{"instrument":3}"#,
        r#"{"instrument":"nope"}"#,
        r#"{"instrument":"perry-24","colour":"red"}"#,
        r#"{"instrument":"perry-24","lang":"fr"}"#,
        r#"{"instrument":"perry-24","shuffle_seed":-1}"#,
        r#"{"instrument":"perry-24","shuffle_seed":1.5}"#,
        r#"{"instrument":"perry-24","resume_hours":4294967296}"#,
        r#"{"instrument":"perry-24","kiosk":{"idle_seconds":0}}"#,
        r#"{"instrument":"perry-24","kiosk":{"pin":"1"}}"#,
        r#"{"instrument":"perry-24","parent_origin":"*"}"#,
        r#"{"instrument":"perry-24","candidate_ref":"A"}"#,
        custom,
    ] {
        let old = parse_config(text).unwrap_err();
        let new = read_config(&walk(text)).unwrap_err();
        assert_eq!(
            (new.code, &new.field, &new.message),
            (old.code, &old.field, &old.message),
            "{text}"
        );
    }
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
