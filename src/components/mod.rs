//! The screens and their parts. Each is a plain view function: props in, `Html` out, reporting through
//! callbacks; the state machine (`crate::state`) and the app (`crate::app`) decide what happens.
//! Not Yew components: none needs hooks, and every component type costs about 2 KB of wasm in Yew's
//! generic lifecycle code. Screen roots and items carry `key`s, so switching screens or pages replaces
//! their DOM as separate components did.

pub mod chart;
pub mod consent;
pub mod error_screen;
pub mod item;
pub mod lang_switch;
pub mod page;
pub mod progress;
pub mod result;
pub mod review;
