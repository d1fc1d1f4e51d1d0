//! A small strict JSON reader: text to [`Json`], with line and column on every syntax error.
//!
//! Why not serde_json + serde_path_to_error: in the widget's wasm they came to about a third of
//! the binary (a typed deserializer per struct, plus path tracking). One value tree, walked by
//! [`crate::decode`], gives the same field paths at a fraction of the size.
//!
//! Strict on purpose: duplicate keys, lone surrogates, control characters in strings, leading
//! zeros, trailing text and nesting deeper than [`MAX_DEPTH`] are all errors.

/// Deeper documents are refused, so hostile input cannot exhaust the stack.
pub const MAX_DEPTH: usize = 128;

/// Objects up to this many keys are checked for a repeated key as each key is read; larger ones once,
/// by sorting, when they close (so a hostile object of 100,000 keys costs n log n, not n²).
const CHECK_AS_READ: usize = 16;

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number as written (already checked against the JSON grammar); integers stay exact.
    Num(String),
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

/// A syntax error: what went wrong and where (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub what: &'static str,
    /// The repeated key, for "duplicate key".
    pub key: Option<String>,
}

/// `line 3 column 7: duplicate key "id"`.
impl std::fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {} column {}: {}",
            self.line, self.column, self.what
        )?;
        match &self.key {
            Some(key) => write!(f, " {key:?}"),
            None => Ok(()),
        }
    }
}

/// Parses one complete JSON document; anything but whitespace after it is an error.
pub fn parse(text: &str) -> Result<Json, SyntaxError> {
    let mut p = Parser {
        src: text.as_bytes(),
        pos: 0,
        repeated: None,
    };
    let at = |p: &Parser, what| p.error_at(text, what);
    let value = p.value(0).map_err(|what| at(&p, what))?;
    p.skip_ws();
    if p.pos < p.src.len() {
        return Err(at(&p, "trailing characters"));
    }
    Ok(value)
}

struct Parser<'a> {
    src: &'a [u8],
    pos: usize,
    /// Set with the "duplicate key" error.
    repeated: Option<String>,
}

type Step<T> = Result<T, &'static str>;

impl Parser<'_> {
    fn error_at(&self, text: &str, what: &'static str) -> SyntaxError {
        // `pos` may sit inside a multi-byte character only after an error in it; round down.
        let mut end = self.pos.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        SyntaxError {
            line,
            column: before[line_start..].chars().count() + 1,
            what,
            key: self.repeated.clone(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8, what: &'static str) -> Step<()> {
        self.skip_ws();
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(what)
        }
    }

    fn value(&mut self, depth: usize) -> Step<Json> {
        if depth >= MAX_DEPTH {
            return Err("nesting too deep");
        }
        self.skip_ws();
        match self.peek() {
            None => Err("unexpected end of input"),
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Json::Str),
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err("expected a value"),
        }
    }

    fn word(&mut self, word: &'static str, value: Json) -> Step<Json> {
        if self.src[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err("expected a value")
        }
    }

    fn object(&mut self, depth: usize) -> Step<Json> {
        self.pos += 1;
        let mut fields: Vec<(String, Json)> = Vec::new();
        let mut key_at: Vec<usize> = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Obj(fields));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(if self.peek().is_none() {
                    "unexpected end of input"
                } else {
                    "expected a key in double quotes"
                });
            }
            let at = self.pos;
            let key = self.string()?;
            if fields.len() < CHECK_AS_READ && fields.iter().any(|(k, _)| *k == key) {
                return self.duplicate(at, key);
            }
            key_at.push(at);
            self.eat(b':', "expected `:`")?;
            let value = self.value(depth + 1)?;
            fields.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    if fields.len() > CHECK_AS_READ {
                        if let Some(i) = first_repeat(&fields) {
                            return self.duplicate(key_at[i], fields[i].0.clone());
                        }
                    }
                    self.pos += 1;
                    return Ok(Json::Obj(fields));
                }
                None => return Err("unexpected end of input"),
                Some(_) => return Err("expected `,` or `}`"),
            }
        }
    }

    fn duplicate(&mut self, at: usize, key: String) -> Step<Json> {
        self.pos = at;
        self.repeated = Some(key);
        Err("duplicate key")
    }

    fn array(&mut self, depth: usize) -> Step<Json> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Arr(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Arr(items));
                }
                None => return Err("unexpected end of input"),
                Some(_) => return Err("expected `,` or `]`"),
            }
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, kept as text.
    fn number(&mut self) -> Step<Json> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if matches!(self.peek(), Some(b'0'..=b'9')) {
                    return Err("leading zeros are not allowed");
                }
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err("invalid number"),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.required_digits()?;
        }
        // Only ASCII digits and signs were consumed: always valid UTF-8.
        let text = std::str::from_utf8(&self.src[start..self.pos]).map_err(|_| "invalid number")?;
        Ok(Json::Num(text.to_owned()))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn required_digits(&mut self) -> Step<()> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err("invalid number");
        }
        self.digits();
        Ok(())
    }

    fn string(&mut self) -> Step<String> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let Some(b) = self.peek() else {
                return Err("unexpected end of input in a string");
            };
            match b {
                b'"' => {
                    self.pos += 1;
                    // The input is a &str and escapes push whole characters: valid UTF-8.
                    return String::from_utf8(out).map_err(|_| "invalid UTF-8 in a string");
                }
                b'\\' => {
                    self.pos += 1;
                    let c = self.escape()?;
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0x00..=0x1f => return Err("control character in a string"),
                _ => {
                    out.push(b);
                    self.pos += 1;
                }
            }
        }
    }

    fn escape(&mut self) -> Step<char> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                return self.unicode_escape();
            }
            _ => return Err("invalid escape"),
        };
        self.pos += 1;
        Ok(c)
    }

    fn unicode_escape(&mut self) -> Step<char> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.src[self.pos..].starts_with(b"\\u") {
                    return Err("lone surrogate in a \\u escape");
                }
                self.pos += 2;
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err("lone surrogate in a \\u escape");
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err("lone surrogate in a \\u escape"),
            _ => first,
        };
        char::from_u32(code).ok_or("invalid \\u escape")
    }

    fn hex4(&mut self) -> Step<u32> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or("invalid \\u escape")?;
            code = code * 16 + digit;
            self.pos += 1;
        }
        Ok(code)
    }
}

/// The index of the first key (in document order) that repeats an earlier one.
fn first_repeat(fields: &[(String, Json)]) -> Option<usize> {
    let keys: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    // Stable order: of two equal keys the later one comes second.
    let order = crate::sorted_map::sort_order(&keys);
    order
        .windows(2)
        .filter(|w| keys[w[0]] == keys[w[1]])
        .map(|w| w[1])
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(fields: &[(&str, Json)]) -> Json {
        Json::Obj(
            fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn parses_every_kind_of_value() {
        let v = parse(
            r#" {"a": [1, -2.5e3, true, false, null], "b": "x\u00e9\ud83d\ude00\n", "c": {}} "#,
        )
        .unwrap();
        assert_eq!(
            v,
            obj(&[
                (
                    "a",
                    Json::Arr(vec![
                        Json::Num("1".into()),
                        Json::Num("-2.5e3".into()),
                        Json::Bool(true),
                        Json::Bool(false),
                        Json::Null
                    ])
                ),
                ("b", Json::Str("xé😀\n".into())),
                ("c", obj(&[])),
            ])
        );
    }

    #[test]
    fn keeps_key_order_and_unicode_text() {
        let v = parse(r#"{"z":"Pelayanan publik — ✓","a":1}"#).unwrap();
        let Json::Obj(fields) = v else { panic!() };
        assert_eq!(fields[0].0, "z");
        assert_eq!(fields[0].1, Json::Str("Pelayanan publik — ✓".into()));
    }

    #[test]
    fn errors_carry_line_and_column_of_the_offending_character() {
        let e = parse("{\n  \"id\": \"x\",\n  oops\n}").unwrap_err();
        assert_eq!((e.line, e.column), (3, 3));
        let e = parse("[1, 2] x").unwrap_err();
        assert_eq!((e.line, e.column, e.what), (1, 8, "trailing characters"));
        let e = parse("{\"é\": 01}").unwrap_err();
        assert_eq!((e.column, e.what), (8, "leading zeros are not allowed"));
    }

    #[test]
    fn refuses_what_strict_json_refuses() {
        for bad in [
            "",
            " ",
            "{",
            "[1,2",
            "[1,]",
            "{\"a\":1,}",
            "{a:1}",
            "'x'",
            "01",
            "1.",
            ".5",
            "-",
            "1e",
            "+1",
            "NaN",
            "Infinity",
            "tru",
            "nul",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"a\u{1}b\"",
            "\"open",
            "{\"a\":1,\"a\":2}",
            "[] []",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn a_repeated_key_is_named_and_located_in_small_and_large_objects() {
        let e = parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap_err();
        assert_eq!(
            (e.what, e.key.as_deref(), e.column),
            ("duplicate key", Some("a"), 18)
        );
        // Large object: found when it closes, still the first repeat in document order.
        let mut text = String::from("{");
        for i in 0..1_000 {
            text.push_str(&format!("\"k{i}\": {i}, "));
        }
        text.push_str("\"k500\": 0, \"k7\": 0}");
        let e = parse(&text).unwrap_err();
        assert_eq!(e.key.as_deref(), Some("k500"));
        assert_eq!(e.column, text.find("\"k500\": 0,").unwrap() + 1);
    }

    #[test]
    fn huge_objects_parse_in_n_log_n() {
        // 200,000 keys in reverse order: quadratic duplicate checks or inserts would take minutes.
        let n = 200_000;
        let mut text = String::from("{");
        for i in (0..n).rev() {
            text.push_str(&format!("\"{i:06}\":{i},"));
        }
        text.pop();
        text.push('}');
        let started = std::time::Instant::now();
        let Json::Obj(fields) = parse(&text).unwrap() else {
            panic!("an object")
        };
        assert_eq!(fields.len(), n);
        // Generous: a debug build does this in well under a second.
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }

    #[test]
    fn nesting_is_limited() {
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(&deep).unwrap_err().what, "nesting too deep");
        let ok = "[".repeat(MAX_DEPTH - 1) + &"]".repeat(MAX_DEPTH - 1);
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn agrees_with_serde_json_on_valid_documents() {
        // serde_json (a dev-dependency) as an independent reader of the same text.
        let text = r#"{"s":"tab\tquote\"slash\/back\\","n":[0,-0,12.5,1E+2,18446744073709551615],"e":[],"o":{"k":null}}"#;
        let ours = parse(text).unwrap();
        let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours.get("s").unwrap().as_str(), theirs["s"].as_str());
        let Json::Arr(nums) = ours.get("n").unwrap() else {
            panic!()
        };
        let Json::Num(last) = &nums[4] else { panic!() };
        assert_eq!(last, "18446744073709551615");
    }
}
