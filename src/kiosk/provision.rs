//! Kiosk provisioning: the staff PIN and the kiosk's settings live on the device, set by staff on the kiosk
//! itself, never in an address.
//!
//! - At first start staff type a new PIN twice ([`check_new_pin`]); the device keeps only a salted,
//!   deliberately slow hash of it (PBKDF2-HMAC-SHA-256, [`PBKDF2_ITERATIONS`] rounds, a random per-device
//!   salt; the web shell derives it with WebCrypto) and, in the same record, the kiosk's settings: the
//!   config it was set up with ([`settings_json`]: instrument, language, endpoint, timers, ...).
//! - From then on the saved settings are the kiosk's config ([`Provision::config`]): an address or a
//!   config cannot change the PIN, the endpoint or the instrument; staff re-provision with the PIN.
//! - A kiosk set up the old way (`kiosk.pin_sha256` in the address) is provisioned at its first start
//!   with that hash ([`PinRecord::Sha256`]); the first right PIN replaces it with the slow hash, and any
//!   later address's `pin_sha256` is ignored.

use crate::kiosk::pin_gate::{PinGate, MAX_LOCK_MS};
#[cfg(any(test, not(target_arch = "wasm32")))]
use psm_core::config::parse_config;
use psm_core::config::{read_config_with, LoadBuiltin, QuizConfig};
use psm_core::error::{codes, PsmError};
use psm_core::json_text::quoted;
use psm_core::value::Json;

/// Where the record lives (localStorage of the kiosk's origin).
pub const PROVISION_KEY: &str = "psm-kiosk/provision/1";
/// Format of the record.
pub const VERSION: u8 = 1;
/// PBKDF2-HMAC-SHA-256 rounds for a new PIN (OWASP's 2023 figure for this hash); stored in the record, so
/// a later release can raise it without locking out a provisioned kiosk.
pub const PBKDF2_ITERATIONS: u32 = 600_000;
/// Random salt per device.
pub const SALT_BYTES: usize = 16;
/// Length of the derived hash.
pub const HASH_BYTES: usize = 32;
/// A new PIN has at least this many characters (digits or anything else the staff choose).
pub const MIN_PIN_CHARS: usize = 6;
pub const MAX_PIN_CHARS: usize = 64;

/// How the staff PIN is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinRecord {
    /// PBKDF2-HMAC-SHA-256 of the PIN's UTF-8 bytes; hex salt and hash.
    Pbkdf2 {
        salt: String,
        iterations: u32,
        hash: String,
    },
    /// The unsalted SHA-256 a kiosk set up with `pin_sha256` brought along; replaced at the first right PIN.
    Sha256 { hash: String },
}

/// The device's kiosk record: the PIN and the settings saved with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provision {
    pub pin: PinRecord,
    /// A complete config (JSON), as set up; never holds `pin_sha256` or `parent_origin`.
    pub settings: String,
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn bad(why: &str) -> PsmError {
    PsmError::new(codes::CONFIG_INVALID, "provision", why)
}

impl Provision {
    /// `{"v":1,"pin":"pbkdf2-sha256","salt":…,"iterations":…,"hash":…,"settings":"<config JSON>"}` (or
    /// `"pin":"sha256"` with the hash alone). Written by hand: the record is flat (read back with the
    /// platform's JSON, [`Provision::from_value`]).
    pub fn to_json(&self) -> String {
        let quote = quoted;
        let pin = match &self.pin {
            PinRecord::Pbkdf2 {
                salt,
                iterations,
                hash,
            } => format!(
                r#""pin":"pbkdf2-sha256","salt":{},"iterations":{iterations},"hash":{}"#,
                quote(salt),
                quote(hash)
            ),
            PinRecord::Sha256 { hash } => format!(r#""pin":"sha256","hash":{}"#, quote(hash)),
        };
        format!(
            r#"{{"v":{VERSION},{pin},"settings":{}}}"#,
            quote(&self.settings)
        )
    }

    /// Reads a stored record (native builds; the widget reads it with the browser's JSON and
    /// [`Provision::from_value`]).
    #[cfg(any(test, not(target_arch = "wasm32")))]
    pub fn from_json(text: &str) -> Result<Provision, PsmError> {
        let v =
            psm_core::value::read_text(text, codes::CONFIG_INVALID).map_err(|_| bad("not JSON"))?;
        Provision::from_value(&v, parse_config)
    }

    /// Reads a stored record as read by the platform's JSON; anything malformed (or settings that
    /// `read_config` no longer accepts) is an error.
    pub fn from_value(v: &Json, read_config: ReadConfig) -> Result<Provision, PsmError> {
        let text_of = |key: &str| v.get(key).and_then(Json::as_str);
        let number = |key: &str| match v.get(key) {
            Some(Json::Num(n)) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n) => {
                Some(*n as u32)
            }
            _ => None,
        };
        if number("v") != Some(u32::from(VERSION)) {
            return Err(bad("unknown record version"));
        }
        let hash = text_of("hash").unwrap_or_default().to_string();
        let pin = match text_of("pin") {
            Some("pbkdf2-sha256") => PinRecord::Pbkdf2 {
                salt: text_of("salt").unwrap_or_default().to_string(),
                iterations: number("iterations").unwrap_or(0),
                hash,
            },
            Some("sha256") => PinRecord::Sha256 { hash },
            _ => return Err(bad("unknown PIN record")),
        };
        let ok = match &pin {
            PinRecord::Pbkdf2 {
                salt,
                iterations,
                hash,
            } => is_hex(salt, SALT_BYTES * 2) && *iterations > 0 && is_hex(hash, HASH_BYTES * 2),
            PinRecord::Sha256 { hash } => is_hex(hash, 64),
        };
        let settings = text_of("settings").ok_or_else(|| bad("no settings"))?;
        if !ok {
            return Err(bad("malformed PIN record"));
        }
        let p = Provision {
            pin,
            settings: settings.to_string(),
        };
        p.config(None, read_config)?;
        Ok(p)
    }

    /// The kiosk's config: the saved settings, with the address's `parent_origin` (where a framed kiosk
    /// reports is the page's framing, not a kiosk setting).
    pub fn config(
        &self,
        parent_origin: Option<&str>,
        read_config: ReadConfig,
    ) -> Result<QuizConfig, PsmError> {
        let mut config = read_config(&self.settings)?;
        config.parent_origin = parent_origin.map(str::to_string);
        Ok(config)
    }
}

/// How the kiosk reads the config text saved in its record: natively [`parse_config`], in the widget the
/// browser's JSON then [`psm_core::config::read_config_with`].
pub type ReadConfig = fn(&str) -> Result<QuizConfig, PsmError>;

/// The settings a kiosk saves from a config (as the host gave it): everything but the old PIN hash (the
/// PIN lives in the record) and `parent_origin` (the page's framing). Fails when the config is invalid.
/// The widget writes them as text with the browser's `JSON.stringify`.
pub fn settings(config: &Json, builtin: LoadBuiltin) -> Result<Json, PsmError> {
    read_config_with(config, builtin)?;
    let Json::Obj(fields) = config else {
        return Err(PsmError::new(
            codes::CONFIG_INVALID,
            "config",
            "must be an object",
        ));
    };
    let kept: Vec<(String, Json)> = fields
        .iter()
        .filter(|(k, _)| k != "parent_origin")
        .map(|(k, v)| match (k.as_str(), v) {
            ("kiosk", Json::Obj(kiosk)) => (
                k.clone(),
                Json::Obj(
                    kiosk
                        .iter()
                        .filter(|(k, _)| k != "pin_sha256")
                        .cloned()
                        .collect(),
                ),
            ),
            _ => (k.clone(), v.clone()),
        })
        .collect();
    Ok(Json::Obj(kept))
}

/// [`settings`] of a config text, as text (native builds).
#[cfg(any(test, not(target_arch = "wasm32")))]
pub fn settings_json(config_json: &str) -> Result<String, PsmError> {
    let value = psm_core::value::read_text(config_json, codes::CONFIG_INVALID)?;
    let kept = settings(&value, psm_core::builtin::get)?;
    Ok(psm_core::value::to_serde(&kept).to_string())
}

/// Why a new PIN is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewPinProblem {
    TooShort,
    TooLong,
    Different,
}

/// A new PIN, typed twice: long enough and the same both times.
pub fn check_new_pin(pin: &str, again: &str) -> Result<(), NewPinProblem> {
    let n = pin.chars().count();
    if n < MIN_PIN_CHARS {
        return Err(NewPinProblem::TooShort);
    }
    if n > MAX_PIN_CHARS {
        return Err(NewPinProblem::TooLong);
    }
    if pin != again {
        return Err(NewPinProblem::Different);
    }
    Ok(())
}

/// A stored rate-limit record as the kiosk reads it back: a lock longer than the longest the rules give,
/// counted from now, is cut to that (a clock stepped back, or a record written under a wrong clock, cannot
/// lock staff out for longer than [`MAX_LOCK_MS`]). A record that cannot be read counts as a device that
/// has already used its free tries, so wiping it with garbage gains nothing.
pub fn read_gate(stored: Option<&str>, now: u64) -> PinGate {
    let Some(raw) = stored else {
        return PinGate::default();
    };
    let parsed = raw.split_once(':').and_then(|(f, l)| {
        Some(PinGate {
            failures: f.parse().ok()?,
            locked_until: l.parse().ok()?,
        })
    });
    let mut gate = parsed.unwrap_or(PinGate {
        failures: crate::kiosk::pin_gate::FREE_PIN_TRIES,
        locked_until: 0,
    });
    gate.locked_until = gate.locked_until.min(now.saturating_add(MAX_LOCK_MS));
    gate
}

/// The stored form [`read_gate`] reads.
/// Fixed width (every count and time zero-padded), so rewriting the record never needs more storage than the
/// record already holds: on a kiosk whose storage is full, staff can still be judged and reach the panel to
/// export and free room (a write that needs new room would fail and keep the panel closed).
pub fn write_gate(gate: &PinGate) -> String {
    format!("{:010}:{:020}", gate.failures, gate.locked_until)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kiosk::pin_gate::{PinAttempt, FIRST_LOCK_MS, FREE_PIN_TRIES};

    #[test]
    fn the_gate_record_has_one_width_whatever_it_holds() {
        let widths: Vec<usize> = [(0, 0), (3, 1_700_000_000_000), (u32::MAX, u64::MAX)]
            .iter()
            .map(|&(failures, locked_until)| {
                write_gate(&PinGate {
                    failures,
                    locked_until,
                })
                .len()
            })
            .collect();
        assert_eq!(widths, [31, 31, 31]);
        let gate = PinGate {
            failures: 4,
            locked_until: 1_000,
        };
        assert_eq!(read_gate(Some(&write_gate(&gate)), 0), gate);
        // A record of the earlier, unpadded form still reads.
        assert_eq!(read_gate(Some("4:1000"), 0), gate);
    }

    const ADDRESS: &str = r#"{"instrument":"kim-16","mode":"kiosk","lang":"en","endpoint":"https://x.example/r","parent_origin":"https://portal.example","kiosk":{"idle_seconds":45,"pin_sha256":"a1fb4e703a9ef1fa4936801721ff285a97ac85330856674412e054892afe6972"},"shuffle_seed":9007199254740991}"#;

    fn record() -> Provision {
        Provision {
            pin: PinRecord::Pbkdf2 {
                salt: "00".repeat(SALT_BYTES),
                iterations: PBKDF2_ITERATIONS,
                hash: "ab".repeat(HASH_BYTES),
            },
            settings: settings_json(ADDRESS).unwrap(),
        }
    }

    #[test]
    fn settings_keep_the_kiosk_and_drop_the_pin_hash_and_the_framing() {
        let s = settings_json(ADDRESS).unwrap();
        assert!(
            !s.contains("pin_sha256") && !s.contains("parent_origin"),
            "{s}"
        );
        assert!(s.contains(r#""endpoint":"https://x.example/r""#));
        assert!(s.contains("9007199254740991"), "numbers kept exactly: {s}");
        let c = parse_config(&s).unwrap();
        assert_eq!(c.instrument.id, "kim-16");
        assert_eq!(c.lang, "en");
        assert_eq!(c.kiosk.idle_seconds, 45);
        assert_eq!(c.kiosk.pin_sha256, None);
        assert_eq!(c.endpoint.as_deref(), Some("https://x.example/r"));
        assert!(settings_json(r#"{"instrument":"nope"}"#).is_err());
        // Strings with quotes and non-ASCII survive the round trip.
        let odd = r#"{"instrument":"kim-16","session":"a\"b\\c é 😀"}"#;
        assert_eq!(
            parse_config(&settings_json(odd).unwrap())
                .unwrap()
                .session
                .as_deref(),
            Some("a\"b\\c é 😀")
        );
    }

    #[test]
    fn records_round_trip_and_bad_ones_are_refused() {
        let r = record();
        assert_eq!(Provision::from_json(&r.to_json()).unwrap(), r);
        let legacy = Provision {
            pin: PinRecord::Sha256 {
                hash: crate::kiosk::pin_gate::pin_sha256("2468"),
            },
            settings: r.settings.clone(),
        };
        assert_eq!(Provision::from_json(&legacy.to_json()).unwrap(), legacy);
        let json = r.to_json();
        assert!(!json.contains("2468"));
        for bad in [
            json.replace("pbkdf2-sha256", "plain"),
            json.replace(&"ab".repeat(HASH_BYTES), "ab"),
            json.replace("\"v\":1", "\"v\":2"),
            json.replace("kim-16", "no-such-instrument"),
            "{}".to_string(),
            "not json".to_string(),
        ] {
            assert!(Provision::from_json(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_saved_settings_win_over_the_address_except_the_framing() {
        let r = record();
        let c = r
            .config(Some("https://other.example"), parse_config)
            .unwrap();
        assert_eq!(c.instrument.id, "kim-16");
        assert_eq!(c.endpoint.as_deref(), Some("https://x.example/r"));
        assert_eq!(c.parent_origin.as_deref(), Some("https://other.example"));
        assert_eq!(r.config(None, parse_config).unwrap().parent_origin, None);
    }

    #[test]
    fn a_new_pin_is_long_enough_and_typed_twice_the_same() {
        assert_eq!(
            check_new_pin("12345", "12345"),
            Err(NewPinProblem::TooShort)
        );
        assert_eq!(
            check_new_pin("123456", "123457"),
            Err(NewPinProblem::Different)
        );
        assert_eq!(check_new_pin("123456", "123456"), Ok(()));
        assert_eq!(
            check_new_pin("ééééèè", "ééééèè"),
            Ok(()),
            "characters, not bytes"
        );
        let long = "1".repeat(MAX_PIN_CHARS + 1);
        assert_eq!(check_new_pin(&long, &long), Err(NewPinProblem::TooLong));
    }

    #[test]
    fn a_stored_lock_never_reaches_past_the_longest_lock_from_now() {
        let now = 1_000_000;
        // A lock written under a clock a year ahead, read after the clock was set right.
        let far = write_gate(&PinGate {
            failures: 9,
            locked_until: now + 365 * 86_400_000,
        });
        let g = read_gate(Some(&far), now);
        assert_eq!(g.locked_until, now + MAX_LOCK_MS);
        assert_eq!(g.failures, 9);
        // Failures survive the round trip, so a reload does not grant fresh tries.
        let mut gate = PinGate::default();
        let hash = crate::kiosk::pin_gate::pin_sha256("246801");
        for _ in 0..FREE_PIN_TRIES {
            gate.attempt("x", &hash, now);
        }
        let back = read_gate(Some(&write_gate(&gate)), now);
        assert_eq!(back, gate);
        let mut again = back;
        assert!(matches!(
            again.attempt("246801", &hash, now + 1),
            PinAttempt::Locked { .. }
        ));
        assert_eq!(back.locked_until, now + FIRST_LOCK_MS);
        // Garbage counts as used-up free tries, not as a clean slate.
        let g = read_gate(Some("garbage"), now);
        assert_eq!(g.failures, FREE_PIN_TRIES);
        assert_eq!(read_gate(None, now), PinGate::default());
    }
}
