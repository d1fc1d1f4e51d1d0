//! Browser storage used by the quiz. Every access tolerates a missing or throwing localStorage
//! (private mode, sandboxed frames, quota): the quiz then simply does not resume.

#[cfg(target_arch = "wasm32")]
pub mod resume;
pub mod session;

/// `localStorage`, when the page may use it.
#[cfg(target_arch = "wasm32")]
pub fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Whether localStorage takes a write now: blocked (a sandboxed or third-party frame) or with no quota
/// (private browsing in some browsers), nothing can be kept, and the consent screen must not say otherwise
/// (neither of unfinished answers nor of a finished result). The probe is an empty value, removed at once,
/// asked once per mount (`crate::env::Env::new`). psm-quiz.js makes the same probe before it shows a
/// prerendered first screen, which says unfinished answers are kept.
#[cfg(target_arch = "wasm32")]
pub fn writable() -> bool {
    const PROBE: &str = "psm-probe";
    local().is_some_and(|s| {
        let ok = s.set_item(PROBE, "").is_ok();
        let _ = s.remove_item(PROBE);
        ok
    })
}

/// Natively (the build-time render, the tests) the screens are written for a device that stores.
#[cfg(not(target_arch = "wasm32"))]
pub fn writable() -> bool {
    true
}
