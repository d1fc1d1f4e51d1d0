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
