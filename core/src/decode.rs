//! Typed reading of a [`Json`] tree, every error naming the field at fault (`items[3].texts`).
//!
//! Each document kind maps failures to its own stable codes ([`Codes`]). Objects list the keys they
//! know; any other key is an error, so a typo in a host's document never becomes a silent gap.

use crate::error::PsmError;
use crate::sorted_map::SortedMap;
use crate::value::{number_text, Json, MAX_SAFE_INTEGER};

/// Which stable code each kind of failure maps to.
pub struct Codes {
    pub syntax: &'static str,
    pub unknown_field: &'static str,
    pub missing_field: &'static str,
    pub data: &'static str,
}

impl Codes {
    /// One code for every kind of failure (documents whose readers need not tell them apart).
    pub const fn all(code: &'static str) -> Codes {
        Codes {
            syntax: code,
            unknown_field: code,
            missing_field: code,
            data: code,
        }
    }
}

/// Reads `text` with serde_json (native builds: the report, tools, tests) and then with `read`, which gets the
/// root value and an empty path. In the widget the browser's JSON reads text; this is not compiled there.
#[cfg(feature = "json-text")]
pub fn from_str<T>(
    text: &str,
    codes: &'static Codes,
    read: impl FnOnce(&Json, &Path) -> Result<T, PsmError>,
) -> Result<T, PsmError> {
    let value = crate::value::read_text(text, codes.syntax)?;
    read(&value, &Path::root(codes))
}

/// Where a value sits in its document, and which codes its errors carry.
#[derive(Clone)]
pub struct Path {
    pub text: String,
    pub codes: &'static Codes,
}

impl Path {
    pub fn root(codes: &'static Codes) -> Path {
        Path {
            text: String::new(),
            codes,
        }
    }

    pub fn key(&self, key: &str) -> Path {
        let text = if self.text.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.text)
        };
        Path { text, ..*self }
    }

    pub fn index(&self, i: usize) -> Path {
        Path {
            text: format!("{}[{i}]", self.text),
            ..*self
        }
    }

    pub fn error(&self, detail: impl std::fmt::Display) -> PsmError {
        PsmError::new(self.codes.data, self.text.as_str(), detail)
    }

    fn expected(&self, what: &str, found: &Json) -> PsmError {
        self.error(format!("expected {what}, found {}", found.kind()))
    }
}

/// An object being read: only `known` keys are allowed.
pub struct Obj<'a> {
    fields: &'a [(String, Json)],
    path: Path,
}

impl<'a> Obj<'a> {
    pub fn new(value: &'a Json, path: &Path, known: &[&str]) -> Result<Obj<'a>, PsmError> {
        let Json::Obj(fields) = value else {
            return Err(path.expected("an object", value));
        };
        if let Some((key, _)) = fields.iter().find(|(k, _)| !known.contains(&k.as_str())) {
            return Err(PsmError::new(
                path.codes.unknown_field,
                path.key(key).text,
                "unknown field (check spelling)",
            ));
        }
        Ok(Obj {
            fields,
            path: path.clone(),
        })
    }

    fn field(&self, key: &str) -> Option<&'a Json> {
        self.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// A required field; `null` is a wrong type, not a missing field.
    pub fn req<T>(&self, key: &str, read: Reader<T>) -> Result<T, PsmError> {
        match self.field(key) {
            Some(v) => read(v, &self.path.key(key)),
            None => Err(PsmError::new(
                self.path.codes.missing_field,
                self.path.key(key).text,
                "required field is missing",
            )),
        }
    }

    /// An optional field: absent gives `None`; `null` is a wrong type.
    pub fn opt<T>(&self, key: &str, read: Reader<T>) -> Result<Option<T>, PsmError> {
        self.field(key)
            .map(|v| read(v, &self.path.key(key)))
            .transpose()
    }

    /// An optional field that may also be `null`.
    pub fn nullable<T>(&self, key: &str, read: Reader<T>) -> Result<Option<T>, PsmError> {
        match self.field(key) {
            None | Some(Json::Null) => Ok(None),
            Some(v) => read(v, &self.path.key(key)).map(Some),
        }
    }

    /// The raw value of a field, for fields with more than one shape.
    pub fn raw(&self, key: &str) -> Option<&'a Json> {
        self.field(key)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Reads one value at a path. Plain fn pointers keep one copy of each reader in the binary.
pub type Reader<T> = fn(&Json, &Path) -> Result<T, PsmError>;

pub fn string(v: &Json, path: &Path) -> Result<String, PsmError> {
    match v {
        Json::Str(s) => Ok(s.clone()),
        _ => Err(path.expected("a string", v)),
    }
}

/// One of a fixed set of strings (an enum's JSON form), as its value.
pub fn choice<T: Copy>(v: &Json, path: &Path, options: &[(&str, T)]) -> Result<T, PsmError> {
    if let Some(s) = v.as_str() {
        if let Some((_, value)) = options.iter().find(|(name, _)| *name == s) {
            return Ok(*value);
        }
    }
    let names: Vec<String> = options
        .iter()
        .map(|(name, _)| format!("\"{name}\""))
        .collect();
    Err(path.error(format!("expected one of {}", names.join(", "))))
}

pub fn boolean(v: &Json, path: &Path) -> Result<bool, PsmError> {
    match v {
        Json::Bool(b) => Ok(*b),
        _ => Err(path.expected("a boolean", v)),
    }
}

/// A number as JavaScript holds it: larger than `Number.MAX_SAFE_INTEGER` it was rounded before anyone
/// could read it, so it is refused rather than taken for what the host wrote. (In the widget the walker of
/// the browser's values refuses it first, with the same words.)
fn safe(v: &Json, path: &Path, what: &str) -> Result<f64, PsmError> {
    let Json::Num(x) = v else {
        return Err(path.expected(what, v));
    };
    if x.abs() > MAX_SAFE_INTEGER {
        let what = number_text(*x).unwrap_or_else(|| "the number".to_string());
        return Err(path.error(format!(
            "{what} is beyond Number.MAX_SAFE_INTEGER (9007199254740991): JavaScript cannot hold it exactly"
        )));
    }
    Ok(*x)
}

/// A non-negative whole number, at most `max`.
fn unsigned(v: &Json, path: &Path, max: u64) -> Result<u64, PsmError> {
    let x = safe(v, path, "an integer")?;
    if x.fract() != 0.0 || x < 0.0 {
        let found = number_text(x).unwrap_or_else(|| "a fraction".to_string());
        return Err(path.error(format!(
            "expected a whole number from 0 to {max}, found {found}"
        )));
    }
    // Below 2^53: exact as a u64.
    let n = x as u64;
    if n > max {
        return Err(path.error(format!("{n} is larger than {max}")));
    }
    Ok(n)
}

pub fn uint8(v: &Json, path: &Path) -> Result<u8, PsmError> {
    unsigned(v, path, u8::MAX.into()).map(|n| n as u8)
}

pub fn uint16(v: &Json, path: &Path) -> Result<u16, PsmError> {
    unsigned(v, path, u16::MAX.into()).map(|n| n as u16)
}

pub fn uint32(v: &Json, path: &Path) -> Result<u32, PsmError> {
    unsigned(v, path, u32::MAX.into()).map(|n| n as u32)
}

pub fn uint64(v: &Json, path: &Path) -> Result<u64, PsmError> {
    unsigned(v, path, u64::MAX)
}

pub fn size(v: &Json, path: &Path) -> Result<usize, PsmError> {
    unsigned(v, path, u32::MAX.into()).map(|n| n as usize)
}

/// A finite number.
pub fn number(v: &Json, path: &Path) -> Result<f64, PsmError> {
    safe(v, path, "a number")
}

pub fn array<T>(v: &Json, path: &Path, read: Reader<T>) -> Result<Vec<T>, PsmError> {
    let Json::Arr(items) = v else {
        return Err(path.expected("an array", v));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| read(item, &path.index(i)))
        .collect()
}

pub fn strings(v: &Json, path: &Path) -> Result<Vec<String>, PsmError> {
    array(v, path, string)
}

/// An object used as a map: every key allowed, values read with `read`, in document order.
pub fn entries<T>(v: &Json, path: &Path, read: Reader<T>) -> Result<Vec<(String, T)>, PsmError> {
    let Json::Obj(fields) = v else {
        return Err(path.expected("an object", v));
    };
    fields
        .iter()
        .map(|(k, item)| Ok((k.clone(), read(item, &path.key(k))?)))
        .collect()
}

pub fn map<T>(v: &Json, path: &Path, read: Reader<T>) -> Result<SortedMap<String, T>, PsmError> {
    // Keys are distinct: the reader refuses a repeated key.
    entries(v, path, read).map(SortedMap::from_distinct)
}

pub fn texts(v: &Json, path: &Path) -> Result<SortedMap<String, String>, PsmError> {
    map(v, path, string)
}

#[cfg(test)]
mod tests {
    use super::*;

    static CODES: Codes = Codes {
        syntax: "syntax",
        unknown_field: "unknown",
        missing_field: "missing",
        data: "data",
    };

    fn read(text: &str) -> Result<(u8, Option<bool>, Vec<String>), PsmError> {
        from_str(text, &CODES, |v, p| {
            let o = Obj::new(v, p, &["n", "flag", "list"])?;
            Ok((
                o.req("n", uint8)?,
                o.opt("flag", boolean)?,
                o.opt("list", strings)?.unwrap_or_default(),
            ))
        })
    }

    fn fail(text: &str) -> (&'static str, String) {
        let e = read(text).unwrap_err();
        (e.code, e.field)
    }

    #[test]
    fn reads_fields_and_fills_optional_ones() {
        assert_eq!(read(r#"{"n": 5}"#).unwrap(), (5, None, vec![]));
        assert_eq!(
            read(r#"{"list": ["a"], "flag": true, "n": 255}"#).unwrap(),
            (255, Some(true), vec!["a".to_string()])
        );
    }

    #[test]
    fn each_failure_has_its_code_and_path() {
        assert_eq!(fail("{"), ("syntax", String::new()));
        assert_eq!(fail("[]"), ("data", String::new()));
        assert_eq!(fail(r#"{"n": 1, "nn": 2}"#), ("unknown", "nn".into()));
        assert_eq!(fail(r#"{"flag": true}"#), ("missing", "n".into()));
        assert_eq!(fail(r#"{"n": 256}"#), ("data", "n".into()));
        assert_eq!(fail(r#"{"n": -1}"#), ("data", "n".into()));
        assert_eq!(fail(r#"{"n": 1.5}"#), ("data", "n".into()));
        assert_eq!(fail(r#"{"n": null}"#), ("data", "n".into()));
        assert_eq!(fail(r#"{"n": 1, "flag": null}"#), ("data", "flag".into()));
        assert_eq!(
            fail(r#"{"n": 1, "list": ["a", 2]}"#),
            ("data", "list[1]".into())
        );
    }

    #[test]
    fn messages_name_the_field_and_the_found_type() {
        let e = read(r#"{"n": "five"}"#).unwrap_err();
        assert_eq!(e.message, "n: expected an integer, found a string");
        let e = read(r#"{"n": 4096}"#).unwrap_err();
        assert_eq!(e.message, "n: 4096 is larger than 255");
    }

    #[test]
    fn numbers_are_the_platforms_within_javascripts_exact_range() {
        let p = Path::root(&CODES);
        assert_eq!(number(&Json::Num(0.75), &p).unwrap(), 0.75);
        // More than 15 significant digits: read as the platform read it, not refused.
        assert_eq!(number(&Json::Num(10.0 / 11.0), &p).unwrap(), 10.0 / 11.0);
        assert_eq!(
            uint64(&Json::Num(9_007_199_254_740_991.0), &p).unwrap(),
            9_007_199_254_740_991
        );
        let e = uint64(&Json::Num(2f64.powi(60)), &p).unwrap_err();
        assert_eq!(
            e.message,
            "1152921504606846976 is beyond Number.MAX_SAFE_INTEGER (9007199254740991): JavaScript cannot hold it exactly"
        );
        // Not spelled out when the core cannot write it exactly (no float printer in the widget).
        let e = uint64(&Json::Num(2f64.powi(64)), &p).unwrap_err();
        assert!(
            e.message
                .starts_with("the number is beyond Number.MAX_SAFE_INTEGER"),
            "{}",
            e.message
        );
        assert_eq!(
            uint8(&Json::Num(10.0 / 11.0), &p).unwrap_err().message,
            "expected a whole number from 0 to 255, found a fraction"
        );
        assert!(number(&Json::Num(-1e300), &p).is_err());
        assert_eq!(
            uint8(&Json::Num(-0.5), &p).unwrap_err().message,
            "expected a whole number from 0 to 255, found -0.5"
        );
    }
}
