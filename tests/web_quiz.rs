//! Component tests of the quiz in headless Chromium: answering, paging, the required prompt,
//! digit keys, language switch, resume after remount, corrupt stored state, completion, errors.
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web_quiz
#![cfg(target_arch = "wasm32")]

use js_sys::{Function, Reflect};
use psm_core::canonical::instrument_sha256;
use psm_core::Answers;
use psm_quiz_web::storage::session::{resume_key, NO_OWNER};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

#[path = "support/web.rs"]
mod web;
use web::*;

fn perry_key() -> String {
    resume_key(
        &instrument_sha256(&psm_quiz_web::js_value::builtin("perry-24").unwrap()),
        NO_OWNER,
    )
}

const PERRY_ID: &str = r#"{"instrument":"perry-24","lang":"id"}"#;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

/// The focused element's fieldset id, if focus is on a statement.
fn focused_fieldset() -> Option<String> {
    let active = document().active_element()?;
    Some(active.closest("fieldset").ok()??.id())
}

async fn agree(quiz: &Mounted) {
    quiz.button("Setuju dan mulai");
    settle().await;
}

#[wasm_bindgen_test]
async fn answering_and_paging() {
    storage().clear().unwrap();
    let quiz = mount(PERRY_ID, 390).await;
    assert_eq!(quiz.text("h2"), "Sebelum mulai");
    assert!(quiz.q("fieldset").is_none(), "no statements before consent");
    agree(&quiz).await;
    assert_eq!(quiz.text("h2"), "Pernyataan 1–4 dari 24");
    assert_eq!(quiz.item_ids(), ["P01", "P02", "P03", "P04"]);
    assert_eq!(
        document().active_element(),
        quiz.q("h2"),
        "focus on the heading"
    );
    for (i, id) in quiz.item_ids().iter().enumerate() {
        quiz.answer(id, i as u8 + 1);
        settle().await;
    }
    assert_eq!(quiz.checked(), 4);
    assert_eq!(quiz.text(".psm-progress-text"), "4 dari 24 terjawab");
    let progress = quiz.events_of("psm-progress");
    assert_eq!(progress.len(), 4);
    assert_eq!(get(&progress[3], "answered").as_f64(), Some(4.0));
    assert_eq!(get(&progress[3], "total").as_f64(), Some(24.0));
    assert!(quiz.text(".psm-sr").contains("Halaman 1 dari 6"));

    quiz.button("Berikutnya");
    settle().await;
    assert_eq!(quiz.text("h2"), "Pernyataan 5–8 dari 24");
    assert_eq!(document().active_element(), quiz.q("h2"));
    assert_eq!(quiz.checked(), 0);
    assert!(quiz.text(".psm-sr").contains("Halaman 2 dari 6"));
    quiz.button("Sebelumnya");
    settle().await;
    assert_eq!(quiz.item_ids()[0], "P01");
    assert_eq!(quiz.checked(), 4, "answers kept when paging back");
    let checked = quiz.q("fieldset[id$='-item-P03'] input:checked").unwrap();
    assert_eq!(checked.get_attribute("value").as_deref(), Some("3"));
}

#[wasm_bindgen_test]
async fn wide_containers_show_more_statements_per_page() {
    storage().clear().unwrap();
    let quiz = mount(PERRY_ID, 900).await;
    agree(&quiz).await;
    assert_eq!(quiz.item_ids().len(), 8);
    assert_eq!(quiz.text("h2"), "Pernyataan 1–8 dari 24");
    // Narrowing the container re-evaluates the layout and keeps the first statement on screen.
    quiz.container
        .set_attribute("style", "width:390px")
        .unwrap();
    settle().await;
    settle().await;
    assert_eq!(quiz.item_ids(), ["P01", "P02", "P03", "P04"]);
}

#[wasm_bindgen_test]
async fn required_prompt_names_the_gap_and_moves_focus() {
    storage().clear().unwrap();
    let quiz = mount(PERRY_ID, 390).await;
    agree(&quiz).await;
    quiz.answer("P01", 5);
    settle().await;
    quiz.button("Berikutnya");
    settle().await;
    assert_eq!(
        quiz.text("h2"),
        "Pernyataan 1–4 dari 24",
        "not past the page"
    );
    let alert = quiz.text("[role=alert]");
    assert!(alert.contains("Belum dijawab: 3"), "{alert}");
    assert_eq!(quiz.all(".psm-item-missing").len(), 3);
    assert!(focused_fieldset().unwrap().ends_with("-item-P02"));
    let described = quiz.q("fieldset[id$='-item-P02']").unwrap();
    let error_id = described.get_attribute("aria-describedby").unwrap();
    assert_eq!(
        quiz.text(&format!("#{error_id}")),
        "Pernyataan ini belum dijawab."
    );
    for id in ["P02", "P03", "P04"] {
        quiz.answer(id, 2);
    }
    settle().await;
    assert!(quiz.q("[role=alert]").is_none(), "the prompt clears");
    quiz.button("Berikutnya");
    settle().await;
    assert_eq!(quiz.text("h2"), "Pernyataan 5–8 dari 24");
}

fn press(target: &Element, key: &str) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn digit_keys_answer_the_focused_statement() {
    storage().clear().unwrap();
    let quiz = mount(PERRY_ID, 390).await;
    agree(&quiz).await;
    let radio = quiz
        .q("fieldset[id$='-item-P02'] input[value='1']")
        .unwrap();
    radio
        .clone()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .focus()
        .unwrap();
    press(&radio, "4");
    settle().await;
    let four = quiz
        .q("fieldset[id$='-item-P02'] input[value='4']")
        .unwrap();
    assert!(four
        .clone()
        .dyn_into::<HtmlInputElement>()
        .unwrap()
        .checked());
    assert_eq!(document().active_element(), Some(four), "focus follows");
    assert_eq!(quiz.checked(), 1, "only the focused statement is answered");
    // Keys outside the scale do nothing.
    press(&radio, "9");
    press(&radio, "0");
    settle().await;
    assert_eq!(quiz.checked(), 1);
    assert_eq!(quiz.events_of("psm-progress").len(), 1);
}

#[wasm_bindgen_test]
async fn language_is_chosen_before_the_statements_and_fixed_after() {
    storage().clear().unwrap();
    let quiz = mount(PERRY_ID, 390).await;
    assert!(quiz.text(".psm-lang-fixed").contains("tidak dapat diganti"));
    quiz.button("English");
    settle().await;
    assert_eq!(quiz.text("h2"), "Before you start");
    assert!(quiz.text(".psm-lang-fixed").contains("cannot be changed"));
    let pressed = quiz.q("button[aria-pressed='true']").unwrap();
    assert_eq!(pressed.text_content().unwrap(), "English");
    quiz.button("Agree and start");
    settle().await;
    assert_eq!(quiz.text("h2"), "Statements 1–4 of 24");
    assert!(
        quiz.q(".psm-lang").is_none(),
        "no language switch once answering begins"
    );
    assert!(quiz.text("legend").contains("Politics is a dirty word."));
    assert_eq!(
        quiz.q(".psm-quiz")
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("en")
    );
}

#[wasm_bindgen_test]
async fn resume_after_remount() {
    storage().clear().unwrap();
    let mut quiz = mount(PERRY_ID, 390).await;
    quiz.button("English");
    settle().await;
    quiz.button("Agree and start");
    settle().await;
    for id in ["P01", "P02", "P03", "P04"] {
        quiz.answer(id, 3);
    }
    settle().await;
    quiz.button("Next");
    settle().await;
    quiz.answer("P05", 5);
    settle().await;
    quiz.destroy();
    settle().await;
    assert_eq!(
        quiz.container.child_element_count(),
        0,
        "destroy unmounts the app"
    );
    assert!(storage().get_item(&perry_key()).unwrap().is_some());

    // The host now asks for Indonesian: the saved run goes on in the language it was answered in.
    let again = mount(PERRY_ID, 390).await;
    assert_eq!(
        again.text("h2"),
        "Statements 5–8 of 24",
        "same page, same language"
    );
    assert!(again.q(".psm-lang").is_none(), "and it stays fixed");
    assert_eq!(again.text(".psm-progress-text"), "5 of 24 answered");
    assert!(again.q(".psm-note").is_some(), "the candidate is told");
    assert_eq!(again.checked(), 1);
    assert_ne!(
        document().active_element(),
        again.q("h2"),
        "no focus stealing on mount"
    );
}

#[wasm_bindgen_test]
async fn a_run_resumed_with_no_answer_does_not_say_answers_were_restored() {
    // An agree, then a reload (here a remount) before any answer: the run goes on past the consent screen,
    // but "your earlier answers were restored" would be untrue.
    storage().clear().unwrap();
    let mut quiz = mount(PERRY_ID, 390).await;
    quiz.button("Setuju dan mulai");
    settle().await;
    quiz.destroy();
    settle().await;
    assert!(storage().get_item(&perry_key()).unwrap().is_some());
    let mut again = mount(PERRY_ID, 390).await;
    assert_eq!(again.text("h2"), "Pernyataan 1–4 dari 24", "agreed once");
    assert!(again.q(".psm-note").is_none(), "no answer to restore");
    again.answer("P01", 2);
    settle().await;
    again.destroy();
    settle().await;
    let third = mount(PERRY_ID, 390).await;
    assert!(
        third.q(".psm-note").is_some(),
        "an answer restored: the candidate is told"
    );
    assert_eq!(third.checked(), 1);
}

#[wasm_bindgen_test]
async fn corrupt_or_foreign_stored_state_is_discarded() {
    let key = perry_key();
    let sha = instrument_sha256(&psm_quiz_web::js_value::builtin("perry-24").unwrap());
    let now = js_sys::Date::now();
    let terms =
        psm_core::disclosure::terms(&psm_quiz_web::js_value::read_config(PERRY_ID).unwrap());
    let stored = |answers: &str, saved_at: f64, sha: &str| {
        format!(
            r#"{{"v":2,"sha256":"{sha}","saved_at":{saved_at},"lang":"id","agreed_on":"2026-11-30","terms":"{terms}","answers":{answers},"page_start":0}}"#
        )
    };
    let bad = [
        "{not json".to_string(),
        "null".to_string(),
        r#"{"v":2}"#.to_string(),
        stored(r#"{"X99":3}"#, now, &sha),
        stored(r#"{"P01":9}"#, now, &sha),
        stored(r#"{"P01":3}"#, now - 25.0 * 3_600_000.0, &sha),
        stored(r#"{"P01":3}"#, now + 86_400_000.0, &sha),
        stored(r#"{"P01":3}"#, now, &"0".repeat(64)),
        // Saved before consent dates were kept: the candidate sees the consent screen again.
        stored(r#"{"P01":3}"#, now, &sha).replace(r#""agreed_on":"2026-11-30","#, ""),
        stored(r#"{"P01":3}"#, now, &sha).replace("2026-11-30", "yesterday"),
        // Agreed under a notice this config does not show.
        stored(r#"{"P01":3}"#, now, &sha).replace(&terms, &format!("{terms}:{}", "a".repeat(64))),
        // Saved before the terms were recorded.
        stored(r#"{"P01":3}"#, now, &sha).replace(&format!(r#""terms":"{terms}","#), ""),
    ];
    for raw in bad {
        storage().clear().unwrap();
        storage().set_item(&key, &raw).unwrap();
        let quiz = mount(PERRY_ID, 390).await;
        assert_eq!(quiz.text("h2"), "Sebelum mulai", "fresh start for {raw}");
        assert!(storage().get_item(&key).unwrap().is_none(), "{raw} removed");
        assert!(quiz.events_of("psm-error").is_empty());
    }
    // A valid entry is taken up, and a configured shorter lifetime expires it.
    storage().clear().unwrap();
    storage()
        .set_item(&key, &stored(r#"{"P01":3}"#, now - 2.0 * 3_600_000.0, &sha))
        .unwrap();
    let quiz = mount(PERRY_ID, 390).await;
    assert_eq!(quiz.text(".psm-progress-text"), "1 dari 24 terjawab");
    drop(quiz);
    storage()
        .set_item(&key, &stored(r#"{"P01":3}"#, now - 2.0 * 3_600_000.0, &sha))
        .unwrap();
    let quiz = mount(
        r#"{"instrument":"perry-24","lang":"id","resume_hours":1}"#,
        390,
    )
    .await;
    assert_eq!(quiz.text("h2"), "Sebelum mulai");
    drop(quiz);
    // Another owner's run, and a run of the old layout that names no owner: removed, never shown.
    storage().clear().unwrap();
    let valid = stored(r#"{"P01":3}"#, now, &sha);
    let other = resume_key(&sha, "0123456789abcdef0123456789abcdef");
    let old = format!("psm-resume/1/{sha}");
    storage().set_item(&other, &valid).unwrap();
    storage().set_item(&old, &valid).unwrap();
    let quiz = mount(PERRY_ID, 390).await;
    assert_eq!(quiz.text("h2"), "Sebelum mulai");
    assert!(storage().get_item(&other).unwrap().is_none());
    assert!(storage().get_item(&old).unwrap().is_none());
}

#[wasm_bindgen_test]
async fn declining_sends_and_stores_nothing() {
    storage().clear().unwrap();
    let quiz = mount(PERRY_ID, 390).await;
    quiz.button("Tidak setuju");
    settle().await;
    assert_eq!(quiz.text("h2"), "Terima kasih");
    assert_eq!(document().active_element(), quiz.q("h2"));
    assert!(quiz.events.borrow().is_empty());
    assert_eq!(storage().length().unwrap(), 0);
    quiz.button("Baca lagi penjelasannya");
    settle().await;
    assert_eq!(quiz.text("h2"), "Sebelum mulai");
}

#[wasm_bindgen_test]
async fn completing_emits_once_scores_like_the_core_and_wipes_storage() {
    storage().clear().unwrap();
    let quiz = mount(
        r#"{"instrument":"perry-24","lang":"id","shuffle":true,"shuffle_seed":7,"include_responses":true}"#,
        390,
    )
    .await;
    agree(&quiz).await;
    let instrument = psm_quiz_web::js_value::builtin("perry-24").unwrap();
    let expected_order = psm_core::shuffle::seeded_order(&instrument, 7);
    let mut answers = Answers::new();
    let mut seen = Vec::new();
    while quiz.q("fieldset").is_some() {
        for id in quiz.item_ids() {
            let value = (id[1..].parse::<u8>().unwrap() % 5) + 1;
            quiz.answer(&id, value);
            answers.insert(id.clone(), value);
            seen.push(id);
        }
        settle().await;
        quiz.click(".psm-primary");
        settle().await;
    }
    assert_eq!(seen, expected_order, "items in the seeded order");
    assert_eq!(quiz.text("h2"), "Periksa jawaban Anda");
    assert!(storage().get_item(&perry_key()).unwrap().is_some());
    // A double tap on submit still delivers once.
    quiz.button("Selesai dan lihat hasil");
    quiz.button("Selesai dan lihat hasil");
    settle().await;
    assert_eq!(quiz.text("h2"), "Hasil Anda");
    let complete = quiz.events_of("psm-complete");
    assert_eq!(complete.len(), 1);
    let payload = &complete[0];
    let scores = psm_core::scoring::score(&instrument, &answers).unwrap();
    for dim in &scores.dimensions {
        let shown = get(&get(&get(payload, "scores"), &dim.id), "mean")
            .as_f64()
            .unwrap();
        assert!((shown - dim.mean.unwrap()).abs() < 0.006, "{}", dim.id);
    }
    assert!(js_sys::Array::is_array(&get(payload, "order")));
    assert_eq!(get(&get(payload, "responses"), "P01").as_f64(), Some(2.0));
    let id = get(payload, "submission_id").as_string().unwrap();
    assert_eq!(id.len(), 32);
    assert!(storage().get_item(&perry_key()).unwrap().is_none(), "wiped");
    assert!(quiz.q("svg[role=img] title").is_some());
    assert!(quiz.text(".psm-caveat").contains("tidak menentukan"));
}

#[wasm_bindgen_test]
async fn the_embed_build_refuses_an_endpoint_it_could_not_deliver_to() {
    // These tests run the embed build (no `delivery` feature): a valid endpoint is an error screen naming
    // the build to load, never a quiz whose result would silently stay undelivered.
    let quiz = mount(
        r#"{"instrument":"perry-24","lang":"id","endpoint":"https://hasil.example.go.id/psm"}"#,
        390,
    )
    .await;
    assert!(quiz.q("fieldset").is_none());
    assert!(quiz.q(".psm-consent").is_none());
    assert_eq!(quiz.text(".psm-error-code"), "delivery_build_required");
    assert_eq!(quiz.text("h1"), "Kuesioner tidak dapat dimuat");
    let errors = quiz.events_of("psm-error");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        get(&errors[0], "code").as_string().as_deref(),
        Some("delivery_build_required")
    );
    let message = get(&errors[0], "message").as_string().unwrap();
    assert!(message.starts_with("endpoint: "), "{message}");
    assert!(message.contains("psm-quiz-delivery.js"), "{message}");
    // A bad endpoint is still named as such: validation comes before the build check.
    let quiz = mount(r#"{"instrument":"perry-24","endpoint":"http://x y"}"#, 390).await;
    assert_eq!(quiz.text(".psm-error-code"), "bad_endpoint");
}

#[wasm_bindgen_test]
async fn invalid_config_shows_the_error_screen_and_emits_psm_error() {
    let quiz = mount(
        r#"{"instrument":"perry-24","lang":"en","endpoint":"ftp://x"}"#,
        390,
    )
    .await;
    assert!(quiz.q("fieldset").is_none());
    assert_eq!(quiz.text("h1"), "The questionnaire cannot be loaded");
    assert_eq!(quiz.text(".psm-error-code"), "bad_endpoint");
    let errors = quiz.events_of("psm-error");
    assert_eq!(errors.len(), 1);
    assert_eq!(
        get(&errors[0], "code").as_string().as_deref(),
        Some("bad_endpoint")
    );
    assert!(get(&errors[0], "message")
        .as_string()
        .unwrap()
        .starts_with("endpoint:"));
    // Markup in a config is shown as text, and an unreadable config falls back to Indonesian.
    let quiz = mount(r#"{"instrument":"<img src=x onerror=alert(1)>"}"#, 390).await;
    assert!(quiz.q("img").is_none());
    assert!(quiz.text(".psm-error-message").contains("<img"));
    assert_eq!(quiz.text("h1"), "Kuesioner tidak dapat dimuat");
    let quiz = mount("{", 390).await;
    assert_eq!(quiz.text(".psm-error-code"), "config_invalid");
    assert_eq!(
        quiz.text(".psm-error-message"),
        "expected an object, found a string"
    );
}

#[wasm_bindgen_test]
async fn two_quizzes_on_one_page_are_independent() {
    storage().clear().unwrap();
    let a = mount(PERRY_ID, 390).await;
    let b = mount(r#"{"instrument":"kim-16","lang":"en"}"#, 390).await;
    agree(&a).await;
    b.button("Agree and start");
    settle().await;
    a.answer("P01", 2);
    settle().await;
    assert_eq!(a.text(".psm-progress-text"), "1 dari 24 terjawab");
    assert_eq!(b.text(".psm-progress-text"), "0 of 16 answered");
    assert_eq!(a.events_of("psm-progress").len(), 1);
    assert!(b.events_of("psm-progress").is_empty());
    let a_ids: Vec<String> = a.all("[id]").iter().map(|e| e.id()).collect();
    assert!(
        b.all("[id]").iter().all(|e| !a_ids.contains(&e.id())),
        "ids unique per mount"
    );
}

/// Replaces `performance.now()` by a clock the test moves (`globalThis.__psmNow`, ms).
struct FakeClock(web_sys::Performance);

impl FakeClock {
    fn install() -> FakeClock {
        let performance = web_sys::window().unwrap().performance().unwrap();
        let now = Function::new_no_args("return globalThis.__psmNow;");
        Reflect::set(&performance, &"now".into(), &now).unwrap();
        let clock = FakeClock(performance);
        clock.set(0.0);
        clock
    }

    fn set(&self, ms: f64) {
        Reflect::set(&js_sys::global(), &"__psmNow".into(), &ms.into()).unwrap();
    }
}

impl Drop for FakeClock {
    fn drop(&mut self) {
        // The prototype's own `now` comes back.
        let _ = Reflect::delete_property(&self.0, &"now".into());
    }
}

/// Answers the whole of perry-24 one statement a second (by the page's monotonic clock), with
/// 5 s between the last answer of a page and the next page; returns the statements per page
/// and the payload's median seconds per item.
async fn one_answer_a_second(width: u32) -> (usize, f64) {
    storage().clear().unwrap();
    let clock = FakeClock::install();
    let mut now = 1_000.0;
    clock.set(now);
    let quiz = mount(PERRY_ID, width).await;
    agree(&quiz).await;
    let per_page = quiz.item_ids().len();
    while quiz.q("fieldset").is_some() {
        for id in quiz.item_ids() {
            now += 1_000.0;
            clock.set(now);
            quiz.answer(&id, 3);
            settle().await;
        }
        now += 5_000.0;
        clock.set(now);
        quiz.click(".psm-primary");
        settle().await;
    }
    quiz.button("Selesai dan lihat hasil");
    settle().await;
    let complete = quiz.events_of("psm-complete");
    assert_eq!(complete.len(), 1);
    let median = get(&get(&complete[0], "quality"), "seconds_median_per_item")
        .as_f64()
        .expect("a median is sent");
    (per_page, median)
}

#[wasm_bindgen_test]
async fn seconds_per_item_do_not_depend_on_the_page_size() {
    // Timing each statement from its page's appearance gave medians of 2.5 s (4 per page) and
    // 4.5 s (8 per page) for the same candidate; time between answers gives 1 s for both.
    let (narrow, narrow_median) = one_answer_a_second(390).await;
    let (wide, wide_median) = one_answer_a_second(900).await;
    assert_eq!((narrow, wide), (4, 8), "two page sizes");
    assert_eq!(narrow_median, 1.0);
    assert_eq!(wide_median, 1.0);
}

#[wasm_bindgen_test]
fn a_resume_entry_of_an_earlier_release_keeps_its_answers_but_not_its_times() {
    let instrument = psm_quiz_web::js_value::builtin("perry-24").unwrap();
    let sha = instrument_sha256(&instrument);
    let entry = |extra: &str| {
        format!(
            r#"{{"v":{v},"sha256":"{sha}","saved_at":1000,"lang":"id","agreed_on":"2026-11-30","terms":"t","answers":{{"P01":3}},"seconds":{{"P01":7.5}},{extra}"page_start":0}}"#,
            v = psm_quiz_web::storage::resume::VERSION
        )
    };
    let validate = |raw: &str| {
        psm_quiz_web::storage::resume::validate(raw, &instrument, &sha, false, 2_000.0, 3.6e6)
            .expect("a valid entry")
    };
    // Display times beside the seconds: timed from each page's display, the earlier rule.
    let earlier = validate(&entry(r#""shown_at":{"P01":0},"#));
    assert_eq!(earlier.answers.get("P01"), Some(&3));
    assert!(
        earlier.seconds.is_empty(),
        "times of another rule are dropped"
    );
    let current = validate(&entry(""));
    assert_eq!(current.seconds.get("P01"), Some(&7.5));
}
