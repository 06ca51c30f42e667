//! Reach: n1..n_k and reach_k for one ego (with breakdowns) and for every person.
//!
//! All functions here are pure: they read a [`Csr`] (and, for breakdowns, the network's
//! attributes) and return plain serde types. Results are identical for any thread count: batches
//! are computed in parallel but always assembled in source order.

use std::cell::Cell;

use rayon::prelude::*;
use serde::Serialize;

use crate::bfs::{BfsScratch, Extra, FullRings, MsBfs, Pairs, WeightedFullRings, WeightedRings};
use crate::graph::NodeId;
use crate::graph::{Csr, Network, Twins};
use crate::progress::{Progress, Silent};

mod standing;

pub use standing::{Compared, Percentiles, Standing, ordinal, standing, two_standard_errors};

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
    let everyone = sources.len() == csr.node_count()
        && sources.iter().enumerate().all(|(i, &s)| s as usize == i);
    if !everyone {
        return rings_by_batch::<W>(csr, sources, depth, None, progress);
    }
    if folds_twins(csr) {
        rings_by_class::<W>(csr, depth, progress)
    } else {
        everyone_rings::<W>(csr, None, depth, progress)
    }
}

/// Whether every person's reach on `csr` is found through twin classes (see
/// [`FOLD_TWINS_FROM`]): the same counts either way.
pub fn folds_twins(csr: &Csr) -> bool {
    csr.node_count() >= FOLD_TWINS_FROM
        && Twins::estimated_class_share(csr, TWIN_SAMPLES) <= FOLD_TWINS_BELOW
}

/// Every person's n_1..n_depth found through twin classes whatever [`folds_twins`] says (for
/// tests and benchmarks): `result[u * depth + k - 1]` is n_k of u, as [`rings_of`] gives it.
pub fn rings_of_everyone_by_class(csr: &Csr, depth: usize) -> Vec<u64> {
    match batch_words(csr.node_count()) {
        4 => rings_by_class::<4>(csr, depth, &Silent),
        _ => rings_by_class::<2>(csr, depth, &Silent),
    }
}

/// Each twin class once, in the quotient, counted by its size (see `graph::twins`), and each
/// person's rings from their class's.
fn rings_by_class<const W: usize>(csr: &Csr, depth: usize, progress: &dyn Progress) -> Vec<u64> {
    let twins = Twins::find(csr);
    let by_class = everyone_rings::<W>(&twins.quotient, Some(&twins.size), depth, progress);
    rings_of_members(&twins, &by_class, depth)
}

/// Everyone's twin classes are searched in the quotient graph instead of everyone in the graph
/// when the graph has at least `FOLD_TWINS_FROM` people and a sample says there are at most
/// `FOLD_TWINS_BELOW` as many classes as people. Finding the classes costs several passes over
/// the graph, about as much as a dozen batches of the search, and a class of more than one
/// person costs more to count; on a smaller graph the search has too few batches to win that
/// back. Measured (`netreach bench reach`, 2 threads, finding the classes included): merged
/// LinkedIn exports (`generate linkedin`, 30 and 100 owners, 16,348 and 76,969 people) 5.5×
/// and 4.0×, Email-Enron (36,692 people, sampled share 0.71, exact 0.60) 1.35×; ca-GrQc (5,242
/// people, 0.72) ran 0.8× as fast folded, so it keeps its graph.
const FOLD_TWINS_FROM: usize = 8192;
/// See [`FOLD_TWINS_FROM`].
const FOLD_TWINS_BELOW: f64 = 0.75;

/// People sampled to estimate the share of twin classes.
const TWIN_SAMPLES: usize = 256;

/// Every node's rings (`weights[u]` people per node, or one each), in the locality order when
/// one pays, rows back in id order: the same counts.
fn everyone_rings<const W: usize>(
    csr: &Csr,
    weights: Option<&[u32]>,
    depth: usize,
    progress: &dyn Progress,
) -> Vec<u64> {
    let all: Vec<u32> = (0..csr.node_count() as u32).collect();
    let Some(order) = crate::bfs::locality_order(csr, MsBfs::<W>::BATCH) else {
        return rings_by_batch::<W>(csr, &all, depth, Some(weights), progress);
    };
    let local = csr.relabelled(&order);
    let local_weights = weights.map(|w| order.apply(w, 1));
    let rows = rings_by_batch::<W>(
        &local,
        &all,
        depth,
        Some(local_weights.as_deref()),
        progress,
    );
    order.restore(&rows, depth)
}

/// Each person's rings from their twin class's: the class's rings, plus the other members at
/// distance 1 (closed twins) or 2 (open twins).
fn rings_of_members(twins: &Twins, by_class: &[u64], depth: usize) -> Vec<u64> {
    let mut rows = Vec::with_capacity(twins.class_of.len() * depth);
    for &class in &twins.class_of {
        let class = class as usize;
        let start = rows.len();
        rows.extend_from_slice(&by_class[class * depth..(class + 1) * depth]);
        let (distance, others) = twins.other_members(class);
        if others > 0 && distance <= depth {
            rows[start + distance - 1] += others;
        }
    }
    rows
}

/// The rings of `sources` in batches of 64·W. `everyone` is `Some(weights)` when the sources
/// are every node in order (`weights[u]` people per node, or one each): each pair at the last
/// distance is then counted once (see `MsBfs::run_symmetric`).
fn rings_by_batch<const W: usize>(
    csr: &Csr,
    sources: &[u32],
    depth: usize,
    everyone: Option<Option<&[u32]>>,
    progress: &dyn Progress,
) -> Vec<u64> {
    if depth == 0 || sources.is_empty() {
        return Vec::new();
    }
    let n = csr.node_count();
    let weights = everyone.flatten();
    // Every node, in order: count each pair at the last distance once (see `run_symmetric`),
    // in one array per thread.
    let pair_slots = if everyone.is_some() { n } else { 0 };
    let batches: Vec<&[u32]> = sources.chunks(MsBfs::<W>::BATCH).collect();
    // Work stealing over single batches (their costs differ widely), with search states
    // reused across rayon's splits instead of allocated and faulted in for each.
    let states = crate::bfs::Pool::new(|| {
        let pairs: Vec<Cell<u32>> = vec![Cell::new(0); pair_slots];
        (
            MsBfs::<W>::new(n),
            WeightedRings::<W>::new(depth, weights),
            pairs,
        )
    });
    let per_batch: Vec<Vec<u64>> = batches
        .par_iter()
        .map_init(
            || states.take(),
            |state, batch| {
                let (bfs, counter, pairs) = &mut **state;
                if everyone.is_some() {
                    let extra = weights.map_or_else(Extra::none, |w| Extra::of(batch, w));
                    let pairs = Pairs {
                        counts: pairs,
                        extra: &extra,
                    };
                    bfs.run_symmetric(csr, batch[0], batch.len(), depth, counter, pairs);
                } else {
                    bfs.run(csr, batch, depth, counter);
                }
                progress.advance(people(weights, batch));
                counter.finish().to_vec()
            },
        )
        .collect();
    let mut counts = per_batch.concat();
    for (_, _, pairs) in states.into_kept() {
        for (u, p) in pairs.iter().enumerate() {
            counts[u * depth + depth - 1] += u64::from(p.get());
        }
    }
    counts
}

/// The people a batch of sources stands for.
fn people(weights: Option<&[u32]>, batch: &[u32]) -> u64 {
    weights.map_or(batch.len() as u64, |w| {
        batch.iter().map(|&s| w[s as usize] as u64).sum()
    })
}

/// Every person's distance sums, from their ring counts n_1, n_2, … at full depth (one
/// multi-source search per batch of sources, run until no source reaches anyone new).
///
/// With r = Σ_k n_k (the people reachable) and T = Σ_k k · n_k (the sum of their distances):
/// closeness is r / T, times r / (n − 1) with NetworkX's `wf_improved` (Wasserman and Faust's
/// scaling for disconnected graphs), 0 when T = 0; harmonic centrality is Σ_k n_k / k.
#[derive(Clone, Debug, PartialEq)]
pub struct DistanceSums {
    /// r: the people reachable from each person (the person not counted).
    pub reached: Vec<u64>,
    /// T: the sum of the distances to them.
    pub total_distance: Vec<u64>,
    /// Σ_k n_k / k, summed level by level in increasing k.
    pub harmonic: Vec<f64>,
}

impl DistanceSums {
    /// Bytes [`distance_sums`] allocates with `threads` workers on a graph of `n` people and
    /// `arcs` arcs: each worker's search state, the three result columns (the ring counts of a
    /// batch are a few words per level), and when twin classes are folded the classes (112
    /// bytes a person while found, the quotient at most 8 bytes an arc) and each class's sums.
    pub fn memory_bytes(n: usize, arcs: usize, threads: usize) -> u64 {
        MsBfs::<8>::bytes_for(n)
            .saturating_mul(threads as u64)
            .saturating_add((24 + 112 + 24) * n as u64)
            .saturating_add(8 * arcs as u64)
    }

    /// Closeness of every person as NetworkX defines it for unweighted graphs.
    pub fn closeness(&self, wf_improved: bool) -> Vec<f64> {
        let n = self.reached.len();
        self.reached
            .iter()
            .zip(&self.total_distance)
            .map(|(&r, &t)| closeness(n, r, t, wf_improved))
            .collect()
    }
}

/// Closeness of one person in a graph of `n` people who reaches `reached` others at a total
/// distance `total`: r / T, times r / (n − 1) with `wf_improved`; 0 when T = 0 (NetworkX's
/// definition, its operations in its order).
pub fn closeness(n: usize, reached: u64, total: u64, wf_improved: bool) -> f64 {
    if total == 0 || n < 2 {
        return 0.0;
    }
    let c = reached as f64 / total as f64;
    if wf_improved {
        c * (reached as f64 / (n - 1) as f64)
    } else {
        c
    }
}

/// Where an ego's reach stands: among the exporters of a merged folder when the ego is one,
/// else among everyone, whose reach is computed for it (after checking that memory allows,
/// as loaders do: this is the one place both front doors, the CLI and Python, rank an ego).
pub fn standing_among_others(network: &Network, ego: u32) -> crate::Result<Percentiles> {
    if compared_with(network, ego) == Compared::Exporters {
        return Ok(exporter_percentiles(network, ego));
    }
    crate::memory::ensure(
        Everyone::memory_bytes(
            network.node_count(),
            network.csr.arc_count(),
            rayon::current_num_threads(),
        ),
        "ranking this reach among everyone's (skip it with --no-percentile)",
    )?;
    let everyone = Everyone::compute(&network.csr);
    Ok(everyone.percentiles(&rings(&network.csr, ego, 3)))
}

/// [`DistanceSums`] of every person. Batches in parallel, assembled in source order: identical
/// for any thread count.
pub fn distance_sums(csr: &Csr) -> DistanceSums {
    if folds_twins(csr) {
        return distance_sums_by_class(csr);
    }
    // Batches of 512 sources in neighbourhood order: measured best on ego-Facebook,
    // Email-Enron, ca-GrQc and LastFM (256 and 1,024 were slower); 256 above 2^20 people,
    // where the search state of 512 would pass 200 MB per worker.
    if csr.node_count() <= DISTANCE_SUMS_WIDE_MAX_NODES {
        distance_sums_batched::<8>(csr)
    } else {
        distance_sums_batched::<4>(csr)
    }
}

/// [`distance_sums`] through twin classes whatever [`folds_twins`] says (for tests; the policy
/// is the one of everyone's reach): each class searched once in the quotient graph to full
/// depth, every class counting its people, and each person's rings from their class's plus the
/// other members at distance 1 (closed twins) or 2 (open twins), the same for every member, so
/// summed once per class. Twins subsume the leaf folding of the plain path: leaves on one
/// person are open twins. Reached people and distance totals are the plain path's integers;
/// harmonic sums add the same terms in the same order, except that the plain path adds a
/// leaf's terms to its 1 last.
pub fn distance_sums_by_class(csr: &Csr) -> DistanceSums {
    let twins = Twins::find(csr);
    let by_class = if twins.quotient.node_count() <= DISTANCE_SUMS_WIDE_MAX_NODES {
        class_sums::<8>(&twins)
    } else {
        class_sums::<4>(&twins)
    };
    let n = csr.node_count();
    let mut sums = DistanceSums {
        reached: vec![0; n],
        total_distance: vec![0; n],
        harmonic: vec![0.0; n],
    };
    for (u, &class) in twins.class_of.iter().enumerate() {
        let class = class as usize;
        sums.reached[u] = by_class.reached[class];
        sums.total_distance[u] = by_class.total_distance[class];
        sums.harmonic[u] = by_class.harmonic[class];
    }
    sums
}

/// The sums every member of each twin class has (all the same): the class's people at each
/// distance, searched to full depth in the quotient graph in batches of 64·W classes in
/// neighbourhood order, plus the other members at distance 1 or 2. Summed batch by batch, so
/// no class keeps its rings (a long graph has thousands of levels).
fn class_sums<const W: usize>(twins: &Twins) -> DistanceSums {
    let quotient = &twins.quotient;
    let n = quotient.node_count();
    let searched: Vec<u32> = (0..n as u32).filter(|&c| quotient.degree(c) > 0).collect();
    let sources = crate::bfs::neighbourhood_order(quotient, &searched);
    let states =
        crate::bfs::Pool::new(|| (MsBfs::<W>::new(n), WeightedFullRings::<W>::new(&twins.size)));
    let batches: Vec<Vec<(u64, u64, f64)>> = sources
        .par_chunks(MsBfs::<W>::BATCH)
        .map_init(
            || states.take(),
            |state, batch| {
                let (bfs, rings) = &mut **state;
                bfs.run(quotient, batch, usize::MAX, rings);
                let levels = rings.finish();
                (0..batch.len())
                    .map(|j| member_sums(twins, batch[j], levels.iter().map(|ring| ring[j])))
                    .collect()
            },
        )
        .collect();
    let mut by_class = vec![(0, 0, 0.0); n];
    for (found, batch) in batches.into_iter().zip(sources.chunks(MsBfs::<W>::BATCH)) {
        for (sums, &c) in found.into_iter().zip(batch) {
            by_class[c as usize] = sums;
        }
    }
    // Classes never searched (people who know nobody, or only each other) have only their own.
    for c in 0..n as u32 {
        if quotient.degree(c) == 0 {
            by_class[c as usize] = member_sums(twins, c, std::iter::empty());
        }
    }
    DistanceSums {
        reached: by_class.iter().map(|s| s.0).collect(),
        total_distance: by_class.iter().map(|s| s.1).collect(),
        harmonic: by_class.iter().map(|s| s.2).collect(),
    }
}

/// Reached, distance total and harmonic sum of a member of `class` whose people at distances
/// 1, 2, … (other classes') are `rings`: those plus the other members at distance 1 (closed
/// twins) or 2 (open twins), terms added in distance order.
fn member_sums(twins: &Twins, class: u32, rings: impl Iterator<Item = u64>) -> (u64, u64, f64) {
    let (at, others) = twins.other_members(class as usize);
    let (mut reached, mut total, mut harmonic) = (0u64, 0u64, 0.0f64);
    let mut rings = rings.fuse();
    for k in 1usize.. {
        let ring = rings.next();
        if ring.is_none() && (others == 0 || k > at) {
            break;
        }
        let count = ring.unwrap_or(0) + if k == at { others } else { 0 };
        reached += count;
        total += k as u64 * count;
        harmonic += count as f64 / k as f64;
    }
    (reached, total, harmonic)
}

/// Graphs up to this many people search 512 sources per batch for [`distance_sums`].
const DISTANCE_SUMS_WIDE_MAX_NODES: usize = 1 << 20;

/// Searched from every person except leaves (degree 1) hanging on a node of degree 2 or more,
/// and isolated people: a leaf l on p is one hop further than p from everyone but itself, so
/// r(l) = r(p), T(l) = T(p) + r(p) − 1 and the harmonic sum is 1 (p) + Σ_k n'_k / (k + 1),
/// n' being p's rings without l. Three in ten people of Email-Enron are such leaves.
fn distance_sums_batched<const W: usize>(csr: &Csr) -> DistanceSums {
    let n = csr.node_count();
    let leaf_of = |v: u32| -> Option<u32> {
        match csr.neighbors(v) {
            [p] if csr.degree(*p) >= 2 => Some(*p),
            _ => None,
        }
    };
    let searched: Vec<u32> = (0..n as u32)
        .filter(|&v| csr.degree(v) > 0 && leaf_of(v).is_none())
        .collect();
    let sources = crate::bfs::neighbourhood_order(csr, &searched);
    let mut has_leaf = vec![false; n];
    for v in 0..n as u32 {
        if let Some(p) = leaf_of(v) {
            has_leaf[p as usize] = true;
        }
    }
    let states = crate::bfs::Pool::new(|| (MsBfs::<W>::new(n), FullRings::<W>::new()));
    let batches: Vec<BatchSums> = sources
        .par_chunks(MsBfs::<W>::BATCH)
        .map_init(
            || states.take(),
            |state, batch| {
                let (bfs, rings) = &mut **state;
                bfs.run(csr, batch, usize::MAX, rings);
                let levels = rings.finish();
                let kept = batch
                    .iter()
                    .enumerate()
                    .filter(|&(_, &s)| has_leaf[s as usize])
                    .map(|(j, &s)| (s, levels.iter().map(|ring| ring[j]).collect()))
                    .collect();
                (batch_sums(levels, batch.len()), kept)
            },
        )
        .collect();
    let mut all = DistanceSums {
        reached: vec![0; n],
        total_distance: vec![0; n],
        harmonic: vec![0.0; n],
    };
    let mut rings_of_parent = rustc_hash::FxHashMap::default();
    for ((sums, kept), batch) in batches.into_iter().zip(sources.chunks(MsBfs::<W>::BATCH)) {
        for (j, &s) in batch.iter().enumerate() {
            all.reached[s as usize] = sums.reached[j];
            all.total_distance[s as usize] = sums.total_distance[j];
            all.harmonic[s as usize] = sums.harmonic[j];
        }
        rings_of_parent.extend(kept);
    }
    fold_leaves(&mut all, &rings_of_parent, leaf_of);
    all
}

/// A batch's sums, and the rings of its sources that have leaves hanging on them.
type BatchSums = (DistanceSums, Vec<(u32, Vec<u64>)>);

/// Each leaf's sums from its parent's (see [`distance_sums_batched`]).
fn fold_leaves(
    all: &mut DistanceSums,
    rings_of_parent: &rustc_hash::FxHashMap<u32, Vec<u64>>,
    leaf_of: impl Fn(u32) -> Option<u32>,
) {
    for l in 0..all.reached.len() as u32 {
        if let Some(p) = leaf_of(l) {
            let (l, p) = (l as usize, p as usize);
            all.reached[l] = all.reached[p];
            all.total_distance[l] = all.total_distance[p] + all.reached[p] - 1;
            all.harmonic[l] = 1.0 + leaf_harmonic(&rings_of_parent[&(p as u32)]);
        }
    }
}

/// Σ_k n'_k / (k + 1) over a parent's rings, n' without the leaf itself (one of n_1).
fn leaf_harmonic(parent_rings: &[u64]) -> f64 {
    (1u64..)
        .zip(parent_rings)
        .map(|(k, &count)| (count - u64::from(k == 1)) as f64 / (k + 1) as f64)
        .sum()
}

/// The sums of one batch from its rings (`levels[k - 1][j]` = n_k of source j).
fn batch_sums(levels: &[Vec<u64>], sources: usize) -> DistanceSums {
    let mut sums = DistanceSums {
        reached: vec![0; sources],
        total_distance: vec![0; sources],
        harmonic: vec![0.0; sources],
    };
    for (k, ring) in (1u64..).zip(levels) {
        for (j, &count) in ring.iter().enumerate() {
            sums.reached[j] += count;
            sums.total_distance[j] += k * count;
            sums.harmonic[j] += count as f64 / k as f64;
        }
    }
    sums
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

/// Reach of one ego.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EgoReach {
    /// Original label of the ego.
    pub ego: NodeId,
    /// Name where known.
    pub name: Option<String>,
    /// Depth asked for.
    pub depth: usize,
    /// People in the network other than the ego.
    pub others: usize,
    /// Rings 1..=depth.
    pub rings: Vec<Ring>,
    /// The standing of reach_2 / reach_3 among others, when it was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percentile: Option<Percentiles>,
}

/// Bytes [`rings_of`] allocates for `sources` on a graph of `n` nodes and `arcs` arcs with
/// `threads` workers: each worker's MS-BFS bitsets (seen, frontier, next) and lists, and the
/// result rows; for everyone, also the graph renumbered in its locality order (offsets,
/// targets, the order both ways) and the rows before they are put back, and the twin classes
/// (while found: fingerprints, candidates and their buckets, about 100 bytes a person; then
/// the quotient graph, at most the graph, and each class's rows).
pub fn memory_bytes(n: usize, arcs: usize, sources: usize, depth: usize, threads: usize) -> u64 {
    // Per thread: the search's three words per lane word and node, its three node lists, and
    // for everyone the thread's count of last-level pairs per node.
    let per_thread = (n as u64).saturating_mul(24 * batch_words(n) as u64 + 16);
    let rows = (sources as u64).saturating_mul(8 * depth as u64);
    // For everyone: the renumbered graph (16 bytes a node, 4 an arc) and its rows, and the twin
    // classes (112 bytes a person, the quotient at most 4 bytes an arc, each class's rows).
    let everyone = if sources == n {
        (n as u64)
            .saturating_mul(16 + 112)
            .saturating_add((arcs as u64).saturating_mul(8))
            .saturating_add(rows.saturating_mul(2))
    } else {
        0
    };
    per_thread
        .saturating_mul(threads as u64)
        .saturating_add(rows)
        .saturating_add(everyone)
}

/// Reach of `ego` to `depth` hops, with company/position breakdowns: one BFS. Its standing
/// among others is [`percentiles`]' (set `percentile` to it when it is shown).
pub fn ego_reach(network: &Network, ego: u32, depth: usize) -> EgoReach {
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
    EgoReach {
        ego: network.labels.id(ego),
        name: network.people.name(ego).map(str::to_string),
        depth,
        others,
        rings,
        percentile: None,
    }
}

/// With whom `ego`'s reach is compared: the exporters on a merged folder when `ego` is one of
/// them (nobody else's own network is loaded), else everyone.
pub fn compared_with(network: &Network, ego: u32) -> Compared {
    if network.people.is_owner(ego) && !network.exporters().is_empty() {
        Compared::Exporters
    } else {
        Compared::Everyone
    }
}

/// `ego`'s standing among the exporters of a merged folder: one multi-source search from them.
pub fn exporter_percentiles(network: &Network, ego: u32) -> Percentiles {
    let owners = network.exporters();
    let rings: Vec<[u64; 3]> = rings_of(&network.csr, &owners, 3)
        .chunks_exact(3)
        .map(|r| [r[0], r[1], r[2]])
        .collect();
    Percentiles::of(
        &rings,
        &self::rings(&network.csr, ego, 3),
        Compared::Exporters,
        None,
    )
}

/// `ego`'s standing by [`compared_with`]: among the exporters, else among `everyone`.
pub fn percentiles(network: &Network, ego: u32, everyone: &Everyone) -> Percentiles {
    match compared_with(network, ego) {
        Compared::Exporters => exporter_percentiles(network, ego),
        Compared::Everyone => everyone.percentiles(&self::rings(&network.csr, ego, 3)),
    }
}

fn share(part: u64, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The five most common values of `attr` among `ids`, most common first, ties by value.
pub(crate) fn top_values<'a>(
    ids: &[u32],
    attr: impl Fn(u32) -> Option<&'a str>,
) -> Vec<(String, u64)> {
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

/// Everyone's n1, n2 and n3, computed once per command by the one large-graph policy: exact
/// (MS-BFS from every person) up to [`EVERYONE_EXACT_LIMIT`] people, HyperBall estimates with
/// 2^[`EVERYONE_REGISTER_BITS`] registers above. Percentiles, the reach distribution and
/// reach-vs-degree all read this one value, so no two numbers on a page disagree.
#[derive(Clone, Debug)]
pub struct Everyone {
    /// `rings[v] = [n1, n2, n3]` of node `v`.
    pub rings: Vec<[u64; 3]>,
    /// Whether n2 and n3 are HyperBall estimates rather than exact counts.
    pub estimated: bool,
}

/// Above this many people, everyone's reach is estimated (exact all-node reach costs about
/// n·m/64 word operations; HyperBall costs 3·m register merges).
pub const EVERYONE_EXACT_LIMIT: usize = 100_000;
/// Registers (2^bits) of those estimates: ±9 % relative standard error.
pub const EVERYONE_REGISTER_BITS: u32 = 7;

impl Everyone {
    /// Bytes [`Everyone::compute`] allocates on a graph of `n` nodes and `arcs` arcs with
    /// `threads` workers; the caller checks it against the memory limit first.
    pub fn memory_bytes(n: usize, arcs: usize, threads: usize) -> u64 {
        let result = (n as u64).saturating_mul(24);
        result.saturating_add(if n > EVERYONE_EXACT_LIMIT {
            crate::hyperball::memory_bytes(n, EVERYONE_REGISTER_BITS)
        } else {
            memory_bytes(n, arcs, n, 3, threads)
        })
    }

    /// Everyone's reach by the policy above.
    pub fn compute(csr: &Csr) -> Everyone {
        if csr.node_count() > EVERYONE_EXACT_LIMIT {
            Everyone::estimate(csr)
        } else {
            Everyone::exact(csr)
        }
    }

    /// Everyone's exact reach (one multi-source search from every person).
    pub fn exact(csr: &Csr) -> Everyone {
        let sources: Vec<u32> = (0..csr.node_count() as u32).collect();
        let rings = rings_of(csr, &sources, 3)
            .chunks_exact(3)
            .map(|r| [r[0], r[1], r[2]])
            .collect();
        Everyone {
            rings,
            estimated: false,
        }
    }

    /// Everyone's reach estimated by HyperBall with 2^[`EVERYONE_REGISTER_BITS`] registers.
    pub fn estimate(csr: &Csr) -> Everyone {
        Everyone {
            rings: crate::hyperball::approx_reach(csr, EVERYONE_REGISTER_BITS, 1).rings,
            estimated: true,
        }
    }

    /// The mid-rank percentile (see [`standing`]) of a reach within `k` hops (1 to 3) of
    /// `value` among everyone.
    pub fn percentile(&self, k: usize, value: u64) -> f64 {
        let k = k.clamp(1, 3);
        let values: Vec<u64> = self.rings.iter().map(|r| r[..k].iter().sum()).collect();
        standing::standing(&values, value, None).percentile
    }

    /// Where an ego with rings `mine` (n1, n2, n3) stands among everyone.
    pub fn percentiles(&self, mine: &[u64]) -> Percentiles {
        let error = self
            .estimated
            .then(|| standing::two_standard_errors(EVERYONE_REGISTER_BITS));
        Percentiles::of(&self.rings, mine, Compared::Everyone, error)
    }

    /// What the comparison is against, in words.
    pub fn describe(&self) -> String {
        if self.estimated {
            format!(
                "HyperBall estimates of all {} people's reach (±9% each)",
                crate::render::thousands(self.rings.len() as u64)
            )
        } else {
            format!(
                "the exact reach of all {} people",
                crate::render::thousands(self.rings.len() as u64)
            )
        }
    }
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
