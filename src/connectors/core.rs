//! Core numbers (k-cores) by the Batagelj–Zaversnik bucket algorithm, O(m).
//! V. Batagelj and M. Zaversnik, "An O(m) Algorithm for Cores Decomposition of Networks", 2003.

use crate::graph::Csr;

/// The core number of every node: the largest k such that the node is in a subgraph where
/// everyone has degree ≥ k.
pub fn core_numbers(csr: &Csr) -> Vec<u32> {
    let n = csr.node_count();
    let mut degree: Vec<usize> = (0..n as u32).map(|u| csr.degree(u)).collect();
    let max = degree.iter().copied().max().unwrap_or(0);
    // bin[d] = start of the block of nodes with current degree d in `order`.
    let mut bin = vec![0usize; max + 2];
    for &d in &degree {
        bin[d + 1] += 1;
    }
    for d in 1..bin.len() {
        bin[d] += bin[d - 1];
    }
    let mut position = vec![0usize; n];
    let mut order = vec![0u32; n];
    let mut next = bin.clone();
    for u in 0..n {
        position[u] = next[degree[u]];
        order[position[u]] = u as u32;
        next[degree[u]] += 1;
    }
    for i in 0..n {
        let v = order[i] as usize;
        for &u in csr.neighbors(v as u32) {
            let u = u as usize;
            if degree[u] > degree[v] {
                // Move u to the front of its block, then shrink its degree by one.
                let du = degree[u];
                let first = bin[du];
                let w = order[first] as usize;
                if w != u {
                    order.swap(position[u], first);
                    position.swap(u, w);
                }
                bin[du] += 1;
                degree[u] -= 1;
            }
        }
    }
    degree.into_iter().map(|d| d as u32).collect()
}
