//! The graph part of `stats` across workers: degrees, components and the best-connected
//! people, the same [`Shape`] as [`crate::stats::shape`] gives on one machine.
//!
//! Components: each worker first joins its own nodes with a union–find over its local arcs,
//! labelling each local group with its smallest global id; then rounds of label propagation
//! over the cut send, per remote node, the smallest label next to it (only when it got
//! smaller), until a round in which no worker sent anything. A component is then the set of
//! nodes sharing the smallest id in it; its size is counted at the owner of that id.

use std::collections::BTreeMap;

use super::part::Part;
use super::superstep::{Context, Msg};
use crate::error::Result;
use crate::stats::{DegreeSummary, Shape, median_of_histogram};

/// The summary's graph part; worker 0 returns it.
pub fn run(cx: &mut Context, top: usize) -> Result<Option<Shape>> {
    let part = &cx.part;
    let degrees: Vec<usize> = (0..part.len()).map(|u| part.row(u).len()).collect();
    let mut histogram: BTreeMap<u64, u64> = BTreeMap::new();
    for &d in &degrees {
        *histogram.entry(d as u64).or_default() += 1;
    }
    let mut best: Vec<(u64, u64)> = degrees
        .iter()
        .enumerate()
        .map(|(u, &d)| (u64::from(part.original_id(u)), d as u64))
        .collect();
    best.sort_unstable_by_key(|&(v, d)| (std::cmp::Reverse(d), v));
    best.truncate(top);
    let histogram = to_zero(cx, histogram.into_iter().collect())?;
    let best = to_zero(cx, best)?;
    let labels = components(cx)?;
    let (count, largest) = component_sizes(cx, &labels)?;
    if cx.index() != 0 {
        return Ok(None);
    }
    Ok(Some(assemble(
        &cx.part, histogram, best, count, largest, top,
    )))
}

/// Sends `pairs` to worker 0; worker 0 gets everyone's, the others nothing.
fn to_zero(cx: &mut Context, pairs: Vec<(u64, u64)>) -> Result<Vec<(u64, u64)>> {
    let inbox = cx.exchange(vec![(0, Msg::Pairs(pairs))], true)?;
    Ok(inbox
        .into_iter()
        .flat_map(|m| match m {
            Msg::Pairs(p) => p,
            _ => Vec::new(),
        })
        .collect())
}

/// The smallest global id in each owned node's component.
fn components(cx: &mut Context) -> Result<Vec<u32>> {
    let part = &cx.part;
    let len = part.len();
    let mut parent: Vec<u32> = (0..len as u32).collect();
    for u in 0..len {
        for &t in part.row(u) {
            if (t as usize) < len {
                union(&mut parent, u as u32, t);
            }
        }
    }
    // The label of a local group sits at its root: the smallest id in it, so far.
    let mut label: Vec<u32> = (0..len).map(|u| (part.first + u) as u32).collect();
    for u in 0..len {
        let r = find(&mut parent, u as u32) as usize;
        label[r] = label[r].min((part.first + u) as u32);
    }
    let mut sent = vec![u32::MAX; part.ghosts.len()];
    loop {
        let (outgoing, count) = label_round(cx, &mut parent, &label, &mut sent);
        let inbox = cx.exchange(outgoing, true)?;
        let mut quiet = true;
        for msg in inbox {
            match msg {
                Msg::Value(c) => quiet &= c == 0,
                Msg::Rows { nodes, words } => {
                    for (&v, &l) in nodes.iter().zip(&words) {
                        let r = find(&mut parent, (v as usize - cx.part.first) as u32) as usize;
                        label[r] = label[r].min(l as u32);
                    }
                }
                _ => {}
            }
        }
        let _ = count;
        if quiet {
            break;
        }
    }
    Ok((0..len)
        .map(|u| label[find(&mut parent, u as u32) as usize])
        .collect())
}

/// The smallest label next to each remote node, for those where it got smaller since last
/// sent; plus, to every worker, how many labels this worker sends (all zero: done).
fn label_round(
    cx: &Context,
    parent: &mut [u32],
    label: &[u32],
    sent: &mut [u32],
) -> (Vec<(usize, Msg)>, u64) {
    let part = &cx.part;
    let len = part.len();
    let mut smallest = vec![u32::MAX; part.ghosts.len()];
    for u in 0..len {
        let l = label[find(parent, u as u32) as usize];
        for &t in part.row(u) {
            if let Some(g) = (t as usize).checked_sub(len) {
                smallest[g] = smallest[g].min(l);
            }
        }
    }
    let mut outgoing = Vec::new();
    let mut count = 0u64;
    for (dest, range) in part.ghost_ranges.iter().enumerate() {
        let (mut nodes, mut words) = (Vec::new(), Vec::new());
        for g in range.clone() {
            if smallest[g] < sent[g] {
                sent[g] = smallest[g];
                nodes.push(part.ghosts[g]);
                words.push(u64::from(smallest[g]));
            }
        }
        if !nodes.is_empty() {
            count += nodes.len() as u64;
            outgoing.push((dest, Msg::Rows { nodes, words }));
        }
    }
    outgoing.extend((0..cx.peers()).map(|d| (d, Msg::Value(count))));
    (outgoing, count)
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let up = parent[parent[x as usize] as usize];
        parent[x as usize] = up;
        x = up;
    }
    x
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb) as usize] = ra.min(rb);
    }
}

/// Components and the largest one's size: people per label counted at the label's owner,
/// then reduced on worker 0.
fn component_sizes(cx: &mut Context, labels: &[u32]) -> Result<(u64, u64)> {
    let mut per_label: BTreeMap<u32, u64> = BTreeMap::new();
    for &l in labels {
        *per_label.entry(l).or_default() += 1;
    }
    let mut by_owner: BTreeMap<usize, Vec<(u64, u64)>> = BTreeMap::new();
    for (l, c) in per_label {
        by_owner
            .entry(cx.part.owner(l as usize))
            .or_default()
            .push((u64::from(l), c));
    }
    let outgoing = by_owner
        .into_iter()
        .map(|(d, p)| (d, Msg::Pairs(p)))
        .collect();
    let inbox = cx.exchange(outgoing, true)?;
    let mut sizes: BTreeMap<u64, u64> = BTreeMap::new();
    for msg in inbox {
        if let Msg::Pairs(p) = msg {
            for (l, c) in p {
                *sizes.entry(l).or_default() += c;
            }
        }
    }
    let mine = (
        sizes.len() as u64,
        sizes.values().copied().max().unwrap_or(0),
    );
    let all = to_zero(cx, vec![mine])?;
    Ok((
        all.iter().map(|p| p.0).sum(),
        all.iter().map(|p| p.1).max().unwrap_or(0),
    ))
}

/// Worker 0: the shape from the reduced histogram, best lists and component counts.
fn assemble(
    part: &Part,
    histogram: Vec<(u64, u64)>,
    mut best: Vec<(u64, u64)>,
    components: u64,
    largest: u64,
    top: usize,
) -> Shape {
    let mut counts: BTreeMap<u64, u64> = BTreeMap::new();
    for (d, c) in histogram {
        *counts.entry(d).or_default() += c;
    }
    let max = counts.keys().next_back().copied().unwrap_or(0) as usize;
    let mut dense = vec![0u64; max + 1];
    for (&d, &c) in &counts {
        dense[d as usize] = c;
    }
    let arcs: u64 = counts.iter().map(|(d, c)| d * c).sum();
    let n = part.n;
    best.sort_unstable_by_key(|&(v, d)| (std::cmp::Reverse(d), v));
    best.truncate(top);
    Shape {
        nodes: n,
        edges: (arcs / 2) as usize,
        components: components as usize,
        largest_component: largest as usize,
        isolated: counts.get(&0).copied().unwrap_or(0) as usize,
        degree: DegreeSummary {
            min: counts.keys().next().copied().unwrap_or(0) as usize,
            median: median_of_histogram(&dense),
            mean: if n == 0 { 0.0 } else { arcs as f64 / n as f64 },
            max,
        },
        top: best
            .into_iter()
            .map(|(v, d)| (v as u32, d as usize))
            .collect(),
    }
}
