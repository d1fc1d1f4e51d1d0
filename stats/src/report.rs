//! The report as data: what the page renders and what its JSON download holds (`psm-report/1`).
//! Every figure is here at full precision; the page rounds for display.

use crate::correlation::Matrix;
use crate::describe::{Bin, Describe};
use crate::issue::Issue;
use psm_core::model::Localized;
use serde::Serialize;

pub const REPORT_SCHEMA: &str = "psm-report/1";

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub schema: &'static str,
    /// Results used in the figures.
    pub used: usize,
    /// Results rejected (each with an issue naming file and line).
    pub rejected: usize,
    /// Files from which no result could be used.
    pub rejected_files: usize,
    /// Every issue counted by code, including those not listed per file.
    pub rejected_by_code: Vec<CodeCount>,
    pub files: Vec<FileSummary>,
    pub groups: Vec<GroupReport>,
    pub settings: Settings,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeCount {
    pub code: &'static str,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    pub long_run_min: usize,
    pub fast_seconds_per_item: f64,
    pub histogram_bin_width: f64,
    pub max_file_bytes: usize,
    pub issues_listed_per_file: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub name: String,
    /// "json-array", "ndjson", "json", "csv", "instrument" or "unknown".
    pub format: &'static str,
    pub bytes: usize,
    pub used: usize,
    pub rejected: usize,
    /// The first issues, in file order.
    pub issues: Vec<Issue>,
    /// Issues not listed ("... and 12,345 more").
    pub more_issues: usize,
    /// Instrument definitions read from this file (id@version).
    pub instruments: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct InstrumentRef {
    pub id: String,
    pub version: String,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Note {
    pub code: &'static str,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupReport {
    pub instrument: InstrumentRef,
    /// The language the statements were answered in: one group per instrument version and language.
    pub lang: String,
    /// "builtin", "file" (an instrument file given beside the results) or "unknown".
    pub keying: &'static str,
    pub title: Localized,
    pub n: usize,
    /// Results that include item responses.
    pub with_responses: usize,
    pub scale_max: u8,
    /// "instrument", "payload" or "inferred" (a CSV of an unknown instrument has no scale column).
    pub scale_source: &'static str,
    pub notes: Vec<Note>,
    pub dimensions: Vec<DimensionReport>,
    pub overall: Option<OverallReport>,
    pub reliability: Vec<ReliabilityReport>,
    pub correlations: Matrix,
    pub quality: QualityReport,
}

#[derive(Debug, Clone, Serialize)]
pub struct DimensionReport {
    pub id: String,
    pub name: Localized,
    pub describe: Describe,
    pub histogram: Vec<Bin>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverallReport {
    pub methods: Vec<String>,
    pub describe: Describe,
    pub histogram: Vec<Bin>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReliabilityReport {
    pub dimension: String,
    pub name: Localized,
    pub k: usize,
    /// Complete cases (every item of the dimension answered); listwise deletion per dimension.
    pub n: usize,
    pub alpha: Option<f64>,
    pub omega: Option<f64>,
    /// Why a figure is missing, when one is.
    pub note: Option<&'static str>,
    /// Items whose corrected item-total r is negative (see [`ItemReport::flag`]), in item order.
    pub negative_items: Vec<String>,
    pub items: Vec<ItemReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemReport {
    pub id: String,
    pub reverse: bool,
    pub mean: f64,
    pub sd: f64,
    pub r_corrected: Option<f64>,
    pub alpha_if_deleted: Option<f64>,
    /// Standardised loading of the one-factor fit to the covariance matrix.
    pub loading: Option<f64>,
    /// `"negative_item_total"` when the corrected item-total r is below zero: the item runs
    /// against the rest of its dimension. Usual causes: a negation lost in translation (a
    /// reverse-keyed statement that reads positively), or a wrong reverse key.
    pub flag: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QualityReport {
    pub long_run_min: usize,
    pub fast_seconds_per_item: f64,
    /// Results with a longest-run figure.
    pub with_run: usize,
    pub long_run: usize,
    /// Results with a seconds-per-item figure (timing may be absent).
    pub with_time: usize,
    pub fast: usize,
    /// Results with at least one of the two flags.
    pub flagged: usize,
}
