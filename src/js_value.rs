//! JS values in, the core's [`Json`] out: the one place where data the browser holds (a host's config object,
//! an entry `JSON.parse` read from storage) becomes the value tree psm-core reads with field paths.
//!
//! Only what JSON can say passes: `null`, booleans, finite numbers, strings, arrays and plain objects. Anything
//! else is refused with the path of the value and the document's code, instead of `JSON.stringify`'s silent
//! changes (NaN and Infinity became `null`, functions and symbols vanished, a Date became a string):
//! - numbers must be finite and at most `Number.MAX_SAFE_INTEGER` (2^53 − 1) in magnitude. Every double that
//!   large is an integer, and JavaScript has already rounded it (`2 ** 53 + 1 === 2 ** 53`), so an id or seed
//!   that large could not be what the host wrote; refusing it is the only exact answer. Within that range a
//!   number crosses as the double the engine holds;
//! - BigInt, functions and symbols are refused; `undefined` in an object means "not given" (as
//!   `JSON.stringify` treats it), anywhere else it is refused;
//! - only plain objects (prototype `Object.prototype` or `null`) and arrays are walked: a Date, Map, URL or
//!   class instance is refused rather than guessed at;
//! - a value that contains itself (a cycle) and nesting deeper than [`MAX_DEPTH`] are refused, so hostile input
//!   cannot exhaust the 256 KB stack;
//! - strings and keys with a lone UTF-16 surrogate are refused (they have no UTF-8 form).

use js_sys::{Array, JsString, Object, Reflect};
use psm_core::config::{read_config_with, QuizConfig};
use psm_core::value::{Json, MAX_DEPTH, MAX_SAFE_INTEGER};
use psm_core::{codes, Instrument, PsmError};
use wasm_bindgen::{JsCast, JsValue};

/// Walks `value` into a [`Json`]; failures carry `code` and the path of the value at fault.
pub fn to_json(value: &JsValue, code: &'static str) -> Result<Json, PsmError> {
    Walker {
        code,
        plain: Object::get_prototype_of(&Object::new().into()),
        ancestors: Vec::new(),
    }
    .walk(value, "")
}

/// Reads a text `JSON.parse` accepts (storage entries the widget wrote) into a [`Json`]. The signature of
/// psm_core's `ReadText`: this is the widget's JSON text reader wherever the core needs one.
pub fn parse(text: &str, code: &'static str) -> Result<Json, PsmError> {
    let value = js_sys::JSON::parse(text)
        .map_err(|_| PsmError::new(code, "", "invalid JSON (JSON.parse refused it)"))?;
    to_json(&value, code)
}

/// A built-in instrument read with the browser's JSON (psm_core's `LoadBuiltin` in the widget).
pub fn builtin(id: &str) -> Option<Instrument> {
    let value = parse(psm_core::builtin::json(id)?, codes::INSTRUMENT_JSON).ok()?;
    psm_core::instrument::from_value(&value).ok()
}

/// A config given as JSON text (a kiosk's saved settings), read with the browser's JSON.
pub fn read_config(text: &str) -> Result<QuizConfig, PsmError> {
    read_config_with(&parse(text, codes::CONFIG_INVALID)?, builtin)
}

/// `JSON.stringify` of a value serde describes (the outbox's entries, in the delivery and kiosk builds only; the
/// embed's one stored entry is written through the core's tree, `to_text`): structs and maps as plain objects, `None`
/// as `null`, integers as numbers; `None` when the value holds what JSON cannot say (an integer beyond
/// `Number.MAX_SAFE_INTEGER`, which serde-wasm-bindgen refuses rather than rounds).
#[cfg(feature = "delivery")]
pub fn stringify<T: serde::Serialize + ?Sized>(value: &T) -> Option<String> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value.serialize(&serializer).ok()?;
    js_sys::JSON::stringify(&value).ok()?.as_string()
}

/// The core's tree as a JS value (for `JSON.stringify`): the walk above, backwards.
pub fn to_js(value: &Json) -> JsValue {
    match value {
        Json::Null => JsValue::NULL,
        Json::Bool(b) => JsValue::from_bool(*b),
        Json::Num(x) => JsValue::from_f64(*x),
        Json::Str(s) => JsValue::from_str(s),
        Json::Arr(items) => items.iter().map(to_js).collect::<Array>().into(),
        Json::Obj(fields) => {
            // No prototype: a key named `__proto__` becomes a property, as JSON.parse makes it.
            let object: Object = Object::create(JsValue::NULL.unchecked_ref());
            for (k, v) in fields {
                let _ = Reflect::set(&object, &JsValue::from_str(k), &to_js(v));
            }
            object.into()
        }
    }
}

/// `JSON.stringify` of the core's tree.
pub fn to_text(value: &Json) -> Option<String> {
    js_sys::JSON::stringify(&to_js(value)).ok()?.as_string()
}

struct Walker {
    code: &'static str,
    /// `Object.prototype` of this realm: the prototype of every plain object.
    plain: Object,
    /// The objects and arrays being walked, outermost first (a value among them is a cycle).
    ancestors: Vec<JsValue>,
}

fn key_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Walker {
    fn refuse(&self, path: &str, why: impl std::fmt::Display) -> PsmError {
        PsmError::new(self.code, path, why)
    }

    fn walk(&mut self, value: &JsValue, path: &str) -> Result<Json, PsmError> {
        if value.is_null() {
            return Ok(Json::Null);
        }
        if let Some(b) = value.as_bool() {
            return Ok(Json::Bool(b));
        }
        if let Some(x) = value.as_f64() {
            return self.number(value, x, path);
        }
        if value.is_string() {
            return self.string(value, path).map(Json::Str);
        }
        if value.is_undefined() {
            return Err(self.refuse(path, "expected JSON data, found undefined"));
        }
        if value.is_bigint() {
            return Err(self.refuse(
                path,
                "expected JSON data, found a BigInt (write it as a number)",
            ));
        }
        if value.is_function() {
            return Err(self.refuse(path, "expected JSON data, found a function"));
        }
        if value.is_symbol() {
            return Err(self.refuse(path, "expected JSON data, found a symbol"));
        }
        if self.ancestors.iter().any(|a| a == value) {
            return Err(self.refuse(path, "refers back to an object that contains it (a cycle)"));
        }
        if self.ancestors.len() + 1 >= MAX_DEPTH {
            return Err(self.refuse(path, "nesting too deep"));
        }
        self.ancestors.push(value.clone());
        let walked = if Array::is_array(value) {
            self.array(value.unchecked_ref::<Array>(), path)
        } else {
            self.object(value, path)
        };
        self.ancestors.pop();
        walked
    }

    fn number(&self, value: &JsValue, x: f64, path: &str) -> Result<Json, PsmError> {
        let text = || -> String {
            value
                .unchecked_ref::<js_sys::Number>()
                .to_string_with_radix(10)
                .map(String::from)
                .unwrap_or_default()
        };
        if !x.is_finite() {
            return Err(self.refuse(path, format!("{} is not a finite number", text())));
        }
        if x.abs() > MAX_SAFE_INTEGER {
            return Err(self.refuse(
                path,
                format!(
                    "{} is beyond Number.MAX_SAFE_INTEGER (9007199254740991): JavaScript cannot hold it exactly",
                    text()
                ),
            ));
        }
        Ok(Json::Num(x))
    }

    fn string(&self, value: &JsValue, path: &str) -> Result<String, PsmError> {
        let s = value.as_string().unwrap_or_default();
        // The UTF-8 copy replaces a lone surrogate with U+FFFD; only then is the original worth checking.
        if s.contains('\u{FFFD}') && !value.unchecked_ref::<JsString>().is_valid_utf16() {
            return Err(self.refuse(path, "contains a lone UTF-16 surrogate"));
        }
        Ok(s)
    }

    fn array(&mut self, items: &Array, path: &str) -> Result<Json, PsmError> {
        (0..items.length())
            .map(|i| self.walk(&items.get(i), &format!("{path}[{i}]")))
            .collect::<Result<Vec<_>, _>>()
            .map(Json::Arr)
    }

    fn object(&mut self, value: &JsValue, path: &str) -> Result<Json, PsmError> {
        let proto = Object::get_prototype_of(value);
        if !(proto.is_null() || proto == self.plain) {
            return Err(self.refuse(
                path,
                "expected JSON data, found an object that is not a plain object (a Date, Map, URL or class instance)",
            ));
        }
        let keys = Object::keys(value.unchecked_ref::<Object>());
        let mut fields = Vec::with_capacity(keys.length() as usize);
        for key in keys.iter() {
            let name = self.string(&key, path)?;
            let at = key_path(path, &name);
            // A getter that throws is a value that cannot be read.
            let field = Reflect::get(value, &key)
                .map_err(|_| self.refuse(&at, "could not be read (its getter threw)"))?;
            if field.is_undefined() {
                continue;
            }
            let walked = self.walk(&field, &at)?;
            fields.push((name, walked));
        }
        Ok(Json::Obj(fields))
    }
}
