//! The frozen compact graph: compressed sparse rows with `u32` node ids, both directions stored.

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
        Csr::from_pair_chunks(n, &[pairs])
    }

    /// [`Csr::from_pairs`] over endpoint pairs held in several chunks (as loaders collect
    /// them, so that no single growing vector doubles the peak memory).
    ///
    /// # Panics
    /// If an endpoint is `>= n` or a chunk has an odd length.
    pub fn from_pair_chunks(n: usize, chunks: &[&[u32]]) -> (Csr, BuildStats) {
        assert!(
            chunks.iter().all(|c| c.len() % 2 == 0),
            "endpoint lists must hold pairs"
        );
        let pairs = || chunks.iter().flat_map(|c| c.chunks_exact(2));
        let mut stats = BuildStats::default();
        let mut degree = vec![0usize; n];
        for pair in pairs() {
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
        // `degree` doubles as the fill cursor (counting down), so no second n-sized array.
        for pair in pairs() {
            let (u, v) = (pair[0] as usize, pair[1] as usize);
            if u != v {
                degree[u] -= 1;
                targets[offsets[u] + degree[u]] = v as u32;
                degree[v] -= 1;
                targets[offsets[v] + degree[v]] = u as u32;
            }
        }
        let arcs_before = targets.len() as u64;
        // Now `degree` receives the number of distinct targets of each row.
        sort_and_dedupe_rows(&offsets, &mut targets, &mut degree);
        let unique = degree;
        let csr = if unique.iter().sum::<usize>() == targets.len() {
            Csr { offsets, targets }
        } else {
            compact_rows(offsets, targets, &unique)
        };
        stats.merged_duplicates = (arcs_before - csr.targets.len() as u64) / 2;
        (csr, stats)
    }

    /// Builds a graph from already-valid parts (rows sorted, no duplicates, no loops, symmetric).
    /// Used by the binary cache and by tests; [`Csr::validate`] checks the claim.
    pub fn from_parts(offsets: Vec<usize>, targets: Vec<u32>) -> Csr {
        Csr { offsets, targets }
    }

    /// Builds a graph from adjacency rows that are already symmetric and free of duplicates
    /// (another library's undirected simple graph, such as a NetworkX `Graph`'s adjacency):
    /// row `u` is `targets[offsets[u]..offsets[u + 1]]` in any order. Each row is sorted in
    /// parallel and self-loops are dropped (counted); no counting sort and no second copy.
    ///
    /// # Panics
    /// If the offsets do not span `targets` or a target is `>= n` (callers check ids first).
    pub fn from_symmetric_rows(offsets: Vec<usize>, mut targets: Vec<u32>) -> (Csr, BuildStats) {
        let n = offsets.len().saturating_sub(1);
        assert_eq!(offsets.last().copied().unwrap_or(0), targets.len());
        assert!(
            targets.iter().all(|&v| (v as usize) < n),
            "target out of range"
        );
        rows_mut(&offsets, &mut targets)
            .par_iter_mut()
            .for_each(|row| row.sort_unstable());
        let self_loops = (0..n)
            .filter(|&u| {
                targets[offsets[u]..offsets[u + 1]]
                    .binary_search(&(u as u32))
                    .is_ok()
            })
            .count() as u64;
        let stats = BuildStats {
            merged_duplicates: 0,
            self_loops,
        };
        if self_loops == 0 {
            return (Csr { offsets, targets }, stats);
        }
        let mut kept = Vec::with_capacity(targets.len() - self_loops as usize);
        let mut new_offsets = Vec::with_capacity(n + 1);
        new_offsets.push(0);
        for u in 0..n {
            let row = &targets[offsets[u]..offsets[u + 1]];
            kept.extend(row.iter().filter(|&&v| v as usize != u));
            new_offsets.push(kept.len());
        }
        (Csr::from_parts(new_offsets, kept), stats)
    }

    /// The subgraph on `nodes` (strictly increasing ids), node `nodes[i]` renumbered `i`. Rows
    /// stay sorted because the renumbering keeps the order.
    pub fn induced(&self, nodes: &[u32]) -> Csr {
        let mut offsets = Vec::with_capacity(nodes.len() + 1);
        offsets.push(0);
        let mut targets = Vec::new();
        for &v in nodes {
            let row = self.neighbors(v).iter();
            targets.extend(row.filter_map(|u| nodes.binary_search(u).ok().map(|i| i as u32)));
            offsets.push(targets.len());
        }
        Csr::from_parts(offsets, targets)
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

/// Sorts every row in place and moves its distinct targets to the front; writes the number
/// of distinct targets of row `u` to `unique[u]`. Rows are processed in parallel ranges.
fn sort_and_dedupe_rows(offsets: &[usize], targets: &mut [u32], unique: &mut [usize]) {
    let n = unique.len();
    let parts = (rayon::current_num_threads() * 8).clamp(1, n.max(1));
    // Split the node range into `parts` ranges of about equal arc counts.
    let mut ranges: Vec<(usize, &mut [u32], &mut [usize])> = Vec::with_capacity(parts);
    let (mut rest_t, mut rest_u, mut start) = (targets, unique, 0usize);
    for k in 1..=parts {
        let goal = offsets[n] * k / parts;
        let end = if k == parts {
            n
        } else {
            offsets.partition_point(|&o| o < goal).clamp(start, n)
        };
        let (t, tt) = rest_t.split_at_mut(offsets[end] - offsets[start]);
        let (u, uu) = rest_u.split_at_mut(end - start);
        ranges.push((start, t, u));
        (rest_t, rest_u, start) = (tt, uu, end);
    }
    ranges.into_par_iter().for_each(|(first, targets, unique)| {
        let base = offsets[first];
        for (i, slot) in unique.iter_mut().enumerate() {
            let row = &mut targets[offsets[first + i] - base..offsets[first + i + 1] - base];
            row.sort_unstable();
            let mut write = 0;
            for read in 0..row.len() {
                if write == 0 || row[read] != row[write - 1] {
                    row[write] = row[read];
                    write += 1;
                }
            }
            *slot = write;
        }
    });
}

/// Drops the duplicate tails left by [`sort_and_dedupe_rows`], compacting in one pass.
fn compact_rows(mut offsets: Vec<usize>, mut targets: Vec<u32>, unique: &[usize]) -> Csr {
    let mut write = 0usize;
    for (u, &len) in unique.iter().enumerate() {
        let start = offsets[u];
        targets.copy_within(start..start + len, write);
        offsets[u] = write;
        write += len;
    }
    offsets[unique.len()] = write;
    targets.truncate(write);
    targets.shrink_to_fit();
    Csr { offsets, targets }
}

/// The rows `targets[offsets[u]..offsets[u + 1]]` as separate mutable slices, to fill or
/// sort in parallel.
pub(super) fn rows_mut<'a>(offsets: &[usize], targets: &'a mut [u32]) -> Vec<&'a mut [u32]> {
    let mut rows = Vec::with_capacity(offsets.len().saturating_sub(1));
    let mut rest = targets;
    for w in offsets.windows(2) {
        let (row, tail) = std::mem::take(&mut rest).split_at_mut(w[1] - w[0]);
        rows.push(row);
        rest = tail;
    }
    rows
}

/// |a ∩ b| of two sorted id lists (two rows of a [`Csr`]: mutual connections).
pub fn intersection_len(a: &[u32], b: &[u32]) -> usize {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    // A contact of a few against an exporter of 30,000: binary search the few in the many
    // (O(small · log large)) instead of walking both.
    if small.len() * 16 < large.len() {
        return small
            .iter()
            .filter(|x| large.binary_search(x).is_ok())
            .count();
    }
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intersections_agree_with_sets_at_any_size_ratio() {
        let large: Vec<u32> = (0..1000).map(|x| x * 3).collect();
        for small in [vec![], vec![3, 4, 2997], vec![0, 1, 2, 3, 6, 9, 3000]] {
            let expected = small.iter().filter(|x| large.contains(x)).count();
            assert_eq!(intersection_len(&small, &large), expected);
            assert_eq!(intersection_len(&large, &small), expected);
        }
        let other: Vec<u32> = (0..1000).map(|x| x * 2).collect();
        assert_eq!(intersection_len(&large, &other), 334);
    }

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
