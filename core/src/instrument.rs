//! Parsing and validation of instruments, with one stable error code per rule.
//!
//! Checks run in document order (id, version, languages, title, instructions, scale, dimensions,
//! items, empty dimensions, source, translation) so the first error reported is always the same one.

use crate::decode;
use crate::error::{codes, PsmError};
use crate::model::{Instrument, Localized};
use crate::sorted_map::SortedMap;

pub const MAX_ID_CHARS: usize = 64;
pub const MAX_TEXT_CHARS: usize = 2_000;
pub const MAX_ITEMS: usize = 500;
pub const MIN_POINTS: u8 = 2;
pub const MAX_POINTS: u8 = 11;

const CODES: decode::Codes = decode::Codes {
    syntax: codes::INSTRUMENT_JSON,
    unknown_field: codes::INSTRUMENT_UNKNOWN_FIELD,
    missing_field: codes::INSTRUMENT_MISSING_FIELD,
    data: codes::INSTRUMENT_JSON,
};

/// Parse instrument JSON text (with serde_json: native builds, e.g. the cohort report) and validate it; the
/// result is safe to score and hash. The widget reads instruments as values ([`from_value`]).
#[cfg(feature = "json-text")]
pub fn parse(json: &str) -> Result<Instrument, PsmError> {
    let instrument = parse_unvalidated(json)?;
    validate(&instrument)?;
    Ok(instrument)
}

/// Shape and types only, for authoring tools that want every rule broken ([`validate_all`]).
#[cfg(feature = "json-text")]
pub fn parse_unvalidated(json: &str) -> Result<Instrument, PsmError> {
    decode::from_str(json, &CODES, Instrument::read)
}

/// Reads and validates an instrument given as a value (the widget's built-ins, `JSON.parse`d by the browser).
pub fn from_value(value: &crate::value::Json) -> Result<Instrument, PsmError> {
    let instrument = Instrument::read(value, &decode::Path::root(&CODES))?;
    validate(&instrument)?;
    Ok(instrument)
}

/// Reads and validates an instrument that is part of a larger document (a host config).
pub(crate) fn read(
    value: &crate::value::Json,
    path: &decode::Path,
) -> Result<Instrument, PsmError> {
    let inner = decode::Path::root(&CODES);
    let prefix = |e: PsmError| e.prefixed(&path.text);
    let instrument = Instrument::read(value, &inner).map_err(prefix)?;
    validate(&instrument).map_err(prefix)?;
    Ok(instrument)
}

/// The first rule the instrument breaks, in the documented order.
pub fn validate(instrument: &Instrument) -> Result<(), PsmError> {
    match collect(instrument, 1).into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Every rule the instrument breaks, in the documented order (for authoring tools), at most
/// [`MAX_REPORTED_ERRORS`] of them.
pub fn validate_all(instrument: &Instrument) -> Vec<PsmError> {
    collect(instrument, MAX_REPORTED_ERRORS)
}

/// Stops a hostile instrument (thousands of languages times thousands of items) from building
/// millions of messages.
pub const MAX_REPORTED_ERRORS: usize = 1_000;

fn collect(instrument: &Instrument, limit: usize) -> Vec<PsmError> {
    let mut v = Validator {
        langs: &instrument.languages,
        declared: str_set(instrument.languages.iter().map(String::as_str)),
        errors: Vec::new(),
        limit,
    };
    v.run(instrument);
    v.errors
}

/// A set of ids.
pub(crate) fn str_set<'a>(ids: impl Iterator<Item = &'a str>) -> SortedMap<&'a str, ()> {
    ids.map(|id| (id, ())).collect()
}

/// An identifier: 1..=64 characters of `[A-Za-z0-9_-]`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_CHARS
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// A version: 1..=64 characters of `[A-Za-z0-9._+-]` (semantic versions fit).
pub fn is_valid_version(version: &str) -> bool {
    !version.is_empty()
        && version.len() <= MAX_ID_CHARS
        && version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-'))
}

struct Validator<'a> {
    langs: &'a [String],
    declared: SortedMap<&'a str, ()>,
    errors: Vec<PsmError>,
    limit: usize,
}

impl Validator<'_> {
    fn err(
        &mut self,
        code: &'static str,
        field: impl Into<String>,
        detail: impl std::fmt::Display,
    ) {
        if !self.full() {
            self.errors.push(PsmError::new(code, field, detail));
        }
    }

    fn full(&self) -> bool {
        self.errors.len() >= self.limit
    }

    fn run(&mut self, ins: &Instrument) {
        self.id("id", &ins.id);
        if !is_valid_version(&ins.version) {
            self.err(
                codes::BAD_VERSION,
                "version",
                format!(
                    "{:?} is not 1-64 characters of A-Z a-z 0-9 . _ + -",
                    ins.version
                ),
            );
        }
        self.languages(&ins.languages);
        self.localized("title", &ins.title, true);
        self.localized("instructions", &ins.instructions, true);
        self.scale(ins);
        self.dimensions(ins);
        self.items(ins);
        self.empty_dimensions(ins);
        self.source(ins);
        self.translation(ins);
    }

    fn id(&mut self, field: &str, id: &str) {
        if !is_valid_id(id) {
            self.err(
                codes::BAD_ID,
                field,
                format!("{id:?} is not an id (1-64 characters of A-Z a-z 0-9 _ -)"),
            );
        }
    }

    fn languages(&mut self, langs: &[String]) {
        if langs.is_empty() {
            self.err(
                codes::NO_LANGUAGES,
                "languages",
                "at least one language is required",
            );
        }
        let mut seen = SortedMap::new();
        for (i, lang) in langs.iter().enumerate() {
            if self.full() {
                return;
            }
            let field = format!("languages[{i}]");
            self.id(&field, lang);
            if let Some(first) = seen.insert(lang.as_str(), i) {
                self.err(
                    codes::DUPLICATE_ID,
                    field,
                    format!("duplicate language {lang:?} (first at languages[{first}])"),
                );
            }
        }
    }

    fn text(&mut self, field: &str, text: &str) {
        if text.trim().is_empty() {
            self.err(codes::MISSING_TEXT, field, "text is empty");
        } else if text.chars().count() > MAX_TEXT_CHARS {
            self.err(
                codes::TEXT_TOO_LONG,
                field,
                format!("text is longer than {MAX_TEXT_CHARS} characters"),
            );
        }
    }

    /// Each declared language present (when required), no undeclared language, no over-long text.
    fn localized(&mut self, field: &str, map: &Localized, required: bool) {
        if self.full() {
            return;
        }
        for lang in self.langs {
            let f = format!("{field}.{lang}");
            match map.get(lang) {
                Some(text) => self.text(&f, text),
                None if required => self.err(
                    codes::MISSING_TEXT,
                    f,
                    format!("missing text for declared language {lang:?}"),
                ),
                None => {}
            }
        }
        self.undeclared(field, map.keys());
    }

    fn undeclared<'k>(&mut self, field: &str, keys: impl Iterator<Item = &'k String>) {
        for key in keys {
            if self.full() {
                return;
            }
            if !self.declared.contains_key(key.as_str()) {
                self.err(
                    codes::UNKNOWN_LANGUAGE,
                    format!("{field}.{key}"),
                    format!("language {key:?} is not declared in languages"),
                );
            }
        }
    }

    fn scale(&mut self, ins: &Instrument) {
        let points = ins.scale.points;
        if points < MIN_POINTS {
            self.err(
                codes::SCALE_TOO_SMALL,
                "scale.points",
                format!("{points} points; a scale needs at least {MIN_POINTS}"),
            );
        } else if points > MAX_POINTS {
            self.err(
                codes::SCALE_TOO_LARGE,
                "scale.points",
                format!("{points} points; at most {MAX_POINTS} are supported"),
            );
        }
        for lang in self.langs {
            if self.full() {
                return;
            }
            let field = format!("scale.labels.{lang}");
            let Some(labels) = ins.scale.labels.get(lang) else {
                self.err(
                    codes::MISSING_TEXT,
                    field,
                    format!("missing labels for declared language {lang:?}"),
                );
                continue;
            };
            if labels.len() != usize::from(points) {
                self.err(
                    codes::SCALE_LABELS,
                    field.clone(),
                    format!("{} labels for a {points}-point scale", labels.len()),
                );
            }
            for (i, label) in labels.iter().enumerate() {
                self.text(&format!("{field}[{i}]"), label);
            }
        }
        self.undeclared("scale.labels", ins.scale.labels.keys());
    }

    fn dimensions(&mut self, ins: &Instrument) {
        let mut seen = SortedMap::new();
        for (i, dim) in ins.dimensions.iter().enumerate() {
            if self.full() {
                return;
            }
            let base = format!("dimensions[{i}]");
            self.id(&format!("{base}.id"), &dim.id);
            if let Some(first) = seen.insert(dim.id.as_str(), i) {
                self.err(
                    codes::DUPLICATE_ID,
                    format!("{base}.id"),
                    format!(
                        "duplicate dimension id {:?} (first at dimensions[{first}])",
                        dim.id
                    ),
                );
            }
            self.localized(&format!("{base}.name"), &dim.name, true);
            // A description is optional, but when given it must exist in every language.
            let described = !dim.description.is_empty();
            self.localized(&format!("{base}.description"), &dim.description, described);
            let m = dim.min_answered;
            // Four decimals are finer than any instrument's item count needs, and keep the canonical
            // JSON of the share exact (crate::json_text).
            if !(m > 0.0 && m <= 1.0 && (m * 10_000.0).round() / 10_000.0 == m) {
                self.err(
                    codes::BAD_FRACTION,
                    format!("{base}.min_answered"),
                    "must be more than 0 and at most 1 (a share of the items), with at most 4 decimals",
                );
            }
        }
    }

    fn items(&mut self, ins: &Instrument) {
        if ins.items.is_empty() {
            self.err(
                codes::NO_ITEMS,
                "items",
                "an instrument needs at least one item",
            );
        } else if ins.items.len() > MAX_ITEMS {
            self.err(
                codes::TOO_MANY_ITEMS,
                "items",
                format!(
                    "{} items; at most {MAX_ITEMS} are supported",
                    ins.items.len()
                ),
            );
        }
        let dims = str_set(ins.dimensions.iter().map(|d| d.id.as_str()));
        let mut seen = SortedMap::new();
        for (i, item) in ins.items.iter().enumerate() {
            if self.full() {
                return;
            }
            let base = format!("items[{i}]");
            self.id(&format!("{base}.id"), &item.id);
            if let Some(first) = seen.insert(item.id.as_str(), i) {
                self.err(
                    codes::DUPLICATE_ID,
                    format!("{base}.id"),
                    format!("duplicate item id {:?} (first at items[{first}])", item.id),
                );
            }
            if !dims.contains_key(item.dimension.as_str()) {
                self.err(
                    codes::UNKNOWN_DIMENSION,
                    format!("{base}.dimension"),
                    format!("unknown dimension {:?}", item.dimension),
                );
            }
            self.localized(&format!("{base}.text"), &item.text, true);
        }
    }

    fn empty_dimensions(&mut self, ins: &Instrument) {
        let used = str_set(ins.items.iter().map(|i| i.dimension.as_str()));
        for (i, dim) in ins.dimensions.iter().enumerate() {
            if !used.contains_key(dim.id.as_str()) {
                self.err(
                    codes::EMPTY_DIMENSION,
                    format!("dimensions[{i}]"),
                    format!("dimension {:?} has no items", dim.id),
                );
            }
        }
    }

    fn source(&mut self, ins: &Instrument) {
        if ins.source.citation.trim().is_empty() {
            self.err(
                codes::MISSING_SOURCE,
                "source.citation",
                "an instrument must cite its source",
            );
        } else {
            self.text("source.citation", &ins.source.citation);
        }
        if let Some(doi) = &ins.source.doi {
            self.text("source.doi", doi);
        }
        if let Some(note) = &ins.source.note {
            self.text("source.note", note);
        }
    }

    fn translation(&mut self, ins: &Instrument) {
        for lang in self.langs {
            if !ins.translation.contains_key(lang) {
                self.err(
                    codes::TRANSLATION_STATUS,
                    format!("translation.{lang}"),
                    format!("missing translation status (validated, working or unverified) for {lang:?}"),
                );
            }
        }
        self.undeclared("translation", ins.translation.keys());
    }
}
