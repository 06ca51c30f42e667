//! What-if analyses for one ego: target groups and visibility, adding and removing
//! connections, the next best connection (greedy with lazy evaluation), and growth curves.
//!
//! Every analysis here rests on two facts about an ego's reach. A shortest path from the ego
//! passes through the ego only at its start, so with contact set S, d(ego, v) =
//! 1 + min_{c ∈ S} d_{G − ego}(c, v). And for a fixed graph, reach as a function of S is a
//! coverage function (monotone, submodular), so greedy selection is within 1 − 1/e of the best
//! set and lazy (CELF) evaluation is exact.

mod curve;
mod recommend;
mod target;

pub use curve::{
    Curve, CurvePoint, GrowthCurves, Order, QualityRow, curve_memory_bytes, growth_curves,
};
pub use recommend::{Pick, RecommendOptions, Recommendation, recommend, recommend_naive};
pub use target::{Criterion, FIELDS, TargetGroup, field_of};

use serde::Serialize;

use crate::bfs::BfsScratch;
use crate::graph::NodeId;
use crate::graph::{Csr, Network};

/// Marks nodes farther than the horizon.
pub const FAR: u32 = u32::MAX;

/// Distances from `ego` up to `depth` (others [`FAR`]) after removing the connections ego–r
/// (r in `remove`) and adding ego–t (t in `add`), without rebuilding the graph: a BFS from the
/// ego that skips removed edges, then d'(v) = min(d(v), 1 + d_{G − ego}(t, v)) for every added
/// t (a depth − 1 BFS from t that never enters the ego).
pub fn distances_after(csr: &Csr, ego: u32, add: &[u32], remove: &[u32], depth: usize) -> Vec<u32> {
    let n = csr.node_count();
    let mut dist = vec![FAR; n];
    dist[ego as usize] = 0;
    let mut frontier = vec![ego];
    for level in 1..=depth as u32 {
        let mut next = Vec::new();
        for &u in &frontier {
            for &v in csr.neighbors(u) {
                let removed =
                    (u == ego && remove.contains(&v)) || (v == ego && remove.contains(&u));
                if !removed && dist[v as usize] == FAR {
                    dist[v as usize] = level;
                    next.push(v);
                }
            }
        }
        frontier = next;
    }
    let mut scratch = BfsScratch::new(n);
    for &t in add {
        if t == ego {
            continue;
        }
        dist_from_added(csr, ego, t, depth, &mut scratch, &mut dist);
    }
    dist
}

/// Lowers `dist` through a new connection ego–t.
fn dist_from_added(
    csr: &Csr,
    ego: u32,
    t: u32,
    depth: usize,
    scratch: &mut BfsScratch,
    dist: &mut [u32],
) {
    if depth == 0 {
        return;
    }
    // The BFS from t never enters the ego: a removed ego–c edge would otherwise come back as
    // t → ego → c.
    scratch.visit_avoiding(csr, t, depth - 1, Some(ego), |v, d| {
        let candidate = 1 + d as u32;
        if candidate < dist[v as usize] {
            dist[v as usize] = candidate;
        }
    });
}

/// n1, n2, n3 and target visibility at one moment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    /// People at distance exactly 1, 2, 3.
    pub rings: [u64; 3],
    /// reach_3 = n1 + n2 + n3.
    pub reach_3: u64,
    /// Targets within 1, 2, 3 hops.
    pub targets_within: [u64; 3],
    /// Share of the target group within 1, 2, 3 hops.
    pub visibility: [f64; 3],
}

/// Summarises distances from `ego` into rings and visibility (shares of the target group other
/// than the ego itself).
pub fn snapshot(dist: &[u32], ego: u32, target: &TargetGroup) -> Snapshot {
    let mut rings = [0u64; 3];
    let mut within = [0u64; 3];
    for (v, &d) in dist.iter().enumerate() {
        if (1..=3).contains(&d) {
            rings[d as usize - 1] += 1;
            if target.contains(v as u32) {
                for w in within.iter_mut().skip(d as usize - 1) {
                    *w += 1;
                }
            }
        }
    }
    let size = target.size_without(ego).max(1) as f64;
    Snapshot {
        rings,
        reach_3: rings.iter().sum(),
        targets_within: within,
        visibility: within.map(|w| w as f64 / size),
    }
}

/// The result of `whatif`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WhatIf {
    /// Original label of the ego.
    pub ego: NodeId,
    /// Connections added (labels).
    pub added: Vec<String>,
    /// Connections removed (labels).
    pub removed: Vec<String>,
    /// The target group.
    pub target: String,
    /// Target group size.
    pub target_size: usize,
    /// Before the change.
    pub before: Snapshot,
    /// After the change.
    pub after: Snapshot,
    /// after − before for n1, n2, n3 and reach_3.
    pub change: [i64; 4],
}

/// Why a change to `ego`'s connections cannot be asked, if it cannot: removing someone who is
/// not a contact, adding the ego, or adding a contact (which would change nothing).
pub fn unaskable_change(
    network: &Network,
    ego: u32,
    add: &[u32],
    remove: &[u32],
) -> Option<String> {
    let who = |id: u32| network.display_name(id);
    if let Some(&r) = remove.iter().find(|&&r| !network.csr.has_edge(ego, r)) {
        return Some(format!(
            "--remove {}: not a connection of {}",
            who(r),
            who(ego)
        ));
    }
    if let Some(&a) = add.iter().find(|&&a| a == ego) {
        return Some(format!("--add {}: that is the ego", who(a)));
    }
    add.iter()
        .find(|&&a| network.csr.has_edge(ego, a))
        .map(|&a| {
            format!(
                "--add {}: already a contact of {}, so adding the connection changes nothing",
                who(a),
                who(ego)
            )
        })
}

/// n1..n3, reach_3 and visibility before and after adding and removing connections of `ego`.
pub fn whatif(
    network: &Network,
    ego: u32,
    add: &[u32],
    remove: &[u32],
    target: &TargetGroup,
) -> WhatIf {
    let csr = &network.csr;
    let before = snapshot(&distances_after(csr, ego, &[], &[], 3), ego, target);
    let after = snapshot(&distances_after(csr, ego, add, remove, 3), ego, target);
    let diff = |a: u64, b: u64| a as i64 - b as i64;
    WhatIf {
        ego: network.labels.id(ego),
        added: add.iter().map(|&t| network.labels.get(t)).collect(),
        removed: remove.iter().map(|&t| network.labels.get(t)).collect(),
        target: target.description().to_string(),
        target_size: target.size_without(ego),
        change: [
            diff(after.rings[0], before.rings[0]),
            diff(after.rings[1], before.rings[1]),
            diff(after.rings[2], before.rings[2]),
            diff(after.reach_3, before.reach_3),
        ],
        before,
        after,
    }
}

/// One target within three hops of the ego.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReachedTarget {
    /// Original label.
    pub node_id: NodeId,
    /// Name where known.
    pub name: Option<String>,
    /// Distance from the ego.
    pub distance: u32,
    /// The ego's contact on a shortest path to the target (the smallest id when several).
    pub via: NodeId,
}

/// Visibility of the ego to a target group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Visibility {
    /// Original label of the ego.
    pub ego: NodeId,
    /// The target group.
    pub target: String,
    /// Target group size.
    pub target_size: usize,
    /// Targets within 1, 2, 3 hops.
    pub targets_within: [u64; 3],
    /// Share of the target group within 1, 2, 3 hops.
    pub visibility: [f64; 3],
    /// Every target within three hops, nearest first, then by id.
    pub reached: Vec<ReachedTarget>,
}

/// A BFS from the ego to `depth` hops that also keeps, for each person reached, the ego's
/// contact on a shortest path to them (the smallest id when several paths start differently;
/// a contact's own entry is the contact).
pub struct FirstHops {
    /// Distance from the ego ([`FAR`] beyond `depth`).
    pub dist: Vec<u32>,
    /// The first hop of a shortest path (`u32::MAX` for the ego and people not reached).
    pub via: Vec<u32>,
    /// The people reached in BFS order, the ego first.
    pub order: Vec<u32>,
}

/// [`FirstHops`] of `ego` within `depth` hops.
pub fn first_hops(csr: &Csr, ego: u32, depth: u32) -> FirstHops {
    let n = csr.node_count();
    let mut dist = vec![FAR; n];
    let mut via = vec![u32::MAX; n];
    dist[ego as usize] = 0;
    let mut order = vec![ego];
    let mut head = 0;
    while head < order.len() {
        let u = order[head];
        head += 1;
        let du = dist[u as usize];
        if du == depth {
            continue;
        }
        for &v in csr.neighbors(u) {
            if dist[v as usize] == FAR {
                dist[v as usize] = du + 1;
                order.push(v);
            }
            if dist[v as usize] == du + 1 {
                let through = if u == ego { v } else { via[u as usize] };
                via[v as usize] = via[v as usize].min(through);
            }
        }
    }
    FirstHops { dist, via, order }
}

/// Visibility of `ego` to `target`: the share of the group within 1, 2, 3 hops, and for each
/// target reached, the contact through whom. In an undirected graph t is within k hops of the
/// ego exactly when the ego is within k hops of t, so this is also how many of the group would
/// see the ego in a search limited to their own 3rd-degree network.
pub fn visibility(network: &Network, ego: u32, target: &TargetGroup) -> Visibility {
    let FirstHops { dist, via, order } = first_hops(&network.csr, ego, 3);
    let snap = snapshot(&dist, ego, target);
    let mut reached: Vec<(u32, u32)> = order[1..]
        .iter()
        .copied()
        .filter(|&v| target.contains(v))
        .map(|v| (dist[v as usize], v))
        .collect();
    reached.sort_unstable();
    Visibility {
        ego: network.labels.id(ego),
        target: target.description().to_string(),
        target_size: target.size_without(ego),
        targets_within: snap.targets_within,
        visibility: snap.visibility,
        reached: reached
            .into_iter()
            .map(|(d, v)| ReachedTarget {
                node_id: network.labels.id(v),
                name: network.people.name(v).map(str::to_string),
                distance: d,
                via: network.labels.id(via[v as usize]),
            })
            .collect(),
    }
}
