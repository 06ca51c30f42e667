//! The Leiden algorithm (Traag, Waltman and van Eck, "From Louvain to Leiden: guaranteeing
//! well-connected communities", Scientific Reports 9, 5233, 2019) for modularity with a
//! resolution γ.
//!
//! Each level: fast local moving (a queue of nodes in a seeded random order; a node moves to
//! the neighbouring community with the largest gain, and its neighbours outside that community
//! are queued again), refinement (inside each community, singletons merge greedily into
//! well-connected sub-communities, so that every community stays connected), and aggregation
//! (one node per refined community, starting in its community). Levels repeat until local
//! moving changes nothing; whole iterations repeat, from the last partition, until one raises
//! modularity by less than [`TOLERANCE`].
//!
//! **Same answer for any thread count.** Local moving is sequential (its order is the seeded
//! permutation). Refinement runs on the communities in parallel, each with its own random
//! stream derived from the seed, the level and the community, and numbers its sub-communities
//! in a fixed order; aggregation builds each row independently with sorted neighbours. No
//! floating-point sum depends on how work is split.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::graph::Weighted;

/// Whole iterations at most (each is levels of move, refine, aggregate).
const MAX_ITERATIONS: usize = 50;

/// Convergence: iterations stop once one raises modularity by less than this.
pub const TOLERANCE: f64 = 1e-4;

/// Options of a run.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The resolution γ: above 1 more and smaller communities, below 1 fewer and larger.
    pub resolution: f64,
    /// The seed of every random order.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            resolution: 1.0,
            seed: 42,
        }
    }
}

/// A random stream for `stream` (level, community …) of a run seeded with `seed`.
fn rng(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// The Leiden partition of `graph`: a community id per node (not yet renumbered).
pub fn leiden(graph: &Weighted, options: Options) -> Vec<u32> {
    let mut membership: Vec<u32> = (0..graph.len() as u32).collect();
    let mut best = f64::NEG_INFINITY;
    for iteration in 0..MAX_ITERATIONS {
        let next = iterate(graph, &membership, options, iteration as u64);
        let q = modularity(graph, &next, options.resolution);
        if q <= best {
            break;
        }
        let gain = q - best;
        best = q;
        membership = next;
        // Converged: the last iteration raised modularity by less than the tolerance (later
        // ones add hundred-thousandths, far below the spread between seeds).
        if gain < TOLERANCE {
            break;
        }
    }
    membership
}

/// One iteration from `start`: levels of local moving, refinement and aggregation.
fn iterate(graph: &Weighted, start: &[u32], options: Options, iteration: u64) -> Vec<u32> {
    // The network itself at level 0, then each aggregate (no copy of the network).
    let mut level_graph = std::borrow::Cow::Borrowed(graph);
    let mut partition = compact(start.to_vec());
    // Each original node's node at the current level.
    let mut node_of: Vec<u32> = (0..graph.len() as u32).collect();
    for level in 0.. {
        let stream = (iteration << 32) | level;
        local_moving(&level_graph, &mut partition, options, stream);
        let communities = partition.iter().max().map_or(0, |&c| c as usize + 1);
        // Every node its own community: aggregating would change nothing.
        if communities == level_graph.len() {
            break;
        }
        let refined = refine(&level_graph, &partition, options, stream);
        let groups = refined.iter().max().map_or(0, |&r| r as usize + 1);
        if groups == level_graph.len() {
            break;
        }
        let mut next_partition = vec![0u32; groups];
        for (v, &r) in refined.iter().enumerate() {
            next_partition[r as usize] = partition[v];
        }
        level_graph = std::borrow::Cow::Owned(level_graph.aggregate(&refined, groups));
        for n in &mut node_of {
            *n = refined[*n as usize];
        }
        partition = next_partition;
    }
    node_of.iter().map(|&n| partition[n as usize]).collect()
}

/// Community ids made dense (`0..k`, in order of first appearance).
fn compact(mut membership: Vec<u32>) -> Vec<u32> {
    let mut id = vec![u32::MAX; membership.len()];
    let mut next = 0;
    for c in &mut membership {
        if id[*c as usize] == u32::MAX {
            id[*c as usize] = next;
            next += 1;
        }
        *c = id[*c as usize];
    }
    membership
}

/// The weight from one node to each community among its neighbours, in a dense scratch array
/// that is cleared after each node (local moving and refinement both weigh a node's
/// neighbouring communities this way).
struct Neighbourhood {
    weight_to: Vec<f64>,
    /// `seen[c] == visit`: community c is in `touched` on this visit (a node can be visited
    /// again, so the stamp counts visits, not nodes).
    seen: Vec<u64>,
    visit: u64,
    /// The communities met, in order of first appearance.
    touched: Vec<u32>,
}

impl Neighbourhood {
    fn new(communities: usize) -> Neighbourhood {
        Neighbourhood {
            weight_to: vec![0.0; communities],
            seen: vec![0; communities],
            visit: 0,
            touched: Vec::new(),
        }
    }

    /// Adds `links` (community, weight) up per community; `own` is met first whatever its
    /// weight.
    fn gather(&mut self, own: Option<u32>, links: impl Iterator<Item = (u32, f64)>) {
        self.visit += 1;
        self.touched.clear();
        if let Some(c) = own {
            self.meet(c);
        }
        for (c, w) in links {
            self.meet(c);
            self.weight_to[c as usize] += w;
        }
    }

    fn meet(&mut self, c: u32) {
        if self.seen[c as usize] != self.visit {
            self.seen[c as usize] = self.visit;
            self.touched.push(c);
        }
    }

    fn weight(&self, c: u32) -> f64 {
        self.weight_to[c as usize]
    }

    /// Zeroes the weights gathered (only the communities met).
    fn clear(&mut self) {
        for &c in &self.touched {
            self.weight_to[c as usize] = 0.0;
        }
    }
}

/// Fast local moving, `partition` made dense afterwards.
fn local_moving(graph: &Weighted, partition: &mut [u32], options: Options, stream: u64) {
    let n = graph.len();
    let gamma_over_total = options.resolution / graph.total.max(f64::MIN_POSITIVE);
    let mut community_strength = vec![0.0; n];
    for (v, &c) in partition.iter().enumerate() {
        community_strength[c as usize] += graph.strength[v];
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.shuffle(&mut rng(options.seed, stream));
    let mut queue: std::collections::VecDeque<u32> = order.into();
    let mut queued = vec![true; n];
    let mut around = Neighbourhood::new(n);
    while let Some(v) = queue.pop_front() {
        queued[v as usize] = false;
        let own = partition[v as usize];
        let k = graph.strength[v as usize];
        around.gather(
            Some(own),
            graph.neighbors(v).map(|(u, w)| (partition[u as usize], w)),
        );
        community_strength[own as usize] -= k;
        let gain =
            |c: u32| around.weight(c) - gamma_over_total * k * community_strength[c as usize];
        let mut best = own;
        let mut best_gain = gain(own);
        for &c in &around.touched {
            let g = gain(c);
            if g > best_gain {
                best = c;
                best_gain = g;
            }
        }
        community_strength[best as usize] += k;
        around.clear();
        if best != own {
            partition[v as usize] = best;
            for (u, _) in graph.neighbors(v) {
                if !queued[u as usize] && partition[u as usize] != best {
                    queued[u as usize] = true;
                    queue.push_back(u);
                }
            }
        }
    }
    let dense = compact(partition.to_vec());
    partition.copy_from_slice(&dense);
}

/// The refined partition: inside each community, singletons merged greedily into
/// well-connected sub-communities. Ids are dense, numbered community by community.
fn refine(graph: &Weighted, partition: &[u32], options: Options, stream: u64) -> Vec<u32> {
    let communities = partition.iter().max().map_or(0, |&c| c as usize + 1);
    let (start, order) = super::graph::members_by_group(partition, communities);
    let members: Vec<&[u32]> = (0..communities)
        .map(|c| &order[start[c]..start[c + 1]])
        .collect();
    // Each node's place in its community's member list (members are in id order).
    let mut place = vec![0u32; partition.len()];
    for nodes in &members {
        for (i, &v) in nodes.iter().enumerate() {
            place[v as usize] = i as u32;
        }
    }
    let local: Vec<Vec<u32>> = members
        .par_iter()
        .enumerate()
        .map(|(c, nodes)| {
            let seed_stream = (stream << 20) ^ c as u64;
            let community = Community {
                id: c as u32,
                nodes,
                partition,
                place: &place,
            };
            refine_one(graph, &community, options, seed_stream)
        })
        .collect();
    let mut refined = vec![0u32; partition.len()];
    let mut offset = 0u32;
    for (nodes, sub) in members.iter().zip(&local) {
        let count = sub.iter().max().map_or(0, |&s| s + 1);
        for (&v, &s) in nodes.iter().zip(sub) {
            refined[v as usize] = offset + s;
        }
        offset += count;
    }
    refined
}

/// One community being refined: its members in id order and where to find them.
struct Community<'a> {
    id: u32,
    nodes: &'a [u32],
    partition: &'a [u32],
    place: &'a [u32],
}

/// Each member's weight to the rest of its community.
fn weights_inside(graph: &Weighted, c: &Community) -> Vec<f64> {
    c.nodes
        .iter()
        .map(|&v| {
            graph
                .neighbors(v)
                .filter(|&(u, _)| c.partition[u as usize] == c.id && u != v)
                .map(|(_, w)| w)
                .sum()
        })
        .collect()
}

/// The sub-communities of one community: local ids `0..`, per member.
fn refine_one(graph: &Weighted, c: &Community, options: Options, stream: u64) -> Vec<u32> {
    let (nodes, partition, community) = (c.nodes, c.partition, c.id);
    let gamma = options.resolution / graph.total.max(f64::MIN_POSITIVE);
    let index = |v: u32| (partition[v as usize] == community).then(|| c.place[v as usize] as usize);
    let size = nodes.len();
    let total: f64 = nodes.iter().map(|&v| graph.strength[v as usize]).sum();
    let inside = weights_inside(graph, c);
    let mut sub: Vec<u32> = (0..size as u32).collect();
    let mut sub_strength: Vec<f64> = nodes.iter().map(|&v| graph.strength[v as usize]).collect();
    let mut sub_out: Vec<f64> = inside.clone();
    let mut alone = vec![true; size];
    let mut order: Vec<usize> = (0..size).collect();
    order.shuffle(&mut rng(options.seed, stream));
    let mut around = Neighbourhood::new(size);
    for i in order {
        let v = nodes[i];
        let k = graph.strength[v as usize];
        if !alone[i] || inside[i] < gamma * k * (total - k) {
            continue;
        }
        let links = graph.neighbors(v).filter_map(|(u, w)| {
            let j = index(u).filter(|&j| j != i)?;
            Some((sub[j], w))
        });
        around.gather(None, links);
        let mut best: Option<(u32, f64)> = None;
        for &s in &around.touched {
            let (ks, out) = (sub_strength[s as usize], sub_out[s as usize]);
            let well_connected = out >= gamma * ks * (total - ks);
            let g = around.weight(s) - gamma * k * ks;
            if well_connected && g >= 0.0 && best.is_none_or(|(_, b)| g > b) {
                best = Some((s, g));
            }
        }
        if let Some((s, _)) = best {
            let own = sub[i];
            sub[i] = s;
            sub_strength[s as usize] += k;
            sub_strength[own as usize] -= k;
            sub_out[s as usize] += inside[i] - 2.0 * around.weight(s);
            // Sub-community s began as node s alone: neither is a singleton now.
            alone[i] = false;
            alone[s as usize] = false;
        }
        around.clear();
    }
    compact(sub)
}

/// Modularity with resolution γ: Σ_c [in_c / 2m − γ (K_c / 2m)²], in_c the weight inside c
/// counted from both ends.
pub fn modularity(graph: &Weighted, membership: &[u32], resolution: f64) -> f64 {
    if graph.total <= 0.0 {
        return 0.0;
    }
    let communities = membership.iter().max().map_or(0, |&c| c as usize + 1);
    let mut inside = vec![0.0; communities];
    let mut strength = vec![0.0; communities];
    for v in 0..graph.len() as u32 {
        let c = membership[v as usize] as usize;
        strength[c] += graph.strength[v as usize];
        inside[c] += graph.self_weight[v as usize];
        for (u, w) in graph.neighbors(v) {
            if membership[u as usize] as usize == c {
                inside[c] += w;
            }
        }
    }
    let m2 = graph.total;
    inside
        .iter()
        .zip(&strength)
        .map(|(i, k)| i / m2 - resolution * (k / m2) * (k / m2))
        .sum()
}
