//! Reach: n1..n_k and reach_k for one ego (with breakdowns) and for every person.
//!
//! All functions here are pure: they read a [`Csr`] (and, for breakdowns, the network's
//! attributes) and return plain serde types. Results are identical for any thread count: batches
//! are computed in parallel but always assembled in source order.

use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::bfs::{BfsScratch, MsBfs, RingCounter};
use crate::graph::{Csr, Network};
use crate::progress::{Progress, Silent};

/// Graphs up to this many nodes use batches of 256 sources (W = 4), larger ones 128 (W = 2):
/// the per-node frontier words of a batch should stay near the L2 cache. Chosen by
/// measurement (`netreach bench reach --widths 1,2,4,8`, see `reports/`).
pub const WIDE_BATCH_MAX_NODES: usize = 65_536;

/// n_1..n_depth from one source (`result[k-1] = n_k`). Allocates scratch; use [`BfsScratch`]
/// directly for many queries.
pub fn rings(csr: &Csr, source: u32, depth: usize) -> Vec<u64> {
    BfsScratch::new(csr.node_count()).rings(csr, source, depth)
}

/// n_1..n_depth for each of `sources`, flattened: `result[i * depth + k - 1]` is n_k of
/// `sources[i]`. Multi-source bit-parallel BFS, batches in parallel on the current rayon pool.
pub fn rings_of(csr: &Csr, sources: &[u32], depth: usize) -> Vec<u64> {
    rings_of_progress(csr, sources, depth, &Silent)
}

/// [`rings_of`], reporting finished sources to `progress`.
pub fn rings_of_progress(
    csr: &Csr,
    sources: &[u32],
    depth: usize,
    progress: &dyn Progress,
) -> Vec<u64> {
    progress.begin("exact reach", sources.len() as u64);
    let result = match batch_words(csr.node_count()) {
        4 => rings_of_batched::<4>(csr, sources, depth, progress),
        _ => rings_of_batched::<2>(csr, sources, depth, progress),
    };
    progress.end();
    result
}

/// The batch width W (64·W sources per batch) [`rings_of`] uses for a graph of `n` nodes.
pub fn batch_words(n: usize) -> usize {
    if n <= WIDE_BATCH_MAX_NODES { 4 } else { 2 }
}

/// [`rings_of`] with an explicit batch width of `64 · W` sources (for benchmarks).
pub fn rings_of_with<const W: usize>(csr: &Csr, sources: &[u32], depth: usize) -> Vec<u64> {
    rings_of_batched::<W>(csr, sources, depth, &Silent)
}

fn rings_of_batched<const W: usize>(
    csr: &Csr,
    sources: &[u32],
    depth: usize,
    progress: &dyn Progress,
) -> Vec<u64> {
    if depth == 0 || sources.is_empty() {
        return Vec::new();
    }
    let n = csr.node_count();
    // Every node, in order: count each pair at the last distance once (see `run_symmetric`).
    let everyone = sources.len() == n && sources.iter().enumerate().all(|(i, &s)| s as usize == i);
    let pairs: Vec<AtomicU64> = if everyone {
        (0..n).map(|_| AtomicU64::new(0)).collect()
    } else {
        Vec::new()
    };
    let batches: Vec<&[u32]> = sources.chunks(MsBfs::<W>::BATCH).collect();
    let per_batch: Vec<Vec<u64>> = batches
        .par_iter()
        .map_init(
            || (MsBfs::<W>::new(n), RingCounter::<W>::new(depth)),
            |(bfs, counter), batch| {
                if everyone {
                    bfs.run_symmetric(csr, batch[0], batch.len(), depth, counter, &pairs);
                } else {
                    bfs.run(csr, batch, depth, counter);
                }
                progress.advance(batch.len() as u64);
                counter.finish().to_vec()
            },
        )
        .collect();
    let mut counts = per_batch.concat();
    for (u, p) in pairs.iter().enumerate() {
        counts[u * depth + depth - 1] += p.load(Ordering::Relaxed);
    }
    counts
}

/// One ring of an ego: people at distance exactly `k`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Ring {
    /// Distance.
    pub k: usize,
    /// n_k: people at distance exactly k.
    pub count: u64,
    /// reach_k: people within k hops.
    pub reach: u64,
    /// reach_k as a share of everyone else in the network.
    pub reach_share: f64,
    /// Most common companies in the ring, `(company, people)`, at most 5.
    pub top_companies: Vec<(String, u64)>,
    /// Most common positions in the ring, `(position, people)`, at most 5.
    pub top_positions: Vec<(String, u64)>,
}

/// The ego's standing among all people.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Percentiles {
    /// Share of people (in %) whose reach_2 is below the ego's.
    pub reach_2: f64,
    /// Share of people (in %) whose reach_3 is below the ego's (when depth >= 3).
    pub reach_3: Option<f64>,
    /// People compared against (everyone).
    pub compared: usize,
    /// Whether the others' reach is a HyperBall estimate (large graphs) rather than exact.
    pub sampled: bool,
}

/// Reach of one ego.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EgoReach {
    /// Original label of the ego.
    pub ego: String,
    /// Name where known.
    pub name: Option<String>,
    /// Depth asked for.
    pub depth: usize,
    /// People in the network other than the ego.
    pub others: usize,
    /// Rings 1..=depth.
    pub rings: Vec<Ring>,
    /// Percentiles of reach_2 / reach_3 among all people.
    pub percentile: Percentiles,
}

/// Above this many nodes the percentile compares with everyone's HyperBall estimates (exact
/// all-node reach would cost too much for one ego's question).
pub const PERCENTILE_EXACT_LIMIT: usize = 100_000;
/// Registers (2^bits) of those estimates.
pub const PERCENTILE_REGISTER_BITS: u32 = 7;

/// Bytes [`rings_of`] allocates for `sources` on a graph of `n` nodes with `threads` workers:
/// each worker's MS-BFS bitsets (seen, frontier, next) and lists, and the result rows.
pub fn memory_bytes(n: usize, sources: usize, depth: usize, threads: usize) -> u64 {
    let per_thread = (n as u64).saturating_mul(24 * batch_words(n) as u64 + 8);
    per_thread
        .saturating_mul(threads as u64)
        .saturating_add((sources as u64).saturating_mul(8 * depth as u64))
}

/// Reach of `ego` to `depth` hops, with company/position breakdowns and percentiles.
///
/// Fails only when the percentile's estimates for everyone would not fit in memory.
pub fn ego_reach(network: &Network, ego: u32, depth: usize) -> crate::Result<EgoReach> {
    let csr = &network.csr;
    let n = csr.node_count();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); depth];
    BfsScratch::new(n).visit(csr, ego, depth, |v, d| {
        if d > 0 {
            members[d - 1].push(v);
        }
    });
    let others = n.saturating_sub(1);
    let mut reach = 0u64;
    let rings = members
        .iter()
        .enumerate()
        .map(|(i, ring)| {
            reach += ring.len() as u64;
            Ring {
                k: i + 1,
                count: ring.len() as u64,
                reach,
                reach_share: share(reach, others),
                top_companies: top_values(ring, |v| network.people.company(v)),
                top_positions: top_values(ring, |v| network.people.position(v)),
            }
        })
        .collect();
    Ok(EgoReach {
        ego: network.labels.get(ego),
        name: network.people.name(ego).map(str::to_string),
        depth,
        others,
        rings,
        percentile: percentiles(csr, ego)?,
    })
}

fn share(part: u64, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The five most common values of `attr` among `ids`, most common first, ties by value.
fn top_values<'a>(ids: &[u32], attr: impl Fn(u32) -> Option<&'a str>) -> Vec<(String, u64)> {
    let mut counts: std::collections::BTreeMap<&str, u64> = Default::default();
    for &v in ids {
        if let Some(a) = attr(v) {
            *counts.entry(a).or_default() += 1;
        }
    }
    let mut top: Vec<(String, u64)> = counts
        .into_iter()
        .map(|(k, c)| (k.to_string(), c))
        .collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(5);
    top
}

/// Where the ego's reach_2 and reach_3 fall among everyone (or a seeded sample).
fn percentiles(csr: &Csr, ego: u32) -> crate::Result<Percentiles> {
    let n = csr.node_count();
    let approximate = n > PERCENTILE_EXACT_LIMIT;
    let need = if approximate {
        crate::hyperball::memory_bytes(n, PERCENTILE_REGISTER_BITS)
    } else {
        memory_bytes(n, n, 3, rayon::current_num_threads())
    };
    crate::memory::ensure(need, "ranking this reach among everyone's")?;
    let mine = rings(csr, ego, 3);
    // Everyone's reach_2 and reach_3: exact, or HyperBall estimates on large graphs.
    let everyone: Vec<[u64; 2]> = if approximate {
        crate::hyperball::approx_reach(csr, PERCENTILE_REGISTER_BITS, 1)
            .rings
            .iter()
            .map(|r| [r[0] + r[1], r[0] + r[1] + r[2]])
            .collect()
    } else {
        let sources: Vec<u32> = (0..n as u32).collect();
        rings_of(csr, &sources, 3)
            .chunks_exact(3)
            .map(|r| [r[0] + r[1], r[0] + r[1] + r[2]])
            .collect()
    };
    let below = |k: usize| {
        let my: u64 = mine[..k].iter().sum();
        let count = everyone.iter().filter(|r| r[k - 2] < my).count();
        100.0 * count as f64 / n.max(1) as f64
    };
    Ok(Percentiles {
        reach_2: below(2),
        reach_3: Some(below(3)),
        compared: n,
        sampled: approximate,
    })
}

/// `count` distinct node ids in `0..n`, seeded, sorted ascending.
pub fn sample_sources(n: usize, count: usize, seed: u64) -> Vec<u32> {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut ids: Vec<u32> = rand::seq::index::sample(&mut rng, n, count.min(n))
        .into_iter()
        .map(|i| i as u32)
        .collect();
    ids.sort_unstable();
    ids
}

/// Summary statistics of one column of the all-node table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Distribution {
    /// Column name (`n1`, `n2`, `reach_3`, …).
    pub column: String,
    /// Mean.
    pub mean: f64,
    /// Median (lower).
    pub median: u64,
    /// 90th percentile (nearest rank).
    pub p90: u64,
    /// 99th percentile (nearest rank).
    pub p99: u64,
    /// Maximum.
    pub max: u64,
}

/// Distribution of `values` (nearest-rank percentiles).
pub fn distribution(column: &str, values: &[u64]) -> Distribution {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = |q: f64| {
        if sorted.is_empty() {
            return 0;
        }
        let i = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
        sorted[i]
    };
    Distribution {
        column: column.to_string(),
        mean: if sorted.is_empty() {
            0.0
        } else {
            sorted.iter().sum::<u64>() as f64 / sorted.len() as f64
        },
        median: if sorted.is_empty() {
            0
        } else {
            sorted[(sorted.len() - 1) / 2]
        },
        p90: rank(0.90),
        p99: rank(0.99),
        max: sorted.last().copied().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_width_does_not_change_results() {
        let pairs: Vec<u32> = crate::generate::barabasi_albert(300, 3, 7);
        let (g, _) = Csr::from_pairs(300, &pairs);
        let sources: Vec<u32> = (0..300).collect();
        let a = rings_of_with::<1>(&g, &sources, 4);
        let b = rings_of_with::<4>(&g, &sources, 4);
        assert_eq!(a, b);
        let mut s = BfsScratch::new(300);
        for (i, &src) in sources.iter().enumerate() {
            assert_eq!(&a[i * 4..i * 4 + 4], s.rings(&g, src, 4).as_slice());
        }
    }

    #[test]
    fn distribution_percentiles() {
        let d = distribution("x", &[5, 1, 3, 2, 4]);
        assert_eq!((d.median, d.p90, d.max), (3, 5, 5));
        assert!((d.mean - 3.0).abs() < 1e-12);
    }
}
