//! psm-report: the WebAssembly side of report.html. Files go in as bytes, one at a time (so a
//! 100 MB file is parsed and freed before the next is copied in); the report comes out as a plain
//! JS object (see psm_stats::report). Everything runs in the page: nothing is uploaded.
//!
//! Native builds compile nothing here (the crate is all wasm glue); the logic and its tests live
//! in psm-stats.

#[cfg(target_arch = "wasm32")]
mod web;
