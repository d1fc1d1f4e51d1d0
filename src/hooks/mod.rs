//! The quiz's effects as named hooks, one job each, so `app()` reads as state, hooks and the screen
//! (Yew's `function_todomvc` style). Each takes what it needs from the quiz's state and environment.
//!
//! - [`use_items_per_page`]: items per page follow the container's width.
//! - [`use_heading_focus`], [`use_prompt_focus`]: where keyboard and screen-reader focus goes.
//! - [`use_page_timing`]: a shown page starts the interval of its first answer.
//! - [`use_progress_events`]: the host hears `psm-progress` on every answer change.
//! - [`use_resume_saver`]: the run in progress is kept in storage.
//! - [`use_submit`]: the one hand-off of a finished run.

mod focus;
mod layout;
mod progress;
mod resume;
mod submit;
mod timing;

pub use focus::{use_heading_focus, use_prompt_focus};
pub use layout::use_items_per_page;
pub use progress::use_progress_events;
pub use resume::use_resume_saver;
pub use submit::use_submit;
pub use timing::use_page_timing;
