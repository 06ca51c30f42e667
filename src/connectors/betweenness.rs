//! Betweenness centrality: exact (Brandes, parallel over sources) and sampled with an
//! (ε, δ) guarantee (Riondato–Kornaropoulos).
//!
//! U. Brandes, "A faster algorithm for betweenness centrality", J. Math. Sociol. 25(2), 2001.
//! M. Riondato and E. M. Kornaropoulos, "Fast approximation of betweenness centrality through
//! sampling", Data Min. Knowl. Disc. 30, 2016.
//!
//! Scale: `raw` counts each unordered pair {s, t} once, as igraph and NetworkX (unnormalised)
//! do for undirected graphs; `normalised` is NetworkX's `raw · 2 / ((n − 1)(n − 2))`.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use crate::graph::Csr;
use crate::tally::{Counts, Tally};

/// Bytes exact betweenness allocates with `threads` workers: each worker's batched state and
/// score accumulator, the result, and the folded core and its blocks (at most a copy of the
/// graph and a few words per node).
pub fn memory_bytes(csr: &Csr, threads: usize) -> u64 {
    let n = csr.node_count();
    Batched::bytes_for(n)
        .saturating_add(8 * n as u64)
        .saturating_mul(threads as u64)
        .saturating_add((n as u64).saturating_mul(16 + 64))
        .saturating_add(csr.heap_bytes() as u64)
}

/// Bytes sampled betweenness allocates with `threads` workers: each worker's two searches
/// (stamp, σ and two frontier slots per node) and hit counts, one more worker's counts while
/// two are added, and the per-node arrays of the run (components, pilot and main-phase hits,
/// pilot classes, the diameter bound's distances and its search's three words per node).
pub fn sampled_memory_bytes(csr: &Csr, threads: usize) -> u64 {
    let n = csr.node_count() as u64;
    let worker = n.saturating_mul(2 * (8 + 8 + 4 + 4) + 4);
    let shared = n.saturating_mul(4 + 8 + 8 + 4 + 8 + 24);
    worker
        .saturating_mul(threads as u64)
        .saturating_add(4 * n)
        .saturating_add(shared)
}

/// Sources per batched pass: one bit each in a node's lane mask, one `f64` each in its σ and δ
/// rows.
const LANES: usize = 64;

/// Batched Brandes: [`LANES`] sources share each pass over the graph (after Then et al.,
/// "Efficient batched distance and centrality computation in unweighted and weighted graphs",
/// BTW 2017). The forward pass is a multi-source BFS with a lane mask per node, recording each
/// level's `(node, lanes)`; an arc (v, w) carries σ for the lanes in which v is on the frontier
/// and w not yet seen. The backward pass goes level by level in reverse; an arc (v, w) carries
/// w's (1 + δ)/σ for the lanes in which w is one level below v (`below[w]`, set from the
/// level's entries). A node's row is read once per level it appears at, not once per source.
/// Each lane adds in the order the single-source pass adds (a node's row order for δ; σ are
/// path counts, exact integers below 2^53), and δ reach the scores source by source, so the
/// result is what single-source passes over the same block give, bit for bit.
struct Batched {
    seen: Vec<u64>,
    next: Vec<u64>,
    below: Vec<u64>,
    /// σ in the forward pass; (w + δ)/σ once a lane's δ is final.
    value: Vec<[f64; LANES]>,
    delta: Vec<[f64; LANES]>,
    /// `(node, lanes)` per level, levels from `level_start`.
    entries: Vec<(u32, u64)>,
    level_start: Vec<usize>,
    fresh: Vec<u32>,
    /// The nodes of `fresh` as bits, for putting them in order.
    fresh_bits: Vec<u64>,
    /// Every node reached in any lane, once.
    reached: Vec<u32>,
    /// What this batch did (added to [`BRANDES_WORK`] when it ends).
    work: BrandesWork,
    /// Whether this batch counts lane operations ([`count_lane_ops`]).
    count_lanes: bool,
}

/// What the batched Brandes passes did, for `netreach bench limits`: rows read (forward and
/// backward), and lane operations (a σ or δ of one source read from a neighbour and added).
/// Counted per row and per arc that carries a lane; results never depend on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BrandesWork {
    /// Sources searched.
    pub sources: u64,
    /// Arcs read, both passes.
    pub arcs: u64,
    /// Per-lane σ or δ additions along arcs, both passes (counted only while
    /// [`count_lane_ops`] is on).
    pub lane_ops: u64,
}

impl BrandesWork {
    /// Bytes these operations move: 4 per arc's target and 8 per lane word read with it (the
    /// neighbour's `seen`/`below`), 16 per lane operation (an f64 read from the neighbour, an
    /// f64 added to the node's own, in cache).
    pub fn bytes(&self) -> u64 {
        self.arcs * 12 + self.lane_ops * 16
    }
}

impl Counts for BrandesWork {
    fn add(&mut self, other: &BrandesWork) {
        self.sources += other.sources;
        self.arcs += other.arcs;
        self.lane_ops += other.lane_ops;
    }
}

static BRANDES_WORK: Tally<BrandesWork> = Tally::new();

/// The [`BrandesWork`] of every batch since the last call, and a fresh start.
pub fn take_brandes_work() -> BrandesWork {
    BRANDES_WORK.take()
}

/// Whether batches count [`BrandesWork::lane_ops`]: a population count per arc, about a tenth
/// of the passes' instructions, so it is off unless `bench limits` asks for its counted run.
static COUNT_LANE_OPS: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Makes the batches that start from now on count their lane operations, or stop counting.
pub fn count_lane_ops(on: bool) {
    COUNT_LANE_OPS.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// What the path sampler's searches did, for `netreach bench limits`: paths sampled, arcs
/// read (both searches' levels, the meeting level's rest and the walks back; each brings the
/// neighbour's mark, a random line) and nodes reached (each gets its mark and σ written).
/// Counted per row read; results never depend on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SampledWork {
    /// Pairs drawn (the pilot's included).
    pub samples: u64,
    /// Arcs read.
    pub arcs: u64,
    /// Nodes reached by either search.
    pub reached: u64,
}

impl SampledWork {
    /// Bytes these operations move: 4 per arc's target and 8 per mark read with it, 16 per
    /// node reached (its mark and σ written) and 8 more for the other side's mark.
    pub fn bytes(&self) -> u64 {
        self.arcs * 12 + self.reached * 24
    }
}

impl Counts for SampledWork {
    fn add(&mut self, other: &SampledWork) {
        self.samples += other.samples;
        self.arcs += other.arcs;
        self.reached += other.reached;
    }
}

static SAMPLED_WORK: Tally<SampledWork> = Tally::new();

/// The [`SampledWork`] of every sampler since the last call, and a fresh start.
pub fn take_sampled_work() -> SampledWork {
    SAMPLED_WORK.take()
}

impl Batched {
    /// Bytes of one batched state for `n` nodes (`fresh_bits` rounded up to a byte a node).
    fn bytes_for(n: usize) -> u64 {
        (n as u64).saturating_mul((3 * 8 + 2 * 8 * LANES + 4 + 12 * 4 + 1) as u64)
    }

    fn new(n: usize) -> Self {
        Batched {
            seen: vec![0; n],
            next: vec![0; n],
            below: vec![0; n],
            value: vec![[0.0; LANES]; n],
            delta: vec![[0.0; LANES]; n],
            entries: Vec::new(),
            level_start: Vec::new(),
            fresh: Vec::new(),
            fresh_bits: vec![0; n.div_ceil(64)],
            reached: Vec::new(),
            work: BrandesWork::default(),
            count_lanes: false,
        }
    }

    /// Adds the dependencies of `sources` (at most [`LANES`], distinct) to `acc`, source by
    /// source in order, with node v counting `weight[v]` times as a source and as a target
    /// (the people folded into it; all 1 without folding, where multiplying by 1 and adding
    /// 1 are what the unweighted pass does, bit for bit).
    fn accumulate(&mut self, csr: &Csr, sources: &[u32], weight: &[f64], acc: &mut [f64]) {
        self.work.sources += sources.len() as u64;
        self.count_lanes = COUNT_LANE_OPS.load(std::sync::atomic::Ordering::Relaxed);
        self.forward(csr, sources);
        self.backward(csr, weight);
        // A source's own lane has no dependency (its δ was never set in this batch).
        for (l, &s) in sources.iter().enumerate() {
            self.delta[s as usize][l] = 0.0;
        }
        // Lanes that did not reach v are skipped; the single-source pass adds nothing for them
        // either, so every score gets the same additions in the same order.
        // Each score is summed in a register: the lanes add one after another either way, and
        // a chain through memory would wait on each store.
        let lane_weight: Vec<f64> = sources.iter().map(|&s| weight[s as usize]).collect();
        if lane_weight.iter().all(|&w| w == 1.0) {
            // Unweighted sources (no folding): 1 · δ is δ bit for bit, so the product goes.
            self.add_scores(acc, |_, delta| delta);
        } else {
            self.add_scores(acc, |l, delta| lane_weight[l] * delta);
        }
        self.reset();
    }

    /// Adds `term(lane, δ)` of every lane that reached each node to its score, lanes in order.
    #[inline(always)]
    fn add_scores(&self, acc: &mut [f64], term: impl Fn(usize, f64) -> f64) {
        for &v in &self.reached {
            let v = v as usize;
            let (lanes, delta) = (self.seen[v], &self.delta[v]);
            let mut score = acc[v];
            if lanes == u64::MAX {
                for (l, &d) in delta.iter().enumerate() {
                    score += term(l, d);
                }
            } else {
                for_lanes(lanes, |l| score += term(l, delta[l]));
            }
            acc[v] = score;
        }
    }

    /// The multi-source BFS with σ per lane.
    fn forward(&mut self, csr: &Csr, sources: &[u32]) {
        self.level_start.push(0);
        for (l, &s) in sources.iter().enumerate() {
            let v = s as usize;
            self.seen[v] |= 1 << l;
            self.value[v][l] = 1.0;
            self.entries.push((s, 1 << l));
            self.reached.push(s);
        }
        let mut level = 0;
        loop {
            self.level_start.push(self.entries.len());
            let (start, end) = (self.level_start[level], self.entries.len());
            for i in start..end {
                let (v, lanes) = self.entries[i];
                let v = v as usize;
                self.work.arcs += csr.degree(v as u32) as u64;
                for &w in csr.neighbors(v as u32) {
                    let w = w as usize;
                    let m = lanes & !self.seen[w];
                    if m == 0 {
                        continue;
                    }
                    if self.count_lanes {
                        self.work.lane_ops += u64::from(m.count_ones());
                    }
                    if self.next[w] == 0 {
                        self.fresh.push(w as u32);
                        self.fresh_bits[w / 64] |= 1 << (w % 64);
                    }
                    // A lane's first predecessor sets σ (what `reset` left is stale).
                    let first = m & !self.next[w];
                    self.next[w] |= m;
                    // v is on the frontier and w not yet seen in these lanes, so v ≠ w.
                    let (from, to) = two_rows(&mut self.value, v, w);
                    for_lanes(first, |l| to[l] = from[l]);
                    for_lanes(m & !first, |l| to[l] += from[l]);
                }
            }
            if self.fresh.is_empty() {
                return;
            }
            level += 1;
            self.sort_fresh();
            for &w in &self.fresh {
                let w = w as usize;
                let m = std::mem::take(&mut self.next[w]);
                if self.seen[w] == 0 {
                    self.reached.push(w as u32);
                }
                self.seen[w] |= m;
                self.entries.push((w as u32, m));
            }
            self.fresh.clear();
        }
    }

    /// Puts the level just found in node order, clearing `fresh_bits`: the next level's and
    /// the backward pass's walks over it then read rows and σ/δ rows in memory order, not in
    /// the order of discovery (BA-10k: 17 % less time). Results are unchanged: σ are exact
    /// integers, and a node's δ adds its row's terms in row order whichever node comes first.
    fn sort_fresh(&mut self) {
        let (fresh, bits) = (&mut self.fresh, &mut self.fresh_bits);
        if fresh.len() * 8 >= bits.len() {
            // Dense: scanning the bits costs less than sorting.
            fresh.clear();
            for (i, word) in bits.iter_mut().enumerate() {
                for_lanes(std::mem::take(word), |b| fresh.push((i * 64 + b) as u32));
            }
        } else {
            fresh.sort_unstable();
            for &w in fresh.iter() {
                bits[w as usize / 64] = 0;
            }
        }
    }

    /// δ level by level from the deepest, pulled from the next level's (w + δ)/σ.
    fn backward(&mut self, csr: &Csr, weight: &[f64]) {
        let levels = self.level_start.len() - 1;
        for level in (1..levels).rev() {
            let next_start = self.level_start[level + 1];
            // The deepest level has no level below it.
            let next_end = self
                .level_start
                .get(level + 2)
                .copied()
                .unwrap_or(next_start);
            for &(w, m) in &self.entries[next_start..next_end] {
                self.below[w as usize] = m;
            }
            for i in self.level_start[level]..self.level_start[level + 1] {
                let (v, lanes) = self.entries[i];
                let v = v as usize;
                // δ[v] holds the sum of the successors' (1 + δ)/σ until it is final.
                let sum = &mut self.delta[v];
                for_lanes(lanes, |l| sum[l] = 0.0);
                self.work.arcs += csr.degree(v as u32) as u64;
                for &w in csr.neighbors(v as u32) {
                    let w = w as usize;
                    let m = lanes & self.below[w];
                    if self.count_lanes {
                        self.work.lane_ops += u64::from(m.count_ones());
                    }
                    let below = &self.value[w];
                    for_lanes(m, |l| sum[l] += below[l]);
                }
                for_lanes(lanes, |l| {
                    let sigma = self.value[v][l];
                    let delta = sigma * self.delta[v][l];
                    self.delta[v][l] = delta;
                    self.value[v][l] = (weight[v] + delta) / sigma;
                });
            }
            for &(w, _) in &self.entries[next_start..next_end] {
                self.below[w as usize] = 0;
            }
        }
    }

    fn reset(&mut self) {
        BRANDES_WORK.add(&std::mem::take(&mut self.work));
        // σ and δ need no clearing: each lane's first write in a batch is an assignment.
        for &v in &self.reached {
            self.seen[v as usize] = 0;
        }
        self.entries.clear();
        self.level_start.clear();
        self.fresh.clear();
        self.reached.clear();
    }
}

/// Row `from` to read and row `to` to write, of two different nodes.
fn two_rows(
    rows: &mut [[f64; LANES]],
    from: usize,
    to: usize,
) -> (&[f64; LANES], &mut [f64; LANES]) {
    if from < to {
        let (head, tail) = rows.split_at_mut(to);
        (&head[from], &mut tail[0])
    } else {
        let (head, tail) = rows.split_at_mut(from);
        (&tail[0], &mut head[to])
    }
}

/// Calls `f(lane)` for each set bit of `mask`, lowest first.
#[inline]
fn for_lanes(mut mask: u64, mut f: impl FnMut(usize)) {
    while mask != 0 {
        // Below 64 for a non-zero mask; the mask tells the compiler so (no bounds check).
        f(mask.trailing_zeros() as usize & (LANES - 1));
        mask &= mask - 1;
    }
}

/// Betweenness of every node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Betweenness {
    /// Unordered pairs counted once.
    pub raw: Vec<f64>,
    /// NetworkX's normalisation for undirected graphs.
    pub normalised: Vec<f64>,
    /// How it was computed.
    pub method: BetweennessMethod,
}

/// Exact, or sampled with its guarantee.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BetweennessMethod {
    /// Brandes over every source.
    Exact,
    /// Riondato–Kornaropoulos sampling: every normalised score is within `epsilon` of the exact
    /// one with probability at least `1 − delta`.
    Sampled {
        /// Additive error bound on the normalised scale.
        epsilon: f64,
        /// Failure probability.
        delta: f64,
        /// Shortest paths sampled for the estimates (the main phase, stopped at the first check
        /// that passed).
        samples: u64,
        /// The most the main phase would have sampled: Riondato–Kornaropoulos' size for the
        /// failure probability left after the checks (for δ when no check was planned).
        max_samples: u64,
        /// Paths of the pilot, which plans the checks and is not counted in the estimates.
        first_phase_samples: u64,
        /// Upper bound of the vertex diameter used in the sample size.
        vertex_diameter_bound: u64,
        /// Seed of the sampler.
        seed: u64,
    },
}

/// Blocks of sources; blocks are summed in a fixed order, so the floating-point result does
/// not depend on the thread count. Each block holds whole batches of [`LANES`] sources (a
/// partial batch would leave lanes idle), and there are enough blocks to balance the threads.
fn block_count(n: usize, sources: usize) -> usize {
    // The partial sums cost 8n bytes each, so their total stays under 256 MiB.
    let memory_cap = ((256usize << 20) / (8 * n.max(1))).max(1);
    sources.div_ceil(LANES).clamp(1, 256).min(memory_cap)
}

/// The positions in the source list of block `b` of `blocks`: whole batches, the last one
/// possibly short.
fn block_sources(sources: usize, b: usize, blocks: usize) -> std::ops::Range<usize> {
    let batches = sources.div_ceil(LANES);
    let (lo, hi) = (batches * b / blocks, batches * (b + 1) / blocks);
    (lo * LANES).min(sources)..(hi * LANES).min(sources)
}

fn normalise(raw: &[f64]) -> Vec<f64> {
    let n = raw.len() as f64;
    let scale = if n > 2.0 {
        2.0 / ((n - 1.0) * (n - 2.0))
    } else {
        0.0
    };
    raw.iter().map(|b| b * scale).collect()
}

/// Exact betweenness (Brandes), sources in parallel with a deterministic summation.
pub fn betweenness(csr: &Csr) -> Betweenness {
    betweenness_progress(csr, &crate::progress::Silent)
}

/// [`betweenness`], reporting finished sources to `progress`.
///
/// Pendant trees are folded first ([`super::pendants`]) and what is left is split into its
/// blocks ([`super::blocks`]): Brandes runs on each block, with each node weighted by the
/// people attached to the block through it, and the pairs through cut points are counted.
pub fn betweenness_progress(csr: &Csr, progress: &dyn crate::progress::Progress) -> Betweenness {
    let raw = match super::pendants::fold(csr) {
        None => {
            let (component, sizes) = crate::stats::components(csr);
            let size: Vec<u64> = component
                .iter()
                .map(|&c| sizes[c as usize] as u64)
                .collect();
            core_betweenness(csr, &vec![1.0; csr.node_count()], &size, progress)
        }
        Some(folding) => {
            let core = core_betweenness(
                &folding.core_csr,
                &folding.core_weight,
                &folding.core_component_size,
                progress,
            );
            let mut raw = folding.tree_pairs;
            for (&v, c) in folding.core.iter().zip(core) {
                raw[v as usize] += c;
            }
            raw
        }
    };
    Betweenness {
        normalised: normalise(&raw),
        raw,
        method: BetweennessMethod::Exact,
    }
}

/// Unordered-pair betweenness of a graph without pendants whose nodes stand for `weight`
/// people: block by block where it has cut points, else one weighted Brandes.
fn core_betweenness(
    csr: &Csr,
    weight: &[f64],
    component_size: &[u64],
    progress: &dyn crate::progress::Progress,
) -> Vec<f64> {
    let blocks = super::blocks::blocks(csr);
    let membership = super::blocks::membership(csr.node_count(), &blocks);
    let has_cut_points = membership.iter().any(|&m| m > 1);
    let sources = if has_cut_points {
        blocks.iter().filter(|b| b.len() > 2).map(Vec::len).sum()
    } else {
        csr.node_count()
    };
    progress.begin("betweenness (Brandes)", sources as u64);
    let raw = if !has_cut_points {
        // Every unordered pair was counted from both ends.
        let ordered = weighted_brandes(csr, weight, progress);
        ordered.into_iter().map(|r| r / 2.0).collect()
    } else {
        let mut per_block = |block: &Csr, w: &[f64]| weighted_brandes(block, w, progress);
        super::blocks::betweenness_by_blocks(
            csr,
            &blocks,
            &membership,
            weight,
            component_size,
            &mut per_block,
        )
    };
    progress.end();
    raw
}

/// Σ over sources s of weight(s) · δ_s(v) with targets weighted too (ordered pairs), sources
/// in fixed blocks summed in order.
fn weighted_brandes(
    csr: &Csr,
    weight: &[f64],
    progress: &dyn crate::progress::Progress,
) -> Vec<f64> {
    let sources: Vec<u32> = (0..csr.node_count() as u32).collect();
    brandes_from(csr, &sources, weight, progress)
}

/// Σ over the given sources s of δ_s(v), every target counted (ordered pairs (s, t)): the
/// accumulation NetworkX's `betweenness_centrality(G, k)` rescales, for the sources it drew.
/// Plain batched Brandes (no folding: the pairs are not all pairs), in fixed blocks summed in
/// order, so identical for any thread count.
pub fn source_betweenness(csr: &Csr, sources: &[u32]) -> Vec<f64> {
    let weight = vec![1.0; csr.node_count()];
    brandes_from(csr, sources, &weight, &crate::progress::Silent)
}

fn brandes_from(
    csr: &Csr,
    sources: &[u32],
    weight: &[f64],
    progress: &dyn crate::progress::Progress,
) -> Vec<f64> {
    let n = csr.node_count();
    let blocks = block_count(n, sources.len());
    let partials: Vec<Vec<f64>> = (0..blocks)
        .into_par_iter()
        .map(|b| {
            let mut batched = Batched::new(n);
            let mut acc = vec![0.0; n];
            let block = &sources[block_sources(sources.len(), b, blocks)];
            for batch in block.chunks(LANES) {
                batched.accumulate(csr, batch, weight, &mut acc);
            }
            progress.advance(block.len() as u64);
            acc
        })
        .collect();
    let mut raw = vec![0.0; n];
    for partial in partials {
        for (r, p) in raw.iter_mut().zip(partial) {
            *r += p;
        }
    }
    raw
}

/// Distances from one root, gathered from a one-source [`crate::bfs::MsBfs`] search: `dist` is
/// written for the nodes reached, which `reached` lists in the order found (root first), and
/// the farthest node is the smallest id at the largest distance.
struct Distances<'a> {
    dist: &'a mut [u32],
    reached: &'a mut Vec<u32>,
    /// (largest distance, smallest id at it).
    farthest: (u32, u32),
}

impl crate::bfs::RingSink<1> for Distances<'_> {
    fn ring(&mut self, level: usize, node: u32, _bits: &[u64; 1]) {
        let level = level as u32;
        self.dist[node as usize] = level;
        self.reached.push(node);
        if level > self.farthest.0 || (level == self.farthest.0 && node < self.farthest.1) {
            self.farthest = (level, node);
        }
    }
}

/// Distances from `root` (`dist` is written for the nodes reached, which `reached` lists), and
/// the farthest node (the smallest id at the largest distance) with its distance.
///
/// One source of the multi-source search: its levels that cover much of the graph run
/// bottom-up (each unreached node stops at its first neighbour on the frontier), which on a
/// large small-world graph reads a fraction of the arcs a top-down level would.
fn distances_from(
    csr: &Csr,
    root: u32,
    search: &mut crate::bfs::MsBfs<1>,
    dist: &mut [u32],
    reached: &mut Vec<u32>,
) -> (u32, u32) {
    reached.clear();
    reached.push(root);
    dist[root as usize] = 0;
    let mut sink = Distances {
        dist,
        reached,
        farthest: (0, root),
    };
    search.run(csr, &[root], usize::MAX, &mut sink);
    let (level, far) = sink.farthest;
    (far, level)
}

/// An upper bound of the vertex diameter (nodes on a longest shortest path): 2·ecc(c) + 1 for
/// any node c of the component, taken at the better of two candidates per component — its
/// highest-degree node and the midpoint of a double-sweep path (a node near the centre) — and
/// the largest over components.
fn vertex_diameter_bound(csr: &Csr, component: &[u32], sizes: &[usize]) -> u64 {
    let n = csr.node_count();
    let mut best = vec![None::<u32>; sizes.len()];
    for u in 0..n as u32 {
        let c = component[u as usize] as usize;
        if best[c].is_none_or(|b| csr.degree(u) > csr.degree(b)) {
            best[c] = Some(u);
        }
    }
    let mut search = crate::bfs::MsBfs::<1>::new(n);
    let (mut from_a, mut from_b) = (vec![u32::MAX; n], vec![u32::MAX; n]);
    // The nodes each BFS reached: every search below stays inside one component, so the
    // whole bound costs O(n + m), not O(components · n).
    let mut reached = Vec::new();
    let mut bound = 1;
    for root in best.into_iter().flatten() {
        let (a, ecc_root) = distances_from(csr, root, &mut search, &mut from_a, &mut reached);
        if ecc_root <= 1 {
            bound = bound.max(2 * ecc_root as u64 + 1);
            continue;
        }
        let (b, diameter_lower) = distances_from(csr, a, &mut search, &mut from_a, &mut reached);
        distances_from(csr, b, &mut search, &mut from_b, &mut reached);
        // A node on a shortest a–b path halfway along (`reached` is this component).
        let half = diameter_lower / 2;
        let mid = reached
            .iter()
            .copied()
            .filter(|&v| from_a[v as usize] == half && from_b[v as usize] == diameter_lower - half)
            .min()
            .unwrap_or(root);
        let (_, ecc_mid) = distances_from(csr, mid, &mut search, &mut from_b, &mut reached);
        bound = bound.max(2 * ecc_root.min(ecc_mid) as u64 + 1);
    }
    bound
}

/// Number of samples for an additive error `epsilon` (on Riondato–Kornaropoulos' scale) with
/// probability `1 − delta`, for vertex diameter `vd`: (c / ε²)(⌊log₂(vd − 2)⌋ + 1 + ln(1/δ)),
/// with the universal constant c = 0.5.
pub fn sample_size(epsilon: f64, delta: f64, vd: u64) -> u64 {
    let log_term = if vd > 2 {
        ((vd - 2) as f64).log2().floor() + 1.0
    } else {
        1.0
    };
    ((0.5 / (epsilon * epsilon)) * (log_term + (1.0 / delta).ln())).ceil() as u64
}

/// Sampled betweenness: every normalised score (NetworkX's scale) is within `epsilon` of the
/// exact value with probability at least `1 − delta`.
///
/// At most Riondato–Kornaropoulos' sample size is drawn, and the sampler stops earlier at an
/// exact binomial check planned from a pilot ([`super::adaptive`]).
///
/// Each sample is a uniform pair (s, t), s ≠ t, and a uniformly random shortest s–t path (a
/// balanced bidirectional BFS, then walks back from the meeting node choosing predecessors in
/// proportion to their path counts); the inner nodes of the path gain `1 / r`. Samples are
/// drawn in fixed blocks, each from its own seeded stream, so the result does not depend on the
/// thread count.
pub fn betweenness_sampled(csr: &Csr, epsilon: f64, delta: f64, seed: u64) -> Betweenness {
    let n = csr.node_count();
    let (component, sizes) = crate::stats::components(csr);
    let vd = vertex_diameter_bound(csr, &component, &sizes);
    // RK's estimate b̃ is over ordered pairs, n(n − 1); NetworkX's normalised value is
    // b · n / (n − 2). Tighten ε so that the bound holds on NetworkX's scale.
    let scale = if n > 2 {
        n as f64 / (n as f64 - 2.0)
    } else {
        1.0
    };
    let run = sample_adaptively(csr, &component, epsilon / scale, delta, vd, seed);
    let pairs = n as f64 * (n as f64 - 1.0);
    let per_sample = 1.0 / run.samples.max(1) as f64;
    let normalised: Vec<f64> = run
        .hits
        .iter()
        .map(|&h| h as f64 * per_sample * scale)
        .collect();
    // Raw (unordered pairs once) = b̃ · n(n − 1) / 2.
    let raw = run
        .hits
        .iter()
        .map(|&h| h as f64 * per_sample * pairs / 2.0)
        .collect();
    Betweenness {
        raw,
        normalised,
        method: BetweennessMethod::Sampled {
            epsilon,
            delta,
            samples: run.samples,
            max_samples: run.max_samples,
            first_phase_samples: run.pilot_samples,
            vertex_diameter_bound: vd,
            seed,
        },
    }
}

/// What one sampled run drew.
struct SampledRun {
    /// Inner-node counts of the main phase's paths.
    hits: Vec<u64>,
    /// Paths of the main phase.
    samples: u64,
    /// The most the main phase would have drawn (the plan's fallback).
    max_samples: u64,
    /// Paths of the pilot, which only plans the checks.
    pilot_samples: u64,
}

/// The pilot's stream: a seed of its own, so its paths are never the main phase's.
const FIRST_PHASE: u64 = 0x4b41_4441_4252_4131;

/// The pilot, the planned checks, and the main phase up to the first check that passes (or the
/// fallback size), for additive error `epsilon` on RK's scale (see [`super::adaptive`]).
fn sample_adaptively(
    csr: &Csr,
    component: &[u32],
    epsilon: f64,
    delta: f64,
    vd: u64,
    seed: u64,
) -> SampledRun {
    let n = csr.node_count();
    if n < 3 {
        return SampledRun {
            hits: vec![0; n],
            samples: 0,
            max_samples: 0,
            pilot_samples: 0,
        };
    }
    let size = |d: f64| sample_size(epsilon, d, vd);
    let pilot_samples = size(delta).div_ceil(super::adaptive::PILOT_FRACTION);
    let samplers: Samplers = crate::bfs::Pool::new(Box::new(move || PathSampler::new(n)));
    let pilot = sample_hits(
        csr,
        component,
        0..pilot_samples,
        seed ^ FIRST_PHASE,
        &samplers,
    );
    let schedule =
        super::adaptive::Schedule::plan(&pilot, pilot_samples, epsilon, delta, size, BLOCK);
    drop(pilot);
    let mut hits = vec![0u64; n];
    let mut drawn = 0;
    let mut add = |hits: &mut Vec<u64>, upto: u64| {
        let more = sample_hits(csr, component, drawn..upto, seed, &samplers);
        hits.iter_mut().zip(more).for_each(|(h, m)| *h += m);
        drawn = upto;
    };
    let mut stopped = None;
    for (i, upto) in schedule.check_sizes().enumerate() {
        add(&mut hits, upto);
        if schedule.passes(i, &hits) {
            stopped = Some(upto);
            break;
        }
    }
    let samples = stopped.unwrap_or_else(|| {
        add(&mut hits, schedule.fallback);
        schedule.fallback
    });
    SampledRun {
        hits,
        samples,
        max_samples: schedule.fallback,
        pilot_samples,
    }
}

/// Samples per block: each block is drawn from its own seeded stream.
const BLOCK: u64 = 32;

/// How often each node is an inner node of the sampled shortest paths numbered `samples`
/// (path i belongs to block i / [`BLOCK`], which has its own seeded stream; a range starts on a
/// block boundary and ends on one or at its end). Each worker counts into its own integer
/// array and the arrays are added, so the sums do not depend on who drew which block.
fn sample_hits(
    csr: &Csr,
    component: &[u32],
    samples: std::ops::Range<u64>,
    seed: u64,
    samplers: &Samplers,
) -> Vec<u64> {
    let mut hits = vec![0u64; csr.node_count()];
    let mut start = samples.start;
    while start < samples.end {
        // Few enough per part that a worker's 32-bit counts cannot overflow.
        let end = samples.end.min(start + (BLOCK << 25));
        let part = count_hits(csr, component, start..end, seed, samplers);
        hits.iter_mut()
            .zip(part)
            .for_each(|(h, p)| *h += u64::from(p));
        start = end;
    }
    hits
}

/// [`sample_hits`] for a range of fewer than 2³² samples.
///
/// The blocks are cut into one contiguous group per thread, each drawn with one path sampler
/// and one count array (rayon's `fold` may split far more often, and at 10^6 people each
/// sampler is 32 MiB of fresh pages); samplers are kept in `samplers` for the next call.
fn count_hits(
    csr: &Csr,
    component: &[u32],
    samples: std::ops::Range<u64>,
    seed: u64,
    samplers: &Samplers,
) -> Vec<u32> {
    let n = csr.node_count();
    let first = samples.start / BLOCK;
    let blocks = samples.end.div_ceil(BLOCK) - first;
    let counted = crate::bfs::thread_groups(blocks as usize)
        .into_par_iter()
        .map(|group| {
            let mut sampler = samplers.take();
            let mut hits = vec![0u32; n];
            for b in group.start as u64 + first..group.end as u64 + first {
                let mut rng =
                    ChaCha8Rng::seed_from_u64(seed ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15));
                let count = BLOCK.min(samples.end - b * BLOCK);
                for _ in 0..count {
                    sampler.sample(csr, component, &mut rng, &mut hits);
                }
            }
            SAMPLED_WORK.add(&std::mem::take(&mut sampler.work));
            hits
        })
        .reduce_with(|mut a, b| {
            a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
            a
        });
    counted.unwrap_or_else(|| vec![0; n])
}

/// Path samplers kept between the calls of one sampled run.
type Samplers = crate::bfs::Pool<PathSampler, Box<dyn Fn() -> PathSampler + Sync>>;

/// One side of a bidirectional BFS: distances and path counts from its root.
///
/// Distances are stamped: `mark[v] = base + dist`, where `base` grows by 2^32 with every
/// search, so a mark below `base` means "not reached in this search" and nothing needs
/// clearing between samples. σ is assigned when a node is first reached, so stale values are
/// never read.
struct Side {
    mark: Vec<u64>,
    sigma: Vec<f64>,
    base: u64,
    frontier: Vec<u32>,
    next: Vec<u32>,
    /// Sum of the frontier's degrees: the cost of expanding it.
    frontier_arcs: usize,
    level: u64,
    /// Arcs read and nodes reached by this side's searches so far.
    work: SampledWork,
}

impl Side {
    fn new(n: usize) -> Side {
        Side {
            mark: vec![0; n],
            sigma: vec![0.0; n],
            base: 0,
            frontier: Vec::new(),
            next: Vec::new(),
            frontier_arcs: 0,
            level: 0,
            work: SampledWork::default(),
        }
    }

    /// Distance of `v` in this search, if reached.
    #[inline]
    fn dist(&self, v: u32) -> Option<u64> {
        self.mark[v as usize].checked_sub(self.base)
    }

    fn start(&mut self, csr: &Csr, root: u32) {
        self.base += 1 << 32;
        self.mark[root as usize] = self.base;
        self.sigma[root as usize] = 1.0;
        self.frontier.clear();
        self.frontier.push(root);
        self.frontier_arcs = csr.degree(root);
        self.level = 0;
    }

    /// Expands one level; the new frontier holds the nodes first reached at `level + 1`, and
    /// `meet` those of them the `other` side has reached, in the frontier's order.
    ///
    /// Once a frontier node's arcs produce a meeting node the search ends on this level, so
    /// the rest of the frontier only adds σ to meeting nodes ([`Side::add_to_meeting`]). That
    /// skips marking and queueing most of the last, largest level.
    fn expand(&mut self, csr: &Csr, other: &Side, meet: &mut Vec<u32>) {
        let done = self.grow_until_meeting(csr, other, meet);
        self.add_to_meeting(csr, other, meet, done);
        std::mem::swap(&mut self.frontier, &mut self.next);
        self.level += 1;
    }

    /// The ordinary level expansion into `next`, stopped after the first frontier node whose
    /// arcs reach a node of the `other` side; returns how many frontier nodes it expanded.
    ///
    /// Out of line, on local slices: inlined into the sampler's loop, the vectors' pointers and
    /// lengths were reloaded from `self` at every arc, 1.7× the instructions per sample
    /// (callgrind on ego-Facebook).
    #[inline(never)]
    fn grow_until_meeting(&mut self, csr: &Csr, other: &Side, meet: &mut Vec<u32>) -> usize {
        let reached = self.level + 1;
        let (base, stamp) = (self.base, self.base + reached);
        let (mark, sigma) = (self.mark.as_mut_slice(), self.sigma.as_mut_slice());
        let (there, there_base) = (other.mark.as_slice(), other.base);
        self.next.clear();
        meet.clear();
        let mut arcs = 0;
        let mut done = self.frontier.len();
        for (i, &v) in self.frontier.iter().enumerate() {
            let sv = sigma[v as usize];
            for &w in csr.neighbors(v) {
                let m = mark[w as usize];
                // One unsigned compare: a stale mark wraps to a huge value, a mark of this
                // search is ≥ `reached` only on the level being built.
                if m.wrapping_sub(base) >= reached {
                    if m < base {
                        mark[w as usize] = stamp;
                        sigma[w as usize] = sv;
                        self.next.push(w);
                        arcs += csr.degree(w);
                        if there[w as usize] >= there_base {
                            meet.push(w);
                        }
                    } else {
                        sigma[w as usize] += sv;
                    }
                }
            }
            if !meet.is_empty() {
                done = i + 1;
                break;
            }
        }
        self.frontier_arcs = arcs;
        self.work.reached += self.next.len() as u64;
        self.work.arcs += self.frontier[..done]
            .iter()
            .map(|&v| csr.degree(v) as u64)
            .sum::<u64>();
        done
    }

    /// The rest of the frontier after the searches met, from position `done`: only arcs into
    /// nodes the `other` side reached count. A meeting node is always on the other side's last
    /// level (had the other side reached it earlier, the two searches would have met before).
    #[inline(never)]
    fn add_to_meeting(&mut self, csr: &Csr, other: &Side, meet: &mut Vec<u32>, done: usize) {
        let stamp = self.base + self.level + 1;
        let (mark, sigma) = (self.mark.as_mut_slice(), self.sigma.as_mut_slice());
        let (there, there_base) = (other.mark.as_slice(), other.base);
        let met = meet.len();
        for &v in &self.frontier[done..] {
            self.work.arcs += csr.degree(v) as u64;
            let sv = sigma[v as usize];
            for &w in csr.neighbors(v) {
                if there[w as usize] >= there_base {
                    let m = mark[w as usize];
                    if m < self.base {
                        mark[w as usize] = stamp;
                        sigma[w as usize] = sv;
                        meet.push(w);
                    } else if m == stamp {
                        sigma[w as usize] += sv;
                    }
                }
            }
        }
        self.work.reached += (meet.len() - met) as u64;
    }

    /// Walks from `x` back to the root, choosing each predecessor with probability
    /// σ(p) / σ(v), and counts the nodes passed (not `x`, not the root) in `hits`.
    fn walk_to_root(&mut self, csr: &Csr, x: u32, rng: &mut ChaCha8Rng, hits: &mut [u32]) {
        let mut v = x;
        while let Some(dv) = self.dist(v).filter(|&d| d > 0) {
            let mut rest = rng.random::<f64>() * self.sigma[v as usize];
            let mut chosen = v;
            for &p in csr.neighbors(v) {
                self.work.arcs += 1;
                if self.dist(p) == Some(dv - 1) {
                    chosen = p;
                    rest -= self.sigma[p as usize];
                    if rest < 0.0 {
                        break;
                    }
                }
            }
            if self.dist(chosen).is_some_and(|d| d > 0) {
                hits[chosen as usize] += 1;
            }
            v = chosen;
        }
    }
}

/// Scratch for sampling one uniformly random shortest path with a balanced bidirectional BFS
/// (the cheaper frontier grows first, as in KADABRA), so a sample costs far less than a BFS.
struct PathSampler {
    sides: [Side; 2],
    meet: Vec<u32>,
    /// What the finished samples did (the sides' counts are moved here after each).
    work: SampledWork,
}

impl PathSampler {
    fn new(n: usize) -> Self {
        PathSampler {
            sides: [Side::new(n), Side::new(n)],
            meet: Vec::new(),
            work: SampledWork::default(),
        }
    }

    fn sample(&mut self, csr: &Csr, component: &[u32], rng: &mut ChaCha8Rng, hits: &mut [u32]) {
        self.work.samples += 1;
        self.search(csr, component, rng, hits);
        for side in &mut self.sides {
            self.work.add(&std::mem::take(&mut side.work));
        }
    }

    /// Draws a pair and, when they are connected, one of their shortest paths.
    fn search(&mut self, csr: &Csr, component: &[u32], rng: &mut ChaCha8Rng, hits: &mut [u32]) {
        let n = csr.node_count() as u32;
        let s = rng.random_range(0..n);
        let mut t = rng.random_range(0..n - 1);
        if t >= s {
            t += 1;
        }
        if component[s as usize] != component[t as usize] {
            return; // no path: the sample counts for nobody
        }
        let [from_s, from_t] = &mut self.sides;
        from_s.start(csr, s);
        from_t.start(csr, t);
        loop {
            let grow_s = from_s.frontier_arcs <= from_t.frontier_arcs;
            let (grow, other) = if grow_s {
                (&mut *from_s, &*from_t)
            } else {
                (&mut *from_t, &*from_s)
            };
            if grow.frontier.is_empty() {
                break; // different components: no path, the sample counts for nobody
            }
            grow.expand(csr, other, &mut self.meet);
            if self.meet.is_empty() {
                continue;
            }
            // Shortest s–t paths through x number σ_s(x) σ_t(x): pick x in proportion.
            let weight = |x: u32| from_s.sigma[x as usize] * from_t.sigma[x as usize];
            let total: f64 = self.meet.iter().map(|&x| weight(x)).sum();
            let mut rest = rng.random::<f64>() * total;
            let mut x = self.meet[0];
            for &m in &self.meet {
                x = m;
                rest -= weight(m);
                if rest < 0.0 {
                    break;
                }
            }
            if x != s && x != t {
                hits[x as usize] += 1;
            }
            from_s.walk_to_root(csr, x, rng, hits);
            from_t.walk_to_root(csr, x, rng, hits);
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound_with_threads(csr: &Csr, threads: usize) -> u64 {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let (component, sizes) = crate::stats::components(csr);
            vertex_diameter_bound(csr, &component, &sizes)
        })
    }

    #[test]
    fn the_diameter_bound_holds_and_is_the_same_for_any_thread_count() {
        // Large enough that the middle levels are expanded in parallel, plus a path (long
        // diameter) and isolated nodes in other components.
        let mut pairs = crate::generate::barabasi_albert(30_000, 3, 5);
        let n = 30_000 + 200 + 5;
        for v in 30_000..30_199u32 {
            pairs.extend([v, v + 1]);
        }
        let (csr, _) = Csr::from_pairs(n, &pairs);
        let one = bound_with_threads(&csr, 1);
        assert_eq!(one, bound_with_threads(&csr, 3));
        // The path of 200 nodes has vertex diameter 200.
        assert!(one >= 200, "{one}");
        // The BA component: its true vertex diameter (eccentricity + 1 at every node is
        // ≤ the bound) checked from a few nodes.
        let mut scratch = crate::bfs::BfsScratch::new(n);
        for s in [0u32, 17, 29_999] {
            let mut ecc = 0;
            scratch.visit(&csr, s, usize::MAX, |_, d| ecc = ecc.max(d));
            assert!(
                (ecc as u64) < one,
                "eccentricity {ecc} of {s} against the bound {one}"
            );
        }
    }
}
