//! The review step: how many statements are answered, the unanswered ones as buttons that lead
//! back to them, and the final submit.

use crate::env::EnvRef;
use crate::i18n::fill;
use crate::state::QuizState;
use std::rc::Rc;
use yew::prelude::*;

pub struct ReviewProps {
    pub env: EnvRef,
    pub state: Rc<QuizState>,
    pub heading: NodeRef,
    pub on_go_to: Callback<usize>,
    pub on_back: Callback<()>,
    pub on_submit: Callback<()>,
}

pub fn review(props: &ReviewProps) -> Html {
    let env = &props.env;
    let state = &props.state;
    let lang = state.lang;
    let t = lang.t();
    let missing = state.missing();
    let total = state.total().to_string();
    let list = missing.iter().map(|&index| {
        let id = &state.order[index];
        let text = env
            .instrument()
            .items
            .iter()
            .find(|i| &i.id == id)
            .map(|i| env.text(&i.text, lang).to_string())
            .unwrap_or_default();
        let go = props.on_go_to.reform(move |_| index);
        html! {
            <li>
                <button type="button" class="psm-link" onclick={go}>
                    <span class="psm-item-no">{ fill(t.review_item, &[("n", &(index + 1).to_string())]) }{ ": " }</span>
                    { text }
                </button>
            </li>
        }
    });
    html! {
        <section key="review" class="psm-card psm-review">
            <h2 class="psm-heading" tabindex="-1" ref={props.heading.clone()}>{ t.review_heading }</h2>
            if missing.is_empty() {
                <p>{ fill(t.review_all_answered, &[("total", &total)]) }</p>
            } else {
                if state.prompt { <p class="psm-alert" role="alert">{ t.review_blocked }</p> }
                <p>{ fill(t.review_missing, &[("n", &missing.len().to_string())]) }</p>
                <ul class="psm-missing">{ for list }</ul>
            }
            <div class="psm-nav">
                <button type="button" class="psm-button psm-secondary"
                    onclick={props.on_back.reform(|_| ())}>{ t.review_back }</button>
                <button type="button" class="psm-button psm-primary"
                    onclick={props.on_submit.reform(|_| ())}>{ t.review_submit }</button>
            </div>
        </section>
    }
}
