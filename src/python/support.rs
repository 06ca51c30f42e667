//! What the module's calls share: the library's errors as Python exceptions, the thread
//! pool of `threads=`, and the memory check.

use pyo3::exceptions::{
    PyFileNotFoundError, PyMemoryError, PyOSError, PyRuntimeError, PyValueError,
};
use pyo3::prelude::*;

use crate::Error;

/// The CLI's one-line message as the Python exception a caller expects.
pub(super) fn py_err(error: Error) -> PyErr {
    let message = error.to_string();
    match error {
        Error::Io { error, .. } if error.kind() == std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(message)
        }
        Error::Io { .. } => PyOSError::new_err(message),
        Error::Memory(_) => PyMemoryError::new_err(message),
        Error::Cluster(_) => PyRuntimeError::new_err(message),
        Error::Parse { .. } | Error::Input { .. } | Error::Query(_) => {
            PyValueError::new_err(message)
        }
    }
}

/// An error of the report pipeline: the library's own error inside keeps its exception type.
pub(super) fn anyhow_err(error: anyhow::Error) -> PyErr {
    match error.downcast::<Error>() {
        Ok(error) => py_err(error),
        Err(other) => PyValueError::new_err(format!("{other:#}")),
    }
}

pub(super) fn json_err(error: serde_json::Error) -> PyErr {
    PyRuntimeError::new_err(error.to_string())
}

/// Runs `work` on a pool of `threads` workers when given (the CLI's `-j`), else on the
/// process-wide pool. Results do not depend on the thread count.
pub(super) fn in_pool<T: Send>(
    threads: Option<usize>,
    work: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    match threads {
        None | Some(0) => Ok(work()),
        Some(t) => rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .map(|pool| pool.install(work))
            .map_err(|e| PyRuntimeError::new_err(e.to_string())),
    }
}

/// Runs `work` without the GIL, in [`in_pool`].
pub(super) fn compute<T: Send>(
    py: Python<'_>,
    threads: Option<usize>,
    work: impl FnOnce() -> crate::Result<T> + Send,
) -> PyResult<T> {
    py.detach(|| in_pool(threads, work))?.map_err(py_err)
}

/// `--pseudonymise-titles`: keep, coarse or drop.
pub(super) fn titles_of(choice: &str) -> PyResult<crate::pseudonym::Titles> {
    use crate::pseudonym::Titles;
    match choice {
        "keep" => Ok(Titles::Keep),
        "coarse" => Ok(Titles::Coarse),
        "drop" => Ok(Titles::Drop),
        other => Err(PyValueError::new_err(format!(
            "titles must be keep, coarse or drop, not {other:?}"
        ))),
    }
}

/// Checks that `bytes` fit the memory limit, as the CLI does before each large analysis.
pub(super) fn ensure(bytes: u64, what: &str) -> crate::Result<()> {
    crate::memory::ensure(bytes, what)
}
