//! Scoring: reverse keying, dimension means over answered items, overall score.
//!
//! Conventions (see the shared instrument reference):
//! - a reverse-keyed answer x on a 1..k scale scores (k + 1) - x;
//! - a dimension's mean is taken over its answered items, and only when at least `min_answered`
//!   of its items are answered; otherwise it is `None`, never 0;
//! - overall = mean of the dimension means (equal weight per dimension), method
//!   `"mean_of_dimensions"`, and only when **every** dimension is scored; `None` otherwise. An
//!   average of the scored dimensions alone would silently stand for the whole questionnaire while
//!   covering part of it (and a different part for each candidate).

use crate::error::{codes, PsmError};
use crate::model::{Answers, Instrument};

pub const METHOD: &str = "mean_of_dimensions";

/// Tolerance for comparing the answered share with `min_answered` (e.g. 6/8 against 0.75).
const FRACTION_EPSILON: f64 = 1e-9;

#[derive(Debug, Clone, PartialEq)]
pub struct Scores {
    /// In instrument order.
    pub dimensions: Vec<DimensionScore>,
    pub overall: Option<f64>,
    pub method: &'static str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DimensionScore {
    pub id: String,
    /// Full precision; `None` when too few items are answered.
    pub mean: Option<f64>,
    pub answered: usize,
    pub items: usize,
}

/// Check every answer against the instrument: known item id, value within 1..=points.
pub fn check_answers(instrument: &Instrument, answers: &Answers) -> Result<(), PsmError> {
    let points = instrument.scale.points;
    for (id, &value) in answers {
        if !instrument.items.iter().any(|item| &item.id == id) {
            return Err(PsmError::new(
                codes::UNKNOWN_ITEM,
                format!("answers.{id}"),
                format!("no item {id:?} in instrument {:?}", instrument.id),
            ));
        }
        if !(1..=points).contains(&value) {
            return Err(PsmError::new(
                codes::ANSWER_OUT_OF_RANGE,
                format!("answers.{id}"),
                format!("answer {value} is outside the scale 1..{points}"),
            ));
        }
    }
    Ok(())
}

/// The keyed value of a raw answer: reverse-keyed items count (points + 1) - x.
pub fn keyed(points: u8, raw: u8, reverse: bool) -> u8 {
    if reverse {
        (points + 1).saturating_sub(raw)
    } else {
        raw
    }
}

/// Mean of the dimension means when every dimension is scored; `None` when any is not (or there is
/// no dimension at all).
pub fn overall_of(dimensions: &[DimensionScore]) -> Option<f64> {
    let means: Option<Vec<f64>> = dimensions.iter().map(|d| d.mean).collect();
    means
        .filter(|m| !m.is_empty())
        .map(|m| m.iter().sum::<f64>() / m.len() as f64)
}

pub fn score(instrument: &Instrument, answers: &Answers) -> Result<Scores, PsmError> {
    check_answers(instrument, answers)?;
    let points = instrument.scale.points;
    let dimensions: Vec<DimensionScore> = instrument
        .dimensions
        .iter()
        .map(|dim| {
            let mut items = 0usize;
            let mut answered = 0usize;
            let mut sum = 0u64;
            for item in instrument.items.iter().filter(|i| i.dimension == dim.id) {
                items += 1;
                if let Some(&raw) = answers.get(&item.id) {
                    answered += 1;
                    sum += u64::from(keyed(points, raw, item.reverse));
                }
            }
            let enough = answered > 0
                && items > 0
                && answered as f64 >= dim.min_answered * items as f64 - FRACTION_EPSILON;
            DimensionScore {
                id: dim.id.clone(),
                mean: enough.then(|| sum as f64 / answered as f64),
                answered,
                items,
            }
        })
        .collect();
    let overall = overall_of(&dimensions);
    Ok(Scores {
        dimensions,
        overall,
        method: METHOD,
    })
}
