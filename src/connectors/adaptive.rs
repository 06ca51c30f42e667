//! When sampled betweenness may stop: a schedule of Chernoff checks planned from a pilot, with
//! the Riondato–Kornaropoulos size as the fallback.
//!
//! **The bound.** Every sample is a uniformly random ordered pair and a uniformly random
//! shortest path between them, so after m samples node v's hit count is Binomial(m, b(v)), b on
//! Riondato–Kornaropoulos' scale. For a fixed m and a threshold L, the Chernoff bound in its
//! Kullback–Leibler form gives P(b̂ > b and m·KL(b̂ ‖ b) > L) ≤ e^(−L), and the same below, so b
//! lies in C = {q : m·KL(b̂ ‖ q) ≤ L} except with probability 2e^(−L). C is an interval around
//! b̂ (KL(b̂ ‖ q) grows as q moves away from b̂); when m·KL(b̂ ‖ b̂ ± ε) > L both of its ends are
//! within ε of b̂ ("node v passes"). This is the tightest exponential bound for a Bernoulli
//! mean: near b = 1/2 it needs about half the samples of a bound that uses b as the variance
//! (KADABRA's, Borassi and Natale, ESA 2016), and for a fixed m it pays nothing for stopping
//! at an unknown time.
//!
//! **The plan.** A pilot of ω/40 samples (ω: Riondato–Kornaropoulos' size for δ) on a stream of
//! its own estimates each node's betweenness b₀. From the pilot alone the plan fixes up to four
//! checks. Check i has a failure budget δᵢ (0.8, 0.1, 0.06 and 0.04 of 0.95δ), a threshold
//! Lᵢ(v) per node with Σᵥ 2e^(−Lᵢ(v)) ≤ δᵢ, and a sample count mᵢ. The thresholds follow the
//! pilot: Lᵢ(v) = min(cᵢ·rate(b₀⁺(v)), ln(2n/(βδᵢ))), where rate(b) is the smaller of
//! KL(b ‖ b ± ε), b₀⁺ is b₀ moved zᵢ pilot standard deviations towards 1/2 (zᵢ = 3, 5, 7, 9, so
//! a node the pilot misjudged still passes a later check), cᵢ is the largest constant that
//! keeps the budget, and the cap gives every node at least βδᵢ/n (β = 0.001). A node whose
//! estimate is b₀⁺ passes once m·rate(b₀⁺) > cᵢ·rate(b₀⁺), so mᵢ is cᵢ raised by 2 % and
//! rounded up to whole blocks of samples. The main phase (the sampler's own stream, never the pilot's) draws up to
//! m₁, m₂, …, and stops at the first check every node passes; if none does it goes on to the
//! Riondato–Kornaropoulos size for the remaining 0.05δ, where every estimate is within ε without
//! a check. If the pilot says even the first check would need more than ω, the plan is ω
//! samples and no checks.
//!
//! **Why (ε, δ) holds.** The plan depends only on the pilot, which is independent of the main
//! phase, so given the pilot every check is a fixed-m test. A wrong answer needs some node
//! outside its interval at the check where the run stopped, or the fallback to fail: by the
//! union bound at most Σ δᵢ + 0.05δ = δ (or δ for the plain plan). Where it stops is fixed by the
//! seed, never by the thread count.

use rayon::prelude::*;

/// β: the share of each check's budget given evenly to every node, so that a node the pilot
/// never saw still passes once its estimate is small enough.
const BALANCE: f64 = 0.001;

/// The share of δ kept for the Riondato–Kornaropoulos fallback.
const FALLBACK_SHARE: f64 = 0.05;

/// Each planned check's share of the checks' budget: most to the first, where the plan expects
/// to stop; the rest buys later checks for the nodes the pilot underrated.
const CHECK_SHARES: [f64; 4] = [0.8, 0.1, 0.06, 0.04];

/// Pilot samples per sample of ω.
pub const PILOT_FRACTION: u64 = 40;

/// How far from its pilot estimate, towards 1/2 (where the rate is smallest), a node is assumed
/// to lie at check i: `3 + 2i` standard deviations.
const FIRST_RAISE: f64 = 3.0;
const RAISE_STEP: f64 = 2.0;

/// A check's samples are its constant cᵢ raised by this much, so that the nodes the plan
/// expected to pass do so despite the main phase's own noise.
const SLACK: f64 = 1.02;

/// One planned check: after `samples` samples, stop if every node passes its threshold.
struct Check {
    samples: u64,
    /// ln(1/δᵥ) per pilot class (see [`Schedule::class`]).
    threshold: Vec<f64>,
}

/// The checks and the fallback size of one run, fixed from the pilot.
pub struct Schedule {
    checks: Vec<Check>,
    /// Samples drawn if no check passes: Riondato–Kornaropoulos' size for the budget left.
    pub fallback: u64,
    /// Each node's pilot class: the index of its pilot hit count among the distinct ones.
    class: Vec<u32>,
    epsilon: f64,
}

/// The pilot's distinct hit counts, how many nodes have each, and each node's class.
fn classes(pilot_hits: &[u64]) -> (Vec<u64>, Vec<u64>, Vec<u32>) {
    let mut distinct: Vec<u64> = pilot_hits.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let class: Vec<u32> = pilot_hits
        .par_iter()
        .map(|h| distinct.binary_search(h).unwrap_or_default() as u32)
        .collect();
    let mut count = vec![0u64; distinct.len()];
    for &c in &class {
        count[c as usize] += 1;
    }
    (distinct, count, class)
}

impl Schedule {
    /// The plan for a run with additive error `epsilon` and failure probability `delta`, from
    /// the pilot's `pilot_hits` out of `pilot_samples`. `size(δ')` is Riondato–Kornaropoulos'
    /// sample size at failure probability δ'; check sizes are whole multiples of `block`.
    pub fn plan(
        pilot_hits: &[u64],
        pilot_samples: u64,
        epsilon: f64,
        delta: f64,
        size: impl Fn(f64) -> u64,
        block: u64,
    ) -> Schedule {
        let full = size(delta);
        let fallback = size(delta * FALLBACK_SHARE);
        let (distinct, count, class) = classes(pilot_hits);
        let n = pilot_hits.len().max(1) as f64;
        let pilot = pilot_samples.max(1) as f64;
        let mut checks: Vec<Check> = Vec::new();
        for (i, share) in CHECK_SHARES.iter().enumerate() {
            let budget = delta * (1.0 - FALLBACK_SHARE) * share;
            let z = FIRST_RAISE + RAISE_STEP * i as f64;
            let rates: Vec<f64> = distinct
                .iter()
                .map(|&h| rate(pessimistic(h as f64 / pilot, pilot, z), epsilon))
                .collect();
            let c = largest_constant(&rates, &count, budget * (1.0 - BALANCE));
            let cap = (2.0 * n / (BALANCE * budget)).ln();
            let after = checks.last().map_or(0, |k| k.samples);
            let samples = ((SLACK * c).ceil() as u64).div_ceil(block).max(1) * block;
            let samples = samples.max(after + block);
            if samples >= fallback || (checks.is_empty() && samples >= full) {
                break;
            }
            let threshold = rates.iter().map(|&r| (c * r).min(cap)).collect();
            checks.push(Check { samples, threshold });
        }
        Schedule {
            fallback: if checks.is_empty() { full } else { fallback },
            checks,
            class,
            epsilon,
        }
    }

    /// Sample counts of the planned checks, in order.
    pub fn check_sizes(&self) -> impl Iterator<Item = u64> + '_ {
        self.checks.iter().map(|c| c.samples)
    }

    /// Whether every node passes check `i` with these `hits` after that check's samples.
    pub fn passes(&self, i: usize, hits: &[u64]) -> bool {
        let check = &self.checks[i];
        let m = check.samples as f64;
        hits.par_iter().zip(&self.class).all(|(&h, &c)| {
            m * rate((h as f64 / m).min(1.0), self.epsilon) > check.threshold[c as usize]
        })
    }
}

/// The pilot estimate `b0` of `samples` samples moved `z` standard deviations (at least that
/// of one hit, so that an unseen node is not assumed to be at 0) towards 1/2 and not past it:
/// the value in that window with the smallest rate, i.e. the one needing the most samples.
fn pessimistic(b0: f64, samples: f64, z: f64) -> f64 {
    let shift = z * ((b0 * (1.0 - b0)).max(1.0 / samples) / samples).sqrt();
    if b0 <= 0.5 {
        (b0 + shift).min(0.5)
    } else {
        (b0 - shift).max(0.5)
    }
}

/// The largest c (to within 10⁻⁹ relative, at most 64 halvings) with Σ count · 2e^(−c · rate) ≤ `target`.
fn largest_constant(rates: &[f64], count: &[u64], target: f64) -> f64 {
    let mass = |c: f64| -> f64 {
        rates
            .iter()
            .zip(count)
            .map(|(&r, &k)| 2.0 * k as f64 * (-c * r).exp())
            .sum()
    };
    let (mut lo, mut hi) = (0.0, 1.0);
    while mass(hi) > target {
        lo = hi;
        hi *= 2.0;
    }
    // A fixed number of halvings: enough for 10⁻⁹ once bracketed, and a stop when every rate
    // is infinite (ε near 1), where the bracket would shrink towards 0 forever.
    for _ in 0..64 {
        if hi - lo <= 1e-9 * hi {
            break;
        }
        let mid = (lo + hi) / 2.0;
        if mass(mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// Kullback–Leibler divergence of Bernoulli(q) from Bernoulli(p), for p in [0, 1], q in (0, 1).
fn kl(p: f64, q: f64) -> f64 {
    let term = |a: f64, b: f64| if a > 0.0 { a * (a / b).ln() } else { 0.0 };
    term(p, q) + term(1.0 - p, 1.0 - q)
}

/// min(KL(b ‖ b + ε), KL(b ‖ b − ε)), a side counting as infinite where b ± ε leaves (0, 1)
/// (the true value cannot lie that far on that side).
fn rate(b: f64, epsilon: f64) -> f64 {
    let up = if b + epsilon < 1.0 {
        kl(b, b + epsilon)
    } else {
        f64::INFINITY
    };
    let down = if b - epsilon > 0.0 {
        kl(b, b - epsilon)
    } else {
        f64::INFINITY
    };
    up.min(down)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rk(delta: f64) -> u64 {
        crate::connectors::sample_size(0.01, delta, 9)
    }

    /// A pilot where a few nodes carry most paths, as around a hub.
    fn pilot() -> (Vec<u64>, u64) {
        let hits = (0..5000u64)
            .map(|i| if i < 5 { 60 + 10 * i } else { i % 3 })
            .collect();
        (hits, 700)
    }

    #[test]
    fn every_check_keeps_its_budget_and_the_sizes_grow() {
        let (hits, samples) = pilot();
        let s = Schedule::plan(&hits, samples, 0.01, 0.1, rk, 32);
        assert!(!s.checks.is_empty());
        let mut last = 0;
        let mut total = 0.0;
        for check in &s.checks {
            assert!(check.samples > last && check.samples < s.fallback);
            assert_eq!(check.samples % 32, 0);
            last = check.samples;
            let mass: f64 = s
                .class
                .iter()
                .map(|&c| 2.0 * (-check.threshold[c as usize]).exp())
                .sum();
            total += mass;
        }
        assert!(total <= 0.095 * (1.0 + 1e-9), "{total}");
        assert_eq!(s.fallback, rk(0.005));
    }

    #[test]
    fn a_check_passes_only_when_every_interval_is_within_epsilon() {
        let (hits, samples) = pilot();
        let s = Schedule::plan(&hits, samples, 0.01, 0.1, rk, 32);
        let m = s.checks[0].samples;
        // Estimates at the pilot's rates pass; the same with one node far above do not.
        let mut at_pilot: Vec<u64> = hits.iter().map(|&h| h * m / samples).collect();
        assert!(s.passes(0, &at_pilot));
        at_pilot[3] = m / 2;
        assert!(!s.passes(0, &at_pilot));
    }

    #[test]
    fn a_pilot_that_needs_more_than_omega_plans_omega_alone() {
        // Every node near 1/2 needs far more than ω.
        let hits = vec![350u64; 5000];
        let s = Schedule::plan(&hits, 700, 0.01, 0.1, rk, 32);
        assert!(s.checks.is_empty());
        assert_eq!(s.fallback, rk(0.1));
    }

    #[test]
    fn a_budget_every_rate_meets_needs_no_samples() {
        // ε = 0.9: no value can be off by ε on either side, so every rate is infinite.
        let c = largest_constant(&[f64::INFINITY; 3], &[5, 1, 2], 0.01);
        assert!((0.0..=1.0).contains(&c), "{c}");
        assert!(rate(0.3, 0.9).is_infinite());
    }

    #[test]
    fn the_rate_is_the_kl_divergence_at_the_nearer_end() {
        assert!((kl(0.5, 0.51) - 2.0e-4).abs() < 1e-6);
        assert_eq!(rate(0.005, 0.01), kl(0.005, 0.015));
        assert_eq!(rate(0.995, 0.01), kl(0.995, 0.985));
        assert_eq!(rate(0.0, 1.0), f64::INFINITY);
    }
}
