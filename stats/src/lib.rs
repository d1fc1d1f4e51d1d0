//! psm-stats: the statistics behind the cohort report (report.html). Pure Rust, no web dependency.
//!
//! - [`read`]: result files (JSON array, NDJSON, single object, kiosk CSV) into rows, with per-line issues.
//! - [`row`]: one result, checked field by field, whatever file format it came from; [`sink`]: where the
//!   format readers ([`csv`], [`json`]) deliver rows and issues (no reader depends on [`read`], which calls them).
//! - [`analysis`]: files in, groups per instrument sha256 and language, figures out ([`report::Report`]).
//! - [`keying`]: which items form which dimension and which are reverse-keyed (from psm-core).
//! - [`describe`], [`reliability`], [`correlation`], [`eigen`]: the numerical parts.
//!
//! Estimators and thresholds are documented where they are computed and in `stats/README.md`.

pub mod analysis;
pub mod correlation;
pub mod csv;
pub mod describe;
pub mod eigen;
pub mod group;
pub mod issue;
pub mod json;
pub mod keying;
pub mod read;
pub mod reliability;
pub mod report;
pub mod row;
pub mod sink;

pub use analysis::Analysis;
pub use issue::Issue;
pub use report::Report;
