//! psm-core: the pure core of psm-quiz. No web dependency: compiled and tested natively.
//!
//! - [`model`]: the instrument as data; [`instrument`]: parsing + validation with stable error codes.
//! - [`builtin`]: instruments embedded at build time from `instruments/*.json`.
//! - [`canonical`]: canonical serialisation and SHA-256 that identify an instrument version.
//! - [`scoring`]: reverse keying, dimension means, overall score.
//! - [`quality`]: response-quality flags (identical-answer runs, seconds per item).
//! - [`payload`]: the `psm-result/1` result payload, including the HMAC candidate reference.
//! - [`config`]: the host configuration, validated field by field.

pub mod error;
pub mod model;

pub use error::{codes, PsmError};
pub use model::*;
