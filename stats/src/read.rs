//! One file in, rows and issues out: size cap, UTF-8, format detection, then the format's reader.

use crate::issue::{codes, Issue};
use crate::sink::Sink;
use crate::{csv, json};

/// Larger files are refused unread (the page checks `File.size` before reading too).
pub const MAX_FILE_BYTES: usize = 200 * 1024 * 1024;

/// The layout a file was read as, for the file table.
pub fn detect(text: &str) -> &'static str {
    let t = text.trim_start();
    if t.starts_with('[') {
        "json-array"
    } else if t.starts_with('{') {
        if json::looks_like_ndjson(text) {
            "ndjson"
        } else {
            "json"
        }
    } else if csv::looks_like_csv(text) {
        "csv"
    } else {
        "unknown"
    }
}

/// Reads a whole file. Returns the detected layout.
pub fn read_file(bytes: &[u8], sink: &mut dyn Sink) -> &'static str {
    if bytes.len() > MAX_FILE_BYTES {
        sink.issue(Issue::file(
            0,
            codes::TOO_LARGE,
            format!(
                "{} bytes, more than the limit of {MAX_FILE_BYTES}",
                bytes.len()
            ),
        ));
        return "unknown";
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            sink.issue(Issue::file(
                line,
                codes::NOT_UTF8,
                format!(
                    "byte {} is not UTF-8 text: not a result file",
                    e.valid_up_to() + 1
                ),
            ));
            return "unknown";
        }
    };
    if text.trim().is_empty() {
        sink.issue(Issue::file(0, codes::EMPTY_FILE, "the file is empty"));
        return "unknown";
    }
    let kind = detect(text);
    match kind {
        "json-array" => json::read_array(text, sink),
        "ndjson" => json::read_ndjson(text, sink),
        "json" => json::read_sequence(text, sink),
        "csv" => csv::read_csv(text, sink),
        _ => {
            let skipped = text.len() - text.trim_start().len();
            let line = 1 + text[..skipped].matches('\n').count();
            sink.issue(Issue::file(
                line,
                codes::UNKNOWN_FORMAT,
                "neither JSON (array, NDJSON or object) nor the kiosk CSV export",
            ));
        }
    }
    kind
}
