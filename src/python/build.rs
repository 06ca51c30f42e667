//! The module's functions that make a network: from a file, from arrays, from another
//! library's adjacency rows; and the process-wide memory limit.

use std::path::PathBuf;
use std::sync::Arc;

use numpy::PyReadonlyArray1;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use super::PyNetwork;
use super::support::compute;
use crate::graph::{Csr, Labels, Network};
use crate::io::{InputFormat, LoadOptions};

/// Loads any input the CLI reads (the CLI's `INPUT`, `--owner`, `--input-format`).
#[pyfunction]
#[pyo3(signature = (path, owner=None, format=None))]
pub(super) fn load(
    py: Python<'_>,
    path: PathBuf,
    owner: Option<String>,
    format: Option<&str>,
) -> PyResult<PyNetwork> {
    let format: Option<InputFormat> = format
        .map(str::parse)
        .transpose()
        .map_err(PyValueError::new_err)?;
    let options = LoadOptions { format, owner };
    let net = compute(py, None, || crate::io::load(&path, &options))?;
    Ok(PyNetwork {
        net: Arc::new(net),
        input: Some((path, options)),
    })
}

/// A network from integer endpoint arrays (`u[i]`–`v[i]`), labelled by the distinct ids.
#[pyfunction]
pub(super) fn from_int_pairs(
    py: Python<'_>,
    u: PyReadonlyArray1<'_, u64>,
    v: PyReadonlyArray1<'_, u64>,
) -> PyResult<PyNetwork> {
    let (u, v) = (u.as_slice()?, v.as_slice()?);
    if u.len() != v.len() {
        return Err(PyValueError::new_err(format!(
            "u and v differ in length ({} and {})",
            u.len(),
            v.len()
        )));
    }
    let pairs: Vec<u64> = u.iter().zip(v).flat_map(|(&a, &b)| [a, b]).collect();
    let net = compute(py, None, || {
        crate::io::edgelist::network_from_int_pairs(pairs, "edge arrays")
    })?;
    Ok(PyNetwork::new(net))
}

/// A network from another library's adjacency rows as arrays of positions: node i's
/// neighbours are the next `degrees[i]` entries of `targets` (the Python package flattens a
/// NetworkX graph's `G._adj` this way, with numpy, in one pass). Undirected rows are symmetric
/// and duplicate-free, so they are only sorted ([`Csr::from_symmetric_rows`]); `directed`
/// rows (successors) are read as undirected, as the CLI reads directed inputs. Self-loops
/// are dropped, as everywhere in netreach.
#[pyfunction]
#[pyo3(signature = (degrees, targets, directed=false))]
pub(super) fn from_rows(
    py: Python<'_>,
    degrees: PyReadonlyArray1<'_, i64>,
    targets: PyReadonlyArray1<'_, i64>,
    directed: bool,
) -> PyResult<PyNetwork> {
    let (degrees, targets) = (degrees.as_slice()?, targets.as_slice()?);
    let n = degrees.len();
    if n >= u32::MAX as usize {
        return Err(PyValueError::new_err("more than 2^32 - 1 nodes"));
    }
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0usize);
    for &d in degrees {
        let d = usize::try_from(d).map_err(|_| PyValueError::new_err("a negative degree"))?;
        offsets.push(offsets[offsets.len() - 1] + d);
    }
    if offsets[n] != targets.len() || targets.iter().any(|&t| t < 0 || t as usize >= n) {
        return Err(PyValueError::new_err(
            "the rows do not match the degrees, or a neighbour is not a node",
        ));
    }
    let targets: Vec<u32> = targets.iter().map(|&t| t as u32).collect();
    let (csr, build) = py.detach(|| {
        if directed {
            let pairs: Vec<u32> = (0..n)
                .flat_map(|u| {
                    targets[offsets[u]..offsets[u + 1]]
                        .iter()
                        .flat_map(move |&v| [u as u32, v])
                })
                .collect();
            Csr::from_pairs(n, &pairs)
        } else {
            Csr::from_symmetric_rows(offsets, targets)
        }
    });
    let labels = Labels::Int((0..n as u64).collect());
    Ok(PyNetwork::new(Network::from_structure(
        csr,
        labels,
        "NetworkX graph",
        build,
    )))
}

/// The most memory netreach may plan to use, in bytes, or the size text the CLI's
/// `--memory-limit` takes ("8G", "512M"); `None` for what the system reports as available.
/// Analyses that would need more raise `MemoryError` before allocating.
#[pyfunction]
#[pyo3(signature = (limit=None))]
pub(super) fn set_memory_limit(limit: Option<&Bound<'_, PyAny>>) -> PyResult<()> {
    let bytes = match limit {
        None => None,
        Some(value) => Some(match value.extract::<u64>() {
            Ok(bytes) => bytes,
            Err(_) => crate::memory::parse_size(&value.extract::<String>()?)
                .map_err(PyValueError::new_err)?,
        }),
    };
    crate::memory::set_limit(bytes);
    Ok(())
}
