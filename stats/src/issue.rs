//! What can be wrong with a file or one of its results: a stable code, the line, an English detail.
//! The page localises by code; the detail names the field or the text at fault.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// 1-based line where the bad result starts (0 when the issue concerns the whole file).
    pub line: usize,
    pub code: &'static str,
    pub detail: String,
    /// "result" when one result was rejected, "file" when the issue is about the file as a whole.
    pub scope: &'static str,
}

impl Issue {
    /// One result rejected.
    pub fn new(line: usize, code: &'static str, detail: impl Into<String>) -> Self {
        Issue {
            line,
            code,
            detail: detail.into(),
            scope: "result",
        }
    }

    /// The file as a whole (format, size, structure), not one result.
    pub fn file(line: usize, code: &'static str, detail: impl Into<String>) -> Self {
        Issue {
            line,
            code,
            detail: detail.into(),
            scope: "file",
        }
    }
}

/// Stable issue codes. Never reuse one for a different meaning.
pub mod codes {
    /// The file is larger than [`crate::read::MAX_FILE_BYTES`].
    pub const TOO_LARGE: &str = "too_large";
    pub const EMPTY_FILE: &str = "empty_file";
    pub const NOT_UTF8: &str = "not_utf8";
    /// Neither JSON nor the kiosk CSV.
    pub const UNKNOWN_FORMAT: &str = "unknown_format";
    pub const JSON_SYNTAX: &str = "json_syntax";
    /// The file ends in the middle of a result.
    pub const TRUNCATED: &str = "truncated";
    pub const WRONG_SCHEMA: &str = "wrong_schema";
    /// A field is missing, unknown, of the wrong type or out of range.
    pub const INVALID_FIELD: &str = "invalid_field";
    pub const CSV_HEADER: &str = "csv_header";
    pub const CSV_COLUMNS: &str = "csv_columns";
    /// A kiosk CSV holds rows of more than one instrument sha256.
    pub const MIXED_INSTRUMENTS: &str = "mixed_instruments";
    /// The same submission_id was already used (portals retry deliveries).
    pub const DUPLICATE: &str = "duplicate";
    /// The dimensions differ from earlier results of the same instrument sha256.
    pub const INCONSISTENT: &str = "inconsistent_dimensions";
    /// Reading stopped: too many errors and not one valid result.
    pub const ABANDONED: &str = "abandoned";
    /// An instrument definition file that does not validate.
    pub const INSTRUMENT_INVALID: &str = "instrument_invalid";
    /// The browser could not read the file.
    pub const UNREADABLE: &str = "unreadable";
}
