//! `psm-result/2` (and the deprecated `psm-result/1`) payloads in JSON: one value into a [`Row`], and the three file layouts
//! (JSON array, NDJSON, a single object or several concatenated) with the line where each result starts.

use crate::issue::{codes, Issue};
use crate::row::{self, Row, MAX_SCALE_POINTS, SCHEMA, SCHEMAS};
use crate::sink::Sink;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PayloadIn<'a> {
    #[serde(borrow)]
    schema: Cow<'a, str>,
    #[serde(borrow)]
    instrument: InstrumentIn<'a>,
    #[serde(borrow)]
    lang: Cow<'a, str>,
    scale: ScaleIn,
    #[serde(borrow, deserialize_with = "ordered")]
    scores: Vec<(Cow<'a, str>, ScoreIn)>,
    #[serde(borrow)]
    overall: OverallIn<'a>,
    #[serde(default, borrow, deserialize_with = "ordered_opt")]
    responses: Option<Vec<(Cow<'a, str>, Option<i64>)>>,
    quality: QualityIn,
    #[serde(default, borrow)]
    order: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow)]
    completed_on: Cow<'a, str>,
    #[serde(borrow)]
    submission_id: Cow<'a, str>,
    #[serde(default, borrow)]
    candidate_ref: Option<Cow<'a, str>>,
    /// `psm-result/2` only: not used by the statistics, but checked (psm-core's definition).
    #[serde(default)]
    consent: Option<ConsentIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentIn {
    agreed_on: String,
    #[serde(default)]
    notice_sha256: Option<String>,
    #[serde(default)]
    notice_version: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InstrumentIn<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    version: Cow<'a, str>,
    #[serde(borrow)]
    sha256: Cow<'a, str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaleIn {
    min: i64,
    max: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScoreIn {
    mean: Option<f64>,
    answered: u64,
    items: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OverallIn<'a> {
    mean: Option<f64>,
    #[serde(borrow)]
    method: Cow<'a, str>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QualityIn {
    longest_same_answer_run: u64,
    seconds_median_per_item: Option<f64>,
}

/// A map key that borrows from the input when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// A JSON object as key/value pairs in file order (dimension order matters for unknown instruments).
fn ordered<'de, D, T>(d: D) -> Result<Vec<(Cow<'de, str>, T)>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = Vec<(Cow<'de, str>, T)>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(map.size_hint().unwrap_or(8));
            while let Some((Key(k), v)) = map.next_entry::<Key<'de>, T>()? {
                out.push((k, v));
            }
            Ok(out)
        }
    }
    d.deserialize_map(V(PhantomData))
}

/// Key/value pairs in file order.
type Pairs<'de, T> = Vec<(Cow<'de, str>, T)>;

fn ordered_opt<'de, D, T>(d: D) -> Result<Option<Pairs<'de, T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    ordered(d).map(Some)
}

/// What a value that is not a valid payload might be instead.
#[derive(Deserialize)]
struct Probe {
    schema: Option<serde_json::Value>,
    items: Option<IgnoredAny>,
    dimensions: Option<IgnoredAny>,
}

/// serde_json's message without its own position, which is relative to the value, not the file.
fn bare_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rsplit_once(" at line ") {
        Some((msg, _)) => msg.to_string(),
        None => text,
    }
}

/// Reads one JSON value that starts at `line` of the file. A result joins the report only when it is a
/// valid result by the widget's own definition (the field set read here, then
/// `psm_core::payload::check_result_formats`) and its figures are consistent enough to compute with
/// ([`row::check`]: means within the scale, counts that add up).
pub fn parse_value(text: &str, line: usize) -> Result<Row<'_>, Issue> {
    match serde_json::from_str::<PayloadIn>(text) {
        Ok(p) => to_row(p, line),
        Err(e) => Err(explain(text, line, e)),
    }
}

fn explain(text: &str, line: usize, e: serde_json::Error) -> Issue {
    let at = format!(
        "line {}, column {}",
        line + e.line().saturating_sub(1),
        e.column()
    );
    match e.classify() {
        serde_json::error::Category::Eof => Issue::new(
            line,
            codes::TRUNCATED,
            format!(
                "the result starting on this line is cut off ({})",
                bare_message(&e)
            ),
        ),
        serde_json::error::Category::Syntax | serde_json::error::Category::Io => Issue::new(
            line,
            codes::JSON_SYNTAX,
            format!("{} ({at})", bare_message(&e)),
        ),
        serde_json::error::Category::Data => {
            if let Ok(probe) = serde_json::from_str::<Probe>(text) {
                match probe.schema {
                    Some(serde_json::Value::String(s)) if SCHEMAS.contains(&s.as_str()) => {}
                    Some(other) => {
                        return Issue::new(
                            line,
                            codes::WRONG_SCHEMA,
                            format!("schema is {other}, expected {SCHEMA}"),
                        )
                    }
                    None => {
                        return Issue::new(
                            line,
                            codes::WRONG_SCHEMA,
                            format!("no \"schema\" field: not a {SCHEMA} result"),
                        )
                    }
                }
            }
            // Re-read with path tracking (only on this error path) to name the field at fault.
            let mut de = serde_json::Deserializer::from_str(text);
            let path = match serde_path_to_error::deserialize::<_, PayloadIn>(&mut de) {
                Err(pe) => pe.path().to_string(),
                Ok(_) => String::new(),
            };
            let field = if path.is_empty() || path == "." {
                String::new()
            } else {
                format!("{path}: ")
            };
            Issue::new(
                line,
                codes::INVALID_FIELD,
                format!("{field}{} ({at})", bare_message(&e)),
            )
        }
    }
}

/// True when the value is an instrument definition rather than a result.
pub fn is_instrument(text: &str) -> bool {
    matches!(serde_json::from_str::<Probe>(text),
        Ok(p) if p.schema.is_none() && p.items.is_some() && p.dimensions.is_some())
}

fn to_row(p: PayloadIn<'_>, line: usize) -> Result<Row<'_>, Issue> {
    if !SCHEMAS.contains(&p.schema.as_ref()) {
        return Err(Issue::new(
            line,
            codes::WRONG_SCHEMA,
            format!("schema is \"{}\", expected {SCHEMA}", p.schema),
        ));
    }
    if p.scale.min != 1 || !(2..=MAX_SCALE_POINTS).contains(&p.scale.max) {
        return Err(row::invalid(
            line,
            "scale",
            format!(
                "{}..{} is not a scale 1..k with 2 <= k <= {MAX_SCALE_POINTS}",
                p.scale.min, p.scale.max
            ),
        ));
    }
    if p.lang.is_empty() {
        return Err(row::invalid(line, "lang", "is empty"));
    }
    let consent = p.consent.map(|c| psm_core::payload::ConsentRecord {
        agreed_on: c.agreed_on,
        notice_sha256: c.notice_sha256,
        notice_version: c.notice_version,
    });
    psm_core::payload::check_result_formats(&psm_core::payload::ResultFormats {
        schema: &p.schema,
        consent: consent.as_ref(),
        instrument_sha256: &p.instrument.sha256,
        completed_on: &p.completed_on,
        submission_id: &p.submission_id,
        candidate_ref: p.candidate_ref.as_deref(),
    })
    .map_err(|e| Issue::new(line, codes::INVALID_FIELD, e.message))?;
    let _ = &p.order;
    let max = p.scale.max;
    let mut items_total = 0usize;
    for (dim, s) in &p.scores {
        row::check_counts(dim, s.answered, s.items, line)?;
        items_total += s.items as usize;
    }
    let responses = match p.responses {
        None => None,
        Some(list) => {
            let mut out = Vec::with_capacity(list.len());
            // `null` marks an unanswered item.
            for (item, v) in list {
                let Some(v) = v else { continue };
                if !(1..=max).contains(&v) {
                    return Err(row::invalid(
                        line,
                        &format!("responses.{item}"),
                        format!("{v} is outside the scale 1..{max}"),
                    ));
                }
                out.push((item, v as u8));
            }
            Some(out)
        }
    };
    let r = Row {
        instrument_id: p.instrument.id,
        instrument_version: p.instrument.version,
        instrument_sha256: p.instrument.sha256,
        lang: p.lang,
        scale_max: Some(max as u8),
        scores: p.scores.into_iter().map(|(d, s)| (d, s.mean)).collect(),
        items_total,
        overall_mean: p.overall.mean,
        overall_method: p.overall.method,
        responses,
        longest_run: Some(p.quality.longest_same_answer_run),
        seconds_median: p.quality.seconds_median_per_item,
        submission_id: p.submission_id,
    };
    row::check(&r, &p.completed_on, line)?;
    Ok(r)
}

/// A byte cursor over the file text that counts lines as it moves.
struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
    line: usize,
}

impl Cursor<'_> {
    fn skip_ws(&mut self) {
        while let Some(&c) = self.b.get(self.pos) {
            match c {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => return,
            }
            self.pos += 1;
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.b.len()
    }

    /// Moves past the value starting at `pos`, matching brackets outside strings.
    /// `Err` when the text ends first. Syntax inside is left to serde_json.
    fn skip_value(&mut self) -> Result<(), ()> {
        let b = self.b;
        match b[self.pos] {
            b'{' | b'[' => {
                let mut depth = 0usize;
                let mut in_str = false;
                while self.pos < b.len() {
                    let c = b[self.pos];
                    self.pos += 1;
                    if in_str {
                        match c {
                            b'\\' => self.pos += 1,
                            b'"' => in_str = false,
                            b'\n' => self.line += 1,
                            _ => {}
                        }
                        continue;
                    }
                    match c {
                        b'"' => in_str = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Ok(());
                            }
                        }
                        b'\n' => self.line += 1,
                        _ => {}
                    }
                }
                self.pos = b.len();
                Err(())
            }
            _ => {
                // A scalar where a result should be: take it up to the next separator.
                while self.pos < b.len()
                    && !matches!(b[self.pos], b',' | b']' | b'\n' | b' ' | b'\t' | b'\r')
                {
                    self.pos += 1;
                }
                Ok(())
            }
        }
    }
}

fn handle_value(sink: &mut dyn Sink, text: &str, line: usize) {
    if is_instrument_candidate(text) && is_instrument(text) {
        sink.instrument(line, text);
        return;
    }
    match parse_value(text, line) {
        Ok(r) => sink.row(line, r),
        Err(issue) => sink.issue(issue),
    }
}

/// Cheap pre-check so results never pay for the instrument probe.
fn is_instrument_candidate(text: &str) -> bool {
    text.len() < 2_000_000 && !text.contains("\"schema\"") && text.contains("\"dimensions\"")
}

/// A JSON array of results; `text` starts with `[` (after whitespace).
/// Reads the value starting at `start` (on `line`) and hands it to the sink. False when reading must stop:
/// the file ends inside the value, or the sink has had enough.
fn take_value(
    c: &mut Cursor<'_>,
    sink: &mut dyn Sink,
    text: &str,
    start: usize,
    line: usize,
) -> bool {
    if c.skip_value().is_err() {
        sink.issue(Issue::new(
            line,
            codes::TRUNCATED,
            format!(
                "the result starting on this line is cut off: the file ends at line {}",
                c.line
            ),
        ));
        return false;
    }
    handle_value(sink, &text[start..c.pos], line);
    !sink.stop()
}

pub fn read_array(text: &str, sink: &mut dyn Sink) {
    let mut c = Cursor {
        b: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    c.skip_ws();
    c.pos += 1; // '['
    loop {
        c.skip_ws();
        if c.at_end() {
            sink.issue(Issue::file(
                c.line,
                codes::TRUNCATED,
                "the file ends before the closing ']' of the array",
            ));
            return;
        }
        if c.b[c.pos] == b']' {
            c.pos += 1;
            break;
        }
        let (start, line) = (c.pos, c.line);
        if !take_value(&mut c, sink, text, start, line) {
            return;
        }
        c.skip_ws();
        match c.b.get(c.pos) {
            None => {
                sink.issue(Issue::file(
                    c.line,
                    codes::TRUNCATED,
                    "the file ends before the closing ']' of the array",
                ));
                return;
            }
            Some(b',') => c.pos += 1,
            Some(b']') => {
                c.pos += 1;
                break;
            }
            Some(_) => {
                sink.issue(Issue::file(
                    c.line,
                    codes::JSON_SYNTAX,
                    "expected ',' or ']' after a result; reading stopped here",
                ));
                return;
            }
        }
    }
    c.skip_ws();
    if !c.at_end() {
        sink.issue(Issue::file(
            c.line,
            codes::JSON_SYNTAX,
            "unexpected text after the closing ']' of the array",
        ));
    }
}

/// True when the trimmed line is one complete JSON object by bracket matching.
fn complete_on_line(line: &str) -> bool {
    let t = line.trim();
    if !t.starts_with('{') {
        return false;
    }
    let mut c = Cursor {
        b: t.as_bytes(),
        pos: 0,
        line: 1,
    };
    c.skip_value().is_ok() && c.pos == t.len()
}

/// NDJSON (one result per line) when the file has several lines and its first lines are whole objects.
pub fn looks_like_ndjson(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let first: Vec<&str> = lines.by_ref().take(5).collect();
    first.len() >= 2 && first.iter().any(|l| complete_on_line(l))
}

/// One result per line; empty lines are skipped.
pub fn read_ndjson(text: &str, sink: &mut dyn Sink) {
    for (i, l) in text.split('\n').enumerate() {
        let t = l.trim();
        if t.is_empty() {
            continue;
        }
        handle_value(sink, t, i + 1);
        if sink.stop() {
            return;
        }
    }
}

/// One pretty-printed object, or several written one after another.
pub fn read_sequence(text: &str, sink: &mut dyn Sink) {
    let mut c = Cursor {
        b: text.as_bytes(),
        pos: 0,
        line: 1,
    };
    loop {
        c.skip_ws();
        if c.at_end() {
            return;
        }
        let (start, line) = (c.pos, c.line);
        if c.b[c.pos] != b'{' {
            sink.issue(Issue::file(
                line,
                codes::JSON_SYNTAX,
                "expected '{' at the start of a result; reading stopped here",
            ));
            return;
        }
        if !take_value(&mut c, sink, text, start, line) {
            return;
        }
    }
}
