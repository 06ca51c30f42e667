//! Next best connection: candidates ranked by the exact gain in reach_3 (or in targets within
//! three hops), the best k chosen greedily with lazy (CELF) evaluation.
//!
//! Adding ego–t makes d'(v) = min(d(v), 1 + d(t, v)), so the gain of t is the number of
//! (target) people within two hops of t that are not yet within three hops of the ego:
//! |B₂(t) \ B₃(ego)|. Initial gains for all candidates come from one multi-source bit-parallel
//! BFS (depth 2) over the candidates; after each pick only the popped candidates are
//! re-evaluated (a depth-2 BFS each), which is exact because the gains can only shrink
//! (J. Leskovec et al., "Cost-effective outbreak detection in networks", KDD 2007).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rayon::prelude::*;
use serde::Serialize;

use super::{FAR, TargetGroup, distances_after};
use crate::bfs::{BfsScratch, MsBfs, RingCounter, RingSink};
use crate::graph::NodeId;
use crate::graph::{Csr, Network, PersonRef, intersection_len};

/// How to recommend.
#[derive(Clone, Debug)]
pub struct RecommendOptions<'a> {
    /// How many connections to choose.
    pub top: usize,
    /// Candidates at this distance from the ego (2 or 3).
    pub from: u32,
    /// Keep candidates with a number of mutual contacts in this inclusive band.
    pub mutuals: Option<(usize, usize)>,
    /// Count gains in this group only (visibility to it), instead of everyone.
    pub target: Option<&'a TargetGroup>,
    /// People never recommended (sorted node ids): on a merged folder, the fellow exporters,
    /// whose complete networks make them look best by construction.
    pub leave_out: &'a [u32],
}

/// One recommended connection.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pick {
    /// Who (flattened: `node_id`, `name`, `company`, `position`).
    #[serde(flatten)]
    pub person: PersonRef,
    /// Distance from the ego before any pick.
    pub distance: u32,
    /// Contacts the ego and the candidate share.
    pub mutuals: usize,
    /// People (targets) newly within three hops when this connection is added after the
    /// earlier picks.
    pub gain: u64,
}

/// The result of `recommend`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recommendation {
    /// Original label of the ego.
    pub ego: NodeId,
    /// What the gain counts: `reach_3` or the target group.
    pub measure: String,
    /// Candidate distance.
    pub from: u32,
    /// Candidates considered (after the mutual-contacts band and `leave_out`).
    pub candidates: usize,
    /// Candidates at the distance that `leave_out` removed.
    pub left_out: usize,
    /// People (targets) within three hops before.
    pub before: u64,
    /// People (targets) within three hops after all picks.
    pub after: u64,
    /// Picks in order; gains never increase.
    pub picks: Vec<Pick>,
}

/// Candidates at distance `from`, within the mutual-contacts band, with their mutual counts.
fn candidates(csr: &Csr, ego: u32, dist: &[u32], opts: &RecommendOptions) -> Vec<(u32, usize)> {
    let mine = csr.neighbors(ego);
    (0..csr.node_count() as u32)
        .filter(|&v| dist[v as usize] == opts.from)
        .filter(|v| opts.leave_out.binary_search(v).is_err())
        .map(|v| (v, intersection_len(mine, csr.neighbors(v))))
        .filter(|&(_, m)| opts.mutuals.is_none_or(|(lo, hi)| (lo..=hi).contains(&m)))
        .collect()
}

/// Counts, per source, the reached nodes that `open` accepts.
struct OpenCounter<'a, const W: usize> {
    counter: RingCounter<W>,
    open: &'a [bool],
}

impl<const W: usize> RingSink<W> for OpenCounter<'_, W> {
    fn start(&mut self, sources: usize) {
        self.counter.start(sources);
    }
    fn ring(&mut self, level: usize, node: u32, bits: &[u64; W]) {
        if self.open[node as usize] {
            self.counter.ring(level, node, bits);
        }
    }
}

/// For each source, how many `open` nodes lie one or two hops away (one bit-parallel sweep;
/// the source itself is not counted).
pub(crate) fn open_within_two(
    csr: &Csr,
    sources: &[u32],
    open: &[bool],
    avoid: Option<u32>,
) -> Vec<u64> {
    const W: usize = 4;
    let n = csr.node_count();
    let blocked: Vec<u32> = avoid.into_iter().collect();
    let per_batch: Vec<Vec<u64>> = sources
        .par_chunks(MsBfs::<W>::BATCH)
        .map_init(
            || MsBfs::<W>::new(n),
            |bfs, batch| {
                let mut sink = OpenCounter {
                    counter: RingCounter::<W>::new(2),
                    open,
                };
                bfs.run_blocking(csr, batch, 2, &blocked, &mut sink);
                sink.counter
                    .finish()
                    .chunks_exact(2)
                    .map(|r| r[0] + r[1])
                    .collect()
            },
        )
        .collect();
    per_batch.concat()
}

/// The people not yet covered, and how adding one more connection covers more: everything
/// within two hops of it (never passing through `avoid`, the ego, when given).
pub(crate) struct Coverage<'a> {
    csr: &'a Csr,
    /// Whether each node is still uncovered (and counts).
    pub(crate) open: Vec<bool>,
    avoid: Option<u32>,
    scratch: BfsScratch,
}

impl<'a> Coverage<'a> {
    pub(crate) fn new(csr: &'a Csr, open: Vec<bool>, avoid: Option<u32>) -> Self {
        Coverage {
            csr,
            open,
            avoid,
            scratch: BfsScratch::new(csr.node_count()),
        }
    }

    /// Open nodes among `t` and everything within two hops of it.
    fn gain(&mut self, t: u32) -> u64 {
        let open = &self.open;
        let mut count = 0;
        self.scratch
            .visit_avoiding(self.csr, t, 2, self.avoid, |v, _| {
                if open[v as usize] {
                    count += 1;
                }
            });
        count
    }

    /// Closes `t` and everything within two hops of it.
    fn commit(&mut self, t: u32) {
        let open = &mut self.open;
        self.scratch
            .visit_avoiding(self.csr, t, 2, self.avoid, |v, _| open[v as usize] = false);
    }

    /// Lazy greedy (CELF) over `items` with their initial gains: up to `top` items with
    /// positive gain, each re-evaluated only when it reaches the top of the queue. Ties go to
    /// the smaller id.
    pub(crate) fn lazy_greedy(
        &mut self,
        items: &[u32],
        initial: &[u64],
        top: usize,
    ) -> Vec<(u32, u64)> {
        let mut heap: BinaryHeap<(u64, Reverse<u32>, usize)> = items
            .iter()
            .zip(initial)
            .map(|(&t, &g)| (g, Reverse(t), 0))
            .collect();
        let mut picks = Vec::new();
        while picks.len() < top {
            let Some((gain, Reverse(t), round)) = heap.pop() else {
                break;
            };
            if round == picks.len() {
                if gain == 0 {
                    break;
                }
                self.commit(t);
                picks.push((t, gain));
            } else {
                heap.push((self.gain(t), Reverse(t), picks.len()));
            }
        }
        picks
    }
}

fn measure_name(opts: &RecommendOptions) -> String {
    opts.target.map_or("reach_3".into(), |t| {
        format!("targets within 3 hops ({})", t.description())
    })
}

fn to_pick(network: &Network, t: u32, dist: &[u32], mutuals: usize, gain: u64) -> Pick {
    Pick {
        person: PersonRef::of(network, t),
        distance: dist[t as usize],
        mutuals,
        gain,
    }
}

/// How many people at the candidates' distance `opts.leave_out` removes.
fn left_out(dist: &[u32], opts: &RecommendOptions) -> usize {
    opts.leave_out
        .iter()
        .filter(|&&v| dist[v as usize] == opts.from)
        .count()
}

/// Recommends up to `opts.top` new connections for `ego`, greedily by exact gain.
pub fn recommend(network: &Network, ego: u32, opts: &RecommendOptions) -> Recommendation {
    let csr = &network.csr;
    let dist = distances_after(csr, ego, &[], &[], 3);
    let weight = |v: u32| opts.target.is_none_or(|t| t.contains(v));
    // Open: people (targets) the ego does not reach within three hops yet.
    let open: Vec<bool> = (0..csr.node_count() as u32)
        .map(|v| dist[v as usize] == FAR && weight(v))
        .collect();
    let before = (0..csr.node_count() as u32)
        .filter(|&v| v != ego && dist[v as usize] != FAR && weight(v))
        .count() as u64;
    let cands = candidates(csr, ego, &dist, opts);
    let ids: Vec<u32> = cands.iter().map(|&(v, _)| v).collect();
    let initial = open_within_two(csr, &ids, &open, None);
    let picks = Coverage::new(csr, open, None).lazy_greedy(&ids, &initial, opts.top);
    let mutuals_of = |t: u32| cands.iter().find(|&&(v, _)| v == t).map_or(0, |&(_, m)| m);
    let gained: u64 = picks.iter().map(|&(_, g)| g).sum();
    Recommendation {
        ego: network.labels.id(ego),
        measure: measure_name(opts),
        from: opts.from,
        candidates: ids.len(),
        left_out: left_out(&dist, opts),
        before,
        after: before + gained,
        picks: picks
            .into_iter()
            .map(|(t, g)| to_pick(network, t, &dist, mutuals_of(t), g))
            .collect(),
    }
}

/// The naive method, as a test oracle and benchmark baseline: every round, add each
/// candidate's edge and rerun the BFS from the ego; keep the best (ties: smaller id).
pub fn recommend_naive(network: &Network, ego: u32, opts: &RecommendOptions) -> Recommendation {
    let csr = &network.csr;
    let weight = |v: u32| opts.target.is_none_or(|t| t.contains(v));
    let covered = |added: &[u32]| {
        let d = distances_after(csr, ego, added, &[], 3);
        (0..csr.node_count() as u32)
            .filter(|&v| v != ego && d[v as usize] != FAR && weight(v))
            .count() as u64
    };
    let dist = distances_after(csr, ego, &[], &[], 3);
    let cands = candidates(csr, ego, &dist, opts);
    let before = covered(&[]);
    let mut added: Vec<u32> = Vec::new();
    let mut current = before;
    let mut picks = Vec::new();
    while picks.len() < opts.top {
        let mut best: Option<(u64, u32, usize)> = None;
        for &(t, m) in &cands {
            if added.contains(&t) {
                continue;
            }
            added.push(t);
            let value = covered(&added);
            added.pop();
            if best.is_none_or(|(b, bt, _)| value > b || (value == b && t < bt)) {
                best = Some((value, t, m));
            }
        }
        let Some((value, t, m)) = best else { break };
        if value == current {
            break;
        }
        picks.push(to_pick(network, t, &dist, m, value - current));
        added.push(t);
        current = value;
    }
    Recommendation {
        ego: network.labels.id(ego),
        measure: measure_name(opts),
        from: opts.from,
        candidates: cands.len(),
        left_out: left_out(&dist, opts),
        before,
        after: current,
        picks,
    }
}
