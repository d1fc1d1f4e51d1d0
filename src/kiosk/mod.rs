//! Kiosk mode (`mode: "kiosk"`): one candidate after another on a shared device, offline.
//!
//! The [`Kiosk`] component wraps the quiz: every candidate gets a fresh quiz (a new `Env`, a new
//! component tree), so a reset leaves nothing of the previous one on screen or in memory; in-progress
//! answers are never stored (no resume), and the only thing kept is the anonymous result in the outbox.
//! After the result: "Peserta berikutnya" and an automatic reset; an abandoned quiz returns to the start
//! after `kiosk.idle_seconds` without input, with a visible countdown any touch cancels. Staff reach the
//! operator panel with five taps on a small target and the PIN. The PIN and the kiosk's settings are set
//! on the device by staff (`gate`, `setup`, `device`: [`provision`]), never taken from an address.
//!
//! The UI (view, operator panel, downloads) is compiled only with the `kiosk` feature: the embed build
//! leaves it out and answers `mode: "kiosk"` with `builds::kiosk_required`. The pure parts ([`shell`]: the kiosk's
//! state machine and countdowns; [`pin_gate`]: PIN lockout; [`provision`]: the PIN and settings kept on the
//! device; [`export`]: the operator's files; `text`) compile natively too, so native tests cover them.

// Pure rules: compiled natively (for their tests) and in the kiosk build.
#[cfg(any(feature = "kiosk", not(target_arch = "wasm32")))]
pub mod export;
#[cfg(any(feature = "kiosk", not(target_arch = "wasm32")))]
pub mod pin_gate;
#[cfg(any(feature = "kiosk", not(target_arch = "wasm32")))]
pub mod provision;
#[cfg(any(feature = "kiosk", not(target_arch = "wasm32")))]
pub mod shell;
pub mod text;

#[cfg(all(target_arch = "wasm32", feature = "kiosk"))]
mod device;
#[cfg(all(target_arch = "wasm32", feature = "kiosk"))]
mod download;
#[cfg(all(target_arch = "wasm32", feature = "kiosk"))]
pub mod gate;
#[cfg(all(target_arch = "wasm32", feature = "kiosk"))]
mod notices;
#[cfg(all(target_arch = "wasm32", feature = "kiosk"))]
mod operator;
#[cfg(all(target_arch = "wasm32", feature = "kiosk"))]
mod pin;
#[cfg(all(target_arch = "wasm32", feature = "kiosk"))]
mod room;
#[cfg(all(target_arch = "wasm32", feature = "kiosk"))]
mod setup;
#[cfg(all(target_arch = "wasm32", feature = "kiosk"))]
mod setup_text;
#[cfg(all(target_arch = "wasm32", feature = "kiosk"))]
mod view;
