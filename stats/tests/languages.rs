//! One group per instrument version and language: a file mixing Indonesian and English results
//! gives, for each language, exactly the figures of that language alone; and an item whose
//! negation was lost in one translation is flagged there with its usual cause.

mod common;
use common::*;
use psm_stats::report::{GroupReport, Report};
use psm_stats::Analysis;
use serde_json::Value;

fn analyse(files: &[(&str, &str)]) -> Report {
    let mut a = Analysis::new();
    a.add_file("instrument.json", instrument_json().as_bytes());
    for (name, text) in files {
        a.add_file(name, text.as_bytes());
    }
    a.finish()
}

fn group<'r>(r: &'r Report, lang: &str) -> &'r GroupReport {
    r.groups
        .iter()
        .find(|g| g.lang == lang)
        .unwrap_or_else(|| panic!("no {lang} group"))
}

/// Every figure of a group, without the notes (the mixed file adds "languages_separate").
fn figures(g: &GroupReport) -> Value {
    let mut v = serde_json::to_value(g).unwrap();
    v.as_object_mut().unwrap().remove("notes");
    v
}

/// Indonesian results answered as intended; English results where T02 (reverse-keyed) lost its
/// negation in translation. One line each, alternating, in one NDJSON file.
fn two_languages() -> (Vec<Value>, Vec<Value>, String) {
    let id = generate_in(400, 11, "id", false);
    let en = generate_in(400, 12, "en", true);
    let mixed: Vec<Value> = id
        .iter()
        .zip(&en)
        .flat_map(|(a, b)| [a.clone(), b.clone()])
        .collect();
    (id, en, ndjson(&mixed))
}

#[test]
fn a_file_mixing_two_languages_never_pools_them() {
    let (id, en, mixed) = two_languages();
    let r = analyse(&[("mixed.ndjson", &mixed)]);
    assert_eq!((r.used, r.rejected), (800, 0));
    assert_eq!(r.groups.len(), 2, "one group per language");
    let langs: Vec<&str> = r.groups.iter().map(|g| g.lang.as_str()).collect();
    assert_eq!(langs, ["en", "id"], "languages of one version side by side");
    let alone_id = analyse(&[("id.ndjson", &ndjson(&id))]);
    let alone_en = analyse(&[("en.ndjson", &ndjson(&en))]);
    // Counts, descriptives, histograms, alpha, omega, item figures, correlations, quality flags:
    // each language's figures are exactly those of that language read alone.
    assert_eq!(figures(group(&r, "id")), figures(&alone_id.groups[0]));
    assert_eq!(figures(group(&r, "en")), figures(&alone_en.groups[0]));
    for lang in ["id", "en"] {
        let g = group(&r, lang);
        assert_eq!((g.n, g.with_responses), (400, 400));
        let note = g
            .notes
            .iter()
            .find(|n| n.code == "languages_separate")
            .expect("the report says the languages are kept apart");
        assert!(note.detail.contains(if lang == "id" { "en" } else { "id" }));
    }
    // Pooling would have given another alpha for AAA than either language: the split matters.
    let relabelled = mixed.replace("\"lang\":\"en\"", "\"lang\":\"id\"");
    let pooled = analyse(&[("pooled.ndjson", &relabelled)]);
    assert_eq!(pooled.groups.len(), 1);
    let alpha = |g: &GroupReport| g.reliability[0].alpha.unwrap();
    let (a_id, a_en, a_pooled) = (
        alpha(group(&r, "id")),
        alpha(group(&r, "en")),
        alpha(&pooled.groups[0]),
    );
    assert!(
        (a_pooled - a_id).abs() > 0.02 && (a_pooled - a_en).abs() > 0.02,
        "id {a_id} en {a_en} pooled {a_pooled}"
    );
}

#[test]
fn a_retried_delivery_is_a_duplicate_whatever_its_language_field() {
    let (id, _, _) = two_languages();
    let mut copy = id[5].clone();
    copy["lang"] = serde_json::json!("en");
    let r = analyse(&[("a.ndjson", &ndjson(&id)), ("b.ndjson", &ndjson(&[copy]))]);
    assert_eq!((r.used, r.rejected), (400, 1));
    assert_eq!(r.files[2].issues[0].code, "duplicate");
}

#[test]
fn results_with_another_identity_for_the_same_hash_are_refused_in_any_language() {
    let (id, en, _) = two_languages();
    let mut wrong = en[0].clone();
    wrong["instrument"]["version"] = serde_json::json!("9.9.9");
    let r = analyse(&[
        ("id.ndjson", &ndjson(&id[..10])),
        ("en.ndjson", &ndjson(&[wrong])),
    ]);
    assert_eq!(r.files[2].issues[0].code, "inconsistent_dimensions");
    assert_eq!(r.groups.len(), 1);
}

#[test]
fn a_negation_lost_in_translation_is_flagged_with_its_usual_cause() {
    let (_, _, mixed) = two_languages();
    let r = analyse(&[("mixed.ndjson", &mixed)]);
    let en = group(&r, "en");
    let aaa = &en.reliability[0];
    assert_eq!(aaa.dimension, "AAA");
    assert_eq!(aaa.negative_items, ["T02"]);
    let t02 = &aaa.items[LOST_NEGATION_ITEM];
    assert_eq!(t02.id, "T02");
    assert!(t02.r_corrected.unwrap() < 0.0, "{:?}", t02.r_corrected);
    assert_eq!(t02.flag, Some("negative_item_total"));
    assert!(aaa
        .items
        .iter()
        .filter(|i| i.id != "T02")
        .all(|i| i.flag.is_none() && i.r_corrected.unwrap() > 0.0));
    let note = en
        .notes
        .iter()
        .find(|n| n.code == "negative_item_total")
        .expect("a group note");
    assert!(note.detail.starts_with("T02 of AAA"), "{}", note.detail);
    assert!(note.detail.contains("negation lost in translation"));
    assert!(note.detail.contains("wrong reverse key"));
    // Answered as intended in Indonesian: nothing flagged.
    let id = group(&r, "id");
    assert!(id.reliability.iter().all(|d| d.negative_items.is_empty()));
    assert!(id.notes.iter().all(|n| n.code != "negative_item_total"));
}

#[test]
fn a_wrong_reverse_key_is_flagged_too() {
    // The instrument file marks T03 reverse-keyed although its statement is not: its keyed values
    // run against the dimension in every language.
    let mut ins: Value = serde_json::from_str(&instrument_json()).unwrap();
    ins["items"][2]["reverse"] = serde_json::json!(true);
    let wrong = ins.to_string();
    let results = generate(300, 5);
    // The results name the hash of the instrument they were answered with; tie them to the wrong
    // key by giving them its hash.
    let sha = psm_stats::keying::from_json(&wrong).unwrap().sha256;
    let relinked: Vec<Value> = results
        .into_iter()
        .map(|mut p| {
            p["instrument"]["sha256"] = serde_json::json!(sha);
            p
        })
        .collect();
    let mut a = Analysis::with_known(Vec::new());
    a.add_file("instrument.json", wrong.as_bytes());
    a.add_file("r.ndjson", ndjson(&relinked).as_bytes());
    let r = a.finish();
    let g = &r.groups[0];
    assert_eq!(g.keying, "file");
    assert_eq!(g.reliability[0].negative_items, ["T03"]);
}
