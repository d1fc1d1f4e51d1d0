//! Scoring by hand-computed cases on a small instrument.

mod common;

use common::{answers, small, small_json};
use psm_core::scoring::{keyed, score};
use psm_core::{codes, instrument, Instrument};
use serde_json::json;

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-12,
        (None, None) => true,
        _ => false,
    }
}

#[test]
fn reverse_keying_on_five_and_seven_points() {
    assert_eq!([1, 2, 3, 4, 5].map(|x| keyed(5, x, true)), [5, 4, 3, 2, 1]);
    assert_eq!(
        [1, 2, 3, 4, 5, 6, 7].map(|x| keyed(7, x, true)),
        [7, 6, 5, 4, 3, 2, 1]
    );
    assert_eq!(keyed(7, 3, false), 3);
}

#[test]
fn dimension_means_over_answered_items_with_reverse_keying() {
    let ins = small();
    // AA: 4, (6-2)=4, 5 -> 13/3. BB (min 0.5): only P4=3 -> 3. Overall (13/3 + 3) / 2 = 11/3.
    let s = score(
        &ins,
        &answers(&[("P1", 4), ("P2", 2), ("P3", 5), ("P4", 3)]),
    )
    .unwrap();
    assert_eq!(s.method, "mean_of_dimensions");
    assert_eq!(s.dimensions[0].id, "AA");
    assert!(close(s.dimensions[0].mean, Some(13.0 / 3.0)));
    assert_eq!((s.dimensions[0].answered, s.dimensions[0].items), (3, 3));
    assert!(close(s.dimensions[1].mean, Some(3.0)));
    assert_eq!((s.dimensions[1].answered, s.dimensions[1].items), (1, 2));
    assert!(close(s.overall, Some(11.0 / 3.0)));
}

#[test]
fn too_few_answers_gives_null_never_zero() {
    let ins = small();
    // AA needs 75% of 3 items = all 3; BB gets 1.5.
    let s = score(
        &ins,
        &answers(&[("P1", 4), ("P2", 2), ("P4", 1), ("P5", 2)]),
    )
    .unwrap();
    assert_eq!(s.dimensions[0].mean, None);
    assert_eq!(s.dimensions[0].answered, 2);
    assert!(close(s.dimensions[1].mean, Some(1.5)));
    // BB alone is scored: its 1.5 must not pass for the whole questionnaire.
    assert_eq!(s.overall, None);
}

#[test]
fn no_answers_means_no_scores_and_no_overall() {
    let s = score(&small(), &answers(&[])).unwrap();
    assert!(s
        .dimensions
        .iter()
        .all(|d| d.mean.is_none() && d.answered == 0));
    assert_eq!(s.overall, None);
}

#[test]
fn exactly_at_the_threshold_is_scored() {
    // 8 items, min 0.75: 6 answered is enough, 5 is not.
    let mut v = small_json();
    let items: Vec<_> = (1..=8)
        .map(|i| json!({"id": format!("Q{i}"), "dimension": "AA", "text": {"id": "t", "en": "t"}}))
        .chain([json!({"id": "Q9", "dimension": "BB", "text": {"id": "t", "en": "t"}})])
        .collect();
    v["items"] = json!(items);
    let ins = instrument::parse(&v.to_string()).unwrap();
    let six: Vec<(String, u8)> = (1..=6).map(|i| (format!("Q{i}"), 2)).collect();
    let s = score(&ins, &six.iter().cloned().collect()).unwrap();
    assert!(close(s.dimensions[0].mean, Some(2.0)));
    let five: psm_core::Answers = six.into_iter().take(5).collect();
    assert_eq!(score(&ins, &five).unwrap().dimensions[0].mean, None);
}

fn all_reverse_seven_point() -> Instrument {
    let mut v = small_json();
    v["scale"] = json!({"points": 7, "labels": {"id": common::labels(7, "id"), "en": common::labels(7, "en")}});
    for i in 0..3 {
        v["items"][i]["reverse"] = json!(true);
    }
    instrument::parse(&v.to_string()).unwrap()
}

#[test]
fn all_reverse_keyed_dimension_on_seven_points() {
    let ins = all_reverse_seven_point();
    // AA all reverse: 8-1=7, 8-2=6, 8-7=1 -> 14/3. BB: 7 and 4 -> 5.5.
    let s = score(
        &ins,
        &answers(&[("P1", 1), ("P2", 2), ("P3", 7), ("P4", 7), ("P5", 4)]),
    )
    .unwrap();
    assert!(close(s.dimensions[0].mean, Some(14.0 / 3.0)));
    assert!(close(s.dimensions[1].mean, Some(5.5)));
    assert!(close(s.overall, Some((14.0 / 3.0 + 5.5) / 2.0)));
}

#[test]
fn out_of_range_answers_name_the_item() {
    let ins = small();
    for bad in [0u8, 6, 255] {
        let e = score(&ins, &answers(&[("P1", 3), ("P3", bad)])).unwrap_err();
        assert_eq!(e.code, codes::ANSWER_OUT_OF_RANGE);
        assert_eq!(e.field, "answers.P3");
        assert!(e.message.starts_with("answers.P3: "), "{}", e.message);
    }
    let seven = all_reverse_seven_point();
    assert!(score(&seven, &answers(&[("P3", 7)])).is_ok());
    assert_eq!(
        score(&seven, &answers(&[("P3", 8)])).unwrap_err().code,
        codes::ANSWER_OUT_OF_RANGE
    );
}

#[test]
fn unknown_item_is_rejected() {
    let e = score(&small(), &answers(&[("P1", 3), ("P99", 3)])).unwrap_err();
    assert_eq!(e.code, codes::UNKNOWN_ITEM);
    assert_eq!(e.field, "answers.P99");
}
