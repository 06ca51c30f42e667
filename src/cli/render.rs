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

impl Format {
    /// The format an output file's extension names: `.csv`, `.json`, or a table for `.md` and
    /// `.txt`; `None` for standard output and other extensions.
    pub fn for_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" | "markdown" | "txt" => Some(Format::Table),
            _ => None,
        }
    }

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// Whether an output file is Markdown (its tables are then written as Markdown tables).
pub fn is_markdown_path(path: &Path) -> bool {
    path.extension().is_some_and(|e| {
        matches!(
            e.to_string_lossy().to_lowercase().as_str(),
            "md" | "markdown"
        )
    })
}

/// Sends `fill` to `-o` (stdout by default), atomically for files.
pub fn emit(
    output: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    netreach::io::write_output(output, fill)?;
    Ok(())
}

/// "  … and N more companies (all of them with --format csv or json, or --top 0)" after a
/// human list cut at `top` of `total` rows; nothing when it was not cut.
pub fn more(out: &mut dyn Write, top: usize, total: usize, what: &str) -> std::io::Result<()> {
    if total > top {
        writeln!(
            out,
            "  … and {} more {what} (all of them with --format csv or json, or --top 0)",
            thousands((total - top) as u64)
        )?;
    }
    Ok(())
}
