//! Where a format's reader delivers what it finds: the one thing `read` and the format readers (`csv`,
//! `json`) share, so the readers need not know the dispatcher that calls them.

use crate::issue::Issue;
use crate::row::Row;

/// Where a reader delivers what it finds. The analysis implements it.
pub trait Sink {
    /// A result that passed the field checks, starting on `line`.
    fn row(&mut self, line: usize, row: Row<'_>);
    fn issue(&mut self, issue: Issue);
    /// An instrument definition found in the file (JSON text of the value).
    fn instrument(&mut self, line: usize, json: &str);
    /// True when reading this file should stop (see [`crate::analysis`]).
    fn stop(&self) -> bool;
}
