//! `netreach bench`: timings of the kernels on one input, for the records under `reports/`.
//! Timings are wall-clock medians over `--repeat` runs; only ratios measured side by side in
//! one run mean anything on a shared machine.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use clap::{Args, Subcommand};
use netreach::io::LoadOptions;
use netreach::reach;

use super::render::{self, thousands};

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
        What::Load { input, repeat } => bench_load(&input, repeat),
        What::Suite {
            max_edges,
            work,
            out,
        } => super::suite::run(max_edges, &work, &out),
        What::SuiteOne { input } => super::suite::one(&input),
        What::Recommend { input, ego, top } => bench_recommend(&input, &ego, top),
        What::Betweenness {
            input,
            thread_counts,
            no_exact,
            epsilon,
            repeat,
        } => bench_betweenness(&input, &thread_counts, !no_exact, epsilon, repeat),
        What::Reach {
            input,
            thread_counts,
            widths,
            sources,
            depth,
            repeat,
        } => bench_reach(&input, &thread_counts, &widths, sources, depth, repeat),
    }
}

/// Peak resident memory of this process in bytes (Linux `VmHWM`), if known.
pub(crate) fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[(xs.len() - 1) / 2]
}

fn bench_load(input: &Path, repeat: u32) -> anyhow::Result<()> {
    let bytes = std::fs::metadata(input)
        .with_context(|| input.display().to_string())?
        .len();
    let mut times = Vec::new();
    let mut graph_bytes = 0;
    let mut counts = (0, 0);
    for _ in 0..repeat {
        let start = Instant::now();
        let net = netreach::io::load(input, &LoadOptions::default())?;
        times.push(start.elapsed().as_secs_f64());
        graph_bytes = net.csr.heap_bytes() + net.labels.len() * 8;
        counts = (net.node_count(), net.csr.edge_count());
    }
    let t = median(times);
    let peak = peak_rss().unwrap_or(0);
    let rows = vec![
        vec!["input bytes".into(), thousands(bytes)],
        vec![
            "nodes / edges".into(),
            format!(
                "{} / {}",
                thousands(counts.0 as u64),
                thousands(counts.1 as u64)
            ),
        ],
        vec![
            format!("load seconds (median of {repeat})"),
            format!("{t:.3}"),
        ],
        vec![
            "MB/s of input".into(),
            format!("{:.0}", bytes as f64 / 1e6 / t),
        ],
        vec![
            "graph bytes (CSR + labels)".into(),
            thousands(graph_bytes as u64),
        ],
        vec!["peak RSS bytes (VmHWM)".into(), thousands(peak)],
        vec![
            "peak / graph bytes".into(),
            format!("{:.2}", peak as f64 / graph_bytes.max(1) as f64),
        ],
        vec!["threads".into(), rayon::current_num_threads().to_string()],
    ];
    println!("{}", render::table(&["load", "value"], &rows));
    Ok(())
}

fn rings_with_width(
    csr: &netreach::graph::Csr,
    sources: &[u32],
    depth: usize,
    width: usize,
) -> anyhow::Result<Vec<u64>> {
    Ok(match width {
        0 => reach::rings_of(csr, sources, depth),
        1 => reach::rings_of_with::<1>(csr, sources, depth),
        2 => reach::rings_of_with::<2>(csr, sources, depth),
        4 => reach::rings_of_with::<4>(csr, sources, depth),
        8 => reach::rings_of_with::<8>(csr, sources, depth),
        16 => reach::rings_of_with::<16>(csr, sources, depth),
        other => anyhow::bail!("--widths: {other} is not one of 1, 2, 4, 8, 16"),
    })
}

fn bench_reach(
    input: &Path,
    threads: &[usize],
    widths: &[usize],
    sources: Option<usize>,
    depth: usize,
    repeat: u32,
) -> anyhow::Result<()> {
    let net = netreach::io::load(input, &LoadOptions::default())?;
    let n = net.node_count();
    let ids: Vec<u32> = match sources {
        Some(k) => reach::sample_sources(n, k, 1),
        None => (0..n as u32).collect(),
    };
    let mut rows = Vec::new();
    let mut reference: Option<Vec<u64>> = None;
    for &t in threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(t.max(1))
            .build()?;
        for &w in widths {
            let mut times = Vec::new();
            for _ in 0..repeat {
                let start = Instant::now();
                let counts = pool.install(|| rings_with_width(&net.csr, &ids, depth, w))?;
                times.push(start.elapsed().as_secs_f64());
                match &reference {
                    None => reference = Some(counts),
                    Some(r) => {
                        anyhow::ensure!(*r == counts, "results differ between configurations")
                    }
                }
            }
            let secs = median(times);
            let shown = if w == 0 { reach::batch_words(n) } else { w };
            rows.push(vec![
                t.to_string(),
                shown.to_string(),
                (64 * shown).to_string(),
                thousands(ids.len() as u64),
                format!("{secs:.3}"),
                format!("{:.0}", ids.len() as f64 / secs),
            ]);
        }
    }
    println!(
        "# {}: n={} m={} depth={depth} peak RSS {} bytes",
        input.display(),
        n,
        net.csr.edge_count(),
        thousands(peak_rss().unwrap_or(0))
    );
    println!(
        "{}",
        render::table(
            &[
                "threads",
                "W",
                "batch",
                "sources",
                "compute_s",
                "sources_per_s"
            ],
            &rows
        )
    );
    println!("all configurations gave identical counts");
    Ok(())
}

fn bench_betweenness(
    input: &Path,
    threads: &[usize],
    exact: bool,
    epsilon: Option<f64>,
    repeat: u32,
) -> anyhow::Result<()> {
    use netreach::connectors::{BetweennessMethod, betweenness, betweenness_sampled};
    let net = netreach::io::load(input, &LoadOptions::default())?;
    let mut rows = Vec::new();
    let mut exact_values: Option<Vec<f64>> = None;
    for &t in threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(t.max(1))
            .build()?;
        if exact {
            let mut times = Vec::new();
            for _ in 0..repeat {
                let start = Instant::now();
                let b = pool.install(|| betweenness(&net.csr));
                times.push(start.elapsed().as_secs_f64());
                match &exact_values {
                    None => exact_values = Some(b.normalised),
                    Some(e) => anyhow::ensure!(
                        *e == b.normalised,
                        "exact betweenness differs between thread counts"
                    ),
                }
            }
            rows.push(vec![
                t.to_string(),
                "exact (Brandes)".into(),
                String::new(),
                format!("{:.3}", median(times)),
                String::new(),
            ]);
        }
        if let Some(eps) = epsilon {
            let mut times = Vec::new();
            let mut last = None;
            for _ in 0..repeat {
                let start = Instant::now();
                last = Some(pool.install(|| betweenness_sampled(&net.csr, eps, 0.1, 1)));
                times.push(start.elapsed().as_secs_f64());
            }
            let b = last.expect("repeat >= 1");
            let samples = match b.method {
                BetweennessMethod::Sampled { samples, .. } => samples,
                BetweennessMethod::Exact => 0,
            };
            let error = exact_values.as_ref().map_or(String::new(), |e| {
                let worst = e
                    .iter()
                    .zip(&b.normalised)
                    .map(|(x, y)| (x - y).abs())
                    .fold(0.0, f64::max);
                format!("{worst:.2e}")
            });
            rows.push(vec![
                t.to_string(),
                format!("sampled ε={eps} δ=0.1"),
                thousands(samples),
                format!("{:.3}", median(times)),
                error,
            ]);
        }
    }
    println!(
        "# {}: n={} m={}",
        input.display(),
        net.node_count(),
        net.csr.edge_count()
    );
    println!(
        "{}",
        render::table(
            &["threads", "method", "samples", "compute_s", "max abs error"],
            &rows
        )
    );
    Ok(())
}

fn bench_recommend(input: &Path, ego: &str, top: usize) -> anyhow::Result<()> {
    use netreach::whatif::{RecommendOptions, recommend, recommend_naive};
    let net = netreach::io::load(input, &LoadOptions::default())?;
    let id = net.resolve(ego)?;
    let opts = RecommendOptions {
        top,
        from: 2,
        mutuals: None,
        target: None,
    };
    let start = Instant::now();
    let fast = recommend(&net, id, &opts);
    let t_fast = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let naive = recommend_naive(&net, id, &opts);
    let t_naive = start.elapsed().as_secs_f64();
    let same = fast.picks == naive.picks;
    println!(
        "# {}: ego {} ({} contacts), {} candidates at distance 2, top {top}",
        input.display(),
        ego,
        net.csr.degree(id),
        fast.candidates
    );
    let rows = vec![
        vec![
            "lazy greedy (bit-parallel gains + CELF)".to_string(),
            format!("{t_fast:.3}"),
            fast.picks.len().to_string(),
            fast.after.to_string(),
        ],
        vec![
            "naive (add each edge, rerun BFS)".to_string(),
            format!("{t_naive:.3}"),
            naive.picks.len().to_string(),
            naive.after.to_string(),
        ],
    ];
    println!(
        "{}",
        render::table(&["method", "seconds", "picks", "reach_3 after"], &rows)
    );
    println!(
        "speed-up {:.1}x; identical picks and gains: {same}",
        t_naive / t_fast.max(1e-9)
    );
    anyhow::ensure!(same, "the two methods disagree");
    Ok(())
}
