//! Internal consistency of one dimension from its keyed item responses (complete cases only).
//!
//! - Cronbach's alpha (Cronbach 1951): k/(k-1) * (1 - sum of item variances / variance of the sum).
//! - Corrected item-total correlation: Pearson r of an item with the sum of the *other* items.
//! - Alpha if item deleted: alpha of the remaining k-1 items.
//! - McDonald's omega (McDonald 1999) of the raw sum score, the composite the scores are made of
//!   (a dimension mean is the raw sum divided by k, which changes no reliability coefficient). One
//!   factor fitted to the item **covariance** matrix S by iterated principal-axis factoring (starting
//!   communalities h_i = s_ii - 1 / (S^-1)_ii, the squared multiple correlations in item units;
//!   iterate h_i = lambda_i^2 from the first eigenpair of S with h on the diagonal until
//!   max |change| / s_ii < 1e-10; its fixed point is the unweighted least squares / minres solution
//!   for S). Communalities are capped at 0.995 s_ii (Heywood cases).
//!   omega = (sum lambda_i)^2 / 1'S1, raw loadings over the observed variance of the raw sum score.
//!   Needs at least 3 items (a one-factor model of 2 is not identified).
//! - Loadings reported per item: the standardised loadings of that same fit, lambda_i / s_i. They
//!   can differ in the third decimal from a fit to the correlation matrix (what most packages report
//!   by default): least squares is not scale-invariant.
//!
//! Variances use the n - 1 denominator (alpha and omega do not depend on the choice).

// Matrix code reads best with row/column indices.
#![allow(clippy::needless_range_loop)]

use crate::eigen::{inverse, symmetric_eigen};
use serde::Serialize;

pub const HEYWOOD_CAP: f64 = 0.995;
pub const PAF_TOLERANCE: f64 = 1e-10;
pub const PAF_MAX_ITER: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStat {
    /// Mean of the keyed item.
    pub mean: f64,
    pub sd: f64,
    pub r_corrected: Option<f64>,
    pub alpha_if_deleted: Option<f64>,
    /// Standardised one-factor loading (raw loading / item SD of the covariance fit), when omega
    /// could be estimated.
    pub loading: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reliability {
    pub k: usize,
    pub n: usize,
    pub alpha: Option<f64>,
    /// Omega of the raw sum score (see the module text).
    pub omega: Option<f64>,
    /// True when the principal-axis iteration converged (omega is reported only then).
    pub omega_converged: bool,
    pub items: Vec<ItemStat>,
}

/// Sample covariance matrix (n - 1) and means of rows x k values (row-major).
pub fn covariance(data: &[f64], k: usize) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = data.len() / k;
    let mut means = vec![0.0; k];
    for row in data.chunks_exact(k) {
        for (m, x) in means.iter_mut().zip(row) {
            *m += x;
        }
    }
    means.iter_mut().for_each(|m| *m /= n as f64);
    let mut cov = vec![vec![0.0; k]; k];
    let mut d = vec![0.0; k];
    for row in data.chunks_exact(k) {
        for j in 0..k {
            d[j] = row[j] - means[j];
        }
        for i in 0..k {
            for j in i..k {
                cov[i][j] += d[i] * d[j];
            }
        }
    }
    let denom = (n as f64 - 1.0).max(1.0);
    for i in 0..k {
        for j in i..k {
            cov[i][j] /= denom;
            cov[j][i] = cov[i][j];
        }
    }
    (means, cov)
}

/// Alpha of a covariance matrix; `None` for k < 2 or a sum without variance.
pub fn alpha_from_cov(cov: &[Vec<f64>]) -> Option<f64> {
    let k = cov.len();
    let total: f64 = cov.iter().flatten().sum();
    let trace: f64 = (0..k).map(|i| cov[i][i]).sum();
    (k >= 2 && total > 1e-12).then(|| k as f64 / (k as f64 - 1.0) * (1.0 - trace / total))
}

/// One-factor loadings by iterated principal-axis factoring of a covariance matrix (a correlation
/// matrix is the special case with unit variances; the loadings are then standardised). Returns the
/// loadings in the matrix's units (sum made positive) and whether the iteration converged.
pub fn one_factor(s: &[Vec<f64>]) -> (Vec<f64>, bool) {
    let k = s.len();
    let var: Vec<f64> = (0..k).map(|i| s[i][i]).collect();
    let cap = |i: usize| HEYWOOD_CAP * var[i];
    let mut h: Vec<f64> = match inverse(s) {
        Some(inv) => (0..k)
            .map(|i| (var[i] - 1.0 / inv[i][i]).clamp(0.0, cap(i)))
            .collect(),
        // Singular S: start from the largest absolute covariance of each item, as a share of its
        // variance (the largest absolute correlation, in item units).
        None => (0..k)
            .map(|i| {
                (0..k)
                    .filter(|&j| j != i)
                    .map(|j| s[i][j].abs() * (var[i] / var[j]).sqrt())
                    .fold(0.0, f64::max)
                    .min(cap(i))
            })
            .collect(),
    };
    let mut loadings = vec![0.0; k];
    for _ in 0..PAF_MAX_ITER {
        let mut reduced = s.to_vec();
        for i in 0..k {
            reduced[i][i] = h[i];
        }
        let (values, vectors) = symmetric_eigen(&reduced);
        let root = values[0].max(0.0).sqrt();
        for i in 0..k {
            loadings[i] = root * vectors[i][0];
        }
        let mut change: f64 = 0.0;
        for i in 0..k {
            let next = (loadings[i] * loadings[i]).min(cap(i));
            change = change.max((next - h[i]).abs() / var[i]);
            h[i] = next;
        }
        if change < PAF_TOLERANCE {
            if loadings.iter().sum::<f64>() < 0.0 {
                loadings.iter_mut().for_each(|l| *l = -*l);
            }
            return (loadings, true);
        }
    }
    if loadings.iter().sum::<f64>() < 0.0 {
        loadings.iter_mut().for_each(|l| *l = -*l);
    }
    (loadings, false)
}

/// Omega of the raw sum score: (sum of raw loadings)^2 / variance of the sum (1'S1).
pub fn omega_raw(loadings: &[f64], sum_variance: f64) -> f64 {
    let s: f64 = loadings.iter().sum();
    s * s / sum_variance
}

/// All figures for one dimension; `data` is n complete rows of k keyed values.
pub fn reliability(data: &[f64], k: usize) -> Reliability {
    let n = data.len().checked_div(k).unwrap_or(0);
    let (means, cov) = covariance(data, k);
    let alpha = if n >= 2 { alpha_from_cov(&cov) } else { None };
    let total: f64 = cov.iter().flatten().sum();
    let sds: Vec<f64> = (0..k).map(|i| cov[i][i].sqrt()).collect();
    let zero_var = sds.iter().any(|s| *s < 1e-12);
    let (loadings, converged) = if k >= 3 && n > k && !zero_var {
        let (l, ok) = one_factor(&cov);
        (Some(l), ok)
    } else {
        (None, false)
    };
    let omega = match (&loadings, converged) {
        (Some(l), true) => Some(omega_raw(l, total)),
        _ => None,
    };
    let items = (0..k)
        .map(|i| {
            let row_sum: f64 = cov[i].iter().sum();
            let rest_var = total - 2.0 * row_sum + cov[i][i];
            let cov_rest = row_sum - cov[i][i];
            let r_corrected = (n >= 3 && cov[i][i] > 1e-12 && rest_var > 1e-12)
                .then(|| cov_rest / (cov[i][i] * rest_var).sqrt());
            let alpha_if_deleted = if k >= 3 && n >= 2 {
                let sub: Vec<Vec<f64>> = (0..k)
                    .filter(|&a| a != i)
                    .map(|a| (0..k).filter(|&b| b != i).map(|b| cov[a][b]).collect())
                    .collect();
                alpha_from_cov(&sub)
            } else {
                None
            };
            ItemStat {
                mean: means[i],
                sd: sds[i],
                r_corrected,
                alpha_if_deleted,
                loading: if converged {
                    loadings.as_ref().map(|l| l[i] / sds[i])
                } else {
                    None
                },
            }
        })
        .collect();
    Reliability {
        k,
        n,
        alpha,
        omega,
        omega_converged: converged,
        items,
    }
}
