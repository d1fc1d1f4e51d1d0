//! Consent in headless Chromium: the list of what is sent, mounted for every combination of options,
//! against the payload actually emitted; "anonim" only where nothing links the result; the PDP notice
//! shown with the rights, required for a linked result (error screen + psm-error naming the field);
//! declining sends nothing; the payload records the consent and the language answered in.
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web_consent
#![cfg(target_arch = "wasm32")]

use js_sys::Reflect;
use psm_core::disclosure::Disclosed;
use psm_quiz_web::i18n::{sent_text, Lang};
use psm_quiz_web::js_value::read_config as parse_config;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/web.rs"]
mod web;
use web::*;

/// Container width (px): more statements per page, fewer pages to click through.
const WIDE: u32 = 1200;

fn notice() -> Value {
    json!({
        "controller": {"name": "Badan Kepegawaian Contoh", "contact": "ppid@bkc.example.go.id"},
        "legal_basis": "Persetujuan peserta (UU 27/2022 Pasal 20 ayat 2 huruf a)",
        "purpose": "Memahami motivasi pelayanan publik pelamar CASN 2026",
        "retention": "2 tahun setelah pengumuman akhir seleksi",
        "processing_period": "Selama seleksi CASN 2026",
        "version": "2026-12"
    })
}

/// The list entries a payload's fields call for (top-level keys; quality and consent by inner key).
fn entries_for(payload: &Value) -> BTreeSet<Disclosed> {
    let mut out = BTreeSet::new();
    for (k, v) in payload.as_object().unwrap() {
        let fields: Vec<String> = match (k.as_str(), v) {
            ("quality" | "consent", Value::Object(o)) => {
                o.keys().map(|ik| format!("{k}.{ik}")).collect()
            }
            _ => vec![k.clone()],
        };
        for f in fields {
            out.insert(Disclosed::naming(&f).unwrap_or_else(|| panic!("{f} is named by no entry")));
        }
    }
    out
}

#[wasm_bindgen_test]
async fn the_consent_list_matches_the_payload_sent_for_every_combination() {
    let mut combos = 0;
    for responses in [false, true] {
        for shuffle in [false, true] {
            // (candidate_ref, linked, notice)
            for (candidate, linked, with_notice) in [
                (false, false, false),
                (false, false, true),
                (false, true, true),
                (true, false, true),
            ] {
                for schema in ["psm-result/1", "psm-result/2"] {
                    storage().clear().unwrap();
                    let mut config = json!({
                        "instrument": "kim-16", "lang": "id", "include_responses": responses,
                        "shuffle": shuffle, "linked": linked, "result_schema": schema,
                    });
                    if candidate {
                        config["candidate_ref"] = json!("REG-2026-000123");
                        config["candidate_key"] = json!("kunci-instansi");
                    }
                    if with_notice {
                        config["notice"] = notice();
                    }
                    let text = config.to_string();
                    let quiz = mount(&text, WIDE).await;
                    let shown: Vec<(String, String)> = quiz
                        .all(".psm-sent li")
                        .iter()
                        .map(|li| {
                            (
                                li.get_attribute("data-sent").unwrap(),
                                li.text_content().unwrap(),
                            )
                        })
                        .collect();
                    let privacy = quiz.text(".psm-privacy");
                    let notice_text = quiz.text(".psm-notice");
                    quiz.button("Setuju dan mulai");
                    settle().await;
                    let payload = quiz.complete().await;

                    // Every field sent is named on the consent screen, and nothing else is.
                    let expected = entries_for(&payload);
                    assert_eq!(shown.len(), expected.len(), "{text}\n{shown:?}\n{payload}");
                    for d in &expected {
                        let line = shown.iter().find(|(k, _)| k == d.key());
                        assert_eq!(
                            line.map(|(_, t)| t.as_str()),
                            Some(sent_text(Lang::Id, *d)),
                            "{text}: {d:?} sent but not said"
                        );
                    }
                    assert_eq!(payload["schema"], json!(schema));
                    // Anonymous only when nothing links the result to the candidate.
                    let is_linked = candidate || linked;
                    assert_eq!(payload.get("candidate_ref").is_some(), candidate, "{text}");
                    if is_linked {
                        assert!(
                            privacy.starts_with("Hasilnya tidak anonim"),
                            "{text}: {privacy}"
                        );
                        assert!(privacy.contains("data pendaftaran"), "{privacy}");
                    } else {
                        assert!(privacy.starts_with("Hasilnya anonim"), "{text}: {privacy}");
                    }
                    // The notice is shown as given, with the rights; its hash is what the result records.
                    if with_notice {
                        for part in [
                            "Badan Kepegawaian Contoh",
                            "ppid@bkc.example.go.id",
                            "Pasal 20",
                            "CASN 2026",
                            "2 tahun",
                            "2026-12",
                            "3 × 24 jam",
                            "menarik persetujuan",
                        ] {
                            assert!(notice_text.contains(part), "{part}: {notice_text}");
                        }
                    } else {
                        assert!(notice_text.is_empty());
                    }
                    if schema == "psm-result/2" {
                        let consent = &payload["consent"];
                        assert_eq!(consent["agreed_on"], payload["completed_on"]);
                        let hash = parse_config(&text).unwrap().notice.map(|n| n.sha256());
                        assert_eq!(
                            consent.get("notice_sha256").and_then(Value::as_str),
                            hash.as_deref()
                        );
                    } else {
                        assert!(payload.get("consent").is_none());
                    }
                    combos += 1;
                }
            }
        }
    }
    assert_eq!(combos, 32);
}

#[wasm_bindgen_test]
async fn english_consent_with_a_notice_never_says_anonymous() {
    storage().clear().unwrap();
    let config = json!({"instrument": "perry-24", "lang": "en", "candidate_ref": "R-1",
        "candidate_key": "k", "notice": notice()});
    let quiz = mount(&config.to_string(), WIDE).await;
    let all = quiz.text(".psm-consent");
    assert!(all.contains("The result is not anonymous"), "{all}");
    assert!(!all.contains("The result is anonymous"));
    assert!(
        all.contains("only this is sent to Badan Kepegawaian Contoh"),
        "{all}"
    );
    assert!(quiz.text(".psm-notice").contains("Data controller"));
    assert!(quiz.text(".psm-notice").contains("within 3 × 24 hours"));
    assert!(all.contains("no pass mark"));
    // perry-24's English is not verified against the paper, and the candidate is told.
    assert!(
        all.contains("have not been checked against the published paper"),
        "{all}"
    );
}

#[wasm_bindgen_test]
async fn a_linked_quiz_cannot_start_without_a_complete_notice() {
    let mut partial = notice();
    partial["controller"]
        .as_object_mut()
        .unwrap()
        .remove("contact");
    let cases = [
        (
            json!({"instrument": "kim-16", "candidate_ref": "R-1", "candidate_key": "k"}),
            "notice",
        ),
        (
            json!({"instrument": "kim-16", "candidate_ref": "R-1", "candidate_key": "k", "notice": partial}),
            "notice.controller.contact",
        ),
        (
            json!({"instrument": "kim-16", "linked": true, "notice": {"controller": {"name": "X", "contact": "Y"}}}),
            "notice.legal_basis",
        ),
    ];
    for (config, field) in cases {
        let quiz = mount(&config.to_string(), WIDE).await;
        assert!(quiz.q(".psm-consent").is_none(), "no quiz starts");
        assert!(quiz.q("fieldset").is_none());
        assert_eq!(quiz.text(".psm-error-code"), "notice_incomplete");
        assert!(quiz
            .text(".psm-error-message")
            .starts_with(&format!("{field}:")));
        let errors = quiz.events_of("psm-error");
        assert_eq!(errors.len(), 1);
        let get = |k: &str| {
            Reflect::get(&errors[0], &k.into())
                .unwrap()
                .as_string()
                .unwrap()
        };
        assert_eq!(get("code"), "notice_incomplete");
        assert!(
            get("message").starts_with(&format!("{field}:")),
            "{}",
            get("message")
        );
    }
}

#[wasm_bindgen_test]
async fn declining_a_linked_quiz_sends_and_stores_nothing() {
    storage().clear().unwrap();
    let config = json!({"instrument": "kim-16", "candidate_ref": "R-1", "candidate_key": "k",
        "include_responses": true, "notice": notice()});
    let quiz = mount(&config.to_string(), WIDE).await;
    quiz.button("Tidak setuju");
    settle().await;
    assert_eq!(quiz.text("h2"), "Terima kasih");
    assert!(quiz.events.borrow().is_empty(), "no event at all");
    assert_eq!(storage().length().unwrap(), 0, "nothing stored");
    quiz.button("Baca lagi penjelasannya");
    settle().await;
    assert!(quiz.q(".psm-notice").is_some());
    assert!(quiz.events.borrow().is_empty());
}

#[wasm_bindgen_test]
async fn the_payload_names_the_language_the_statements_were_answered_in() {
    storage().clear().unwrap();
    let quiz = mount(r#"{"instrument":"kim-16","lang":"id"}"#, WIDE).await;
    quiz.button("English");
    settle().await;
    quiz.button("Agree and start");
    settle().await;
    assert!(
        quiz.q(".psm-lang").is_none(),
        "the switch is gone once answering begins"
    );
    let payload = quiz.complete().await;
    assert_eq!(payload["lang"], json!("en"));
    assert_eq!(payload["schema"], json!("psm-result/2"));
}

#[wasm_bindgen_test]
async fn a_run_agreed_to_under_other_terms_is_not_resumed() {
    // Agreed to as anonymous (with a notice shown), or without the answers being sent, or told how long
    // unfinished answers stay: a later mount that links the result, sends the answers or keeps them
    // longer asks again instead of going on silently.
    let anonymous = json!({"instrument": "kim-16", "notice": notice()});
    let mut linked = anonymous.clone();
    linked["candidate_ref"] = json!("REG-1");
    linked["candidate_key"] = json!("k");
    let mut responses = anonymous.clone();
    responses["include_responses"] = json!(true);
    // Told unfinished answers stay 24 hours: a mount keeping them 72 hours asks again (so would one whose
    // finished result waits on the device for an endpoint: core/tests/disclosure.rs).
    let mut longer = anonymous.clone();
    longer["resume_hours"] = json!(72);
    for (later, says) in [
        (linked, "Hasilnya tidak anonim"),
        (responses, sent_text(Lang::Id, Disclosed::Responses)),
        (longer, "paling lama 72 jam"),
    ] {
        storage().clear().unwrap();
        let quiz = mount(&anonymous.to_string(), WIDE).await;
        assert!(quiz.text(".psm-privacy").starts_with("Hasilnya anonim"));
        quiz.button("Setuju dan mulai");
        settle().await;
        let first = quiz.all("fieldset.psm-item input[value='3']");
        first[0].clone().dyn_into::<HtmlElement>().unwrap().click();
        settle().await;
        drop(quiz);
        settle().await;
        // The same terms resume: the run is really stored.
        let same = mount(&anonymous.to_string(), WIDE).await;
        assert_ne!(same.text("h2"), "Sebelum mulai", "same terms resume");
        drop(same);
        settle().await;
        let quiz = mount(&later.to_string(), WIDE).await;
        assert_eq!(
            quiz.text("h2"),
            "Sebelum mulai",
            "asked again before {says}"
        );
        assert!(quiz.text(".psm-consent").contains(says), "{says}");
        assert!(quiz.events_of("psm-complete").is_empty());
    }
    storage().clear().unwrap();
}

/// The early page's hand-over from JS: entries of any other shape than `[id, value, at]`, values off the
/// scale and times outside the page's showing are dropped; the rest is the run the live app starts with.
#[wasm_bindgen_test]
async fn early_answers_from_js_are_read_strictly() {
    storage().clear().unwrap();
    let now = web_sys::window().unwrap().performance().unwrap().now();
    let shown = (now - 50.0).max(0.0);
    let t = shown + 10.0;
    let answers = js_sys::JSON::parse(&format!(
        r#"[["P01",2,{t}],"junk",[3,4,5],["P02","4",{t}],["P03",4.5,{t}],["P04",5,{t}],["P02",9,{t}],
            ["P03",1,{late}],{{"0":"P03","1":1,"2":{t}}},["P05",3,{t}],["P04",4]]"#,
        late = now + 60_000.0
    ))
    .unwrap()
    .unchecked_into::<js_sys::Array>();
    let early = Early {
        press: Some("agree"),
        shown: Some(shown),
        answers: Some(answers),
        next: None,
    };
    let quiz = mount_after(r#"{"instrument":"perry-24","lang":"id"}"#, 390, early).await;
    // On the first page, P01 and P04 answered; nothing else (P05 is on the next page).
    let checked: Vec<(String, String)> = quiz
        .all("fieldset.psm-item")
        .iter()
        .filter_map(|f| {
            let input = f.query_selector("input:checked").unwrap()?;
            Some((
                f.id(),
                input.unchecked_into::<web_sys::HtmlInputElement>().value(),
            ))
        })
        .collect();
    let ids: Vec<(String, String)> = checked
        .into_iter()
        .map(|(id, v)| (id[id.rfind("item-").unwrap() + 5..].to_string(), v))
        .collect();
    assert_eq!(
        ids,
        [("P01".into(), "2".into()), ("P04".into(), "5".into())]
    );
    assert_eq!(quiz.text(".psm-progress-text"), "2 dari 24 terjawab");
    let mut quiz = quiz;
    quiz.destroy();
    storage().clear().unwrap(); // the run saved above would be resumed
                                // Without a time the page was shown, nothing of it counts; the agree still does.
    let answers = js_sys::JSON::parse(&format!(r#"[["P01",2,{t}]]"#))
        .unwrap()
        .unchecked_into::<js_sys::Array>();
    let early = Early {
        press: Some("agree"),
        shown: None,
        answers: Some(answers),
        next: Some(true),
    };
    let quiz = mount_after(r#"{"instrument":"perry-24","lang":"id"}"#, 390, early).await;
    assert_eq!(quiz.checked(), 0);
    assert_eq!(quiz.text(".psm-heading"), "Pernyataan 1–4 dari 24");
}

/// The early answers must be a real array: an array-like object (or a string) from a caller of the glue is no
/// list of answers, and its `length` is never walked (an object claiming four billion entries would hang the
/// page); an array longer than any candidate could fill before the wasm is dropped whole.
#[wasm_bindgen_test]
async fn early_answers_that_are_no_array_are_dropped() {
    storage().clear().unwrap();
    let now = web_sys::window().unwrap().performance().unwrap().now();
    let shown = (now - 50.0).max(0.0);
    let t = shown + 10.0;
    let too_long = format!("[{}]", vec![format!(r#"["P01",2,{t}]"#); 10_001].join(","));
    for text in [
        format!(r#"{{"length":1,"0":["P01",2,{t}]}}"#),
        r#""P01""#.to_string(),
        too_long,
        r#"{"length":4294967295}"#.to_string(),
    ] {
        let answers = js_sys::JSON::parse(&text)
            .unwrap()
            .unchecked_into::<js_sys::Array>();
        let early = Early {
            press: Some("agree"),
            shown: Some(shown),
            answers: Some(answers),
            next: None,
        };
        let mut quiz = mount_after(r#"{"instrument":"perry-24","lang":"id"}"#, 390, early).await;
        assert_eq!(quiz.checked(), 0, "{}", &text[..text.len().min(40)]);
        assert_eq!(quiz.text(".psm-heading"), "Pernyataan 1–4 dari 24");
        quiz.destroy();
        storage().clear().unwrap();
    }
}
