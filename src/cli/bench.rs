//! `netreach bench`: the arguments of the benchmark harness (`netreach::bench`).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use netreach::bench;

/// Arguments of `bench`.
#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, Subcommand)]
enum What {
    /// Load an input repeatedly: seconds, MB/s of input, graph bytes and peak memory (VmHWM).
    Load {
        /// The input file.
        input: PathBuf,
        /// Runs (the median is reported).
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
        repeat: u32,
    },
    /// All-node (or sampled) exact reach with several thread counts and batch widths.
    Reach {
        /// The input file.
        input: PathBuf,
        /// Thread counts to try, comma-separated.
        #[arg(long = "thread-counts", default_value = "1,2", value_delimiter = ',')]
        thread_counts: Vec<usize>,
        /// Batch widths W (64·W sources per batch) to try, comma-separated (1, 2, 4, 8 or 16;
        /// 0 = the width `reach --all` picks for this graph).
        #[arg(long, default_value = "0", value_delimiter = ',')]
        widths: Vec<usize>,
        /// Only this many seeded sample sources (default: every node).
        #[arg(long)]
        sources: Option<usize>,
        /// Maximum distance.
        #[arg(long, default_value_t = 3)]
        depth: usize,
        /// Runs per configuration (the median is reported).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
        repeat: u32,
    },
    /// How close all-node reach, exact and sampled betweenness and HyperBall run to this
    /// machine's memory limits: its sequential read bandwidth and random cache-line rate
    /// (measured first, same threads) against the bytes and random lines each kernel moves
    /// (counted by the kernel).
    Limits {
        /// The input file.
        input: PathBuf,
        /// Runs per kernel (the median is reported).
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
        repeat: u32,
        /// HyperBall registers per person, a power of two from 16 to 65,536.
        #[arg(long, default_value_t = 256)]
        registers: u32,
        /// Leave out exact all-node reach and betweenness (sampled betweenness and HyperBall
        /// only), for graphs where they take minutes.
        #[arg(long)]
        no_reach: bool,
        /// ε of the sampled betweenness row (δ = 0.1, seed 1), between 0 and 1.
        #[arg(long, default_value_t = 0.01)]
        epsilon: f64,
    },
    /// Betweenness: exact Brandes and, with --epsilon, sampled, per thread count.
    Betweenness {
        /// The input file.
        input: PathBuf,
        /// Thread counts to try, comma-separated.
        #[arg(long = "thread-counts", default_value = "1,2", value_delimiter = ',')]
        thread_counts: Vec<usize>,
        /// Skip exact Brandes (for graphs where it takes too long).
        #[arg(long)]
        no_exact: bool,
        /// Also time sampled betweenness with this ε (δ = 0.1), between 0 and 1.
        #[arg(long, value_parser = super::connectors::parse_unit)]
        epsilon: Option<f64>,
        /// Runs per configuration (the median is reported).
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
        repeat: u32,
    },
    /// Leiden communities per thread count (compute only; checked identical across counts).
    Communities {
        /// The input file.
        input: PathBuf,
        /// Thread counts to try, comma-separated.
        #[arg(long = "thread-counts", default_value = "1,2", value_delimiter = ',')]
        thread_counts: Vec<usize>,
        /// Seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Runs per thread count (the median is reported).
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=100))]
        repeat: u32,
    },
    /// `recommend --top K` against the naive method (add each candidate edge, rerun the BFS).
    Recommend {
        /// The input file.
        input: PathBuf,
        /// The ego.
        #[arg(long)]
        ego: String,
        /// Picks.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// The benchmark suite: generated graphs of growing size (10^5 … --max-edges edges), each
    /// timed in a child process per thread count (load, cache, single-ego reach, all-node reach,
    /// HyperBall, sampled betweenness, peak memory); prints a table and writes
    /// reports/bench/DATE-suite.md with the machine and revision.
    Suite {
        /// Largest graph, in edges (10^5, 10^6, … up to this).
        #[arg(long, default_value_t = 10_000_000)]
        max_edges: u64,
        /// Folder for the generated graphs (they can be large).
        #[arg(long, default_value = "target/bench-suite")]
        work: PathBuf,
        /// Folder for the report.
        #[arg(long, default_value = "reports/bench")]
        out: PathBuf,
    },
    /// One size of the suite (run by `bench suite` in a child process; prints one JSON line).
    #[command(hide = true)]
    SuiteOne {
        /// Text edge list of the graph.
        input: PathBuf,
    },
}

pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    match args.what {
        What::Load { input, repeat } => bench::load(&input, repeat),
        What::Suite {
            max_edges,
            work,
            out,
        } => bench::suite::run(max_edges, &work, &out),
        What::SuiteOne { input } => bench::suite::one(&input),
        What::Recommend { input, ego, top } => bench::recommend(&input, &ego, top),
        What::Communities {
            input,
            thread_counts,
            seed,
            repeat,
        } => bench::communities(&input, &thread_counts, seed, repeat),
        What::Betweenness {
            input,
            thread_counts,
            no_exact,
            epsilon,
            repeat,
        } => bench::betweenness(&input, &thread_counts, !no_exact, epsilon, repeat),
        What::Reach {
            input,
            thread_counts,
            widths,
            sources,
            depth,
            repeat,
        } => bench::reach(&input, &thread_counts, &widths, sources, depth, repeat),
        What::Limits {
            input,
            repeat,
            registers,
            no_reach,
            epsilon,
        } => {
            if !registers.is_power_of_two() || !(16..=65_536).contains(&registers) {
                anyhow::bail!("--registers must be a power of two from 16 to 65536");
            }
            if !(epsilon > 0.0 && epsilon < 1.0) {
                anyhow::bail!("--epsilon must be between 0 and 1 (exclusive)");
            }
            let kernels = bench::limits::Kernels {
                exact: !no_reach,
                registers_log2: registers.trailing_zeros(),
                epsilon,
            };
            bench::limits::limits(&input, repeat, &kernels)
        }
    }
}
