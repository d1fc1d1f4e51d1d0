use crate::env::EnvRef;
use crate::state::QuizState;
use yew::prelude::*;

/// The host hears `psm-progress` (answered, total) on every answer change, not on mount.
#[hook]
pub fn use_progress_events(env: EnvRef, state: UseReducerHandle<QuizState>) {
    use_effect_with(state.answer_rev, move |&rev| {
        if rev > 0 {
            env.emitter.progress(state.answered(), state.total());
        }
    });
}
