//! Kiosk CSV export (also read by the cohort report).
//!
//! UTF-8, RFC 4180 (comma, CRLF, double-quote quoting), header row, one row per payload. Columns:
//! schema, submission_id, instrument_id, instrument_version, instrument_sha256, lang, completed_on,
//! overall_mean, overall_method, longest_same_answer_run, seconds_median_per_item, then per dimension
//! `score_D`, `answered_D`, `items_D`, then, when any payload carries responses, `resp_I` per item.
//! Empty cell = null or absent.
//!
//! Callers write one file per instrument sha256. Should payloads of several instruments arrive
//! anyway, the dimension and item columns are the union in order of first appearance, so no
//! value is dropped.

use crate::payload::ResultPayload;

/// The fixed leading columns of the CSV export (the cohort report reads the same list).
pub const FIXED_COLUMNS: [&str; 11] = [
    "schema",
    "submission_id",
    "instrument_id",
    "instrument_version",
    "instrument_sha256",
    "lang",
    "completed_on",
    "overall_mean",
    "overall_method",
    "longest_same_answer_run",
    "seconds_median_per_item",
];

pub fn to_csv(payloads: &[ResultPayload]) -> String {
    let mut dims: Vec<&str> = Vec::new();
    let mut items: Vec<&str> = Vec::new();
    for p in payloads {
        union(&mut dims, p.scores.keys());
        if let Some(responses) = &p.responses {
            union(&mut items, responses.keys());
        }
    }
    let with_responses = payloads.iter().any(|p| p.responses.is_some());

    let mut header: Vec<String> = FIXED_COLUMNS.iter().map(|s| s.to_string()).collect();
    for d in &dims {
        header.extend([
            format!("score_{d}"),
            format!("answered_{d}"),
            format!("items_{d}"),
        ]);
    }
    if with_responses {
        header.extend(items.iter().map(|i| format!("resp_{i}")));
    }

    let mut out = String::new();
    push_row(&mut out, header.iter().map(|h| text(h)));
    for p in payloads {
        let mut row = vec![
            text(&p.schema),
            text(&p.submission_id),
            text(&p.instrument.id),
            text(&p.instrument.version),
            text(&p.instrument.sha256),
            text(&p.lang),
            text(&p.completed_on),
            number(p.overall.mean),
            text(&p.overall.method),
            p.quality.longest_same_answer_run.to_string(),
            number(p.quality.seconds_median_per_item),
        ];
        for d in &dims {
            match p.scores.get(d) {
                Some(s) => {
                    row.extend([number(s.mean), s.answered.to_string(), s.items.to_string()])
                }
                None => row.extend([String::new(), String::new(), String::new()]),
            }
        }
        if with_responses {
            for i in &items {
                let value = p
                    .responses
                    .as_ref()
                    .and_then(|r| r.get(i).copied().flatten());
                row.push(value.map(|v| v.to_string()).unwrap_or_default());
            }
        }
        push_row(&mut out, row.into_iter());
    }
    out
}

fn union<'a>(columns: &mut Vec<&'a str>, keys: impl Iterator<Item = &'a str>) {
    for key in keys {
        if !columns.contains(&key) {
            columns.push(key);
        }
    }
}

fn number(value: Option<f64>) -> String {
    value.map(crate::json_write::decimal).unwrap_or_default()
}

/// A text cell, RFC 4180 quoted when needed. A leading `=`, `+`, `-` or `@` would make a
/// spreadsheet evaluate a formula, so such text gets a leading apostrophe (OWASP advice).
fn text(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

fn push_row(out: &mut String, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.collect();
    out.push_str(&cells.join(","));
    out.push_str("\r\n");
}
