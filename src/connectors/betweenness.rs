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

/// Per-node state of one single-source pass, kept together so that a neighbour costs one
/// cache line.
#[derive(Clone, Copy)]
struct NodeState {
    dist: u32,
    /// Shortest paths from the source.
    sigma: f64,
    /// (1 + δ(w)) / σ(w), once δ(w) is final.
    coef: f64,
}

const UNSEEN: u32 = u32::MAX;

/// Reusable scratch for single-source passes.
struct Brandes {
    state: Vec<NodeState>,
    order: Vec<u32>,
    /// Successors (next BFS level) of `order[i]` are `succ[succ_end[i - 1]..succ_end[i]]`:
    /// the shortest-path DAG, recorded in the forward pass so that the backward pass reads
    /// only DAG arcs, sequentially.
    succ: Vec<u32>,
    succ_end: Vec<usize>,
}

impl Brandes {
    fn new(n: usize) -> Self {
        Brandes {
            state: vec![
                NodeState {
                    dist: UNSEEN,
                    sigma: 0.0,
                    coef: 0.0
                };
                n
            ],
            order: Vec::with_capacity(n),
            succ: Vec::new(),
            succ_end: Vec::with_capacity(n),
        }
    }

    /// Adds the dependencies of source `s` on every other node to `acc` (ordered pairs (s, t)).
    fn accumulate(&mut self, csr: &Csr, s: u32, acc: &mut [f64]) {
        let Brandes {
            state,
            order,
            succ,
            succ_end,
        } = self;
        order.clear();
        succ.clear();
        succ_end.clear();
        order.push(s);
        state[s as usize] = NodeState {
            dist: 0,
            sigma: 1.0,
            coef: 0.0,
        };
        let mut head = 0;
        while head < order.len() {
            let v = order[head];
            head += 1;
            let NodeState {
                dist: dv,
                sigma: sv,
                ..
            } = state[v as usize];
            let next = dv + 1;
            for &w in csr.neighbors(v) {
                let sw = &mut state[w as usize];
                if sw.dist == UNSEEN {
                    sw.dist = next;
                    order.push(w);
                }
                if sw.dist == next {
                    sw.sigma += sv;
                    succ.push(w);
                }
            }
            succ_end.push(succ.len());
        }
        // Reverse BFS order: δ(v) = σ(v) Σ_{w successor} (1 + δ(w)) / σ(w), pulled from the
        // successors, which are final by then.
        for i in (0..order.len()).rev() {
            let v = order[i];
            let start = if i == 0 { 0 } else { succ_end[i - 1] };
            let sum: f64 = succ[start..succ_end[i]]
                .iter()
                .map(|&w| state[w as usize].coef)
                .sum();
            let sv = state[v as usize].sigma;
            let delta = sv * sum;
            if v != s {
                acc[v as usize] += delta;
            }
            state[v as usize].coef = (1.0 + delta) / sv;
        }
        for &v in order.iter() {
            state[v as usize] = NodeState {
                dist: UNSEEN,
                sigma: 0.0,
                coef: 0.0,
            };
        }
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
    (n / 64).clamp(1, 32)
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
    let n = csr.node_count();
    let blocks = block_count(n);
    let partials: Vec<Vec<f64>> = (0..blocks)
        .into_par_iter()
        .map(|b| {
            let mut scratch = Brandes::new(n);
            let mut acc = vec![0.0; n];
            let (lo, hi) = (n * b / blocks, n * (b + 1) / blocks);
            for s in lo..hi {
                scratch.accumulate(csr, s as u32, &mut acc);
            }
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
    Betweenness {
        normalised: normalise(&raw),
        raw,
        method: BetweennessMethod::Exact,
    }
}

/// An upper bound of the vertex diameter (nodes on a longest shortest path): twice the
/// eccentricity of a node, plus one, taken per component from its highest-degree node.
fn vertex_diameter_bound(csr: &Csr) -> u64 {
    let (component, sizes) = crate::stats::components(csr);
    let mut best = vec![None::<u32>; sizes.len()];
    for u in 0..csr.node_count() as u32 {
        let c = component[u as usize] as usize;
        if best[c].is_none_or(|b| csr.degree(u) > csr.degree(b)) {
            best[c] = Some(u);
        }
    }
    let mut scratch = crate::bfs::BfsScratch::new(csr.node_count());
    best.into_iter()
        .flatten()
        .map(|root| {
            let mut ecc = 0;
            scratch.visit(csr, root, usize::MAX, |_, d| ecc = ecc.max(d));
            2 * ecc as u64 + 1
        })
        .max()
        .unwrap_or(1)
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
    let vd = vertex_diameter_bound(csr);
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
    const BLOCK: u64 = 1024;
    let blocks = samples.div_ceil(BLOCK);
    let partials: Vec<Vec<u32>> = (0..blocks)
        .into_par_iter()
        .map_init(
            || PathSampler::new(n),
            |sampler, b| {
                let mut rng =
                    ChaCha8Rng::seed_from_u64(seed ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15));
                let mut hits = vec![0u32; n];
                let count = BLOCK.min(samples - b * BLOCK);
                for _ in 0..count {
                    sampler.sample(csr, &mut rng, &mut hits);
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

/// One side of a bidirectional BFS: distances and path counts from its root.
struct Side {
    dist: Vec<u32>,
    sigma: Vec<f64>,
    visited: Vec<u32>,
    frontier: Vec<u32>,
    next: Vec<u32>,
    /// Sum of the frontier's degrees: the cost of expanding it.
    frontier_arcs: usize,
    level: u32,
}

impl Side {
    fn new(n: usize) -> Side {
        Side {
            dist: vec![UNSEEN; n],
            sigma: vec![0.0; n],
            visited: Vec::new(),
            frontier: Vec::new(),
            next: Vec::new(),
            frontier_arcs: 0,
            level: 0,
        }
    }

    fn start(&mut self, csr: &Csr, root: u32) {
        self.dist[root as usize] = 0;
        self.sigma[root as usize] = 1.0;
        self.visited.push(root);
        self.frontier.push(root);
        self.frontier_arcs = csr.degree(root);
        self.level = 0;
    }

    /// Expands one level; the new frontier holds the nodes first reached at `level + 1`.
    fn expand(&mut self, csr: &Csr) {
        self.next.clear();
        let reached = self.level + 1;
        let mut arcs = 0;
        for &v in &self.frontier {
            let sv = self.sigma[v as usize];
            for &w in csr.neighbors(v) {
                let dw = &mut self.dist[w as usize];
                if *dw == UNSEEN {
                    *dw = reached;
                    self.visited.push(w);
                    self.next.push(w);
                    arcs += csr.degree(w);
                }
                if *dw == reached {
                    self.sigma[w as usize] += sv;
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
        while self.dist[v as usize] > 0 {
            let dv = self.dist[v as usize];
            let mut rest = rng.random::<f64>() * self.sigma[v as usize];
            let mut chosen = v;
            for &p in csr.neighbors(v) {
                if self.dist[p as usize] != UNSEEN && self.dist[p as usize] + 1 == dv {
                    chosen = p;
                    rest -= self.sigma[p as usize];
                    if rest < 0.0 {
                        break;
                    }
                }
            }
            if self.dist[chosen as usize] > 0 {
                hits[chosen as usize] += 1;
            }
            v = chosen;
        }
    }

    fn reset(&mut self) {
        for &v in &self.visited {
            self.dist[v as usize] = UNSEEN;
            self.sigma[v as usize] = 0.0;
        }
        self.visited.clear();
        self.frontier.clear();
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

    fn sample(&mut self, csr: &Csr, rng: &mut ChaCha8Rng, hits: &mut [u32]) {
        let n = csr.node_count() as u32;
        let s = rng.random_range(0..n);
        let mut t = rng.random_range(0..n - 1);
        if t >= s {
            t += 1;
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
                    .filter(|&w| other.dist[w as usize] != UNSEEN),
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
        from_s.reset();
        from_t.reset();
    }
}
