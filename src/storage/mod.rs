//! Browser storage used by the quiz. Every access tolerates a missing or throwing localStorage
//! (private mode, sandboxed frames, quota): the quiz then simply does not resume.

pub mod resume;

/// `localStorage`, when the page may use it.
pub fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
