//! Descriptive statistics of one column of scores, and its histogram on the response scale.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Describe {
    /// Results with a score (null means are left out: too few items answered).
    pub n: usize,
    pub missing: usize,
    pub mean: Option<f64>,
    /// Sample standard deviation (n - 1 denominator); `None` below 2 values.
    pub sd: Option<f64>,
    /// Middle value; the mean of the two middle values for an even count.
    pub median: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// Width of a histogram bin on the response scale.
pub const BIN_WIDTH: f64 = 0.5;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    /// Bin centre: 1, 1.5, 2, ... max. The bin holds [centre - 0.25, centre + 0.25).
    pub centre: f64,
    pub count: usize,
}

/// `values` may hold NaN for a missing score.
pub fn describe(values: &[f64]) -> Describe {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    let n = v.len();
    let missing = values.len() - n;
    if n == 0 {
        return Describe {
            n,
            missing,
            mean: None,
            sd: None,
            median: None,
            min: None,
            max: None,
        };
    }
    let mean = v.iter().sum::<f64>() / n as f64;
    let sd = (n > 1)
        .then(|| (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt());
    v.sort_by(f64::total_cmp);
    let median = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    };
    Describe {
        n,
        missing,
        mean: Some(mean),
        sd,
        median: Some(median),
        min: Some(v[0]),
        max: Some(v[n - 1]),
    }
}

/// Counts per half point of the scale 1..=points. A score goes to the nearest half point, halves
/// upwards (3.25 -> 3.5, 3.75 -> 4): scores of 4-item dimensions fall on quarter points.
pub fn histogram(values: &[f64], points: u8) -> Vec<Bin> {
    let bins = ((f64::from(points) - 1.0) / BIN_WIDTH) as usize + 1;
    let mut counts = vec![0usize; bins];
    for &x in values {
        if x.is_nan() {
            continue;
        }
        // The epsilon keeps 3.25 (stored as 3.2499999...) on the upper side, as written.
        let k = (((x - 1.0) / BIN_WIDTH) + 0.5 + 1e-9).floor();
        let k = (k.max(0.0) as usize).min(bins - 1);
        counts[k] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(k, count)| Bin {
            centre: 1.0 + k as f64 * BIN_WIDTH,
            count,
        })
        .collect()
}
