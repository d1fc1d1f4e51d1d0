//! wasm-bindgen exports used by www/report.js.

use psm_stats::issue::codes;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    // json_compatible: None -> null and maps -> plain objects, as the page and the JSON download expect.
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// One report being built: `add_file` for each file, then `finish`.
#[wasm_bindgen]
pub struct Analysis {
    inner: psm_stats::Analysis,
}

#[wasm_bindgen]
impl Analysis {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Analysis {
        Analysis {
            inner: psm_stats::Analysis::new(),
        }
    }

    /// Reads one file's bytes (copied into wasm memory for the call, freed after).
    pub fn add_file(&mut self, name: &str, bytes: &[u8]) {
        self.inner.add_file(name, bytes);
    }

    /// A file the page refused to read: `too_large` (over `max_file_bytes`) or `unreadable`.
    pub fn add_refused(&mut self, name: &str, bytes: f64, too_large: bool, detail: &str) {
        let code = if too_large {
            codes::TOO_LARGE
        } else {
            codes::UNREADABLE
        };
        self.inner
            .add_unreadable(name, bytes as usize, code, detail);
    }

    /// The report as a plain object (schema `psm-report/1`).
    pub fn finish(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.finish())
    }
}

impl Default for Analysis {
    fn default() -> Self {
        Self::new()
    }
}

/// Largest file the page should hand over.
#[wasm_bindgen]
pub fn max_file_bytes() -> f64 {
    psm_stats::read::MAX_FILE_BYTES as f64
}

/// The built-in instruments the report knows (id, version, sha256, keying), for the page and tests.
#[wasm_bindgen]
pub fn known_instruments() -> Result<JsValue, JsError> {
    to_js(&psm_stats::keying::builtins())
}
