//! What the candidate did on the prerendered first screen (the consent screen rendered at build time,
//! which psm-quiz.js shows before the wasm arrives): the language chosen and an early press of agree or
//! decline. psm-quiz.js hands both to `mount_quiz` as two plain strings (internal arguments, not config
//! fields); the live app starts where the candidate already is. Pure, tested natively.

use crate::i18n::Lang;
use crate::state::{Action, Phase, QuizState};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Press {
    Agree,
    Decline,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Choice {
    pub lang: Option<Lang>,
    pub press: Option<Press>,
    /// When the press was made (ms since the epoch, the device clock): an agree records that day, not the
    /// day the wasm arrived (a download that crosses midnight).
    pub at: Option<f64>,
}

impl Choice {
    /// Reads the two strings and the press time psm-quiz.js passes; anything else (an unknown press, a
    /// language the instrument does not have, a time that is not a finite positive number) is ignored: the
    /// live app then starts as it would have.
    pub fn read(
        lang: Option<&str>,
        press: Option<&str>,
        at: Option<f64>,
        langs: &[Lang],
    ) -> Choice {
        Choice {
            at: at.filter(|t| t.is_finite() && *t > 0.0),
            lang: lang.and_then(|code| langs.iter().copied().find(|l| l.code() == code)),
            press: match press {
                Some("agree") => Some(Press::Agree),
                Some("decline") => Some(Press::Decline),
                _ => None,
            },
        }
    }

    /// Applies the choice to a fresh run still on the consent screen (never to a resumed run: the
    /// prerendered screen is not shown when saved progress exists). `day` (the local date of the press
    /// time, or today's without one) is asked only on agree.
    pub fn apply(self, state: &mut QuizState, day: impl FnOnce(Option<f64>) -> String) {
        if state.phase != Phase::Consent {
            return;
        }
        if let Some(lang) = self.lang {
            state.apply(Action::SetLang(lang));
        }
        match self.press {
            Some(Press::Agree) => state.apply(Action::Agree { on: day(self.at) }),
            Some(Press::Decline) => state.apply(Action::Decline),
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fresh() -> QuizState {
        QuizState::new(vec!["Q01".into(), "Q02".into()], false, Lang::Id, 4)
    }

    #[test]
    fn an_early_agree_starts_at_the_statements_in_the_chosen_language() {
        let mut s = fresh();
        Choice::read(Some("en"), Some("agree"), None, &Lang::ALL).apply(&mut s, |at| {
            assert_eq!(at, None);
            "2026-12-01".into()
        });
        assert_eq!(s.phase, Phase::Items);
        assert_eq!(s.lang, Lang::En);
        assert_eq!(s.agreed_on.as_deref(), Some("2026-12-01"));
    }

    #[test]
    fn an_early_decline_is_the_live_decline() {
        let mut s = fresh();
        Choice::read(None, Some("decline"), Some(1.0), &Lang::ALL)
            .apply(&mut s, |_| unreachable!());
        assert_eq!(s.phase, Phase::Declined);
        assert_eq!(s.lang, Lang::Id);
        assert_eq!(s.agreed_on, None);
    }

    #[test]
    fn an_early_agree_records_the_day_it_was_pressed() {
        // Pressed at 23:59:59 (device clock), the wasm arrives after midnight: the press's day is asked for.
        let pressed = 1_796_083_199_000.0;
        let mut s = fresh();
        Choice::read(None, Some("agree"), Some(pressed), &Lang::ALL).apply(&mut s, |at| {
            assert_eq!(at, Some(pressed));
            "2026-12-31".into()
        });
        assert_eq!(s.agreed_on.as_deref(), Some("2026-12-31"));
        // A time that is no time is dropped: today's date is used.
        for bad in [f64::NAN, f64::INFINITY, -5.0, 0.0] {
            let mut s = fresh();
            Choice::read(None, Some("agree"), Some(bad), &Lang::ALL).apply(&mut s, |at| {
                assert_eq!(at, None, "{bad}");
                "2027-01-01".into()
            });
        }
    }

    #[test]
    fn bad_input_is_ignored() {
        let mut s = fresh();
        let before = s.clone();
        // A language the instrument lacks, an unknown press, nothing at all.
        Choice::read(Some("fr"), Some("submit"), None, &Lang::ALL)
            .apply(&mut s, |_| unreachable!());
        Choice::read(Some("en"), None, None, &[Lang::Id]).apply(&mut s, |_| unreachable!());
        Choice::default().apply(&mut s, |_| unreachable!());
        assert_eq!(s, before);
    }

    #[test]
    fn a_run_past_the_consent_screen_is_left_alone() {
        let mut s = fresh();
        s.apply(Action::Agree {
            on: "2026-11-30".into(),
        });
        let before = s.clone();
        Choice::read(Some("en"), Some("decline"), None, &Lang::ALL)
            .apply(&mut s, |_| unreachable!());
        assert_eq!(s, before, "a resumed run keeps its language and phase");
    }
}
