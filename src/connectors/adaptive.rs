//! When sampled betweenness may stop: a schedule of exact binomial checks planned from a pilot,
//! with the Riondato–Kornaropoulos size as the fallback.
//!
//! **The bound.** Every sample is a uniformly random ordered pair and a uniformly random
//! shortest path between them, so after m samples node v's hit count X is Binomial(m, b(v)), b
//! on Riondato–Kornaropoulos' scale. A node passes a check with threshold t when both tails
//! that would let its value lie more than ε from b̂ = X/m are at most t: P(Binomial(m, b̂ + ε)
//! ≤ X) and P(Binomial(m, b̂ − ε) ≥ X) (see [`larger_tail`]). If the true b is above b̂ + ε,
//! the first is at least P_b(X' ≤ X), and a binomial variable lands where its own lower tail is
//! at most t with probability at most t; the same below. So a node that passes is off by more
//! than ε with probability at most 2t: the exact (Clopper–Pearson) interval. The Chernoff bound
//! in its Kullback–Leibler form, e^(−m·KL(b̂ ‖ b̂ ± ε)), is above both tails and serves as a
//! cheap first test, but near b = 1/2 with ε = 0.01 it is about 8 times the exact tail, which
//! on ego-Facebook meant 22,000 samples where the exact tails need 13,600.
//!
//! **The plan.** A pilot of ω/40 samples (ω: Riondato–Kornaropoulos' size for δ) on a stream of
//! its own estimates each node's betweenness b₀. From the pilot alone the plan fixes up to four
//! checks. Check i has a failure budget δᵢ (0.8, 0.1, 0.06 and 0.04 of 0.95δ), a sample count
//! mᵢ and a threshold tᵢ(v) per node with Σᵥ 2tᵢ(v) ≤ δᵢ. It takes each node's pilot estimate
//! moved to the end of its confidence interval towards 1/2 (zᵢ = 3, 5, 7, 9 standard
//! deviations: exact for small counts, Wilson's for larger ones; so a node the pilot misjudged
//! still passes a later check), the fewest samples m
//! at which such nodes' tails add up to at most (1 − β)δᵢ, and those tails as the thresholds,
//! each at least βδᵢ/(2n) (β = 0.001) so that a node the pilot never saw still passes once its
//! estimate is small enough; mᵢ is that m raised by 2 % and rounded up to whole blocks of
//! samples. The main phase (the sampler's own stream, never the pilot's) draws up to m₁, m₂, …,
//! and stops at the first check every node passes; if none does it goes on to the
//! Riondato–Kornaropoulos size for the remaining 0.05δ, where every estimate is within ε
//! without a check. If the pilot says even the first check would need more than ω, the plan is
//! ω samples and no checks.
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

/// How far from its pilot estimate, towards 1/2 (where the tails are widest), a node is assumed
/// to lie at check i: the end of its interval for 3, 5, 7 and 9 standard deviations, given with
/// the normal distribution's one-sided tail there (for the exact interval of small counts).
const RAISES: [(f64, f64); 4] = [
    (3.0, 1.349_898_031_630_1e-3),
    (5.0, 2.866_515_718_791_9e-7),
    (7.0, 1.279_812_543_885_8e-12),
    (9.0, 1.128_588_405_953e-19),
];

/// A check's samples are the fewest the plan found raised by this much, so that the nodes the plan
/// expected to pass do so despite the main phase's own noise.
const SLACK: f64 = 1.02;

/// One planned check: after `samples` samples, stop if every node passes its threshold.
struct Check {
    samples: u64,
    /// Per pilot class (see [`Schedule::class`]): the most each of a node's two tails may be.
    tail: Vec<f64>,
    /// The same as ln(1/tail), for the Chernoff shortcut.
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
            let raise = RAISES[i];
            let pessimistic_b0: Vec<f64> = distinct
                .iter()
                .map(|&h| pessimistic(h as f64 / pilot, pilot, raise))
                .collect();
            let rates: Vec<f64> = pessimistic_b0.iter().map(|&b| rate(b, epsilon)).collect();
            let target = budget * (1.0 - BALANCE);
            let c = largest_constant(&rates, &count, target);
            let floor = BALANCE * budget / (2.0 * n);
            let planned = Planned {
                b0: &pessimistic_b0,
                rates: &rates,
                count: &count,
                target,
                epsilon,
            };
            let m0 = planned.fewest_samples(c);
            let after = checks.last().map_or(0, |k| k.samples);
            let samples = ((SLACK * m0 as f64).ceil() as u64).div_ceil(block).max(1) * block;
            let samples = samples.max(after + block);
            if samples >= fallback || (checks.is_empty() && samples >= full) {
                break;
            }
            let tail: Vec<f64> = (0..distinct.len())
                .map(|k| planned.tail(k, m0).max(floor))
                .collect();
            let threshold = tail.iter().map(|t| -t.ln()).collect();
            checks.push(Check {
                samples,
                tail,
                threshold,
            });
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
        let m = check.samples;
        hits.par_iter().zip(&self.class).all(|(&h, &c)| {
            let c = c as usize;
            // The Chernoff bound is above both tails, so passing it passes; only nodes near
            // their limit (a few hubs) need the exact tails.
            m as f64 * rate((h as f64 / m as f64).min(1.0), self.epsilon) > check.threshold[c]
                || larger_tail(m, h.min(m), self.epsilon) * (1.0 + TAIL_ROUNDING) <= check.tail[c]
        })
    }
}

/// The pilot estimate `b0` of `samples` samples moved towards 1/2 (and not past it) to the end
/// of its confidence interval at level (`z` standard deviations, one-sided chance `alpha`):
/// the value in that window with the widest tails, i.e. the one needing the most samples. For
/// counts below [`EXACT_BELOW`] the exact (Clopper–Pearson) end, since a normal interval is
/// far too narrow for a node the pilot saw a few times or never (with `b0 + z·sd`, ca-GrQc's
/// first check failed in most seeds on such a node); above, Wilson's score interval, which is
/// within a few per cent of the exact one there and needs no search.
fn pessimistic(b0: f64, samples: f64, (z, alpha): (f64, f64)) -> f64 {
    let hits = (b0 * samples).round() as u64;
    if b0 <= 0.5 && hits < EXACT_BELOW {
        return clopper_pearson_upper(hits, samples as u64, alpha);
    }
    let (n, z2) = (samples, z * z);
    let centre = b0 + z2 / (2.0 * n);
    let spread = z * (b0 * (1.0 - b0) / n + z2 / (4.0 * n * n)).sqrt();
    let scale = 1.0 + z2 / n;
    if b0 <= 0.5 {
        ((centre + spread) / scale).min(0.5)
    } else {
        ((centre - spread) / scale).max(0.5)
    }
}

/// Pilot counts below this get the exact end of their interval (a search over binomial tails);
/// larger counts Wilson's closed form.
const EXACT_BELOW: u64 = 50;

/// The b ≥ hits / n at which P(Binomial(n, b) ≤ hits) = `alpha` (at most 1/2), by halving.
fn clopper_pearson_upper(hits: u64, n: u64, alpha: f64) -> f64 {
    // P(X ≤ hits; n, b) is P(Y ≥ n − hits; n, 1 − b), a tail above its mean for b > hits / n.
    let below = |b: f64| upper_tail(n, n - hits, 1.0 - b);
    let b0 = hits as f64 / n as f64;
    if b0 >= 0.5 || below(0.5) > alpha {
        return 0.5;
    }
    let (mut lo, mut hi) = (b0, 0.5);
    for _ in 0..48 {
        let mid = 0.5 * (lo + hi);
        if mid <= b0 || below(mid) > alpha {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// Relative error allowed for in a computed tail: a node passes only if its tail is below its
/// threshold by more than the rounding of the sums and logarithms that computed it (ln m! is
/// about m·ln m, so its last bit is worth 2·10⁻⁷ of the tail at 10⁸ samples).
const TAIL_ROUNDING: f64 = 1e-6;

/// One check's classes as the plan expects them: pessimistic pilot estimates, their Chernoff
/// rates and how many nodes each class has, and the share of the budget they may spend.
struct Planned<'a> {
    b0: &'a [f64],
    rates: &'a [f64],
    count: &'a [u64],
    target: f64,
    epsilon: f64,
}

impl Planned<'_> {
    /// The larger tail of class `k`'s node after `m` samples, if its estimate is its
    /// pessimistic pilot value: the exact tail where it matters, the Chernoff bound (an upper
    /// bound, cheaper) where even that is far below the budget.
    fn tail(&self, k: usize, m: u64) -> f64 {
        let chernoff = (-(m as f64) * self.rates[k]).exp();
        if 2.0 * self.count[k] as f64 * chernoff < self.target * 1e-6 {
            return chernoff;
        }
        let hits = ((m as f64 * self.b0[k]).round() as u64).min(m);
        chernoff.min(larger_tail(m, hits, self.epsilon))
    }

    /// What every node's two tails add up to after `m` samples.
    fn mass(&self, m: u64) -> f64 {
        (0..self.b0.len())
            .map(|k| 2.0 * self.count[k] as f64 * self.tail(k, m))
            .sum()
    }

    /// The fewest samples whose mass is within the target, found by halving between 1 and
    /// the Chernoff plan's `chernoff_samples` (within the target already: each exact tail is
    /// below its Chernoff bound).
    fn fewest_samples(&self, chernoff_samples: f64) -> u64 {
        let (mut lo, mut hi) = (0u64, (chernoff_samples.ceil() as u64).max(1));
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if self.mass(mid) <= self.target {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        hi
    }
}

/// The larger of the two tails that decide whether a node with `hits` of `m` samples is
/// within ε: P(X ≤ hits) if its value were b̂ + ε and P(X ≥ hits) if it were b̂ − ε, X ~
/// Binomial(m, ·), b̂ = hits / m; a side counts 0 where b̂ ± ε leaves (0, 1).
///
/// Why this is the test: if the true value b is above b̂ + ε, then P_b(X ≤ hits) ≤ P_{b̂+ε}(X ≤
/// hits) ≤ tail, and the chance that a binomial variable lands where its own lower tail is at
/// most t is at most t; the same below. So a node that passes with threshold t is wrong with
/// probability at most 2t (the exact Clopper–Pearson interval, which the Chernoff bound only
/// bounds from above: near b = 1/2 with ε = 0.01 it is about 8 times the exact tail).
fn larger_tail(m: u64, hits: u64, epsilon: f64) -> f64 {
    let b = hits as f64 / m as f64;
    let above = if b + epsilon < 1.0 {
        upper_tail(m, m - hits, 1.0 - (b + epsilon))
    } else {
        0.0
    };
    let below = if b - epsilon > 0.0 {
        upper_tail(m, hits, b - epsilon)
    } else {
        0.0
    };
    above.max(below)
}

/// P(X ≥ x) for X ~ Binomial(m, p) and x above the mean m·p (the only tails a check needs),
/// rounded up: the terms from x on, each the last times the ratio (m − j) p / ((j + 1)(1 − p)),
/// which falls as j grows and is below 1 past the mean, so the rest after a term t is at most
/// t·r/(1 − r), added once it is negligible. Past the mean the first term is the largest, so
/// it underflows only when the whole tail is below 10⁻³⁰⁰.
fn upper_tail(m: u64, x: u64, p: f64) -> f64 {
    debug_assert!(x as f64 > m as f64 * p, "a tail above the mean");
    let odds = p / (1.0 - p);
    let mut term = (ln_choose(m, x) + x as f64 * p.ln() + (m - x) as f64 * (-p).ln_1p()).exp();
    let mut sum = 0.0;
    for j in x..m {
        sum += term;
        let ratio = (m - j) as f64 / (j + 1) as f64 * odds;
        let rest = term * ratio / (1.0 - ratio);
        if rest <= sum * 1e-12 {
            return sum + rest;
        }
        term *= ratio;
    }
    sum + term
}

/// ln C(m, k).
fn ln_choose(m: u64, k: u64) -> f64 {
    ln_factorial(m) - ln_factorial(k) - ln_factorial(m - k)
}

/// ln k!: summed below 64, Stirling's series from there (its next term, 1/(1680 k⁷), is below
/// 10⁻¹⁵ at k = 64).
fn ln_factorial(k: u64) -> f64 {
    if k < 64 {
        return (2..=k).map(|i| (i as f64).ln()).sum();
    }
    let k = k as f64;
    let (k2, k3) = (k * k, k * k * k);
    (k + 0.5) * k.ln() - k + 0.5 * (2.0 * std::f64::consts::PI).ln() + 1.0 / (12.0 * k)
        - 1.0 / (360.0 * k3)
        + 1.0 / (1260.0 * k3 * k2)
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

    /// P(X ≥ x) for X ~ Binomial(m, p) by adding every term, each term's logarithm from the
    /// last's by its ratio, starting at m·ln(1 − p).
    fn upper_tail_by_every_term(m: u64, x: u64, p: f64) -> f64 {
        every_term(m, p)[x as usize..].iter().sum()
    }

    /// P(X = j) for j = 0..=m, each term's logarithm from the last's.
    fn every_term(m: u64, p: f64) -> Vec<f64> {
        let mut ln_term = m as f64 * (1.0 - p).ln();
        (0..=m)
            .map(|j| {
                let term = ln_term.exp();
                ln_term += ((m - j) as f64 / (j + 1) as f64 * p / (1.0 - p)).ln();
                term
            })
            .collect()
    }

    #[test]
    fn binomial_tails_equal_the_sum_of_every_term() {
        for m in [1u64, 7, 60, 300, 900] {
            for p in [0.001, 0.03, 0.2, 0.5, 0.77] {
                let above_mean = (m as f64 * p).floor() as u64 + 1;
                for x in (above_mean..=m).step_by((m as usize / 13).max(1)) {
                    let (fast, every) = (upper_tail(m, x, p), upper_tail_by_every_term(m, x, p));
                    assert!(
                        (fast - every).abs() <= 1e-9 * every + 1e-300,
                        "m {m} x {x} p {p}: {fast} against {every}"
                    );
                    // Rounded up, never down, beyond the summation's own rounding.
                    assert!(fast >= every * (1.0 - 1e-12), "m {m} x {x} p {p}");
                }
            }
        }
    }

    #[test]
    fn stirlings_series_matches_the_summed_logarithms() {
        let mut summed = 0.0;
        for k in 1..5000u64 {
            summed += (k as f64).ln();
            let stirling = ln_factorial(k);
            assert!((stirling - summed).abs() <= 1e-12 * summed.max(1.0), "{k}");
        }
    }

    #[test]
    fn the_exact_tails_are_below_the_chernoff_bound() {
        for m in [100u64, 5_000, 22_000] {
            for hits in [0, 1, m / 100, m / 10, m / 2, m - 3, m] {
                let chernoff = (-(m as f64) * rate(hits as f64 / m as f64, 0.01)).exp();
                let exact = larger_tail(m, hits, 0.01);
                assert!(exact <= chernoff * (1.0 + 1e-9), "m {m} hits {hits}");
            }
        }
        // Near 1/2 with ε = 0.01 the exact tail is several times smaller: what saves samples.
        let (m, hits) = (20_000u64, 10_000u64);
        let chernoff = (-(m as f64) * rate(0.5, 0.01)).exp();
        assert!(larger_tail(m, hits, 0.01) < chernoff / 5.0);
    }

    #[test]
    fn a_threshold_of_t_is_missed_with_probability_at_most_t() {
        // For a node at b = 0.3 after m = 400 samples: P(the lower-side tail at X is ≤ t) ≤ t,
        // summed exactly over X, for thresholds across four orders of magnitude.
        let (m, b) = (400u64, 0.3);
        for t in [1e-5, 1e-4, 1e-3, 1e-2, 0.05] {
            // Outcomes X whose tail P_b(X' ≥ X) is at most t, and their probability.
            let first = (121..=m).find(|&x| upper_tail(m, x, b) <= t).unwrap();
            let chance = upper_tail_by_every_term(m, first, b);
            assert!(chance <= t, "t {t}: {chance}");
        }
    }

    #[test]
    fn the_exact_upper_end_has_the_asked_lower_tail() {
        // No hits: (1 − b)^n = α in closed form.
        let (n, alpha) = (800u64, RAISES[0].1);
        let b = clopper_pearson_upper(0, n, alpha);
        assert!((b - (1.0 - alpha.powf(1.0 / n as f64))).abs() < 1e-9, "{b}");
        for hits in [1u64, 3, 20, 49] {
            for (_, alpha) in RAISES {
                let b = clopper_pearson_upper(hits, n, alpha);
                // P(X ≤ hits; n, b) summed term by term is α.
                let at_most: f64 = every_term(n, b)[..=hits as usize].iter().sum();
                assert!(
                    (at_most - alpha).abs() <= 1e-6 * alpha,
                    "{hits} {alpha}: {at_most}"
                );
                // Wider than the normal interval it replaces.
                assert!(b > pessimistic_normal(hits as f64 / n as f64, n as f64, 3.0));
            }
        }
    }

    /// The interval the plan used before: b0 + z standard deviations, at least z / n.
    fn pessimistic_normal(b0: f64, n: f64, z: f64) -> f64 {
        b0 + z * ((b0 * (1.0 - b0)).max(1.0 / n) / n).sqrt()
    }
}
