//! The weighted graph Leiden works on: the network at the first level, then each level's
//! aggregate (one node per refined community, self-loops holding the weight inside it).

use crate::graph::Csr;

/// An undirected weighted graph in CSR form, each edge stored in both directions.
#[derive(Clone, Debug)]
pub struct Weighted {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    /// Weight of the edges inside each node, counted from both ends (an aggregate's internal
    /// edges; 0 in the network itself).
    pub self_weight: Vec<f64>,
    /// Each node's strength: the weights of its edges plus its self weight.
    pub strength: Vec<f64>,
    /// The sum of all strengths (2m).
    pub total: f64,
}

impl Weighted {
    /// The network with every connection of weight 1.
    pub fn from_csr(csr: &Csr) -> Weighted {
        let n = csr.node_count();
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let mut targets = Vec::with_capacity(2 * csr.edge_count());
        for v in 0..n as u32 {
            targets.extend_from_slice(csr.neighbors(v));
            offsets.push(targets.len());
        }
        let strength: Vec<f64> = (0..n as u32).map(|v| csr.degree(v) as f64).collect();
        Weighted {
            offsets,
            weights: vec![1.0; targets.len()],
            targets,
            self_weight: vec![0.0; n],
            total: strength.iter().sum(),
            strength,
        }
    }

    /// Nodes.
    pub fn len(&self) -> usize {
        self.strength.len()
    }

    /// Whether there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.strength.is_empty()
    }

    /// The neighbours of `v` with the weights of the edges to them.
    pub fn neighbors(&self, v: u32) -> impl Iterator<Item = (u32, f64)> + '_ {
        let range = self.offsets[v as usize]..self.offsets[v as usize + 1];
        self.targets[range.clone()]
            .iter()
            .copied()
            .zip(self.weights[range].iter().copied())
    }

    /// The graph with one node per group of `group` (ids `0..groups`): edges between groups
    /// summed, edges inside a group added to its self weight. One pass over the edges with a
    /// dense accumulator, groups in id order and members in id order, so every sum is taken
    /// in the same order in every run.
    pub fn aggregate(&self, group: &[u32], groups: usize) -> Weighted {
        let (start, order) = members_by_group(group, groups);
        let mut offsets = Vec::with_capacity(groups + 1);
        offsets.push(0);
        let mut targets = Vec::new();
        let mut weights = Vec::new();
        let mut self_weight = Vec::with_capacity(groups);
        let mut acc = vec![0.0f64; groups];
        let mut seen = vec![u32::MAX; groups];
        let mut touched: Vec<u32> = Vec::new();
        for g in 0..groups {
            touched.clear();
            let mut inside = 0.0;
            for &v in &order[start[g]..start[g + 1]] {
                inside += self.self_weight[v as usize];
                for (u, w) in self.neighbors(v) {
                    let h = group[u as usize];
                    if h as usize == g {
                        inside += w;
                        continue;
                    }
                    if seen[h as usize] != g as u32 {
                        seen[h as usize] = g as u32;
                        acc[h as usize] = 0.0;
                        touched.push(h);
                    }
                    acc[h as usize] += w;
                }
            }
            for &h in &touched {
                targets.push(h);
                weights.push(acc[h as usize]);
            }
            offsets.push(targets.len());
            self_weight.push(inside);
        }
        let strength: Vec<f64> = (0..groups)
            .map(|g| self_weight[g] + weights[offsets[g]..offsets[g + 1]].iter().sum::<f64>())
            .collect();
        Weighted {
            offsets,
            targets,
            weights,
            self_weight,
            total: self.total,
            strength,
        }
    }
}

/// Each group's members in id order, as a counting sort: `order[start[g]..start[g + 1]]`.
pub fn members_by_group(group: &[u32], groups: usize) -> (Vec<usize>, Vec<u32>) {
    let mut start = vec![0usize; groups + 1];
    for &g in group {
        start[g as usize + 1] += 1;
    }
    for g in 0..groups {
        start[g + 1] += start[g];
    }
    let mut fill = start.clone();
    let mut order = vec![0u32; group.len()];
    for (v, &g) in group.iter().enumerate() {
        order[fill[g as usize]] = v as u32;
        fill[g as usize] += 1;
    }
    (start, order)
}
