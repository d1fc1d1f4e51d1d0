//! Consent in headless Chromium: the list of what is sent, mounted for every combination of options,
//! against the payload actually emitted; "anonim" only where nothing links the result; the PDP notice
//! shown with the rights, required for a linked result (error screen + psm-error naming the field);
//! declining sends nothing; the payload records the consent and the language answered in.
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web_consent
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Reflect};
use psm_core::disclosure::Disclosed;
use psm_quiz_web::i18n::{sent_text, Lang};
use psm_quiz_web::js_value::read_config as parse_config;
use psm_quiz_web::{mount_quiz, QuizHandle};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

type Events = Rc<RefCell<Vec<(String, JsValue)>>>;

struct Mounted {
    container: Element,
    handle: Option<QuizHandle>,
    events: Events,
    _emit: Closure<dyn FnMut(JsValue, JsValue)>,
}

impl Mounted {
    fn events_of(&self, kind: &str) -> Vec<JsValue> {
        let events = self.events.borrow();
        events
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, v)| v.clone())
            .collect()
    }

    fn q(&self, selector: &str) -> Option<Element> {
        self.container.query_selector(selector).unwrap()
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.container.query_selector_all(selector).unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().dyn_into::<Element>().unwrap())
            .collect()
    }

    fn text(&self, selector: &str) -> String {
        self.q(selector)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    fn click(&self, selector: &str) {
        self.q(selector)
            .unwrap_or_else(|| panic!("no {selector}"))
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
    }

    fn button(&self, label: &str) {
        let button = self
            .all("button")
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().trim() == label)
            .unwrap_or_else(|| panic!("no button {label:?}"));
        button.dyn_into::<HtmlElement>().unwrap().click();
    }

    /// Answers every statement page by page, then submits from the review; returns the emitted payload.
    async fn complete(&self) -> Value {
        while self.q("fieldset").is_some() {
            for f in self.all("fieldset.psm-item") {
                let id = f.id().rsplit("-item-").next().unwrap().to_string();
                let value = 1 + (id.len() as u8 + id.as_bytes()[id.len() - 1]) % 5;
                self.click(&format!(
                    "fieldset[id$='-item-{id}'] input[value='{value}']"
                ));
            }
            settle().await;
            self.click(".psm-primary");
            settle().await;
        }
        self.click(".psm-review .psm-primary");
        settle().await;
        let complete = self.events_of("psm-complete");
        assert_eq!(complete.len(), 1, "one result");
        let text = js_sys::JSON::stringify(&complete[0]).unwrap();
        serde_json::from_str(&String::from(text)).unwrap()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.container.remove();
    }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

async fn settle() {
    for _ in 0..3 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .unwrap();
        });
        JsFuture::from(promise).await.unwrap();
    }
}

async fn mount(config: &str) -> Mounted {
    let container = document().create_element("div").unwrap();
    // Wide: more statements per page, fewer pages to click through.
    container.set_attribute("style", "width:1200px").unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let events: Events = Rc::default();
    let sink = events.clone();
    let emit = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |kind: JsValue, detail| {
        sink.borrow_mut()
            .push((kind.as_string().unwrap_or_default(), detail));
    });
    let function: Function = emit.as_ref().unchecked_ref::<Function>().clone();
    // The host's object as psm-quiz.js passes it: parsed by the browser, never a JSON text.
    let config = js_sys::JSON::parse(config).expect("test configs are JSON");
    let handle = mount_quiz(container.clone(), config, function).unwrap();
    settle().await;
    Mounted {
        container,
        handle: Some(handle),
        events,
        _emit: emit,
    }
}

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
                    let quiz = mount(&text).await;
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
    let quiz = mount(&config.to_string()).await;
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
        let quiz = mount(&config.to_string()).await;
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
    let quiz = mount(&config.to_string()).await;
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
    let quiz = mount(r#"{"instrument":"kim-16","lang":"id"}"#).await;
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
    // Agreed to as anonymous (with a notice shown), or without the answers being sent: a later mount
    // that links the result or sends the answers asks again instead of going on silently.
    let anonymous = json!({"instrument": "kim-16", "notice": notice()});
    let mut linked = anonymous.clone();
    linked["candidate_ref"] = json!("REG-1");
    linked["candidate_key"] = json!("k");
    let mut responses = anonymous.clone();
    responses["include_responses"] = json!(true);
    for (later, says) in [
        (linked, "Hasilnya tidak anonim"),
        (responses, sent_text(Lang::Id, Disclosed::Responses)),
    ] {
        storage().clear().unwrap();
        let quiz = mount(&anonymous.to_string()).await;
        assert!(quiz.text(".psm-privacy").starts_with("Hasilnya anonim"));
        quiz.button("Setuju dan mulai");
        settle().await;
        let first = quiz.all("fieldset.psm-item input[value='3']");
        first[0].clone().dyn_into::<HtmlElement>().unwrap().click();
        settle().await;
        drop(quiz);
        settle().await;
        // The same terms resume: the run is really stored.
        let same = mount(&anonymous.to_string()).await;
        assert_ne!(same.text("h2"), "Sebelum mulai", "same terms resume");
        drop(same);
        settle().await;
        let quiz = mount(&later.to_string()).await;
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
