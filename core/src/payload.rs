//! The result payload: `psm-result/2` (schema/psm-result-2.schema.json), and the deprecated
//! `psm-result/1` (schema/psm-result-1.schema.json) that hosts may still ask for with `result_schema`.
//!
//! Instrument identity, language, scores, optional raw responses, quality flags, a date without time,
//! a random submission id for idempotent delivery, a candidate reference only as an HMAC the host can
//! recompute but nobody else can invert, and (in `/2`) the record of the consent given: which notice
//! (version, hash) and on which date. What a result carries for a config is named, in the same terms, by
//! [`crate::disclosure`].

use crate::canonical::{hex, instrument_sha256};
use crate::decode::{self, Obj, Path};
use crate::error::{codes, PsmError};
use crate::json_text::{self, Fields, NotExact};
use crate::model::Timings;
use crate::model::{Answers, Instrument};
use crate::ordered_map::OrderedMap;
use crate::quality::quality;
use crate::scoring::score;
use crate::sorted_map::SortedMap;
use crate::value::Json;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

/// The current schema id.
pub const SCHEMA: &str = "psm-result/2";
/// The previous schema id: accepted when read back, written only when a host asks for it (deprecated).
pub const SCHEMA_V1: &str = "psm-result/1";

/// Which result schema a host receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResultSchema {
    /// `psm-result/1`: no consent record. Deprecated; kept through a stated period (README).
    V1,
    /// `psm-result/2`: `psm-result/1` plus the `consent` record.
    #[default]
    V2,
}

impl ResultSchema {
    pub fn id(self) -> &'static str {
        match self {
            ResultSchema::V1 => SCHEMA_V1,
            ResultSchema::V2 => SCHEMA,
        }
    }

    pub fn read(v: &Json, path: &Path) -> Result<ResultSchema, PsmError> {
        match v.as_str() {
            Some(SCHEMA) => Ok(ResultSchema::V2),
            Some(SCHEMA_V1) => Ok(ResultSchema::V1),
            _ => Err(path.error("expected \"psm-result/2\" or \"psm-result/1\"")),
        }
    }
}

/// The record of the consent a result was given under (`psm-result/2`): the date the candidate agreed,
/// and, when the host supplied a PDP notice, which one (its SHA-256 and its version when it has one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentRecord {
    /// `YYYY-MM-DD` of the agreement, no time of day.
    pub agreed_on: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice_sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice_version: Option<String>,
}

impl ConsentRecord {
    /// Agreement on `agreed_on` to `notice` (none when the host supplied none).
    pub fn new(agreed_on: String, notice: Option<&crate::notice::Notice>) -> ConsentRecord {
        ConsentRecord {
            agreed_on,
            notice_sha256: notice.map(|n| n.sha256()),
            notice_version: notice.and_then(|n| n.version.clone()),
        }
    }
}
/// Longest candidate reference or key accepted (they are ids and secrets, not documents).
pub const MAX_CANDIDATE_CHARS: usize = 1_000;

/// A number or `null` (a mean that could not be computed).
fn nullable_number(v: &Json, path: &Path) -> Result<Option<f64>, PsmError> {
    match v {
        Json::Null => Ok(None),
        _ => decode::number(v, path).map(Some),
    }
}

/// What the shell knows when a candidate finishes.
#[derive(Debug, Clone)]
pub struct PayloadInput<'a> {
    pub instrument: &'a Instrument,
    pub lang: &'a str,
    pub answers: &'a Answers,
    /// Presentation order, only when items were shuffled.
    pub order: Option<Vec<String>>,
    pub seconds: Option<&'a Timings>,
    pub include_responses: bool,
    /// `YYYY-MM-DD`, a real calendar date.
    pub completed_on: String,
    /// 32 lowercase hex digits, or a lowercase UUID v4.
    pub submission_id: String,
    /// `(reference, key)`: the payload then carries HMAC-SHA256(key, reference).
    pub candidate: Option<(String, String)>,
    /// `Some`: a `psm-result/2` payload carrying this record; `None`: the deprecated `psm-result/1`.
    pub consent: Option<ConsentRecord>,
    /// The instrument's hash when the caller already has it (the widget computes it once, at mount:
    /// hashing the canonical JSON again at submit would cost a second pass over ~20 KB on a slow phone);
    /// `None`: computed here. Must be [`instrument_sha256`] of `instrument`.
    pub instrument_sha256: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultPayload {
    pub schema: String,
    pub instrument: InstrumentRef,
    pub lang: String,
    pub scale: ScaleRange,
    /// Every dimension, in instrument order.
    pub scores: OrderedMap<DimensionResult>,
    pub overall: Overall,
    /// Every item in instrument order, `null` when unanswered; only with `include_responses`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub responses: Option<OrderedMap<Option<u8>>>,
    pub quality: QualityFlags,
    /// Presentation order, only when items were shuffled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<Vec<String>>,
    pub completed_on: String,
    pub submission_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub candidate_ref: Option<String>,
    /// Only in `psm-result/2` (always there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<ConsentRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstrumentRef {
    pub id: String,
    pub version: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScaleRange {
    pub min: u8,
    pub max: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionResult {
    /// Rounded to 2 decimals; `null` when too few items were answered.
    pub mean: Option<f64>,
    pub answered: usize,
    pub items: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overall {
    /// Rounded to 2 decimals; `null` unless every dimension is scored (never a partial average).
    pub mean: Option<f64>,
    pub method: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityFlags {
    pub longest_same_answer_run: usize,
    /// Rounded to 1 decimal; omitted when no timings were recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seconds_median_per_item: Option<f64>,
}

impl ResultPayload {
    /// The payload's JSON text, as a host receives it: byte for byte `serde_json::to_string` of the payload
    /// (tests compare them), written field by field ([`crate::json_text`]). A field added to the payload
    /// must be added here.
    pub fn to_json(&self) -> String {
        // Means are rounded to 2 decimals and the median to 1 by `build`: always exactly writable.
        self.try_to_json()
            .expect("payload numbers are rounded to at most 2 decimals")
    }

    fn try_to_json(&self) -> Result<String, NotExact> {
        let mut text = String::with_capacity(1024);
        let mut o = Fields::object(&mut text);
        o.str("schema", &self.schema);
        {
            let mut i = Fields::object(o.key("instrument"));
            i.str("id", &self.instrument.id);
            i.str("version", &self.instrument.version);
            i.str("sha256", &self.instrument.sha256);
            i.end();
        }
        o.str("lang", &self.lang);
        {
            let mut scale = Fields::object(o.key("scale"));
            scale.int("min", self.scale.min.into());
            scale.int("max", self.scale.max.into());
            scale.end();
        }
        let mut scores = Fields::object(o.key("scores"));
        for (id, d) in self.scores.iter() {
            let mut dim = Fields::object(scores.key(id));
            dim.num("mean", d.mean)?;
            dim.int("answered", d.answered as u64);
            dim.int("items", d.items as u64);
            dim.end();
        }
        scores.end();
        {
            let mut overall = Fields::object(o.key("overall"));
            overall.num("mean", self.overall.mean)?;
            overall.str("method", &self.overall.method);
            overall.end();
        }
        if let Some(responses) = &self.responses {
            let mut r = Fields::object(o.key("responses"));
            for (id, answer) in responses.iter() {
                match answer {
                    Some(n) => r.int(id, (*n).into()),
                    None => r.key(id).push_str("null"),
                }
            }
            r.end();
        }
        {
            let mut q = Fields::object(o.key("quality"));
            q.int(
                "longest_same_answer_run",
                self.quality.longest_same_answer_run as u64,
            );
            if let Some(median) = self.quality.seconds_median_per_item {
                q.num("seconds_median_per_item", Some(median))?;
            }
            q.end();
        }
        if let Some(order) = &self.order {
            json_text::strings(o.key("order"), order);
        }
        o.str("completed_on", &self.completed_on);
        o.str("submission_id", &self.submission_id);
        if let Some(candidate) = &self.candidate_ref {
            o.str("candidate_ref", candidate);
        }
        if let Some(consent) = &self.consent {
            let mut c = Fields::object(o.key("consent"));
            c.str("agreed_on", &consent.agreed_on);
            if let Some(sha) = &consent.notice_sha256 {
                c.str("notice_sha256", sha);
            }
            if let Some(version) = &consent.notice_version {
                c.str("notice_version", version);
            }
            c.end();
        }
        o.end();
        Ok(text)
    }

    /// Read a stored payload back (kiosk queue, CSV export), checking the formats the schema fixes.
    /// Native builds read the text with serde_json; see [`ResultPayload::from_text`].
    #[cfg(feature = "json-text")]
    pub fn from_json(json: &str) -> Result<Self, PsmError> {
        ResultPayload::from_text(json, crate::value::read_text)
    }

    /// [`ResultPayload::from_json`] with the text read by `read` (in the widget, the browser's JSON).
    pub fn from_text(json: &str, read: crate::value::ReadText) -> Result<Self, PsmError> {
        const CODES: decode::Codes = decode::Codes::all(codes::PAYLOAD_JSON);
        let value = read(json, codes::PAYLOAD_JSON)?;
        let payload = ResultPayload::read(&value, &Path::root(&CODES))?;
        payload.check_formats()?;
        Ok(payload)
    }

    fn read(v: &Json, path: &Path) -> Result<ResultPayload, PsmError> {
        let o = Obj::new(
            v,
            path,
            &[
                "schema",
                "instrument",
                "lang",
                "scale",
                "scores",
                "overall",
                "responses",
                "quality",
                "order",
                "completed_on",
                "submission_id",
                "candidate_ref",
                "consent",
            ],
        )?;
        Ok(ResultPayload {
            schema: o.req("schema", decode::string)?,
            instrument: o.req("instrument", |v, p| {
                let o = Obj::new(v, p, &["id", "version", "sha256"])?;
                Ok(InstrumentRef {
                    id: o.req("id", decode::string)?,
                    version: o.req("version", decode::string)?,
                    sha256: o.req("sha256", decode::string)?,
                })
            })?,
            lang: o.req("lang", decode::string)?,
            scale: o.req("scale", |v, p| {
                let o = Obj::new(v, p, &["min", "max"])?;
                Ok(ScaleRange {
                    min: o.req("min", decode::uint8)?,
                    max: o.req("max", decode::uint8)?,
                })
            })?,
            scores: o.req("scores", |v, p| {
                decode::entries(v, p, |v, p| {
                    let o = Obj::new(v, p, &["mean", "answered", "items"])?;
                    Ok(DimensionResult {
                        mean: o.req("mean", nullable_number)?,
                        answered: o.req("answered", decode::size)?,
                        items: o.req("items", decode::size)?,
                    })
                })
                .map(OrderedMap)
            })?,
            overall: o.req("overall", |v, p| {
                let o = Obj::new(v, p, &["mean", "method"])?;
                Ok(Overall {
                    mean: o.req("mean", nullable_number)?,
                    method: o.req("method", decode::string)?,
                })
            })?,
            responses: o.opt("responses", |v, p| {
                decode::entries(v, p, |v, p| match v {
                    Json::Null => Ok(None),
                    _ => decode::uint8(v, p).map(Some),
                })
                .map(OrderedMap)
            })?,
            quality: o.req("quality", |v, p| {
                let o = Obj::new(
                    v,
                    p,
                    &["longest_same_answer_run", "seconds_median_per_item"],
                )?;
                Ok(QualityFlags {
                    longest_same_answer_run: o.req("longest_same_answer_run", decode::size)?,
                    seconds_median_per_item: o.opt("seconds_median_per_item", decode::number)?,
                })
            })?,
            order: o.opt("order", decode::strings)?,
            completed_on: o.req("completed_on", decode::string)?,
            submission_id: o.req("submission_id", decode::string)?,
            candidate_ref: o.opt("candidate_ref", decode::string)?,
            consent: o.opt("consent", |v, p| {
                let o = Obj::new(v, p, &["agreed_on", "notice_sha256", "notice_version"])?;
                Ok(ConsentRecord {
                    agreed_on: o.req("agreed_on", decode::string)?,
                    notice_sha256: o.opt("notice_sha256", decode::string)?,
                    notice_version: o.opt("notice_version", decode::string)?,
                })
            })?,
        })
    }

    fn check_formats(&self) -> Result<(), PsmError> {
        check_result_formats(&ResultFormats {
            schema: &self.schema,
            consent: self.consent.as_ref(),
            instrument_sha256: &self.instrument.sha256,
            completed_on: &self.completed_on,
            submission_id: &self.submission_id,
            candidate_ref: self.candidate_ref.as_deref(),
        })
    }
}

/// The fields of a result whose formats the schema fixes, borrowed from wherever the result was read.
pub struct ResultFormats<'a> {
    pub schema: &'a str,
    pub consent: Option<&'a ConsentRecord>,
    pub instrument_sha256: &'a str,
    pub completed_on: &'a str,
    pub submission_id: &'a str,
    pub candidate_ref: Option<&'a str>,
}

/// What makes a `psm-result/2` or `/1` valid beyond its field names and types: the one definition the
/// widget (reading its stored results back) and the cohort report (psm-stats) both apply. /2 carries a
/// consent record and /1 must not; the hash, the date, the submission id and the candidate reference
/// have their exact formats.
pub fn check_result_formats(r: &ResultFormats<'_>) -> Result<(), PsmError> {
    let bad = |field: &str, detail: String| Err(PsmError::new(codes::PAYLOAD_JSON, field, detail));
    match (r.schema, r.consent) {
        (SCHEMA, None) => return bad("consent", "required in psm-result/2".into()),
        (SCHEMA_V1, Some(_)) => return bad("consent", "not part of psm-result/1".into()),
        (SCHEMA | SCHEMA_V1, _) => {}
        _ => {
            return bad(
                "schema",
                format!("{:?} is neither {SCHEMA:?} nor {SCHEMA_V1:?}", r.schema),
            )
        }
    }
    if let Some(c) = r.consent {
        check_consent(c)?;
    }
    if !is_lower_hex(r.instrument_sha256, 64) {
        return bad("instrument.sha256", "not 64 lowercase hex digits".into());
    }
    check_date(r.completed_on)?;
    check_submission_id(r.submission_id)?;
    if let Some(c) = r.candidate_ref {
        if !is_lower_hex(c, 64) {
            return bad("candidate_ref", "not 64 lowercase hex digits".into());
        }
    }
    Ok(())
}

/// HMAC-SHA256(key, reference) as lowercase hex: the host can link a result to its own candidate
/// record; without the key the value reveals nothing.
pub fn candidate_ref(key: &str, reference: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("HMAC takes any key length");
    mac.update(reference.as_bytes());
    hex(&mac.finalize().into_bytes())
}

/// Both present and non-empty, each at most [`MAX_CANDIDATE_CHARS`].
pub fn check_candidate(reference: &str, key: &str) -> Result<(), PsmError> {
    for (field, value) in [("candidate_ref", reference), ("candidate_key", key)] {
        if value.is_empty() {
            return Err(PsmError::new(
                codes::CANDIDATE_REF,
                field,
                "must not be empty",
            ));
        }
        if value.chars().count() > MAX_CANDIDATE_CHARS {
            return Err(PsmError::new(
                codes::CANDIDATE_REF,
                field,
                format!("longer than {MAX_CANDIDATE_CHARS} characters"),
            ));
        }
    }
    Ok(())
}

/// The consent record's formats: a calendar date, a lowercase SHA-256, a version in the notice's rules.
pub fn check_consent(c: &ConsentRecord) -> Result<(), PsmError> {
    check_date_at(&c.agreed_on, "consent.agreed_on")?;
    if let Some(h) = &c.notice_sha256 {
        if !is_lower_hex(h, 64) {
            return Err(PsmError::new(
                codes::PAYLOAD_JSON,
                "consent.notice_sha256",
                "not 64 lowercase hex digits",
            ));
        }
    }
    match (&c.notice_sha256, &c.notice_version) {
        (None, Some(_)) => Err(PsmError::new(
            codes::PAYLOAD_JSON,
            "consent.notice_version",
            "given without notice_sha256",
        )),
        (_, Some(v)) if !crate::notice::valid_version(v) => Err(PsmError::new(
            codes::PAYLOAD_JSON,
            "consent.notice_version",
            "not 1-64 characters of A-Z a-z 0-9 . _ + -",
        )),
        _ => Ok(()),
    }
}

pub fn build(input: PayloadInput<'_>) -> Result<ResultPayload, PsmError> {
    let ins = input.instrument;
    if !ins.languages.iter().any(|l| l == input.lang) {
        return Err(PsmError::new(
            codes::UNKNOWN_LANGUAGE,
            "lang",
            format!("{:?} is not one of {:?}", input.lang, ins.languages),
        ));
    }
    let scores = score(ins, input.answers)?;
    if let Some(order) = &input.order {
        check_order(ins, order)?;
    }
    check_date(&input.completed_on)?;
    check_submission_id(&input.submission_id)?;
    // The consent record is made by `ConsentRecord::new` from the shell's own date and the parsed notice;
    // its formats are checked where a payload is read back (`from_json`), which keeps them out of the embed.
    let candidate_ref = match &input.candidate {
        Some((reference, key)) => {
            check_candidate(reference, key)?;
            Some(candidate_ref(key, reference))
        }
        None => None,
    };

    let instrument_order: Vec<String> = ins.items.iter().map(|i| i.id.clone()).collect();
    let presented = input.order.as_deref().unwrap_or(&instrument_order);
    let q = quality(presented, input.answers, input.seconds);

    Ok(ResultPayload {
        schema: if input.consent.is_some() {
            SCHEMA
        } else {
            SCHEMA_V1
        }
        .to_string(),
        instrument: InstrumentRef {
            id: ins.id.clone(),
            version: ins.version.clone(),
            sha256: match input.instrument_sha256 {
                Some(known) => known.to_string(),
                None => instrument_sha256(ins),
            },
        },
        lang: input.lang.to_string(),
        scale: ScaleRange {
            min: 1,
            max: ins.scale.points,
        },
        scores: OrderedMap(
            scores
                .dimensions
                .iter()
                .map(|d| {
                    let result = DimensionResult {
                        mean: d.mean.map(round2),
                        answered: d.answered,
                        items: d.items,
                    };
                    (d.id.clone(), result)
                })
                .collect(),
        ),
        overall: Overall {
            mean: scores.overall.map(round2),
            method: scores.method.to_string(),
        },
        responses: input.include_responses.then(|| {
            OrderedMap(
                ins.items
                    .iter()
                    .map(|i| (i.id.clone(), input.answers.get(&i.id).copied()))
                    .collect(),
            )
        }),
        quality: QualityFlags {
            longest_same_answer_run: q.longest_same_answer_run,
            seconds_median_per_item: q.seconds_median_per_item.map(round1),
        },
        order: input.order,
        completed_on: input.completed_on,
        submission_id: input.submission_id,
        candidate_ref,
        consent: input.consent,
    })
}

/// Half away from zero, on the binary value (so 2.675 may become 2.67).
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The presentation order must be a permutation of the instrument's item ids.
pub fn check_order(ins: &Instrument, order: &[String]) -> Result<(), PsmError> {
    let ids = crate::instrument::str_set(ins.items.iter().map(|i| i.id.as_str()));
    let mut seen = SortedMap::new();
    for (i, id) in order.iter().enumerate() {
        if !ids.contains_key(id.as_str()) {
            return Err(PsmError::new(
                codes::UNKNOWN_ITEM,
                format!("order[{i}]"),
                format!("no item {id:?} in instrument {:?}", ins.id),
            ));
        }
        if seen.insert(id.as_str(), ()).is_some() {
            return Err(PsmError::new(
                codes::BAD_ORDER,
                format!("order[{i}]"),
                format!("item {id:?} appears twice"),
            ));
        }
    }
    if let Some(missing) = ids.keys().find(|id| !seen.contains_key(**id)) {
        return Err(PsmError::new(
            codes::BAD_ORDER,
            "order",
            format!("item {missing:?} is missing from the order"),
        ));
    }
    Ok(())
}

/// `YYYY-MM-DD`, a real Gregorian date, year 1000-9999.
pub fn check_date(date: &str) -> Result<(), PsmError> {
    check_date_at(date, "completed_on")
}

/// [`check_date`] for a date at `field`.
pub fn check_date_at(date: &str, field: &str) -> Result<(), PsmError> {
    let bad = || {
        Err(PsmError::new(
            codes::BAD_DATE,
            field,
            format!("{date:?} is not a calendar date YYYY-MM-DD"),
        ))
    };
    let b = date.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return bad();
    }
    let num = |r: std::ops::Range<usize>| -> u32 { date[r].parse().unwrap_or(0) };
    let (year, month, day) = (num(0..4), num(5..7), num(8..10));
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return bad(),
    };
    if year < 1000 || day < 1 || day > days {
        return bad();
    }
    Ok(())
}

/// 32 lowercase hex digits, or a lowercase UUID v4 (`crypto.randomUUID()`).
pub fn check_submission_id(id: &str) -> Result<(), PsmError> {
    if is_lower_hex(id, 32) || is_uuid_v4(id) {
        return Ok(());
    }
    Err(PsmError::new(
        codes::BAD_SUBMISSION_ID,
        "submission_id",
        format!("{id:?} is neither 32 lowercase hex digits nor a lowercase UUID v4"),
    ))
}

fn is_lower_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn is_uuid_v4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && [8, 4, 4, 4, 12]
            .iter()
            .zip(&parts)
            .all(|(&len, part)| is_lower_hex(part, len))
        && parts[2].starts_with('4')
        && parts[3].starts_with(['8', '9', 'a', 'b'])
}
