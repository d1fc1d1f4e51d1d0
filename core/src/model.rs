//! The instrument model: what a questionnaire is, as data.
//!
//! Instruments arrive as JSON (built-ins embedded at build time, custom ones from the host).
//! Reading from JSON ([`Instrument::read`]) denies unknown fields, so a typo in a host's instrument is an
//! error, not a silent gap.

use crate::decode::{self, Obj, Path};
use crate::error::PsmError;
use crate::sorted_map::SortedMap;
use crate::value::Json;
use serde::Serialize;

/// Text in several languages, keyed by language code (`"id"`, `"en"`).
pub type Localized = SortedMap<String, String>;

/// Default share of a dimension's items that must be answered for it to be scored.
pub const DEFAULT_MIN_ANSWERED: f64 = 0.75;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Instrument {
    /// Stable identifier, e.g. `perry-24`.
    pub id: String,
    /// Version of the instrument content, e.g. `1.0.0`.
    pub version: String,
    /// Declared languages; every text must exist in each of them.
    pub languages: Vec<String>,
    pub title: Localized,
    pub instructions: Localized,
    pub scale: Scale,
    pub dimensions: Vec<Dimension>,
    pub items: Vec<Item>,
    pub source: Source,
    /// Per declared language: whether its wording is validated or a working translation.
    pub translation: SortedMap<String, TranslationStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scale {
    /// Number of response points; answers run 1..=points.
    pub points: u8,
    /// Per language, one label per point, lowest first.
    pub labels: SortedMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dimension {
    pub id: String,
    pub name: Localized,
    /// A short plain-language explanation shown on the result screen.
    pub description: Localized,
    /// Minimum answered fraction (0 < x <= 1) for the dimension to be scored.
    pub min_answered: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    pub id: String,
    pub dimension: String,
    pub text: Localized,
    /// Reverse-keyed: scored as (points + 1) - answer.
    pub reverse: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Full bibliographic citation of the scale.
    pub citation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    /// Notes on wording status, adaptation, caveats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationStatus {
    /// Original wording or a translation validated (forward-backward and pilot).
    Validated,
    /// A working translation, not yet validated: fine for description, not for high stakes.
    Working,
    /// Wording in the source language that has not been checked, item by item, against the
    /// published source (e.g. recalled from the paper): the meaning is confirmed, the exact words not.
    Unverified,
}

/// Answers keyed by item id; values are scale points 1..=points.
pub type Answers = SortedMap<String, u8>;

/// Seconds (or ms timestamps) per item id.
pub type Timings = SortedMap<String, f64>;

impl Instrument {
    /// Reads an instrument object (shape and types only; [`crate::instrument::validate`] checks the rules).
    pub(crate) fn read(v: &Json, path: &Path) -> Result<Instrument, PsmError> {
        let o = Obj::new(
            v,
            path,
            &[
                "id",
                "version",
                "languages",
                "title",
                "instructions",
                "scale",
                "dimensions",
                "items",
                "source",
                "translation",
            ],
        )?;
        Ok(Instrument {
            id: o.req("id", decode::string)?,
            version: o.req("version", decode::string)?,
            languages: o.req("languages", decode::strings)?,
            title: o.req("title", decode::texts)?,
            instructions: o.req("instructions", decode::texts)?,
            scale: o.req("scale", Scale::read)?,
            dimensions: o.req("dimensions", |v, p| decode::array(v, p, Dimension::read))?,
            items: o.req("items", |v, p| decode::array(v, p, Item::read))?,
            source: o.req("source", Source::read)?,
            translation: o.req("translation", |v, p| {
                decode::map(v, p, TranslationStatus::read)
            })?,
        })
    }
}

impl Scale {
    fn read(v: &Json, path: &Path) -> Result<Scale, PsmError> {
        let o = Obj::new(v, path, &["points", "labels"])?;
        Ok(Scale {
            points: o.req("points", decode::uint8)?,
            labels: o.req("labels", |v, p| decode::map(v, p, decode::strings))?,
        })
    }
}

impl Dimension {
    fn read(v: &Json, path: &Path) -> Result<Dimension, PsmError> {
        let o = Obj::new(v, path, &["id", "name", "description", "min_answered"])?;
        Ok(Dimension {
            id: o.req("id", decode::string)?,
            name: o.req("name", decode::texts)?,
            description: o.opt("description", decode::texts)?.unwrap_or_default(),
            min_answered: o
                .opt("min_answered", decode::number)?
                .unwrap_or(DEFAULT_MIN_ANSWERED),
        })
    }
}

impl Item {
    fn read(v: &Json, path: &Path) -> Result<Item, PsmError> {
        let o = Obj::new(v, path, &["id", "dimension", "text", "reverse"])?;
        Ok(Item {
            id: o.req("id", decode::string)?,
            dimension: o.req("dimension", decode::string)?,
            text: o.req("text", decode::texts)?,
            reverse: o.opt("reverse", decode::boolean)?.unwrap_or(false),
        })
    }
}

impl Source {
    fn read(v: &Json, path: &Path) -> Result<Source, PsmError> {
        let o = Obj::new(v, path, &["citation", "doi", "note"])?;
        Ok(Source {
            citation: o.req("citation", decode::string)?,
            // `null` as "none", like the config's optional fields (a host's JSON.stringify writes it).
            doi: o.nullable("doi", decode::string)?,
            note: o.nullable("note", decode::string)?,
        })
    }
}

impl TranslationStatus {
    fn read(v: &Json, path: &Path) -> Result<TranslationStatus, PsmError> {
        let statuses = [
            ("validated", TranslationStatus::Validated),
            ("working", TranslationStatus::Working),
            ("unverified", TranslationStatus::Unverified),
        ];
        decode::choice(v, path, &statuses)
    }
}
