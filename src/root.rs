//! Mounting: the host's config object in, either the quiz or the error screen out, and a handle to unmount.

use crate::app::App;
use crate::bridge::Emitter;
use crate::components::error_screen::{error_screen, ErrorScreenProps};
use crate::env::{Env, EnvRef};
use crate::first_screen::{Choice, EarlyPage};
use crate::i18n::Lang;
use psm_core::codes;
use psm_core::config::{read_config_with, QuizConfig};
use psm_core::PsmError;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Element;
use yew::prelude::*;
use yew::AppHandle;

pub enum Outcome {
    Quiz(EnvRef),
    Invalid {
        lang: Lang,
        code: &'static str,
        message: String,
    },
}

#[derive(Properties, Clone)]
pub struct RootProps {
    pub outcome: Rc<Outcome>,
    /// The config as the host gave it: a kiosk saves its settings from it.
    #[cfg(feature = "kiosk")]
    pub config_json: Rc<str>,
}

impl PartialEq for RootProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.outcome, &other.outcome)
    }
}

#[function_component(Root)]
pub fn root(props: &RootProps) -> Html {
    match &*props.outcome {
        // Without the feature a kiosk config never gets here: `mount_quiz` answers it with an error.
        #[cfg(feature = "kiosk")]
        Outcome::Quiz(env) if env.config.mode == psm_core::config::Mode::Kiosk => {
            crate::kiosk::gate::kiosk(env, &props.config_json)
        }
        Outcome::Quiz(env) => html! { <App env={env.clone()} /> },
        Outcome::Invalid {
            lang,
            code,
            message,
        } => html! {
            { error_screen(&ErrorScreenProps { lang: *lang, code: (*code).into(), message: message.clone().into() }) }
        },
    }
}

/// The language an invalid config asked for, if it names one; Indonesian otherwise.
fn requested_lang(config: &JsValue) -> Lang {
    js_sys::Reflect::get(config, &JsValue::from_str("lang"))
        .ok()
        .and_then(|lang| lang.as_string())
        .map_or(Lang::Id, |lang| Lang::from_code(&lang))
}

/// The build a valid config needs when this wasm is not it: the embed build has neither the kiosk UI nor
/// the outbox, so it names the build to load instead of running a kiosk without its kiosk or a quiz whose
/// result would never reach its endpoint.
fn missing_build(config: &QuizConfig) -> Option<PsmError> {
    crate::builds::missing(config, cfg!(feature = "kiosk"), cfg!(feature = "delivery"))
}

/// An endpoint this page could never reach: an `http:` one on an `https:` page (mixed content). Only the
/// builds with the outbox ask: the embed build refuses any endpoint (`missing_build`).
#[cfg(feature = "delivery")]
fn unreachable_endpoint(config: &QuizConfig) -> Option<PsmError> {
    let endpoint = config.endpoint.as_deref()?;
    let protocol = web_sys::window()?.location().protocol().ok()?;
    crate::outbox::rules::check_page_endpoint(&protocol, endpoint).err()
}

#[cfg(not(feature = "delivery"))]
fn unreachable_endpoint(_: &QuizConfig) -> Option<PsmError> {
    None
}

/// One mounted quiz. `destroy()` unmounts it; effects remove their observers on unmount.
#[wasm_bindgen]
pub struct QuizHandle {
    app: AppHandle<Root>,
}

#[wasm_bindgen]
impl QuizHandle {
    pub fn destroy(self) {
        self.app.destroy();
    }
}

/// More early answers (changes included) than any candidate gives on one page before the wasm arrives.
const EARLY_ANSWERS_MAX: u32 = 10_000;

/// `[id, value, at]` entries of psm-quiz.js's early answers; an entry of any other shape is dropped. The
/// glue does not check that the list is an array: anything else (an array-like object, whose `length` may
/// claim billions) is no list, and a list longer than [`EARLY_ANSWERS_MAX`] is dropped whole (its first
/// entries alone could hold answers the candidate changed later).
fn early_answers(list: Option<js_sys::Array>) -> Vec<(String, f64, f64)> {
    let Some(list) = list.filter(|l| js_sys::Array::is_array(l) && l.length() <= EARLY_ANSWERS_MAX)
    else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|entry| {
            let entry = entry.dyn_into::<js_sys::Array>().ok()?;
            Some((
                entry.get(0).as_string()?,
                entry.get(1).as_f64()?,
                entry.get(2).as_f64()?,
            ))
        })
        .collect()
}

/// `first_lang`, `first_press` ("agree" or "decline") and `first_at` (when, ms since the epoch): what the
/// candidate did on the prerendered first screen before this wasm arrived; after an agree, `first_shown`,
/// `first_answers` and `first_next`: the first page of statements shown then (monotonic ms), the answers
/// given there (`[id, value, at]`) and a press of Next (psm-quiz.js; `crate::first_screen`). Internal, not
/// config fields: `undefined` from any other caller.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)]
pub fn mount_quiz(
    container: Element,
    config: JsValue,
    emit: js_sys::Function,
    first_lang: Option<String>,
    first_press: Option<String>,
    first_at: Option<f64>,
    first_shown: Option<f64>,
    first_answers: Option<js_sys::Array>,
    first_next: Option<bool>,
) -> Result<QuizHandle, JsValue> {
    let emitter = Emitter::new(emit);
    let invalid = |lang: Lang, e: &PsmError| Outcome::Invalid {
        lang,
        code: e.code,
        message: e.message.clone(),
    };
    // The host's object as the browser holds it: walked once into the core's value, never stringified.
    let read = crate::js_value::to_json(&config, codes::CONFIG_INVALID)
        .and_then(|v| read_config_with(&v, crate::js_value::builtin));
    let (outcome, error) = match read {
        Ok(config) => match missing_build(&config).or_else(|| unreachable_endpoint(&config)) {
            Some(e) => (invalid(Lang::from_code(&config.lang), &e), Some(e)),
            None => {
                let width = f64::from(container.client_width());
                let mut env = Env::new(config, emitter.clone(), width);
                env.first_choice = Choice::read(
                    first_lang.as_deref(),
                    first_press.as_deref(),
                    first_at,
                    &env.langs,
                );
                env.first_choice.page = EarlyPage::read(
                    first_shown,
                    &early_answers(first_answers),
                    first_next == Some(true),
                    env.instrument().scale.points,
                    crate::bridge::monotonic_ms(),
                );
                (Outcome::Quiz(EnvRef(Rc::new(env))), None)
            }
        },
        Err(e) => (invalid(requested_lang(&config), &e), Some(e)),
    };
    let props = RootProps {
        outcome: Rc::new(outcome),
        // The kiosk saves its settings as JSON text in its provisioning record. The walk above accepted only
        // what JSON can say, so the browser's text of the object is exact for any config that mounts.
        #[cfg(feature = "kiosk")]
        config_json: Rc::from(
            js_sys::JSON::stringify(&config)
                .ok()
                .and_then(|text| text.as_string())
                .unwrap_or_default()
                .as_str(),
        ),
    };
    let app = yew::Renderer::<Root>::with_root_and_props(container, props).render();
    if let Some(e) = error {
        emitter.error(e.code, &e.message);
    }
    Ok(QuizHandle { app })
}
