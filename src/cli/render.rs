//! Output of commands: the `--format` choice and writing to `-o`; the formats themselves are
//! the library's (`netreach::render`).

use std::io::Write;
use std::path::Path;

pub use netreach::render::*;

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for people (the default).
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// JSON with a `schema_version`.
    Json,
}

/// Sends `fill` to `-o` (stdout by default), atomically for files.
pub fn emit(
    output: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    netreach::io::write_output(output, fill)?;
    Ok(())
}
