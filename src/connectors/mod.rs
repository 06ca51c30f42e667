//! Key connectors: of one ego (exclusive reach and loss per contact, Burt's measures) and of
//! the whole network (betweenness, Burt's measures, core numbers, bridges, articulation
//! points, and a combined ranking).

mod adaptive;
mod betweenness;
mod blocks;
mod burt;
mod core;
mod ego;
mod pendants;

pub use betweenness::{
    Betweenness, BetweennessMethod, BrandesWork, SampledWork, betweenness, betweenness_progress,
    betweenness_sampled, count_lane_ops, memory_bytes as betweenness_memory_bytes, sample_size,
    sampled_memory_bytes, source_betweenness, take_brandes_work, take_sampled_work,
};
pub use blocks::blocks as biconnected_blocks;
pub use burt::{Burt, burt, burt_all};
pub use core::core_numbers;
pub use ego::{
    Bridge, Bridges, Contact, EgoConnectors, ego_connectors, ego_memory_bytes, shared_bridges,
};

use petgraph::algo::articulation_points::articulation_points;
use petgraph::algo::bridges;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::graph::Csr;

/// Every network-level measure of every node, in node order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NetworkConnectors {
    /// Betweenness (exact or sampled; see its `method`).
    pub betweenness: Betweenness,
    /// Burt's measures (`None` for isolated people).
    pub burt: Vec<Option<Burt>>,
    /// Core numbers.
    pub core_number: Vec<u32>,
    /// Whether removing the node disconnects its component.
    pub is_articulation: Vec<bool>,
    /// Bridges as `(u, v)`, `u < v`, sorted.
    pub bridges: Vec<(u32, u32)>,
    /// The participation coefficient of each person in the Leiden communities (default
    /// resolution and seed; see [`crate::community::participation`]).
    pub participation: Vec<f64>,
    /// The combined key-connector score in [0, 1] (see [`key_scores`]).
    pub key_score: Vec<f64>,
}

/// How to compute betweenness.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BetweennessMode {
    /// Brandes over every source.
    Exact,
    /// Riondato–Kornaropoulos sampling with the given ε, δ and seed.
    Sampled {
        /// Additive error on the normalised scale.
        epsilon: f64,
        /// Failure probability.
        delta: f64,
        /// Seed.
        seed: u64,
    },
}

/// Bridges of the graph (petgraph's algorithm on the CSR), `u < v`, sorted.
pub fn bridge_list(csr: &Csr) -> Vec<(u32, u32)> {
    let mut list: Vec<(u32, u32)> = bridges(csr)
        .map(|e| (e.source().min(e.target()), e.source().max(e.target())))
        .collect();
    list.sort_unstable();
    list
}

/// Articulation points (petgraph's algorithm on the CSR) as a flag per node.
pub fn articulation_flags(csr: &Csr) -> Vec<bool> {
    let mut flags = vec![false; csr.node_count()];
    for u in articulation_points(csr) {
        flags[u as usize] = true;
    }
    flags
}

/// Fraction of the other values strictly below each value ("mid-rank" ties: half of the equal
/// ones count), in [0, 1]; `None` values rank lowest.
fn percentile_ranks(values: &[Option<f64>]) -> Vec<f64> {
    let n = values.len();
    let mut order: Vec<usize> = (0..n).collect();
    let key = |i: usize| values[i].unwrap_or(f64::NEG_INFINITY);
    order.sort_by(|&a, &b| key(a).total_cmp(&key(b)).then(a.cmp(&b)));
    let mut ranks = vec![0.0; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && key(order[j + 1]) == key(order[i]) {
            j += 1;
        }
        let mid = (i + j) as f64 / 2.0;
        for &k in &order[i..=j] {
            ranks[k] = if n > 1 { mid / (n - 1) as f64 } else { 0.0 };
        }
        i = j + 1;
    }
    ranks
}

/// The combined key-connector score: the mean of four percentile ranks among all people, each
/// in [0, 1] — betweenness (high is key), effective size (high is key), constraint (low is
/// key) and the participation coefficient in the communities (high is key: contacts spread
/// over many circles) — plus 0.25 for an articulation point, divided by 1.25 so the score
/// stays in [0, 1]. Ranks make the measures comparable whatever their scales; the articulation
/// bonus rewards people whose absence splits the network. Isolated people rank lowest.
pub fn key_scores(
    betweenness: &[f64],
    burt: &[Option<Burt>],
    participation: &[f64],
    is_articulation: &[bool],
) -> Vec<f64> {
    let b = percentile_ranks(&betweenness.iter().map(|&x| Some(x)).collect::<Vec<_>>());
    let p = percentile_ranks(&participation.iter().map(|&x| Some(x)).collect::<Vec<_>>());
    let e = percentile_ranks(
        &burt
            .iter()
            .map(|m| m.map(|m| m.effective_size))
            .collect::<Vec<_>>(),
    );
    let c = percentile_ranks(
        &burt
            .iter()
            .map(|m| m.map(|m| -m.constraint))
            .collect::<Vec<_>>(),
    );
    (0..betweenness.len())
        .map(|i| {
            let bonus = if is_articulation[i] { 0.25 } else { 0.0 };
            ((b[i] + e[i] + c[i] + p[i]) / 4.0 + bonus) / 1.25
        })
        .collect()
}

/// Every network-level measure.
pub fn network_connectors(csr: &Csr, mode: BetweennessMode) -> NetworkConnectors {
    network_connectors_progress(csr, mode, &crate::progress::Silent)
}

/// [`network_connectors`], reporting exact betweenness's progress.
pub fn network_connectors_progress(
    csr: &Csr,
    mode: BetweennessMode,
    progress: &dyn crate::progress::Progress,
) -> NetworkConnectors {
    let betweenness = match mode {
        BetweennessMode::Exact => betweenness_progress(csr, progress),
        BetweennessMode::Sampled {
            epsilon,
            delta,
            seed,
        } => betweenness_sampled(csr, epsilon, delta, seed),
    };
    let burt = burt_all(csr);
    let is_articulation = articulation_flags(csr);
    let communities = crate::community::detect(csr, crate::community::Options::default());
    let participation = crate::community::participation(csr, &communities.membership);
    let key_score = key_scores(
        &betweenness.normalised,
        &burt,
        &participation,
        &is_articulation,
    );
    NetworkConnectors {
        participation,
        core_number: core_numbers(csr),
        bridges: bridge_list(csr),
        betweenness,
        burt,
        is_articulation,
        key_score,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use crate::graph::Csr;

    /// A graph of `n` nodes from an edge list, for the unit tests of the betweenness parts.
    pub(crate) fn graph(n: usize, edges: &[(u32, u32)]) -> Csr {
        let pairs: Vec<u32> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
        Csr::from_pairs(n, &pairs).0
    }
}
