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
    value.map(decimal).unwrap_or_default()
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

/// `x` as the shortest decimal with at most six decimals that reads back as `x`, or rounded to six
/// decimals (fewer for large magnitudes) when there is none. No exponent, no `.0`: `3`, `3.67`, `-0.5`.
/// Non-finite numbers have no decimal form: the caller decides (JSON writes `null`).
/// (A spreadsheet cell, not JSON: the CSV export's numbers.)
pub fn decimal(x: f64) -> String {
    // 2^53: below it every integer is exact, so `scaled / 10^k` is one correctly rounded division.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    let mut best = None;
    for (k, &p) in [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6].iter().enumerate() {
        let scaled = (x * p).round();
        if scaled.abs() >= EXACT {
            break;
        }
        best = Some((scaled, k));
        if scaled / p == x {
            break;
        }
    }
    let Some((scaled, k)) = best else {
        // |x| >= 2^53 is an integer already: written in full, every digit exact.
        let digits = big_integer_digits(x.abs());
        return if x < 0.0 {
            format!("-{digits}")
        } else {
            digits
        };
    };
    let negative = scaled < 0.0;
    let mut digits = (scaled.abs() as u64).to_string();
    if digits.len() <= k {
        digits.insert_str(0, &"0".repeat(k + 1 - digits.len()));
    }
    let (int_part, frac_part) = digits.split_at(digits.len() - k);
    let frac_part = frac_part.trim_end_matches('0');
    let mut text = String::with_capacity(digits.len() + 2);
    if negative {
        text.push('-');
    }
    text.push_str(int_part);
    if !frac_part.is_empty() {
        text.push('.');
        text.push_str(frac_part);
    }
    text
}

/// The decimal digits of an integral double of at least 2^53: its 53-bit mantissa doubled `exponent`
/// times in base 10^9 limbs (at most about 35 of them for the largest double).
fn big_integer_digits(x: f64) -> String {
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i64 - 1075;
    let mantissa = (bits & ((1 << 52) - 1)) | (1 << 52);
    const LIMB: u64 = 1_000_000_000;
    let mut limbs = vec![
        mantissa % LIMB,
        mantissa / LIMB % LIMB,
        mantissa / LIMB / LIMB,
    ];
    for _ in 0..exponent.max(0) {
        let mut carry = 0;
        for limb in limbs.iter_mut() {
            let v = *limb * 2 + carry;
            *limb = v % LIMB;
            carry = v / LIMB;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    let mut text = limbs.last().map_or(String::new(), u64::to_string);
    for limb in limbs.iter().rev().skip(1) {
        let part = limb.to_string();
        text.push_str(&"0".repeat(9 - part.len()));
        text.push_str(&part);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_is_exact_to_six_places_and_rounds_beyond() {
        assert_eq!(decimal(3.0), "3");
        assert_eq!(decimal(-0.5), "-0.5");
        assert_eq!(decimal(0.123456), "0.123456");
        assert_eq!(decimal(1.0 / 3.0), "0.333333");
        // A product that is not a short decimal is written as the short one it rounds to.
        assert_eq!(decimal(35.0 * 0.01), "0.35");
        assert_eq!(decimal(-1e-9), "0");
        assert_eq!(decimal(1e19), "10000000000000000000");
        assert_eq!(decimal(-1e19), "-10000000000000000000");
        // Beyond 2^53 every digit of the integer, which reads back as the same double.
        assert_eq!(decimal(2f64.powi(64)), "18446744073709551616");
        assert_eq!(decimal(1e21), "1000000000000000000000");
        for x in [
            1e21,
            2f64.powi(64),
            f64::MAX,
            -f64::MAX,
            9_007_199_254_740_994.0,
        ] {
            assert_eq!(decimal(x).parse::<f64>().unwrap(), x);
        }
    }
}
