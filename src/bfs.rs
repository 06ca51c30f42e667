//! The BFS kernels: a depth-limited single-source BFS with reusable scratch, and a
//! multi-source bit-parallel BFS (MS-BFS, Then et al., "The More the Merrier: Efficient
//! Multi-Source Graph Traversal", VLDB 2015) that shares each pass over the edges among
//! `64 · W` sources, one bit per source.

// The kernels combine several `[u64; W]` arrays word by word; an index over `0..W` says that
// more plainly than zipped iterators.
#![allow(clippy::needless_range_loop)]

use std::cell::Cell;

use crate::graph::{Csr, Order, Permutation};
use crate::tally::{Counts, Tally};

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
    pub fn visit(&mut self, csr: &Csr, source: u32, depth: usize, visit: impl FnMut(u32, usize)) {
        self.visit_avoiding(csr, source, depth, None, visit);
    }

    /// Like [`BfsScratch::visit`] on the graph without node `avoid`: it is never reached and
    /// never passed through.
    pub fn visit_avoiding(
        &mut self,
        csr: &Csr,
        source: u32,
        depth: usize,
        avoid: Option<u32>,
        mut visit: impl FnMut(u32, usize),
    ) {
        self.begin(csr.node_count());
        let epoch = self.epoch;
        if let Some(a) = avoid.filter(|&a| a != source) {
            self.stamp[a as usize] = epoch;
        }
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

/// `nodes` in breadth-first order over the graph (each component from its best-connected
/// node in `nodes`, ties in the given order; neighbours in row order): people near each other
/// come near each other, so a batch of consecutive sources in this order shares its searches'
/// waves (issue: batches of sources that share their neighbourhoods). Only members of `nodes`
/// are returned; the others are passed through.
pub fn neighbourhood_order(csr: &Csr, nodes: &[u32]) -> Vec<u32> {
    let mut wanted = vec![false; csr.node_count()];
    for &v in nodes {
        wanted[v as usize] = true;
    }
    let mut roots = nodes.to_vec();
    roots.sort_by_key(|&v| std::cmp::Reverse(csr.degree(v)));
    let mut order = crate::graph::order::breadth_first(csr, &roots, |_| {});
    order.retain(|&v| wanted[v as usize]);
    order
}

/// The locality order an all-node search over batches of `batch` consecutive ids should run
/// in, or `None` when the graph's own ids serve as well (the one policy for every all-node
/// kernel; issue: batches of sources that share their neighbourhoods).
///
/// A batch's search reads the rows of the union of its sources' balls; the smaller those
/// unions, the fewer words move that carry only zeros. The policy sums the neighbourhood
/// unions (one hop) of a few sampled batches: when they already hold under `SHARED_ALREADY`
/// of those batches' arcs, the ids are kept without trying an order; else the graph is
/// renumbered in breadth-first order ([`Order::Bfs`]) when that cuts the unions to at most
/// `LOCALITY_GAIN`. Measured (`netreach bench reach`, 2 threads, renumbering included):
/// ca-GrQc's unions shrink to 0.55 and its search runs 1.45× faster, LastFM's to 0.62 and
/// 1.38×; ego-Facebook and Email-Enron keep their ids (on ego-Facebook, which follows its ego
/// networks, every order tried was slower). Two-hop unions separate the graphs the same way
/// at up to ten times the cost.
pub fn locality_order(csr: &Csr, batch: usize) -> Option<Permutation> {
    let n = csr.node_count();
    if n <= batch {
        return None;
    }
    let identity: Vec<u32> = (0..n as u32).collect();
    let (now, arcs) = union_sizes(csr, &identity, batch);
    if arcs == 0 || (now as f64) < SHARED_ALREADY * arcs as f64 {
        return None;
    }
    let order = Order::Bfs.of(csr);
    let (then, _) = union_sizes(csr, order.old_of_new(), batch);
    (then as f64 <= LOCALITY_GAIN * now as f64).then_some(order)
}

/// Batches whose neighbourhood unions [`locality_order`] adds up (evenly spaced).
const SAMPLED_BATCHES: usize = 8;
/// [`locality_order`] keeps the ids without trying an order when the sampled batches'
/// neighbourhood unions already hold fewer than this share of their arcs (measured: 0.09 on
/// ego-Facebook, 0.42 on Email-Enron; 0.73 on ca-GrQc, 0.75 on LastFM).
const SHARED_ALREADY: f64 = 0.5;
/// [`locality_order`] renumbers when the neighbourhood unions shrink to this share or less.
const LOCALITY_GAIN: f64 = 0.75;

/// The summed sizes of the neighbourhood unions of up to [`SAMPLED_BATCHES`] evenly spaced
/// batches of `batch` consecutive nodes of `order`, and the arcs leaving their sources.
fn union_sizes(csr: &Csr, order: &[u32], batch: usize) -> (usize, usize) {
    let batches = order.len().div_ceil(batch);
    let step = batches.div_ceil(SAMPLED_BATCHES).max(1);
    let mut stamp = vec![u32::MAX; csr.node_count()];
    let (mut total, mut arcs) = (0, 0);
    for b in (0..batches).step_by(step) {
        for &s in &order[b * batch..((b + 1) * batch).min(order.len())] {
            arcs += csr.degree(s);
            for &v in csr.neighbors(s) {
                if stamp[v as usize] != b as u32 {
                    stamp[v as usize] = b as u32;
                    total += 1;
                }
            }
        }
    }
    (total, arcs)
}

/// Receives the nodes each level of an MS-BFS batch reaches.
pub trait RingSink<const W: usize> {
    /// `bits` has bit `j` set for every source `j` of the batch for which `node` is at distance
    /// exactly `level` (1-based). Called at most once per node per level.
    fn ring(&mut self, level: usize, node: u32, bits: &[u64; W]);

    /// Called once per batch before the first `ring`, with the batch size.
    fn start(&mut self, _sources: usize) {}
}

/// One batch of an MS-BFS: its sources, the depth, and nodes never entered.
struct Batch<'a> {
    sources: &'a [u32],
    depth: usize,
    blocked: &'a [u32],
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
    /// Nodes whose `seen` word this batch set (cleared one by one when few, see `reset`).
    marked: Vec<u32>,
    /// What this batch read and wrote (added to [`WORK`] when the batch ends).
    work: Work,
}

/// What multi-source searches did, for `netreach bench limits`: the memory traffic a kernel
/// cannot avoid, to set against the machine's bandwidth. Counted per node (a row's length is
/// added once), summed into a process-wide total once per batch; results never depend on it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Work {
    /// Batches run.
    pub batches: u64,
    /// Arcs pushed: a target read and its `next` words OR-ed.
    pub pushed_arcs: u64,
    /// Arcs pulled: a target read and its `frontier` words read.
    pub pulled_arcs: u64,
    /// Nodes settled (`next`, `seen`, `frontier` read or written once each) or pulled.
    pub node_visits: u64,
    /// Whole-state passes: `seen` cleared, or every node checked by a pull.
    pub state_passes: u64,
}

impl Work {
    /// Bytes these operations move at `W` words per node state: 4 per target read, 8·W per
    /// state word read or written (an OR into `next` reads and writes), three state words per
    /// node visit, one per node and pass.
    pub fn bytes(&self, words: usize, n: usize) -> u64 {
        let state = 8 * words as u64;
        self.pushed_arcs * (4 + 2 * state)
            + self.pulled_arcs * (4 + state)
            + self.node_visits * 3 * state
            + self.state_passes * n as u64 * state
    }
}

impl Counts for Work {
    fn add(&mut self, other: &Work) {
        self.batches += other.batches;
        self.pushed_arcs += other.pushed_arcs;
        self.pulled_arcs += other.pulled_arcs;
        self.node_visits += other.node_visits;
        self.state_passes += other.state_passes;
    }
}

/// Every batch's [`Work`] since the last [`take_work`].
static WORK: Tally<Work> = Tally::new();

/// The [`Work`] of every multi-source batch since the last call, and a fresh start.
pub fn take_work() -> Work {
    WORK.take()
}

/// Runs `step(state, batch index, batch)` over the fixed batches of `sources` with one state per
/// worker thread, not one per rayon split (`fold` may split far more often than there are
/// threads, and each state holds O(n) scratch): the batches are cut into as many contiguous
/// groups as there are threads. The states come back in group order; callers combine them
/// with an order-free merge, so the result is the same for any thread count.
pub fn fold_batches<T: Send>(
    sources: &[u32],
    batch: usize,
    init: impl Fn() -> T + Sync,
    step: impl Fn(&mut T, usize, &[u32]) + Sync,
) -> Vec<T> {
    use rayon::prelude::*;
    let batches: Vec<&[u32]> = sources.chunks(batch.max(1)).collect();
    thread_groups(batches.len())
        .into_par_iter()
        .map(|group| {
            let mut state = init();
            for i in group {
                step(&mut state, i, batches[i]);
            }
            state
        })
        .collect()
}

/// `0..count` cut into as many contiguous ranges as there are threads (one at least, none
/// empty unless `count` is 0): work split this way needs one O(n) state per thread.
pub fn thread_groups(count: usize) -> Vec<std::ops::Range<usize>> {
    let groups = rayon::current_num_threads().clamp(1, count.max(1));
    (0..groups)
        .map(|g| count * g / groups..count * (g + 1) / groups)
        .collect()
}

/// Search states reused across rayon's splits: `map_init` makes a state for every split it
/// runs, and a state of O(n) words costs its allocation and page faults each time (17 % of
/// all-node reach on ca-GrQc). [`Pool::take`] hands out a kept state or a new one; the state
/// comes back when its [`Pooled`] guard is dropped.
pub struct Pool<T, F> {
    kept: std::sync::Mutex<Vec<T>>,
    make: F,
}

impl<T, F: Fn() -> T> Pool<T, F> {
    /// An empty pool making new states with `make`.
    pub fn new(make: F) -> Self {
        Pool {
            kept: std::sync::Mutex::new(Vec::new()),
            make,
        }
    }

    /// Every state made, once each has come back.
    pub fn into_kept(self) -> Vec<T> {
        self.kept.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    /// A kept state, or a new one.
    pub fn take(&self) -> Pooled<'_, T, F> {
        let kept = self.kept.lock().unwrap_or_else(|e| e.into_inner()).pop();
        Pooled {
            state: Some(kept.unwrap_or_else(&self.make)),
            pool: self,
        }
    }
}

/// A state taken from a [`Pool`], returned to it on drop.
pub struct Pooled<'a, T, F> {
    state: Option<T>,
    pool: &'a Pool<T, F>,
}

impl<T, F> std::ops::Deref for Pooled<'_, T, F> {
    type Target = T;
    fn deref(&self) -> &T {
        self.state.as_ref().expect("present until dropped")
    }
}

impl<T, F> std::ops::DerefMut for Pooled<'_, T, F> {
    fn deref_mut(&mut self) -> &mut T {
        self.state.as_mut().expect("present until dropped")
    }
}

impl<T, F> Drop for Pooled<'_, T, F> {
    fn drop(&mut self) {
        if let Some(state) = self.state.take() {
            let mut kept = self.pool.kept.lock().unwrap_or_else(|e| e.into_inner());
            kept.push(state);
        }
    }
}

impl<const W: usize> MsBfs<W> {
    /// Sources per batch.
    pub const BATCH: usize = 64 * W;

    /// Bytes [`MsBfs::new`] allocates for a graph of `n` nodes (seen, frontier, next).
    pub fn bytes_for(n: usize) -> u64 {
        (n as u64).saturating_mul(3 * 8 * W as u64)
    }

    /// State for a graph of `n` nodes.
    pub fn new(n: usize) -> Self {
        MsBfs {
            seen: vec![[0; W]; n],
            frontier: vec![[0; W]; n],
            next: vec![[0; W]; n],
            active: Vec::new(),
            touched: Vec::new(),
            marked: Vec::new(),
            work: Work::default(),
        }
    }

    /// Bytes of scratch this state holds.
    pub fn heap_bytes(&self) -> usize {
        3 * self.seen.len() * W * 8
            + (self.active.capacity() + self.touched.capacity() + self.marked.capacity()) * 4
    }

    /// Runs one batch (`sources.len() <= 64 · W`) to `depth` levels, reporting every ring to
    /// `sink`. Source `j` is bit `j % 64` of word `j / 64`.
    pub fn run<S: RingSink<W>>(&mut self, csr: &Csr, sources: &[u32], depth: usize, sink: &mut S) {
        self.run_blocking(csr, sources, depth, &[], sink);
    }

    /// Like [`MsBfs::run`] on the graph without the `blocked` nodes: they are never reached
    /// and never passed through (used to measure reach around an ego without the ego).
    pub fn run_blocking<S: RingSink<W>>(
        &mut self,
        csr: &Csr,
        sources: &[u32],
        depth: usize,
        blocked: &[u32],
        sink: &mut S,
    ) {
        let batch = Batch {
            sources,
            depth,
            blocked,
        };
        self.run_inner(csr, batch, sink, None);
    }

    /// Runs the batch of consecutive sources `first..first + count` as part of an all-node
    /// run that counts each pair at the last distance once: the last level looks only at nodes
    /// u ≥ `first` and sources s < u; such a pair adds one to s (through `sink`) and one to u
    /// (in `pairs[u]`). Pairs with u < s are found by u's own batch. This halves the last
    /// level, which dominates the work. When sources stand for several people each (twin
    /// classes), u gains each source's people instead of one (`pairs.extra`).
    pub fn run_symmetric<S: RingSink<W>>(
        &mut self,
        csr: &Csr,
        first: u32,
        count: usize,
        depth: usize,
        sink: &mut S,
        pairs: Pairs<'_, W>,
    ) {
        let sources: Vec<u32> = (first..first + count as u32).collect();
        let batch = Batch {
            sources: &sources,
            depth,
            blocked: &[],
        };
        self.run_inner(csr, batch, sink, Some((first, pairs)));
    }

    fn run_inner<S: RingSink<W>>(
        &mut self,
        csr: &Csr,
        batch: Batch<'_>,
        sink: &mut S,
        symmetric: Symmetric<W>,
    ) {
        let Batch {
            sources,
            depth,
            blocked,
        } = batch;
        assert!(
            sources.len() <= Self::BATCH,
            "batch holds at most 64·W sources"
        );
        self.reset();
        sink.start(sources.len());
        for &b in blocked {
            self.seen[b as usize] = [u64::MAX; W];
        }
        self.marked.extend_from_slice(blocked);
        self.marked.extend_from_slice(sources);
        for (j, &s) in sources.iter().enumerate() {
            // A source is new to the frontier when its frontier word is still empty (O(W), not
            // a search of the active list: that made batch set-up quadratic).
            let new = self.frontier[s as usize].iter().all(|&w| w == 0);
            self.seen[s as usize][j / 64] |= 1 << (j % 64);
            self.frontier[s as usize][j / 64] |= 1 << (j % 64);
            if new {
                self.active.push(s);
            }
        }
        self.levels(csr, depth, sink, symmetric);
        self.work.batches += 1;
        WORK.add(&std::mem::take(&mut self.work));
    }

    /// The levels of one batch, from its sources in the frontier.
    fn levels<S: RingSink<W>>(
        &mut self,
        csr: &Csr,
        depth: usize,
        sink: &mut S,
        symmetric: Symmetric<W>,
    ) {
        for level in 1..=depth {
            if self.active.is_empty() {
                break;
            }
            if level == depth && self.frontier_arcs(csr) * PULL_RATIO > csr.arc_count() {
                self.pull_last(csr, level, sink, symmetric);
                break;
            }
            if depth == usize::MAX && self.frontier_arcs(csr) * PULL_LEVEL_RATIO > csr.arc_count() {
                self.pull_level(csr, level, sink);
                continue;
            }
            self.expand(csr);
            let last = level == depth;
            self.settle(level, last, sink, if last { symmetric } else { None });
        }
    }

    /// Arcs leaving the current frontier.
    fn frontier_arcs(&self, csr: &Csr) -> usize {
        self.active.iter().map(|&u| csr.degree(u)).sum()
    }

    /// The last level, bottom-up: every node ORs its neighbours' frontier bits. Reads only,
    /// sequential over nodes, and nothing is stored: the ring goes straight to the sink. Pays
    /// off when the frontier touches a large part of the graph (as level 3 of a social graph
    /// does). A row stops early once every source still open at that node is covered.
    fn pull_last<S: RingSink<W>>(
        &mut self,
        csr: &Csr,
        level: usize,
        sink: &mut S,
        symmetric: Symmetric<W>,
    ) {
        let live = self.live_lanes();
        let start = symmetric.map_or(0, |(first, _)| first as usize);
        let mut read = 0;
        for u in start..csr.node_count() {
            if let Some(fresh) = self.pulled(csr, u, &live, &mut read) {
                report(sink, level, u as u32, fresh, symmetric);
            }
        }
        self.work.pulled_arcs += read;
        self.work.state_passes += 1;
        for &u in &self.active {
            self.frontier[u as usize] = [0; W];
        }
        self.active.clear();
    }

    /// The sources whose search is still going: those with a node in the current frontier.
    /// A source whose search has ended can reach nobody more, so the pull leaves it out (in a
    /// graph of several components, every node would otherwise keep the other components'
    /// sources open and read its whole row at every level).
    fn live_lanes(&self) -> [u64; W] {
        let mut live = [0u64; W];
        for &u in &self.active {
            let f = &self.frontier[u as usize];
            for w in 0..W {
                live[w] |= f[w];
            }
        }
        live
    }

    /// The `live` sources that reach `u` at this level, pulled from its neighbours' frontier
    /// bits; `None` when every live source has already seen `u`. A row is read in chunks and
    /// stops once the open sources are covered.
    #[inline]
    fn pulled(&self, csr: &Csr, u: usize, live: &[u64; W], read: &mut u64) -> Option<[u64; W]> {
        let mut open = [0u64; W];
        let mut any_open = 0;
        for w in 0..W {
            open[w] = live[w] & !self.seen[u][w];
            any_open |= open[w];
        }
        if any_open == 0 {
            return None;
        }
        let mut acc = [0u64; W];
        for chunk in csr.neighbors(u as u32).chunks(PULL_CHUNK) {
            *read += chunk.len() as u64;
            for &v in chunk {
                let f = &self.frontier[v as usize];
                for w in 0..W {
                    acc[w] |= f[w];
                }
            }
            if (0..W).all(|w| acc[w] & open[w] == open[w]) {
                break;
            }
        }
        for w in 0..W {
            acc[w] &= open[w];
        }
        Some(acc)
    }

    /// A level before the last, bottom-up (direction-optimising, after Beamer et al., SC 2012):
    /// every node with sources still open ORs its neighbours' frontier bits, stopping once they
    /// cover the open sources. The new frontier waits in `next` until every node has read the
    /// old one. Reads rows instead of scattering writes, which pays off when the frontier
    /// touches a large part of the graph; the rings reported are the push step's.
    fn pull_level<S: RingSink<W>>(&mut self, csr: &Csr, level: usize, sink: &mut S) {
        let live = self.live_lanes();
        self.touched.clear();
        let mut read = 0;
        for u in 0..csr.node_count() {
            let Some(fresh) = self.pulled(csr, u, &live, &mut read) else {
                continue;
            };
            if fresh.iter().any(|&w| w != 0) {
                sink.ring(level, u as u32, &fresh);
                self.next[u] = fresh;
                self.touched.push(u as u32);
            }
        }
        for &u in &self.active {
            self.frontier[u as usize] = [0; W];
        }
        self.active.clear();
        self.work.pulled_arcs += read;
        self.work.state_passes += 1;
        self.work.node_visits += self.touched.len() as u64;
        self.marked.extend_from_slice(&self.touched);
        for &u in &self.touched {
            let u = u as usize;
            let fresh = std::mem::replace(&mut self.next[u], [0; W]);
            for w in 0..W {
                self.seen[u][w] |= fresh[w];
            }
            self.frontier[u] = fresh;
            self.active.push(u as u32);
        }
    }

    /// Clears what the previous batch left: the seen bits it set (node by node when they are
    /// few, as in a sparse graph whose batches stay local; else in one pass).
    fn reset(&mut self) {
        if self.marked.len() * RESET_BY_NODE < self.seen.len() {
            for &u in &self.marked {
                self.seen[u as usize] = [0; W];
            }
            // One word cleared per node: a third of a visit's three words.
            self.work.node_visits += self.marked.len() as u64 / 3;
        } else {
            self.work.state_passes += 1;
            for word in &mut self.seen {
                *word = [0; W];
            }
        }
        self.marked.clear();
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
            self.work.pushed_arcs += csr.degree(u) as u64;
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
    fn settle<S: RingSink<W>>(
        &mut self,
        level: usize,
        last: bool,
        sink: &mut S,
        symmetric: Symmetric<W>,
    ) {
        self.work.node_visits += self.touched.len() as u64;
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
            if last {
                report(sink, level, v as u32, fresh, symmetric);
                continue;
            }
            sink.ring(level, v as u32, &fresh);
            {
                for w in 0..W {
                    seen[w] |= fresh[w];
                }
                self.frontier[v] = fresh;
                self.active.push(v as u32);
                self.marked.push(v as u32);
            }
        }
    }
}

/// Where an all-node run counts the last level's pairs for their later node (see
/// [`MsBfs::run_symmetric`]).
#[derive(Clone, Copy)]
pub struct Pairs<'a, const W: usize> {
    /// `counts[u]`: the people of earlier sources at the last distance from u, found by this
    /// thread's batches (one array per thread, summed at the end: an atomic add per pair, with
    /// the cache lines going back and forth between threads, was 5 % of the run on LastFM).
    pub counts: &'a [Cell<u32>],
    /// The batch's sources that stand for more than one person.
    pub extra: &'a Extra<W>,
}

/// Symmetric counting of the last level: the batch's first source id and where the pairs go.
type Symmetric<'a, const W: usize> = Option<(u32, Pairs<'a, W>)>;

/// Reports a last-level ring member: everything, or in symmetric mode only the pairs (s, u)
/// with s < u, which also count for u.
#[inline]
fn report<S: RingSink<W>, const W: usize>(
    sink: &mut S,
    level: usize,
    u: u32,
    mut bits: [u64; W],
    symmetric: Symmetric<W>,
) {
    if let Some((first, pairs)) = symmetric {
        if u < first {
            return;
        }
        let below = (u - first) as usize; // sources first..u are bits 0..below
        if below < 64 * W {
            for (w, word) in bits.iter_mut().enumerate() {
                let keep = below.saturating_sub(64 * w).min(64);
                *word &= if keep == 64 {
                    u64::MAX
                } else {
                    (1u64 << keep) - 1
                };
            }
        }
        let count = people_of(&bits, pairs.extra);
        if count == 0 {
            return;
        }
        let slot = &pairs.counts[u as usize];
        // Fewer than 2^32: a node's pairs are people, and people are u32 ids.
        slot.set(slot.get() + count as u32);
    } else if bits.iter().all(|&w| w == 0) {
        return;
    }
    sink.ring(level, u, &bits);
}

/// The people the sources in `bits` stand for: one each, plus the extra people of those in
/// `extra`.
#[inline]
fn people_of<const W: usize>(bits: &[u64; W], extra: &Extra<W>) -> u64 {
    let mut count: u64 = bits.iter().map(|w| w.count_ones() as u64).sum();
    for w in 0..W {
        let mut heavy = bits[w] & extra.lanes[w];
        while heavy != 0 {
            count += extra.people[64 * w + heavy.trailing_zeros() as usize] as u64;
            heavy &= heavy - 1;
        }
    }
    count
}

/// The sources of a batch that stand for more than one person (twin classes): their lanes,
/// and each lane's people less one.
#[derive(Clone, Debug)]
pub struct Extra<const W: usize> {
    /// Bit j set when source j stands for more than one person.
    pub lanes: [u64; W],
    /// `people[j]`: source j's people less one (0 for the others).
    pub people: Vec<u32>,
}

impl<const W: usize> Extra<W> {
    /// Every source one person.
    pub fn none() -> Self {
        Extra {
            lanes: [0; W],
            people: Vec::new(),
        }
    }

    /// The batch `sources`, `weights[s]` people each.
    pub fn of(sources: &[u32], weights: &[u32]) -> Self {
        let mut extra = Extra {
            lanes: [0; W],
            people: vec![0; 64 * W],
        };
        for (j, &s) in sources.iter().enumerate() {
            let more = weights[s as usize].saturating_sub(1);
            if more > 0 {
                extra.lanes[j / 64] |= 1 << (j % 64);
                extra.people[j] = more;
            }
        }
        extra
    }
}

/// The last level is pulled when the frontier's arcs exceed `1 / PULL_RATIO` of all arcs.
const PULL_RATIO: usize = 16;
/// In a search to full depth (closeness, harmonic centrality), a level is pulled when the
/// frontier's arcs exceed `1 / PULL_LEVEL_RATIO` of all arcs: its middle levels cover most of
/// the graph. Not in a depth-limited search, whose inner levels are better pushed (measured:
/// pulling level 2 of depth-3 reach is 10–30 % slower on Email-Enron and ca-GrQc; 8 beat 2 and
/// 4 for closeness on ego-Facebook, Email-Enron, ca-GrQc and LastFM).
const PULL_LEVEL_RATIO: usize = 8;
/// `reset` clears seen words node by node when the batch marked fewer than
/// `1 / RESET_BY_NODE` of the nodes (scattered stores against one sequential pass).
const RESET_BY_NODE: usize = 4;
/// Neighbours read between two "all open sources covered?" checks in the pull step.
const PULL_CHUNK: usize = 16;

/// The low bit of every byte.
const LOW_BITS: u64 = 0x0101_0101_0101_0101;

/// Carry-save adder: the bitwise sum of three words as (sum, carry).
#[inline(always)]
fn csa(a: u64, b: u64, c: u64) -> (u64, u64) {
    let u = a ^ b;
    (u ^ c, (a & b) | (u & c))
}

/// Bit-sliced counters of one level: Harley–Seal carry-save planes (`ones`, `twos`, `fours`)
/// absorb eight words at a time; each group's carry-out (`eights`) goes into byte-wide SWAR
/// counters, flushed to wide totals before a byte can overflow.
#[derive(Clone)]
struct LevelCounter<const W: usize> {
    stage: [[u64; W]; 8],
    staged: usize,
    ones: [u64; W],
    twos: [u64; W],
    fours: [u64; W],
    /// `eights[w][c]`: byte `k` counts (in units of 8) bit `8k + c` of word `w`.
    eights: [[u64; 8]; W],
    pending: u32,
}

impl<const W: usize> LevelCounter<W> {
    fn new() -> Self {
        LevelCounter {
            stage: [[0; W]; 8],
            staged: 0,
            ones: [0; W],
            twos: [0; W],
            fours: [0; W],
            eights: [[0; 8]; W],
            pending: 0,
        }
    }

    #[inline]
    fn add(&mut self, bits: &[u64; W], totals: &mut [u64], stride: usize, level: usize) {
        self.stage[self.staged] = *bits;
        self.staged += 1;
        if self.staged < 8 {
            return;
        }
        self.staged = 0;
        let d = &self.stage;
        for w in 0..W {
            let (ones, twos_a) = csa(self.ones[w], d[0][w], d[1][w]);
            let (ones, twos_b) = csa(ones, d[2][w], d[3][w]);
            let (twos, fours_a) = csa(self.twos[w], twos_a, twos_b);
            let (ones, twos_a) = csa(ones, d[4][w], d[5][w]);
            let (ones, twos_b) = csa(ones, d[6][w], d[7][w]);
            let (twos, fours_b) = csa(twos, twos_a, twos_b);
            let (fours, eights) = csa(self.fours[w], fours_a, fours_b);
            (self.ones[w], self.twos[w], self.fours[w]) = (ones, twos, fours);
            for c in 0..8 {
                self.eights[w][c] += (eights >> c) & LOW_BITS;
            }
        }
        self.pending += 1;
        if self.pending == 255 {
            self.flush_eights(totals, stride, level);
        }
    }

    fn flush_eights(&mut self, totals: &mut [u64], stride: usize, level: usize) {
        for (w, lanes) in self.eights.iter_mut().enumerate() {
            for (c, lane) in lanes.iter_mut().enumerate() {
                for k in 0..8 {
                    if let Some(t) = totals.get_mut((w * 64 + 8 * k + c) * stride + level) {
                        *t += 8 * ((*lane >> (8 * k)) & 0xff);
                    }
                }
                *lane = 0;
            }
        }
        self.pending = 0;
    }

    /// Adds everything still held (staged words, carry-save planes, SWAR bytes) to `totals`.
    fn finish(&mut self, totals: &mut [u64], stride: usize, level: usize) {
        self.flush_eights(totals, stride, level);
        let mut add_word = |word: u64, weight: u64, w: usize| {
            let mut x = word;
            while x != 0 {
                let b = x.trailing_zeros() as usize;
                if let Some(t) = totals.get_mut((w * 64 + b) * stride + level) {
                    *t += weight;
                }
                x &= x - 1;
            }
        };
        for w in 0..W {
            add_word(self.ones[w], 1, w);
            add_word(self.twos[w], 2, w);
            add_word(self.fours[w], 4, w);
            for i in 0..self.staged {
                add_word(self.stage[i][w], 1, w);
            }
        }
        *self = LevelCounter::new();
    }
}

/// Per-source ring sizes for one batch: one [`LevelCounter`] per level, so adding a node's
/// 64·W source bits costs a few word operations instead of 64·W increments.
pub struct RingCounter<const W: usize> {
    depth: usize,
    levels: Vec<LevelCounter<W>>,
    /// `counts[source * depth + level]`.
    counts: Vec<u64>,
}

impl<const W: usize> RingCounter<W> {
    /// A counter for `depth` levels.
    pub fn new(depth: usize) -> Self {
        RingCounter {
            depth,
            levels: vec![LevelCounter::new(); depth],
            counts: Vec::new(),
        }
    }

    /// The counts of the finished batch: `n_1..n_depth` for each source in order.
    pub fn finish(&mut self) -> &[u64] {
        for (level, counter) in self.levels.iter_mut().enumerate() {
            counter.finish(&mut self.counts, self.depth, level);
        }
        &self.counts
    }
}

impl<const W: usize> RingSink<W> for RingCounter<W> {
    fn start(&mut self, sources: usize) {
        self.counts.clear();
        self.counts.resize(sources * self.depth, 0);
        for counter in &mut self.levels {
            *counter = LevelCounter::new();
        }
    }

    #[inline]
    fn ring(&mut self, level: usize, _node: u32, bits: &[u64; W]) {
        self.levels[level - 1].add(bits, &mut self.counts, self.depth, level - 1);
    }
}

/// Per-source ring sizes for one batch whose nodes stand for several people each (twin
/// classes): a node of weight w adds w to its sources' rings, as one [`RingCounter`] per bit
/// of w (see [`WeightPlanes`]). Without weights every node counts one and only the first
/// plane is used.
pub struct WeightedRings<'a, const W: usize> {
    weights: Option<&'a [u32]>,
    depth: usize,
    planes: WeightPlanes<RingCounter<W>>,
    counts: Vec<u64>,
}

impl<'a, const W: usize> WeightedRings<'a, W> {
    /// A counter for `depth` levels; `weights[node]` people per node, or one each.
    pub fn new(depth: usize, weights: Option<&'a [u32]>) -> Self {
        WeightedRings {
            weights,
            depth,
            planes: WeightPlanes {
                planes: vec![RingCounter::new(depth)],
                sources: 0,
            },
            counts: Vec::new(),
        }
    }

    /// The counts of the finished batch: people at each distance `1..=depth` for each source
    /// in order.
    pub fn finish(&mut self) -> &[u64] {
        let planes = &mut self.planes.planes;
        self.counts.clear();
        self.counts.extend_from_slice(planes[0].finish());
        for (p, plane) in planes.iter_mut().enumerate().skip(1) {
            for (total, &count) in self.counts.iter_mut().zip(plane.finish()) {
                *total += count << p;
            }
        }
        &self.counts
    }
}

impl<const W: usize> RingSink<W> for WeightedRings<'_, W> {
    fn start(&mut self, sources: usize) {
        self.planes.start(sources);
    }

    #[inline]
    fn ring(&mut self, level: usize, node: u32, bits: &[u64; W]) {
        let weight = self.weights.map_or(1, |w| w[node as usize]);
        let depth = self.depth;
        self.planes
            .ring(|| RingCounter::new(depth), weight, (level, node, bits));
    }
}

/// Plain ring counters for nodes that stand for several people: plane p counts the nodes
/// whose weight has bit p, so a node of weight w is counted once per set bit of w, and the
/// planes' counts are added shifted by p when the batch ends. Planes are made as the weights
/// need them.
struct WeightPlanes<P> {
    planes: Vec<P>,
    sources: usize,
}

impl<P> WeightPlanes<P> {
    fn start<const W: usize>(&mut self, sources: usize)
    where
        P: RingSink<W>,
    {
        self.sources = sources;
        for plane in &mut self.planes {
            plane.start(sources);
        }
    }

    #[inline]
    fn ring<const W: usize>(
        &mut self,
        new_plane: impl Fn() -> P,
        mut weight: u32,
        (level, node, bits): (usize, u32, &[u64; W]),
    ) where
        P: RingSink<W>,
    {
        // Most nodes stand for one person: straight to the first plane once it exists.
        if weight == 1
            && let Some(plane) = self.planes.first_mut()
        {
            plane.ring(level, node, bits);
            return;
        }
        let mut p = 0;
        while weight != 0 {
            if weight & 1 != 0 {
                while self.planes.len() <= p {
                    let mut plane = new_plane();
                    plane.start(self.sources);
                    self.planes.push(plane);
                }
                self.planes[p].ring(level, node, bits);
            }
            weight >>= 1;
            p += 1;
        }
    }
}

/// [`FullRings`] with `weights[node]` people per node (twin classes): one plane of plain counts
/// per bit of the weights (see [`WeightPlanes`]), as [`WeightedRings`] does for a fixed depth.
pub struct WeightedFullRings<'a, const W: usize> {
    weights: &'a [u32],
    planes: WeightPlanes<FullRings<W>>,
    /// `counts[level - 1][source]`, once the batch is finished.
    counts: Vec<Vec<u64>>,
}

impl<'a, const W: usize> WeightedFullRings<'a, W> {
    /// An empty counter for nodes of these weights.
    pub fn new(weights: &'a [u32]) -> Self {
        WeightedFullRings {
            weights,
            planes: WeightPlanes {
                planes: Vec::new(),
                sources: 0,
            },
            counts: Vec::new(),
        }
    }

    /// The people of the finished batch: `result[k - 1][j]` at distance k from source `j`.
    pub fn finish(&mut self) -> &[Vec<u64>] {
        let sources = self.planes.sources;
        self.counts.clear();
        for (p, plane) in self.planes.planes.iter_mut().enumerate() {
            for (k, ring) in plane.finish().iter().enumerate() {
                if self.counts.len() <= k {
                    self.counts.push(vec![0; sources]);
                }
                for (total, &count) in self.counts[k].iter_mut().zip(ring) {
                    *total += count << p;
                }
            }
        }
        &self.counts
    }
}

impl<const W: usize> RingSink<W> for WeightedFullRings<'_, W> {
    fn start(&mut self, sources: usize) {
        self.planes.start(sources);
    }

    #[inline]
    fn ring(&mut self, level: usize, node: u32, bits: &[u64; W]) {
        let weight = self.weights[node as usize];
        self.planes
            .ring(FullRings::new, weight, (level, node, bits));
    }
}

/// Per-source ring sizes for one batch searched to full depth (every level it reaches): one
/// [`LevelCounter`] per level, added as levels appear. What closeness and harmonic centrality
/// need, without knowing the eccentricities beforehand.
#[derive(Default)]
pub struct FullRings<const W: usize> {
    levels: Vec<LevelCounter<W>>,
    /// `counts[level - 1][source]`.
    counts: Vec<Vec<u64>>,
    sources: usize,
}

impl<const W: usize> FullRings<W> {
    /// An empty counter.
    pub fn new() -> Self {
        FullRings {
            levels: Vec::new(),
            counts: Vec::new(),
            sources: 0,
        }
    }

    /// The counts of the finished batch: `result[k - 1][j]` is n_k of source `j`, for every
    /// level k that some source reached.
    pub fn finish(&mut self) -> &[Vec<u64>] {
        for (counter, counts) in self.levels.iter_mut().zip(&mut self.counts) {
            counter.finish(counts, 1, 0);
        }
        &self.counts
    }
}

impl<const W: usize> RingSink<W> for FullRings<W> {
    fn start(&mut self, sources: usize) {
        self.sources = sources;
        self.levels.clear();
        self.counts.clear();
    }

    #[inline]
    fn ring(&mut self, level: usize, _node: u32, bits: &[u64; W]) {
        while self.levels.len() < level {
            self.levels.push(LevelCounter::new());
            self.counts.push(vec![0; self.sources]);
        }
        self.levels[level - 1].add(bits, &mut self.counts[level - 1], 1, 0);
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
