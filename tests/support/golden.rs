//! Golden scoring cases shared by the native and the wasm test (tests/fixtures/scoring-golden.json).

#[cfg(not(target_arch = "wasm32"))]
use psm_core::builtin::get as builtin;
use psm_core::{scoring, Answers};
// In the browser built-ins are read with the browser's JSON, as the widget reads them.
#[cfg(target_arch = "wasm32")]
use psm_quiz_web::js_value::builtin;
use serde_json::Value;

const GOLDEN: &str = include_str!("../fixtures/scoring-golden.json");

pub fn check_all_cases() {
    let golden: Value = serde_json::from_str(GOLDEN).expect("golden file is JSON");
    let cases = golden["cases"].as_array().expect("cases");
    assert!(cases.len() >= 5, "golden file lost cases");
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let instrument = builtin(case["instrument"].as_str().unwrap()).expect("built-in");
        let answers: Answers = case["answers"]
            .as_object()
            .expect("answers object")
            .iter()
            .map(|(id, v)| (id.clone(), v.as_u64().expect("answer") as u8))
            .collect();
        let scores =
            scoring::score(&instrument, &answers).unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected = &case["expected"];
        for dim in &scores.dimensions {
            let want = &expected["dimensions"][&dim.id];
            assert_eq!(
                dim.answered as u64,
                want["answered"].as_u64().unwrap(),
                "{name} {} answered",
                dim.id
            );
            assert_eq!(
                dim.items as u64,
                want["items"].as_u64().unwrap(),
                "{name} {} items",
                dim.id
            );
            close(
                dim.mean,
                want["mean"].as_f64(),
                &format!("{name} {} mean", dim.id),
            );
        }
        let dims = expected["dimensions"].as_object().unwrap();
        assert_eq!(
            scores.dimensions.len(),
            dims.len(),
            "{name}: dimension count"
        );
        close(
            scores.overall,
            expected["overall"].as_f64(),
            &format!("{name} overall"),
        );
        assert_eq!(scores.method, "mean_of_dimensions");
    }
}

fn close(got: Option<f64>, want: Option<f64>, what: &str) {
    match (got, want) {
        (Some(g), Some(w)) => assert!((g - w).abs() < 1e-9, "{what}: got {g}, want {w}"),
        (None, None) => {}
        _ => panic!("{what}: got {got:?}, want {want:?}"),
    }
}
