use crate::bridge;
use crate::env::EnvRef;
use crate::state::{Action, QuizState};
use psm_core::disclosure::{payload_input, Run};
use psm_core::payload::build;
use std::rc::Rc;
use yew::prelude::*;

/// The submit button's callback: with statements unanswered it prompts (the review screen); otherwise it
/// builds the result and hands it off exactly once per run, even when a double tap lands before the
/// re-render, then forgets the saved run and shows the result.
#[hook]
pub fn use_submit(env: EnvRef, state: UseReducerHandle<QuizState>) -> Callback<()> {
    let completed = use_mut_ref(|| false);
    Callback::from(move |_: ()| {
        if !state.missing().is_empty() {
            state.dispatch(Action::ReviewBlocked);
            return;
        }
        if *completed.borrow() {
            return;
        }
        let today = bridge::local_date();
        // The consent screen listed what this builds (psm_core::disclosure, same config).
        let mut input = payload_input(
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
        input.instrument_sha256 = Some(&env.sha256); // hashed once, at mount (env.rs)
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
}
