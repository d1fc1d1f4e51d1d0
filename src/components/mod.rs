//! The screens and their parts. Components render from props and report through callbacks; the
//! state machine (`crate::state`) and the app (`crate::app`) decide what happens.

pub mod chart;
pub mod consent;
pub mod error_screen;
pub mod item;
pub mod lang_switch;
pub mod page;
pub mod progress;
pub mod result;
pub mod review;
