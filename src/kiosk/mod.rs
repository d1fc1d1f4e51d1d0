//! Kiosk mode (`mode: "kiosk"`): one candidate after another on a shared device, offline.
//!
//! The [`Kiosk`] component wraps the quiz: every candidate gets a fresh quiz (a new `Env`, a new
//! component tree), so a reset leaves nothing of the previous one on screen or in memory; in-progress
//! answers are never stored (no resume), and the only thing kept is the anonymous result in the outbox.
//! After the result: "Peserta berikutnya" and an automatic reset; an abandoned quiz returns to the start
//! after `kiosk.idle_seconds` without input, with a visible countdown any touch cancels. Staff reach the
//! operator panel with five taps on a small target and the PIN.

pub mod shell;
pub mod text;

#[cfg(target_arch = "wasm32")]
mod download;
#[cfg(target_arch = "wasm32")]
mod operator;
#[cfg(target_arch = "wasm32")]
mod view;

#[cfg(target_arch = "wasm32")]
pub use view::Kiosk;
