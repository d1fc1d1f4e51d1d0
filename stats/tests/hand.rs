//! Small cases computed by hand (the arithmetic is in the comments).

use psm_stats::correlation::{matrix, pearson};
use psm_stats::describe::{describe, histogram};
use psm_stats::eigen::{inverse, symmetric_eigen};
use psm_stats::reliability::{omega_raw, one_factor, reliability};

fn close(a: f64, b: f64, tol: f64) {
    assert!((a - b).abs() < tol, "{a} != {b}");
}

#[test]
fn describe_four_values() {
    // mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, sd = sqrt(5/3); median (2+3)/2.
    let d = describe(&[4.0, 1.0, f64::NAN, 3.0, 2.0]);
    assert_eq!((d.n, d.missing), (4, 1));
    close(d.mean.unwrap(), 2.5, 1e-12);
    close(d.sd.unwrap(), (5.0f64 / 3.0).sqrt(), 1e-12);
    close(d.median.unwrap(), 2.5, 1e-12);
    assert_eq!((d.min, d.max), (Some(1.0), Some(4.0)));
    let one = describe(&[3.0]);
    assert_eq!((one.sd, one.median), (None, Some(3.0)));
    let none = describe(&[f64::NAN]);
    assert_eq!((none.n, none.mean), (0, None));
}

#[test]
fn histogram_half_points() {
    // 1.0 -> 1; 1.24 -> 1; 1.25 -> 1.5 (halves upwards); 3.33 -> 3.5; 3.75 -> 4; 5 -> 5.
    let h = histogram(&[1.0, 1.24, 1.25, 3.33, 3.75, 5.0, f64::NAN], 5);
    assert_eq!(h.len(), 9);
    let counts: Vec<usize> = h.iter().map(|b| b.count).collect();
    assert_eq!(counts, vec![2, 1, 0, 0, 0, 1, 1, 0, 1]);
    assert_eq!(h[8].centre, 5.0);
}

#[test]
fn alpha_item_total_and_alpha_if_deleted() {
    // Rows (3 items): 1 2 2 / 2 3 3 / 3 3 4 / 4 5 4.
    // Sums of squared deviations: item1 5, item2 4.75, item3 2.75, total (5, 8, 10, 13) 34.
    // alpha = 3/2 * (1 - 12.5/34) = 32.25/34.
    // Item 1 against the rest (4, 6, 7, 9): cross products 8, rest SS 13 -> r = 8/sqrt(65).
    // Without item 1: 2 * (1 - (4.75 + 2.75)/13) = 11/13.
    let data = [1.0, 2.0, 2.0, 2.0, 3.0, 3.0, 3.0, 3.0, 4.0, 4.0, 5.0, 4.0];
    let r = reliability(&data, 3);
    assert_eq!((r.k, r.n), (3, 4));
    close(r.alpha.unwrap(), 32.25 / 34.0, 1e-12);
    close(r.items[0].r_corrected.unwrap(), 8.0 / 65f64.sqrt(), 1e-12);
    close(r.items[0].alpha_if_deleted.unwrap(), 11.0 / 13.0, 1e-12);
    close(r.items[0].mean, 2.5, 1e-12);
    // n = 4 is not more than k = 3... omega needs n > k: it is estimated.
    assert!(r.omega.is_some());
}

#[test]
fn alpha_undefined_without_variance() {
    let r = reliability(&[3.0, 3.0, 3.0, 3.0, 3.0, 3.0], 2);
    assert_eq!(r.alpha, None);
    assert_eq!(r.items[0].r_corrected, None);
}

#[test]
fn one_factor_recovers_exact_loadings() {
    // R = lambda lambda' off the diagonal with lambda = (0.8, 0.7, 0.6): PAF's fixed point is lambda.
    let l = [0.8, 0.7, 0.6];
    let r: Vec<Vec<f64>> = (0..3)
        .map(|i| {
            (0..3)
                .map(|j| if i == j { 1.0 } else { l[i] * l[j] })
                .collect()
        })
        .collect();
    let (est, converged) = one_factor(&r);
    assert!(converged);
    for (a, b) in est.iter().zip(l) {
        close(*a, b, 1e-6);
    }
}

/// S = lambda lambda' + Psi with raw loadings (1.6, 0.7, 0.6) and Psi = (1.44, 0.51, 0.64):
/// variances 4, 1, 1. Raw-score omega = 2.9^2 / 1'S1 = 8.41 / (8.41 + 2.59) = 8.41 / 11.
/// Omega of the standardised items (0.8, 0.7, 0.6) would be 4.41 / 5.92 = 0.745: not the figure
/// for a score that adds raw answers, where item 1 weighs twice as much.
fn exact_covariance() -> Vec<Vec<f64>> {
    let l = [1.6, 0.7, 0.6];
    let psi = [1.44, 0.51, 0.64];
    (0..3)
        .map(|i| {
            (0..3)
                .map(|j| l[i] * l[j] + if i == j { psi[i] } else { 0.0 })
                .collect()
        })
        .collect()
}

#[test]
fn omega_is_for_the_raw_sum_score() {
    let s = exact_covariance();
    let (est, converged) = one_factor(&s);
    assert!(converged);
    for (a, b) in est.iter().zip([1.6, 0.7, 0.6]) {
        close(*a, b, 1e-6);
    }
    let total: f64 = s.iter().flatten().sum();
    close(total, 11.0, 1e-12);
    close(omega_raw(&est, total), 8.41 / 11.0, 1e-6);
    assert!((omega_raw(&est, total) - 4.41 / 5.92).abs() > 0.015);
}

#[test]
fn reliability_reports_raw_omega_and_standardised_loadings() {
    // Item 1 has several times the variance of the others: reliability() must fit the covariance
    // matrix (not the correlations) and report raw-score omega with loadings standardised after it.
    let rows: [[f64; 3]; 8] = [
        [1.0, 2.0, 2.0],
        [3.0, 3.0, 3.0],
        [5.0, 3.0, 4.0],
        [7.0, 5.0, 4.0],
        [3.0, 1.0, 2.0],
        [9.0, 4.0, 5.0],
        [5.0, 4.0, 3.0],
        [1.0, 1.0, 1.0],
    ];
    let data: Vec<f64> = rows.iter().flatten().copied().collect();
    let r = reliability(&data, 3);
    let (_, cov) = psm_stats::reliability::covariance(&data, 3);
    let (raw, ok) = one_factor(&cov);
    assert!(ok);
    let total: f64 = cov.iter().flatten().sum();
    close(
        r.omega.unwrap(),
        raw.iter().sum::<f64>().powi(2) / total,
        1e-12,
    );
    for i in 0..3 {
        close(
            r.items[i].loading.unwrap(),
            raw[i] / cov[i][i].sqrt(),
            1e-12,
        );
    }
    // By hand, independent of the fit: three items identify one factor exactly (no Heywood case
    // here), lambda_1 = sqrt(s12 s13 / s23) and so on. S = [[111, 46.5, 48], [46.5, 29.75, 22],
    // [48, 22, 24]] / 14; lambda = (2.69198, 1.23382, 1.27362); 1'S1 = 397.75 / 14.
    let s = |a: usize, b: usize| cov[a][b];
    let lambda = [
        (s(0, 1) * s(0, 2) / s(1, 2)).sqrt(),
        (s(0, 1) * s(1, 2) / s(0, 2)).sqrt(),
        (s(0, 2) * s(1, 2) / s(0, 1)).sqrt(),
    ];
    close(cov[0][0], 111.0 / 14.0, 1e-12);
    close(total, 397.75 / 14.0, 1e-12);
    close(r.omega.unwrap(), 0.951_544_243_554_746, 1e-9);
    close(
        r.omega.unwrap(),
        lambda.iter().sum::<f64>().powi(2) / total,
        1e-9,
    );
    for (i, want) in [
        0.956_036_042_210_185,
        0.846_396_216_096_131,
        0.972_746_914_227_840,
    ]
    .into_iter()
    .enumerate()
    {
        close(r.items[i].loading.unwrap(), want, 1e-9);
    }
}

#[test]
fn eigen_and_inverse() {
    // [[2,1],[1,2]]: eigenvalues 3 and 1, vectors (1,1)/sqrt2 and (1,-1)/sqrt2; inverse [[2,-1],[-1,2]]/3.
    let a = vec![vec![2.0, 1.0], vec![1.0, 2.0]];
    let (vals, vecs) = symmetric_eigen(&a);
    close(vals[0], 3.0, 1e-12);
    close(vals[1], 1.0, 1e-12);
    close(vecs[0][0].abs(), 0.5f64.sqrt(), 1e-12);
    close(vecs[0][0] * vecs[1][0], 0.5, 1e-12);
    let inv = inverse(&a).unwrap();
    close(inv[0][0], 2.0 / 3.0, 1e-12);
    close(inv[0][1], -1.0 / 3.0, 1e-12);
    assert!(inverse(&[vec![1.0, 1.0], vec![1.0, 1.0]]).is_none());
}

#[test]
fn pearson_pairwise_complete() {
    // Pairs (1,1) (2,3) (3,2); the NaN pair is left out. Means 2, 2; sxy = 1, sxx = syy = 2 -> 0.5.
    let (r, n) = pearson(&[1.0, 2.0, 3.0, 9.0], &[1.0, 3.0, 2.0, f64::NAN]);
    assert_eq!(n, 3);
    close(r.unwrap(), 0.5, 1e-12);
    let (r, n) = pearson(&[1.0, 2.0], &[2.0, 1.0]);
    assert_eq!((r, n), (None, 2));
    let m = matrix(
        vec!["A".into(), "B".into()],
        &[vec![1.0, 2.0, 3.0], vec![3.0, 2.0, 1.0]],
    );
    close(m.r[0][1].unwrap(), -1.0, 1e-12);
    assert_eq!(m.r[1][1], Some(1.0));
    assert_eq!(m.n[0][1], 3);
}
