//! Burt's structural holes, unweighted, exactly as NetworkX defines them
//! (`networkx.constraint`, `networkx.effective_size`):
//!
//! - p(i, j) = 1 / deg(i) for a neighbour j (mutual weight over i's total, all weights 1);
//! - constraint(i) = Σ_j (p(i, j) + Σ_{q ∈ N(i) ∩ N(j)} p(i, q) p(q, j))²;
//! - effective size(i) = deg(i) − 2 t(i) / deg(i), with t(i) the ties among i's contacts.
//!
//! Both are undefined for an isolated person (`None`, NaN in NetworkX). Reference: R. S. Burt,
//! *Structural Holes*, Harvard University Press, 1992.

use rayon::prelude::*;

use crate::graph::Csr;
use serde::Serialize;

/// Burt's structural-hole measures of one person (unweighted, as NetworkX defines them).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Burt {
    /// Effective size: degree minus the average tie count among the contacts.
    pub effective_size: f64,
    /// Constraint: how much the contacts are tied to each other (low = broker).
    pub constraint: f64,
}

/// `Σ 1/deg(q)` and the count over the common neighbours of two sorted rows.
fn common(a: &[u32], b: &[u32], inv_degree: &[f64]) -> (f64, usize) {
    let (mut i, mut j) = (0, 0);
    let (mut sum, mut count) = (0.0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += inv_degree[a[i] as usize];
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (sum, count)
}

fn inverse_degrees(csr: &Csr) -> Vec<f64> {
    (0..csr.node_count() as u32)
        .map(|u| match csr.degree(u) {
            0 => 0.0,
            d => 1.0 / d as f64,
        })
        .collect()
}

fn burt_with(csr: &Csr, i: u32, inv_degree: &[f64]) -> Option<Burt> {
    let row = csr.neighbors(i);
    if row.is_empty() {
        return None;
    }
    let p = inv_degree[i as usize];
    let mut constraint = 0.0;
    let mut ties = 0usize;
    for &j in row {
        let (indirect, count) = common(row, csr.neighbors(j), inv_degree);
        let local = p + p * indirect;
        constraint += local * local;
        ties += count;
    }
    let d = row.len() as f64;
    // Each tie among the contacts was counted from both ends.
    let t = ties as f64 / 2.0;
    Some(Burt {
        effective_size: d - 2.0 * t / d,
        constraint,
    })
}

/// Burt's measures of one person.
pub fn burt(csr: &Csr, i: u32) -> Option<Burt> {
    burt_with(csr, i, &inverse_degrees(csr))
}

/// Burt's measures of everyone, in node order.
pub fn burt_all(csr: &Csr) -> Vec<Option<Burt>> {
    let inv = inverse_degrees(csr);
    (0..csr.node_count() as u32)
        .into_par_iter()
        .map(|i| burt_with(csr, i, &inv))
        .collect()
}
