//! The kiosk around the quiz as a pure state machine: which candidate (generation), whether the
//! current one has finished, the idle or result countdown, the operator panel. The clock comes in
//! through the messages, so every rule is tested natively. [`Countdown`]: the idle timeout and the automatic
//! next-candidate reset, with the visible countdown of their last seconds; any input restarts it.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Panel {
    Closed,
    /// Asking for the PIN.
    Pin,
    Open,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shell {
    /// Bumped by every reset: the quiz below is rebuilt from nothing.
    pub generation: u32,
    /// The current candidate's result is stored and on screen.
    pub finished: bool,
    /// Someone has touched the screen since the last reset.
    pub touched: bool,
    /// Running while there is something to abandon (input since the reset, or a result on screen).
    pub countdown: Option<Countdown>,
    /// Seconds left, while the countdown is visible.
    pub warning: Option<u32>,
    pub panel: Panel,
    pub idle_seconds: u32,
    pub reset_seconds: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    /// A touch, a click or a key anywhere in the kiosk.
    Input(u64),
    /// The clock moved (a periodic timer).
    Tick(u64),
    /// The result is stored and the result screen shows.
    Finished(u64),
    /// "Next candidate".
    Next,
    /// The deliberate operator gesture was made.
    OpenPin,
    /// The right PIN was entered.
    Unlocked,
    ClosePanel,
}

impl Shell {
    pub fn new(idle_seconds: u32, reset_seconds: u32) -> Shell {
        Shell {
            generation: 0,
            finished: false,
            touched: false,
            countdown: None,
            warning: None,
            panel: Panel::Closed,
            idle_seconds,
            reset_seconds,
        }
    }

    fn timeout(&self) -> u32 {
        if self.finished {
            self.reset_seconds
        } else {
            self.idle_seconds
        }
    }

    fn reset(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        self.finished = false;
        self.touched = false;
        self.countdown = None;
        self.warning = None;
        self.panel = Panel::Closed;
    }

    pub fn apply(&mut self, msg: Msg) {
        match msg {
            Msg::Input(now) => {
                self.touched = true;
                match &mut self.countdown {
                    Some(c) => c.touch(now),
                    None => self.countdown = Some(Countdown::start(self.timeout(), now)),
                }
                self.warning = None;
            }
            Msg::Tick(now) => match self.countdown.map(|c| c.phase(now)) {
                None | Some(Phase::Quiet) => self.warning = None,
                Some(Phase::Warning { seconds_left }) => self.warning = Some(seconds_left),
                Some(Phase::Expired) => self.reset(),
            },
            Msg::Finished(now) => {
                self.finished = true;
                self.countdown = Some(Countdown::start(self.reset_seconds, now));
                self.warning = None;
            }
            Msg::Next => self.reset(),
            Msg::OpenPin => {
                if self.panel == Panel::Closed {
                    self.panel = Panel::Pin;
                }
            }
            Msg::Unlocked => {
                if self.panel == Panel::Pin {
                    self.panel = Panel::Open;
                }
            }
            Msg::ClosePanel => self.panel = Panel::Closed,
        }
    }
}

/// Taps on the operator target: five within three seconds open the PIN prompt.
pub const TAPS: usize = 5;
pub const TAP_WINDOW_MS: u64 = 3_000;

/// Records a tap at `now`; true when it completes the gesture (the record then starts over).
pub fn tap(taps: &mut Vec<u64>, now: u64) -> bool {
    taps.retain(|&t| now.saturating_sub(t) < TAP_WINDOW_MS && t <= now);
    taps.push(now);
    if taps.len() >= TAPS {
        taps.clear();
        true
    } else {
        false
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_countdown_shows_its_last_seconds_and_input_cancels_it() {
        let mut c = Countdown::start(90, 0);
        assert_eq!(c.phase(0), Phase::Quiet);
        assert_eq!(c.phase(69_999), Phase::Quiet);
        assert_eq!(c.phase(70_000), Phase::Warning { seconds_left: 20 });
        assert_eq!(c.phase(70_001), Phase::Warning { seconds_left: 20 });
        assert_eq!(c.phase(89_001), Phase::Warning { seconds_left: 1 });
        assert_eq!(c.phase(90_000), Phase::Expired);
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
    fn an_untouched_welcome_screen_never_resets() {
        let mut s = Shell::new(90, 60);
        s.apply(Msg::Tick(10_000_000));
        assert_eq!((s.generation, s.warning), (0, None));
    }

    #[test]
    fn an_abandoned_quiz_counts_down_and_resets_unless_touched() {
        let mut s = Shell::new(90, 60);
        s.apply(Msg::Input(0));
        s.apply(Msg::Tick(69_000));
        assert_eq!(s.warning, None);
        s.apply(Msg::Tick(75_000));
        assert_eq!(s.warning, Some(15));
        s.apply(Msg::Input(76_000));
        assert_eq!(s.warning, None, "any touch cancels the countdown");
        s.apply(Msg::Tick(160_000));
        assert_eq!(s.warning, Some(6));
        s.apply(Msg::Tick(166_000));
        assert_eq!(s.generation, 1, "reset after 90 s without input");
        assert!(!s.touched && s.countdown.is_none() && s.warning.is_none());
    }

    #[test]
    fn a_result_resets_after_its_own_time_or_at_next_candidate() {
        let mut s = Shell::new(90, 30);
        s.apply(Msg::Input(0));
        s.apply(Msg::Finished(1_000));
        s.apply(Msg::Tick(11_000));
        assert_eq!(s.warning, None);
        s.apply(Msg::Tick(16_000));
        assert_eq!(s.warning, Some(15));
        s.apply(Msg::Tick(31_000));
        assert_eq!((s.generation, s.finished), (1, false));
        s.apply(Msg::Input(40_000));
        s.apply(Msg::Finished(41_000));
        s.apply(Msg::Next);
        assert_eq!((s.generation, s.finished, s.touched), (2, false, false));
    }

    #[test]
    fn the_panel_needs_the_gesture_then_the_pin_and_closes_on_reset() {
        let mut s = Shell::new(90, 60);
        s.apply(Msg::Unlocked);
        assert_eq!(s.panel, Panel::Closed, "no PIN prompt, no panel");
        s.apply(Msg::OpenPin);
        s.apply(Msg::Unlocked);
        assert_eq!(s.panel, Panel::Open);
        s.apply(Msg::Input(0));
        s.apply(Msg::Tick(90_000));
        assert_eq!(
            s.panel,
            Panel::Closed,
            "an unattended panel closes with the idle reset"
        );
    }

    #[test]
    fn five_quick_taps_make_the_gesture() {
        let mut taps = Vec::new();
        for t in [0, 500, 1_000, 1_500] {
            assert!(!tap(&mut taps, t));
        }
        assert!(tap(&mut taps, 2_000));
        assert!(taps.is_empty());
        for t in [10_000, 11_000, 12_000, 13_000] {
            assert!(!tap(&mut taps, t));
        }
        assert!(
            !tap(&mut taps, 14_000),
            "the first taps fell out of the window"
        );
        assert!(!tap(&mut taps, 14_100));
        assert!(tap(&mut taps, 14_200));
    }
}
