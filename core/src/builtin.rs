//! Built-in instruments, embedded at build time from `instruments/*.json`.
//!
//! They go through the same parser and validator as a host's custom instrument, so a broken edit
//! to the data files fails the test suite instead of reaching a candidate.

#[cfg(feature = "json-text")]
use crate::{instrument, model::Instrument};

const PERRY_24: &str = include_str!("../../instruments/perry-24.json");
const KIM_16: &str = include_str!("../../instruments/kim-16.json");

const IDS: &[&str] = &["perry-24", "kim-16"];

/// Ids of the built-in instruments, in the order a picker should show them.
pub fn ids() -> &'static [&'static str] {
    IDS
}

/// The raw embedded JSON of a built-in instrument.
pub fn json(id: &str) -> Option<&'static str> {
    match id {
        "perry-24" => Some(PERRY_24),
        "kim-16" => Some(KIM_16),
        _ => None,
    }
}

/// The parsed and validated built-in instrument, or `None` for an unknown id (or, which the test
/// suite rules out, an embedded file that does not validate). Native builds: the widget reads the
/// embedded text with the browser's JSON (`js_value::builtin` in the web shell).
#[cfg(feature = "json-text")]
pub fn get(id: &str) -> Option<Instrument> {
    instrument::parse(json(id)?).ok()
}
