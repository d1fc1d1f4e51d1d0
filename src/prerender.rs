//! The first screens rendered at build time (feature `ssr`, never in a wasm build), by the same view
//! functions the live app calls (`components::frame`, `components::consent`, `components::page`): the consent
//! screen in the state a fresh run starts in and, after an agree, the first page of statements as a phone
//! lays it out. The `prerender` crate writes one file per built-in instrument and language; psm-quiz.js shows
//! them until the wasm takes over.

use crate::components::consent::{consent, ConsentProps};
use crate::components::frame::{frame, status_text, FrameProps};
use crate::components::page::{page, PageProps};
use crate::components::progress::progress_text;
use crate::i18n::Lang;
use crate::layout::items_per_page;
use crate::setup::Setup;
use crate::state::{Action, QuizState};
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
    /// The first page of statements (after an agree), not the consent screen.
    page: bool,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.setup, &other.setup) && self.page == other.page
    }
}

/// What `app::initial_state` starts a fresh run with: the configured language, on the consent screen, the
/// items in the instrument's order (only configs that do not shuffle get a prerendered screen), laid out for
/// a phone (psm-quiz.js shows the first page of statements only in a box narrower than
/// `layout::NARROW_MAX`, where the live app lays out the same page).
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

/// The run right after an agree, on the first page of statements.
fn agreed_state(setup: &Setup) -> QuizState {
    let mut state = fresh_state(setup);
    state.apply(Action::Agree { on: String::new() });
    state
}

#[function_component(FirstScreen)]
fn first_screen(props: &Props) -> Html {
    let setup = &*props.setup;
    let state = if props.page {
        agreed_state(setup)
    } else {
        fresh_state(setup)
    };
    let screen = if props.page {
        page(&PageProps {
            setup,
            state: &state,
            heading: NodeRef::default(),
            on_answer: Callback::noop(),
            on_next: Callback::noop(),
            on_back: Callback::noop(),
        })
    } else {
        consent(&ConsentProps {
            setup,
            lang: state.lang,
            heading: NodeRef::default(),
            on_agree: Callback::noop(),
            on_decline: Callback::noop(),
        })
    };
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

async fn render_screen(setup: Rc<Setup>, page: bool) -> String {
    LocalServerRenderer::<FirstScreen>::with_props(Props { setup, page })
        .hydratable(false)
        .render()
        .await
}

/// The first page of statements as psm-quiz.js carries it: its HTML with none answered and, for each count
/// of its statements answered (0 to all), the progress line and the polite status line the live app shows
/// then, so the page tells the truth while the candidate answers before the wasm arrives.
pub struct FirstPage {
    pub html: String,
    pub counts: Vec<[String; 2]>,
}

/// The consent screen for `config` as HTML (no hydration markers: the live app renders its own DOM and
/// takes over in one frame). Needs a local task set (tokio `LocalSet`), as Yew's local renderer does.
pub async fn render(config: QuizConfig) -> String {
    let setup = Rc::new(Setup::new(config, UID.to_string()));
    render_screen(setup, false).await
}

/// The first page of statements for `config`, as a phone lays it out after an agree.
pub async fn render_page(config: QuizConfig) -> FirstPage {
    let setup = Rc::new(Setup::new(config, UID.to_string()));
    let mut state = agreed_state(&setup);
    let mut counts = Vec::new();
    for id in state
        .page_items()
        .to_vec()
        .into_iter()
        .map(Some)
        .chain([None])
    {
        counts.push([
            progress_text(state.lang, state.answered(), state.total()),
            status_text(&state),
        ]);
        if let Some(id) = id {
            state.apply(Action::Answer {
                id,
                value: 1,
                now: 0.0,
            });
        }
    }
    FirstPage {
        html: render_screen(setup, true).await,
        counts,
    }
}

/// Where the live app keeps a fresh run of `config` in progress (`storage::resume`), and what makes a kept
/// run its own: the instrument's hash and the terms agreed to. psm-quiz.js keeps the answers given on the
/// carried first page there, in the live app's layout (the field names of `storage::resume::Saved`, which
/// reads them back), so a reload before the wasm arrives loses none, as the consent screen says.
pub struct Kept {
    pub key: String,
    pub version: u8,
    pub sha256: String,
    pub terms: String,
}

pub fn kept(config: &QuizConfig) -> Kept {
    use crate::storage::session::{owner, resume_key, RESUME_VERSION};
    let sha256 = psm_core::canonical::instrument_sha256(&config.instrument);
    Kept {
        key: resume_key(&sha256, &owner(config)),
        version: RESUME_VERSION,
        sha256,
        terms: psm_core::disclosure::terms(config),
    }
}
