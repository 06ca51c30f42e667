//! The network summary behind `netreach stats`: size, components, degrees, what the loader did.

use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::graph::NodeId;
use crate::graph::{
    Csr, IdentityReport, InputDialect, Labels, LoadReport, Network, People, RowProblem,
};

/// Degree statistics.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DegreeSummary {
    /// Smallest degree.
    pub min: usize,
    /// Median degree (lower median for an even count).
    pub median: usize,
    /// Mean degree.
    pub mean: f64,
    /// Largest degree.
    pub max: usize,
}

/// One of the best-connected people.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TopPerson {
    /// Original label.
    pub node_id: NodeId,
    /// Name where known.
    pub name: Option<String>,
    /// Degree (number of connections).
    pub degree: usize,
}

/// A skipped-rows line.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Skipped {
    /// Why the rows were skipped.
    pub reason: String,
    /// How many.
    pub count: u64,
}

/// Everything `stats` reports.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Summary {
    /// Input format read.
    pub format: String,
    /// People.
    pub nodes: usize,
    /// Undirected connections (self-loops dropped, duplicates merged).
    pub edges: usize,
    /// Input edges that repeated one already seen.
    pub merged_duplicates: u64,
    /// Self-loops dropped.
    pub self_loops: u64,
    /// Rows skipped, by reason.
    pub skipped: Vec<Skipped>,
    /// Connected components (isolated people count as components).
    pub components: usize,
    /// People in the largest component.
    pub largest_component: usize,
    /// People with no connection.
    pub isolated: usize,
    /// Largest degree (repeated from `degree` for convenience).
    pub max_degree: usize,
    /// Degree statistics.
    pub degree: DegreeSummary,
    /// The best-connected people, most connections first, ties by id.
    pub top_by_degree: Vec<TopPerson>,
    /// Identity matching across exports (LinkedIn inputs only).
    pub identity: Option<IdentityReport>,
    /// Rows with a problem (kept or skipped), by reason, with their first lines.
    pub row_problems: Vec<RowProblem>,
    /// How each export file was decoded and laid out (LinkedIn inputs only).
    pub inputs: Vec<InputDialect>,
}

/// Component id of every node, numbered in order of their smallest node; and the sizes.
///
/// A concurrent union–find after Afforest (M. Sutton, T. Ben-Nun, A. Barak, "Optimizing
/// parallel graph connectivity computation via subgraph sampling", IPDPS 2018): every node is
/// first linked to its first two neighbours, which already joins most of a giant component;
/// a sample of nodes names that component, and only nodes outside it link the rest of their
/// neighbours (an arc between two of its nodes changes nothing). A root is always hooked
/// under a smaller root, so each component's root is its smallest node whichever thread links
/// first, and the numbering does not depend on the thread count.
pub fn components(csr: &Csr) -> (Vec<u32>, Vec<usize>) {
    let n = csr.node_count();
    let forest = Forest::new(n);
    for round in 0..NEIGHBOUR_ROUNDS {
        (0..n as u32).into_par_iter().for_each(|u| {
            if let Some(&v) = csr.neighbors(u).get(round) {
                forest.link(u, v);
            }
        });
    }
    let giant = forest.most_frequent_root();
    (0..n as u32).into_par_iter().for_each(|u| {
        if forest.find(u) != giant {
            for &v in csr.neighbors(u).iter().skip(NEIGHBOUR_ROUNDS) {
                forest.link(u, v);
            }
        }
    });
    forest.numbered()
}

/// Neighbours every node links before the sample ([`components`]); Afforest's choice.
const NEIGHBOUR_ROUNDS: usize = 2;

/// Nodes sampled to name the largest component.
const ROOT_SAMPLE: usize = 1024;

/// A union–find forest over node ids whose parent pointers only ever point to smaller ids.
struct Forest {
    parent: Vec<AtomicU32>,
}

impl Forest {
    fn new(n: usize) -> Forest {
        Forest {
            parent: (0..n as u32).map(AtomicU32::new).collect(),
        }
    }

    /// The root of `u`, halving the path on the way: a node that is not a root never becomes
    /// one again, and any ancestor is in its set, so a plain store of the grandparent is safe.
    fn find(&self, mut u: u32) -> u32 {
        loop {
            let p = self.parent[u as usize].load(Ordering::Relaxed);
            if p == u {
                return u;
            }
            let grandparent = self.parent[p as usize].load(Ordering::Relaxed);
            if grandparent != p {
                self.parent[u as usize].store(grandparent, Ordering::Relaxed);
            }
            u = grandparent;
        }
    }

    /// Joins the sets of `u` and `v`: the larger root is hooked under the smaller, retried
    /// when another thread hooked it first.
    fn link(&self, u: u32, v: u32) {
        let (mut a, mut b) = (self.find(u), self.find(v));
        while a != b {
            let (big, small) = if a > b { (a, b) } else { (b, a) };
            match self.parent[big as usize].compare_exchange(
                big,
                small,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(_) => (a, b) = (self.find(big), self.find(small)),
            }
        }
    }

    /// The root most of an evenly spaced sample of nodes share (the giant component's, when
    /// there is one); only a speed-up, never a result.
    fn most_frequent_root(&self) -> u32 {
        let n = self.parent.len();
        if n == 0 {
            return 0;
        }
        let step = n.div_ceil(ROOT_SAMPLE);
        let mut roots: Vec<u32> = (0..n).step_by(step).map(|u| self.find(u as u32)).collect();
        roots.sort_unstable();
        roots
            .chunk_by(|a, b| a == b)
            .max_by_key(|run| run.len())
            .map_or(0, |run| run[0])
    }

    /// Component ids in order of each component's smallest node (its root), and the sizes.
    fn numbered(&self) -> (Vec<u32>, Vec<usize>) {
        let roots: Vec<u32> = (0..self.parent.len() as u32)
            .into_par_iter()
            .map(|u| self.find(u))
            .collect();
        let mut component = vec![0u32; roots.len()];
        let mut sizes = Vec::new();
        for (u, &root) in roots.iter().enumerate() {
            // A root is the smallest node of its set, so it is numbered before its members.
            if root as usize == u {
                component[u] = sizes.len() as u32;
                sizes.push(0);
            } else {
                component[u] = component[root as usize];
            }
            sizes[component[u] as usize] += 1;
        }
        (component, sizes)
    }
}

fn degree_summary(csr: &Csr) -> DegreeSummary {
    let n = csr.node_count();
    let mut degrees: Vec<usize> = (0..n as u32).map(|u| csr.degree(u)).collect();
    degrees.sort_unstable();
    DegreeSummary {
        min: degrees.first().copied().unwrap_or(0),
        median: degrees.get(n.saturating_sub(1) / 2).copied().unwrap_or(0),
        mean: if n == 0 {
            0.0
        } else {
            csr.arc_count() as f64 / n as f64
        },
        max: degrees.last().copied().unwrap_or(0),
    }
}

/// The `top` highest-degree node ids, ties by id.
pub fn top_by_degree(csr: &Csr, top: usize) -> Vec<u32> {
    let mut ids: Vec<u32> = (0..csr.node_count() as u32).collect();
    let key = |&u: &u32| (std::cmp::Reverse(csr.degree(u)), u);
    if top < ids.len() {
        ids.select_nth_unstable_by_key(top, key);
        ids.truncate(top);
    }
    ids.sort_unstable_by_key(key);
    ids
}

/// What the summary reads from the graph itself: sizes, components and degrees. Computed from
/// a whole [`Csr`] by [`shape`], or across cluster workers from their parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// People.
    pub nodes: usize,
    /// Undirected connections.
    pub edges: usize,
    /// Connected components (isolated people count as components).
    pub components: usize,
    /// People in the largest component.
    pub largest_component: usize,
    /// People with no connection.
    pub isolated: usize,
    /// Degree statistics.
    pub degree: DegreeSummary,
    /// The best-connected people as `(node, degree)`, most connections first, ties by id.
    pub top: Vec<(u32, usize)>,
}

/// The [`Shape`] of a whole graph, listing the `top` best-connected people.
pub fn shape(csr: &Csr, top: usize) -> Shape {
    let (_, sizes) = components(csr);
    Shape {
        nodes: csr.node_count(),
        edges: csr.edge_count(),
        components: sizes.len(),
        largest_component: sizes.iter().copied().max().unwrap_or(0),
        isolated: (0..csr.node_count() as u32)
            .filter(|&u| csr.degree(u) == 0)
            .count(),
        degree: degree_summary(csr),
        top: top_by_degree(csr, top)
            .into_iter()
            .map(|u| (u, csr.degree(u)))
            .collect(),
    }
}

/// The lower median of the degrees given as a histogram (`histogram[d]` people of degree d),
/// as [`DegreeSummary::median`] defines it.
pub fn median_of_histogram(histogram: &[u64]) -> usize {
    let n: u64 = histogram.iter().sum();
    let rank = n.saturating_sub(1) / 2;
    let mut seen = 0;
    for (d, &count) in histogram.iter().enumerate() {
        seen += count;
        if seen > rank {
            return d;
        }
    }
    0
}

/// Summarises `network`, listing the `top` best-connected people.
pub fn summarize(network: &Network, top: usize) -> Summary {
    summary_of(
        shape(&network.csr, top),
        &network.labels,
        &network.people,
        &network.report,
    )
}

/// The summary from the graph's [`Shape`] and what the loader recorded.
pub fn summary_of(shape: Shape, labels: &Labels, people: &People, report: &LoadReport) -> Summary {
    Summary {
        format: report.format.clone(),
        nodes: shape.nodes,
        edges: shape.edges,
        merged_duplicates: report.build.merged_duplicates,
        self_loops: report.build.self_loops,
        skipped: report
            .skipped
            .reasons
            .iter()
            .map(|(reason, count)| Skipped {
                reason: reason.clone(),
                count: *count,
            })
            .collect(),
        components: shape.components,
        largest_component: shape.largest_component,
        isolated: shape.isolated,
        max_degree: shape.degree.max,
        degree: shape.degree,
        top_by_degree: shape
            .top
            .into_iter()
            .map(|(u, degree)| TopPerson {
                node_id: labels.id(u),
                name: people.name(u).map(str::to_string),
                degree,
            })
            .collect(),
        identity: report.identity.clone(),
        row_problems: report.problems.0.clone(),
        inputs: report.inputs.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_and_petgraph_agree() {
        let (g, _) = Csr::from_pairs(7, &[0, 1, 1, 2, 3, 4, 4, 5, 5, 3]);
        let (_, sizes) = components(&g);
        assert_eq!(sizes, vec![3, 3, 1]);
        assert_eq!(sizes.len(), petgraph::algo::connected_components(&g));
        assert_eq!(top_by_degree(&g, 2), vec![1, 3]);
    }

    #[test]
    fn the_histogram_median_is_the_lower_median() {
        for degrees in [
            vec![3usize],
            vec![1, 2],
            vec![0, 0, 5, 7],
            vec![4, 1, 1, 9, 2],
        ] {
            let mut sorted = degrees.clone();
            sorted.sort_unstable();
            let mut histogram = vec![0u64; 10];
            for &d in &degrees {
                histogram[d] += 1;
            }
            let lower = sorted[(sorted.len() - 1) / 2];
            assert_eq!(median_of_histogram(&histogram), lower, "{degrees:?}");
        }
    }
}
