//! psm-stats against an independent numpy computation (tests/stats/independent.py) on 3,000
//! generated results with a known structure. Needs python3 with numpy (scripts/setup.sh numpy).

mod common;
use common::*;
use psm_stats::Analysis;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;

fn close(what: &str, a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{what}: psm-stats {a} vs numpy {b}");
}

#[test]
fn figures_match_numpy_and_recover_the_structure() {
    let payloads = generate(3000, 2026);
    let data = ndjson(&payloads);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("numpy_check");
    std::fs::create_dir_all(&dir).unwrap();
    let ids = item_ids();
    let keying = json!({
        "points": 5,
        "dimensions": DIMS.iter().enumerate().map(|(d, id)| json!({"id": id, "items": ids[d * 4..d * 4 + 4]})).collect::<Vec<_>>(),
        "reverse": ids.iter().enumerate().filter(|(i, _)| is_reverse(*i)).map(|(_, id)| id).collect::<Vec<_>>(),
    });
    std::fs::write(dir.join("results.ndjson"), &data).unwrap();
    std::fs::write(dir.join("keying.json"), keying.to_string()).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/stats/independent.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(dir.join("results.ndjson"))
        .arg(dir.join("keying.json"))
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "independent.py failed (numpy installed? scripts/setup.sh numpy): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let np: Value = serde_json::from_slice(&out.stdout).unwrap();

    let mut a = Analysis::new();
    a.add_file("instrument.json", instrument_json().as_bytes());
    a.add_file("results.ndjson", data.as_bytes());
    let r = a.finish();
    assert_eq!((r.used, r.rejected), (3000, 0));
    let g = &r.groups[0];
    assert_eq!(g.keying, "file");
    assert_eq!(np["n"], 3000);

    for d in &g.dimensions {
        let e = &np["dimensions"][&d.id];
        assert_eq!(d.describe.n as u64, e["n"].as_u64().unwrap());
        close(
            "mean",
            d.describe.mean.unwrap(),
            e["mean"].as_f64().unwrap(),
        );
        close("sd", d.describe.sd.unwrap(), e["sd"].as_f64().unwrap());
        close(
            "median",
            d.describe.median.unwrap(),
            e["median"].as_f64().unwrap(),
        );
        let counts: Vec<u64> = d.histogram.iter().map(|b| b.count as u64).collect();
        let expected: Vec<u64> = e["histogram"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        assert_eq!(counts, expected, "histogram {}", d.id);
    }
    for rel in &g.reliability {
        let e = &np["reliability"][&rel.dimension];
        assert_eq!(rel.n as u64, e["n"].as_u64().unwrap());
        close("alpha", rel.alpha.unwrap(), e["alpha"].as_f64().unwrap());
        close("omega", rel.omega.unwrap(), e["omega"].as_f64().unwrap());
        for (i, item) in rel.items.iter().enumerate() {
            let ei = &e["items"][i];
            close(
                "r_corrected",
                item.r_corrected.unwrap(),
                ei["r_corrected"].as_f64().unwrap(),
            );
            close(
                "alpha_if_deleted",
                item.alpha_if_deleted.unwrap(),
                ei["alpha_if_deleted"].as_f64().unwrap(),
            );
            let l = item.loading.unwrap();
            close(
                "loading",
                l,
                e["loadings"][i].as_f64().unwrap().abs() * l.signum(),
            );
            // Known structure: loadings ordered as generated (0.8 > 0.7 > 0.6 > 0.5, attenuated by
            // the cut to 5 points and the straight-liners), reverse keying undone.
            assert!(
                l > 0.3 && l < 0.95,
                "loading {} of {} = {l}",
                item.id,
                rel.dimension
            );
        }
        let l: Vec<f64> = rel.items.iter().map(|i| i.loading.unwrap()).collect();
        assert!(
            l[0] > l[1] && l[1] > l[2] && l[2] > l[3],
            "loading order {l:?}"
        );
        assert!(rel.alpha.unwrap() > 0.6 && rel.omega.unwrap() >= rel.alpha.unwrap() - 0.01);
    }
    let m = &g.correlations;
    for a in 0..3 {
        for b in a + 1..3 {
            let key = format!("{}-{}", m.dimensions[a], m.dimensions[b]);
            let r_ab = m.r[a][b].unwrap();
            close("r", r_ab, np["correlations"][&key].as_f64().unwrap());
            // Latent correlation 0.5, attenuated by measurement error.
            assert!(r_ab > 0.25 && r_ab < 0.6, "{key} = {r_ab}");
        }
    }
    let q = &g.quality;
    assert_eq!(
        q.long_run as u64,
        np["quality"]["long_run"].as_u64().unwrap()
    );
    assert_eq!(q.fast as u64, np["quality"]["fast"].as_u64().unwrap());
    assert_eq!(
        q.with_time as u64,
        np["quality"]["with_time"].as_u64().unwrap()
    );
    // About 3 % straight-liners and 5 % fast responders were generated.
    assert!((60..=120).contains(&q.long_run), "{}", q.long_run);
    assert!((100..=200).contains(&q.fast), "{}", q.fast);
}
