//! Kiosk rules as pure state machines the web shell drives with the clock and storage:
//!
//! - [`pin_matches`] / [`pin_sha256`]: the deprecated `kiosk.pin_sha256` (a kiosk's PIN is now set on the
//!   device: [`super::provision`]).
//! - [`PinGate`]: wrong PINs are rate-limited (a few free tries, then a lock that doubles).
//! - [`Countdown`]: the idle timeout and the automatic next-candidate reset, with the visible
//!   countdown of their last seconds; any input restarts it.
//! - [`storage_level`]: whether the device can still keep results.
//! - [`export_files`]: the operator's JSON and CSV export of the outbox.

use crate::outbox::rules::Entry;
use psm_core::canonical::hex;
use psm_core::export::to_csv;
use psm_core::payload::ResultPayload;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::borrow::Cow;

/// Lowercase hex SHA-256 of the PIN as typed (UTF-8, no trimming: what the operator set is what counts).
pub fn pin_sha256(pin: &str) -> String {
    hex(&Sha256::digest(pin.as_bytes()))
}

/// True when `pin` hashes to `expected_hex` (any hex case). Compares every byte, whatever differs first.
pub fn pin_matches(pin: &str, expected_hex: &str) -> bool {
    let actual = pin_sha256(pin);
    let expected = expected_hex.to_ascii_lowercase();
    if expected.len() != actual.len() {
        return false;
    }
    actual
        .bytes()
        .zip(expected.bytes())
        .fold(0u8, |acc, (a, b)| acc | (a ^ b))
        == 0
}

/// Wrong PINs allowed before the first lock.
pub const FREE_PIN_TRIES: u32 = 3;
/// The first lock; each further wrong PIN doubles it.
pub const FIRST_LOCK_MS: u64 = 30_000;
pub const MAX_LOCK_MS: u64 = 15 * 60 * 1_000;

/// Rate limit of wrong PINs. Serialisable, so a reload does not reset it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PinGate {
    /// Wrong PINs since the last right one.
    pub failures: u32,
    /// No attempt is judged before this time (ms).
    pub locked_until: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinAttempt {
    Granted,
    /// Wrong; `tries_left` more before a lock.
    Wrong {
        tries_left: u32,
    },
    /// Wrong, or tried while locked: wait until `until` (ms). A try while locked is not judged.
    Locked {
        until: u64,
    },
}

impl PinGate {
    /// When locked at `now`, the time the lock ends.
    pub fn locked(&self, now: u64) -> Option<u64> {
        (self.locked_until > now).then_some(self.locked_until)
    }

    /// Judges one attempt. While locked the PIN is not even compared, so guessing gains nothing.
    pub fn attempt(&mut self, pin: &str, expected_hex: &str, now: u64) -> PinAttempt {
        if let Some(until) = self.locked(now) {
            return PinAttempt::Locked { until };
        }
        self.judge(pin_matches(pin, expected_hex), now)
    }

    /// Records an attempt already compared elsewhere (the slow hash runs asynchronously in the browser):
    /// call only when [`PinGate::locked`] is `None`, before the comparison starts.
    pub fn judge(&mut self, matched: bool, now: u64) -> PinAttempt {
        if matched {
            *self = PinGate::default();
            return PinAttempt::Granted;
        }
        self.failures = self.failures.saturating_add(1);
        if self.failures < FREE_PIN_TRIES {
            return PinAttempt::Wrong {
                tries_left: FREE_PIN_TRIES - self.failures,
            };
        }
        let doublings = (self.failures - FREE_PIN_TRIES).min(20);
        let lock = FIRST_LOCK_MS
            .saturating_mul(1 << doublings)
            .min(MAX_LOCK_MS);
        self.locked_until = now.saturating_add(lock);
        PinAttempt::Locked {
            until: self.locked_until,
        }
    }
}

/// Seconds of visible countdown before an idle quiz is abandoned (or a result screen resets).
pub const COUNTDOWN_SECONDS: u32 = 20;

/// A deadline restarted by input. The last [`COUNTDOWN_SECONDS`] (at most half the timeout) are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Countdown {
    timeout_ms: u64,
    warn_ms: u64,
    deadline: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nothing to show yet.
    Quiet,
    /// Show "resetting in N s"; any input cancels it.
    Warning { seconds_left: u32 },
    /// Time is up: reset now.
    Expired,
}

impl Countdown {
    pub fn start(timeout_seconds: u32, now: u64) -> Countdown {
        let timeout_ms = u64::from(timeout_seconds.max(1)) * 1_000;
        let warn_ms = (u64::from(COUNTDOWN_SECONDS) * 1_000).min(timeout_ms / 2);
        Countdown {
            timeout_ms,
            warn_ms,
            deadline: now.saturating_add(timeout_ms),
        }
    }

    /// Input (a touch, a key): the full timeout starts again and any warning disappears.
    pub fn touch(&mut self, now: u64) {
        self.deadline = now.saturating_add(self.timeout_ms);
    }

    pub fn phase(&self, now: u64) -> Phase {
        if now >= self.deadline {
            return Phase::Expired;
        }
        let left = self.deadline - now;
        if left <= self.warn_ms {
            Phase::Warning {
                seconds_left: left.div_ceil(1_000) as u32,
            }
        } else {
            Phase::Quiet
        }
    }

    /// Milliseconds until the phase can next change (the shell's next timer).
    pub fn next_tick_ms(&self, now: u64) -> u64 {
        if now >= self.deadline {
            return 0;
        }
        let left = self.deadline - now;
        if left > self.warn_ms {
            left - self.warn_ms
        } else {
            // Next whole-second boundary of the remaining time, so the shown number stays exact.
            match left % 1_000 {
                0 => 1_000,
                r => r,
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageLevel {
    Ok,
    /// Room for only a few more results: tell the operator now.
    NearlyFull,
    /// Nothing can be written (private mode, storage disabled, quota exhausted).
    Unavailable,
}

/// Room a kiosk wants left for results (a payload is about 1-3 KB; this keeps a day's queue).
pub const RESERVE_BYTES: u64 = 256 * 1024;

/// `probe_ok`: a write of a reserve-sized probe succeeded (and was removed again).
/// `used` / `quota`: bytes, when the browser reports them.
pub fn storage_level(
    writable: bool,
    probe_ok: bool,
    used: Option<u64>,
    quota: Option<u64>,
) -> StorageLevel {
    if !writable {
        return StorageLevel::Unavailable;
    }
    if !probe_ok {
        return StorageLevel::NearlyFull;
    }
    match (used, quota) {
        (Some(used), Some(quota)) if quota.saturating_sub(used) < RESERVE_BYTES => {
            StorageLevel::NearlyFull
        }
        _ => StorageLevel::Ok,
    }
}

/// One export file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    pub name: String,
    pub mime: &'static str,
    pub contents: String,
}

/// The operator's export of every stored result (queued, delivered and failed): one JSON file with
/// all payloads (an array, in storage order, each byte for byte as sent), and one CSV per instrument
/// version, as the CSV format requires. Each entry carries `export::to_csv` of its own payload, so a
/// file is the shared header plus every entry's row: exactly `to_csv` of the group. Should one
/// version's results differ in columns (responses switched on for some), each column set gets its
/// own file, so no value is dropped. An entry stored without its CSV (an embed's result waiting for
/// delivery on the same origin) gets it from its payload here, so the CSV files hold every result the
/// JSON file holds.
pub fn export_files(entries: &[Entry], date: &str) -> Vec<ExportFile> {
    let made: Vec<Cow<str>> = entries.iter().map(csv_of).collect();
    let payloads: Vec<&str> = entries.iter().map(|e| e.payload.as_str()).collect();
    let mut files = vec![ExportFile {
        name: format!("psm-results-{date}.json"),
        mime: "application/json",
        contents: format!("[{}]", payloads.join(",")),
    }];
    // (sha256, header) -> rows, in order of first appearance.
    let mut groups: Vec<(&str, &str, &str, String)> = Vec::new();
    for (e, csv) in entries.iter().zip(&made) {
        let Some((header, row)) = csv.split_once("\r\n") else {
            continue;
        };
        match groups
            .iter_mut()
            .find(|g| g.0 == e.instrument_sha256 && g.1 == header)
        {
            Some(group) => group.3.push_str(row),
            None => groups.push((
                &e.instrument_sha256,
                header,
                &e.instrument_id,
                row.to_string(),
            )),
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for (sha, header, id, rows) in groups {
        let n = seen.iter().filter(|s| **s == sha).count();
        seen.push(sha);
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{}", n + 1)
        };
        let short: String = sha.chars().take(8).collect();
        files.push(ExportFile {
            name: format!("psm-results-{date}-{}-{short}{suffix}.csv", safe_name(id)),
            mime: "text/csv",
            contents: format!("{header}\r\n{rows}"),
        });
    }
    files
}

/// The entry's CSV (header + row), made from its payload when it was stored without one. A payload
/// that cannot be read (which `Entry::from_json` already rules out) has no row; it stays in the JSON.
fn csv_of(e: &Entry) -> Cow<'_, str> {
    if !e.csv.is_empty() {
        return Cow::Borrowed(&e.csv);
    }
    let made = ResultPayload::from_json(&e.payload).map(|p| to_csv(std::slice::from_ref(&p)));
    Cow::Owned(made.unwrap_or_default())
}

/// A file-name-safe form of an instrument id.
fn safe_name(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(40)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::rules::tests::sample;
    use psm_core::export::to_csv;
    use psm_core::payload::ResultPayload;

    // sha256("2468")
    const PIN_HASH: &str = "a1fb4e703a9ef1fa4936801721ff285a97ac85330856674412e054892afe6972";

    #[test]
    fn pin_hash_and_match() {
        assert_eq!(pin_sha256("2468"), PIN_HASH);
        assert!(pin_matches("2468", PIN_HASH));
        assert!(pin_matches("2468", &PIN_HASH.to_ascii_uppercase()));
        for wrong in ["", "2467", "2468 ", " 2468", "24680"] {
            assert!(!pin_matches(wrong, PIN_HASH), "{wrong:?}");
        }
        assert!(!pin_matches("2468", ""));
        assert!(!pin_matches("2468", &PIN_HASH[..63]));
    }

    #[test]
    fn wrong_pins_lock_and_the_lock_doubles() {
        let mut g = PinGate::default();
        assert_eq!(
            g.attempt("1", PIN_HASH, 0),
            PinAttempt::Wrong { tries_left: 2 }
        );
        assert_eq!(
            g.attempt("2", PIN_HASH, 0),
            PinAttempt::Wrong { tries_left: 1 }
        );
        assert_eq!(
            g.attempt("3", PIN_HASH, 0),
            PinAttempt::Locked { until: 30_000 }
        );
        // While locked even the right PIN is not judged.
        assert_eq!(
            g.attempt("2468", PIN_HASH, 29_999),
            PinAttempt::Locked { until: 30_000 }
        );
        assert_eq!(g.locked(29_999), Some(30_000));
        assert_eq!(g.locked(30_000), None);
        assert_eq!(
            g.attempt("4", PIN_HASH, 30_000),
            PinAttempt::Locked { until: 90_000 }
        );
        assert_eq!(
            g.attempt("5", PIN_HASH, 90_000),
            PinAttempt::Locked { until: 210_000 }
        );
        assert_eq!(g.attempt("2468", PIN_HASH, 210_000), PinAttempt::Granted);
        assert_eq!(g, PinGate::default(), "a right PIN clears the record");
        let mut many = PinGate {
            failures: 1_000,
            locked_until: 0,
        };
        assert_eq!(
            many.attempt("x", PIN_HASH, 1),
            PinAttempt::Locked {
                until: 1 + MAX_LOCK_MS
            }
        );
    }

    #[test]
    fn idle_countdown_shows_its_last_seconds_and_input_cancels_it() {
        let mut c = Countdown::start(90, 0);
        assert_eq!(c.phase(0), Phase::Quiet);
        assert_eq!(c.phase(69_999), Phase::Quiet);
        assert_eq!(c.next_tick_ms(0), 70_000);
        assert_eq!(c.phase(70_000), Phase::Warning { seconds_left: 20 });
        assert_eq!(c.phase(70_001), Phase::Warning { seconds_left: 20 });
        assert_eq!(c.next_tick_ms(70_001), 999);
        assert_eq!(c.phase(89_001), Phase::Warning { seconds_left: 1 });
        assert_eq!(c.phase(90_000), Phase::Expired);
        assert_eq!(c.next_tick_ms(95_000), 0);
        c.touch(85_000);
        assert_eq!(
            c.phase(90_000),
            Phase::Quiet,
            "a touch cancels the countdown"
        );
        assert_eq!(c.phase(175_000), Phase::Expired);
    }

    #[test]
    fn short_timeouts_warn_for_half_their_length() {
        let c = Countdown::start(10, 1_000);
        assert_eq!(c.phase(5_999), Phase::Quiet);
        assert_eq!(c.phase(6_000), Phase::Warning { seconds_left: 5 });
        let zero = Countdown::start(0, 0);
        assert_eq!(zero.phase(999), Phase::Warning { seconds_left: 1 });
        assert_eq!(zero.phase(1_000), Phase::Expired);
    }

    #[test]
    fn storage_levels() {
        assert_eq!(
            storage_level(false, true, None, None),
            StorageLevel::Unavailable
        );
        assert_eq!(
            storage_level(true, false, None, None),
            StorageLevel::NearlyFull
        );
        assert_eq!(storage_level(true, true, None, None), StorageLevel::Ok);
        assert_eq!(
            storage_level(true, true, Some(0), Some(RESERVE_BYTES - 1)),
            StorageLevel::NearlyFull
        );
        assert_eq!(
            storage_level(true, true, Some(10), Some(10 * RESERVE_BYTES)),
            StorageLevel::Ok
        );
        assert_eq!(
            storage_level(true, true, Some(20), Some(10)),
            StorageLevel::NearlyFull
        );
    }

    fn with_responses(id: char) -> ResultPayload {
        let ins = psm_core::builtin::get("perry-24").expect("built-in");
        let answers: psm_core::Answers = ins.items.iter().map(|i| (i.id.clone(), 2)).collect();
        psm_core::payload::build(psm_core::payload::PayloadInput {
            instrument: &ins,
            lang: "en",
            answers: &answers,
            order: None,
            seconds: None,
            include_responses: true,
            completed_on: "2026-11-24".into(),
            submission_id: id.to_string().repeat(32),
            candidate: None,
            consent: None,
        })
        .expect("payload builds")
    }

    #[test]
    fn an_embed_result_on_the_same_origin_is_in_the_csv_too() {
        // An embed stores its pending result without a CSV; the kiosk's export makes it.
        let entries = vec![
            Entry::kept(&sample('a'), None, 0),
            Entry::new(&sample('b'), Some("https://x.example/r".into()), 0),
        ];
        assert!(entries[1].csv.is_empty());
        let files = export_files(&entries, "2026-11-23");
        assert_eq!(files.len(), 2, "{files:?}");
        assert_eq!(files[1].contents, to_csv(&[sample('a'), sample('b')]));
    }

    #[test]
    fn export_holds_every_result_once_and_csv_equals_to_csv_of_the_group() {
        let mut entries = vec![
            Entry::kept(&sample('a'), None, 0),
            Entry::kept(&sample('b'), Some("https://x.example/r".into()), 0),
        ];
        entries[1].record(crate::outbox::rules::Answer::Status(200), 0, 0.5, None);
        let files = export_files(&entries, "2026-11-23");
        assert_eq!(
            files.len(),
            2,
            "one JSON + one CSV for the one instrument version"
        );
        assert_eq!(files[0].name, "psm-results-2026-11-23.json");
        let json = psm_core::json::parse(&files[0].contents).unwrap();
        let psm_core::json::Json::Arr(items) = json else {
            panic!("a JSON array")
        };
        assert_eq!(items.len(), 2);
        let (a, b) = (sample('a').to_json(), sample('b').to_json());
        assert_eq!(files[0].contents, format!("[{a},{b}]"));
        assert_eq!(ResultPayload::from_json(&a).unwrap(), sample('a'));
        assert!(files[1]
            .name
            .starts_with("psm-results-2026-11-23-perry-24-"));
        assert!(files[1].name.ends_with(".csv"));
        assert_eq!(files[1].mime, "text/csv");
        assert_eq!(files[1].contents, to_csv(&[sample('a'), sample('b')]));
        let none = export_files(&[], "2026-11-23");
        assert_eq!(none.len(), 1);
        assert_eq!(none[0].contents, "[]");
    }

    #[test]
    fn results_with_other_columns_get_their_own_file() {
        let entries = [
            Entry::kept(&sample('a'), None, 0),
            Entry::kept(&with_responses('b'), None, 0),
            Entry::kept(&sample('c'), None, 0),
        ];
        let files = export_files(&entries, "d");
        assert_eq!(files.len(), 3);
        assert_eq!(files[1].contents, to_csv(&[sample('a'), sample('c')]));
        assert_eq!(files[2].contents, to_csv(&[with_responses('b')]));
        assert!(files[2].name.ends_with("-2.csv"), "{}", files[2].name);
        assert_ne!(files[1].name, files[2].name);
    }

    #[test]
    fn file_names_stay_safe() {
        assert_eq!(safe_name("../../etc/passwd"), "______etc_passwd");
        assert_eq!(safe_name("perry-24"), "perry-24");
    }
}
