use crate::bridge::monotonic_ms;
use crate::state::{Action, Phase, QuizState};
use yew::prelude::*;

/// Timings: a new page (every page change bumps `view_rev`; a resize does not) starts the interval of its
/// first answer. Monotonic clock: a wall-clock adjustment must not make time.
#[hook]
pub fn use_page_timing(state: UseReducerHandle<QuizState>) {
    let dispatcher = state.dispatcher();
    let on_items = state.phase == Phase::Items;
    use_effect_with((on_items, state.view_rev), move |(on, _)| {
        if *on {
            dispatcher.dispatch(Action::Shown {
                now: monotonic_ms(),
            });
        }
    });
}
