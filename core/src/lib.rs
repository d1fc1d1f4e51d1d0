//! psm-core: the pure core of psm-quiz. No web dependency: compiled and tested natively.
//!
//! - [`model`]: the instrument as data; [`instrument`]: parsing + validation with stable error codes.
//! - [`builtin`]: instruments embedded at build time from `instruments/*.json`.
//! - [`canonical`]: canonical serialisation and SHA-256 that identify an instrument version.
//! - [`scoring`]: reverse keying, dimension means, overall score.
//! - [`quality`]: response-quality flags (identical-answer runs, seconds per item).
//! - [`shuffle`]: deterministic seeded item order.
//! - [`payload`]: the `psm-result/1` result payload, including the HMAC candidate reference.
//! - [`notice`]: the host's PDP notice; [`disclosure`]: what a result carries, named from the config.
//! - [`config`]: the host configuration, validated field by field; [`origin`]: exact origins.
//! - [`export`]: results as CSV (the kiosk export, the cohort report).
//! - [`value`]: a JSON document as a value (the platform's JSON reads the text: the browser's in the widget,
//!   serde_json natively); [`decode`]: typed reading of it with field paths and stable codes;
//!   [`json_text`]: the hand-written JSON of the instrument hash and the result payload.
//!
//! The shell's own policy (the outbox's rules, kiosk PIN lockout, countdowns and provisioning, storage keys)
//! lives in the web crate next to the code that applies it (docs/architecture.md).

pub mod builtin;
pub mod canonical;
pub mod config;
pub mod decode;
pub mod disclosure;
pub mod error;
pub mod export;
pub mod instrument;
pub mod json_text;
pub mod model;
pub mod notice;
pub mod ordered_map;
pub mod origin;
pub mod payload;
pub mod quality;
pub mod scoring;
pub mod shuffle;
pub mod sorted_map;
pub mod value;

pub use error::{codes, PsmError};
pub use model::*;
