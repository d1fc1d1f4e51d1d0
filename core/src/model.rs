//! The instrument model: what a questionnaire is, as data.
//!
//! Instruments arrive as JSON (built-ins embedded at build time, custom ones from the host).
//! Every struct denies unknown fields so a typo in a host's instrument is an error, not a silent gap.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Text in several languages, keyed by language code (`"id"`, `"en"`).
pub type Localized = BTreeMap<String, String>;

/// Default share of a dimension's items that must be answered for it to be scored.
pub const DEFAULT_MIN_ANSWERED: f64 = 0.75;

fn default_min_answered() -> f64 {
    DEFAULT_MIN_ANSWERED
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    pub translation: BTreeMap<String, TranslationStatus>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Number of response points; answers run 1..=points.
    pub points: u8,
    /// Per language, one label per point, lowest first.
    pub labels: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    pub name: Localized,
    /// A short plain-language explanation shown on the result screen.
    #[serde(default)]
    pub description: Localized,
    /// Minimum answered fraction (0 < x <= 1) for the dimension to be scored.
    #[serde(default = "default_min_answered")]
    pub min_answered: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub id: String,
    pub dimension: String,
    pub text: Localized,
    /// Reverse-keyed: scored as (points + 1) - answer.
    #[serde(default)]
    pub reverse: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Full bibliographic citation of the scale.
    pub citation: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    /// Notes on wording status, adaptation, caveats.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TranslationStatus {
    /// Original wording or a translation validated (forward-backward and pilot).
    Validated,
    /// A working translation, not yet validated: fine for description, not for high stakes.
    Working,
}

/// Answers keyed by item id; values are scale points 1..=points.
pub type Answers = BTreeMap<String, u8>;
