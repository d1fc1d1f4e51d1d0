//! When the page's delivery loop wakes, and when it tells the host that the endpoint stays out of reach:
//! pure rules the web shell's loop (src/outbox/sender.rs) applies with the clock.
//!
//! - [`wake_after_ms`]: the next timer. A result that is due but cannot go (the browser is offline, or
//!   its record cannot be written) must not make the page spin: such rounds back off like failed
//!   attempts, never below [`MIN_WAKE_MS`]. The `online` event and the page becoming visible wake the
//!   loop sooner (the shell listens for both), so going online still delivers within moments.
//! - [`Unreachable`]: after repeated attempts without any HTTP answer over a period (network down, server
//!   off, or an endpoint whose CORS does not allow this origin: a page cannot tell these apart), one
//!   `psm-error` (`delivery_unreachable`) while retries go on.

use crate::outbox::rules::retry_delay_ms;

/// The loop never arms a timer shorter than this (the old loop re-armed every 50 ms while offline).
pub const MIN_WAKE_MS: u64 = 1_000;

/// Milliseconds until the loop should look again, or `None` to sleep until kicked (nothing to send).
/// `next_due_ms`: [`crate::outbox::rules::next_wake_ms`] after the pass. `stalled_rounds`: passes in a row
/// that ended with something due that could not be sent (offline, storage refusing the record).
/// `jitter` in `[0, 1)`, as for [`retry_delay_ms`].
pub fn wake_after_ms(next_due_ms: Option<u64>, stalled_rounds: u32, jitter: f64) -> Option<u64> {
    let floor = if stalled_rounds == 0 {
        MIN_WAKE_MS
    } else {
        retry_delay_ms(stalled_rounds, jitter, None).max(MIN_WAKE_MS)
    };
    next_due_ms.map(|ms| ms.max(floor))
}

/// Attempts without an HTTP answer before the host hears of it...
pub const UNREACHABLE_ATTEMPTS: u32 = 4;
/// ...spanning at least this long: the backoff (2, 4, 8, 16 s, ±10%) puts the fifth attempt 27-33 s after
/// the first, so the report comes with it, about half a minute into the trouble.
pub const UNREACHABLE_MS: u64 = 25_000;

/// A run of attempts that got no HTTP answer, page-wide (however many results wait).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unreachable {
    /// When the run began (a monotonic clock: a corrected wall clock must not fire or hide it).
    since: Option<u64>,
    failures: u32,
    reported: bool,
}

impl Unreachable {
    /// No run yet (`const`, so a page-wide loop can hold one in a `const`-initialised thread local).
    pub const fn new() -> Unreachable {
        Unreachable {
            since: None,
            failures: 0,
            reported: false,
        }
    }

    /// Records one attempt at `now`; `answered`: an HTTP answer came back (any status: the endpoint is
    /// reachable, what it said is reported elsewhere). True exactly once per run, when the run has
    /// lasted [`UNREACHABLE_MS`] over at least [`UNREACHABLE_ATTEMPTS`] attempts.
    pub fn record(&mut self, answered: bool, now: u64) -> bool {
        if answered {
            *self = Unreachable::new();
            return false;
        }
        let since = *self.since.get_or_insert(now);
        self.failures = self.failures.saturating_add(1);
        let due = !self.reported
            && self.failures >= UNREACHABLE_ATTEMPTS
            && now.saturating_sub(since) >= UNREACHABLE_MS;
        if due {
            self.reported = true;
        }
        due
    }

    /// Attempts in the current run, and how long it has lasted at `now` (for the message).
    pub fn run(&self, now: u64) -> (u32, u64) {
        (
            self.failures,
            self.since.map_or(0, |s| now.saturating_sub(s)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbox::rules::{retry_delay_ms, MAX_RETRY_MS};

    #[test]
    fn nothing_to_send_sleeps_until_kicked() {
        assert_eq!(wake_after_ms(None, 0, 0.5), None);
        assert_eq!(wake_after_ms(None, 7, 0.5), None);
    }

    #[test]
    fn never_below_a_second() {
        assert_eq!(wake_after_ms(Some(0), 0, 0.5), Some(MIN_WAKE_MS));
        assert_eq!(wake_after_ms(Some(50), 0, 0.0), Some(MIN_WAKE_MS));
        assert_eq!(wake_after_ms(Some(120_000), 0, 0.5), Some(120_000));
        for rounds in 0..40 {
            for jitter in [0.0, 0.5, 1.0, f64::NAN, -3.0] {
                assert!(wake_after_ms(Some(0), rounds, jitter).unwrap() >= MIN_WAKE_MS);
            }
        }
    }

    #[test]
    fn stalled_rounds_back_off_to_the_cap() {
        let waits: Vec<u64> = (1..=12)
            .map(|r| wake_after_ms(Some(0), r, 0.5).unwrap())
            .collect();
        assert_eq!(&waits[..4], &[2_000, 4_000, 8_000, 16_000]);
        assert!(waits.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(*waits.last().unwrap(), MAX_RETRY_MS);
        // A later due time wins over the stall backoff.
        assert_eq!(wake_after_ms(Some(300_000), 1, 0.5), Some(300_000));
        assert_eq!(
            wake_after_ms(Some(10), 3, 0.5),
            Some(retry_delay_ms(3, 0.5, None))
        );
    }

    #[test]
    fn an_hour_offline_wakes_a_few_dozen_times_not_seventy_thousand() {
        // The old loop re-armed every 50 ms while offline: 72 000 wake-ups an hour.
        let (mut t, mut rounds, mut wakes) = (0u64, 0u32, 0u32);
        while t < 3_600_000 {
            rounds += 1;
            t += wake_after_ms(Some(0), rounds, 0.5).unwrap();
            wakes += 1;
        }
        assert!(wakes < 20, "{wakes} wake-ups in an hour");
    }

    #[test]
    fn unreachable_is_reported_once_per_run_after_attempts_and_time() {
        // The fifth attempt comes 27-33 s after the first, whatever the jitter: always past the period.
        let fifth = |j: f64| (1..=4).map(|n| retry_delay_ms(n, j, None)).sum::<u64>();
        assert!(fifth(0.0) >= UNREACHABLE_MS && fifth(1.0) <= 33_000);
        let mut u = Unreachable::default();
        // Attempts as the backoff spaces them: 0, 2, 6, 14, 30 s.
        assert!(!u.record(false, 0));
        assert!(!u.record(false, 2_000));
        assert!(!u.record(false, 6_000));
        assert!(
            !u.record(false, 14_000),
            "four attempts but only 14 s: too early"
        );
        assert!(u.record(false, 30_000), "reported");
        assert_eq!(u.run(30_000), (5, 30_000));
        assert!(!u.record(false, 62_000), "once, while retries go on");
        assert!(!u.record(false, 600_000));
        assert!(!u.record(true, 700_000), "an answer ends the run");
        assert_eq!(u.run(700_000), (0, 0));
        for t in [0, 1, 2] {
            assert!(!u.record(false, 800_000 + t));
        }
        assert!(!u.record(false, 800_000 + 24_999));
        assert!(
            u.record(false, 800_000 + 25_000),
            "a new run is reported again"
        );
    }

    #[test]
    fn many_quick_failures_alone_are_not_a_period() {
        let mut u = Unreachable::default();
        for t in 0..100 {
            assert!(!u.record(false, t * 100));
        }
        assert!(u.record(false, UNREACHABLE_MS));
    }
}
