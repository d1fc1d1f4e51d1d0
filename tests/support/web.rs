//! The browser tests' quiz on a page (tests/web_quiz.rs, tests/web_consent.rs): mounted in a fresh
//! container the way psm-quiz.js mounts it, with every event it emits recorded, and the clicks and reads
//! the tests make. `#[path]`-included by each test, so items one test does not use are allowed.
#![allow(dead_code)]

use js_sys::Function;
use psm_quiz_web::{mount_quiz, QuizHandle};
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement};

pub type Events = Rc<RefCell<Vec<(String, JsValue)>>>;

pub struct Mounted {
    pub container: Element,
    handle: Option<QuizHandle>,
    /// Every `(type, detail)` the quiz emitted, in order.
    pub events: Events,
    _emit: Closure<dyn FnMut(JsValue, JsValue)>,
}

impl Mounted {
    pub fn events_of(&self, kind: &str) -> Vec<JsValue> {
        self.events
            .borrow()
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn q(&self, selector: &str) -> Option<Element> {
        self.container.query_selector(selector).unwrap()
    }

    pub fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.container.query_selector_all(selector).unwrap();
        (0..list.length())
            .map(|i| list.item(i).unwrap().dyn_into::<Element>().unwrap())
            .collect()
    }

    pub fn text(&self, selector: &str) -> String {
        self.q(selector)
            .and_then(|e| e.text_content())
            .unwrap_or_default()
    }

    pub fn click(&self, selector: &str) {
        self.q(selector)
            .unwrap_or_else(|| panic!("no {selector}"))
            .dyn_into::<HtmlElement>()
            .unwrap()
            .click();
    }

    /// Clicks the button whose text is `label`.
    pub fn button(&self, label: &str) {
        let button = self
            .all("button")
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().trim() == label)
            .unwrap_or_else(|| panic!("no button {label:?}"));
        button.dyn_into::<HtmlElement>().unwrap().click();
    }

    pub fn item_ids(&self) -> Vec<String> {
        self.all("fieldset.psm-item")
            .iter()
            .map(|f| f.id().rsplit("-item-").next().unwrap().to_string())
            .collect()
    }

    pub fn answer(&self, item: &str, value: u8) {
        self.click(&format!(
            "fieldset[id$='-item-{item}'] input[value='{value}']"
        ));
    }

    pub fn checked(&self) -> usize {
        self.all("input.psm-radio:checked").len()
    }

    /// Answers every statement page by page, then submits from the review; returns the emitted payload.
    pub async fn complete(&self) -> Value {
        while self.q("fieldset").is_some() {
            for id in self.item_ids() {
                let value = 1 + (id.len() as u8 + id.as_bytes()[id.len() - 1]) % 5;
                self.answer(&id, value);
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

    pub fn destroy(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.destroy();
        self.container.remove();
    }
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Lets Yew render and effects run.
pub async fn settle() {
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

/// Mounts a quiz in a fresh container of the given width (px) and waits for the first render.
pub async fn mount(config: &str, width: u32) -> Mounted {
    mount_after(config, width, Early::default()).await
}

/// What psm-quiz.js hands over when the candidate acted on the prerendered screens before the wasm.
#[derive(Default)]
pub struct Early {
    pub press: Option<&'static str>,
    pub shown: Option<f64>,
    pub answers: Option<js_sys::Array>,
    pub next: Option<bool>,
}

/// `mount` with the early choices psm-quiz.js would pass.
pub async fn mount_after(config: &str, width: u32, early: Early) -> Mounted {
    let container = document().create_element("div").unwrap();
    // Test pages have no CSP; the widget itself never sets style attributes.
    container
        .set_attribute("style", &format!("width:{width}px"))
        .unwrap();
    document().body().unwrap().append_child(&container).unwrap();
    let events: Events = Rc::default();
    let sink = events.clone();
    let emit = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |kind: JsValue, detail| {
        sink.borrow_mut()
            .push((kind.as_string().unwrap_or_default(), detail));
    });
    let function: Function = emit.as_ref().unchecked_ref::<Function>().clone();
    // The host's object as psm-quiz.js passes it: parsed by the browser, never a JSON text. A text that is not
    // JSON is passed as the string itself, as a caller of the glue might.
    let config = js_sys::JSON::parse(config).unwrap_or_else(|_| JsValue::from_str(config));
    let handle = mount_quiz(
        container.clone(),
        config,
        function,
        None,
        early.press.map(String::from),
        None,
        early.shown,
        early.answers,
        early.next,
    )
    .unwrap();
    settle().await;
    Mounted {
        container,
        handle: Some(handle),
        events,
        _emit: emit,
    }
}
