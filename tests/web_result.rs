//! The result screen in headless Chromium: without an overall score it says why, in plain words, in
//! both languages; with one it shows the score and how it is computed.
//!   CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web_result
#![cfg(target_arch = "wasm32")]

use js_sys::Function;
use psm_core::payload::{build, PayloadInput, ResultPayload};
use psm_core::Answers;
use psm_quiz_web::bridge::Emitter;
use psm_quiz_web::components::result::{result_screen, ResultProps};
use psm_quiz_web::env::{Env, EnvRef};
use psm_quiz_web::i18n::Lang;
use psm_quiz_web::js_value::read_config as parse_config;
use std::rc::Rc;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

#[derive(Properties, PartialEq)]
struct ScreenProps {
    env: EnvRef,
    lang: Lang,
    payload: Rc<ResultPayload>,
}

#[function_component(Screen)]
fn screen(props: &ScreenProps) -> Html {
    let heading = use_node_ref();
    result_screen(&ResultProps {
        env: props.env.clone(),
        lang: props.lang,
        payload: props.payload.clone(),
        heading,
    })
}

/// perry-24 answered 3 throughout, except the SS items listed in `skip`.
fn payload(skip: &[&str]) -> ResultPayload {
    let instrument = psm_quiz_web::js_value::builtin("perry-24").unwrap();
    let answers: Answers = instrument
        .items
        .iter()
        .filter(|i| !skip.contains(&i.id.as_str()))
        .map(|i| (i.id.clone(), 3))
        .collect();
    build(PayloadInput {
        instrument: &instrument,
        lang: "id",
        answers: &answers,
        order: None,
        seconds: None,
        include_responses: false,
        completed_on: "2026-11-23".into(),
        submission_id: "0123456789abcdef0123456789abcdef".into(),
        candidate: None,
        consent: None,
        instrument_sha256: None,
    })
    .unwrap()
}

async fn render(lang: Lang, payload: ResultPayload) -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let config = parse_config(r#"{"instrument":"perry-24","lang":"id"}"#).unwrap();
    let env = EnvRef(Rc::new(Env::new(
        config,
        Emitter::new(Function::new_no_args("")),
        390.0,
    )));
    let props = ScreenProps {
        env,
        lang,
        payload: Rc::new(payload),
    };
    yew::Renderer::<Screen>::with_root_and_props(root.clone(), props).render();
    let tick = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    JsFuture::from(tick).await.unwrap();
    root
}

fn overall_text(root: &Element) -> String {
    root.query_selector(".psm-overall")
        .unwrap()
        .expect("the overall line is shown")
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_missing_overall_is_explained_never_a_bare_dash() {
    // SS: 5 of 8 answered, below 75 %: SS is not scored, so there is no overall score.
    let p = payload(&["P17", "P18", "P20"]);
    assert_eq!(p.overall.mean, None);
    assert!(p.scores.iter().any(|(_, s)| s.mean.is_none()));
    let id = overall_text(&render(Lang::Id, p.clone()).await);
    assert!(
        id.contains("tidak dihitung, karena tidak semua dimensi mendapat skor"),
        "{id}"
    );
    assert!(id.contains("tidak pernah dari sebagian saja"), "{id}");
    assert!(
        !id.contains("rata-rata skor dimensi"),
        "no method for a missing score: {id}"
    );
    let en = overall_text(&render(Lang::En, p).await);
    assert!(
        en.contains("not calculated, because not every dimension has a score"),
        "{en}"
    );
}

#[wasm_bindgen_test]
async fn a_complete_result_shows_the_overall_and_its_method() {
    let p = payload(&[]);
    assert!(p.overall.mean.is_some());
    let id = overall_text(&render(Lang::Id, p).await);
    assert!(id.contains("3,00"), "{id}");
    assert!(id.contains("rata-rata skor dimensi"), "{id}");
    assert!(!id.contains("tidak dihitung"), "{id}");
}
