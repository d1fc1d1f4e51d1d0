//! The quiz as a pure state machine: phase, answers, paging, language, timings.
//! Components dispatch [`Action`]s; the clock comes in through the actions, so every rule here
//! is plain Rust with native tests.

use crate::i18n::Lang;
use psm_core::payload::ResultPayload;
use psm_core::quality::AnswerClock;
use psm_core::{Answers, Timings};
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq)]
pub enum Phase {
    Consent,
    Declined,
    Items,
    Review,
    /// The payload already handed to delivery; the screen shows its (rounded) scores.
    Result(Rc<ResultPayload>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct QuizState {
    pub phase: Phase,
    /// Chosen on the consent screen; fixed once the candidate agrees (one language per result).
    pub lang: Lang,
    /// `YYYY-MM-DD` the candidate agreed on (the result's consent record); set by [`Action::Agree`].
    pub agreed_on: Option<String>,
    /// Item ids in presentation order.
    pub order: Vec<String>,
    pub shuffled: bool,
    pub answers: Answers,
    /// Where the next answer's interval starts (core rule: time between successive answers).
    pub clock: AnswerClock,
    /// Seconds spent answering each item (psm_core::quality::AnswerClock).
    pub seconds: Timings,
    /// Index (in `order`) of the first item on the current page; a multiple of `per_page`.
    pub page_start: usize,
    pub per_page: usize,
    /// The current page was left with unanswered items: mark them and say so.
    pub prompt: bool,
    /// Bumped when focus must go to the first unanswered item (page or review list).
    pub prompt_rev: u32,
    /// Bumped on every page or phase change: focus goes to the new heading.
    pub view_rev: u32,
    /// Bumped on every answer change (the host hears about progress).
    pub answer_rev: u32,
    /// The view (`view_rev`) whose page the answer clock was started for: a page is shown once. The page
    /// shown before the wasm arrived (`crate::first_screen`) started it then; the live app's render of that
    /// same page must not start it again.
    pub shown_view: Option<u32>,
    /// The answers came from storage; say so once.
    pub resumed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The candidate agreed, on `on` (`YYYY-MM-DD`, the local date).
    Agree {
        on: String,
    },
    Decline,
    BackToConsent,
    SetLang(Lang),
    SetPerPage(usize),
    /// A new page is on screen at `now` (monotonic ms). Not for a re-layout of the same page.
    Shown {
        now: f64,
    },
    Answer {
        id: String,
        value: u8,
        /// Monotonic ms (`performance.now()`), the same clock as `Shown`.
        now: f64,
    },
    Next,
    Back,
    /// From the review list: show the page holding `order[index]`.
    GoToItem(usize),
    /// Submit pressed with items missing.
    ReviewBlocked,
    Complete(Rc<ResultPayload>),
}

impl QuizState {
    pub fn new(order: Vec<String>, shuffled: bool, lang: Lang, per_page: usize) -> Self {
        QuizState {
            phase: Phase::Consent,
            lang,
            agreed_on: None,
            order,
            shuffled,
            answers: Answers::new(),
            clock: AnswerClock::new(),
            seconds: Timings::new(),
            page_start: 0,
            per_page: per_page.max(1),
            prompt: false,
            prompt_rev: 0,
            view_rev: 0,
            shown_view: None,
            answer_rev: 0,
            resumed: false,
        }
    }

    pub fn total(&self) -> usize {
        self.order.len()
    }

    pub fn answered(&self) -> usize {
        self.order
            .iter()
            .filter(|id| self.answers.contains_key(*id))
            .count()
    }

    pub fn pages(&self) -> usize {
        self.total().div_ceil(self.per_page).max(1)
    }

    /// Zero-based page number.
    pub fn page(&self) -> usize {
        self.page_start / self.per_page
    }

    /// Indices into `order` of the current page.
    pub fn page_range(&self) -> std::ops::Range<usize> {
        let start = self.page_start.min(self.total());
        start..(start + self.per_page).min(self.total())
    }

    pub fn page_items(&self) -> &[String] {
        &self.order[self.page_range()]
    }

    pub fn is_last_page(&self) -> bool {
        self.page_start + self.per_page >= self.total()
    }

    /// Indices into `order` of the unanswered items.
    pub fn missing(&self) -> Vec<usize> {
        (0..self.total())
            .filter(|&i| !self.answers.contains_key(&self.order[i]))
            .collect()
    }

    pub fn page_missing(&self) -> Vec<&str> {
        self.page_items()
            .iter()
            .filter(|id| !self.answers.contains_key(*id))
            .map(String::as_str)
            .collect()
    }

    /// The language may still be chosen: the statements have not started.
    pub fn lang_open(&self) -> bool {
        matches!(self.phase, Phase::Consent | Phase::Declined)
    }

    fn align(&self, index: usize) -> usize {
        (index / self.per_page) * self.per_page
    }

    fn change_view(&mut self) {
        self.view_rev = self.view_rev.wrapping_add(1);
        self.prompt = false;
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Agree { on } => {
                if self.phase == Phase::Consent {
                    self.agreed_on = Some(on);
                    self.phase = Phase::Items;
                    self.change_view();
                }
            }
            Action::Decline => {
                if self.phase == Phase::Consent {
                    self.phase = Phase::Declined;
                    self.change_view();
                }
            }
            Action::BackToConsent => {
                if self.phase == Phase::Declined {
                    self.phase = Phase::Consent;
                    self.change_view();
                }
            }
            // The language is chosen before the statements start and fixed after: every answer of a
            // result is given in the language its payload names.
            Action::SetLang(lang) => {
                if self.lang_open() {
                    self.lang = lang;
                }
            }
            Action::SetPerPage(n) => {
                let n = n.max(1);
                if n != self.per_page {
                    // Keep the first item of the current page on screen.
                    self.per_page = n;
                    self.page_start = self.align(self.page_start);
                }
            }
            Action::Shown { now } => {
                if self.phase == Phase::Items && self.shown_view != Some(self.view_rev) {
                    self.clock.page_shown(now);
                    self.shown_view = Some(self.view_rev);
                }
            }
            Action::Answer { id, value, now } => {
                if !matches!(self.phase, Phase::Items) || !self.order.contains(&id) {
                    return;
                }
                if self.answers.get(&id) == Some(&value) {
                    return;
                }
                // A change counts too: its time goes to this same item (see AnswerClock).
                self.clock.answered(&mut self.seconds, &id, now);
                self.answers.insert(id, value);
                self.answer_rev = self.answer_rev.wrapping_add(1);
                if self.prompt && self.page_missing().is_empty() {
                    self.prompt = false;
                }
            }
            Action::Next => {
                if self.phase != Phase::Items {
                    return;
                }
                if !self.page_missing().is_empty() {
                    self.prompt = true;
                    self.prompt_rev = self.prompt_rev.wrapping_add(1);
                    return;
                }
                if self.is_last_page() {
                    self.phase = Phase::Review;
                } else {
                    self.page_start += self.per_page;
                }
                self.resumed = false;
                self.change_view();
            }
            Action::Back => match self.phase {
                Phase::Items if self.page_start > 0 => {
                    self.page_start = self.align(self.page_start - 1);
                    self.resumed = false;
                    self.change_view();
                }
                Phase::Review => {
                    self.phase = Phase::Items;
                    self.page_start = self.align(self.total().saturating_sub(1));
                    self.change_view();
                }
                _ => {}
            },
            Action::GoToItem(index) => {
                if self.phase == Phase::Review && index < self.total() {
                    self.phase = Phase::Items;
                    self.page_start = self.align(index);
                    self.change_view();
                    // Mark what is missing there; focus goes to the heading, then the marks guide.
                    self.prompt = !self.page_missing().is_empty();
                }
            }
            Action::ReviewBlocked => {
                if self.phase == Phase::Review {
                    self.prompt = true;
                    self.prompt_rev = self.prompt_rev.wrapping_add(1);
                }
            }
            Action::Complete(payload) => {
                if self.phase == Phase::Review && self.missing().is_empty() {
                    self.phase = Phase::Result(payload);
                    self.change_view();
                }
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl yew::Reducible for QuizState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.apply(action);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("Q{i:02}")).collect()
    }

    fn started(n: usize, per_page: usize) -> QuizState {
        let mut s = QuizState::new(ids(n), false, Lang::Id, per_page);
        s.apply(agree());
        s
    }

    fn agree() -> Action {
        Action::Agree {
            on: "2026-12-01".into(),
        }
    }

    fn answer_page(s: &mut QuizState, value: u8) {
        for id in s.page_items().to_vec() {
            s.apply(Action::Answer {
                id,
                value,
                now: 0.0,
            });
        }
    }

    #[test]
    fn consent_gates_the_items_and_declining_ends() {
        let mut s = QuizState::new(ids(5), false, Lang::Id, 4);
        s.apply(Action::Answer {
            id: "Q01".into(),
            value: 3,
            now: 0.0,
        });
        assert!(s.answers.is_empty(), "no answers before consent");
        s.apply(Action::Decline);
        assert_eq!(s.phase, Phase::Declined);
        s.apply(agree());
        assert_eq!(
            s.phase,
            Phase::Declined,
            "agree only from the consent screen"
        );
        assert_eq!(s.agreed_on, None, "declining records no agreement");
        s.apply(Action::BackToConsent);
        s.apply(agree());
        assert_eq!(s.phase, Phase::Items);
        assert_eq!(s.agreed_on.as_deref(), Some("2026-12-01"));
        s.apply(Action::Agree {
            on: "2026-12-02".into(),
        });
        assert_eq!(
            s.agreed_on.as_deref(),
            Some("2026-12-01"),
            "the first agreement is the one recorded"
        );
    }

    #[test]
    fn next_is_blocked_until_the_page_is_answered() {
        let mut s = started(10, 4);
        s.apply(Action::Answer {
            id: "Q01".into(),
            value: 2,
            now: 0.0,
        });
        let view = s.view_rev;
        s.apply(Action::Next);
        assert_eq!(s.page_start, 0);
        assert!(s.prompt);
        assert_eq!(s.prompt_rev, 1);
        assert_eq!(s.view_rev, view);
        assert_eq!(s.page_missing(), vec!["Q02", "Q03", "Q04"]);
        answer_page(&mut s, 4);
        assert!(!s.prompt, "the prompt clears once the page is complete");
        s.apply(Action::Next);
        assert_eq!(s.page_start, 4);
        assert_eq!(s.view_rev, view + 1);
    }

    #[test]
    fn pages_lead_to_review_and_back() {
        let mut s = started(10, 4);
        for _ in 0..3 {
            answer_page(&mut s, 5);
            s.apply(Action::Next);
        }
        assert_eq!(s.phase, Phase::Review);
        assert!(s.missing().is_empty());
        s.apply(Action::Back);
        assert_eq!((s.phase.clone(), s.page_start), (Phase::Items, 8));
        assert_eq!(s.page_items().len(), 2);
        s.apply(Action::Back);
        assert_eq!(s.page_start, 4);
        s.apply(Action::Back);
        s.apply(Action::Back);
        assert_eq!(s.page_start, 0, "back stops at the first page");
    }

    #[test]
    fn resizing_keeps_the_current_items_on_screen() {
        let mut s = started(24, 4);
        for _ in 0..3 {
            answer_page(&mut s, 3);
            s.apply(Action::Next);
        }
        assert_eq!(s.page_start, 12);
        s.apply(Action::SetPerPage(8));
        assert_eq!((s.page_start, s.page(), s.pages()), (8, 1, 3));
        assert!(s.page_range().contains(&12));
        s.apply(Action::SetPerPage(0));
        assert_eq!(s.per_page, 1, "never zero items per page");
    }

    fn answer_at(s: &mut QuizState, id: &str, value: u8, now: f64) {
        s.apply(Action::Answer {
            id: id.into(),
            value,
            now,
        });
    }

    #[test]
    fn a_page_is_shown_once_however_often_it_is_rendered() {
        // The first page shown before the wasm (at 1 s) and answered there (at 3 s): the live app's first
        // render of that same page (at 9 s) must not move the start of the next answer's interval.
        let mut s = started(8, 4);
        s.apply(Action::Shown { now: 1_000.0 });
        answer_at(&mut s, "Q01", 2, 3_000.0);
        s.apply(Action::Shown { now: 9_000.0 });
        answer_at(&mut s, "Q02", 4, 10_000.0);
        assert_eq!((s.seconds["Q01"], s.seconds["Q02"]), (2.0, 7.0));
        // A new page is a new view: its clock starts when it is shown.
        answer_page(&mut s, 4);
        s.apply(Action::Next);
        s.apply(Action::Shown { now: 20_000.0 });
        answer_at(&mut s, "Q05", 1, 20_500.0);
        assert_eq!(s.seconds["Q05"], 0.5);
    }

    #[test]
    fn timings_run_between_successive_answers() {
        let mut s = started(8, 4);
        s.apply(Action::Shown { now: 1_000.0 });
        answer_at(&mut s, "Q01", 1, 4_500.0);
        answer_at(&mut s, "Q02", 3, 5_500.0);
        // A change adds to its own item; the next answer counts from the change.
        answer_at(&mut s, "Q01", 2, 7_000.0);
        answer_at(&mut s, "Q03", 3, 7_500.0);
        assert_eq!(
            (s.seconds["Q01"], s.seconds["Q02"], s.seconds["Q03"]),
            (5.0, 1.0, 0.5)
        );
        assert_eq!(s.answers["Q01"], 2);
        assert_eq!(s.answer_rev, 4);
        answer_at(&mut s, "Q01", 2, 30_000.0);
        assert_eq!(s.answer_rev, 4, "the same answer again is no change");
        assert_eq!(s.seconds["Q01"], 5.0, "and adds no time");
        answer_at(&mut s, "Q04", 3, 31_000.0);
        assert_eq!(s.seconds["Q04"], 23.5, "counted from the last real answer");
        // The next page counts from its own appearance, not from the last answer.
        s.apply(Action::Next);
        s.apply(Action::Shown { now: 40_000.0 });
        answer_at(&mut s, "Q05", 3, 41_000.0);
        assert_eq!(s.seconds["Q05"], 1.0);
        s.apply(Action::Answer {
            id: "nope".into(),
            value: 2,
            now: 0.0,
        });
        assert!(!s.answers.contains_key("nope"));
    }

    #[test]
    fn language_is_chosen_before_the_statements_and_fixed_after() {
        let mut s = QuizState::new(ids(8), false, Lang::Id, 4);
        assert!(s.lang_open());
        s.apply(Action::SetLang(Lang::En));
        s.apply(Action::Decline);
        s.apply(Action::SetLang(Lang::Id));
        s.apply(Action::BackToConsent);
        s.apply(Action::SetLang(Lang::En));
        assert_eq!(s.lang, Lang::En, "free to choose until agreeing");
        s.apply(agree());
        assert!(!s.lang_open());
        s.apply(Action::SetLang(Lang::Id));
        assert_eq!(s.lang, Lang::En, "fixed once the statements start");
        answer_page(&mut s, 4);
        s.apply(Action::Next);
        answer_page(&mut s, 4);
        s.apply(Action::Next);
        assert_eq!(s.phase, Phase::Review);
        s.apply(Action::SetLang(Lang::Id));
        assert_eq!((s.lang, s.answered()), (Lang::En, 8), "and at review");
    }

    #[test]
    fn review_jumps_to_a_missing_item_and_blocks_completion() {
        let mut s = started(8, 4);
        answer_page(&mut s, 4);
        s.apply(Action::Next);
        answer_page(&mut s, 4);
        s.apply(Action::Next);
        assert_eq!(s.phase, Phase::Review);
        // An item can only be missing at review after storage held a partial page; force one.
        s.answers.remove("Q06");
        s.apply(Action::ReviewBlocked);
        assert_eq!(s.prompt_rev, 1);
        s.apply(Action::GoToItem(5));
        assert_eq!(
            (s.phase.clone(), s.page_start, s.prompt),
            (Phase::Items, 4, true)
        );
    }
}
