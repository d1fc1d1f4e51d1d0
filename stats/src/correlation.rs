//! Pearson correlations between dimension scores, pairwise complete (each pair uses every result
//! that has both scores).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    pub dimensions: Vec<String>,
    /// `r[i][j]`; `None` with fewer than 3 pairs or a constant column. The diagonal is 1.
    pub r: Vec<Vec<Option<f64>>>,
    /// Pairs used for each cell.
    pub n: Vec<Vec<usize>>,
}

/// Pearson r of the pairs where both are present (NaN = missing).
pub fn pearson(x: &[f64], y: &[f64]) -> (Option<f64>, usize) {
    let pairs = || x.iter().zip(y).filter(|(a, b)| !a.is_nan() && !b.is_nan());
    let n = pairs().count();
    if n < 3 {
        return (None, n);
    }
    let (sx, sy) = pairs().fold((0.0, 0.0), |(sx, sy), (a, b)| (sx + a, sy + b));
    let (mx, my) = (sx / n as f64, sy / n as f64);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in pairs() {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx < 1e-12 || syy < 1e-12 {
        return (None, n);
    }
    (Some(sxy / (sxx * syy).sqrt()), n)
}

/// `columns[d]` holds dimension d's scores over the results (NaN = missing).
pub fn matrix(dimensions: Vec<String>, columns: &[Vec<f64>]) -> Matrix {
    let d = columns.len();
    let mut r = vec![vec![None; d]; d];
    let mut n = vec![vec![0; d]; d];
    for i in 0..d {
        for j in i..d {
            let (rij, nij) = if i == j {
                let c = columns[i].iter().filter(|v| !v.is_nan()).count();
                (Some(1.0), c)
            } else {
                pearson(&columns[i], &columns[j])
            };
            r[i][j] = rij;
            r[j][i] = rij;
            n[i][j] = nij;
            n[j][i] = nij;
        }
    }
    Matrix { dimensions, r, n }
}
