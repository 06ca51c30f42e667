//! The partition: worker `w` owns the nodes `bounds[w]..bounds[w + 1]` and their rows.
//!
//! Bounds are cut so that every worker carries about the same weight, one per node plus one
//! per arc (so neither a few hubs nor many isolated people pile up on one worker); each worker
//! finds all bounds by binary search over the cache's row offsets with positioned reads, and
//! all workers find the same ones. A worker's targets are rewritten to local indices: its own
//! nodes are `0..len`, and its remote neighbours ("ghosts", sorted by id) follow from `len`,
//! so the hot loops index plain arrays.

use std::ops::Range;

use crate::error::Result;
use crate::io::cache::Parts;

/// One worker's share of the graph.
#[derive(Clone, Debug)]
pub struct Part {
    /// Nodes in the whole graph.
    pub n: usize,
    /// `bounds[w]..bounds[w + 1]` are worker w's nodes.
    pub bounds: Vec<usize>,
    /// First owned node.
    pub first: usize,
    /// One past the last owned node.
    pub end: usize,
    /// Row offsets of the owned nodes (`len() + 1` of them, from 0).
    pub offsets: Vec<usize>,
    /// Targets as local indices: below `len()` an owned node, else ghost `t - len()`.
    pub targets: Vec<u32>,
    /// Global ids of the remote neighbours, ascending.
    pub ghosts: Vec<u32>,
    /// Per worker, the slice of `ghosts` it owns (ascending ids make each one contiguous).
    pub ghost_ranges: Vec<Range<usize>>,
    /// The network's own id of each owned node when the cache stores its rows in a locality
    /// order (`convert --order`); empty when stored ids are the network's.
    pub original: Vec<u32>,
}

impl Part {
    /// A placeholder owning nothing.
    pub fn empty() -> Part {
        Part {
            n: 0,
            bounds: vec![0, 0],
            first: 0,
            end: 0,
            offsets: vec![0],
            targets: Vec::new(),
            ghosts: Vec::new(),
            ghost_ranges: Vec::new(),
            original: Vec::new(),
        }
    }

    /// Reads worker `me`'s part of the cache for `workers` workers.
    pub fn read(parts: &Parts, workers: usize, me: usize) -> Result<Part> {
        let n = parts.node_count();
        let bounds = bounds(parts, workers)?;
        let (first, end) = (bounds[me], bounds[me + 1]);
        let (offsets, global) = parts.rows(first, end)?;
        let mut ghosts: Vec<u32> = global
            .iter()
            .copied()
            .filter(|&t| !(first..end).contains(&(t as usize)))
            .collect();
        ghosts.sort_unstable();
        ghosts.dedup();
        let len = (end - first) as u32;
        let targets = global
            .iter()
            .map(|&t| match (t as usize).checked_sub(first) {
                Some(local) if local < (end - first) => local as u32,
                // Present by construction: every remote target is in `ghosts`.
                _ => len + ghosts.binary_search(&t).unwrap_or(0) as u32,
            })
            .collect();
        let ghost_ranges = (0..workers)
            .map(|w| {
                let lo = ghosts.partition_point(|&g| (g as usize) < bounds[w]);
                let hi = ghosts.partition_point(|&g| (g as usize) < bounds[w + 1]);
                lo..hi
            })
            .collect();
        Ok(Part {
            n,
            bounds,
            first,
            end,
            offsets,
            targets,
            ghosts,
            ghost_ranges,
            original: parts.original_ids(first, end)?.unwrap_or_default(),
        })
    }

    /// Owned nodes.
    pub fn len(&self) -> usize {
        self.end - self.first
    }

    /// Whether this worker owns no node.
    pub fn is_empty(&self) -> bool {
        self.end == self.first
    }

    /// The local row of owned node `u` (local index).
    #[inline]
    pub fn row(&self, u: usize) -> &[u32] {
        &self.targets[self.offsets[u]..self.offsets[u + 1]]
    }

    /// The network's own id of owned node `u` (local index): what outputs, hashes and
    /// rankings use, so that results do not depend on the stored order.
    #[inline]
    pub fn original_id(&self, u: usize) -> u32 {
        self.original
            .get(u)
            .copied()
            .unwrap_or((self.first + u) as u32)
    }

    /// The network's own id of every ghost, in ghost order: read from the cache's order in
    /// blocks (ghosts are ascending), so a worker never holds the whole order.
    pub fn ghost_original_ids(&self, parts: &Parts) -> Result<Vec<u32>> {
        self.ghost_original_ids_in_blocks(parts, 1 << 20)
    }

    fn ghost_original_ids_in_blocks(&self, parts: &Parts, block: usize) -> Result<Vec<u32>> {
        let mut ids = Vec::with_capacity(self.ghosts.len());
        let mut rest = &self.ghosts[..];
        while let Some(&g) = rest.first() {
            let start = g as usize;
            let end = (start + block).min(self.n);
            let Some(block) = parts.original_ids(start, end)? else {
                return Ok(self.ghosts.clone());
            };
            let here = rest.partition_point(|&h| (h as usize) < end);
            ids.extend(rest[..here].iter().map(|&h| block[h as usize - start]));
            rest = &rest[here..];
        }
        Ok(ids)
    }

    /// The worker owning global node `v`.
    pub fn owner(&self, v: usize) -> usize {
        self.bounds.partition_point(|&b| b <= v) - 1
    }
}

/// The `workers + 1` bounds: bound w is the first node whose weight before it (nodes plus arcs)
/// reaches w / workers of the total.
pub fn bounds(parts: &Parts, workers: usize) -> Result<Vec<usize>> {
    let n = parts.node_count();
    let total = (n + parts.arc_count()) as u128;
    let mut bounds = vec![0usize; workers + 1];
    bounds[workers] = n;
    for (w, bound) in bounds.iter_mut().enumerate().take(workers).skip(1) {
        let goal = (total * w as u128 / workers as u128) as u64;
        let (mut lo, mut hi) = (0usize, n);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if parts.offset(mid)? + mid as u64 >= goal {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        *bound = lo;
    }
    // Offsets are monotone, so bounds are; a damaged file is caught when the rows are read.
    for w in 1..=workers {
        bounds[w] = bounds[w].max(bounds[w - 1]);
    }
    Ok(bounds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Csr, Labels, LoadReport, Network, People};

    fn cache_of(n: usize, pairs: &[u32]) -> tempfile::NamedTempFile {
        cache_in_order(n, pairs, None)
    }

    fn cache_in_order(
        n: usize,
        pairs: &[u32],
        order: Option<&crate::graph::Permutation>,
    ) -> tempfile::NamedTempFile {
        let network = Network {
            csr: Csr::from_pairs(n, pairs).0,
            labels: Labels::Int((0..n as u64).collect()),
            people: People::default(),
            report: LoadReport::default(),
            dates: Default::default(),
        };
        let mut file = tempfile::NamedTempFile::new().unwrap();
        crate::io::cache::write_ordered(&network, order, file.as_file_mut()).unwrap();
        file
    }

    /// Ghosts' own ids come from the cache's order (read in blocks smaller than the graph, so
    /// ghosts span several), and are the stored ids when the cache has no order.
    #[test]
    fn ghosts_map_to_the_networks_own_ids() {
        let n = 60u32;
        let pairs: Vec<u32> = (0..n).flat_map(|v| [v, (v * 7 + 3) % n]).collect();
        // Stored node i is node (i * 13) % 60 of the network.
        let order: Vec<u32> = (0..n).map(|i| (i * 13) % n).collect();
        let order = crate::graph::Permutation::from_old_of_new(order.clone()).unwrap();
        let ordered = cache_in_order(n as usize, &pairs, Some(&order));
        let plain = cache_of(n as usize, &pairs);
        for me in 0..3 {
            let parts = Parts::open(ordered.path()).unwrap();
            let part = Part::read(&parts, 3, me).unwrap();
            assert!(part.ghosts.len() > 5);
            let expected: Vec<u32> = part
                .ghosts
                .iter()
                .map(|&g| order.old_of_new()[g as usize])
                .collect();
            for block in [1, 7, 64] {
                let ids = part.ghost_original_ids_in_blocks(&parts, block).unwrap();
                assert_eq!(ids, expected, "worker {me}, blocks of {block}");
            }
            let parts = Parts::open(plain.path()).unwrap();
            let part = Part::read(&parts, 3, me).unwrap();
            assert_eq!(part.ghost_original_ids(&parts).unwrap(), part.ghosts);
        }
    }

    #[test]
    fn parts_cover_every_node_once_and_map_back_to_the_graph() {
        // A star on 0 plus a path, and isolated nodes at the end.
        let mut pairs = vec![];
        for v in 1..40u32 {
            pairs.extend([0, v]);
        }
        for v in 40..70u32 {
            pairs.extend([v, v + 1]);
        }
        let n = 80;
        let file = cache_of(n, &pairs);
        let parts = Parts::open(file.path()).unwrap();
        let whole = crate::io::cache::read(file.path()).unwrap().csr;
        for workers in 1..=5 {
            let mut covered = 0;
            for me in 0..workers {
                let part = Part::read(&parts, workers, me).unwrap();
                assert_eq!(part.first, covered, "{workers} workers: contiguous");
                covered = part.end;
                for u in 0..part.len() {
                    let v = part.first + u;
                    assert_eq!(part.owner(v), me);
                    let global: Vec<u32> = part
                        .row(u)
                        .iter()
                        .map(|&t| match (t as usize).checked_sub(part.len()) {
                            None => (part.first as u32) + t,
                            Some(g) => part.ghosts[g],
                        })
                        .collect();
                    assert_eq!(global, whole.neighbors(v as u32), "row of {v}");
                }
                for (w, r) in part.ghost_ranges.iter().enumerate() {
                    assert!(
                        part.ghosts[r.clone()]
                            .iter()
                            .all(|&g| part.owner(g as usize) == w)
                    );
                }
            }
            assert_eq!(covered, n);
        }
    }
}
