//! Communities: the circles of a network, found by Leiden ([`leiden`]) maximising modularity,
//! every community connected, numbered by size (largest 0); for one person, the circles their
//! contacts fall into and the contact who leads to each other circle; for everyone, the
//! participation coefficient (how evenly a person's contacts spread over circles).

pub mod graph;
pub mod leiden;

use serde::Serialize;

use crate::graph::{Csr, Order, Permutation};
pub use graph::Weighted;
pub use leiden::{Options, modularity};

/// A partition of the network into communities.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Communities {
    /// Each person's community: 0 is the largest, ties by the smallest member id.
    #[serde(skip)]
    pub membership: Vec<u32>,
    /// People per community, largest first.
    pub sizes: Vec<usize>,
    /// Modularity of the partition at the resolution used.
    pub modularity: f64,
    /// The resolution γ.
    pub resolution: f64,
    /// The seed.
    pub seed: u64,
}

/// Bytes [`detect`] needs at most on `n` people and `edges` connections: the weighted graph
/// and one aggregate of it (a node's strength, self weight, offset and ids: 48 bytes; an edge
/// stored both ways with its weight: 24 bytes), twice.
pub fn memory_bytes(n: usize, edges: usize) -> u64 {
    2 * (48 * n as u64 + 24 * edges as u64)
}

/// The Leiden communities of `csr`, split into connected parts where a community is not
/// connected (which only raises modularity), numbered by size.
pub fn detect(csr: &Csr, options: Options) -> Communities {
    let graph = Weighted::from_csr(csr);
    let raw = leiden::leiden(&graph, options);
    let membership = by_size(&connected_parts(csr, &raw));
    let sizes = sizes(&membership);
    Communities {
        modularity: modularity(&graph, &membership, options.resolution),
        membership,
        sizes,
        resolution: options.resolution,
        seed: options.seed,
    }
}

/// A locality order from communities: each community's people together (communities by
/// size, largest first), in breadth-first order ([`Order::Bfs`]) within each. Where the
/// network has circles, far fewer connections cross the boundary between two ranges of ids
/// than in breadth-first order alone (which in a small world reaches everyone within a few
/// levels); `convert --order communities` stores a cache in it.
pub fn locality_order(csr: &Csr, membership: &[u32]) -> Permutation {
    let mut order = Order::Bfs.of(csr).old_of_new().to_vec();
    order.sort_by_key(|&v| membership[v as usize]); // stable: breadth-first inside each
    Permutation::from_old_of_new(order).expect("a sorted permutation is a permutation")
}

fn sizes(membership: &[u32]) -> Vec<usize> {
    let mut sizes = vec![0; membership.iter().max().map_or(0, |&c| c as usize + 1)];
    for &c in membership {
        sizes[c as usize] += 1;
    }
    sizes
}

/// Each community's connected parts as communities of their own (ids in order of first
/// appearance).
pub fn connected_parts(csr: &Csr, membership: &[u32]) -> Vec<u32> {
    let n = membership.len();
    let mut part = vec![u32::MAX; n];
    let mut next = 0;
    let mut stack = Vec::new();
    for start in 0..n as u32 {
        if part[start as usize] != u32::MAX {
            continue;
        }
        part[start as usize] = next;
        stack.push(start);
        while let Some(v) = stack.pop() {
            for &u in csr.neighbors(v) {
                if part[u as usize] == u32::MAX && membership[u as usize] == membership[v as usize]
                {
                    part[u as usize] = next;
                    stack.push(u);
                }
            }
        }
        next += 1;
    }
    part
}

/// Communities renumbered by size, largest 0 (ties: the one with the smaller first member).
fn by_size(membership: &[u32]) -> Vec<u32> {
    let sizes = sizes(membership);
    let mut first = vec![u32::MAX; sizes.len()];
    for (v, &c) in membership.iter().enumerate().rev() {
        first[c as usize] = v as u32;
    }
    let mut order: Vec<usize> = (0..sizes.len()).collect();
    order.sort_by_key(|&c| (std::cmp::Reverse(sizes[c]), first[c]));
    let mut rank = vec![0u32; sizes.len()];
    for (r, &c) in order.iter().enumerate() {
        rank[c] = r as u32;
    }
    membership.iter().map(|&c| rank[c as usize]).collect()
}

/// The participation coefficient of each person (Guimerà and Amaral, Nature 433, 2005):
/// 1 − Σ_s (k_s / k)², k_s their contacts in community s. 0 when all contacts are in one
/// community (or there are none); near 1 when they spread evenly over many.
pub fn participation(csr: &Csr, membership: &[u32]) -> Vec<f64> {
    use rayon::prelude::*;
    (0..csr.node_count() as u32)
        .into_par_iter()
        .map(|v| {
            let k = csr.degree(v) as f64;
            if k == 0.0 {
                return 0.0;
            }
            let mut per: Vec<u32> = csr
                .neighbors(v)
                .iter()
                .map(|&u| membership[u as usize])
                .collect();
            per.sort_unstable();
            let sum: f64 = per
                .chunk_by(|a, b| a == b)
                .map(|run| (run.len() as f64 / k).powi(2))
                .sum();
            1.0 - sum
        })
        .collect()
}

/// One circle as one person sees it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Circle {
    /// The community (0 is the largest).
    pub community: u32,
    /// People in it.
    pub size: usize,
    /// The person's contacts in it.
    pub contacts: usize,
    /// Whether the person is in it.
    pub own: bool,
    /// Hops to its nearest member (`None`: not reachable).
    pub distance: Option<u32>,
    /// The contact on a shortest path to its nearest member (the first the search meets);
    /// `None` for the person's own circle and circles out of reach.
    pub via: Option<u32>,
}

/// The circles of `ego`: every community, with the ego's contacts in it, its distance and the
/// contact who leads there (one BFS). Circles with contacts first (most first), then the rest
/// by distance and size.
pub fn circles(csr: &Csr, membership: &[u32], ego: u32) -> Vec<Circle> {
    let sizes = sizes(membership);
    let hops = crate::whatif::first_hops(csr, ego, u32::MAX);
    let mut out: Vec<Circle> = (0..sizes.len() as u32)
        .map(|c| Circle {
            community: c,
            size: sizes[c as usize],
            contacts: 0,
            own: membership[ego as usize] == c,
            distance: None,
            via: None,
        })
        .collect();
    for &u in csr.neighbors(ego) {
        out[membership[u as usize] as usize].contacts += 1;
    }
    // BFS order is nearest first, so the first member met is a nearest one.
    for &v in &hops.order {
        let circle = &mut out[membership[v as usize] as usize];
        if circle.distance.is_none() {
            circle.distance = Some(hops.dist[v as usize]);
            circle.via = (!circle.own && v != ego).then_some(hops.via[v as usize]);
        }
    }
    out.sort_by_key(|c| {
        (
            !c.own,
            std::cmp::Reverse(c.contacts),
            c.distance.unwrap_or(u32::MAX),
            std::cmp::Reverse(c.size),
            c.community,
        )
    });
    out
}

/// A community as a reader sees it: its size and what its people have in common.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Described {
    /// The community (0 is the largest).
    pub community: u32,
    /// People in it.
    pub size: usize,
    /// The most common companies, with counts (where the input has companies).
    pub top_companies: Vec<(String, u64)>,
    /// The most common positions, with counts.
    pub top_positions: Vec<(String, u64)>,
}

/// The `top` largest communities with their most common companies and positions.
pub fn describe(
    network: &crate::graph::Network,
    communities: &Communities,
    top: usize,
) -> Vec<Described> {
    let shown = communities.sizes.len().min(top);
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); shown];
    for (v, &c) in communities.membership.iter().enumerate() {
        if let Some(m) = members.get_mut(c as usize) {
            m.push(v as u32);
        }
    }
    members
        .iter()
        .enumerate()
        .map(|(c, ids)| Described {
            community: c as u32,
            size: ids.len(),
            top_companies: crate::reach::top_values(ids, |v| network.people.company(v)),
            top_positions: crate::reach::top_values(ids, |v| network.people.position(v)),
        })
        .collect()
}
