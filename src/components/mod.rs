//! The screens and their parts. Each is a plain view function: props in, `Html` out, reporting through
//! callbacks; the state machine (`crate::state`) and the app (`crate::app`) decide what happens.
//! Not Yew components: none needs hooks, and every component type costs about 2 KB of wasm in Yew's
//! generic lifecycle code. Screen roots and items carry `key`s, so switching screens or pages replaces
//! their DOM as separate components did.

//!
//! The first screens' parts (`consent`, `frame`, `lang_switch`, `page`, `item`, `progress`) also compile
//! natively, for their build-time render (feature `ssr`); the rest read the browser-side `crate::env::Env`
//! and are wasm32-only.

#[cfg(target_arch = "wasm32")]
pub mod chart;
pub mod consent;
#[cfg(target_arch = "wasm32")]
pub mod error_screen;
pub mod frame;
pub mod item;
pub mod lang_switch;
pub mod page;
pub mod progress;
#[cfg(target_arch = "wasm32")]
pub mod result;
#[cfg(target_arch = "wasm32")]
pub mod review;
