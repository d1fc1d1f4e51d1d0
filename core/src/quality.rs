//! Response-quality flags. They describe how a form was filled in; they never judge the candidate.

use crate::model::Answers;
use crate::model::Timings;

#[derive(Debug, Clone, PartialEq)]
pub struct Quality {
    /// Longest run of identical raw answers along the presentation order (straight-lining).
    pub longest_same_answer_run: usize,
    /// Median seconds spent per item, over the presented items that have a timing.
    pub seconds_median_per_item: Option<f64>,
}

/// `order` is the presentation order; an unanswered item breaks a run. Timings that are negative,
/// not finite, or for items outside `order` are ignored.
pub fn quality(order: &[String], answers: &Answers, seconds: Option<&Timings>) -> Quality {
    let mut longest = 0usize;
    let mut run = 0usize;
    let mut previous: Option<u8> = None;
    for id in order {
        let current = answers.get(id).copied();
        run = match (current, previous) {
            (Some(a), Some(b)) if a == b => run + 1,
            (Some(_), _) => 1,
            (None, _) => 0,
        };
        previous = current;
        longest = longest.max(run);
    }
    let seconds_median_per_item = seconds.and_then(|timings| {
        let mut values: Vec<f64> = order
            .iter()
            .filter_map(|id| timings.get(id).copied())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .collect();
        median(&mut values)
    });
    Quality {
        longest_same_answer_run: longest,
        seconds_median_per_item,
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let order = crate::sorted_map::sorted_indices(values.len(), &|a, b| {
        values[a].total_cmp(&values[b]).is_lt()
    });
    let at = |i: usize| values[order[i]];
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 {
        at(mid)
    } else {
        (at(mid - 1) + at(mid)) / 2.0
    })
}
