//! Small exports the JS entry needs besides mounting; the rules themselves live in psm-core.

use wasm_bindgen::prelude::*;

/// The normalised exact origin, or an error naming `parent_origin`. iframe.js posts only to what this returns.
#[wasm_bindgen]
pub fn exact_origin(value: &str) -> Result<String, JsError> {
    psm_core::origin::parse_exact_origin(value).map_err(|e| JsError::new(&e.message))
}
