//! The built-in instruments validate and score as the literature says (hand-computed tables).

mod common;

use psm_core::scoring::score;
use psm_core::{builtin, canonical, instrument, Answers, Instrument};

fn get(id: &str) -> Instrument {
    let json = builtin::json(id).expect("embedded");
    instrument::parse(json).unwrap_or_else(|e| panic!("{id} does not validate: {e}"))
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (None, None) => true,
        _ => false,
    }
}

fn answers_from(pairs: impl IntoIterator<Item = (String, u8)>) -> Answers {
    pairs.into_iter().collect()
}

#[test]
fn both_builtins_validate_and_are_listed() {
    assert_eq!(builtin::ids(), ["perry-24", "kim-16"]);
    for id in builtin::ids() {
        let ins = get(id);
        assert_eq!(&ins.id, id);
        assert_eq!(builtin::get(id), Some(ins.clone()));
        assert!(
            ins.languages.contains(&"id".to_string()) && ins.languages.contains(&"en".to_string())
        );
        // Indonesian wording is a working translation until validated (honest psychometrics).
        assert_eq!(ins.translation["id"], psm_core::TranslationStatus::Working);
        assert_eq!(ins.scale.points, 5);
        assert_eq!(canonical::instrument_sha256(&ins).len(), 64);
    }
    assert_eq!(builtin::get("perry-25"), None);
}

#[test]
fn perry_24_structure_and_keying() {
    let ins = get("perry-24");
    let ids: Vec<&str> = ins.dimensions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["APM", "CPI", "COM", "SS"]);
    let size = |d: &str| ins.items.iter().filter(|i| i.dimension == d).count();
    assert_eq!(
        [size("APM"), size("CPI"), size("COM"), size("SS")],
        [3, 5, 8, 8]
    );
    let reversed: Vec<&str> = ins
        .items
        .iter()
        .filter(|i| i.reverse)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(
        reversed,
        ["P01", "P02", "P03", "P04", "P12", "P14", "P15", "P16", "P19"]
    );
}

#[test]
fn kim_16_structure() {
    let ins = get("kim-16");
    let ids: Vec<&str> = ins.dimensions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["APS", "CPV", "COM", "SS"]);
    assert_eq!(ins.items.len(), 16);
    assert!(ins.items.iter().all(|i| !i.reverse));
    for d in &ids {
        assert_eq!(ins.items.iter().filter(|i| i.dimension == *d).count(), 4);
    }
}

/// perry-24, answer = (n - 1) % 5 + 1 for item Pnn.
/// APM P01..P03 = 1,2,3 all reversed -> 5,4,3 -> 4.0
/// CPI P04 R 4 -> 2, P05..P08 = 5,1,2,3 -> (2+5+1+2+3)/5 = 2.6
/// COM P09 4, P10 5, P11 1, P12 R 2->4, P13 3, P14 R 4->2, P15 R 5->1, P16 R 1->5 -> 25/8 = 3.125
/// SS P17 2, P18 3, P19 R 4->2, P20 5, P21 1, P22 2, P23 3, P24 4 -> 22/8 = 2.75
/// overall (4 + 2.6 + 3.125 + 2.75) / 4 = 3.11875
#[test]
fn perry_24_cycling_answers() {
    let ins = get("perry-24");
    let a = answers_from((1..=24).map(|n| (format!("P{n:02}"), ((n - 1) % 5 + 1) as u8)));
    let s = score(&ins, &a).unwrap();
    let means: Vec<Option<f64>> = s.dimensions.iter().map(|d| d.mean).collect();
    for (got, want) in means.iter().zip([4.0, 2.6, 3.125, 2.75]) {
        assert!(close(*got, Some(want)), "{means:?}");
    }
    assert!(close(s.overall, Some(3.11875)));
}

/// Missing answers: APM misses P02 (2 of 3 < 75%) -> null; COM misses P09, P10 (6 of 8 = 75%) ->
/// scored over 6; SS misses P17, P18, P20 (5 of 8) -> null. All answered items = 4.
/// CPI: P04 R 4->2, others 4 -> (2+16)/5 = 3.6. COM: P11 4, P12 R 2, P13 4, P14 R 2, P15 R 2,
/// P16 R 2 -> 16/6. Overall = (3.6 + 16/6) / 2.
#[test]
fn perry_24_with_missing_answers() {
    let ins = get("perry-24");
    let skip = ["P02", "P09", "P10", "P17", "P18", "P20"];
    let a = answers_from(
        (1..=24)
            .map(|n| format!("P{n:02}"))
            .filter(|id| !skip.contains(&id.as_str()))
            .map(|id| (id, 4)),
    );
    let s = score(&ins, &a).unwrap();
    let by = |id: &str| s.dimensions.iter().find(|d| d.id == id).unwrap();
    assert_eq!((by("APM").mean, by("APM").answered), (None, 2));
    assert!(close(by("CPI").mean, Some(3.6)));
    assert!(close(by("COM").mean, Some(16.0 / 6.0)));
    assert_eq!(by("COM").answered, 6);
    assert_eq!((by("SS").mean, by("SS").answered), (None, 5));
    // Two of four dimensions scored: no overall (an average of CPI and COM is not the PSM score).
    assert_eq!(s.overall, None);
}

/// kim-16: K01..K04 = 5,4,4,3 -> 4.0; K05..K08 = 2 -> 2.0; COM K09..K12 = 1,5,1,5 -> 3.0;
/// SS answers only K13 -> 1 of 4 -> null. Overall null: SS is not scored.
#[test]
fn kim_16_table() {
    let ins = get("kim-16");
    let values = [5, 4, 4, 3, 2, 2, 2, 2, 1, 5, 1, 5, 3];
    let a = answers_from(
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| (format!("K{:02}", i + 1), v)),
    );
    let s = score(&ins, &a).unwrap();
    let means: Vec<Option<f64>> = s.dimensions.iter().map(|d| d.mean).collect();
    assert_eq!(means, [Some(4.0), Some(2.0), Some(3.0), None]);
    assert_eq!(s.overall, None);
    // With SS answered (K14..K16 = 3): (4 + 2 + 3 + 3) / 4 = 3.0 over all four.
    let mut full = a.clone();
    for id in ["K14", "K15", "K16"] {
        full.insert(id.to_string(), 3);
    }
    assert!(close(score(&ins, &full).unwrap().overall, Some(3.0)));
}

/// Any change to a built-in's content changes its hash, and results of different hashes are never
/// pooled: a wording change must bump `version`, update this pin and say so in the CHANGELOG.
#[test]
fn built_in_versions_and_hashes_are_pinned() {
    let pins = [
        (
            "perry-24",
            "1.1.0",
            "6ca71da8b13af441c9f9528084d83cc84408d2c60612d2316eddc1cae00f9196",
        ),
        (
            "kim-16",
            "1.1.0",
            "9bf940e94a65ba30d1de2715acc6919c65bf7d69063518b7ba340f90754af912",
        ),
    ];
    for (id, version, sha) in pins {
        let ins = get(id);
        assert_eq!(
            (
                ins.version.as_str(),
                canonical::instrument_sha256(&ins).as_str()
            ),
            (version, sha),
            "{id}"
        );
    }
}

#[test]
fn perry_24_english_wording_is_marked_unverified_as_the_docs_say() {
    let ins = get("perry-24");
    assert_eq!(
        ins.translation["en"],
        psm_core::TranslationStatus::Unverified
    );
    let note = ins.source.note.as_deref().unwrap();
    assert!(
        note.contains("unverified") && note.contains("P11-P24"),
        "{note}"
    );
    assert!(note.starts_with("English wording unverified"), "{note}");
    let readme = include_str!("../../instruments/README.md");
    assert!(
        readme.contains("`en` (unverified)"),
        "instruments/README.md names the status"
    );
    // kim-16's English is the published wording.
    assert_eq!(
        get("kim-16").translation["en"],
        psm_core::TranslationStatus::Validated
    );
}

#[test]
fn instructions_ask_for_answers_as_you_are() {
    for id in builtin::ids() {
        let ins = get(id);
        assert!(ins.instructions["id"].contains("bukan sesuai dengan yang menurut Anda diharapkan"));
        assert!(ins.instructions["en"].contains("not as you think you are expected to"));
    }
}
