//! Response-quality flags and the seeded item order.

mod common;

use common::{answers, small};
use psm_core::quality::quality;
use psm_core::shuffle::seeded_order;
use psm_core::Timings;

fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn longest_run_follows_presentation_order() {
    let a = answers(&[("P1", 3), ("P2", 3), ("P3", 3), ("P4", 1), ("P5", 3)]);
    assert_eq!(
        quality(&ids(&["P1", "P2", "P3", "P4", "P5"]), &a, None).longest_same_answer_run,
        3
    );
    // Shuffled presentation: P5 next to the threes makes a run of 4.
    assert_eq!(
        quality(&ids(&["P4", "P1", "P5", "P2", "P3"]), &a, None).longest_same_answer_run,
        4
    );
}

#[test]
fn unanswered_items_break_a_run() {
    let a = answers(&[("P1", 2), ("P2", 2), ("P4", 2), ("P5", 2)]);
    let q = quality(&ids(&["P1", "P2", "P3", "P4", "P5"]), &a, None);
    assert_eq!(q.longest_same_answer_run, 2);
    assert_eq!(
        quality(&ids(&["P1"]), &answers(&[]), None).longest_same_answer_run,
        0
    );
    assert_eq!(quality(&[], &a, None).longest_same_answer_run, 0);
}

#[test]
fn runs_use_raw_answers_not_keyed_values() {
    // P2 is reverse-keyed in the small instrument; raw 3,3,3 is still a run of 3.
    let a = answers(&[("P1", 3), ("P2", 3), ("P3", 3)]);
    assert_eq!(
        quality(&ids(&["P1", "P2", "P3"]), &a, None).longest_same_answer_run,
        3
    );
}

#[test]
fn median_seconds_per_item() {
    let order = ids(&["P1", "P2", "P3", "P4"]);
    let a = answers(&[]);
    let secs = |pairs: &[(&str, f64)]| -> Timings {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    };
    let odd = secs(&[("P1", 9.0), ("P2", 2.0), ("P3", 4.0)]);
    assert_eq!(
        quality(&order, &a, Some(&odd)).seconds_median_per_item,
        Some(4.0)
    );
    let even = secs(&[("P1", 9.0), ("P2", 2.0), ("P3", 4.0), ("P4", 5.0)]);
    assert_eq!(
        quality(&order, &a, Some(&even)).seconds_median_per_item,
        Some(4.5)
    );
    // Junk timings are ignored, not averaged in.
    let junk = secs(&[("P1", f64::NAN), ("P2", -1.0), ("ZZ", 100.0), ("P3", 6.0)]);
    assert_eq!(
        quality(&order, &a, Some(&junk)).seconds_median_per_item,
        Some(6.0)
    );
    assert_eq!(
        quality(&order, &a, Some(&secs(&[]))).seconds_median_per_item,
        None
    );
    assert_eq!(quality(&order, &a, None).seconds_median_per_item, None);
}

#[test]
fn seeded_order_is_deterministic_and_a_permutation() {
    let ins = small();
    let a = seeded_order(&ins, 42);
    assert_eq!(a, seeded_order(&ins, 42));
    let mut sorted = a.clone();
    sorted.sort();
    assert_eq!(sorted, ids(&["P1", "P2", "P3", "P4", "P5"]));
    // Different seeds give different orders at least sometimes.
    let distinct: std::collections::BTreeSet<Vec<String>> =
        (0..20).map(|seed| seeded_order(&ins, seed)).collect();
    assert!(distinct.len() > 5, "{distinct:?}");
}

#[test]
fn seeded_order_is_pinned_across_platforms() {
    // splitmix64 + Fisher-Yates: a fixed seed must give this exact order forever (stored
    // results carry orders; the wasm build must agree with native). Expected value computed
    // with an independent Python implementation (splitmix64(0) first output 0xe220a8397b1dcdaf).
    let got = seeded_order(&small(), 1);
    assert_eq!(got, PINNED_SEED_1.map(String::from));
}

const PINNED_SEED_1: [&str; 5] = ["P2", "P1", "P4", "P5", "P3"];
