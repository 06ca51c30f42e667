//! The benchmark harness behind `netreach bench`: timings of the kernels on one input and the
//! suite of generated graphs, printed as tables for the records under `reports/`. Timings are
//! wall-clock medians over `repeat` runs; only ratios measured side by side in one run mean
//! anything on a shared machine. A harness, not an analysis: it prints and spawns processes.

pub mod limits;
pub mod suite;

use std::path::Path;
use std::time::Instant;

use anyhow::Context;

use crate::io::LoadOptions;
use crate::reach as reach_kernels;
use crate::render::{self, thousands};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[(xs.len() - 1) / 2]
}

/// Loads `input` `repeat` times: seconds, MB/s, graph bytes, peak memory.
pub fn load(input: &Path, repeat: u32) -> anyhow::Result<()> {
    let bytes = std::fs::metadata(input)
        .with_context(|| input.display().to_string())?
        .len();
    let mut times = Vec::new();
    let mut graph_bytes = 0;
    let mut counts = (0, 0);
    for _ in 0..repeat {
        let start = Instant::now();
        let net = crate::io::load(input, &LoadOptions::default())?;
        times.push(start.elapsed().as_secs_f64());
        graph_bytes = net.csr.heap_bytes() + net.labels.len() * 8;
        counts = (net.node_count(), net.csr.edge_count());
    }
    let t = median(times);
    let peak = crate::memory::peak_rss().unwrap_or(0);
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
    say(format_args!("{}", render::table(&["load", "value"], &rows)))?;
    Ok(())
}

fn rings_with_width(
    csr: &crate::graph::Csr,
    sources: &[u32],
    depth: usize,
    width: usize,
) -> anyhow::Result<Vec<u64>> {
    Ok(match width {
        0 => reach_kernels::rings_of(csr, sources, depth),
        1 => reach_kernels::rings_of_with::<1>(csr, sources, depth),
        2 => reach_kernels::rings_of_with::<2>(csr, sources, depth),
        4 => reach_kernels::rings_of_with::<4>(csr, sources, depth),
        8 => reach_kernels::rings_of_with::<8>(csr, sources, depth),
        16 => reach_kernels::rings_of_with::<16>(csr, sources, depth),
        other => anyhow::bail!("--widths: {other} is not one of 1, 2, 4, 8, 16"),
    })
}

/// All-node (or sampled) exact reach per thread count and batch width.
pub fn reach(
    input: &Path,
    threads: &[usize],
    widths: &[usize],
    sources: Option<usize>,
    depth: usize,
    repeat: u32,
) -> anyhow::Result<()> {
    let net = crate::io::load(input, &LoadOptions::default())?;
    let n = net.node_count();
    let ids: Vec<u32> = match sources {
        Some(k) => reach_kernels::sample_sources(n, k, 1),
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
                same_as_first(
                    &mut reference,
                    counts,
                    "results differ between configurations",
                )?;
            }
            let shown = if w == 0 {
                reach_kernels::batch_words(n)
            } else {
                w
            };
            rows.push(reach_row(t, shown, ids.len(), median(times)));
        }
    }
    print_reach_header(input, &net.csr, depth, sources.is_none())?;
    let header = [
        "threads",
        "W",
        "batch",
        "sources",
        "compute_s",
        "sources_per_s",
    ];
    say(format_args!("{}", render::table(&header, &rows)))?;
    say(format_args!("all configurations gave identical counts"))?;
    Ok(())
}

/// One row of the reach benchmark: threads, batch width, sources, seconds, sources per second.
fn reach_row(threads: usize, width: usize, sources: usize, secs: f64) -> Vec<String> {
    vec![
        threads.to_string(),
        width.to_string(),
        (64 * width).to_string(),
        thousands(sources as u64),
        format!("{secs:.3}"),
        format!("{:.0}", sources as f64 / secs),
    ]
}

/// The `bench reach` header: the graph, the depth, the peak memory so far and, for everyone,
/// whether their reach was searched by twin class.
fn print_reach_header(
    input: &Path,
    csr: &crate::graph::Csr,
    depth: usize,
    everyone: bool,
) -> std::io::Result<()> {
    let searched = if !everyone {
        ""
    } else if crate::reach::folds_twins(csr) {
        "; everyone's reach searched by twin class"
    } else {
        "; everyone's reach searched person by person"
    };
    say(format_args!(
        "# {}: n={} m={} depth={depth} peak RSS {} bytes{searched}",
        input.display(),
        csr.node_count(),
        csr.edge_count(),
        thousands(crate::memory::peak_rss().unwrap_or(0))
    ))
}

/// Writes a line of a benchmark's report to standard output; an error (a closed pipe, as in
/// `netreach bench … | head`) goes back to the caller instead of panicking as `println!` does.
pub(crate) fn say(line: std::fmt::Arguments<'_>) -> std::io::Result<()> {
    use std::io::Write;
    writeln!(std::io::stdout().lock(), "{line}")
}

/// Keeps the first run's result and checks every later one against it.
fn same_as_first<T: PartialEq>(first: &mut Option<T>, now: T, message: &str) -> anyhow::Result<()> {
    match first {
        None => *first = Some(now),
        Some(f) => anyhow::ensure!(*f == now, "{message}"),
    }
    Ok(())
}

/// Exact and sampled betweenness per thread count.
pub fn betweenness(
    input: &Path,
    threads: &[usize],
    exact: bool,
    epsilon: Option<f64>,
    repeat: u32,
) -> anyhow::Result<()> {
    let net = crate::io::load(input, &LoadOptions::default())?;
    let mut rows = Vec::new();
    let mut exact_values: Option<Vec<f64>> = None;
    for &t in threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(t.max(1))
            .build()?;
        if exact {
            rows.push(time_exact(&pool, &net.csr, t, repeat, &mut exact_values)?);
        }
        if let Some(eps) = epsilon {
            rows.push(time_sampled(
                &pool,
                &net.csr,
                t,
                eps,
                repeat,
                exact_values.as_deref(),
            ));
        }
    }
    say(format_args!(
        "# {}: n={} m={}",
        input.display(),
        net.node_count(),
        net.csr.edge_count()
    ))?;
    let header = ["threads", "method", "samples", "compute_s", "max abs error"];
    say(format_args!("{}", render::table(&header, &rows)))?;
    Ok(())
}

/// The median of `repeat` timed runs of exact Brandes, checked equal across thread counts.
fn time_exact(
    pool: &rayon::ThreadPool,
    csr: &crate::graph::Csr,
    threads: usize,
    repeat: u32,
    exact_values: &mut Option<Vec<f64>>,
) -> anyhow::Result<Vec<String>> {
    let mut times = Vec::new();
    for _ in 0..repeat {
        let start = Instant::now();
        let b = pool.install(|| crate::connectors::betweenness(csr));
        times.push(start.elapsed().as_secs_f64());
        same_as_first(
            exact_values,
            b.normalised,
            "exact betweenness differs between thread counts",
        )?;
    }
    Ok(vec![
        threads.to_string(),
        "exact (Brandes)".into(),
        String::new(),
        format!("{:.3}", median(times)),
        String::new(),
    ])
}

/// The median of `repeat` timed runs of sampled betweenness after one untimed warm-up run,
/// with the largest error against the exact values when they were computed.
fn time_sampled(
    pool: &rayon::ThreadPool,
    csr: &crate::graph::Csr,
    threads: usize,
    eps: f64,
    repeat: u32,
    exact: Option<&[f64]>,
) -> Vec<String> {
    use crate::connectors::{BetweennessMethod, betweenness_sampled};
    let mut times = Vec::new();
    let mut b = pool.install(|| betweenness_sampled(csr, eps, 0.1, 1));
    for _ in 0..repeat {
        let start = Instant::now();
        b = pool.install(|| betweenness_sampled(csr, eps, 0.1, 1));
        times.push(start.elapsed().as_secs_f64());
    }
    let samples = match b.method {
        BetweennessMethod::Sampled { samples, .. } => samples,
        BetweennessMethod::Exact => 0,
    };
    let error = exact.map_or(String::new(), |e| {
        let worst = e
            .iter()
            .zip(&b.normalised)
            .map(|(x, y)| (x - y).abs())
            .fold(0.0, f64::max);
        format!("{worst:.2e}")
    });
    vec![
        threads.to_string(),
        format!("sampled ε={eps} δ=0.1"),
        thousands(samples),
        format!("{:.3}", median(times)),
        error,
    ]
}

/// `recommend --top K` against the naive method.
pub fn recommend(input: &Path, ego: &str, top: usize) -> anyhow::Result<()> {
    use crate::whatif::{RecommendOptions, recommend, recommend_naive};
    let net = crate::io::load(input, &LoadOptions::default())?;
    let id = net.resolve(ego)?;
    let opts = RecommendOptions {
        top,
        from: 2,
        mutuals: None,
        target: None,
        leave_out: &[],
    };
    let start = Instant::now();
    let fast = recommend(&net, id, &opts);
    let t_fast = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let naive = recommend_naive(&net, id, &opts);
    let t_naive = start.elapsed().as_secs_f64();
    let same = fast.picks == naive.picks;
    say(format_args!(
        "# {}: ego {} ({} contacts), {} candidates at distance 2, top {top}",
        input.display(),
        ego,
        net.csr.degree(id),
        fast.candidates
    ))?;
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
    say(format_args!(
        "{}",
        render::table(&["method", "seconds", "picks", "reach_3 after"], &rows)
    ))?;
    say(format_args!(
        "speed-up {:.1}x; identical picks and gains: {same}",
        t_naive / t_fast.max(1e-9)
    ))?;
    anyhow::ensure!(same, "the two methods disagree");
    Ok(())
}

/// Leiden communities per thread count: the median compute time of `repeat` runs (the graph
/// already loaded), modularity and the number of communities, checked identical across thread
/// counts.
pub fn communities(input: &Path, threads: &[usize], seed: u64, repeat: u32) -> anyhow::Result<()> {
    let net = crate::io::load(input, &LoadOptions::default())?;
    let mut rows = Vec::new();
    let mut first: Option<Vec<u32>> = None;
    for &t in threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(t.max(1))
            .build()?;
        let mut times = Vec::new();
        let mut last = None;
        for _ in 0..repeat {
            let start = Instant::now();
            let c = pool.install(|| {
                crate::community::detect(
                    &net.csr,
                    crate::community::Options {
                        resolution: 1.0,
                        seed,
                    },
                )
            });
            times.push(start.elapsed().as_secs_f64());
            same_as_first(
                &mut first,
                c.membership.clone(),
                "communities differ between thread counts",
            )?;
            last = Some(c);
        }
        if let Some(c) = last {
            rows.push(vec![
                t.to_string(),
                format!("{:.3}", median(times)),
                format!("{:.4}", c.modularity),
                c.sizes.len().to_string(),
            ]);
        }
    }
    say(format_args!(
        "# {}: n={} m={} seed={seed}",
        input.display(),
        net.node_count(),
        net.csr.edge_count()
    ))?;
    let header = ["threads", "compute_s", "modularity", "communities"];
    say(format_args!("{}", render::table(&header, &rows)))?;
    Ok(())
}
