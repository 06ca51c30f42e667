//! `netreach bench suite`: the benchmark suite over generated graphs of growing size.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use super::say;
use crate::connectors::{BetweennessMethod, betweenness_sampled};
use crate::io::LoadOptions;
use crate::{generate, hyperball, reach};
use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

use crate::memory::peak_rss;
use crate::render::{self, thousands};

/// Exact all-node reach is timed up to this many edges; above, a seeded sample of sources.
const EXACT_ALL_MAX_EDGES: usize = 2_000_000;
/// Sources of the sampled all-node timing.
const SAMPLE_SOURCES: usize = 2_000;

/// One child process's measurements.
#[derive(Debug, Serialize, Deserialize)]
struct Row {
    threads: usize,
    nodes: usize,
    edges: usize,
    text_bytes: u64,
    load_s: f64,
    cache_write_s: f64,
    cache_load_s: f64,
    ego_reach_s: f64,
    all_reach_s: f64,
    all_reach_sources: usize,
    hyperball_s: f64,
    betweenness_s: f64,
    betweenness_epsilon: f64,
    betweenness_samples: u64,
    peak_rss: u64,
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed().as_secs_f64())
}

/// Measures one graph in this process (all timings on the current rayon pool).
pub fn one(input: &Path) -> anyhow::Result<()> {
    let text_bytes = std::fs::metadata(input)?.len();
    let (net, load_s) = timed(|| crate::io::load(input, &LoadOptions::default()));
    let net = net?;
    let cache = input.with_extension("nrg");
    let (written, cache_write_s) =
        timed(|| crate::io::write_atomic(&cache, |w| crate::io::cache::write(&net, w)));
    written?;
    let (cached, cache_load_s) = timed(|| crate::io::load(&cache, &LoadOptions::default()));
    anyhow::ensure!(cached?.csr == net.csr, "cache round trip differs");
    let csr = &net.csr;
    let hub = crate::stats::top_by_degree(csr, 1)[0];
    let (_, ego_reach_s) = timed(|| reach::rings(csr, hub, 3));
    let sources: Vec<u32> = if csr.edge_count() <= EXACT_ALL_MAX_EDGES {
        (0..csr.node_count() as u32).collect()
    } else {
        reach::sample_sources(csr.node_count(), SAMPLE_SOURCES, 1)
    };
    let (_, all_reach_s) = timed(|| reach::rings_of(csr, &sources, 3));
    let (_, hyperball_s) = timed(|| hyperball::approx_reach(csr, 6, 1));
    let epsilon = if csr.edge_count() <= EXACT_ALL_MAX_EDGES {
        0.01
    } else {
        0.05
    };
    let (b, betweenness_s) = timed(|| betweenness_sampled(csr, epsilon, 0.1, 1));
    let samples = match b.method {
        BetweennessMethod::Sampled { samples, .. } => samples,
        BetweennessMethod::Exact => 0,
    };
    let row = Row {
        threads: rayon::current_num_threads(),
        nodes: csr.node_count(),
        edges: csr.edge_count(),
        text_bytes,
        load_s,
        cache_write_s,
        cache_load_s,
        ego_reach_s,
        all_reach_s,
        all_reach_sources: sources.len(),
        hyperball_s,
        betweenness_s,
        betweenness_epsilon: epsilon,
        betweenness_samples: samples,
        peak_rss: peak_rss().unwrap_or(0),
    };
    say(format_args!("{}", serde_json::to_string(&row)?))?;
    Ok(())
}

fn revision() -> String {
    Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|t| {
            t.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<u64>().ok())
        })
        .map_or("? GiB".into(), |kb| {
            format!("{:.1} GiB", kb as f64 / 1024.0 / 1024.0)
        });
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{cores} cores, {cpu}, {mem}")
}

/// Runs the suite.
pub fn run(max_edges: u64, work: &Path, out: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(work).with_context(|| work.display().to_string())?;
    let mut rows: Vec<Row> = Vec::new();
    let mut gen_rows = Vec::new();
    let mut edges = 100_000u64;
    while edges <= max_edges {
        let file = work.join(format!("professional-{edges}.txt"));
        gen_rows.push(write_graph(&file, (edges / 10) as u32)?);
        for threads in [1, 2] {
            eprintln!("netreach: bench suite: {edges} edges, {threads} thread(s)");
            rows.push(run_child(&file, threads)?);
        }
        let _ = std::fs::remove_file(&file);
        let _ = std::fs::remove_file(file.with_extension("nrg"));
        edges *= 10;
    }
    let table_rows: Vec<Vec<String>> = rows.iter().map(table_row).collect();
    say(format_args!("{}", render::table(&HEADER, &table_rows)))?;
    let stamp = chrono::Utc::now().format("%Y-%m-%dT%H%M");
    let md = record(&stamp.to_string(), max_edges, &table_rows, &gen_rows);
    std::fs::create_dir_all(out)?;
    let path = out.join(format!("{stamp}-suite.md"));
    crate::io::write_atomic(&path, |w| w.write_all(md.as_bytes()))?;
    eprintln!("netreach: wrote {}", path.display());
    Ok(())
}

/// Generates one suite graph of `nodes` people into `file`; returns its generation row.
fn write_graph(file: &Path, nodes: u32) -> anyhow::Result<Vec<String>> {
    let (pairs, gen_s) = timed(|| generate::professional_large(nodes, 20.0, 42));
    let title = format!("professional network: nodes {nodes} mean degree 20 seed 42");
    let (written, write_s) = timed(|| {
        crate::io::write_atomic(file, |w| {
            writeln!(w, "# {title} (netreach bench suite)")?;
            for p in pairs.chunks_exact(2) {
                writeln!(w, "{}\t{}", p[0], p[1])?;
            }
            Ok(())
        })
    });
    written?;
    Ok(vec![
        thousands(nodes as u64),
        thousands(pairs.len() as u64 / 2),
        format!("{gen_s:.2}"),
        format!("{write_s:.2}"),
    ])
}

/// Times one graph in a child process with `threads` threads (its peak memory is its own).
fn run_child(file: &Path, threads: usize) -> anyhow::Result<Row> {
    let output = Command::new(std::env::current_exe()?)
        .args(["-j", &threads.to_string(), "bench", "suite-one"])
        .arg(file)
        .output()?;
    if !output.status.success() {
        bail!(
            "bench suite-one on {} failed: {}",
            file.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(serde_json::from_slice(&output.stdout)?)
}

const HEADER: [&str; 9] = [
    "edges",
    "threads",
    "text load s",
    "cache load s",
    "hub reach_3 s",
    "all-node exact reach s",
    "HyperBall (64 reg.) s",
    "sampled betweenness s",
    "peak MiB",
];

fn table_row(r: &Row) -> Vec<String> {
    vec![
        thousands(r.edges as u64),
        r.threads.to_string(),
        format!(
            "{:.2} ({:.0} MB/s)",
            r.load_s,
            r.text_bytes as f64 / 1e6 / r.load_s
        ),
        format!("{:.3}", r.cache_load_s),
        format!("{:.4}", r.ego_reach_s),
        format!(
            "{:.2} ({} sources)",
            r.all_reach_s,
            thousands(r.all_reach_sources as u64)
        ),
        format!("{:.2}", r.hyperball_s),
        format!(
            "{:.2} (ε {}, {} samples)",
            r.betweenness_s,
            r.betweenness_epsilon,
            thousands(r.betweenness_samples)
        ),
        format!("{:.0}", r.peak_rss as f64 / 1048576.0),
    ]
}

/// The Markdown record for `reports/bench/`.
fn record(stamp: &str, max_edges: u64, rows: &[Vec<String>], gen_rows: &[Vec<String>]) -> String {
    let mut md = format!(
        "# Benchmark suite, {stamp} UTC\n\n- command: `netreach bench suite --max-edges {max_edges}`\n- revision: `{}`\n- machine: {}\n\nGraphs: `generate professional` (seed 42, mean degree 20 before triadic closure), written as text edge lists. Each row is one child process (`netreach -j T bench suite-one FILE`), so peak memory is that run's own. All-node reach is exact over every person up to {} edges and over a seeded sample of {} people above; the hub is the highest-degree person.\n\n",
        revision(),
        machine(),
        thousands(EXACT_ALL_MAX_EDGES as u64),
        thousands(SAMPLE_SOURCES as u64)
    );
    md.push_str(&format!(
        "| {} |\n|{}\n",
        HEADER.join(" | "),
        "---|".repeat(HEADER.len())
    ));
    for r in rows {
        md.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    md.push_str("\nGeneration (one thread for writing):\n\n| people | edges | generate s | write text s |\n|---|---|---|---|\n");
    for g in gen_rows {
        md.push_str(&format!("| {} |\n", g.join(" | ")));
    }
    md
}
