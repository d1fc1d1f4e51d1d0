//! The first screen rendered at build time (feature `ssr`, never in a wasm build): the consent screen
//! inside the app's frame, by the same view functions the live app calls (`components::frame`,
//! `components::consent`), in the state a fresh run starts in. The `prerender` crate writes one file per
//! built-in instrument and language; psm-quiz.js shows it until the wasm takes over.

use crate::components::consent::{consent, ConsentProps};
use crate::components::frame::{frame, FrameProps};
use crate::i18n::Lang;
use crate::layout::items_per_page;
use crate::setup::Setup;
use crate::state::QuizState;
use psm_core::config::QuizConfig;
use std::rc::Rc;
use yew::prelude::*;
use yew::LocalServerRenderer;

/// The element-id prefix of a prerendered screen. Ids are scoped to the quiz's shadow root, which holds
/// one prerendered screen at most, so a fixed prefix stays unique; the live app's prefix is random.
pub const UID: &str = "psm-first";

#[derive(Properties)]
struct Props {
    setup: Rc<Setup>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.setup, &other.setup)
    }
}

/// What `app::initial_state` starts a fresh run with: the configured language, on the consent screen.
/// Order and layout do not show on that screen.
fn fresh_state(setup: &Setup) -> QuizState {
    let order = setup
        .instrument()
        .items
        .iter()
        .map(|i| i.id.clone())
        .collect();
    QuizState::new(
        order,
        setup.config.shuffle,
        Lang::from_code(&setup.config.lang),
        items_per_page(0.0),
    )
}

#[function_component(FirstScreen)]
fn first_screen(props: &Props) -> Html {
    let setup = &*props.setup;
    let state = fresh_state(setup);
    let screen = consent(&ConsentProps {
        setup,
        lang: state.lang,
        heading: NodeRef::default(),
        on_agree: Callback::noop(),
        on_decline: Callback::noop(),
    });
    frame(
        &FrameProps {
            setup,
            state: &state,
            root: NodeRef::default(),
            on_lang: Callback::noop(),
        },
        screen,
    )
}

/// The first screen for `config` as HTML (no hydration markers: the live app renders its own DOM and
/// takes over in one frame). Needs a local task set (tokio `LocalSet`), as Yew's local renderer does.
pub async fn render(config: QuizConfig) -> String {
    let setup = Rc::new(Setup::new(config, UID.to_string()));
    LocalServerRenderer::<FirstScreen>::with_props(Props { setup })
        .hydratable(false)
        .render()
        .await
}
