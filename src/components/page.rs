//! One page of statements with progress, the required-answer prompt and Back / Next.

use super::item::{item, ItemProps};
use super::progress::{progress, ProgressProps};
use crate::i18n::fill;
use crate::setup::Setup;
use crate::state::QuizState;
use std::rc::Rc;
use yew::prelude::*;

/// Shared by the live app and the build-time render of the first page of statements (`crate::prerender`),
/// so the page shown before the wasm arrives is the live one.
pub struct PageProps<'a> {
    pub setup: &'a Setup,
    pub state: &'a QuizState,
    pub heading: NodeRef,
    pub on_answer: Callback<(String, u8)>,
    pub on_next: Callback<()>,
    pub on_back: Callback<()>,
}

/// Element id of an item's fieldset; the app uses it to move focus to a missing answer.
pub fn item_dom_id(setup: &Setup, item_id: &str) -> String {
    setup.id(&format!("item-{item_id}"))
}

pub fn page(props: &PageProps) -> Html {
    let env = props.setup;
    let state = props.state;
    let lang = state.lang;
    let t = lang.t();
    let range = state.page_range();
    let total = state.total();
    let heading = fill(
        t.page_heading,
        &[
            ("from", &(range.start + 1).to_string()),
            ("to", &range.end.to_string()),
            ("total", &total.to_string()),
        ],
    );
    let labels = Rc::new(env.labels(lang).to_vec());
    let missing = state.page_missing();
    let instrument = env.instrument();
    let items = range.clone().map(|index| {
        let id = &state.order[index];
        let text = instrument
            .items
            .iter()
            .find(|i| &i.id == id)
            .map(|i| env.text(&i.text, lang).to_string())
            .unwrap_or_default();
        item(&ItemProps {
            dom_id: item_dom_id(env, id).into(),
            item_id: id.clone().into(),
            number: index + 1,
            text: text.into(),
            labels: labels.clone(),
            value: state.answers.get(id).copied(),
            missing: state.prompt && missing.contains(&id.as_str()),
            missing_text: t.item_unanswered.into(),
            on_answer: props.on_answer.clone(),
        })
    });
    let last = state.is_last_page();
    html! {
        <section key="page" class="psm-card psm-page">
            <h2 class="psm-heading" tabindex="-1" ref={props.heading.clone()}>{ heading }</h2>
            { progress(&ProgressProps { lang, answered: state.answered(), total }) }
            // Only with an answer to restore: a run resumed right after its agree has none, and the note would say
            // otherwise.
            if state.resumed && state.answered() > 0 { <p class="psm-note">{ t.resumed }</p> }
            <p class="psm-instructions">{ env.text(&instrument.instructions, lang) }</p>
            if state.prompt && !missing.is_empty() {
                <p class="psm-alert" role="alert">
                    { fill(t.required_prompt, &[("n", &missing.len().to_string())]) }
                </p>
            }
            <div class="psm-items">{ for items }</div>
            <p class="psm-hint">{ fill(t.keys_hint, &[("max", &labels.len().to_string())]) }</p>
            <div class="psm-nav">
                if state.page_start > 0 {
                    <button type="button" class="psm-button psm-secondary"
                        onclick={props.on_back.reform(|_| ())}>{ t.back }</button>
                }
                <button type="button" class="psm-button psm-primary"
                    onclick={props.on_next.reform(|_| ())}>
                    { if last { t.to_review } else { t.next } }
                </button>
            </div>
        </section>
    }
}
