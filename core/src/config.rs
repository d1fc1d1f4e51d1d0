//! The host configuration: JSON from the custom element, `mount()` or the iframe's query string
//! (the JS side removes callbacks first). Every field is checked; every error names its field.

use crate::builtin;
use crate::decode::{self, Obj, Path};
use crate::error::{codes, PsmError};
use crate::instrument;
use crate::model::Instrument;
use crate::notice::{self, Notice};
use crate::origin::{parse_exact_origin, split_host_port, valid_host};
use crate::payload::{check_candidate, ResultSchema};
use crate::value::Json;

pub const DEFAULT_LANG: &str = "id";
pub const DEFAULT_RESUME_HOURS: u32 = 24;
pub const MAX_RESUME_HOURS: u32 = 24 * 30;
pub const DEFAULT_IDLE_SECONDS: u32 = 90;
pub const DEFAULT_RESET_SECONDS: u32 = 60;
/// Kiosk timers: at least a second, at most a day.
pub const MAX_KIOSK_SECONDS: u32 = 86_400;
/// A host's `session` value: any text up to this many characters (a session id, a login timestamp).
pub const MAX_SESSION_CHARS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
    /// The agency can link the result to a person: `candidate_ref` is given, or the host says so with
    /// `linked: true` (a logged-in portal keeping the result beside the candidate's session). Then the
    /// result is pseudonymous personal data, never "anonymous", and a complete [`Notice`] is required.
    pub linked: bool,
    /// The host's PDP notice (UU 27/2022 Pasal 21), shown on the consent screen.
    pub notice: Option<Notice>,
    /// `psm-result/2` (default) or the deprecated `psm-result/1`.
    pub result_schema: ResultSchema,
    /// The host's own value for this candidate's session (a login): saved progress comes back only to a
    /// mount with the same value (see the web shell's `storage::session`).
    pub session: Option<String>,
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

const CODES: decode::Codes = decode::Codes::all(codes::CONFIG_INVALID);

const FIELDS: &[&str] = &[
    "instrument",
    "lang",
    "mode",
    "endpoint",
    "include_responses",
    "shuffle",
    "shuffle_seed",
    "candidate_ref",
    "candidate_key",
    "linked",
    "notice",
    "result_schema",
    "session",
    "parent_origin",
    "resume_hours",
    "kiosk",
];

impl Mode {
    fn read(v: &Json, path: &Path) -> Result<Mode, PsmError> {
        decode::choice(v, path, &[("embed", Mode::Embed), ("kiosk", Mode::Kiosk)])
    }
}

/// Reads a config given as JSON text (native builds: tests, tools); the widget is handed the host's object.
#[cfg(feature = "json-text")]
pub fn parse_config(json: &str) -> Result<QuizConfig, PsmError> {
    decode::from_str(json, &CODES, |v, p| read(v, p, builtin::get))
}

/// The config as a value already read (in the widget: the host's JS object, walked by the web shell).
#[cfg(feature = "json-text")]
pub fn read_config(value: &Json) -> Result<QuizConfig, PsmError> {
    read_config_with(value, builtin::get)
}

/// How a built-in instrument is loaded by id: natively [`builtin::get`] reads the embedded text with
/// serde_json; the widget reads it with the browser's `JSON.parse` instead.
pub type LoadBuiltin = fn(&str) -> Option<Instrument>;

/// [`read_config`] with built-in instruments loaded by `builtin`.
pub fn read_config_with(value: &Json, builtin: LoadBuiltin) -> Result<QuizConfig, PsmError> {
    read(value, &Path::root(&CODES), builtin)
}

/// Fields are read (and their types checked) in the order of the documented config; optional
/// ones may also be `null`, which means "not given".
fn read(v: &Json, path: &Path, load: LoadBuiltin) -> Result<QuizConfig, PsmError> {
    let raw = Obj::new(v, path, FIELDS)?;
    let (instrument, builtin_id) = resolve_instrument(raw.raw("instrument"), raw.path(), load)?;
    let lang = raw.nullable("lang", decode::string)?;
    let mode = raw.nullable("mode", Mode::read)?.unwrap_or_default();
    let endpoint = raw.nullable("endpoint", decode::string)?;
    let include_responses = raw.nullable("include_responses", decode::boolean)?;
    let shuffle = raw.nullable("shuffle", decode::boolean)?;
    let shuffle_seed = raw.nullable("shuffle_seed", decode::uint64)?;
    let candidate_ref = raw.nullable("candidate_ref", decode::string)?;
    let candidate_key = raw.nullable("candidate_key", decode::string)?;
    let linked = raw.nullable("linked", decode::boolean)?;
    let notice = raw.nullable("notice", notice::read)?;
    let result_schema = raw.nullable("result_schema", ResultSchema::read)?;
    let session = raw.nullable("session", decode::string)?;
    let parent_origin = raw.nullable("parent_origin", decode::string)?;
    let resume_hours = raw.nullable("resume_hours", decode::uint32)?;
    let kiosk = raw.nullable("kiosk", read_kiosk)?;

    // Default "id" (Indonesian first); a custom instrument without Indonesian starts in its first language.
    let lang = match lang {
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

    let endpoint = endpoint
        .map(|e| check_endpoint(&e).map(|()| e))
        .transpose()?;

    let (candidate_ref, candidate_key) = match (candidate_ref, candidate_key) {
        (Some(r), Some(k)) => {
            check_candidate(&r, &k)?;
            (Some(r), Some(k))
        }
        (None, None) => (None, None),
        (Some(_), None) => return Err(both_or_neither("candidate_key")),
        (None, Some(_)) => return Err(both_or_neither("candidate_ref")),
    };

    let linked = linked.unwrap_or(false) || candidate_ref.is_some();
    if linked && notice.is_none() {
        return Err(notice::required(if candidate_ref.is_some() {
            "candidate_ref is given"
        } else {
            "linked is true"
        }));
    }

    if let Some(s) = &session {
        let n = s.chars().count();
        if n == 0 || n > MAX_SESSION_CHARS {
            return Err(PsmError::new(
                codes::CONFIG_INVALID,
                "session",
                format!("must be 1 to {MAX_SESSION_CHARS} characters"),
            ));
        }
    }

    let parent_origin = parent_origin
        .as_deref()
        .map(parse_exact_origin)
        .transpose()?;

    let resume_hours = resume_hours.unwrap_or(DEFAULT_RESUME_HOURS);
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
        mode,
        endpoint,
        include_responses: include_responses.unwrap_or(false),
        shuffle: shuffle.unwrap_or(false),
        shuffle_seed,
        candidate_ref,
        candidate_key,
        linked,
        notice,
        result_schema: result_schema.unwrap_or_default(),
        session,
        parent_origin,
        resume_hours,
        kiosk: resolve_kiosk(kiosk)?,
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
    value: Option<&Json>,
    config: &Path,
    load: LoadBuiltin,
) -> Result<(Instrument, Option<String>), PsmError> {
    match value {
        Some(Json::Str(id)) => match load(id) {
            Some(instrument) => Ok((instrument, Some(id.clone()))),
            None => Err(PsmError::new(
                codes::UNKNOWN_INSTRUMENT,
                "instrument",
                format!(
                    "{id:?} is not a built-in instrument (one of {:?})",
                    builtin::ids()
                ),
            )),
        },
        Some(object @ Json::Obj(_)) => {
            // The instrument's own codes and paths, prefixed so the host sees where in its config.
            let instrument = instrument::read(object, &config.key("instrument"))?;
            Ok((instrument, None))
        }
        Some(Json::Null) | None => Err(PsmError::new(
            codes::CONFIG_INVALID,
            "instrument",
            "required field is missing",
        )),
        Some(_) => Err(PsmError::new(
            codes::CONFIG_INVALID,
            "instrument",
            "expected a built-in id (string) or an instrument object",
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

struct RawKiosk {
    idle_seconds: Option<u32>,
    reset_seconds: Option<u32>,
    pin_sha256: Option<String>,
}

fn read_kiosk(v: &Json, path: &Path) -> Result<RawKiosk, PsmError> {
    let o = Obj::new(v, path, &["idle_seconds", "reset_seconds", "pin_sha256"])?;
    Ok(RawKiosk {
        idle_seconds: o.nullable("idle_seconds", decode::uint32)?,
        reset_seconds: o.nullable("reset_seconds", decode::uint32)?,
        pin_sha256: o.nullable("pin_sha256", decode::string)?,
    })
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
