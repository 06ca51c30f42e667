//! Cluster flags (`--hosts`, `--process`, `--checkpoint`) shared by `reach --all` and `stats`,
//! and `netreach cluster-local`, which starts a whole cluster on this machine.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use clap::Args;

/// Running as one process of a cluster (a build with the `cluster` feature).
#[derive(Debug, Args)]
pub struct ClusterArgs {
    /// Run as one process of a cluster: FILE lists one host:port per line, line i being
    /// process i; every process gets the same file and command, and its own --process. INPUT
    /// must be a .nrg cache (`netreach convert`) on a file system every process can read; each
    /// process reads only its share. -j sets the worker threads per process. Only process 0
    /// writes output. Needs a build with `--features cluster`.
    #[arg(
        long,
        value_name = "FILE",
        requires = "process",
        help_heading = "Cluster"
    )]
    pub hosts: Option<PathBuf>,
    /// With --hosts: this process's line in the host file, from 0.
    #[arg(long, value_name = "I", requires = "hosts", help_heading = "Cluster")]
    pub process: Option<usize>,
    /// With --hosts: keep every finished round (HyperBall) or batch (exact) in DIR, and resume
    /// from there when the run is started again after a failure.
    #[arg(long, value_name = "DIR", requires = "hosts", help_heading = "Cluster")]
    pub checkpoint: Option<PathBuf>,
    /// With --hosts: seconds to wait for every process to connect.
    #[arg(
        long,
        value_name = "SECONDS",
        default_value_t = 60,
        help_heading = "Cluster"
    )]
    pub connect_timeout: u64,
    /// Pause after each finished round or batch (for fault tests).
    #[arg(long, value_name = "MS", default_value_t = 0, hide = true)]
    pub round_delay_ms: u64,
}

impl ClusterArgs {
    /// Whether this run is one process of a cluster.
    pub fn is_set(&self) -> bool {
        self.hosts.is_some()
    }
}

/// What `reach --all` asks a cluster for: exact rings to `depth`, or HyperBall with
/// `(register bits, seed)`.
#[cfg_attr(not(feature = "cluster"), allow(dead_code))]
pub struct ReachJob {
    /// Maximum distance (exact).
    pub depth: usize,
    /// `Some((bits, seed))` for HyperBall.
    pub approx: Option<(u32, u64)>,
}

#[cfg(feature = "cluster")]
mod engine {
    use std::time::Duration;

    use netreach::cluster::{self, Job, Launch, Options, Outcome};
    use netreach::io::cache::{Metadata, Parts};
    use netreach::stats::Summary;

    use super::{ClusterArgs, ReachJob};
    use crate::cli::reach::{AllReach, write_all, write_approx};
    use crate::cli::{InputArgs, OutputArgs};

    /// `reach --all` as this process of the cluster; process 0 writes the output.
    pub fn reach_all(
        args: &ClusterArgs,
        input: &InputArgs,
        job: ReachJob,
        out: &OutputArgs,
    ) -> anyhow::Result<()> {
        let job = match job.approx {
            Some((bits, seed)) => Job::Approx { bits, seed },
            None => Job::Exact { depth: job.depth },
        };
        let Some((outcome, meta)) = run(args, input, job)? else {
            return Ok(());
        };
        match outcome {
            Outcome::Exact(counts) => {
                let sources: Vec<u32> = (0..meta.labels.len() as u32).collect();
                let Job::Exact { depth } = job else {
                    unreachable!("an exact job gives exact counts")
                };
                let all = AllReach {
                    sources: &sources,
                    counts: &counts,
                    depth,
                };
                write_all(&meta.labels, &meta.people, &all, out)
            }
            Outcome::Approx(r) => write_approx(&meta.labels, &r, out),
            Outcome::Shape(_) => unreachable!("a reach job gives reach"),
        }
    }

    /// The `stats` summary as this process of the cluster; `Some` on process 0.
    pub fn summary(
        args: &ClusterArgs,
        input: &InputArgs,
        top: usize,
    ) -> anyhow::Result<Option<Summary>> {
        let Some((outcome, meta)) = run(args, input, Job::Shape { top })? else {
            return Ok(None);
        };
        let Outcome::Shape(shape) = outcome else {
            unreachable!("a shape job gives a shape")
        };
        Ok(Some(netreach::stats::summary_of(
            shape,
            &meta.labels,
            &meta.people,
            &meta.report,
        )))
    }

    /// Runs `job` as this process of the cluster; process 0 gets the outcome and the input's
    /// metadata (labels, people, load report) to write it with.
    fn run(
        args: &ClusterArgs,
        input: &InputArgs,
        job: Job,
    ) -> anyhow::Result<Option<(Outcome, Metadata)>> {
        let Some(hosts) = &args.hosts else {
            anyhow::bail!("--hosts is needed for a cluster run");
        };
        let path = &input.input;
        if input.input_format.is_some() || !netreach::io::cache::sniff(&head(path)?) {
            anyhow::bail!(
                "{}: a cluster run reads a .nrg cache (each process reads its share of the rows); \
                 convert it first: netreach convert {} -o graph.nrg",
                path.display(),
                path.display()
            );
        }
        let launch = Launch {
            hosts: cluster::read_hosts(hosts)?,
            process: args.process.unwrap_or(0),
            threads: rayon::current_num_threads(),
            connect_timeout: Duration::from_secs(args.connect_timeout),
        };
        let options = Options {
            checkpoint: args.checkpoint.clone(),
            round_delay: Duration::from_millis(args.round_delay_ms),
        };
        let Some(outcome) = cluster::run(&launch, path, job, &options)? else {
            return Ok(None);
        };
        let metadata = Parts::open(path)?.metadata()?;
        Ok(Some((outcome, metadata)))
    }

    /// The first bytes of `path`, to tell a cache from other inputs.
    fn head(path: &std::path::Path) -> anyhow::Result<Vec<u8>> {
        use std::io::Read;
        let mut bytes = Vec::with_capacity(8);
        std::fs::File::open(path)
            .map_err(|e| netreach::Error::io(path, e))?
            .take(8)
            .read_to_end(&mut bytes)
            .map_err(|e| netreach::Error::io(path, e))?;
        Ok(bytes)
    }
}

#[cfg(feature = "cluster")]
pub use engine::{reach_all, summary};

#[cfg(not(feature = "cluster"))]
mod without {
    use super::{ClusterArgs, ReachJob};
    use crate::cli::{InputArgs, OutputArgs};

    fn unavailable() -> anyhow::Error {
        anyhow::anyhow!(
            "this netreach was built without cluster support: build it with \
             `cargo build --release --features cluster`"
        )
    }

    /// Without the feature, a cluster flag is a clear error rather than an unknown option.
    pub fn reach_all(
        _: &ClusterArgs,
        _: &InputArgs,
        _: ReachJob,
        _: &OutputArgs,
    ) -> anyhow::Result<()> {
        Err(unavailable())
    }

    /// See [`reach_all`].
    pub fn summary(
        _: &ClusterArgs,
        _: &InputArgs,
        _: usize,
    ) -> anyhow::Result<Option<netreach::stats::Summary>> {
        Err(unavailable())
    }
}

#[cfg(not(feature = "cluster"))]
pub use without::{reach_all, summary};

/// Arguments of `cluster-local`.
#[derive(Debug, Args)]
pub struct LocalArgs {
    /// Processes to start (each with -j worker threads).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..=64))]
    processes: u16,
    /// The netreach command every process runs, after `--`, such as
    /// `-- reach graph.nrg --all --approx --format csv -o out.csv`.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    command: Vec<String>,
}

/// Starts `--processes` copies of this netreach on free loopback ports, each with `--hosts`
/// and its `--process`, and waits for all of them; process 0's standard output is this one's.
pub fn local(args: LocalArgs) -> anyhow::Result<()> {
    let processes = args.processes as usize;
    let ports = free_ports(processes)?;
    let dir = tempfile::tempdir()?;
    let hosts = dir.path().join("hosts.txt");
    let text: String = ports.iter().map(|p| format!("127.0.0.1:{p}\n")).collect();
    netreach::io::write_atomic(&hosts, |w| w.write_all(text.as_bytes()))?;
    let exe = std::env::current_exe()?;
    let threads = rayon::current_num_threads().to_string();
    let mut children = Vec::with_capacity(processes);
    for i in 0..processes {
        let mut command = Command::new(&exe);
        command.arg("-j").arg(&threads);
        // The global options the launcher was given apply to every process.
        if let Some((bytes, "--memory-limit")) = netreach::memory::limit() {
            command.arg("--memory-limit").arg(bytes.to_string());
        }
        command
            .args(&args.command)
            .arg("--hosts")
            .arg(&hosts)
            .arg("--process")
            .arg(i.to_string())
            .stdin(Stdio::null())
            .stdout(if i == 0 {
                Stdio::inherit()
            } else {
                Stdio::null()
            });
        children.push(command.spawn()?);
    }
    let mut failed = None;
    for (i, child) in children.iter_mut().enumerate() {
        let status = child.wait()?;
        if !status.success() && failed.is_none() {
            failed = Some((i, status));
        }
    }
    match failed {
        None => Ok(()),
        Some((i, status)) => Err(netreach::Error::Cluster(format!(
            "process {i} of {processes} failed ({status})"
        ))
        .into()),
    }
}

/// `count` loopback ports that are free now (bound to port 0, then released).
fn free_ports(count: usize) -> std::io::Result<Vec<u16>> {
    let listeners: Vec<std::net::TcpListener> = (0..count)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0"))
        .collect::<Result<_, _>>()?;
    listeners
        .iter()
        .map(|l| l.local_addr().map(|a| a.port()))
        .collect()
}
