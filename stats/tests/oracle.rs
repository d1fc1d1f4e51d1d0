//! psm-stats against independent implementations installed from PyPI (tests/stats/independent.py):
//! pingouin for alpha, alpha if item deleted and the corrected item-total r; factor_analyzer's
//! minres for the one-factor loadings and the raw-score omega built from them; pandas for
//! descriptives and correlations. On 3,000 generated results with a known structure and on the
//! committed perry-24 sample (tests/fixtures/stats/). Needs `scripts/setup.sh numpy`.
//!
//! Tolerances: closed-form figures agree to 1e-9. Loadings and omega come from an iterative fit on
//! both sides: psm-stats iterates principal axes to a fixed point (change < 1e-10), factor_analyzer
//! stops scipy's L-BFGS-B at its default tolerances, which leaves its loadings within a few 1e-6 of
//! the exact least-squares solution; [`FIT`] is the documented bound (stats/README.md).

mod common;
use common::*;
use psm_stats::report::GroupReport;
use psm_stats::Analysis;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Closed-form figures (means, SDs, alpha, r).
const EXACT: f64 = 1e-9;
/// Iteratively fitted figures (loadings, omega): factor_analyzer's optimiser stopping rule.
const FIT: f64 = 1e-5;

fn close(what: &str, ours: f64, theirs: f64, tol: f64) {
    assert!(
        (ours - theirs).abs() < tol,
        "{what}: psm-stats {ours} vs independent {theirs} (tolerance {tol})"
    );
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/stats")
        .join(name)
}

/// The keying file independent.py reads, from an instrument definition.
fn keying_of(instrument: &str) -> Value {
    let ins: Value = serde_json::from_str(instrument).unwrap();
    let items = ins["items"].as_array().unwrap();
    let dims: Vec<Value> = ins["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let ids: Vec<&Value> = items
                .iter()
                .filter(|i| i["dimension"] == d["id"])
                .map(|i| &i["id"])
                .collect();
            json!({"id": d["id"], "items": ids})
        })
        .collect();
    let reverse: Vec<&Value> = items
        .iter()
        .filter(|i| i["reverse"] == json!(true))
        .map(|i| &i["id"])
        .collect();
    json!({"points": ins["scale"]["points"], "dimensions": dims, "reverse": reverse})
}

fn independent(name: &str, results: &Path, instrument: &str) -> Value {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("oracle");
    std::fs::create_dir_all(&dir).unwrap();
    let keying = dir.join(format!("{name}-keying.json"));
    std::fs::write(&keying, keying_of(instrument).to_string()).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/stats/independent.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(results)
        .arg(&keying)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "independent.py failed (pingouin and factor-analyzer installed? scripts/setup.sh numpy): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every figure of `g` against the independent ones. Returns the largest difference of a fitted
/// figure (loading or omega) from factor_analyzer's, and the largest loading difference between a
/// fit to the covariance matrix and a fit to the correlation matrix (both for the record).
fn compare(g: &GroupReport, e: &Value) -> (f64, f64) {
    assert_eq!(g.n as u64, e["n"].as_u64().unwrap());
    for d in &g.dimensions {
        let x = &e["dimensions"][&d.id];
        assert_eq!(d.describe.n as u64, x["n"].as_u64().unwrap(), "{}", d.id);
        close(
            "mean",
            d.describe.mean.unwrap(),
            x["mean"].as_f64().unwrap(),
            EXACT,
        );
        close(
            "sd",
            d.describe.sd.unwrap(),
            x["sd"].as_f64().unwrap(),
            EXACT,
        );
        let median = x["median"].as_f64().unwrap();
        close("median", d.describe.median.unwrap(), median, EXACT);
        let counts: Vec<u64> = d.histogram.iter().map(|b| b.count as u64).collect();
        let expected: Vec<u64> = x["histogram"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert_eq!(counts, expected, "histogram {}", d.id);
    }
    let mut basis_gap: f64 = 0.0;
    let mut fit_gap: f64 = 0.0;
    for rel in &g.reliability {
        let x = &e["reliability"][&rel.dimension];
        let dim = &rel.dimension;
        assert_eq!(rel.n as u64, x["n"].as_u64().unwrap(), "{dim}");
        close(
            &format!("alpha {dim}"),
            rel.alpha.unwrap(),
            x["alpha"].as_f64().unwrap(),
            EXACT,
        );
        let omega = x["omega"].as_f64().unwrap();
        close(&format!("omega {dim}"), rel.omega.unwrap(), omega, FIT);
        fit_gap = fit_gap.max((rel.omega.unwrap() - omega).abs());
        for (i, item) in rel.items.iter().enumerate() {
            let xi = &x["items"][i];
            let what = |f: &str| format!("{f} {}", item.id);
            close(
                &what("r_corrected"),
                item.r_corrected.unwrap(),
                xi["r_corrected"].as_f64().unwrap(),
                EXACT,
            );
            if rel.k > 2 {
                close(
                    &what("alpha_if_deleted"),
                    item.alpha_if_deleted.unwrap(),
                    xi["alpha_if_deleted"].as_f64().unwrap(),
                    EXACT,
                );
            }
            let l = item.loading.unwrap();
            let theirs = x["loadings"][i].as_f64().unwrap();
            close(&what("loading"), l, theirs, FIT);
            fit_gap = fit_gap.max((l - theirs).abs());
            // The comparison is meaningful only away from the Heywood cap, which factor_analyzer's
            // single bound cannot mirror per item.
            assert!(x["communality_share"][i].as_f64().unwrap() < 0.99);
            let of_r = x["loadings_of_correlations"][i].as_f64().unwrap();
            basis_gap = basis_gap.max((l - of_r).abs());
        }
    }
    let m = &g.correlations;
    for a in 0..m.dimensions.len() {
        for b in a + 1..m.dimensions.len() {
            let key = format!("{}-{}", m.dimensions[a], m.dimensions[b]);
            let r_ab = m.r[a][b].unwrap();
            close(&key, r_ab, e["correlations"][&key].as_f64().unwrap(), EXACT);
        }
    }
    let q = &g.quality;
    assert_eq!(
        q.long_run as u64,
        e["quality"]["long_run"].as_u64().unwrap()
    );
    assert_eq!(q.fast as u64, e["quality"]["fast"].as_u64().unwrap());
    assert_eq!(
        q.with_time as u64,
        e["quality"]["with_time"].as_u64().unwrap()
    );
    (fit_gap, basis_gap)
}

#[test]
fn generated_results_match_independent_implementations_and_recover_the_structure() {
    let payloads = generate(3000, 2026);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("oracle");
    std::fs::create_dir_all(&dir).unwrap();
    let results = dir.join("generated.ndjson");
    std::fs::write(&results, ndjson(&payloads)).unwrap();
    let e = independent("generated", &results, &instrument_json());

    let mut a = Analysis::new();
    a.add_file("instrument.json", instrument_json().as_bytes());
    a.add_file("results.ndjson", ndjson(&payloads).as_bytes());
    let r = a.finish();
    assert_eq!((r.used, r.rejected), (3000, 0));
    let g = &r.groups[0];
    assert_eq!(g.keying, "file");
    let (fit, gap) = compare(g, &e);
    eprintln!(
        "generated: fitted figures within {fit:.1e}; covariance vs correlation loadings {gap:.1e}"
    );

    for rel in &g.reliability {
        // Known structure: loadings ordered as generated (0.8 > 0.7 > 0.6 > 0.5, attenuated by
        // the cut to 5 points and the straight-liners), reverse keying undone.
        let l: Vec<f64> = rel.items.iter().map(|i| i.loading.unwrap()).collect();
        assert!(l.iter().all(|&x| x > 0.3 && x < 0.95), "{l:?}");
        assert!(
            l[0] > l[1] && l[1] > l[2] && l[2] > l[3],
            "loading order {l:?}"
        );
        assert!(rel.alpha.unwrap() > 0.6 && rel.omega.unwrap() >= rel.alpha.unwrap() - 0.01);
        assert!(rel.negative_items.is_empty());
    }
    let m = &g.correlations;
    for a in 0..3 {
        for b in a + 1..3 {
            // Latent correlation 0.5, attenuated by measurement error.
            let r_ab = m.r[a][b].unwrap();
            assert!(r_ab > 0.25 && r_ab < 0.6, "{r_ab}");
        }
    }
    // About 3 % straight-liners and 5 % fast responders were generated.
    assert!(
        (60..=120).contains(&g.quality.long_run),
        "{}",
        g.quality.long_run
    );
    assert!((100..=200).contains(&g.quality.fast), "{}", g.quality.fast);
}

#[test]
fn the_perry_24_fixture_matches_independent_implementations() {
    let instrument = std::fs::read_to_string(fixture("perry-24-1.0.0.json")).unwrap();
    let results = fixture("perry-24-sample.ndjson");
    // The fixture's results carry the hash of the instrument copy beside them.
    let k = psm_stats::keying::from_json(&instrument).unwrap();
    let text = std::fs::read_to_string(&results).unwrap();
    assert!(
        text.contains(&k.sha256),
        "fixture and instrument copy agree"
    );
    let e = independent("fixture", &results, &instrument);

    // Only the instrument copy is known: the built-in perry-24 may have moved on.
    let mut a = Analysis::with_known(Vec::new());
    a.add_file("perry-24-1.0.0.json", instrument.as_bytes());
    a.add_file("perry-24-sample.ndjson", text.as_bytes());
    let r = a.finish();
    assert_eq!((r.used, r.rejected), (200, 0));
    let g = &r.groups[0];
    assert_eq!((g.keying, g.reliability.len()), ("file", 4));
    let (fit, gap) = compare(g, &e);
    eprintln!(
        "fixture: fitted figures within {fit:.1e}; covariance vs correlation loadings {gap:.1e}"
    );
    // Items of unequal spread: the two bases differ visibly (why the basis is documented).
    assert!(gap > 1e-3, "{gap}");
}
