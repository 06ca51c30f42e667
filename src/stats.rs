//! The network summary behind `netreach stats`: size, components, degrees, what the loader did.

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
pub fn components(csr: &Csr) -> (Vec<u32>, Vec<usize>) {
    let n = csr.node_count();
    let mut component = vec![u32::MAX; n];
    let mut sizes = Vec::new();
    let mut queue = Vec::new();
    for start in 0..n as u32 {
        if component[start as usize] != u32::MAX {
            continue;
        }
        let id = sizes.len() as u32;
        component[start as usize] = id;
        queue.clear();
        queue.push(start);
        let mut head = 0;
        while head < queue.len() {
            let u = queue[head];
            head += 1;
            for &v in csr.neighbors(u) {
                if component[v as usize] == u32::MAX {
                    component[v as usize] = id;
                    queue.push(v);
                }
            }
        }
        sizes.push(queue.len());
    }
    (component, sizes)
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
