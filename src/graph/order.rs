//! Locality orders: a renumbering of the nodes that puts people who are near each other near
//! each other, so that a batch of consecutive sources shares its searches' waves and the rows
//! a search reads sit close together in memory.
//!
//! A [`Permutation`] maps ids both ways; [`Csr::relabelled`] applies it to the structure and
//! [`Permutation::restore`] brings per-node results back to the original ids, so callers
//! compute in the new order and answer in the old one (output order never changes).

use rayon::prelude::*;

use super::Csr;

/// The ways of ordering the nodes that netreach knows (see `ARCHITECTURE.md` for what each
/// measured).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Breadth-first from the highest-degree person of each component, neighbours in row
    /// order: a person's contacts get ids right after the people who reached them first.
    Bfs,
    /// Reverse Cuthill–McKee: breadth-first from a low-degree person of each component,
    /// neighbours by increasing degree, the whole order reversed (the classic bandwidth
    /// reducer for sparse matrices).
    Rcm,
    /// By degree, highest first (hubs together at the front).
    Degree,
}

impl Order {
    /// Every order, for measurements and `--help`.
    pub const ALL: [Order; 3] = [Order::Bfs, Order::Rcm, Order::Degree];

    /// The name used on the command line and in the cache.
    pub fn name(self) -> &'static str {
        match self {
            Order::Bfs => "bfs",
            Order::Rcm => "rcm",
            Order::Degree => "degree",
        }
    }

    /// The order called `name`, if there is one.
    pub fn from_name(name: &str) -> Option<Order> {
        Order::ALL.into_iter().find(|o| o.name() == name)
    }

    /// This order of `csr`'s nodes.
    pub fn of(self, csr: &Csr) -> Permutation {
        let old_of_new = match self {
            Order::Bfs => bfs_from_hubs(csr),
            Order::Rcm => reverse_cuthill_mckee(csr),
            Order::Degree => by_degree(csr),
        };
        Permutation::from_old_of_new(old_of_new).expect("an order visits every node once")
    }
}

/// A renumbering of `n` nodes: new id `i` is old id `old_of_new[i]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permutation {
    old_of_new: Vec<u32>,
    new_of_old: Vec<u32>,
}

impl Permutation {
    /// The renumbering that changes nothing.
    pub fn identity(n: usize) -> Permutation {
        let ids: Vec<u32> = (0..n as u32).collect();
        Permutation {
            old_of_new: ids.clone(),
            new_of_old: ids,
        }
    }

    /// The renumbering whose new id `i` is old id `old_of_new[i]`; `None` unless every id
    /// `0..n` appears exactly once.
    pub fn from_old_of_new(old_of_new: Vec<u32>) -> Option<Permutation> {
        let n = old_of_new.len();
        let mut new_of_old = vec![u32::MAX; n];
        for (new, &old) in old_of_new.iter().enumerate() {
            let slot = new_of_old.get_mut(old as usize)?;
            if *slot != u32::MAX {
                return None;
            }
            *slot = new as u32;
        }
        Some(Permutation {
            old_of_new,
            new_of_old,
        })
    }

    /// Nodes renumbered.
    pub fn len(&self) -> usize {
        self.old_of_new.len()
    }

    /// True for a renumbering of no nodes.
    pub fn is_empty(&self) -> bool {
        self.old_of_new.is_empty()
    }

    /// True when nothing moves.
    pub fn is_identity(&self) -> bool {
        self.old_of_new
            .iter()
            .enumerate()
            .all(|(i, &v)| v as usize == i)
    }

    /// The old id of each new id.
    pub fn old_of_new(&self) -> &[u32] {
        &self.old_of_new
    }

    /// The new id of each old id.
    pub fn new_of_old(&self) -> &[u32] {
        &self.new_of_old
    }

    /// The inverse renumbering (old and new swapped).
    pub fn inverse(&self) -> Permutation {
        Permutation {
            old_of_new: self.new_of_old.clone(),
            new_of_old: self.old_of_new.clone(),
        }
    }

    /// Per-node values indexed by new id, `stride` values per node, back in old-id order.
    pub fn restore<T: Copy + Send + Sync>(&self, by_new: &[T], stride: usize) -> Vec<T> {
        assert_eq!(by_new.len(), self.len() * stride, "one row per node");
        if stride == 0 {
            return Vec::new();
        }
        let mut by_old = by_new.to_vec();
        by_old
            .par_chunks_mut(stride)
            .zip(self.new_of_old.par_iter())
            .for_each(|(row, &new)| {
                let new = new as usize;
                row.copy_from_slice(&by_new[new * stride..(new + 1) * stride]);
            });
        by_old
    }

    /// Per-node values indexed by old id, `stride` values per node, in new-id order.
    pub fn apply<T: Copy + Send + Sync>(&self, by_old: &[T], stride: usize) -> Vec<T> {
        self.inverse().restore(by_old, stride)
    }
}

impl Csr {
    /// The same graph with node `order.old_of_new()[i]` renumbered `i`. A small graph is
    /// rebuilt in one sequential pass that needs no sorting ([`scattered`]); a large one's rows
    /// are renumbered and re-sorted in parallel, O(m log d).
    ///
    /// # Panics
    /// If `order` does not renumber exactly this graph's nodes.
    pub fn relabelled(&self, order: &Permutation) -> Csr {
        let n = self.node_count();
        assert_eq!(order.len(), n, "the order renumbers this graph's nodes");
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0usize);
        for &old in order.old_of_new() {
            offsets.push(offsets[offsets.len() - 1] + self.degree(old));
        }
        let targets = if self.arc_count() <= SCATTER_MAX_ARCS {
            scattered(self, order, &offsets)
        } else {
            self.sorted_rows(order, &offsets)
        };
        Csr::from_parts(offsets, targets)
    }

    /// The renumbered rows, each renumbered and sorted in parallel.
    fn sorted_rows(&self, order: &Permutation, offsets: &[usize]) -> Vec<u32> {
        let mut targets = vec![0u32; self.arc_count()];
        let new_of_old = order.new_of_old();
        super::csr::rows_mut(offsets, &mut targets)
            .par_iter_mut()
            .zip(order.old_of_new().par_iter())
            .for_each(|(row, &old)| {
                for (slot, &v) in row.iter_mut().zip(self.neighbors(old)) {
                    *slot = new_of_old[v as usize];
                }
                row.sort_unstable();
            });
        targets
    }
}

/// Graphs up to this many arcs are renumbered by [`scattered`]: measured on LastFM (55,612
/// arcs) 0.17 against 0.29–0.54 ms for the parallel sort, on ca-GrQc 0.10 against 0.28 ms;
/// on BA-100k (2 million arcs) the parallel sort won, 13–22 against 24–29 ms.
const SCATTER_MAX_ARCS: usize = 1 << 20;

/// The renumbered rows in one sequential pass: new ids u in increasing order, each appended
/// to the rows of its neighbours, so every row fills in increasing order (the graph is
/// symmetric: u's neighbours are exactly the rows u belongs in).
fn scattered(csr: &Csr, order: &Permutation, offsets: &[usize]) -> Vec<u32> {
    let mut next = offsets[..offsets.len() - 1].to_vec();
    let mut targets = vec![0u32; csr.arc_count()];
    let new_of_old = order.new_of_old();
    for (u, &old) in order.old_of_new().iter().enumerate() {
        for &v in csr.neighbors(old) {
            let row = new_of_old[v as usize] as usize;
            targets[next[row]] = u as u32;
            next[row] += 1;
        }
    }
    targets
}

/// Breadth-first from each component's highest-degree person (components by their hubs'
/// degree, highest first), neighbours in row order.
fn bfs_from_hubs(csr: &Csr) -> Vec<u32> {
    let mut roots: Vec<u32> = (0..csr.node_count() as u32).collect();
    roots.sort_by_key(|&v| std::cmp::Reverse(csr.degree(v)));
    breadth_first(csr, &roots, |_| {})
}

/// Reverse Cuthill–McKee: each component from a person of least degree, each node's unseen
/// neighbours queued by increasing degree, the whole order reversed.
fn reverse_cuthill_mckee(csr: &Csr) -> Vec<u32> {
    let mut roots: Vec<u32> = (0..csr.node_count() as u32).collect();
    roots.sort_by_key(|&v| csr.degree(v));
    let mut order = breadth_first(csr, &roots, |queued: &mut [u32]| {
        queued.sort_by_key(|&v| csr.degree(v));
    });
    order.reverse();
    order
}

/// Every node, highest degree first (ties by id).
fn by_degree(csr: &Csr) -> Vec<u32> {
    let mut order: Vec<u32> = (0..csr.node_count() as u32).collect();
    order.sort_by_key(|&v| std::cmp::Reverse(csr.degree(v)));
    order
}

/// Breadth-first order of the components of `roots`, each component started from the first of
/// `roots` not yet seen; `arrange` orders the neighbours one node queues before they join the
/// queue (`bfs::neighbourhood_order` uses it with neighbours in row order).
pub fn breadth_first(csr: &Csr, roots: &[u32], arrange: impl Fn(&mut [u32])) -> Vec<u32> {
    let n = csr.node_count();
    let mut seen = vec![false; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    for &root in roots {
        if seen[root as usize] {
            continue;
        }
        seen[root as usize] = true;
        order.push(root);
        let mut head = order.len() - 1;
        while head < order.len() {
            let u = order[head];
            head += 1;
            let first_new = order.len();
            for &v in csr.neighbors(u) {
                if !seen[v as usize] {
                    seen[v as usize] = true;
                    order.push(v);
                }
            }
            arrange(&mut order[first_new..]);
        }
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Csr {
        Csr::from_pairs(7, &[0, 5, 5, 2, 2, 6, 1, 3, 3, 4, 4, 1, 6, 0]).0
    }

    #[test]
    fn every_order_is_a_permutation_and_relabelling_keeps_the_graph() {
        let csr = sample();
        for order in Order::ALL {
            let p = order.of(&csr);
            let relabelled = csr.relabelled(&p);
            relabelled.validate().unwrap();
            assert_eq!(relabelled.edge_count(), csr.edge_count());
            for (u, v) in csr.edges() {
                let (a, b) = (p.new_of_old()[u as usize], p.new_of_old()[v as usize]);
                assert!(relabelled.has_edge(a, b), "{order:?} lost {u}-{v}");
            }
            assert_eq!(relabelled.relabelled(&p.inverse()), csr);
        }
    }

    #[test]
    fn scattered_and_sorted_rows_renumber_alike() {
        // A ring with chords, renumbered by reverse Cuthill–McKee.
        let n = 300u32;
        let pairs: Vec<u32> = (0..n)
            .flat_map(|u| [u, (u + 1) % n, u, (u * 7 + 3) % n])
            .collect();
        let (g, _) = Csr::from_pairs(n as usize, &pairs);
        let p = Order::Rcm.of(&g);
        let relabelled = g.relabelled(&p);
        relabelled.validate().unwrap();
        let offsets = relabelled.offsets().to_vec();
        assert_eq!(scattered(&g, &p, &offsets), g.sorted_rows(&p, &offsets));
    }

    #[test]
    fn restore_undoes_apply() {
        let p = Permutation::from_old_of_new(vec![2, 0, 3, 1]).unwrap();
        let rows = [10, 11, 20, 21, 30, 31, 40, 41];
        assert_eq!(p.apply(&rows, 2), [30, 31, 10, 11, 40, 41, 20, 21]);
        assert_eq!(p.restore(&p.apply(&rows, 2), 2), rows);
    }

    #[test]
    fn a_repeated_or_missing_id_is_not_a_permutation() {
        assert!(Permutation::from_old_of_new(vec![0, 0]).is_none());
        assert!(Permutation::from_old_of_new(vec![0, 2]).is_none());
        assert!(Permutation::identity(3).is_identity());
    }
}
