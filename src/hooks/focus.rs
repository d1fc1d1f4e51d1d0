use crate::components::page::item_dom_id;
use crate::env::EnvRef;
use crate::state::{Phase, QuizState};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

fn focus(el: Option<Element>) {
    if let Some(el) = el.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Every page or phase change moves focus to the new heading (not on first mount: the host page keeps its
/// focus until the candidate acts). `on_screen_before`: the first view was already on screen before the wasm
/// (the prerendered first page of statements, `crate::first_screen`); psm-quiz.js keeps focus where the
/// candidate had it there, so the first render moves nothing.
#[hook]
pub fn use_heading_focus(heading: NodeRef, view_rev: u32, on_screen_before: bool) {
    let first = use_mut_ref(|| true);
    use_effect_with(view_rev, move |&rev| {
        let first_view = first.replace(false);
        if rev > 0 && !(first_view && on_screen_before) {
            focus(heading.cast::<Element>());
        }
    });
}

/// A prompt (next or submit with statements unanswered) moves focus to the first unanswered statement.
#[hook]
pub fn use_prompt_focus(root: NodeRef, state: UseReducerHandle<QuizState>, env: EnvRef) {
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
