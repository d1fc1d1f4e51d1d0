//! The quiz application: owns the state machine, wires its effects (named hooks in `crate::hooks`: layout,
//! focus, timings, progress events, resume storage, the hand-off) and picks the screen for the phase.

use crate::bridge::{self, monotonic_ms, now_ms};
use crate::components::{
    consent::{consent, declined, ConsentProps, DeclinedProps},
    frame::{frame, FrameProps},
    page::{page, PageProps},
    result::{result_screen, ResultProps},
    review::{review, ReviewProps},
};
use crate::env::{Env, EnvRef};
use crate::hooks::{
    use_heading_focus, use_items_per_page, use_page_timing, use_progress_events, use_prompt_focus,
    use_resume_saver, use_submit,
};
use crate::i18n::Lang;
use crate::layout::items_per_page;
use crate::state::{Action, Phase, QuizState};
use psm_core::shuffle::seeded_order;
use std::rc::Rc;
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
    // After an agree on the prerendered first screen, shown only where no run was saved, a saved run without
    // times is the copy psm-quiz.js kept of that screen's answers: the choice handed over, with their times,
    // replaces it, and the saver below writes the live run over it. One with times was written by a live app
    // since this page loaded (another tab that resumed that copy and went on): the newest run goes on, as a
    // reload here would show, instead of being overwritten by this tab's older answers.
    let early = env.first_choice.press == Some(crate::first_screen::Press::Agree);
    let saved = env
        .resume
        .as_ref()
        .and_then(|r| r.load(ins, shuffled, now))
        .filter(|s| !early || !s.seconds.is_empty());
    if let Some(saved) = saved {
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
    let mut state = QuizState::new(order, shuffled, lang, per_page);
    // A choice made on the prerendered first screen before the wasm arrived: the run starts there.
    env.first_choice.apply(&mut state, |at| {
        at.map_or_else(bridge::local_date, bridge::local_date_at)
    });
    state
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
    use_items_per_page(root.clone(), state.clone());
    use_heading_focus(
        heading.clone(),
        state.view_rev,
        env.first_choice.page_on_screen(),
    );
    use_prompt_focus(root.clone(), state.clone(), env.clone());
    use_page_timing(state.clone());
    use_progress_events(env.clone(), state.clone());
    use_resume_saver(env.clone(), state.clone());
    let on_submit = use_submit(env.clone(), state.clone());

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
    let lang = state.lang;
    let shared: Rc<QuizState> = Rc::new((*state).clone());
    let screen = match &state.phase {
        Phase::Consent => html! {
            { consent(&ConsentProps { setup: &env, lang, heading: heading.clone(), on_agree, on_decline }) }
        },
        Phase::Declined => html! {
            { declined(&DeclinedProps { lang, heading: heading.clone(), on_back: on_back_to_consent }) }
        },
        Phase::Items => html! {
            { page(&PageProps { setup: &env, state: &state, heading: heading.clone(), on_answer, on_next, on_back }) }
        },
        Phase::Review => html! {
            { review(&ReviewProps { env: env.clone(), state: shared, heading: heading.clone(), on_go_to, on_back, on_submit }) }
        },
        Phase::Result(payload) => html! {
            { result_screen(&ResultProps { env: env.clone(), lang, payload: payload.clone(), heading: heading.clone() }) }
        },
    };
    frame(
        &FrameProps {
            setup: &env,
            state: &state,
            root,
            on_lang,
        },
        screen,
    )
}
