//! The quiz application: owns the state machine, wires effects (layout, focus, timings, progress
//! events, resume storage) and picks the screen for the current phase.

use crate::bridge::{self, monotonic_ms, now_ms};
use crate::components::{
    consent::{consent, declined, ConsentProps, DeclinedProps},
    lang_switch::{lang_switch, LangSwitchProps},
    page::{item_dom_id, page, PageProps},
    result::{result_screen, ResultProps},
    review::{review, ReviewProps},
};
use crate::env::{Env, EnvRef};
use crate::i18n::{fill, Lang};
use crate::layout::items_per_page;
use crate::state::{Action, Phase, QuizState};
use psm_core::disclosure::{payload_input, Run};
use psm_core::payload::build;
use psm_core::shuffle::seeded_order;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, ResizeObserver};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AppProps {
    pub env: EnvRef,
}

/// A fresh run, or the stored one when it is valid for this instrument.
pub fn initial_state(env: &Env) -> QuizState {
    let ins = env.instrument();
    let shuffled = env.config.shuffle;
    let per_page = items_per_page(env.initial_width);
    let now = now_ms();
    let lang = Lang::from_code(&env.config.lang);
    if let Some(saved) = env.resume.as_ref().and_then(|r| r.load(ins, shuffled, now)) {
        let order = saved
            .order
            .unwrap_or_else(|| ins.items.iter().map(|i| i.id.clone()).collect());
        let saved_lang = Lang::from_code(&saved.lang);
        let lang = if env.langs.contains(&saved_lang) {
            saved_lang
        } else {
            lang
        };
        // The run goes on in the language its answers were given in, whatever the host now asks for.
        let mut state = QuizState::new(order, shuffled, lang, per_page);
        state.agreed_on = Some(saved.agreed_on);
        state.answers = saved.answers;
        state.seconds = saved.seconds;
        state.page_start = (saved.page_start / per_page) * per_page;
        state.phase = Phase::Items;
        state.resumed = true;
        return state;
    }
    let order = if shuffled {
        let seed = env.config.shuffle_seed.unwrap_or_else(bridge::random_u64);
        seeded_order(ins, seed)
    } else {
        ins.items.iter().map(|i| i.id.clone()).collect()
    };
    QuizState::new(order, shuffled, lang, per_page)
}

fn focus(el: Option<Element>) {
    if let Some(el) = el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let env = props.env.clone();
    let state = {
        let env = env.clone();
        use_reducer(move || initial_state(&env))
    };
    let root = use_node_ref();
    let heading = use_node_ref();
    let completed = use_mut_ref(|| false);

    // Items per page follow the container's width.
    {
        let root = root.clone();
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let observer = root.cast::<Element>().and_then(|el| {
                let target = el.clone();
                let resized = Closure::<dyn FnMut()>::new(move || {
                    let width = f64::from(target.client_width());
                    if width > 0.0 {
                        dispatcher.dispatch(Action::SetPerPage(items_per_page(width)));
                    }
                });
                let observer = ResizeObserver::new(resized.as_ref().unchecked_ref()).ok()?;
                observer.observe(&el);
                Some((observer, resized))
            });
            move || {
                if let Some((observer, _resized)) = observer {
                    observer.disconnect();
                }
            }
        });
    }

    // Every page or phase change moves focus to the new heading (not on first mount: the host
    // page keeps its focus until the candidate acts).
    {
        let heading = heading.clone();
        use_effect_with(state.view_rev, move |&rev| {
            if rev > 0 {
                focus(heading.cast::<Element>());
            }
        });
    }

    // A prompt moves focus to the first unanswered statement.
    {
        let root = root.clone();
        let state = state.clone();
        let env = env.clone();
        use_effect_with(state.prompt_rev, move |&rev| {
            if rev == 0 {
                return;
            }
            let Some(root) = root.cast::<Element>() else {
                return;
            };
            let selector = match state.phase {
                Phase::Items => state
                    .page_missing()
                    .first()
                    .map(|id| format!("#{} input", item_dom_id(&env, id))),
                Phase::Review => Some(".psm-missing button".to_string()),
                _ => None,
            };
            if let Some(selector) = selector {
                focus(root.query_selector(&selector).ok().flatten());
            }
        });
    }

    // Timings: a new page (every page change bumps view_rev; a resize does not) starts the
    // interval of its first answer. Monotonic clock: a wall-clock adjustment must not make time.
    {
        let dispatcher = state.dispatcher();
        let on_items = state.phase == Phase::Items;
        use_effect_with((on_items, state.view_rev), move |(on, _)| {
            if *on {
                dispatcher.dispatch(Action::Shown {
                    now: monotonic_ms(),
                });
            }
        });
    }

    // The host hears about every answer change.
    {
        let env = env.clone();
        let state = state.clone();
        use_effect_with(state.answer_rev, move |&rev| {
            if rev > 0 {
                env.emitter.progress(state.answered(), state.total());
            }
        });
    }

    // Keep the run in storage while it is in progress.
    {
        let env = env.clone();
        let state = state.clone();
        let deps = (
            state.answer_rev,
            state.page_start,
            state.lang,
            state.view_rev,
        );
        use_effect_with(deps, move |_| {
            if let Some(resume) = &env.resume {
                resume.save(&state, now_ms());
            }
        });
    }

    let dispatch = |action: Action| {
        let state = state.clone();
        Callback::from(move |_: ()| state.dispatch(action.clone()))
    };
    let on_agree = {
        let state = state.clone();
        Callback::from(move |_: ()| {
            state.dispatch(Action::Agree {
                on: bridge::local_date(),
            })
        })
    };
    let on_decline = dispatch(Action::Decline);
    let on_back_to_consent = dispatch(Action::BackToConsent);
    let on_next = dispatch(Action::Next);
    let on_back = dispatch(Action::Back);
    let on_answer = {
        let state = state.clone();
        Callback::from(move |(id, value): (String, u8)| {
            state.dispatch(Action::Answer {
                id,
                value,
                now: monotonic_ms(),
            })
        })
    };
    let on_lang = {
        let state = state.clone();
        Callback::from(move |lang| state.dispatch(Action::SetLang(lang)))
    };
    let on_go_to = {
        let state = state.clone();
        Callback::from(move |index| state.dispatch(Action::GoToItem(index)))
    };
    let on_submit = {
        let state = state.clone();
        let env = env.clone();
        let completed = completed.clone();
        Callback::from(move |_: ()| {
            if !state.missing().is_empty() {
                state.dispatch(Action::ReviewBlocked);
                return;
            }
            // Exactly one hand-off per run, even when a double tap lands before the re-render.
            if *completed.borrow() {
                return;
            }
            let today = bridge::local_date();
            // The consent screen listed what this builds (psm_core::disclosure, same config).
            let input = payload_input(
                &env.config,
                Run {
                    lang: env.content_lang(state.lang),
                    answers: &state.answers,
                    order: &state.order,
                    seconds: &state.seconds,
                    completed_on: today.clone(),
                    submission_id: bridge::submission_id(),
                    agreed_on: state.agreed_on.clone().unwrap_or(today),
                },
            );
            match build(input) {
                Ok(payload) => {
                    *completed.borrow_mut() = true;
                    env.handoff.hand_off(&payload);
                    if let Some(resume) = &env.resume {
                        resume.clear();
                    }
                    state.dispatch(Action::Complete(Rc::new(payload)));
                }
                Err(e) => env.emitter.error(e.code, &e.message),
            }
        })
    };

    let lang = state.lang;
    let t = lang.t();
    let status = if state.phase == Phase::Items {
        fill(
            t.page_status,
            &[
                ("page", &(state.page() + 1).to_string()),
                ("pages", &state.pages().to_string()),
                ("n", &state.answered().to_string()),
                ("total", &state.total().to_string()),
            ],
        )
    } else {
        String::new()
    };
    let shared: Rc<QuizState> = Rc::new((*state).clone());
    let screen = match &state.phase {
        Phase::Consent => html! {
            { consent(&ConsentProps { env: env.clone(), lang, heading: heading.clone(), on_agree, on_decline }) }
        },
        Phase::Declined => html! {
            { declined(&DeclinedProps { lang, heading: heading.clone(), on_back: on_back_to_consent }) }
        },
        Phase::Items => html! {
            { page(&PageProps { env: env.clone(), state: shared, heading: heading.clone(), on_answer, on_next, on_back }) }
        },
        Phase::Review => html! {
            { review(&ReviewProps { env: env.clone(), state: shared, heading: heading.clone(), on_go_to, on_back, on_submit }) }
        },
        Phase::Result(payload) => html! {
            { result_screen(&ResultProps { env: env.clone(), lang, payload: payload.clone(), heading: heading.clone() }) }
        },
    };
    html! {
        <div class="psm-quiz" lang={lang.code()} ref={root}>
            <header class="psm-header">
                <h1 class="psm-title">{ env.text(&env.instrument().title, lang) }</h1>
                if state.lang_open() {
                    { lang_switch(&LangSwitchProps { current: lang, langs: env.langs.clone(), on_change: on_lang }) }
                }
            </header>
            <p class="psm-sr" aria-live="polite" aria-atomic="true">{ status }</p>
            { screen }
        </div>
    }
}
