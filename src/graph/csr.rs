//! The frozen compact graph: compressed sparse rows with `u32` node ids, both directions stored.

use rayon::prelude::*;
use serde::Serialize;

/// An undirected simple graph in compressed sparse row form.
///
/// Node ids are `0..node_count()` as `u32`. Every undirected edge `{u, v}` is stored twice, once
/// in `u`'s row and once in `v`'s. Rows are sorted and free of duplicates and self-loops. The
/// structure is immutable once built, so every analysis can share it across threads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Csr {
    offsets: Vec<usize>,
    targets: Vec<u32>,
}

/// What the bulk build dropped on the way to a simple graph.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BuildStats {
    /// Input edges that repeated an undirected edge already seen (including `v u` after `u v`).
    pub merged_duplicates: u64,
    /// Input edges from a node to itself.
    pub self_loops: u64,
}

impl Csr {
    /// Builds the graph in bulk from endpoint pairs `[u0, v0, u1, v1, …]` over `n` nodes.
    ///
    /// Counting sort into rows, then a parallel sort of each row, then one compaction pass that
    /// drops duplicates. Self-loops are dropped (their node stays, isolated if it has no other
    /// edge). Cost: O(m log d) time, 8 bytes per input edge plus the result in memory.
    ///
    /// # Panics
    /// If an endpoint is `>= n` or `pairs.len()` is odd (callers map labels to ids first).
    pub fn from_pairs(n: usize, pairs: &[u32]) -> (Csr, BuildStats) {
        assert!(pairs.len() % 2 == 0, "endpoint list must hold pairs");
        let mut stats = BuildStats::default();
        let mut degree = vec![0usize; n];
        for pair in pairs.chunks_exact(2) {
            if pair[0] == pair[1] {
                stats.self_loops += 1;
            } else {
                degree[pair[0] as usize] += 1;
                degree[pair[1] as usize] += 1;
            }
        }
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0usize);
        for d in &degree {
            offsets.push(offsets[offsets.len() - 1] + d);
        }
        let mut targets = vec![0u32; offsets[n]];
        let mut cursor: Vec<usize> = offsets[..n].to_vec();
        for pair in pairs.chunks_exact(2) {
            let (u, v) = (pair[0], pair[1]);
            if u != v {
                targets[cursor[u as usize]] = v;
                cursor[u as usize] += 1;
                targets[cursor[v as usize]] = u;
                cursor[v as usize] += 1;
            }
        }
        drop(cursor);
        sort_rows(&mut targets, &degree);
        drop(degree);
        let arcs_before = targets.len() as u64;
        let csr = dedupe_sorted_rows(offsets, targets);
        stats.merged_duplicates = (arcs_before - csr.targets.len() as u64) / 2;
        (csr, stats)
    }

    /// Builds a graph from already-valid parts (rows sorted, no duplicates, no loops, symmetric).
    /// Used by the binary cache and by tests; [`Csr::validate`] checks the claim.
    pub fn from_parts(offsets: Vec<usize>, targets: Vec<u32>) -> Csr {
        Csr { offsets, targets }
    }

    /// Checks every invariant of the structure: monotone offsets, sorted duplicate-free rows,
    /// no self-loops, ids in range and symmetry. O(m log d).
    pub fn validate(&self) -> Result<(), String> {
        let n = self.node_count();
        if self.offsets.first() != Some(&0) || self.offsets.last() != Some(&self.targets.len()) {
            return Err("offsets do not span the target array".into());
        }
        for u in 0..n {
            if self.offsets[u] > self.offsets[u + 1] {
                return Err(format!("offsets decrease at node {u}"));
            }
            let row = self.neighbors(u as u32);
            if row.windows(2).any(|w| w[0] >= w[1]) {
                return Err(format!("row {u} is not strictly sorted"));
            }
            for &v in row {
                if v as usize >= n || v as usize == u {
                    return Err(format!("row {u} has a bad target {v}"));
                }
                if self.neighbors(v).binary_search(&(u as u32)).is_err() {
                    return Err(format!("edge {u}-{v} is not stored in both directions"));
                }
            }
        }
        Ok(())
    }

    /// Number of nodes.
    #[inline]
    pub fn node_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of undirected edges.
    #[inline]
    pub fn edge_count(&self) -> usize {
        self.targets.len() / 2
    }

    /// Number of stored arcs (twice the edge count).
    #[inline]
    pub fn arc_count(&self) -> usize {
        self.targets.len()
    }

    /// Sorted neighbours of `u`.
    #[inline]
    pub fn neighbors(&self, u: u32) -> &[u32] {
        let u = u as usize;
        &self.targets[self.offsets[u]..self.offsets[u + 1]]
    }

    /// Degree of `u`.
    #[inline]
    pub fn degree(&self, u: u32) -> usize {
        let u = u as usize;
        self.offsets[u + 1] - self.offsets[u]
    }

    /// Whether `{u, v}` is an edge (binary search in the shorter row).
    pub fn has_edge(&self, u: u32, v: u32) -> bool {
        let (a, b) = if self.degree(u) <= self.degree(v) {
            (u, v)
        } else {
            (v, u)
        };
        self.neighbors(a).binary_search(&b).is_ok()
    }

    /// Every undirected edge once, as `(u, v)` with `u < v`, in id order.
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        (0..self.node_count() as u32).flat_map(move |u| {
            self.neighbors(u)
                .iter()
                .copied()
                .filter(move |&v| u < v)
                .map(move |v| (u, v))
        })
    }

    /// Row offsets (`node_count() + 1` entries).
    pub fn offsets(&self) -> &[usize] {
        &self.offsets
    }

    /// The concatenated rows.
    pub fn targets(&self) -> &[u32] {
        &self.targets
    }

    /// Bytes held by the structure (offsets and targets).
    pub fn heap_bytes(&self) -> usize {
        self.offsets.len() * std::mem::size_of::<usize>() + self.targets.len() * 4
    }
}

/// Sorts every row in place, rows in parallel.
fn sort_rows(targets: &mut [u32], degree: &[usize]) {
    let mut rows: Vec<&mut [u32]> = Vec::with_capacity(degree.len());
    let mut rest = targets;
    for &d in degree {
        let (row, tail) = rest.split_at_mut(d);
        rows.push(row);
        rest = tail;
    }
    rows.par_iter_mut()
        .with_min_len(1024)
        .for_each(|row| row.sort_unstable());
}

/// Removes repeated targets from sorted rows, compacting the array in one pass.
fn dedupe_sorted_rows(mut offsets: Vec<usize>, mut targets: Vec<u32>) -> Csr {
    let n = offsets.len() - 1;
    let mut write = 0usize;
    let mut row_start = 0usize;
    for u in 0..n {
        let row_end = offsets[u + 1];
        let mut previous: Option<u32> = None;
        for read in row_start..row_end {
            let v = targets[read];
            if previous != Some(v) {
                targets[write] = v;
                write += 1;
                previous = Some(v);
            }
        }
        row_start = row_end;
        offsets[u + 1] = write;
    }
    targets.truncate(write);
    targets.shrink_to_fit();
    Csr { offsets, targets }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_merges_duplicates_and_drops_loops() {
        let (g, stats) = Csr::from_pairs(4, &[0, 1, 1, 0, 2, 2, 1, 2, 0, 1]);
        assert_eq!(g.node_count(), 4);
        assert_eq!(g.edge_count(), 2);
        assert_eq!(g.neighbors(1), &[0, 2]);
        assert_eq!(g.degree(3), 0);
        assert_eq!(stats.self_loops, 1);
        assert_eq!(stats.merged_duplicates, 2);
        assert!(g.validate().is_ok());
        assert_eq!(g.edges().collect::<Vec<_>>(), vec![(0, 1), (1, 2)]);
    }
}
