//! One error type for everything a host, an instrument or a message can get wrong.
//!
//! `code` is stable (hosts switch on it); `field` is a path such as `items[7].dimension`;
//! `message` is an English sentence that names the field. The web shell localises around it.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PsmError {
    pub code: &'static str,
    pub field: String,
    pub message: String,
}

impl PsmError {
    pub fn new(code: &'static str, field: impl Into<String>, detail: impl fmt::Display) -> Self {
        let field = field.into();
        let message = if field.is_empty() {
            detail.to_string()
        } else {
            format!("{field}: {detail}")
        };
        PsmError {
            code,
            field,
            message,
        }
    }
}

impl PsmError {
    /// The same error seen from an enclosing document: `items[3].text` becomes `instrument.items[3].text`.
    pub fn prefixed(self, prefix: &str) -> Self {
        let detail = match self.message.strip_prefix(&format!("{}: ", self.field)) {
            Some(rest) if !self.field.is_empty() => rest.to_string(),
            _ => self.message.clone(),
        };
        let field = if self.field.is_empty() {
            prefix.to_string()
        } else if self.field.starts_with('[') {
            format!("{prefix}{}", self.field)
        } else {
            format!("{prefix}.{}", self.field)
        };
        PsmError::new(self.code, field, detail)
    }
}

impl fmt::Display for PsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.code, self.message)
    }
}

impl std::error::Error for PsmError {}

/// Stable error codes. Never renumber or reuse; add new ones at the end of a group.
pub mod codes {
    // Instrument parsing and validation.
    pub const INSTRUMENT_JSON: &str = "instrument_json";
    pub const INSTRUMENT_UNKNOWN_FIELD: &str = "instrument_unknown_field";
    pub const INSTRUMENT_MISSING_FIELD: &str = "instrument_missing_field";
    pub const DUPLICATE_ID: &str = "duplicate_id";
    pub const UNKNOWN_DIMENSION: &str = "unknown_dimension";
    pub const EMPTY_DIMENSION: &str = "empty_dimension";
    pub const MISSING_TEXT: &str = "missing_text";
    pub const SCALE_TOO_SMALL: &str = "scale_too_small";
    pub const SCALE_TOO_LARGE: &str = "scale_too_large";
    pub const SCALE_LABELS: &str = "scale_labels";
    pub const TOO_MANY_ITEMS: &str = "too_many_items";
    pub const TEXT_TOO_LONG: &str = "text_too_long";
    pub const BAD_ID: &str = "bad_id";
    pub const BAD_FRACTION: &str = "bad_fraction";
    pub const NO_LANGUAGES: &str = "no_languages";
    pub const UNKNOWN_LANGUAGE: &str = "unknown_language";
    pub const TRANSLATION_STATUS: &str = "translation_status";
    pub const NO_ITEMS: &str = "no_items";
    pub const BAD_VERSION: &str = "bad_version";
    pub const MISSING_SOURCE: &str = "missing_source";
    // Answers and scoring.
    pub const ANSWER_OUT_OF_RANGE: &str = "answer_out_of_range";
    pub const UNKNOWN_ITEM: &str = "unknown_item";
    // Host configuration.
    pub const CONFIG_INVALID: &str = "config_invalid";
    pub const UNKNOWN_INSTRUMENT: &str = "unknown_instrument";
    pub const BAD_ORIGIN: &str = "bad_origin";
    pub const BAD_ENDPOINT: &str = "bad_endpoint";
    pub const CANDIDATE_REF: &str = "candidate_ref";
    /// `mode: "kiosk"` given to the embed build (psm-quiz.js loads the kiosk build for it).
    pub const KIOSK_BUILD_REQUIRED: &str = "kiosk_build_required";
    /// `endpoint` given to the embed build (psm-quiz.js loads the delivery build for it).
    pub const DELIVERY_BUILD_REQUIRED: &str = "delivery_build_required";
    /// `notice` missing while the result is linked to a person, or a notice text missing or blank.
    pub const NOTICE_INCOMPLETE: &str = "notice_incomplete";
    // Result payload.
    pub const BAD_DATE: &str = "bad_date";
    pub const BAD_SUBMISSION_ID: &str = "bad_submission_id";
    pub const BAD_ORDER: &str = "bad_order";
    pub const PAYLOAD_JSON: &str = "payload_json";
    // Delivery and storage (reported by the web shell as `psm-error`).
    pub const DELIVERY_REJECTED: &str = "delivery_rejected";
    pub const STORAGE_UNAVAILABLE: &str = "storage_unavailable";
    /// The endpoint answered a POST with a redirect (3xx): not delivered, kept for export.
    pub const DELIVERY_REDIRECTED: &str = "delivery_redirected";
    /// No answer from the endpoint for a while (network, server down, or CORS); retries go on.
    pub const DELIVERY_UNREACHABLE: &str = "delivery_unreachable";
    /// An `http:` endpoint on an `https:` page: browsers block it (mixed content); refused at mount.
    pub const ENDPOINT_MIXED_CONTENT: &str = "endpoint_mixed_content";
}
