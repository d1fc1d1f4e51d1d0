//! The app's layout around every screen: the quiz's root (its language), the title and the language
//! switch while the language is open, and the polite status line read on page changes. Shared by the
//! live app (`crate::app`) and the build-time render of the first screen (`crate::prerender`), so the
//! prerendered first screen is the live one.

use crate::components::lang_switch::{lang_switch, LangSwitchProps};
use crate::i18n::fill;
use crate::setup::Setup;
use crate::state::{Phase, QuizState};
use yew::prelude::*;

pub struct FrameProps<'a> {
    pub setup: &'a Setup,
    pub state: &'a QuizState,
    /// The quiz's root element (its width sets the items per page).
    pub root: NodeRef,
    pub on_lang: Callback<crate::i18n::Lang>,
}

/// The polite status line: on a page of statements, where the candidate is and how many are answered. Also
/// carried, for each count, with the prerendered first page (`crate::prerender`).
pub fn status_text(state: &QuizState) -> String {
    if state.phase != Phase::Items {
        return String::new();
    }
    fill(
        state.lang.t().page_status,
        &[
            ("page", &(state.page() + 1).to_string()),
            ("pages", &state.pages().to_string()),
            ("n", &state.answered().to_string()),
            ("total", &state.total().to_string()),
        ],
    )
}

pub fn frame(props: &FrameProps, screen: Html) -> Html {
    let state = props.state;
    let lang = state.lang;
    let status = status_text(state);
    let setup = props.setup;
    html! {
        <div class="psm-quiz" lang={lang.code()} ref={props.root.clone()}>
            <header class="psm-header">
                <h1 class="psm-title">{ setup.text(&setup.instrument().title, lang) }</h1>
                if state.lang_open() {
                    { lang_switch(&LangSwitchProps { current: lang, langs: setup.langs.clone(), on_change: props.on_lang.clone() }) }
                }
            </header>
            <p class="psm-sr" aria-live="polite" aria-atomic="true">{ status }</p>
            { screen }
        </div>
    }
}
