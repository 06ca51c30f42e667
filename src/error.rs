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
    /// An operating-system error while reading or writing a file. The underlying error is part
    /// of the message and deliberately not a `source`, so that it is said once.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file involved.
        path: PathBuf,
        /// The underlying error.
        error: std::io::Error,
    },
    /// A request that does not fit the network, such as an unknown ego.
    #[error("{0}")]
    Query(String),
    /// An input or a request that needs more memory than the limit allows.
    #[error("{0}")]
    Memory(String),
    /// A cluster run could not go on: a peer is gone, or the processes disagree.
    #[error("{0}")]
    Cluster(String),
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
    pub fn io(path: &Path, error: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            error: plain_io(error),
        }
    }

    /// Whether this is a write into a closed pipe (`netreach … | head`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { error, .. } if is_broken_pipe(error))
    }
}

/// The operating-system error alone: `tempfile` adds the temporary file's path to its errors,
/// which would name a hidden file the user never typed next to the one they did.
fn plain_io(error: std::io::Error) -> std::io::Error {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = error.get_ref().map(|e| e as _);
    let mut code = error.raw_os_error();
    while code.is_none()
        && let Some(e) = cause
    {
        code = e
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::raw_os_error);
        cause = e.source();
    }
    if let Some(code) = code {
        return std::io::Error::from_raw_os_error(code);
    }
    // tempfile hides the OS error behind a message that ends `at path "…"`: keep the message.
    let text = error.to_string();
    match text.find(" at path \"") {
        Some(cut) => std::io::Error::new(error.kind(), text[..cut].to_string()),
        None => error,
    }
}

/// Whether `error` is EPIPE, also when the csv writer wrapped it in an error of its own.
pub fn is_broken_pipe(error: &std::io::Error) -> bool {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        return true;
    }
    let inner = error.get_ref();
    if let Some(csv) = inner.and_then(|e| e.downcast_ref::<csv::Error>())
        && let csv::ErrorKind::Io(io) = csv.kind()
    {
        return is_broken_pipe(io);
    }
    inner
        .and_then(|e| e.downcast_ref::<std::io::Error>())
        .is_some_and(is_broken_pipe)
}

/// Result with the library's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
