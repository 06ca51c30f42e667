//! Twin classes and the quotient graph over them: people with the same contacts are found once.
//!
//! Two people are **closed twins** when they know each other and the same others (N[u] = N[v]:
//! co-authors of one paper and nothing else, a circle of colleagues), **open twins** when they
//! do not know each other but know exactly the same people (N(u) = N(v) ≠ ∅: the contacts that
//! only one exporter of a merged folder knows). Swapping two twins changes nothing, so a
//! shortest path never passes through two members of one class: between members of different
//! classes the distance is the distance between their classes in the **quotient graph** (one
//! node per class, an edge where the members are adjacent), and within a class it is 1 (closed)
//! or 2 (open). A node cannot have twins of both kinds (a closed twin v of u and an open twin x
//! of u would make x adjacent to v, so to u). Everyone's reach is then the reach of each class
//! in the quotient, with each class counted by its size (see `reach`).

use rayon::prelude::*;

use super::Csr;

/// Twin classes of a graph and its quotient over them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Twins {
    /// `class_of[u]`: u's class, a node of `quotient`. Classes are numbered by their smallest
    /// member, so the quotient keeps the graph's order.
    pub class_of: Vec<u32>,
    /// Members per class.
    pub size: Vec<u32>,
    /// Whether a class's members are closed twins (adjacent to each other); a class of one is
    /// neither.
    pub closed: Vec<bool>,
    /// One node per class, an edge between two classes whose members are adjacent.
    pub quotient: Csr,
}

impl Twins {
    /// The twin classes of `csr`. O(m) hashing, two counting sorts, and O(m) to check each
    /// candidate against its class's first member.
    pub fn find(csr: &Csr) -> Twins {
        let n = csr.node_count();
        let mixed: Vec<u64> = (0..n as u32).into_par_iter().map(mix).collect();
        let open_hash: Vec<u64> = (0..n as u32)
            .into_par_iter()
            .map(|u| {
                let row = csr.neighbors(u).iter();
                row.map(|&v| mixed[v as usize]).fold(0, u64::wrapping_add)
            })
            .collect();
        let mut first = vec![u32::MAX; n]; // each node's class's first member
        let closed_hash = |u: u32| open_hash[u as usize].wrapping_add(mixed[u as usize]);
        group(csr, &mut first, closed_hash, |a, b| closed_twins(csr, a, b));
        // Nodes the closed pass left alone may still have open twins.
        group(
            csr,
            &mut first,
            |u| open_hash[u as usize],
            |a, b| csr.neighbors(a) == csr.neighbors(b),
        );
        Twins::from_first_members(csr, &first)
    }

    /// An estimate of the classes per person, from `samples` people evenly spaced by id: the
    /// mean of 1 / (size of their class), which over everyone is exactly classes / people.
    /// Each sampled person's twins are looked for among their neighbours (closed) and the
    /// neighbours of their neighbour of least degree (open: every open twin knows that one),
    /// in a bounded window (see `class_size`), so that the estimate costs about one pass over
    /// the sampled people's rows.
    pub fn estimated_class_share(csr: &Csr, samples: usize) -> f64 {
        let n = csr.node_count();
        if n == 0 {
            return 1.0;
        }
        let step = n.div_ceil(samples.max(1));
        let sampled: Vec<u32> = (0..n as u32).step_by(step).collect();
        let share: f64 = sampled.iter().map(|&u| 1.0 / class_size(csr, u)).sum();
        share / sampled.len() as f64
    }

    /// Classes in the quotient.
    pub fn class_count(&self) -> usize {
        self.size.len()
    }

    /// What a member of `class` sees of its own class: the other members, all at distance 1
    /// (closed twins) or 2 (open twins), as `(distance, people)`.
    pub fn other_members(&self, class: usize) -> (usize, u64) {
        let distance = if self.closed[class] { 1 } else { 2 };
        (distance, self.size[class] as u64 - 1)
    }

    /// The classes from each node's first class member (`u32::MAX`: a class of its own).
    fn from_first_members(csr: &Csr, first: &[u32]) -> Twins {
        let n = csr.node_count();
        let mut class_of = vec![0u32; n];
        let mut size: Vec<u32> = Vec::new();
        let mut closed: Vec<bool> = Vec::new();
        let mut representative: Vec<u32> = Vec::new();
        for u in 0..n {
            let leader = first[u];
            if leader == u32::MAX || leader as usize == u {
                class_of[u] = size.len() as u32;
                size.push(1);
                closed.push(false);
                representative.push(u as u32);
            } else {
                let class = class_of[leader as usize];
                class_of[u] = class;
                size[class as usize] += 1;
                closed[class as usize] = csr.has_edge(leader, u as u32);
            }
        }
        let quotient = quotient(csr, &class_of, &representative);
        Twins {
            class_of,
            size,
            closed,
            quotient,
        }
    }
}

/// A 64-bit mix of a node id (SplitMix64's finaliser), summed over a row into an
/// order-free fingerprint of the neighbourhood.
fn mix(v: u32) -> u64 {
    let mut z = (v as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Gives every node without a class yet (`first[u] == u32::MAX`, degree ≥ 1) whose
/// fingerprint matches an earlier node's and that `twins` confirms the earlier node's class:
/// `first[u]` is then the class's first member (and the first member's own entry itself).
/// Candidates are bucketed by the fingerprint's top bits (a counting sort: cheaper than sorting
/// by fingerprint, which took a third of the time); each bucket keeps id order.
fn group(
    csr: &Csr,
    first: &mut [u32],
    fingerprint: impl Fn(u32) -> u64,
    twins: impl Fn(u32, u32) -> bool,
) {
    let candidates: Vec<(u64, u32)> = (0..csr.node_count() as u32)
        .filter(|&u| first[u as usize] == u32::MAX && csr.degree(u) > 0)
        .map(|u| (fingerprint(u), u))
        .collect();
    let bits = candidates.len().next_power_of_two().trailing_zeros();
    let bucket = |fp: u64| {
        if bits == 0 {
            0
        } else {
            (fp >> (64 - bits)) as usize
        }
    };
    let mut starts = vec![0usize; (1 << bits) + 1];
    for &(fp, _) in &candidates {
        starts[bucket(fp) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut cursor = starts.clone();
    let mut bucketed = vec![(0u64, 0u32); candidates.len()];
    for &(fp, u) in &candidates {
        bucketed[cursor[bucket(fp)]] = (fp, u);
        cursor[bucket(fp)] += 1;
    }
    // A bucket may hold several classes (and unrelated nodes), each led by its smallest member.
    let mut leaders: Vec<(u64, u32)> = Vec::new();
    for range in starts.windows(2) {
        leaders.clear();
        for &(fp, u) in &bucketed[range[0]..range[1]] {
            match leaders.iter().find(|&&(f, l)| f == fp && twins(l, u)) {
                Some(&(_, l)) => {
                    first[l as usize] = l;
                    first[u as usize] = l;
                }
                None => leaders.push((fp, u)),
            }
        }
    }
}

/// The size of u's twin class, estimated from u alone (see [`Twins::estimated_class_share`]).
/// Closed twins are counted among u's neighbours. Open twins are neighbours of u's neighbour
/// of least degree, whose row may be an exporter's thousand contacts: only a window of
/// [`OPEN_WINDOW`] entries of it is read, from an offset fixed by u, and the twins found there
/// are scaled up to the whole row.
fn class_size(csr: &Csr, u: u32) -> f64 {
    let row = csr.neighbors(u);
    let degree = row.len();
    let Some(&least) = row.iter().min_by_key(|&&v| csr.degree(v)) else {
        return 1.0;
    };
    let closed = row
        .iter()
        .filter(|&&v| csr.degree(v) == degree && closed_twins(csr, u, v))
        .count();
    if closed > 0 {
        return (1 + closed) as f64;
    }
    let candidates = csr.neighbors(least);
    let window = candidates.len().min(OPEN_WINDOW);
    let start = (mix(u) % candidates.len() as u64) as usize;
    let open = (0..window)
        .map(|i| candidates[(start + i) % candidates.len()])
        .filter(|&v| v != u && csr.degree(v) == degree && csr.neighbors(v) == row)
        .count();
    1.0 + open as f64 * candidates.len() as f64 / window as f64
}

/// Entries of a row [`class_size`] reads when looking for open twins.
const OPEN_WINDOW: usize = 16;

/// Whether u and v are adjacent and know the same others: N[u] = N[v].
fn closed_twins(csr: &Csr, u: u32, v: u32) -> bool {
    if csr.degree(u) != csr.degree(v) || !csr.has_edge(u, v) {
        return false;
    }
    let a = csr.neighbors(u).iter().filter(|&&x| x != v);
    let b = csr.neighbors(v).iter().filter(|&&x| x != u);
    a.eq(b)
}

/// The quotient graph: each class's row lists the classes of its representative's neighbours
/// that represent their own class. Every member of a neighbouring class is a neighbour (twins
/// are interchangeable), so its representative is too; rows come out sorted and free of
/// duplicates because classes are numbered in their representatives' order.
fn quotient(csr: &Csr, class_of: &[u32], representative: &[u32]) -> Csr {
    let mut offsets = Vec::with_capacity(representative.len() + 1);
    offsets.push(0usize);
    let mut targets = Vec::new();
    for (class, &r) in representative.iter().enumerate() {
        for &v in csr.neighbors(r) {
            let other = class_of[v as usize];
            if other as usize != class && representative[other as usize] == v {
                targets.push(other);
            }
        }
        offsets.push(targets.len());
    }
    Csr::from_parts(offsets, targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_closed_and_open_twins_and_their_quotient() {
        // A triangle 0-1-2 where 0 and 1 know only each other and 2 (closed twins); 3 and 4
        // know only 2 (open twins); 5 is alone.
        let (g, _) = Csr::from_pairs(6, &[0, 1, 0, 2, 1, 2, 2, 3, 2, 4]);
        let t = Twins::find(&g);
        assert_eq!(t.class_of, vec![0, 0, 1, 2, 2, 3]);
        assert_eq!(t.size, vec![2, 1, 2, 1]);
        assert_eq!(t.closed, vec![true, false, false, false]);
        t.quotient.validate().unwrap();
        assert_eq!(t.quotient.neighbors(1), &[0, 2]);
        assert_eq!(t.quotient.degree(3), 0);
        // Every node sampled: the exact share of classes (4 of 6).
        assert!((Twins::estimated_class_share(&g, 6) - 4.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn a_path_has_no_twins_but_its_ends_on_a_star_do() {
        let (path, _) = Csr::from_pairs(4, &[0, 1, 1, 2, 2, 3]);
        assert_eq!(Twins::find(&path).class_count(), 4);
        let (star, _) = Csr::from_pairs(5, &[0, 1, 0, 2, 0, 3, 0, 4]);
        let t = Twins::find(&star);
        assert_eq!(t.size, vec![1, 4]);
        assert_eq!(t.quotient.neighbors(0), &[1]);
    }
}
