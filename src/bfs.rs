//! The BFS kernels: a depth-limited single-source BFS with reusable scratch, and a
//! multi-source bit-parallel BFS (MS-BFS, Then et al., "The More the Merrier: Efficient
//! Multi-Source Graph Traversal", VLDB 2015) that shares each pass over the edges among
//! `64 · W` sources, one bit per source.

use crate::graph::Csr;

/// Reusable state for depth-limited single-source BFS.
///
/// Visited marks are epoch stamps, so a new query costs nothing for untouched nodes: there is
/// no clearing of an n-sized array per query (only once every 2^32 queries).
#[derive(Clone, Debug, Default)]
pub struct BfsScratch {
    stamp: Vec<u32>,
    epoch: u32,
    frontier: Vec<u32>,
    next: Vec<u32>,
}

impl BfsScratch {
    /// Scratch for graphs of up to `n` nodes (it grows on demand).
    pub fn new(n: usize) -> Self {
        BfsScratch {
            stamp: vec![0; n],
            ..BfsScratch::default()
        }
    }

    fn begin(&mut self, n: usize) {
        if self.stamp.len() < n {
            self.stamp.resize(n, 0);
        }
        if self.epoch == u32::MAX {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.epoch = 0;
        }
        self.epoch += 1;
    }

    /// Visits every node within `depth` hops of `source`, level by level, calling
    /// `visit(node, distance)` for each (the source with distance 0 first). Stops after
    /// level `depth`: nodes at distance `depth` are reached but their edges never scanned.
    pub fn visit(
        &mut self,
        csr: &Csr,
        source: u32,
        depth: usize,
        mut visit: impl FnMut(u32, usize),
    ) {
        self.begin(csr.node_count());
        let epoch = self.epoch;
        self.stamp[source as usize] = epoch;
        visit(source, 0);
        self.frontier.clear();
        self.frontier.push(source);
        for level in 1..=depth {
            self.next.clear();
            for &u in &self.frontier {
                for &v in csr.neighbors(u) {
                    let s = &mut self.stamp[v as usize];
                    if *s != epoch {
                        *s = epoch;
                        self.next.push(v);
                        visit(v, level);
                    }
                }
            }
            std::mem::swap(&mut self.frontier, &mut self.next);
            if self.frontier.is_empty() {
                break;
            }
        }
    }

    /// Number of nodes at distance exactly 1..=depth from `source` (`result[k-1] = n_k`).
    pub fn rings(&mut self, csr: &Csr, source: u32, depth: usize) -> Vec<u64> {
        let mut counts = vec![0u64; depth];
        self.visit(csr, source, depth, |_, d| {
            if d > 0 {
                counts[d - 1] += 1;
            }
        });
        counts
    }
}

/// Receives the nodes each level of an MS-BFS batch reaches.
pub trait RingSink<const W: usize> {
    /// `bits` has bit `j` set for every source `j` of the batch for which `node` is at distance
    /// exactly `level` (1-based). Called at most once per node per level.
    fn ring(&mut self, level: usize, node: u32, bits: &[u64; W]);

    /// Called once per batch before the first `ring`, with the batch size.
    fn start(&mut self, _sources: usize) {}
}

/// Per-thread state of the multi-source bit-parallel BFS over batches of up to `64 · W` sources.
///
/// Memory: three `n · W` word arrays (seen, frontier, next) and two node lists.
pub struct MsBfs<const W: usize> {
    seen: Vec<[u64; W]>,
    frontier: Vec<[u64; W]>,
    next: Vec<[u64; W]>,
    active: Vec<u32>,
    touched: Vec<u32>,
}

impl<const W: usize> MsBfs<W> {
    /// Sources per batch.
    pub const BATCH: usize = 64 * W;

    /// State for a graph of `n` nodes.
    pub fn new(n: usize) -> Self {
        MsBfs {
            seen: vec![[0; W]; n],
            frontier: vec![[0; W]; n],
            next: vec![[0; W]; n],
            active: Vec::new(),
            touched: Vec::new(),
        }
    }

    /// Bytes of scratch this state holds.
    pub fn heap_bytes(&self) -> usize {
        3 * self.seen.len() * W * 8 + (self.active.capacity() + self.touched.capacity()) * 4
    }

    /// Runs one batch (`sources.len() <= 64 · W`) to `depth` levels, reporting every ring to
    /// `sink`. Source `j` is bit `j % 64` of word `j / 64`.
    pub fn run<S: RingSink<W>>(&mut self, csr: &Csr, sources: &[u32], depth: usize, sink: &mut S) {
        assert!(
            sources.len() <= Self::BATCH,
            "batch holds at most 64·W sources"
        );
        self.reset();
        sink.start(sources.len());
        for (j, &s) in sources.iter().enumerate() {
            self.seen[s as usize][j / 64] |= 1 << (j % 64);
            self.frontier[s as usize][j / 64] |= 1 << (j % 64);
            if !self.active.contains(&s) {
                self.active.push(s);
            }
        }
        for level in 1..=depth {
            if self.active.is_empty() {
                break;
            }
            self.expand(csr);
            self.settle(level, level == depth, sink);
        }
    }

    /// Clears what the previous batch left: only the seen bits need a full pass.
    fn reset(&mut self) {
        for word in &mut self.seen {
            *word = [0; W];
        }
        for &u in &self.active {
            self.frontier[u as usize] = [0; W];
        }
        self.active.clear();
    }

    /// Push step: every active node ORs its frontier bits into its neighbours' `next`.
    fn expand(&mut self, csr: &Csr) {
        self.touched.clear();
        for &u in &self.active {
            let bits = self.frontier[u as usize];
            for &v in csr.neighbors(u) {
                let next = &mut self.next[v as usize];
                if *next == [0; W] {
                    self.touched.push(v);
                }
                for w in 0..W {
                    next[w] |= bits[w];
                }
            }
        }
        for &u in &self.active {
            self.frontier[u as usize] = [0; W];
        }
        self.active.clear();
    }

    /// Keeps the unseen part of `next` as the new frontier and reports it. On the last level
    /// nothing is stored: the ring is counted without being materialised.
    fn settle<S: RingSink<W>>(&mut self, level: usize, last: bool, sink: &mut S) {
        for i in 0..self.touched.len() {
            let v = self.touched[i] as usize;
            let mut fresh = self.next[v];
            self.next[v] = [0; W];
            let seen = &mut self.seen[v];
            let mut any = 0u64;
            for w in 0..W {
                fresh[w] &= !seen[w];
                any |= fresh[w];
            }
            if any == 0 {
                continue;
            }
            sink.ring(level, v as u32, &fresh);
            if !last {
                for w in 0..W {
                    seen[w] |= fresh[w];
                }
                self.frontier[v] = fresh;
                self.active.push(v as u32);
            }
        }
    }
}

/// Bits per counter plane: a block of up to `2^PLANES - 1` words is summed before flushing.
const PLANES: usize = 16;

/// Per-source ring sizes for one batch, accumulated with bit-sliced counters: adding a word of
/// 64 source bits costs a short ripple-carry over `PLANES` words instead of 64 increments.
pub struct RingCounter<const W: usize> {
    depth: usize,
    /// `planes[level][p][w]`: bit p of the count of each source, per word.
    planes: Vec<[[u64; W]; PLANES]>,
    pending: Vec<usize>,
    /// `counts[source * depth + level - 1]`.
    counts: Vec<u64>,
    sources: usize,
}

impl<const W: usize> RingCounter<W> {
    /// A counter for `depth` levels.
    pub fn new(depth: usize) -> Self {
        RingCounter {
            depth,
            planes: vec![[[0; W]; PLANES]; depth],
            pending: vec![0; depth],
            counts: Vec::new(),
            sources: 0,
        }
    }

    fn flush(&mut self, level: usize) {
        let planes = &mut self.planes[level];
        for (p, plane) in planes.iter_mut().enumerate() {
            for (w, word) in plane.iter_mut().enumerate() {
                let mut x = *word;
                while x != 0 {
                    let b = x.trailing_zeros() as usize;
                    let source = w * 64 + b;
                    if source < self.sources {
                        self.counts[source * self.depth + level] += 1 << p;
                    }
                    x &= x - 1;
                }
                *word = 0;
            }
        }
        self.pending[level] = 0;
    }

    /// The counts of the finished batch: `n_1..n_depth` for each source in order.
    pub fn finish(&mut self) -> &[u64] {
        for level in 0..self.depth {
            self.flush(level);
        }
        &self.counts
    }
}

impl<const W: usize> RingSink<W> for RingCounter<W> {
    fn start(&mut self, sources: usize) {
        self.sources = sources;
        self.counts.clear();
        self.counts.resize(sources * self.depth, 0);
        for level in 0..self.depth {
            self.planes[level] = [[0; W]; PLANES];
            self.pending[level] = 0;
        }
    }

    #[inline]
    fn ring(&mut self, level: usize, _node: u32, bits: &[u64; W]) {
        let l = level - 1;
        let planes = &mut self.planes[l];
        for w in 0..W {
            let mut carry = bits[w];
            let mut p = 0;
            while carry != 0 {
                let t = planes[p][w] & carry;
                planes[p][w] ^= carry;
                carry = t;
                p += 1;
            }
        }
        self.pending[l] += 1;
        if self.pending[l] == (1 << PLANES) - 1 {
            self.flush(l);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_source_rings_on_a_path() {
        let (g, _) = Csr::from_pairs(5, &[0, 1, 1, 2, 2, 3, 3, 4]);
        let mut s = BfsScratch::new(5);
        assert_eq!(s.rings(&g, 0, 3), vec![1, 1, 1]);
        assert_eq!(s.rings(&g, 2, 3), vec![2, 2, 0]);
    }

    #[test]
    fn ms_bfs_counts_match_single_source() {
        let (g, _) = Csr::from_pairs(6, &[0, 1, 1, 2, 2, 3, 3, 4, 1, 5, 5, 3]);
        let sources: Vec<u32> = (0..6).collect();
        let mut ms = MsBfs::<1>::new(6);
        let mut counter = RingCounter::<1>::new(3);
        ms.run(&g, &sources, 3, &mut counter);
        let got = counter.finish().to_vec();
        let mut s = BfsScratch::new(6);
        for (j, &src) in sources.iter().enumerate() {
            assert_eq!(&got[j * 3..j * 3 + 3], s.rings(&g, src, 3).as_slice());
        }
    }
}
