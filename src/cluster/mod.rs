//! Past one machine: all-node reach (exact and HyperBall) and the network summary across
//! processes, on timely-dataflow (feature `cluster`).
//!
//! timely is the engine: it starts the workers (`processes × threads`), connects every process
//! to every other over TCP and moves the messages. netreach provides the operators, written as
//! bulk-synchronous supersteps ([`superstep::Superstep`]): each worker computes on the nodes it
//! owns, sends what its neighbours' owners need, and timely's progress tracking says when
//! every message of the superstep has arrived.
//!
//! * **Partition** ([`part`]): worker `w` owns a contiguous range of node ids, cut so that every
//!   worker has about the same number of nodes plus arcs. Ranges rather than `v mod W`: each
//!   worker reads its rows as two contiguous pieces of the `.nrg` cache, its output is one
//!   contiguous block of rows, and ids that loaders number together (one export, one region)
//!   stay on one worker, so fewer arcs cross.
//! * **HyperBall** ([`hyperball`]): per round, one merged register array per (remote node,
//!   round) goes to its owner, which takes register-wise maxima: the same registers as
//!   [`crate::hyperball`], bit for bit, for any layout.
//! * **Exact reach** ([`msbfs`]): multi-source BFS in batches of `64 · W` sources, one
//!   superstep per level, frontier words of remote nodes OR-ed per destination.
//! * **Summary** ([`shape`]): degrees, components (label propagation over the cut) and the
//!   best-connected people, reduced on worker 0.
//! * **Checkpoints** ([`checkpoint`]): timely has no fault tolerance, so finished rounds and
//!   batches are written to a directory, and a restarted run resumes from the last one.
//!
//! Only process 0 gets the result (and writes the output); every worker logs its progress and
//! the bytes it sent on stderr.

pub mod checkpoint;
pub mod hyperball;
pub mod msbfs;
mod net;
pub mod part;
pub mod shape;
pub mod superstep;
mod wire;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::hyperball::ApproxReach;
use crate::stats::Shape;

/// Where this process sits in the cluster.
#[derive(Clone, Debug)]
pub struct Launch {
    /// `host:port` of every process; entry `i` is process `i`.
    pub hosts: Vec<String>,
    /// This process's index into `hosts`.
    pub process: usize,
    /// Worker threads in each process (the same in every process).
    pub threads: usize,
    /// How long to wait for every peer to connect.
    pub connect_timeout: Duration,
}

/// What to compute.
#[derive(Clone, Copy, Debug)]
pub enum Job {
    /// Exact n_1..n_depth of every node.
    Exact {
        /// Maximum distance.
        depth: usize,
    },
    /// HyperBall n1..n3 of every node with `2^bits` registers and the hash `seed`.
    Approx {
        /// Register exponent.
        bits: u32,
        /// Hash seed.
        seed: u64,
    },
    /// The summary's graph part, listing the `top` best-connected people.
    Shape {
        /// People to list.
        top: usize,
    },
}

/// How to run it.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Where finished rounds are kept, to resume after a failure.
    pub checkpoint: Option<PathBuf>,
    /// Pause after every finished round or batch (for fault tests: time to kill a process).
    pub round_delay: Duration,
}

/// The result, on process 0.
#[derive(Debug)]
pub enum Outcome {
    /// Exact rings: `counts[v * depth + k - 1]` is n_k of node v.
    Exact(Vec<u64>),
    /// HyperBall estimates.
    Approx(ApproxReach),
    /// The graph part of the summary.
    Shape(Shape),
}

/// Reads a host file: one `host:port` per line (line i is process i); blank lines and `#`
/// comments are skipped.
pub fn read_hosts(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut hosts = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let entry = line.split('#').next().unwrap_or("").trim();
        if entry.is_empty() {
            continue;
        }
        let port = entry
            .rsplit_once(':')
            .and_then(|(h, p)| (!h.is_empty()).then(|| p.parse::<u16>().ok()).flatten());
        if port.is_none() {
            return Err(Error::parse(
                path,
                i as u64 + 1,
                format!("'{entry}' is not host:port"),
            ));
        }
        hosts.push(entry.to_string());
    }
    if hosts.is_empty() {
        return Err(Error::input(path, "no host:port lines"));
    }
    Ok(hosts)
}

/// Runs `job` on the cache file `input` as process `launch.process` of the cluster. Every
/// process calls this with the same job; process 0 gets `Some(outcome)`, the others `None`.
pub fn run(launch: &Launch, input: &Path, job: Job, options: &Options) -> Result<Option<Outcome>> {
    if launch.process >= launch.hosts.len() {
        return Err(Error::Query(format!(
            "--process {} is not in the host file ({} processes: 0 to {})",
            launch.process,
            launch.hosts.len(),
            launch.hosts.len() - 1
        )));
    }
    // Every process checks the input before connecting: a bad file is one error per process.
    let order = crate::io::cache::Parts::open(input)?.order()?;
    let input = input.to_path_buf();
    let options = options.clone();
    let threads = launch.threads;
    let outcome = net::execute(launch, move |worker| {
        let mut context = superstep::Context::new(worker, threads, &input, &options)?;
        match job {
            Job::Exact { depth } => msbfs::run(&mut context, depth).map(|c| c.map(Outcome::Exact)),
            Job::Approx { bits, seed } => {
                hyperball::run(&mut context, bits, seed).map(|r| r.map(Outcome::Approx))
            }
            Job::Shape { top } => shape::run(&mut context, top).map(|s| s.map(Outcome::Shape)),
        }
    })?;
    Ok(match (outcome, order) {
        (Some(outcome), Some(order)) => Some(outcome.in_network_ids(&order, job)),
        (outcome, _) => outcome,
    })
}

impl Outcome {
    /// Rows computed in the cache's stored order (`convert --order`) put back under the
    /// network's own ids. The summary's people are already named by their own ids.
    fn in_network_ids(self, order: &crate::graph::Permutation, job: Job) -> Outcome {
        match (self, job) {
            (Outcome::Exact(counts), Job::Exact { depth }) => {
                Outcome::Exact(order.restore(&counts, depth))
            }
            (Outcome::Approx(r), _) => Outcome::Approx(ApproxReach {
                rings: order.restore(&r.rings, 1),
                standard_error: order.restore(&r.standard_error, 1),
                ..r
            }),
            (outcome, _) => outcome,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_files_skip_comments_and_name_the_bad_line() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("hosts");
        std::fs::write(
            &good,
            "# two machines\nnode-a:7000\n\n  10.0.0.2:7000  # second\n",
        )
        .unwrap();
        assert_eq!(read_hosts(&good).unwrap(), ["node-a:7000", "10.0.0.2:7000"]);
        let bad = dir.path().join("bad");
        std::fs::write(&bad, "node-a:7000\nnode-b\n").unwrap();
        let e = read_hosts(&bad).unwrap_err().to_string();
        assert!(e.ends_with("bad:2: 'node-b' is not host:port"), "{e}");
        std::fs::write(&bad, "# nobody\n").unwrap();
        assert!(read_hosts(&bad).is_err());
    }
}
