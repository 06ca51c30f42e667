//! Process-wide tallies of what the kernels did, for `netreach bench limits`: each kernel adds
//! its counts once per batch (or per worker), and the benchmark takes the total. Diagnostic
//! only: no result depends on them.

use std::sync::Mutex;

/// Counts that add up field by field.
pub trait Counts: Default {
    /// Adds `other` to these counts.
    fn add(&mut self, other: &Self);
}

/// A total of [`Counts`] shared by every thread; empty until the first [`Tally::add`].
pub struct Tally<T>(Mutex<Option<T>>);

impl<T: Counts> Tally<T> {
    /// An empty tally (usable in a `static`).
    pub const fn new() -> Self {
        Tally(Mutex::new(None))
    }

    /// Adds `counts` to the total.
    pub fn add(&self, counts: &T) {
        let mut total = self.0.lock().unwrap_or_else(|e| e.into_inner());
        total.get_or_insert_with(T::default).add(counts);
    }

    /// The total since the last call, and a fresh start.
    pub fn take(&self) -> T {
        let mut total = self.0.lock().unwrap_or_else(|e| e.into_inner());
        total.take().unwrap_or_default()
    }
}

impl<T: Counts> Default for Tally<T> {
    fn default() -> Self {
        Tally::new()
    }
}
