//! When sampled betweenness may stop: KADABRA's adaptive rule (M. Borassi and E. Natale,
//! "KADABRA is an ADaptive Algorithm for Betweenness via Random Approximation", ESA 2016).
//!
//! The sampler draws at most ω shortest paths, the Riondato–Kornaropoulos size for failure
//! probability δ/2 (after ω samples every estimate is within ε with probability ≥ 1 − δ/2).
//! The other δ/2 is split over the nodes: a short first phase (ω/100 samples, its own seeded
//! stream) estimates each node's betweenness b₀(v), and node v gets the failure probabilities
//! δ_L(v) = δ_U(v) = exp(−c ε²/b₀(v)) + δβ/(4n) (β = 0.001), with c the smallest constant
//! found by bisection for which Σ (δ_L + δ_U) ≤ δ/2. The second phase starts afresh and, after
//! each fixed round of samples (τ so far), stops once every node's estimate b̃ = hits/τ has
//! both error bounds below ε:
//!
//! f = min(b̃, (L/τ)(−(ω/τ − 1/3) + √((ω/τ − 1/3)² + 2b̃ω/L))), L = ln(1/δ_L(v)),
//! g = min(1 − b̃, (L/τ)((ω/τ + 1/3) + √((ω/τ + 1/3)² + 2b̃ω/L))), L = ln(1/δ_U(v)).
//!
//! With probability at least 1 − δ every b(v) then lies in [b̃ − f, b̃ + g] (the paper's
//! Theorem: a martingale bound per node that holds at any stopping time up to ω, and the union
//! over nodes), so the output claims the same (ε, δ) as a fixed sample of size ω, usually with
//! fewer samples. Rounds are fixed by ω, never by the thread count, so where it stops is too.

use rayon::prelude::*;

/// β: the share of δ/2 given evenly to every node, so that no node's failure probability is 0.
const BALANCE: f64 = 0.001;

/// The per-node failure budgets of the second phase.
pub struct Stopping {
    omega: f64,
    epsilon: f64,
    /// ln(1/δ_L(v)) = ln(1/δ_U(v)) per node (the budgets are equal in the absolute case).
    log_inverse_delta: Vec<f64>,
}

impl Stopping {
    /// Budgets from the first phase's `hits` out of `first_samples` paths, for at most `omega`
    /// samples and additive error `epsilon`, summing to the failure probability `budget` (the
    /// share of δ not spent on ω).
    pub fn new(
        hits: &[u64],
        first_samples: u64,
        omega: u64,
        epsilon: f64,
        budget: f64,
    ) -> Stopping {
        let n = hits.len().max(1) as f64;
        let b0: Vec<f64> = hits
            .iter()
            .map(|&h| h as f64 / first_samples.max(1) as f64)
            .collect();
        let target = budget * (1.0 - BALANCE);
        let mass = |c: f64| -> f64 {
            b0.iter()
                .filter(|&&b| b > 0.0)
                .map(|&b| 2.0 * (-c * epsilon * epsilon / b).exp())
                .sum()
        };
        let (mut lo, mut hi) = (
            0.0,
            (2.0 * n * (1.0 - BALANCE) / budget).ln() / (epsilon * epsilon),
        );
        // The bisection keeps `hi` on the safe side; make sure it starts there.
        while mass(hi) > target {
            hi *= 2.0;
        }
        while hi - lo > epsilon / 10.0 {
            let mid = (lo + hi) / 2.0;
            if mass(mid) > target {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let floor = budget * BALANCE / (2.0 * n);
        let log_inverse_delta = b0
            .iter()
            .map(|&b| {
                let share = if b > 0.0 {
                    (-hi * epsilon * epsilon / b).exp()
                } else {
                    0.0
                };
                -(share + floor).ln()
            })
            .collect();
        Stopping {
            omega: omega as f64,
            epsilon,
            log_inverse_delta,
        }
    }

    /// Whether the second phase may stop after `tau` samples with these `hits`.
    pub fn done(&self, hits: &[u64], tau: u64) -> bool {
        let (tau, omega, epsilon) = (tau as f64, self.omega, self.epsilon);
        hits.par_iter()
            .zip(&self.log_inverse_delta)
            .all(|(&h, &l)| {
                let b = h as f64 / tau;
                lower_error(b, tau, omega, l) < epsilon && upper_error(b, tau, omega, l) < epsilon
            })
    }
}

/// f: how far below the estimate `b` the true value may lie.
fn lower_error(b: f64, tau: f64, omega: f64, log_inverse_delta: f64) -> f64 {
    let l = log_inverse_delta;
    let t = omega / tau - 1.0 / 3.0;
    let bound = l / tau * (-t + (t * t + 2.0 * b * omega / l).sqrt());
    bound.min(b)
}

/// g: how far above the estimate `b` the true value may lie.
fn upper_error(b: f64, tau: f64, omega: f64, log_inverse_delta: f64) -> f64 {
    let l = log_inverse_delta;
    let t = omega / tau + 1.0 / 3.0;
    let bound = l / tau * (t + (t * t + 2.0 * b * omega / l).sqrt());
    bound.min(1.0 - b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budgets_add_up_to_the_adaptive_share() {
        let hits: Vec<u64> = (0..1000).map(|i| (i % 37) * (i % 5)).collect();
        let (epsilon, budget) = (0.01, 0.05);
        let s = Stopping::new(&hits, 300, 30_000, epsilon, budget);
        let total: f64 = s.log_inverse_delta.iter().map(|l| 2.0 * (-l).exp()).sum();
        assert!(total <= budget * (1.0 + 1e-9), "{total}");
        assert!(total >= budget / 2.0, "the budget is not wasted: {total}");
    }

    #[test]
    fn errors_shrink_with_samples_and_are_zero_width_only_at_zero() {
        let (omega, l) = (30_000.0, 20.0);
        let early = upper_error(0.01, 3_000.0, omega, l);
        let late = upper_error(0.01, 30_000.0, omega, l);
        assert!(late < early);
        assert_eq!(lower_error(0.0, 10_000.0, omega, l), 0.0);
        assert!(upper_error(0.0, 10_000.0, omega, l) > 0.0);
    }
}
