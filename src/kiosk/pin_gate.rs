//! Wrong staff PINs are rate-limited: a few free tries, then a lock that doubles ([`PinGate`]); and the
//! deprecated `kiosk.pin_sha256` check ([`pin_matches`]; a kiosk's PIN is now set on the device:
//! [`super::provision`]).

use psm_core::canonical::sha256_hex;
use serde::Serialize;

/// Lowercase hex SHA-256 of the PIN as typed (UTF-8, no trimming: what the operator set is what counts).
pub fn pin_sha256(pin: &str) -> String {
    sha256_hex(pin.as_bytes())
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
