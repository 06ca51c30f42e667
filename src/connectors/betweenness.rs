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

use std::sync::atomic::{AtomicU32, Ordering};

use crate::graph::Csr;

/// Per-node state of one single-source pass, 16 bytes, so that a neighbour costs a quarter of
/// a cache line.
#[derive(Clone, Copy)]
struct NodeState {
    dist: u32,
    /// σ (shortest paths from the source) in the forward pass; in the backward pass it becomes
    /// (1 + δ) / σ once δ is final — σ of a node is last read just before that.
    value: f64,
}

const FRESH: NodeState = NodeState {
    dist: UNSEEN,
    value: 0.0,
};

const UNSEEN: u32 = u32::MAX;

/// Bytes exact betweenness allocates with `threads` workers: each worker's per-node state, BFS
/// order, shortest-path DAG (one slot per arc) and score accumulator, and the result.
pub fn memory_bytes(csr: &Csr, threads: usize) -> u64 {
    let (n, arcs) = (csr.node_count() as u64, csr.arc_count() as u64);
    let per_thread = n
        .saturating_mul(16 + 4 + 8 + 8)
        .saturating_add(arcs.saturating_mul(4));
    per_thread
        .saturating_mul(threads as u64)
        .saturating_add(n.saturating_mul(16))
}

/// Reusable scratch for single-source passes.
struct Brandes {
    state: Vec<NodeState>,
    /// BFS order of the current source; only `order[..reached]` is meaningful.
    order: Vec<u32>,
    /// Successors (next BFS level) of `order[i]` are `succ[succ_end[i - 1]..succ_end[i]]`:
    /// the shortest-path DAG, recorded in the forward pass so that the backward pass reads
    /// only DAG arcs, sequentially. Sized once (n and 2m entries) and written by index.
    succ: Vec<u32>,
    succ_end: Vec<usize>,
}

impl Brandes {
    fn new(csr: &Csr) -> Self {
        let n = csr.node_count();
        Brandes {
            state: vec![FRESH; n],
            order: vec![0; n],
            succ: vec![0; csr.arc_count()],
            succ_end: vec![0; n],
        }
    }

    /// Adds the dependencies of source `s` on every other node to `acc` (ordered pairs (s, t)).
    fn accumulate(&mut self, csr: &Csr, s: u32, acc: &mut [f64]) {
        let reached = self.forward(csr, s);
        let (state, order) = (&mut self.state, &self.order);
        let (succ, succ_end) = (&self.succ, &self.succ_end);
        // Reverse BFS order: δ(v) = σ(v) Σ_{w successor} (1 + δ(w)) / σ(w), pulled from the
        // successors, which are final by then.
        // order[0] is the source, whose own dependency is not betweenness: stop before it.
        for i in (1..reached).rev() {
            let v = order[i] as usize;
            let sum: f64 = succ[succ_end[i - 1]..succ_end[i]]
                .iter()
                .map(|&w| state[w as usize].value)
                .sum();
            let sigma = state[v].value;
            let delta = sigma * sum;
            acc[v] += delta;
            state[v].value = (1.0 + delta) / sigma;
        }
        for &v in &order[..reached] {
            state[v as usize] = FRESH;
        }
    }

    /// BFS from `s` counting shortest paths and recording the DAG; returns the nodes reached.
    fn forward(&mut self, csr: &Csr, s: u32) -> usize {
        let Brandes {
            state,
            order,
            succ,
            succ_end,
        } = self;
        let state = state.as_mut_slice();
        order[0] = s;
        state[s as usize] = NodeState {
            dist: 0,
            value: 1.0,
        };
        let (mut head, mut tail, mut arcs) = (0usize, 1usize, 0usize);
        while head < tail {
            let v = order[head];
            let NodeState {
                dist: dv,
                value: sv,
            } = state[v as usize];
            let next = dv + 1;
            for &w in csr.neighbors(v) {
                let sw = &mut state[w as usize];
                // One compare settles the common case (seen on an earlier or the same level).
                if sw.dist >= next {
                    if sw.dist == UNSEEN {
                        sw.dist = next;
                        order[tail] = w;
                        tail += 1;
                    }
                    sw.value += sv;
                    succ[arcs] = w;
                    arcs += 1;
                }
            }
            succ_end[head] = arcs;
            head += 1;
        }
        tail
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
        /// Shortest paths sampled.
        samples: u64,
        /// Upper bound of the vertex diameter used in the sample size.
        vertex_diameter_bound: u64,
        /// Seed of the sampler.
        seed: u64,
    },
}

/// Sources handled per block; blocks are summed in a fixed order, so the floating-point result
/// does not depend on the thread count.
fn block_count(n: usize) -> usize {
    // Many small blocks balance the threads; the partial sums cost 8n bytes each, so their
    // total stays under 256 MiB.
    let memory_cap = ((256usize << 20) / (8 * n.max(1))).max(1);
    (n / 16).clamp(1, 256).min(memory_cap)
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
pub fn betweenness_progress(csr: &Csr, progress: &dyn crate::progress::Progress) -> Betweenness {
    progress.begin("betweenness (Brandes)", csr.node_count() as u64);
    let n = csr.node_count();
    let blocks = block_count(n);
    let partials: Vec<Vec<f64>> = (0..blocks)
        .into_par_iter()
        .map(|b| {
            let mut scratch = Brandes::new(csr);
            let mut acc = vec![0.0; n];
            let (lo, hi) = (n * b / blocks, n * (b + 1) / blocks);
            for s in lo..hi {
                scratch.accumulate(csr, s as u32, &mut acc);
            }
            progress.advance((hi - lo) as u64);
            acc
        })
        .collect();
    let mut raw = vec![0.0; n];
    for partial in partials {
        for (r, p) in raw.iter_mut().zip(partial) {
            *r += p;
        }
    }
    // Every unordered pair was counted from both ends.
    raw.iter_mut().for_each(|r| *r /= 2.0);
    progress.end();
    Betweenness {
        normalised: normalise(&raw),
        raw,
        method: BetweennessMethod::Exact,
    }
}

/// Visited marks for [`distances_from`]: a node is taken in the current search when its mark
/// equals the search's epoch, so no search clears the marks of the one before.
struct Marks {
    mark: Vec<AtomicU32>,
    epoch: u32,
}

impl Marks {
    fn new(n: usize) -> Marks {
        Marks {
            mark: (0..n).map(|_| AtomicU32::new(0)).collect(),
            epoch: 0,
        }
    }

    /// Takes `v` for the current search; false if it already was (by any thread).
    #[inline]
    fn take(&self, v: u32) -> bool {
        let m = &self.mark[v as usize];
        let old = m.load(Ordering::Relaxed);
        old != self.epoch
            && m.compare_exchange(old, self.epoch, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
    }
}

/// Levels whose frontier has more arcs than this are expanded in parallel.
const PARALLEL_LEVEL_ARCS: usize = 1 << 14;

/// Distances from `root` (`dist` is written for the nodes reached, which `reached` lists), and
/// the farthest node (the smallest id at the largest distance) with its distance.
///
/// Level-synchronous; a level with a large frontier is expanded by all threads, each node
/// taken by whichever thread marks it first. Distances do not depend on who took a node, and
/// neither does the farthest node as chosen, so the bound is the same for any thread count.
fn distances_from(
    csr: &Csr,
    root: u32,
    marks: &mut Marks,
    dist: &mut [u32],
    reached: &mut Vec<u32>,
) -> (u32, u32) {
    marks.epoch += 1;
    let marks = &*marks;
    marks.take(root);
    dist[root as usize] = 0;
    reached.clear();
    reached.push(root);
    let (mut start, mut level) = (0, 0u32);
    loop {
        let frontier = &reached[start..];
        let expand = |chunk: &[u32]| -> Vec<u32> {
            let mut next = Vec::new();
            for &u in chunk {
                next.extend(csr.neighbors(u).iter().copied().filter(|&v| marks.take(v)));
            }
            next
        };
        let arcs: usize = frontier.iter().map(|&u| csr.degree(u)).sum();
        let next: Vec<u32> = if arcs > PARALLEL_LEVEL_ARCS {
            frontier.par_chunks(256).flat_map_iter(expand).collect()
        } else {
            expand(frontier)
        };
        if next.is_empty() {
            let far = frontier.iter().copied().min().unwrap_or(root);
            return (far, level);
        }
        level += 1;
        for &v in &next {
            dist[v as usize] = level;
        }
        start = reached.len();
        reached.extend(next);
    }
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
    let mut marks = Marks::new(n);
    let (mut from_a, mut from_b) = (vec![u32::MAX; n], vec![u32::MAX; n]);
    // The nodes each BFS reached: every search below stays inside one component, so the
    // whole bound costs O(n + m), not O(components · n).
    let mut reached = Vec::new();
    let mut bound = 1;
    for root in best.into_iter().flatten() {
        let (a, ecc_root) = distances_from(csr, root, &mut marks, &mut from_a, &mut reached);
        if ecc_root <= 1 {
            bound = bound.max(2 * ecc_root as u64 + 1);
            continue;
        }
        let (b, diameter_lower) = distances_from(csr, a, &mut marks, &mut from_a, &mut reached);
        distances_from(csr, b, &mut marks, &mut from_b, &mut reached);
        // A node on a shortest a–b path halfway along (`reached` is this component).
        let half = diameter_lower / 2;
        let mid = reached
            .iter()
            .copied()
            .filter(|&v| from_a[v as usize] == half && from_b[v as usize] == diameter_lower - half)
            .min()
            .unwrap_or(root);
        let (_, ecc_mid) = distances_from(csr, mid, &mut marks, &mut from_b, &mut reached);
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
/// Each sample is a uniform pair (s, t), s ≠ t, and a uniformly random shortest s–t path (a
/// BFS from s that stops after t's level, then a walk back choosing predecessors in proportion
/// to their path counts); the inner nodes of the path gain `1 / r`. Samples are drawn in fixed
/// blocks, each from its own seeded stream, so the result does not depend on the thread count.
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
    let samples = if n < 3 {
        0
    } else {
        sample_size(epsilon / scale, delta, vd)
    };
    let hits = sample_hits(csr, &component, samples, seed);
    let pairs = n as f64 * (n as f64 - 1.0);
    let normalised: Vec<f64> = hits
        .iter()
        .map(|&h| h as f64 / samples.max(1) as f64 * scale)
        .collect();
    // Raw (unordered pairs once) = b̃ · n(n − 1) / 2.
    let raw = hits
        .iter()
        .map(|&h| h as f64 / samples.max(1) as f64 * pairs / 2.0)
        .collect();
    Betweenness {
        raw,
        normalised,
        method: BetweennessMethod::Sampled {
            epsilon,
            delta,
            samples,
            vertex_diameter_bound: vd,
            seed,
        },
    }
}

/// How often each node is an inner node of `samples` sampled shortest paths: fixed blocks of
/// 128 samples, each block from its own seeded stream, summed in block order.
fn sample_hits(csr: &Csr, component: &[u32], samples: u64, seed: u64) -> Vec<u64> {
    const BLOCK: u64 = 128;
    let n = csr.node_count();
    let partials: Vec<Vec<u32>> = (0..samples.div_ceil(BLOCK))
        .into_par_iter()
        .map_init(
            || PathSampler::new(n),
            |sampler, b| {
                let mut rng =
                    ChaCha8Rng::seed_from_u64(seed ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15));
                let mut hits = vec![0u32; n];
                let count = BLOCK.min(samples - b * BLOCK);
                for _ in 0..count {
                    sampler.sample(csr, component, &mut rng, &mut hits);
                }
                hits
            },
        )
        .collect();
    let mut hits = vec![0u64; n];
    for partial in partials {
        for (h, p) in hits.iter_mut().zip(partial) {
            *h += p as u64;
        }
    }
    hits
}

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

    /// Expands one level; the new frontier holds the nodes first reached at `level + 1`.
    fn expand(&mut self, csr: &Csr) {
        self.next.clear();
        let reached = self.level + 1;
        let stamp = self.base + reached;
        let mut arcs = 0;
        for &v in &self.frontier {
            let sv = self.sigma[v as usize];
            for &w in csr.neighbors(v) {
                let m = &mut self.mark[w as usize];
                // One unsigned compare: a stale mark wraps to a huge value, a mark of this
                // search is ≥ `reached` only on the level being built.
                if m.wrapping_sub(self.base) >= reached {
                    if *m < self.base {
                        *m = stamp;
                        self.sigma[w as usize] = sv;
                        self.next.push(w);
                        arcs += csr.degree(w);
                    } else {
                        self.sigma[w as usize] += sv;
                    }
                }
            }
        }
        std::mem::swap(&mut self.frontier, &mut self.next);
        self.frontier_arcs = arcs;
        self.level = reached;
    }

    /// Walks from `x` back to the root, choosing each predecessor with probability
    /// σ(p) / σ(v), and counts the nodes passed (not `x`, not the root) in `hits`.
    fn walk_to_root(&self, csr: &Csr, x: u32, rng: &mut ChaCha8Rng, hits: &mut [u32]) {
        let mut v = x;
        while let Some(dv) = self.dist(v).filter(|&d| d > 0) {
            let mut rest = rng.random::<f64>() * self.sigma[v as usize];
            let mut chosen = v;
            for &p in csr.neighbors(v) {
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
}

impl PathSampler {
    fn new(n: usize) -> Self {
        PathSampler {
            sides: [Side::new(n), Side::new(n)],
            meet: Vec::new(),
        }
    }

    fn sample(&mut self, csr: &Csr, component: &[u32], rng: &mut ChaCha8Rng, hits: &mut [u32]) {
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
            grow.expand(csr);
            self.meet.clear();
            self.meet.extend(
                grow.frontier
                    .iter()
                    .copied()
                    .filter(|&w| other.dist(w).is_some()),
            );
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
            assert!(ecc as u64 + 1 <= one);
        }
    }
}
