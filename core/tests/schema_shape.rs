//! Native check that payloads fit schema/psm-result-2.schema.json (and the deprecated /1 ones
//! schema/psm-result-1.schema.json): properties, required keys,
//! additionalProperties, const, type and numeric bounds (patterns and formats are checked with
//! ajv in tests/schema.test.mjs). Also checks the schema is closed: every object lists its
//! properties and forbids others.

mod common;

use common::{answers, small};
use psm_core::payload::{build, ConsentRecord, PayloadInput};
use psm_core::Timings;
use psm_core::{builtin, shuffle, Instrument};
use serde_json::{json, Value};

const SCHEMA_V1: &str = include_str!("../../schema/psm-result-1.schema.json");
const SCHEMA: &str = include_str!("../../schema/psm-result-2.schema.json");

fn schema() -> Value {
    serde_json::from_str(SCHEMA).expect("schema is JSON")
}

/// The schema file a payload names.
fn schema_of(payload: &Value) -> Value {
    let text = match payload["schema"].as_str() {
        Some("psm-result/1") => SCHEMA_V1,
        _ => SCHEMA,
    };
    serde_json::from_str(text).expect("schema is JSON")
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(
            root,
            root.pointer(r.trim_start_matches('#'))
                .expect("$ref resolves"),
        ),
        None => node,
    }
}

fn check(root: &Value, node: &Value, value: &Value, path: &str) -> Result<(), String> {
    let node = resolve(root, node);
    if let Some(c) = node.get("const") {
        return (c == value)
            .then_some(())
            .ok_or(format!("{path}: {value} != const {c}"));
    }
    if let Some(options) = node.get("oneOf").and_then(Value::as_array) {
        let ok = options
            .iter()
            .filter(|o| check(root, o, value, path).is_ok())
            .count();
        return (ok == 1)
            .then_some(())
            .ok_or(format!("{path}: {value} matches {ok} of oneOf"));
    }
    let ty = node.get("type").and_then(Value::as_str).unwrap_or("any");
    let type_ok = match ty {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_u64() || value.is_i64(),
        "number" => value.is_number(),
        "null" => value.is_null(),
        _ => true,
    };
    if !type_ok {
        return Err(format!("{path}: {value} is not {ty}"));
    }
    if let Some(x) = value.as_f64() {
        if node
            .get("minimum")
            .and_then(Value::as_f64)
            .is_some_and(|m| x < m)
            || node
                .get("maximum")
                .and_then(Value::as_f64)
                .is_some_and(|m| x > m)
        {
            return Err(format!("{path}: {x} out of bounds"));
        }
    }
    if let Some(obj) = value.as_object() {
        for key in node
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = key.as_str().unwrap();
            if !obj.contains_key(key) {
                return Err(format!("{path}: missing {key}"));
            }
        }
        for (k, v) in obj {
            let sub = format!("{path}.{k}");
            match (
                node.pointer(&format!("/properties/{k}")),
                node.get("additionalProperties"),
            ) {
                (Some(p), _) => check(root, p, v, &sub)?,
                (None, Some(Value::Bool(false))) => return Err(format!("{sub}: not allowed")),
                (None, Some(extra)) => check(root, extra, v, &sub)?,
                (None, None) => return Err(format!("{sub}: schema is open here")),
            }
        }
    }
    if let (Some(items), Some(list)) = (node.get("items"), value.as_array()) {
        for (i, v) in list.iter().enumerate() {
            check(root, items, v, &format!("{path}[{i}]"))?;
        }
    }
    Ok(())
}

fn samples(ins: &Instrument) -> Vec<Value> {
    let all = answers(&[]);
    let mut out = Vec::new();
    let full: psm_core::Answers = ins
        .items
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 4 != 0)
        .map(|(i, item)| {
            (
                item.id.clone(),
                1 + (i % usize::from(ins.scale.points)) as u8,
            )
        })
        .collect();
    let seconds: Timings = ins.items.iter().map(|i| (i.id.clone(), 3.5)).collect();
    let consents = [
        None,
        Some(ConsentRecord::new("2026-11-22".into(), None)),
        Some(ConsentRecord {
            agreed_on: "2026-11-22".into(),
            notice_sha256: Some("0f".repeat(32)),
            notice_version: Some("2026.1".into()),
        }),
    ];
    for ((answers, rich), consent) in [(&all, false), (&full, true), (&full, false)]
        .into_iter()
        .flat_map(|case| consents.iter().map(move |c| (case, c.clone())))
    {
        let p = build(PayloadInput {
            instrument: ins,
            lang: &ins.languages[0],
            answers,
            order: rich.then(|| shuffle::seeded_order(ins, 7)),
            seconds: rich.then_some(&seconds),
            include_responses: rich,
            completed_on: "2026-11-23".into(),
            submission_id: "0123456789abcdef0123456789abcdef".into(),
            candidate: rich.then(|| ("ref".into(), "key".into())),
            consent,
            instrument_sha256: None,
        })
        .unwrap();
        out.push(serde_json::to_value(&p).unwrap());
    }
    out
}

#[test]
fn payloads_fit_the_schema() {
    let mut instruments = vec![small()];
    instruments.extend(
        builtin::ids()
            .iter()
            .map(|id| builtin::get(id).expect("built-in validates")),
    );
    for ins in &instruments {
        for sample in samples(ins) {
            let root = schema_of(&sample);
            check(&root, &root, &sample, "$").unwrap_or_else(|e| panic!("{}: {e}", ins.id));
        }
    }
}

#[test]
fn the_checker_rejects_what_the_schema_forbids() {
    let root = schema();
    let good = samples(&small()).pop().unwrap();
    let cases: [(&str, Value); 5] = [
        ("/schema", json!("psm-result/1")),
        ("/scale/min", json!(0)),
        ("/scores/AA/mean", json!(12.0)),
        ("/overall/method", json!("sum")),
        ("/quality/longest_same_answer_run", json!(-1)),
    ];
    for (pointer, bad) in cases {
        let mut v = good.clone();
        *v.pointer_mut(pointer).unwrap() = bad;
        assert!(check(&root, &root, &v, "$").is_err(), "{pointer}");
    }
    let mut v = good.clone();
    v["scores"]["AA"]["band"] = json!("tinggi");
    assert!(check(&root, &root, &v, "$").is_err());
    let mut v = good.clone();
    v["device"] = json!("x");
    assert!(check(&root, &root, &v, "$").is_err());
    // psm-result/2 requires the consent record and keeps it closed.
    let mut v = good.clone();
    v.as_object_mut().unwrap().remove("consent");
    assert!(check(&root, &root, &v, "$").is_err());
    let mut v = good.clone();
    v["consent"]["time"] = json!("08:00");
    assert!(check(&root, &root, &v, "$").is_err());
    let mut v = good;
    v["consent"].as_object_mut().unwrap().remove("agreed_on");
    assert!(check(&root, &root, &v, "$").is_err());
}

#[test]
fn schema_is_closed_everywhere() {
    fn walk(node: &Value, path: &str) {
        match node {
            Value::Object(map) => {
                if map.get("type").and_then(Value::as_str) == Some("object") {
                    let ap = map.get("additionalProperties");
                    let closed = ap == Some(&Value::Bool(false));
                    let typed_map =
                        ap.is_some_and(Value::is_object) && map.contains_key("propertyNames");
                    assert!(closed || typed_map, "{path} is open");
                }
                for (k, v) in map {
                    walk(v, &format!("{path}/{k}"));
                }
            }
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, v)| walk(v, &format!("{path}/{i}"))),
            _ => {}
        }
    }
    for text in [SCHEMA, SCHEMA_V1] {
        let root: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            root["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        walk(&root, "");
    }
    // psm-result/2 is psm-result/1 plus the consent record, nothing else.
    let (v2, v1): (Value, Value) = (schema(), serde_json::from_str(SCHEMA_V1).unwrap());
    let keys = |v: &Value| {
        let mut k: Vec<String> = v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    };
    let mut expected = keys(&v1);
    expected.push("consent".into());
    expected.sort();
    assert_eq!(keys(&v2), expected);
    for key in keys(&v1).iter().filter(|k| *k != "schema") {
        assert_eq!(
            v2["properties"][key], v1["properties"][key],
            "{key} changed between /1 and /2"
        );
    }
}
