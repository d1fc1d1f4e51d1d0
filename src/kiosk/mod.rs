//! Kiosk mode (`mode: "kiosk"`): one candidate after another on a shared device, offline.
//!
//! The [`Kiosk`] component wraps the quiz: every candidate gets a fresh quiz (a new `Env`, a new
//! component tree), so a reset leaves nothing of the previous one on screen or in memory; in-progress
//! answers are never stored (no resume), and the only thing kept is the anonymous result in the outbox.
//! After the result: "Peserta berikutnya" and an automatic reset; an abandoned quiz returns to the start
//! after `kiosk.idle_seconds` without input, with a visible countdown any touch cancels. Staff reach the
//! operator panel with five taps on a small target and the PIN. The PIN and the kiosk's settings are set
//! on the device by staff (`gate`, `setup`, `device`: psm_core::provision), never taken from an address.
//!
//! The UI (view, operator panel, downloads) is compiled only with the `kiosk` feature: the embed build
//! leaves it out and answers `mode: "kiosk"` with [`BUILD_REQUIRED`]. The pure parts (`shell`, `text`)
//! compile everywhere, so native tests cover them whatever the features.

use psm_core::PsmError;

#[cfg(any(feature = "kiosk", not(target_arch = "wasm32")))]
pub mod provision;
#[cfg(any(feature = "delivery", not(target_arch = "wasm32")))]
pub mod rules;
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

/// Stable error code: a config asked for `mode: "kiosk"` from a build without the kiosk (the embed wasm).
pub const BUILD_REQUIRED: &str = psm_core::codes::KIOSK_BUILD_REQUIRED;

/// The error the embed build answers `mode: "kiosk"` with: error screen and `psm-error`, never a quiz.
pub fn build_required() -> PsmError {
    PsmError::new(
        BUILD_REQUIRED,
        "mode",
        "\"kiosk\" needs the kiosk build (psm-quiz-kiosk.js, which psm-quiz.js loads for mode \"kiosk\"); \
         this page loaded the embed build (psm-quiz-web.js)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_required_names_the_field_and_the_build_to_load() {
        let e = build_required();
        assert_eq!(e.code, "kiosk_build_required");
        assert_eq!(e.field, "mode");
        assert!(
            e.message
                .starts_with("mode: \"kiosk\" needs the kiosk build"),
            "{}",
            e.message
        );
        assert!(e.message.contains("psm-quiz-kiosk.js"));
        assert!(
            !e.message.contains("  "),
            "no gap left by the line continuation"
        );
    }
}
