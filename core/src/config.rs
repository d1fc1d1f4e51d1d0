//! The host configuration: JSON from the custom element, `mount()` or the iframe's query string
//! (the JS side removes callbacks first). Every field is checked; every error names its field.

use crate::builtin;
use crate::error::{codes, PsmError};
use crate::instrument;
use crate::json_error;
use crate::model::Instrument;
use crate::origin::{parse_exact_origin, split_host_port, valid_host};
use crate::payload::check_candidate;
use serde::Deserialize;

pub const DEFAULT_LANG: &str = "id";
pub const DEFAULT_RESUME_HOURS: u32 = 24;
pub const MAX_RESUME_HOURS: u32 = 24 * 30;
pub const DEFAULT_IDLE_SECONDS: u32 = 90;
pub const DEFAULT_RESET_SECONDS: u32 = 60;
/// Kiosk timers: at least a second, at most a day.
pub const MAX_KIOSK_SECONDS: u32 = 86_400;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Embed,
    Kiosk,
}

/// The resolved, validated configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct QuizConfig {
    pub instrument: Instrument,
    /// The built-in id when the host named one; `None` for a custom instrument.
    pub builtin_id: Option<String>,
    /// One of the instrument's languages.
    pub lang: String,
    pub mode: Mode,
    /// http(s) URL results are POSTed to.
    pub endpoint: Option<String>,
    pub include_responses: bool,
    pub shuffle: bool,
    pub shuffle_seed: Option<u64>,
    /// Given together or not at all, both non-empty.
    pub candidate_ref: Option<String>,
    pub candidate_key: Option<String>,
    /// Normalised exact origin (see [`crate::origin`]).
    pub parent_origin: Option<String>,
    pub resume_hours: u32,
    pub kiosk: KioskConfig,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskConfig {
    pub idle_seconds: u32,
    pub reset_seconds: u32,
    /// Lowercase hex SHA-256 of the staff PIN.
    pub pin_sha256: Option<String>,
}

impl Default for KioskConfig {
    fn default() -> Self {
        KioskConfig {
            idle_seconds: DEFAULT_IDLE_SECONDS,
            reset_seconds: DEFAULT_RESET_SECONDS,
            pin_sha256: None,
        }
    }
}

impl QuizConfig {
    /// `(reference, key)` for the payload's candidate_ref, when both are configured.
    pub fn candidate(&self) -> Option<(String, String)> {
        Some((self.candidate_ref.clone()?, self.candidate_key.clone()?))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    instrument: Option<serde_json::Value>,
    lang: Option<String>,
    #[serde(default)]
    mode: Mode,
    endpoint: Option<String>,
    #[serde(default)]
    include_responses: bool,
    #[serde(default)]
    shuffle: bool,
    shuffle_seed: Option<u64>,
    candidate_ref: Option<String>,
    candidate_key: Option<String>,
    parent_origin: Option<String>,
    resume_hours: Option<u32>,
    kiosk: Option<RawKiosk>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKiosk {
    idle_seconds: Option<u32>,
    reset_seconds: Option<u32>,
    pin_sha256: Option<String>,
}

const CODES: json_error::Codes = json_error::Codes {
    syntax: codes::CONFIG_INVALID,
    unknown_field: codes::CONFIG_INVALID,
    missing_field: codes::CONFIG_INVALID,
    data: codes::CONFIG_INVALID,
};

pub fn parse_config(json: &str) -> Result<QuizConfig, PsmError> {
    let raw: RawConfig = json_error::from_str(json, &CODES)?;
    let (instrument, builtin_id) = resolve_instrument(raw.instrument)?;

    // Default "id" (Indonesian first); a custom instrument without Indonesian starts in its first language.
    let lang = match raw.lang {
        Some(lang) => lang,
        None if instrument.languages.iter().any(|l| l == DEFAULT_LANG) => DEFAULT_LANG.to_string(),
        None => instrument.languages[0].clone(),
    };
    if !instrument.languages.contains(&lang) {
        return Err(PsmError::new(
            codes::UNKNOWN_LANGUAGE,
            "lang",
            format!(
                "{lang:?} is not one of the instrument's languages {:?}",
                instrument.languages
            ),
        ));
    }

    let endpoint = raw
        .endpoint
        .map(|e| check_endpoint(&e).map(|()| e))
        .transpose()?;

    let (candidate_ref, candidate_key) = match (raw.candidate_ref, raw.candidate_key) {
        (Some(r), Some(k)) => {
            check_candidate(&r, &k)?;
            (Some(r), Some(k))
        }
        (None, None) => (None, None),
        (Some(_), None) => return Err(both_or_neither("candidate_key")),
        (None, Some(_)) => return Err(both_or_neither("candidate_ref")),
    };

    let parent_origin = raw
        .parent_origin
        .as_deref()
        .map(parse_exact_origin)
        .transpose()?;

    let resume_hours = raw.resume_hours.unwrap_or(DEFAULT_RESUME_HOURS);
    if resume_hours > MAX_RESUME_HOURS {
        return Err(PsmError::new(
            codes::CONFIG_INVALID,
            "resume_hours",
            format!("{resume_hours} is more than {MAX_RESUME_HOURS} (30 days)"),
        ));
    }

    Ok(QuizConfig {
        instrument,
        builtin_id,
        lang,
        mode: raw.mode,
        endpoint,
        include_responses: raw.include_responses,
        shuffle: raw.shuffle,
        shuffle_seed: raw.shuffle_seed,
        candidate_ref,
        candidate_key,
        parent_origin,
        resume_hours,
        kiosk: resolve_kiosk(raw.kiosk)?,
    })
}

fn both_or_neither(missing: &str) -> PsmError {
    PsmError::new(
        codes::CANDIDATE_REF,
        missing,
        "candidate_ref and candidate_key must be given together",
    )
}

fn resolve_instrument(
    value: Option<serde_json::Value>,
) -> Result<(Instrument, Option<String>), PsmError> {
    match value {
        Some(serde_json::Value::String(id)) => match builtin::get(&id) {
            Some(instrument) => Ok((instrument, Some(id))),
            None => Err(PsmError::new(
                codes::UNKNOWN_INSTRUMENT,
                "instrument",
                format!(
                    "{id:?} is not a built-in instrument (one of {:?})",
                    builtin::ids()
                ),
            )),
        },
        Some(object @ serde_json::Value::Object(_)) => {
            // Re-serialising a parsed Value cannot fail; the instrument parser then reports its
            // own field paths, prefixed so the host sees where in its config they are.
            let json = serde_json::to_string(&object).expect("JSON value serialises");
            let instrument = instrument::parse(&json).map_err(|e| e.prefixed("instrument"))?;
            Ok((instrument, None))
        }
        Some(_) => Err(PsmError::new(
            codes::CONFIG_INVALID,
            "instrument",
            "expected a built-in id (string) or an instrument object",
        )),
        None => Err(PsmError::new(
            codes::CONFIG_INVALID,
            "instrument",
            "required field is missing",
        )),
    }
}

/// An absolute http(s) URL with a host and no user info (credentials do not belong in a page).
fn check_endpoint(url: &str) -> Result<(), PsmError> {
    let bad = |why: &str| PsmError::new(codes::BAD_ENDPOINT, "endpoint", format!("{url:?} {why}"));
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("contains whitespace"));
    }
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("must be an absolute http or https URL"))?;
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err(bad("must be an absolute http or https URL"));
    }
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if authority.contains('@') {
        return Err(bad("must not contain user info"));
    }
    let (host, _) = split_host_port(authority).ok_or_else(|| bad("has an invalid port"))?;
    if !valid_host(&host.to_ascii_lowercase()) {
        return Err(bad("must name a valid host"));
    }
    Ok(())
}

fn resolve_kiosk(raw: Option<RawKiosk>) -> Result<KioskConfig, PsmError> {
    let Some(raw) = raw else {
        return Ok(KioskConfig::default());
    };
    let seconds = |field: &str, value: Option<u32>, default: u32| {
        let v = value.unwrap_or(default);
        if v == 0 || v > MAX_KIOSK_SECONDS {
            return Err(PsmError::new(
                codes::CONFIG_INVALID,
                field,
                format!("{v} is not between 1 and {MAX_KIOSK_SECONDS} seconds"),
            ));
        }
        Ok(v)
    };
    let pin_sha256 = match raw.pin_sha256 {
        Some(pin) => {
            let pin = pin.to_ascii_lowercase();
            if pin.len() != 64 || !pin.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(PsmError::new(
                    codes::CONFIG_INVALID,
                    "kiosk.pin_sha256",
                    "must be 64 hex digits (SHA-256 of the PIN)",
                ));
            }
            Some(pin)
        }
        None => None,
    };
    Ok(KioskConfig {
        idle_seconds: seconds("kiosk.idle_seconds", raw.idle_seconds, DEFAULT_IDLE_SECONDS)?,
        reset_seconds: seconds(
            "kiosk.reset_seconds",
            raw.reset_seconds,
            DEFAULT_RESET_SECONDS,
        )?,
        pin_sha256,
    })
}
