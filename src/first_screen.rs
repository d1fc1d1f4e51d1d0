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

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Choice {
    pub lang: Option<Lang>,
    pub press: Option<Press>,
}

impl Choice {
    /// Reads the two strings psm-quiz.js passes; anything else (an unknown press, a language the
    /// instrument does not have) is ignored: the live app then starts as it would have.
    pub fn read(lang: Option<&str>, press: Option<&str>, langs: &[Lang]) -> Choice {
        Choice {
            lang: lang.and_then(|code| langs.iter().copied().find(|l| l.code() == code)),
            press: match press {
                Some("agree") => Some(Press::Agree),
                Some("decline") => Some(Press::Decline),
                _ => None,
            },
        }
    }

    /// Applies the choice to a fresh run still on the consent screen (never to a resumed run: the
    /// prerendered screen is not shown when saved progress exists). `today` is asked only on agree.
    pub fn apply(self, state: &mut QuizState, today: impl FnOnce() -> String) {
        if state.phase != Phase::Consent {
            return;
        }
        if let Some(lang) = self.lang {
            state.apply(Action::SetLang(lang));
        }
        match self.press {
            Some(Press::Agree) => state.apply(Action::Agree { on: today() }),
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
        Choice::read(Some("en"), Some("agree"), &Lang::ALL).apply(&mut s, || "2026-12-01".into());
        assert_eq!(s.phase, Phase::Items);
        assert_eq!(s.lang, Lang::En);
        assert_eq!(s.agreed_on.as_deref(), Some("2026-12-01"));
    }

    #[test]
    fn an_early_decline_is_the_live_decline() {
        let mut s = fresh();
        Choice::read(None, Some("decline"), &Lang::ALL).apply(&mut s, || unreachable!());
        assert_eq!(s.phase, Phase::Declined);
        assert_eq!(s.lang, Lang::Id);
        assert_eq!(s.agreed_on, None);
    }

    #[test]
    fn bad_input_is_ignored() {
        let mut s = fresh();
        let before = s.clone();
        // A language the instrument lacks, an unknown press, nothing at all.
        Choice::read(Some("fr"), Some("submit"), &Lang::ALL).apply(&mut s, || unreachable!());
        Choice::read(Some("en"), None, &[Lang::Id]).apply(&mut s, || unreachable!());
        Choice::default().apply(&mut s, || unreachable!());
        assert_eq!(s, before);
    }

    #[test]
    fn a_run_past_the_consent_screen_is_left_alone() {
        let mut s = fresh();
        s.apply(Action::Agree {
            on: "2026-11-30".into(),
        });
        let before = s.clone();
        Choice::read(Some("en"), Some("decline"), &Lang::ALL).apply(&mut s, || unreachable!());
        assert_eq!(s, before, "a resumed run keeps its language and phase");
    }
}
