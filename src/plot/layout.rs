//! Force-directed layout: Fruchterman–Reingold ("Graph drawing by force-directed placement",
//! Software: Practice and Experience, 1991) with a weak pull to the centre so that separate
//! components stay in the picture, and Barnes–Hut repulsion (a quadtree whose far cells act as
//! one mass; Barnes & Hut, Nature 1986) above [`EXACT_REPULSION_MAX`] nodes.
//!
//! Written here rather than taken from a crate: `forceatlas2` is AGPL-3.0 (netreach is MIT)
//! and `fa2` is a young crate without releases since its first. The layout is deterministic:
//! start positions come from a seeded ChaCha stream, the quadtree is built sequentially, and
//! each node's displacement is summed in a fixed order, so a parallel step gives the same bits
//! for any thread count.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// Up to this many nodes, repulsion is summed over every pair.
pub const EXACT_REPULSION_MAX: usize = 1000;
/// Barnes–Hut opening angle: a cell of width w at distance d acts as one mass when w/d < θ.
pub const THETA: f64 = 0.8;

/// Positions of `n` nodes joined by `edges` (`(u, v)`, any order, no need to deduplicate),
/// in a square of side about √n, after `iterations` steps, from start positions drawn with
/// `seed`.
pub fn force_directed(
    n: usize,
    edges: &[(u32, u32)],
    iterations: usize,
    seed: u64,
) -> Vec<(f64, f64)> {
    let adjacency = adjacency(n, edges);
    let side = (n.max(1) as f64).sqrt();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|_| (rng.random::<f64>() * side, rng.random::<f64>() * side))
        .collect();
    // Ideal edge length k = √(area / n) = 1 for an area of n.
    let start = side / 10.0;
    for step in 0..iterations {
        let temperature = start * (1.0 - step as f64 / iterations.max(1) as f64) + 1e-3;
        let tree = (n > EXACT_REPULSION_MAX).then(|| QuadTree::build(&pos));
        let centre = (side / 2.0, side / 2.0);
        let moves: Vec<(f64, f64)> = (0..n)
            .into_par_iter()
            .map(|v| {
                let rep = match &tree {
                    Some(t) => t.repulsion(&pos, v),
                    None => exact_repulsion(&pos, v),
                };
                let att = attraction(&pos, &adjacency[v], v);
                let grav = gravity(pos[v], centre);
                limit(
                    (rep.0 + att.0 + grav.0, rep.1 + att.1 + grav.1),
                    temperature,
                )
            })
            .collect();
        for (p, m) in pos.iter_mut().zip(&moves) {
            p.0 += m.0;
            p.1 += m.1;
        }
    }
    pos
}

fn adjacency(n: usize, edges: &[(u32, u32)]) -> Vec<Vec<u32>> {
    let mut adj = vec![Vec::new(); n];
    for &(u, v) in edges {
        if u != v && (u as usize) < n && (v as usize) < n {
            adj[u as usize].push(v);
            adj[v as usize].push(u);
        }
    }
    for row in &mut adj {
        row.sort_unstable();
        row.dedup();
    }
    adj
}

/// k²/d away from each other node (k = 1).
fn exact_repulsion(pos: &[(f64, f64)], v: usize) -> (f64, f64) {
    let (x, y) = pos[v];
    let mut f = (0.0, 0.0);
    for (u, &(ux, uy)) in pos.iter().enumerate() {
        if u != v {
            push_away(&mut f, x - ux, y - uy, 1.0, v, u);
        }
    }
    f
}

/// Adds the repulsion of `mass` nodes at offset (dx, dy); coincident points are pushed apart
/// along a direction fixed by their indices (deterministic, never NaN).
fn push_away(f: &mut (f64, f64), dx: f64, dy: f64, mass: f64, v: usize, u: usize) {
    let d2 = dx * dx + dy * dy;
    if d2 < 1e-18 {
        let angle = ((v * 31 + u * 17) % 360) as f64 * std::f64::consts::PI / 180.0;
        f.0 += mass * angle.cos() * 0.01;
        f.1 += mass * angle.sin() * 0.01;
        return;
    }
    // (k²/d) along the unit vector (dx, dy)/d = (dx, dy)·k²/d².
    f.0 += mass * dx / d2;
    f.1 += mass * dy / d2;
}

/// d²/k towards each neighbour.
fn attraction(pos: &[(f64, f64)], neighbours: &[u32], v: usize) -> (f64, f64) {
    let (x, y) = pos[v];
    let mut f = (0.0, 0.0);
    for &u in neighbours {
        let (dx, dy) = (pos[u as usize].0 - x, pos[u as usize].1 - y);
        let d = (dx * dx + dy * dy).sqrt();
        f.0 += dx * d;
        f.1 += dy * d;
    }
    f
}

/// A weak pull to the centre, growing with distance, so that components do not drift apart.
fn gravity(p: (f64, f64), centre: (f64, f64)) -> (f64, f64) {
    (0.05 * (centre.0 - p.0), 0.05 * (centre.1 - p.1))
}

/// The displacement capped at the temperature.
fn limit(f: (f64, f64), temperature: f64) -> (f64, f64) {
    let d = (f.0 * f.0 + f.1 * f.1).sqrt();
    if d <= temperature || d == 0.0 {
        f
    } else {
        (f.0 / d * temperature, f.1 / d * temperature)
    }
}

/// A quadtree over the positions: each cell knows its node count and centre of mass.
struct QuadTree {
    cells: Vec<Cell>,
}

struct Cell {
    /// Lower-left corner and width of the square.
    x: f64,
    y: f64,
    width: f64,
    /// Node count and sum of positions (centre of mass = sum / count).
    count: f64,
    sum: (f64, f64),
    /// Children (index 0 = none) or, for a leaf, the one node it holds.
    children: [u32; 4],
    node: Option<usize>,
}

/// Below this width a cell is not split further: coincident nodes share a leaf.
const MIN_WIDTH: f64 = 1e-9;

impl QuadTree {
    fn build(pos: &[(f64, f64)]) -> QuadTree {
        let (mut lo_x, mut lo_y, mut hi_x, mut hi_y) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in pos {
            lo_x = lo_x.min(x);
            lo_y = lo_y.min(y);
            hi_x = hi_x.max(x);
            hi_y = hi_y.max(y);
        }
        let width = (hi_x - lo_x).max(hi_y - lo_y).max(1e-6) * 1.0001;
        let mut tree = QuadTree {
            cells: vec![Cell::new(lo_x, lo_y, width)],
        };
        for (v, &p) in pos.iter().enumerate() {
            tree.insert(0, v, p, pos);
        }
        tree
    }

    fn insert(&mut self, mut at: usize, v: usize, p: (f64, f64), pos: &[(f64, f64)]) {
        loop {
            let cell = &mut self.cells[at];
            cell.count += 1.0;
            cell.sum.0 += p.0;
            cell.sum.1 += p.1;
            if cell.count == 1.0 {
                cell.node = Some(v);
                return;
            }
            if cell.width < MIN_WIDTH {
                return;
            }
            if let Some(old) = cell.node.take() {
                let q = self.quadrant(at, pos[old]);
                let child = self.child(at, q);
                let c = &mut self.cells[child];
                c.count += 1.0;
                c.sum.0 += pos[old].0;
                c.sum.1 += pos[old].1;
                c.node = Some(old);
            }
            let q = self.quadrant(at, p);
            at = self.child(at, q);
        }
    }

    fn quadrant(&self, at: usize, p: (f64, f64)) -> usize {
        let c = &self.cells[at];
        let half = c.width / 2.0;
        usize::from(p.0 >= c.x + half) + 2 * usize::from(p.1 >= c.y + half)
    }

    fn child(&mut self, at: usize, q: usize) -> usize {
        if self.cells[at].children[q] == 0 {
            let c = &self.cells[at];
            let half = c.width / 2.0;
            let x = c.x + half * (q & 1) as f64;
            let y = c.y + half * (q >> 1) as f64;
            self.cells.push(Cell::new(x, y, half));
            let id = (self.cells.len() - 1) as u32;
            self.cells[at].children[q] = id;
        }
        self.cells[at].children[q] as usize
    }

    /// Repulsion on node `v` from every other node, far cells taken as one mass.
    fn repulsion(&self, pos: &[(f64, f64)], v: usize) -> (f64, f64) {
        let (x, y) = pos[v];
        let mut f = (0.0, 0.0);
        let mut stack = vec![0usize];
        while let Some(at) = stack.pop() {
            let c = &self.cells[at];
            if c.count == 0.0 || c.node == Some(v) && c.count == 1.0 {
                continue;
            }
            let centre = (c.sum.0 / c.count, c.sum.1 / c.count);
            let (dx, dy) = (x - centre.0, y - centre.1);
            let d = (dx * dx + dy * dy).sqrt();
            let leaf = c.children == [0; 4];
            let holds_v = x >= c.x && x < c.x + c.width && y >= c.y && y < c.y + c.width;
            if leaf || (!holds_v && c.width < THETA * d) {
                // A leaf holding v among coincident nodes repels v with the others only.
                let mass = if c.node == Some(v) || leaf && d < 1e-12 {
                    c.count - 1.0
                } else {
                    c.count
                };
                push_away(&mut f, dx, dy, mass, v, at);
            } else {
                stack.extend(
                    c.children
                        .iter()
                        .rev()
                        .filter(|&&i| i != 0)
                        .map(|&i| i as usize),
                );
            }
        }
        f
    }
}

impl Cell {
    fn new(x: f64, y: f64, width: f64) -> Cell {
        Cell {
            x,
            y,
            width,
            count: 0.0,
            sum: (0.0, 0.0),
            children: [0; 4],
            node: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn barnes_hut_repulsion_is_close_to_the_exact_sum() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let pos: Vec<(f64, f64)> = (0..400)
            .map(|_| (rng.random::<f64>() * 20.0, rng.random::<f64>() * 20.0))
            .collect();
        let tree = QuadTree::build(&pos);
        for v in [0, 17, 399] {
            let exact = exact_repulsion(&pos, v);
            let approx = tree.repulsion(&pos, v);
            let norm = (exact.0.hypot(exact.1)).max(1e-9);
            let error = (exact.0 - approx.0).hypot(exact.1 - approx.1) / norm;
            assert!(error < 0.25, "node {v}: relative error {error}");
        }
    }

    #[test]
    fn a_connected_pair_ends_closer_than_unconnected_nodes() {
        // Two triangles joined by nothing: within a triangle nodes sit closer than across.
        let edges = [(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)];
        let pos = force_directed(6, &edges, 200, 1);
        let d = |a: usize, b: usize| (pos[a].0 - pos[b].0).hypot(pos[a].1 - pos[b].1);
        assert!(d(0, 1) < d(0, 4), "{pos:?}");
        assert!(pos.iter().all(|p| p.0.is_finite() && p.1.is_finite()));
    }

    #[test]
    fn the_layout_is_the_same_for_any_thread_count() {
        let edges: Vec<(u32, u32)> = (0..1500u32).map(|i| (i, (i * 7 + 3) % 1500)).collect();
        let run = |threads| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| force_directed(1500, &edges, 20, 9))
        };
        assert_eq!(run(1), run(3));
    }
}
