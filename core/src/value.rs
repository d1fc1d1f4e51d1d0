//! [`Json`]: a JSON document as a value tree, the one shape every reader in the core walks
//! ([`crate::decode`]) with field paths.
//!
//! The core reads no JSON text of its own. In the widget the browser's `JSON.parse` (or the host's own
//! object) becomes a `Json` through the web shell's walker (`src/js_value.rs`); natively (the cohort
//! report, tools, tests, fuzzing) serde_json does, through [`from_text`] and [`from_serde`], which are
//! compiled only off wasm so serde_json never enters the widget.

/// Deeper documents are refused, so hostile input cannot exhaust the stack (serde_json's own limit too).
pub const MAX_DEPTH: usize = 128;

/// `Number.MAX_SAFE_INTEGER` (2^53 − 1): beyond it a double no longer tells neighbouring integers apart, so
/// JavaScript has already rounded such a number before the widget sees it. Readers refuse larger ones.
pub const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A finite number, as the platform's JSON reader gave it (a JavaScript number: a double).
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    /// Keys in document order, no duplicates.
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// `null`, `a boolean`, ... for "expected X, found Y" messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Num(_) => "a number",
            Json::Str(_) => "a string",
            Json::Arr(_) => "an array",
            Json::Obj(_) => "an object",
        }
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(fields) => fields.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// How the core is handed JSON text it must read (a saved kiosk record, the settings in it): natively
/// [`from_text`], in the widget the browser's `JSON.parse`. A failure carries `code` and an empty path.
pub type ReadText = fn(&str, &'static str) -> Result<Json, crate::PsmError>;

/// The text of a number in a message, as JavaScript's `String(x)` writes it for the numbers a reader meets
/// (`-1`, `1.5`, `4294967296`, `1e-7`); `None` for one the core cannot spell exactly (more than 15
/// significant digits, or far beyond 2^63): the widget carries no float printer.
pub fn number_text(x: f64) -> Option<String> {
    if x.fract() == 0.0 && x.abs() < 9.2e18 {
        // Every integral double below 2^63 fits an i64 exactly.
        return Some((x as i64).to_string());
    }
    crate::json_text::shortest(x).map(|d| d.js_text())
}

/// Reads one JSON text with serde_json into a [`Json`] (native builds only). Like the widget's own walk of
/// the browser's values it refuses what JSON.parse would silently merge: a key given twice.
#[cfg(feature = "json-text")]
pub fn from_text(text: &str) -> Result<Json, serde_json::Error> {
    serde_json::from_str(text)
}

/// [`from_text`] as a [`ReadText`]: a syntax error becomes `code` with serde_json's line and column.
#[cfg(feature = "json-text")]
pub fn read_text(text: &str, code: &'static str) -> Result<Json, crate::PsmError> {
    from_text(text).map_err(|e| crate::PsmError::new(code, "", format!("invalid JSON: {e}")))
}

/// A serde_json value as the core's tree (native builds only): what the widget's walker makes of the same
/// object in the browser.
#[cfg(feature = "json-text")]
pub fn from_serde(v: &serde_json::Value) -> Json {
    use serde_json::Value;
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        // Without arbitrary precision every serde_json number is an i64, a u64 or a finite f64.
        Value::Number(n) => Json::Num(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => Json::Str(s.clone()),
        Value::Array(items) => Json::Arr(items.iter().map(from_serde).collect()),
        Value::Object(fields) => Json::Obj(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), from_serde(v)))
                .collect(),
        ),
    }
}

/// The core's tree as a serde_json value (native builds only), e.g. to write a kiosk's settings in tests.
#[cfg(feature = "json-text")]
pub fn to_serde(v: &Json) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Num(x) => {
            // Integers as integers, as JSON.stringify writes them.
            if x.fract() == 0.0 && x.abs() <= MAX_SAFE_INTEGER {
                Value::from(*x as i64)
            } else {
                serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number)
            }
        }
        Json::Str(s) => Value::String(s.clone()),
        Json::Arr(items) => Value::Array(items.iter().map(to_serde).collect()),
        Json::Obj(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), to_serde(v)))
                .collect(),
        ),
    }
}

#[cfg(feature = "json-text")]
mod de {
    use super::Json;
    use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    impl<'de> Deserialize<'de> for Json {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
            d.deserialize_any(JsonVisitor)
        }
    }

    struct JsonVisitor;

    impl<'de> Visitor<'de> for JsonVisitor {
        type Value = Json;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a JSON value")
        }

        fn visit_unit<E>(self) -> Result<Json, E> {
            Ok(Json::Null)
        }

        fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
            Ok(Json::Bool(b))
        }

        fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
            Ok(Json::Num(n as f64))
        }

        fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
            Ok(Json::Num(n as f64))
        }

        fn visit_f64<E: de::Error>(self, x: f64) -> Result<Json, E> {
            if x.is_finite() {
                Ok(Json::Num(x))
            } else {
                Err(E::custom("number out of range"))
            }
        }

        fn visit_str<E>(self, s: &str) -> Result<Json, E> {
            Ok(Json::Str(s.to_string()))
        }

        fn visit_string<E>(self, s: String) -> Result<Json, E> {
            Ok(Json::Str(s))
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element()? {
                items.push(item);
            }
            Ok(Json::Arr(items))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
            let mut fields: Vec<(String, Json)> = Vec::new();
            // Keys seen so far, sorted: a repeated key is found in log n, so a hostile object of
            // 100,000 keys costs n log n.
            let mut seen: std::collections::BTreeSet<String> = Default::default();
            while let Some(key) = map.next_key::<String>()? {
                if !seen.insert(key.clone()) {
                    return Err(de::Error::custom(format!("duplicate key {key:?}")));
                }
                let value = map.next_value()?;
                fields.push((key, value));
            }
            Ok(Json::Obj(fields))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value_in_document_order() {
        let v = from_text(
            r#" {"z": [1, -2.5e3, true, false, null], "b": "x\u00e9\ud83d\ude00\n", "a": {}} "#,
        )
        .unwrap();
        assert_eq!(
            v,
            Json::Obj(vec![
                (
                    "z".into(),
                    Json::Arr(vec![
                        Json::Num(1.0),
                        Json::Num(-2500.0),
                        Json::Bool(true),
                        Json::Bool(false),
                        Json::Null
                    ])
                ),
                ("b".into(), Json::Str("xé😀\n".into())),
                ("a".into(), Json::Obj(vec![])),
            ])
        );
        // serde_json's own map sorts keys; the same document otherwise.
        let text = r#"{"a":[2.5,null],"z":{"k":"v"}}"#;
        assert_eq!(
            from_serde(&serde_json::from_str(text).unwrap()),
            from_text(text).unwrap()
        );
    }

    #[test]
    fn a_repeated_key_is_refused_with_its_place() {
        let e = from_text("{\"a\": 1,\n \"b\": 2, \"a\": 3}").unwrap_err();
        assert!(
            e.to_string().starts_with("duplicate key \"a\" at line 2"),
            "{e}"
        );
        // Nested, and in a large object.
        assert!(from_text(r#"{"o": {"k": 1, "k": 1}}"#).is_err());
        let mut text = String::from("{");
        for i in 0..1_000 {
            text.push_str(&format!("\"k{i}\": {i}, "));
        }
        text.push_str("\"k500\": 0}");
        assert!(from_text(&text)
            .unwrap_err()
            .to_string()
            .contains("\"k500\""));
    }

    #[test]
    fn numbers_are_read_exactly_as_the_browser_reads_them() {
        // Correctly rounded (serde_json's float_roundtrip), like JSON.parse: more than 15 digits too.
        for text in [
            "0.9090909090909091",
            "1e23",
            "2.2250738585072014e-308",
            "0.1",
            "123456.789e3",
        ] {
            let Json::Num(x) = from_text(text).unwrap() else {
                panic!()
            };
            assert_eq!(x, text.parse::<f64>().unwrap(), "{text}");
        }
        assert!(from_text("1e999").is_err());
        assert!(from_text("[1, 2] x").is_err());
    }

    #[test]
    fn nesting_is_limited() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(from_text(&deep).is_err());
        let ok = "[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1);
        assert!(from_text(&ok).is_ok());
    }

    #[test]
    fn number_text_is_javascripts() {
        for (x, text) in [
            (-1.0, "-1"),
            (1.5, "1.5"),
            (4_294_967_296.0, "4294967296"),
            (-0.0, "0"),
            (0.000001, "0.000001"),
            (1e-7, "1e-7"),
            (1.25e-9, "1.25e-9"),
            (123.456, "123.456"),
        ] {
            assert_eq!(number_text(x).as_deref(), Some(text), "{x}");
        }
        assert_eq!(number_text(10.0 / 11.0), None);
    }
}
