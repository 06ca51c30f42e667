//! The library's error type: every error names the file and, where there is one, the line.

use std::path::{Path, PathBuf};

/// Everything that can go wrong while reading inputs or writing outputs.
///
/// Analyses never fail; only I/O and parsing produce errors. The `Display` form is the one line
/// the binary prints after `netreach: `.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A problem at a known line of an input file (1-based).
    #[error("{}:{line}: {message}", path.display())]
    Parse {
        /// The input file.
        path: PathBuf,
        /// 1-based line number.
        line: u64,
        /// What is wrong, in plain words.
        message: String,
    },
    /// A problem with a whole file or directory (no meaningful line).
    #[error("{}: {message}", path.display())]
    Input {
        /// The input file or directory.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// An operating-system error while reading or writing a file.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A request that does not fit the network, such as an unknown ego.
    #[error("{0}")]
    Query(String),
    /// An input or a request that needs more memory than the limit allows.
    #[error("{0}")]
    Memory(String),
}

impl Error {
    /// An error at `path:line`.
    pub fn parse(path: &Path, line: u64, message: impl Into<String>) -> Self {
        Error::Parse {
            path: path.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    /// An error about a whole file or directory.
    pub fn input(path: &Path, message: impl Into<String>) -> Self {
        Error::Input {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
