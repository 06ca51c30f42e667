//! HyperBall, netreach against webgraph-rs, side by side in one process on one graph.
//!
//! `time GRAPH [REPEAT]`: alternates netreach's `hyperball::approx_reach` and webgraph-algo's
//! `HyperBall` (byte registers, `HyperLogLog8`; without and with the transpose, which lets it
//! run systolic rounds), three rounds and 256 registers each, on the
//! global rayon pool (set `RAYON_NUM_THREADS`), and prints the compute time of every run.
//! Neither side's time includes loading the graph; webgraph's includes allocating its
//! counters, as netreach's does.
//!
//! `accuracy GRAPH [SEEDS]`: the relative error of both estimates of |B₃(v)| (everyone within
//! three hops of v, v included) against exact breadth-first search, over several seeds.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use dsi_progress_logger::no_logging;
use netreach::graph::Csr;
use rand::SeedableRng;
use webgraph::graphs::csr_graph::CsrGraph;
use webgraph::traits::SequentialLabeling;
use webgraph_algo::distances::hyperball::HyperBallBuilder;

/// The allocator the `netreach` binary uses (mimalloc), for both sides: a fresh 10^6 × 256-byte
/// counter array costs about a second more under glibc's allocator on this machine (its pages
/// faulted in one by one by both threads), which is the allocator's cost, not HyperBall's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Registers per counter as a power of two: 2^8 = 256, the setting.
const LOG2_REGISTERS: u32 = 8;
/// Ball radius: netreach's reach is n1..n3.
const ROUNDS: usize = 3;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count = |i: usize, default: usize| -> Result<usize> {
        args.get(i)
            .map_or(Ok(default), |s| s.parse().context("a count"))
    };
    match args.first().map(String::as_str) {
        Some("time") if args.len() >= 2 => time(&load(&args[1])?, count(2, 2)?),
        Some("accuracy") if args.len() >= 2 => accuracy(&load(&args[1])?, count(2, 5)?),
        _ => bail!("usage: netreach-webgraph-bench (time GRAPH [REPEAT] | accuracy GRAPH [SEEDS])"),
    }
}

/// Any input netreach reads (an `.nrg` cache is fastest), as its CSR.
fn load(path: &str) -> Result<Csr> {
    let network = netreach::io::load(Path::new(path), &Default::default())?;
    eprintln!(
        "{path}: {} nodes, {} edges, {} rayon threads",
        network.csr.node_count(),
        network.csr.edge_count(),
        rayon::current_num_threads()
    );
    Ok(network.csr)
}

/// The same adjacency as webgraph's in-memory CSR (its fastest random-access graph).
fn to_webgraph(csr: &Csr) -> CsrGraph {
    let dcf: Box<[usize]> = csr.offsets().into();
    let successors: Box<[usize]> = csr.targets().iter().map(|&t| t as usize).collect();
    // SAFETY: `offsets` is netreach's validated CSR index: it starts at 0, never decreases and
    // ends at the number of targets, which is what webgraph requires of a cumulative degree.
    unsafe { CsrGraph::from_parts(dcf, successors) }
}

/// webgraph's estimate of |B₃(v)| for every v, with the time taken. `systolic` hands it the
/// transpose (the graph itself, as it is symmetric), so that it may skip nodes none of whose
/// neighbours changed.
fn webgraph_balls(graph: &CsrGraph, seed: u64, systolic: bool) -> Result<(Vec<f32>, f64)> {
    let dcf = graph.build_dcf();
    let start = Instant::now();
    let mut hyperball = HyperBallBuilder::with_hyper_log_log8(
        graph,
        systolic.then_some(graph),
        &dcf,
        LOG2_REGISTERS,
        None,
    )?
    .build(no_logging![]);
    let rng = rand::rngs::SmallRng::seed_from_u64(seed);
    hyperball.run(ROUNDS, None, rng, no_logging![])?;
    let seconds = start.elapsed().as_secs_f64();
    Ok((hyperball.reachable_nodes()?.into_vec(), seconds))
}

/// netreach's estimate of |B₃(v)| for every v (1 + n1 + n2 + n3), with the time taken.
fn netreach_balls(csr: &Csr, seed: u64) -> (Vec<f64>, f64) {
    let start = Instant::now();
    let approx = netreach::hyperball::approx_reach(csr, LOG2_REGISTERS, seed);
    let seconds = start.elapsed().as_secs_f64();
    let balls = approx
        .rings
        .iter()
        .map(|r| (1 + r[0] + r[1] + r[2]) as f64)
        .collect();
    (balls, seconds)
}

fn time(csr: &Csr, repeat: usize) -> Result<()> {
    let graph = to_webgraph(csr);
    // One untimed run of each first: the first allocation of the counters takes the pages
    // from the system (faulted in), later ones reuse freed memory, for both sides alike.
    netreach_balls(csr, 0);
    webgraph_balls(&graph, 0, false)?;
    println!("run\tnetreach_s\twebgraph_s\twebgraph_systolic_s\tratio_to_faster");
    for run in 1..=repeat {
        let (_, ours) = netreach_balls(csr, run as u64);
        let (_, plain) = webgraph_balls(&graph, run as u64, false)?;
        let (_, systolic) = webgraph_balls(&graph, run as u64, true)?;
        let ratio = ours / plain.min(systolic);
        println!("{run}\t{ours:.3}\t{plain:.3}\t{systolic:.3}\t{ratio:.2}");
    }
    Ok(())
}

/// Mean and 95th-percentile relative error of `estimate` against `exact`, and the share of
/// nodes within two standard errors (2 · 1.04/√m).
fn errors(exact: &[f64], estimate: impl Iterator<Item = f64>) -> (f64, f64, f64) {
    let mut relative: Vec<f64> = exact
        .iter()
        .zip(estimate)
        .map(|(&x, e)| (e - x).abs() / x)
        .collect();
    relative.sort_by(f64::total_cmp);
    let mean = relative.iter().sum::<f64>() / relative.len() as f64;
    let p95 = relative[(relative.len() * 95 / 100).min(relative.len() - 1)];
    let two_se = 2.0 * 1.04 / f64::from(1u32 << LOG2_REGISTERS).sqrt();
    let within = relative.iter().filter(|&&r| r <= two_se).count() as f64 / relative.len() as f64;
    (mean, p95, within)
}

fn accuracy(csr: &Csr, seeds: usize) -> Result<()> {
    let everyone: Vec<u32> = (0..csr.node_count() as u32).collect();
    let rings = netreach::reach::rings_of(csr, &everyone, ROUNDS);
    let exact: Vec<f64> = rings
        .chunks(ROUNDS)
        .map(|r| (1 + r.iter().sum::<u64>()) as f64)
        .collect();
    let graph = to_webgraph(csr);
    println!("seed\tengine\tmean_rel_err\tp95_rel_err\twithin_2se");
    for seed in 1..=seeds as u64 {
        let (ours, _) = netreach_balls(csr, seed);
        let (theirs, _) = webgraph_balls(&graph, seed, false)?;
        for (engine, e) in [
            ("netreach", errors(&exact, ours.into_iter())),
            (
                "webgraph",
                errors(&exact, theirs.into_iter().map(f64::from)),
            ),
        ] {
            println!("{seed}\t{engine}\t{:.4}\t{:.4}\t{:.3}", e.0, e.1, e.2);
        }
    }
    Ok(())
}
