//! Seconds per item (quality::AnswerClock): time between successive answers, the first answer on a
//! page counting from the page being shown, independent of how many statements a page holds.

use psm_core::quality::{quality, AnswerClock};
use psm_core::{Answers, Timings};

fn ids(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("Q{i:02}")).collect()
}

/// A candidate who answers one statement a second, page after page, and needs `turn_ms` to press
/// Next and see the following page. Returns the recorded seconds.
fn one_a_second(order: &[String], per_page: usize, turn_ms: f64) -> Timings {
    let mut clock = AnswerClock::new();
    let mut seconds = Timings::new();
    let mut now = 10_000.0;
    for page in order.chunks(per_page) {
        clock.page_shown(now);
        for id in page {
            now += 1_000.0;
            clock.answered(&mut seconds, id, now);
        }
        now += turn_ms;
    }
    seconds
}

fn median(order: &[String], seconds: &Timings) -> f64 {
    quality(order, &Answers::new(), Some(seconds))
        .seconds_median_per_item
        .unwrap()
}

#[test]
fn one_answer_a_second_is_one_second_per_item_whatever_the_page_size() {
    let order = ids(24);
    for per_page in [1, 2, 3, 4, 6, 8, 12, 24] {
        let seconds = one_a_second(&order, per_page, 2_500.0);
        assert_eq!(seconds.len(), 24, "every statement has a time");
        for (id, s) in seconds.iter() {
            assert!((s - 1.0).abs() < 1e-9, "{per_page} per page: {id} {s}");
        }
        assert!((median(&order, &seconds) - 1.0).abs() < 1e-9);
    }
}

#[test]
fn an_eight_statement_page_at_one_a_second_is_not_five_seconds() {
    // The figure this replaces timed each statement from its page's appearance: 1, 2, ..., 8 s,
    // median 4.5 s on an eight-statement page and 1 s on a one-statement page.
    let order = ids(8);
    let seconds = one_a_second(&order, 8, 0.0);
    let m = median(&order, &seconds);
    assert!((m - 1.0).abs() < 1e-9, "median {m}");
}

#[test]
fn the_first_answer_on_a_page_counts_from_the_page_being_shown() {
    let mut clock = AnswerClock::new();
    let mut s = Timings::new();
    clock.page_shown(0.0);
    clock.answered(&mut s, "Q01", 4_000.0);
    clock.answered(&mut s, "Q02", 5_500.0);
    // 20 s reading the page over and pressing Next belong to no statement.
    clock.page_shown(25_500.0);
    clock.answered(&mut s, "Q03", 28_500.0);
    assert_eq!(
        s.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(),
        [("Q01", 4.0), ("Q02", 1.5), ("Q03", 3.0)]
    );
}

#[test]
fn a_changed_answer_adds_to_its_own_statement_and_never_makes_a_second_figure() {
    let mut clock = AnswerClock::new();
    let mut s = Timings::new();
    clock.page_shown(0.0);
    clock.answered(&mut s, "Q01", 2_000.0);
    clock.answered(&mut s, "Q02", 3_000.0);
    // Back to Q01 after 4 s: those 4 s are Q01's, not Q02's and not a new entry.
    clock.answered(&mut s, "Q01", 7_000.0);
    // The next statement counts from the change.
    clock.answered(&mut s, "Q03", 8_000.0);
    assert_eq!(s.len(), 3);
    assert_eq!((s["Q01"], s["Q02"], s["Q03"]), (6.0, 1.0, 1.0));
    // The sum is the time spent answering, nothing counted twice.
    let total: f64 = s.values().sum();
    assert_eq!(total, 8.0);
}

#[test]
fn a_page_shown_again_restarts_the_interval() {
    // Back to an answered page, change one answer after 3 s, forward again.
    let mut clock = AnswerClock::new();
    let mut s = Timings::new();
    clock.page_shown(0.0);
    clock.answered(&mut s, "Q01", 1_000.0);
    clock.page_shown(60_000.0);
    clock.answered(&mut s, "Q01", 63_000.0);
    assert_eq!(s["Q01"], 4.0);
}

#[test]
fn no_page_shown_or_a_clock_going_backwards_records_nothing() {
    let mut clock = AnswerClock::new();
    let mut s = Timings::new();
    clock.answered(&mut s, "Q01", 5_000.0);
    assert!(s.is_empty(), "no mark, no interval");
    // The answer itself is a mark for the next one.
    clock.answered(&mut s, "Q02", 6_000.0);
    assert_eq!(s["Q02"], 1.0);
    clock.answered(&mut s, "Q03", 1_000.0);
    assert!(!s.contains_key("Q03"), "negative interval ignored");
    clock.answered(&mut s, "Q04", f64::NAN);
    clock.page_shown(f64::INFINITY);
    clock.answered(&mut s, "Q05", 2_000.0);
    assert_eq!(s.len(), 1, "{s:?}");
}
