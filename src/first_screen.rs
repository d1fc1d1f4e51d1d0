//! What the candidate did on the prerendered first screens (rendered at build time, shown by psm-quiz.js
//! before the wasm arrives): the language chosen, an early press of agree or decline and, after an agree, on
//! the first page of statements: when it appeared, the answers given there with their times, and a press of
//! Next. psm-quiz.js hands them to `mount_quiz` (internal arguments, not config fields); the live app starts
//! where the candidate already is, with the same answers and the same timings as if it had drawn the page
//! itself. Pure, tested natively.

use crate::i18n::Lang;
use crate::state::{Action, Phase, QuizState};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Press {
    Agree,
    Decline,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choice {
    pub lang: Option<Lang>,
    pub press: Option<Press>,
    /// When the press was made (ms since the epoch, the device clock): an agree records that day, not the
    /// day the wasm arrived (a download that crosses midnight).
    pub at: Option<f64>,
    /// After an agree: the first page of statements, shown and used before the wasm arrived.
    pub page: Option<EarlyPage>,
}

/// The first page of statements as the candidate used it before the wasm arrived. Times are monotonic ms
/// (`performance.now()` of the same page), the clock of [`Action::Shown`] and [`Action::Answer`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EarlyPage {
    /// When the page appeared: the first answer's interval starts here, as it would in the live app.
    pub shown: f64,
    /// `(item id, value, when)` in the order given, changes included.
    pub answers: Vec<(String, u8, f64)>,
    /// Next was pressed (last): the live app goes on from the page as the live Next would.
    pub next: bool,
}

impl EarlyPage {
    /// Reads what psm-quiz.js passes. Strict, since nothing the candidate did not do may enter a result: the
    /// page counts only with a time it was shown at; an answer only with a whole value on the scale
    /// (1..=`points`) and a time from the page's showing to `now` (the moment the wasm reads it); anything
    /// else is dropped. Which items may be answered is the state's rule ([`Choice::apply`]).
    pub fn read(
        shown: Option<f64>,
        answers: &[(String, f64, f64)],
        next: bool,
        points: u8,
        now: f64,
    ) -> Option<EarlyPage> {
        let in_time = |t: f64| t.is_finite() && t >= 0.0 && t <= now;
        let shown = shown.filter(|t| in_time(*t))?;
        let answers = answers
            .iter()
            .filter(|(_, value, at)| {
                value.fract() == 0.0
                    && (1.0..=f64::from(points)).contains(value)
                    && in_time(*at)
                    && *at >= shown
            })
            .map(|(id, value, at)| (id.clone(), *value as u8, *at))
            .collect();
        Some(EarlyPage {
            shown,
            answers,
            next,
        })
    }
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
            page: None,
            at: at.filter(|t| t.is_finite() && *t > 0.0),
            lang: lang.and_then(|code| langs.iter().copied().find(|l| l.code() == code)),
            press: match press {
                Some("agree") => Some(Press::Agree),
                Some("decline") => Some(Press::Decline),
                _ => None,
            },
        }
    }

    /// The first page of statements was on screen before the wasm, and nothing moved on from it: the
    /// live app's first render is that same page, so focus stays where the candidate is.
    pub fn page_on_screen(&self) -> bool {
        self.press == Some(Press::Agree) && self.page.as_ref().is_some_and(|p| !p.next)
    }

    /// Applies the choice to a fresh run still on the consent screen (never to a resumed run: the
    /// prerendered screen is not shown when saved progress exists). `day` (the local date of the press
    /// time, or today's without one) is asked only on agree. The early page's actions go through the
    /// state machine as the live page's would, so its rules hold: only the first page's statements can be
    /// answered there, and Next with one unanswered asks for it.
    pub fn apply(&self, state: &mut QuizState, day: impl FnOnce(Option<f64>) -> String) {
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
        let Some(page) = self
            .page
            .as_ref()
            .filter(|_| self.press == Some(Press::Agree))
        else {
            return;
        };
        if state.phase != Phase::Items || state.page_start != 0 {
            return;
        }
        // The page the candidate used is a phone's (`crate::prerender` lays it out so), whatever width the live
        // app measures as it starts (a host's narrower `--psm-max-width`, a box that grew meanwhile): its
        // answers and its Next are replayed on that page; the live app's layout hook then fits the page to
        // the box as on any resize.
        state.apply(Action::SetPerPage(crate::layout::PHONE_ITEMS));
        state.apply(Action::Shown { now: page.shown });
        let on_page = state.page_items().to_vec();
        for (id, value, now) in &page.answers {
            if on_page.contains(id) {
                state.apply(Action::Answer {
                    id: id.clone(),
                    value: *value,
                    now: *now,
                });
            }
        }
        if page.next {
            state.apply(Action::Next);
            if state.prompt {
                // Still on the page, now with the prompt: its statements were inert from the early Next until
                // the live app shows them again, so the clock restarts when it does (its `Shown`), as for a page
                // shown then; the wait is no answering time.
                state.shown_view = None;
            }
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

    fn ids(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("Q{i:02}")).collect()
    }

    fn agreed_with(page: Option<EarlyPage>) -> QuizState {
        let mut s = QuizState::new(ids(8), false, Lang::Id, 4);
        let mut choice = Choice::read(None, Some("agree"), None, &Lang::ALL);
        choice.page = page;
        choice.apply(&mut s, |_| "2026-12-01".into());
        s
    }

    fn raw(answers: &[(&str, f64, f64)]) -> Vec<(String, f64, f64)> {
        answers
            .iter()
            .map(|(id, v, t)| (id.to_string(), *v, *t))
            .collect()
    }

    #[test]
    fn early_answers_keep_their_values_and_times() {
        // The page appeared at 1 s; Q01 at 3 s, Q02 at 4 s, Q01 changed at 6 s.
        let answers = raw(&[
            ("Q01", 2.0, 3_000.0),
            ("Q02", 5.0, 4_000.0),
            ("Q01", 3.0, 6_000.0),
        ]);
        let page = EarlyPage::read(Some(1_000.0), &answers, false, 5, 7_000.0);
        let s = agreed_with(page);
        assert_eq!(s.phase, Phase::Items);
        assert_eq!((s.answers["Q01"], s.answers["Q02"]), (3, 5));
        assert_eq!((s.seconds["Q01"], s.seconds["Q02"]), (4.0, 1.0));
        assert_eq!(s.page_start, 0);
        // The live app's first render of the same page starts nothing: the next answer counts from 6 s.
        let mut live = s.clone();
        live.apply(Action::Shown { now: 9_000.0 });
        live.apply(Action::Answer {
            id: "Q03".into(),
            value: 1,
            now: 10_000.0,
        });
        assert_eq!(live.seconds["Q03"], 4.0);
    }

    #[test]
    fn an_early_next_goes_on_as_the_live_next_would() {
        let full = raw(&[
            ("Q01", 1.0, 2.0),
            ("Q02", 2.0, 3.0),
            ("Q03", 3.0, 4.0),
            ("Q04", 4.0, 5.0),
        ]);
        let s = agreed_with(EarlyPage::read(Some(1.0), &full, true, 5, 10.0));
        assert_eq!((s.page_start, s.prompt), (4, false));
        // One missing: the live rule asks for it and stays on the page.
        let s = agreed_with(EarlyPage::read(Some(1.0), &full[..3], true, 5, 10.0));
        assert_eq!((s.page_start, s.prompt), (0, true));
        assert!(!Choice {
            page: EarlyPage::read(Some(1.0), &full, true, 5, 10.0),
            ..agreed_choice()
        }
        .page_on_screen());
        assert!(Choice {
            page: EarlyPage::read(Some(1.0), &full, false, 5, 10.0),
            ..agreed_choice()
        }
        .page_on_screen());
    }

    #[test]
    fn the_early_page_is_replayed_as_the_phone_page_it_was_whatever_width_the_live_app_starts_at() {
        // The page was shown in a phone-wide box (4 statements); the live app starts wider (the host narrowed
        // the quiz with `--psm-max-width`, or the box grew before the wasm): the Next pressed on a complete
        // page still goes to the next page, and an id the candidate never saw is not taken.
        let full = raw(&[
            ("Q01", 1.0, 2.0),
            ("Q02", 2.0, 3.0),
            ("Q03", 3.0, 4.0),
            ("Q04", 4.0, 5.0),
            ("Q05", 5.0, 6.0),
        ]);
        let mut s = QuizState::new(ids(16), false, Lang::Id, crate::layout::WIDE_ITEMS);
        let mut choice = agreed_choice();
        choice.page = EarlyPage::read(Some(1.0), &full, true, 5, 10.0);
        choice.apply(&mut s, |_| "2026-12-01".into());
        assert_eq!(
            (s.page_start, s.prompt),
            (4, false),
            "the early Next goes on"
        );
        assert_eq!(s.answers.len(), 4, "{:?}", s.answers);
        assert!(!s.answers.contains_key("Q05"));
    }

    #[test]
    fn the_wait_after_an_early_next_is_no_answering_time() {
        // Q01..Q03 answered (the last at 4 s), Next pressed with Q04 missing: the statements are inert until
        // the live app arrives (at 10 s) with the prompt. Q04's interval starts there, as on a page shown then,
        // not at Q03's answer: the candidate could not answer while the page waited.
        let answers = raw(&[
            ("Q01", 1.0, 2_000.0),
            ("Q02", 2.0, 3_000.0),
            ("Q03", 3.0, 4_000.0),
        ]);
        let mut s = agreed_with(EarlyPage::read(Some(1_000.0), &answers, true, 5, 10_000.0));
        assert!(s.prompt);
        s.apply(Action::Shown { now: 10_000.0 }); // the live app's first render
        answer_at(&mut s, "Q04", 4, 12_000.0);
        assert_eq!(s.seconds["Q04"], 2.0);
        assert_eq!(
            (s.seconds["Q01"], s.seconds["Q02"], s.seconds["Q03"]),
            (1.0, 1.0, 1.0)
        );
        // Without a Next, the page never stopped being answerable: the take-over starts nothing.
        let mut s = agreed_with(EarlyPage::read(Some(1_000.0), &answers, false, 5, 10_000.0));
        s.apply(Action::Shown { now: 10_000.0 });
        answer_at(&mut s, "Q04", 4, 12_000.0);
        assert_eq!(s.seconds["Q04"], 8.0);
    }

    fn answer_at(s: &mut QuizState, id: &str, value: u8, now: f64) {
        s.apply(Action::Answer {
            id: id.into(),
            value,
            now,
        });
    }

    fn agreed_choice() -> Choice {
        Choice::read(None, Some("agree"), None, &Lang::ALL)
    }

    #[test]
    fn nothing_the_candidate_could_not_have_done_enters_the_run() {
        let now = 10_000.0;
        // No time shown, or one outside 0..=now: the page does not count at all.
        for shown in [
            None,
            Some(f64::NAN),
            Some(-1.0),
            Some(now + 1.0),
            Some(f64::INFINITY),
        ] {
            assert_eq!(
                EarlyPage::read(shown, &raw(&[("Q01", 1.0, 5.0)]), false, 5, now),
                None
            );
        }
        let page = EarlyPage::read(
            Some(1_000.0),
            &raw(&[
                ("Q01", 0.0, 2_000.0), // off the scale
                ("Q02", 6.0, 2_000.0), // off a 5-point scale
                ("Q03", 2.5, 2_000.0), // not a scale point
                ("Q04", f64::NAN, 2_000.0),
                ("Q01", 3.0, 500.0),     // before the page was shown
                ("Q02", 3.0, now + 1.0), // after the wasm read it
                ("Q03", 3.0, f64::NAN),
                ("Q05", 3.0, 2_000.0),  // not on the first page
                ("nope", 3.0, 2_000.0), // not an item
                ("Q04", 4.0, 3_000.0),  // the one real answer
            ]),
            false,
            5,
            now,
        );
        let s = agreed_with(page);
        assert_eq!(s.answers.len(), 1, "{:?}", s.answers);
        assert_eq!((s.answers["Q04"], s.seconds["Q04"]), (4, 2.0));
        // An early page without an agree (a decline, no press) is nothing.
        for press in [Some("decline"), None] {
            let mut s = QuizState::new(ids(8), false, Lang::Id, 4);
            let mut choice = Choice::read(None, press, None, &Lang::ALL);
            choice.page = EarlyPage::read(Some(1.0), &raw(&[("Q01", 1.0, 2.0)]), true, 5, 10.0);
            choice.apply(&mut s, |_| "2026-12-01".into());
            assert!(s.answers.is_empty());
            assert!(!choice.page_on_screen());
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
