//! Exact betweenness block by block: the biconnected components (blocks) of a weighted graph
//! (after S. Sariyüce, E. Saule, K. Kaya, Ü. Çatalyürek, "Shattering and compressing networks
//! for betweenness centrality", SDM 2013, and R. Puzis, Y. Elovici, P. Zilberman, S. Dolev,
//! U. Brandes, "Topology manipulations for speeding betweenness centrality computation",
//! J. Complex Networks 2015).
//!
//! Every shortest path between two blocks passes through the articulation points between
//! them, so a path from the part of the graph attached to block B at node x to the part
//! attached at y crosses B along a shortest x–y path of B. Node v of B therefore gets
//! Brandes on B alone, with x weighted W_B(x): the people (node weights) reached from x
//! without B's edges, x included. An articulation point v also lies on every path between two
//! of its sides: with T_B = n_c − W_B(v) the people on B's side, that is
//! ((n_c − ω(v))² − Σ_B T_B²)/2 unordered pairs (ω(v) is v's own weight; pairs with an end in
//! v's own weight are counted by whoever folded it).
//!
//! One Brandes over the whole graph costs about n·m; over its blocks, Σ n_B·m_B.

use crate::graph::Csr;

/// Blocks with two or more nodes, each as its node list in increasing id, in a fixed order (a
/// node in several blocks is an articulation point). Iterative Hopcroft–Tarjan: nodes are
/// stacked as discovered, and when a child's low point does not reach above its parent, the
/// nodes stacked since the child form a block with the parent.
pub fn blocks(csr: &Csr) -> Vec<Vec<u32>> {
    let n = csr.node_count();
    const UNSEEN: u32 = u32::MAX;
    let (mut disc, mut low) = (vec![UNSEEN; n], vec![0u32; n]);
    let mut stack: Vec<u32> = Vec::new();
    // (node, parent, next neighbour index) of the depth-first path.
    let mut path: Vec<(u32, u32, usize)> = Vec::new();
    let mut found = Vec::new();
    let mut time = 0u32;
    for root in 0..n as u32 {
        if disc[root as usize] != UNSEEN {
            continue;
        }
        disc[root as usize] = time;
        low[root as usize] = time;
        time += 1;
        stack.push(root);
        path.push((root, UNSEEN, 0));
        while let Some(&mut (v, parent, ref mut next)) = path.last_mut() {
            if let Some(&w) = csr.neighbors(v).get(*next) {
                *next += 1;
                if disc[w as usize] == UNSEEN {
                    disc[w as usize] = time;
                    low[w as usize] = time;
                    time += 1;
                    stack.push(w);
                    path.push((w, v, 0));
                } else if w != parent {
                    low[v as usize] = low[v as usize].min(disc[w as usize]);
                }
                continue;
            }
            path.pop();
            if parent == UNSEEN {
                stack.pop(); // the root, alone once its blocks are out
                continue;
            }
            low[parent as usize] = low[parent as usize].min(low[v as usize]);
            if low[v as usize] >= disc[parent as usize] {
                let mut block = vec![parent];
                while let Some(u) = stack.pop() {
                    block.push(u);
                    if u == v {
                        break;
                    }
                }
                block.sort_unstable();
                found.push(block);
            }
        }
    }
    found
}

/// How many blocks each node is in (two or more: an articulation point).
pub fn membership(n: usize, blocks: &[Vec<u32>]) -> Vec<u32> {
    let mut membership = vec![0u32; n];
    for block in blocks {
        for &v in block {
            membership[v as usize] += 1;
        }
    }
    membership
}

/// Unordered-pair betweenness of every node of a graph whose node v stands for `weight[v]`
/// people, `component_size[v]` of them in v's component, from its `blocks` and each node's
/// block count (`membership`): weighted Brandes
/// per block of three or more nodes (`brandes(block graph, block weights)` returns
/// ordered-pair sums) plus the articulation points' pairs between their sides.
pub fn betweenness_by_blocks(
    csr: &Csr,
    blocks: &[Vec<u32>],
    membership: &[u32],
    weight: &[f64],
    component_size: &[u64],
    brandes: &mut dyn FnMut(&Csr, &[f64]) -> Vec<f64>,
) -> Vec<f64> {
    let n = csr.node_count();
    let tree = CutTree::new(blocks, membership, weight, component_size);
    let mut raw = vec![0.0; n];
    let mut sides: Vec<u64> = vec![0; n]; // Σ_B T_B² per articulation point
    for (b, block) in blocks.iter().enumerate() {
        let attached: Vec<u64> = block.iter().map(|&x| tree.attached(b, x)).collect();
        for (&x, &w) in block.iter().zip(&attached) {
            if membership[x as usize] > 1 {
                let t = component_size[x as usize] - w;
                sides[x as usize] += t * t;
            }
        }
        if block.len() <= 2 {
            continue; // no inner nodes
        }
        let graph = csr.induced(block);
        let block_weight: Vec<f64> = attached.iter().map(|&w| w as f64).collect();
        for (&x, s) in block.iter().zip(brandes(&graph, &block_weight)) {
            raw[x as usize] += s / 2.0;
        }
    }
    for v in 0..n {
        if membership[v] > 1 {
            let outside = component_size[v] - weight[v] as u64;
            raw[v] += ((outside * outside - sides[v]) / 2) as f64;
        }
    }
    raw
}

/// The block–cut tree with subtree weights: each component rooted at its first block.
struct CutTree {
    /// Per block: its parent articulation point (`u32::MAX` for a root block) and the weight
    /// of its subtree.
    parent: Vec<u32>,
    subtree: Vec<u64>,
    /// Per articulation point: the weight of its subtree (itself and its child blocks').
    point_subtree: Vec<u64>,
    component_size: Vec<u64>,
}

impl CutTree {
    fn new(blocks: &[Vec<u32>], membership: &[u32], weight: &[f64], sizes: &[u64]) -> CutTree {
        let n = membership.len();
        let mut blocks_of: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (b, block) in blocks.iter().enumerate() {
            for &v in block.iter().filter(|&&v| membership[v as usize] > 1) {
                blocks_of[v as usize].push(b as u32);
            }
        }
        let mut parent = vec![u32::MAX; blocks.len()];
        let mut seen = vec![false; blocks.len()];
        // Blocks in an order where each comes after its parent point's parent block.
        let mut order = Vec::with_capacity(blocks.len());
        for root in 0..blocks.len() {
            if seen[root] {
                continue;
            }
            seen[root] = true;
            order.push(root as u32);
            let mut head = order.len() - 1;
            while head < order.len() {
                let b = order[head] as usize;
                head += 1;
                for &a in blocks[b].iter().filter(|&&a| membership[a as usize] > 1) {
                    if a == parent[b] {
                        continue;
                    }
                    for &c in &blocks_of[a as usize] {
                        if !seen[c as usize] {
                            seen[c as usize] = true;
                            parent[c as usize] = a;
                            order.push(c);
                        }
                    }
                }
            }
        }
        let mut subtree = vec![0u64; blocks.len()];
        let mut point_subtree: Vec<u64> = weight.iter().map(|&w| w as u64).collect();
        for &b in order.iter().rev() {
            let b = b as usize;
            subtree[b] = blocks[b]
                .iter()
                .filter(|&&x| x != parent[b])
                .map(|&x| point_subtree[x as usize])
                .sum();
            if parent[b] != u32::MAX {
                point_subtree[parent[b] as usize] += subtree[b];
            }
        }
        CutTree {
            parent,
            subtree,
            point_subtree,
            component_size: sizes.to_vec(),
        }
    }

    /// W_B(x): the weight attached to block `b` at its node `x`.
    fn attached(&self, b: usize, x: u32) -> u64 {
        if x == self.parent[b] {
            self.component_size[x as usize] - self.subtree[b]
        } else {
            // A child articulation point carries its subtree; any other node, its own weight
            // (its `point_subtree` was never added to).
            self.point_subtree[x as usize]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::connectors::tests::graph as csr;

    #[test]
    fn two_triangles_sharing_a_node_are_two_blocks() {
        let g = csr(5, &[(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (2, 4)]);
        let mut b = blocks(&g);
        b.sort();
        assert_eq!(b, vec![vec![0, 1, 2], vec![2, 3, 4]]);
    }

    #[test]
    fn a_bowtie_puts_its_centre_on_the_four_crossing_pairs() {
        let g = csr(5, &[(0, 1), (1, 2), (0, 2), (2, 3), (3, 4), (2, 4)]);
        let mut none = |_: &Csr, w: &[f64]| vec![0.0; w.len()];
        let raw = betweenness_by_blocks(
            &g,
            &blocks(&g),
            &membership(5, &blocks(&g)),
            &[1.0; 5],
            &[5; 5],
            &mut none,
        );
        assert_eq!(raw, vec![0.0, 0.0, 4.0, 0.0, 0.0]);
    }

    #[test]
    fn a_chain_of_three_triangles_counts_each_cut_points_crossing_pairs() {
        // Triangles {0,1,2}, {2,3,4}, {4,5,6}: 2 separates {0,1} from {3,4,5,6}, 4 separates
        // {0,1,2,3} from {5,6}; 3 is on no shortest path (2 and 4 are adjacent).
        let g = csr(
            7,
            &[
                (0, 1),
                (1, 2),
                (0, 2),
                (2, 3),
                (3, 4),
                (2, 4),
                (4, 5),
                (5, 6),
                (4, 6),
            ],
        );
        let mut none = |_: &Csr, w: &[f64]| vec![0.0; w.len()];
        let raw = betweenness_by_blocks(
            &g,
            &blocks(&g),
            &membership(7, &blocks(&g)),
            &[1.0; 7],
            &[7; 7],
            &mut none,
        );
        assert_eq!(raw, vec![0.0, 0.0, 8.0, 0.0, 8.0, 0.0, 0.0]);
    }
}
