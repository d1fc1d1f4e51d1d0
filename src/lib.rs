//! psm-quiz web shell: the thin layer between the pure core (psm-core) and the browser.

#[cfg(target_arch = "wasm32")]
mod host_api;
