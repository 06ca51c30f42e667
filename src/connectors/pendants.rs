//! Degree-1 folding for exact betweenness (M. Baglioni, F. Geraci, M. Pellegrini, E. Lastres,
//! "Fast exact computation of betweenness centrality in social networks", ASONAM 2012).
//!
//! Removing degree-1 nodes over and over leaves the core: what is not in a pendant tree. Every
//! removed node hangs, through its parent, below one core node. A shortest path between two
//! people runs up their trees to the core, across the core, and down, so:
//!
//! - paths with an end in the subtree below node v (v included, w(v) nodes in all) and the
//!   other end outside pass through v when that end is not v itself, and paths between two of
//!   v's child subtrees pass through v: (w − 1)(n_c − w) + ((w − 1)² − Σ c²)/2 pairs, with
//!   n_c the size of v's component and c the children's subtree sizes. This is the whole
//!   betweenness of a removed node;
//! - a core node also lies on core paths between the trees of two other core nodes a and b,
//!   counted w(a) · w(b) times: Brandes on the core with each source weighted w(a) and each
//!   target w(b) (δ_a(v) = Σ σ_av/σ_ax · (w(x) + δ_a(x))).
//!
//! Social networks built from exports are full of pendant trees (a contact only one owner
//! knows is a degree-1 node), so the core is often a fraction of the graph.

use crate::graph::Csr;

/// The pendant trees of a graph, folded into their core nodes.
pub struct Folding {
    /// The core's nodes in increasing id: core index i is node `core[i]`.
    pub core: Vec<u32>,
    /// The core's edges among core indices.
    pub core_csr: Csr,
    /// w(v) for each core index: the core node and everyone hanging below it.
    pub core_weight: Vec<f64>,
    /// The size of each core node's component (in the whole graph).
    pub core_component_size: Vec<u64>,
    /// The pairs each node is on a path of by its pendant trees alone (unordered pairs), per
    /// node of the graph.
    pub tree_pairs: Vec<f64>,
}

/// Folds every pendant tree of `csr` into its core node, or `None` when no node has degree 1
/// (folding would change nothing).
pub fn fold(csr: &Csr) -> Option<Folding> {
    let n = csr.node_count();
    if !(0..n as u32).any(|v| csr.degree(v) == 1) {
        return None;
    }
    let mut degree: Vec<u32> = (0..n as u32).map(|v| csr.degree(v) as u32).collect();
    let mut removed = vec![false; n];
    // Subtree sizes (w) and the sum of the children's squared sizes, as exact integers.
    let mut weight = vec![1u64; n];
    let mut children_squares = vec![0u64; n];
    let mut queue: std::collections::VecDeque<u32> =
        (0..n as u32).filter(|&v| degree[v as usize] == 1).collect();
    while let Some(u) = queue.pop_front() {
        // A node queued at degree 1 may have lost its last neighbour since (a two-node tree).
        if degree[u as usize] != 1 {
            continue;
        }
        // Degree 1 counts the one neighbour not removed yet.
        let Some(parent) = csr
            .neighbors(u)
            .iter()
            .copied()
            .find(|&p| !removed[p as usize])
        else {
            continue;
        };
        removed[u as usize] = true;
        degree[u as usize] = 0;
        let p = parent as usize;
        weight[p] += weight[u as usize];
        children_squares[p] += weight[u as usize] * weight[u as usize];
        degree[p] -= 1;
        if degree[p] == 1 {
            queue.push_back(parent);
        }
    }
    let (component, sizes) = crate::stats::components(csr);
    let tree_pairs = (0..n)
        .map(|v| {
            let (w, below) = (weight[v], weight[v] - 1);
            let n_c = sizes[component[v] as usize] as u64;
            (below * (n_c - w)) as f64 + ((below * below - children_squares[v]) / 2) as f64
        })
        .collect();
    let core: Vec<u32> = (0..n as u32).filter(|&v| !removed[v as usize]).collect();
    let core_csr = csr.induced(&core);
    let core_weight = core.iter().map(|&v| weight[v as usize] as f64).collect();
    let core_component_size = core
        .iter()
        .map(|&v| sizes[component[v as usize] as usize] as u64)
        .collect();
    Some(Folding {
        core,
        core_csr,
        core_weight,
        core_component_size,
        tree_pairs,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::connectors::tests::graph as csr;

    #[test]
    fn a_path_folds_into_one_node_with_its_pairs() {
        // 0 – 1 – 2 – 3: the inner nodes are each on two paths.
        let f = fold(&csr(4, &[(0, 1), (1, 2), (2, 3)])).expect("a path has pendants");
        assert_eq!(f.core.len(), 1);
        assert_eq!(f.core_weight, vec![4.0]);
        assert_eq!(f.tree_pairs, vec![0.0, 2.0, 2.0, 0.0]);
    }

    #[test]
    fn a_triangle_with_a_tail_keeps_the_triangle() {
        // Triangle 0-1-2, tail 2 – 3 – 4.
        let f = fold(&csr(5, &[(0, 1), (1, 2), (0, 2), (2, 3), (3, 4)])).expect("pendants");
        assert_eq!(f.core, vec![0, 1, 2]);
        assert_eq!(f.core_weight, vec![1.0, 1.0, 3.0]);
        assert_eq!(f.core_csr.edge_count(), 3);
        // 3 is on the paths from 4 to 0, 1, 2; 2 on those from {3, 4} to {0, 1}.
        assert_eq!(f.tree_pairs, vec![0.0, 0.0, 4.0, 3.0, 0.0]);
    }

    #[test]
    fn a_single_export_folds_into_its_owner() {
        // One person's export: the owner (0) and eight contacts who know only the owner. The
        // owner is on every path between two contacts, C(8, 2) = 28 pairs.
        let edges: Vec<(u32, u32)> = (1..9).map(|c| (0, c)).collect();
        let f = fold(&csr(9, &edges)).expect("contacts are pendants");
        assert_eq!(f.core, vec![0]);
        assert_eq!(f.core_weight, vec![9.0]);
        assert_eq!(f.tree_pairs[0], 28.0);
        assert!(f.tree_pairs[1..].iter().all(|&p| p == 0.0));
    }

    #[test]
    fn graphs_without_pendants_are_not_folded() {
        assert!(fold(&csr(3, &[(0, 1), (1, 2), (0, 2)])).is_none());
    }
}
