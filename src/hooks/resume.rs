use crate::bridge::now_ms;
use crate::env::EnvRef;
use crate::state::QuizState;
use yew::prelude::*;

/// Keeps the run in storage while it is in progress: on every answer, page, language or screen change
/// (`storage::resume` decides what is kept and for how long).
#[hook]
pub fn use_resume_saver(env: EnvRef, state: UseReducerHandle<QuizState>) {
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
