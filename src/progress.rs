//! Progress reporting, passed into long computations as a parameter (as webgraph-rs does), so
//! the library never decides whether or how to draw anything.

/// Receives progress of one long piece of work.
pub trait Progress: Sync {
    /// Work named `what` begins, with `total` units (0 if unknown).
    fn begin(&self, _what: &str, _total: u64) {}
    /// `done` more units are finished.
    fn advance(&self, _done: u64) {}
    /// The work is over.
    fn end(&self) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}
