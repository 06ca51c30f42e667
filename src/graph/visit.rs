//! petgraph's `visit` traits for [`Csr`], so that petgraph's own algorithms (`Bfs`, `Dfs`,
//! `connected_components`, `bridges`, `articulation_points`, …) run on the same structure the
//! hot loops use. Node ids are `u32`; an edge id is the pair `(source, target)`.

use std::iter::{Copied, Map};
use std::ops::Range;
use std::slice::Iter;

use fixedbitset::FixedBitSet;
use petgraph::Undirected;
use petgraph::visit::{
    Data, GraphBase, GraphProp, IntoEdgeReferences, IntoEdges, IntoNeighbors, IntoNodeIdentifiers,
    IntoNodeReferences, NodeCompactIndexable, NodeCount, NodeIndexable, Visitable,
};

use super::Csr;

/// The unit weight every node and edge of a [`Csr`] carries for petgraph.
static UNIT: () = ();

impl GraphBase for Csr {
    type NodeId = u32;
    type EdgeId = (u32, u32);
}

impl Data for Csr {
    type NodeWeight = ();
    type EdgeWeight = ();
}

impl GraphProp for &Csr {
    type EdgeType = Undirected;
}

impl NodeCount for &Csr {
    fn node_count(&self) -> usize {
        Csr::node_count(self)
    }
}

impl NodeIndexable for &Csr {
    fn node_bound(&self) -> usize {
        Csr::node_count(self)
    }
    fn to_index(&self, a: u32) -> usize {
        a as usize
    }
    fn from_index(&self, i: usize) -> u32 {
        i as u32
    }
}

impl NodeCompactIndexable for &Csr {}

impl Visitable for &Csr {
    type Map = FixedBitSet;
    fn visit_map(&self) -> FixedBitSet {
        FixedBitSet::with_capacity(Csr::node_count(self))
    }
    fn reset_map(&self, map: &mut FixedBitSet) {
        map.clear();
        map.grow(Csr::node_count(self));
    }
}

impl<'a> IntoNeighbors for &'a Csr {
    type Neighbors = Copied<Iter<'a, u32>>;
    fn neighbors(self, a: u32) -> Self::Neighbors {
        Csr::neighbors(self, a).iter().copied()
    }
}

impl IntoNodeIdentifiers for &Csr {
    type NodeIdentifiers = Range<u32>;
    fn node_identifiers(self) -> Range<u32> {
        0..Csr::node_count(self) as u32
    }
}

type NodeRefFn = fn(u32) -> (u32, ());

impl IntoNodeReferences for &Csr {
    type NodeRef = (u32, ());
    type NodeReferences = Map<Range<u32>, NodeRefFn>;
    fn node_references(self) -> Self::NodeReferences {
        (0..Csr::node_count(self) as u32).map(|u| (u, ()))
    }
}

/// An edge reference as petgraph expects it: `(source, target, &weight)`.
pub type CsrEdgeRef<'a> = (u32, u32, &'a ());

/// The edges leaving one node.
pub struct CsrEdges<'a> {
    source: u32,
    targets: Iter<'a, u32>,
}

impl<'a> Iterator for CsrEdges<'a> {
    type Item = CsrEdgeRef<'a>;
    fn next(&mut self) -> Option<Self::Item> {
        self.targets.next().map(|&t| (self.source, t, &UNIT))
    }
}

impl<'a> IntoEdges for &'a Csr {
    type Edges = CsrEdges<'a>;
    fn edges(self, a: u32) -> CsrEdges<'a> {
        CsrEdges {
            source: a,
            targets: Csr::neighbors(self, a).iter(),
        }
    }
}

/// Every undirected edge once, `source < target`.
pub struct CsrEdgeReferences<'a> {
    csr: &'a Csr,
    source: u32,
    position: usize,
}

impl<'a> Iterator for CsrEdgeReferences<'a> {
    type Item = CsrEdgeRef<'a>;
    fn next(&mut self) -> Option<Self::Item> {
        let offsets = self.csr.offsets();
        let targets = self.csr.targets();
        while (self.source as usize) < self.csr.node_count() {
            let end = offsets[self.source as usize + 1];
            while self.position < end {
                let t = targets[self.position];
                self.position += 1;
                if self.source < t {
                    return Some((self.source, t, &UNIT));
                }
            }
            self.source += 1;
        }
        None
    }
}

impl<'a> IntoEdgeReferences for &'a Csr {
    type EdgeRef = CsrEdgeRef<'a>;
    type EdgeReferences = CsrEdgeReferences<'a>;
    fn edge_references(self) -> CsrEdgeReferences<'a> {
        CsrEdgeReferences {
            csr: self,
            source: 0,
            position: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use petgraph::algo::articulation_points::articulation_points;
    use petgraph::algo::{bridges, connected_components};
    use petgraph::visit::{Bfs, EdgeRef};

    fn path_plus_triangle() -> Csr {
        // 0-1-2 path, 3-4-5 triangle, 6 isolated
        Csr::from_pairs(7, &[0, 1, 1, 2, 3, 4, 4, 5, 5, 3]).0
    }

    #[test]
    fn petgraph_algorithms_run_on_csr() {
        let g = path_plus_triangle();
        assert_eq!(connected_components(&g), 3);
        let mut b: Vec<_> = bridges(&g).map(|e| (e.source(), e.target())).collect();
        b.sort();
        assert_eq!(b, vec![(0, 1), (1, 2)]);
        let mut a: Vec<_> = articulation_points(&g).into_iter().collect();
        a.sort();
        assert_eq!(a, vec![1]);
        let mut bfs = Bfs::new(&g, 3);
        let mut seen = vec![];
        while let Some(v) = bfs.next(&g) {
            seen.push(v);
        }
        seen.sort();
        assert_eq!(seen, vec![3, 4, 5]);
    }
}
