//! One result, as read from any file format, checked field by field before it joins a group.
//! Strings borrow from the file text where they can: 100,000 results must not mean millions of allocations.

use crate::issue::{codes, Issue};
use std::borrow::Cow;

/// The result schema ids read (psm-core's): the current one first, then the deprecated one (same fields, no
/// consent record).
pub const SCHEMAS: [&str; 2] = [psm_core::payload::SCHEMA, psm_core::payload::SCHEMA_V1];
/// How messages name what was expected.
pub const SCHEMA: &str = "psm-result/2 or psm-result/1";

/// Largest scale the report accepts (answers run 1..=max).
pub const MAX_SCALE_POINTS: i64 = 11;
/// Longest language code accepted (a BCP 47 tag is at most 35 characters in practice).
pub const MAX_LANG_CHARS: usize = 35;

#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    pub instrument_id: Cow<'a, str>,
    pub instrument_version: Cow<'a, str>,
    pub instrument_sha256: Cow<'a, str>,
    /// The language the statements were answered in: results are never pooled across languages.
    pub lang: Cow<'a, str>,
    /// From the payload's `scale.max`; `None` for CSV rows (the CSV has no scale column).
    pub scale_max: Option<u8>,
    /// Dimension id and mean, in file order.
    pub scores: Vec<(Cow<'a, str>, Option<f64>)>,
    /// Sum of the dimensions' `items`: the instrument length.
    pub items_total: usize,
    pub overall_mean: Option<f64>,
    pub overall_method: Cow<'a, str>,
    /// Raw answers (not reverse-keyed), when the payload includes them.
    pub responses: Option<Vec<(Cow<'a, str>, u8)>>,
    pub longest_run: Option<u64>,
    pub seconds_median: Option<f64>,
    pub submission_id: Cow<'a, str>,
}

pub(crate) fn invalid(line: usize, field: &str, detail: impl std::fmt::Display) -> Issue {
    Issue::new(line, codes::INVALID_FIELD, format!("{field}: {detail}"))
}

/// A lower-case hex SHA-256 (64 characters).
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Checks shared by every format: identifiers, ranges, consistency. `line` is where the result starts.
pub fn check(row: &Row, completed_on: &str, line: usize) -> Result<(), Issue> {
    if row.instrument_id.is_empty() {
        return Err(invalid(line, "instrument.id", "is empty"));
    }
    if row.instrument_version.is_empty() {
        return Err(invalid(line, "instrument.version", "is empty"));
    }
    if !is_sha256(&row.instrument_sha256) {
        return Err(invalid(
            line,
            "instrument.sha256",
            "is not a lower-case hex SHA-256 (64 characters)",
        ));
    }
    if !is_date(completed_on) {
        return Err(invalid(line, "completed_on", "is not a YYYY-MM-DD date"));
    }
    if row.lang.is_empty() {
        return Err(invalid(line, "lang", "is empty"));
    }
    if row.lang.len() > MAX_LANG_CHARS
        || !row
            .lang
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Err(invalid(
            line,
            "lang",
            format!("is not a language code (letters, digits, '-'; at most {MAX_LANG_CHARS})"),
        ));
    }
    if row.submission_id.is_empty() {
        return Err(invalid(line, "submission_id", "is empty"));
    }
    if row.scores.is_empty() {
        return Err(invalid(line, "scores", "has no dimension"));
    }
    let top = row.scale_max.map_or(MAX_SCALE_POINTS as f64, f64::from);
    let in_scale = |x: f64| x.is_finite() && (1.0 - 1e-9..=top + 1e-9).contains(&x);
    for (i, (dim, mean)) in row.scores.iter().enumerate() {
        if dim.is_empty() || row.scores[..i].iter().any(|(d, _)| d == dim) {
            return Err(invalid(
                line,
                "scores",
                format!("dimension id '{dim}' is empty or repeated"),
            ));
        }
        if let Some(m) = mean {
            if !in_scale(*m) {
                return Err(invalid(
                    line,
                    &format!("scores.{dim}.mean"),
                    format!("{m} is outside the scale 1..{top}"),
                ));
            }
        }
    }
    if let Some(m) = row.overall_mean {
        if !in_scale(m) {
            return Err(invalid(
                line,
                "overall.mean",
                format!("{m} is outside the scale 1..{top}"),
            ));
        }
    }
    if let Some(responses) = &row.responses {
        for (item, value) in responses {
            if *value == 0 || f64::from(*value) > top {
                return Err(invalid(
                    line,
                    &format!("responses.{item}"),
                    format!("{value} is outside the scale 1..{top}"),
                ));
            }
        }
        if responses.len() > row.items_total {
            return Err(invalid(
                line,
                "responses",
                format!("{} answers for {} items", responses.len(), row.items_total),
            ));
        }
    }
    if let Some(s) = row.seconds_median {
        if !s.is_finite() || s < 0.0 {
            return Err(invalid(
                line,
                "quality.seconds_median_per_item",
                format!("{s} is not a duration"),
            ));
        }
    }
    if let Some(run) = row.longest_run {
        if run as usize > row.items_total {
            return Err(invalid(
                line,
                "quality.longest_same_answer_run",
                format!("{run} is longer than the {} items", row.items_total),
            ));
        }
    }
    Ok(())
}

/// Values against a scale learnt elsewhere (a CSV row has no scale column; its instrument has one).
pub fn check_scale(row: &Row, points: u8, line: usize) -> Result<(), Issue> {
    let top = f64::from(points) + 1e-9;
    for (dim, mean) in &row.scores {
        if mean.is_some_and(|m| m > top) {
            return Err(invalid(
                line,
                &format!("scores.{dim}.mean"),
                format!("{} is outside the scale 1..{points}", mean.unwrap_or(0.0)),
            ));
        }
    }
    if row.overall_mean.is_some_and(|m| m > top) {
        return Err(invalid(
            line,
            "overall.mean",
            format!("is outside the scale 1..{points}"),
        ));
    }
    for (item, v) in row.responses.iter().flatten() {
        if *v > points {
            return Err(invalid(
                line,
                &format!("responses.{item}"),
                format!("{v} is outside the scale 1..{points}"),
            ));
        }
    }
    Ok(())
}

/// Answered/items counts of one dimension: answered never exceeds items, and a dimension has items.
pub fn check_counts(dim: &str, answered: u64, items: u64, line: usize) -> Result<(), Issue> {
    if items == 0 || answered > items {
        return Err(invalid(
            line,
            &format!("scores.{dim}"),
            format!("answered {answered} of {items} items is impossible"),
        ));
    }
    Ok(())
}
