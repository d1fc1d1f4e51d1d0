//! Response-quality flags. They describe how a form was filled in; they never judge the candidate.
//!
//! Seconds per item ([`AnswerClock`]): the time between successive answers, the first answer on a
//! page counting from the moment the page was shown. A page of eight statements answered one a
//! second gives about one second per statement, whatever the page size (timing each statement from
//! its page's appearance would add the times up down the page and make the figure depend on the
//! screen). A changed answer adds the time since the previous answer to that same statement: a
//! statement has one figure, the total time spent answering it; a change never creates a second
//! figure and never charges its time to a statement that was not touched. Time spent on a page
//! after its last answer (reading it over, pressing Next) belongs to no statement.

use crate::model::Answers;
use crate::model::Timings;

/// Measures seconds per item from the answer events of one run. The clock is the caller's and must
/// be monotonic (`performance.now()` in the browser): a wall clock can jump backwards or forwards.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AnswerClock {
    /// Milliseconds of the event the next answer counts from: the page shown or the last answer.
    mark: Option<f64>,
}

impl AnswerClock {
    pub fn new() -> Self {
        Self::default()
    }

    /// A page of statements is on screen at `now_ms`: its first answer counts from here. Call it
    /// when a new page appears, not when the same page is laid out again (a resize).
    pub fn page_shown(&mut self, now_ms: f64) {
        self.mark = now_ms.is_finite().then_some(now_ms);
    }

    /// `id` was answered (first time or changed) at `now_ms`: the seconds since the mark are added
    /// to `id`'s entry in `seconds`, and the next answer counts from now. Nothing is recorded
    /// without a mark (an answer before any page was shown) or when the clock went backwards.
    pub fn answered(&mut self, seconds: &mut Timings, id: &str, now_ms: f64) {
        if !now_ms.is_finite() {
            return;
        }
        if let Some(mark) = self.mark {
            let s = (now_ms - mark) / 1000.0;
            if s >= 0.0 {
                let total = seconds.get(id).copied().unwrap_or(0.0) + s;
                seconds.insert(id.to_string(), total);
            }
        }
        self.mark = Some(now_ms);
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Quality {
    /// Longest run of identical raw answers along the presentation order (straight-lining).
    pub longest_same_answer_run: usize,
    /// Median seconds spent per item ([`AnswerClock`]), over the presented items that have a timing.
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
