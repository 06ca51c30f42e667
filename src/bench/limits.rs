//! `netreach bench limits`: how close each kernel runs to this machine's memory limits. The
//! machine's sequential read bandwidth and its rate of independent random cache-line reads are
//! measured first, with the same threads; then each kernel's work (counted by the kernel, or
//! from its structure where it is fixed) is set against its time.

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use super::say;
use crate::bfs::take_work;
use crate::io::LoadOptions;
use crate::render::{self, thousands};

/// Bytes of the buffer the machine's rates are measured on: far above any last-level cache.
const PROBE_BYTES: usize = 512 << 20;
/// Random line reads per measurement.
const PROBE_READS: usize = 1 << 24;

/// What the machine sustains with the current rayon pool.
#[derive(Clone, Copy, Debug)]
pub struct MachineRates {
    /// Sequential reads, bytes per second.
    pub read_bytes_per_s: f64,
    /// Independent reads of random 64-byte lines, lines per second.
    pub random_lines_per_s: f64,
}

/// Measures [`MachineRates`] on a buffer far larger than the caches (best of three each).
pub fn machine_rates() -> anyhow::Result<MachineRates> {
    crate::memory::ensure(
        (PROBE_BYTES + 4 * PROBE_READS) as u64,
        "measuring memory bandwidth",
    )?;
    let words: Vec<u64> = (0..(PROBE_BYTES / 8) as u64).into_par_iter().collect();
    let read_s = best_of_three(&|| {
        words
            .par_chunks(1 << 16)
            .map(|c| c.iter().sum::<u64>())
            .sum()
    });
    Ok(MachineRates {
        read_bytes_per_s: PROBE_BYTES as f64 / read_s,
        random_lines_per_s: random_line_rate(&words),
    })
}

/// Independent reads of random 64-byte lines of `words` per second, all threads reading the
/// one buffer (best of three).
fn random_line_rate(words: &[u64]) -> f64 {
    let lines = (words.len() / 8).max(1) as u64;
    let picks: Vec<u32> = (0..PROBE_READS as u64)
        .into_par_iter()
        .map(|i| ((i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 20) % lines) as u32)
        .collect();
    let seconds = best_of_three(&|| {
        picks
            .par_chunks(1 << 12)
            .map(|c| c.iter().map(|&l| words[l as usize * 8]).sum::<u64>())
            .sum()
    });
    PROBE_READS as f64 / seconds
}

/// Random 64-byte line reads per second within a buffer of `bytes`: the rate a kernel whose
/// working set is that large can hope for (its lines sit in whatever cache holds it).
fn random_line_rate_within(bytes: u64) -> f64 {
    let words: Vec<u64> = (0..(bytes / 8).max(8)).into_par_iter().collect();
    random_line_rate(&words)
}

fn best_of_three(f: &dyn Fn() -> u64) -> f64 {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// One kernel's work and time.
struct Measured {
    kernel: String,
    seconds: f64,
    /// 64-byte lines read from random places (another node's state, one per arc followed;
    /// a HyperBall counter is `m / 64` adjacent lines).
    random_lines: u64,
    bytes: u64,
    /// Bytes of state the random lines fall in (per thread where each has its own).
    working_set: u64,
}

/// Which kernels [`limits`] runs, and how.
#[derive(Clone, Copy, Debug)]
pub struct Kernels {
    /// Exact all-node reach and exact betweenness (`false` for graphs where they would take
    /// minutes).
    pub exact: bool,
    /// HyperBall's registers per person, as a power of two.
    pub registers_log2: u32,
    /// ε of sampled betweenness (δ = 0.1, seed 1).
    pub epsilon: f64,
}

/// Measures the machine, then the `kernels` on `input`; prints one table.
pub fn limits(input: &Path, repeat: u32, kernels: &Kernels) -> anyhow::Result<()> {
    let net = crate::io::load(input, &LoadOptions::default())?;
    let csr = &net.csr;
    let rates = machine_rates()?;
    let mut rows = Vec::new();
    if kernels.exact {
        rows.push(reach_work(csr, repeat)?);
        rows.push(brandes_work(csr, repeat)?);
    }
    rows.push(sampled_work(csr, repeat, kernels.epsilon)?);
    rows.push(hyperball_work(csr, repeat, kernels.registers_log2)?);
    say(format_args!(
        "# {}: n={} m={} threads={}; machine: sequential read {:.1} GB/s, random 64-byte lines {:.0} M/s",
        input.display(),
        thousands(csr.node_count() as u64),
        thousands(csr.edge_count() as u64),
        rayon::current_num_threads(),
        rates.read_bytes_per_s / 1e9,
        rates.random_lines_per_s / 1e6
    ))?;
    let table: Vec<Vec<String>> = rows.drain(..).map(|m| row(&m, &rates)).collect();
    let header = [
        "kernel",
        "seconds",
        "random lines",
        "bytes moved",
        "GB/s",
        "of sequential read",
        "random lines/s (M)",
        "of DRAM line rate",
        "working set",
        "of line rate in it",
    ];
    say(format_args!("{}", render::table(&header, &table)))?;
    Ok(())
}

fn row(m: &Measured, rates: &MachineRates) -> Vec<String> {
    let bytes_per_s = m.bytes as f64 / m.seconds;
    let lines_per_s = m.random_lines as f64 / m.seconds;
    vec![
        m.kernel.clone(),
        format!("{:.4}", m.seconds),
        thousands(m.random_lines),
        thousands(m.bytes),
        format!("{:.2}", bytes_per_s / 1e9),
        format!("{:.0} %", 100.0 * bytes_per_s / rates.read_bytes_per_s),
        format!("{:.0}", lines_per_s / 1e6),
        format!("{:.0} %", 100.0 * lines_per_s / rates.random_lines_per_s),
        crate::memory::Bytes(m.working_set).to_string(),
        format!(
            "{:.0} %",
            100.0 * lines_per_s / random_line_rate_within(m.working_set)
        ),
    ]
}

/// Median seconds of `repeat` runs of `f`.
fn median_seconds(repeat: u32, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..repeat.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64()
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[(times.len() - 1) / 2]
}

/// Median seconds of `repeat` runs of `run`, and the work `take` reports for one more run
/// (a kernel does the same work every run).
fn timed_then_counted<T>(repeat: u32, mut run: impl FnMut(), take: fn() -> T) -> (f64, T) {
    let seconds = median_seconds(repeat, &mut run);
    take();
    run();
    (seconds, take())
}

/// Everyone's n1..n3 (`reach --all`), with the searches' own counts of what they read.
fn reach_work(csr: &crate::graph::Csr, repeat: u32) -> anyhow::Result<Measured> {
    let n = csr.node_count();
    let words = crate::reach::batch_words(n);
    crate::memory::ensure(
        crate::reach::Everyone::memory_bytes(n, csr.arc_count(), rayon::current_num_threads()),
        "all-node reach",
    )?;
    let everyone: Vec<u32> = (0..n as u32).collect();
    let (seconds, work) = timed_then_counted(
        repeat,
        || {
            std::hint::black_box(crate::reach::rings_of(csr, &everyone, 3));
        },
        take_work,
    );
    Ok(Measured {
        kernel: format!("all-node reach (W = {words}, {} batches)", work.batches),
        seconds,
        random_lines: work.pushed_arcs + work.pulled_arcs,
        bytes: work.bytes(words, n),
        working_set: crate::bfs::MsBfs::<1>::bytes_for(n) * words as u64,
    })
}

/// Exact betweenness (batched Brandes on the folded core's blocks), with the passes' own
/// counts: every arc read brings the neighbour's lane word (a random line); every lane
/// operation reads the neighbour's σ or (w + δ)/σ of that lane.
fn brandes_work(csr: &crate::graph::Csr, repeat: u32) -> anyhow::Result<Measured> {
    crate::memory::ensure(
        crate::connectors::betweenness_memory_bytes(csr, rayon::current_num_threads()),
        "exact betweenness",
    )?;
    let run = || {
        std::hint::black_box(crate::connectors::betweenness(csr));
    };
    // Timed without the lane count (a population count per arc), counted on one more run.
    let seconds = median_seconds(repeat, run);
    crate::connectors::count_lane_ops(true);
    crate::connectors::take_brandes_work();
    run();
    let work = crate::connectors::take_brandes_work();
    crate::connectors::count_lane_ops(false);
    Ok(Measured {
        kernel: format!("exact betweenness ({} core sources)", work.sources),
        seconds,
        random_lines: work.arcs,
        bytes: work.bytes(),
        working_set: csr.node_count() as u64 * (3 * 8 + 2 * 8 * 64),
    })
}

/// Sampled betweenness at (`epsilon`, 0.1), seed 1, with the sampler's own counts: every arc
/// read brings the neighbour's mark (a random line in the searches' marks).
fn sampled_work(csr: &crate::graph::Csr, repeat: u32, epsilon: f64) -> anyhow::Result<Measured> {
    crate::memory::ensure(
        crate::connectors::sampled_memory_bytes(csr, rayon::current_num_threads()),
        "sampled betweenness",
    )?;
    let (seconds, work) = timed_then_counted(
        repeat,
        || {
            std::hint::black_box(crate::connectors::betweenness_sampled(csr, epsilon, 0.1, 1));
        },
        crate::connectors::take_sampled_work,
    );
    Ok(Measured {
        kernel: format!(
            "sampled betweenness (ε = {epsilon}, {} paths)",
            thousands(work.samples)
        ),
        seconds,
        random_lines: work.arcs,
        bytes: work.bytes(),
        // Both searches' marks and σ, per thread.
        working_set: csr.node_count() as u64 * 32,
    })
}

/// HyperBall with `2^bits` registers: round 1 sets one register per arc end; rounds 2 and 3
/// read every neighbour's counter (m bytes from a random place per arc) and round 2 writes
/// every counter once. Fixed by the structure, so counted from it.
fn hyperball_work(csr: &crate::graph::Csr, repeat: u32, bits: u32) -> anyhow::Result<Measured> {
    let n = csr.node_count() as u64;
    let arcs = csr.arc_count() as u64;
    let m = 1u64 << bits;
    crate::memory::ensure(
        crate::hyperball::memory_bytes(csr.node_count(), bits),
        "HyperBall",
    )?;
    let seconds = median_seconds(repeat, || {
        std::hint::black_box(crate::hyperball::approx_reach(csr, bits, 1));
    });
    Ok(Measured {
        kernel: format!("HyperBall ({m} registers, 3 rounds)"),
        seconds,
        random_lines: 2 * arcs * m.div_ceil(64),
        bytes: arcs * (4 + 1) + 2 * arcs * (4 + m) + 2 * n * m,
        working_set: 2 * n * m,
    })
}
