//! Growth curves: reach_2, reach_3 and visibility as the ego's contacts are added one at a time
//! in several orders, with 50, 150 and 500 contacts marked, the knee, and a quality-versus-
//! quantity comparison.
//!
//! With contacts c₁…cᵢ added, d(ego, v) = 1 + min_j d_{G − ego}(c_j, v). So one bit-parallel
//! BFS (depth 2, ego blocked) over the contacts in the order's sequence gives, for every person,
//! the first position at which they come within two (three) hops; prefix sums of those
//! positions are the whole curve.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::TargetGroup;
use super::recommend::{Coverage, open_within_two};
use super::target::field_of;
use crate::bfs::{MsBfs, RingSink};
use crate::graph::NodeId;
use crate::graph::{Csr, Network};

/// An order in which the ego's contacts are added.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Uniformly random (mean and spread over seeds).
    Random,
    /// Highest degree first.
    Degree,
    /// Each step the contact that adds the most reach_3 (lazy greedy).
    Greedy,
    /// Contacts in the ego's field first (by degree), then the others (by degree).
    Field,
    /// By `Connected On`, oldest first (contacts without a date last).
    Chronological,
}

/// The curve after `contacts` contacts.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurvePoint {
    /// Contacts added so far.
    pub contacts: usize,
    /// People within two hops (mean over seeds for the random order).
    pub reach_2: f64,
    /// People within three hops (mean over seeds for the random order).
    pub reach_3: f64,
    /// Share of the target group within three hops (mean for the random order).
    pub visibility: f64,
    /// Random order: the smallest reach_3 over the seeds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reach_3_min: Option<u64>,
    /// Random order: the largest reach_3 over the seeds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reach_3_max: Option<u64>,
}

/// One growth curve.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Curve {
    /// The order.
    pub order: Order,
    /// Points for 1..=d contacts.
    pub points: Vec<CurvePoint>,
    /// The contact count of the knee (see `knee_rule`).
    pub knee: Option<usize>,
    /// reach_3 at 50, 150 and 500 contacts, where the ego has that many.
    pub marks: Vec<(usize, f64)>,
}

/// reach_3 of k contacts chosen by one strategy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QualityRow {
    /// The strategy.
    pub strategy: String,
    /// Contacts used.
    pub k: usize,
    /// People within three hops.
    pub reach_3: f64,
    /// People of the ego's field within three hops (when the ego's field is known).
    pub in_field_reach_3: Option<f64>,
}

/// The result of `curve`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GrowthCurves {
    /// Original label of the ego.
    pub ego: NodeId,
    /// The ego's contacts.
    pub contacts: usize,
    /// The ego's field, from its position, where known.
    pub field: Option<String>,
    /// The visibility target group.
    pub target: String,
    /// Seeds of the random order.
    pub seeds: usize,
    /// How the knee is found.
    pub knee_rule: String,
    /// One curve per order that applies.
    pub curves: Vec<Curve>,
    /// Quality versus quantity for the same number of contacts.
    pub quality: Vec<QualityRow>,
    /// Orders or comparisons left out, and why.
    pub notes: Vec<String>,
}

/// The knee must lie at least this far above the chord (in [0, 1]-scaled units) to count.
pub const KNEE_MIN_DISTANCE: f64 = 0.05;
/// Contacts marked on every curve.
pub const MARKS: [usize; 3] = [50, 150, 500];
/// Contacts compared in the quality-versus-quantity table (or all, if fewer).
pub const QUALITY_K: usize = 50;

/// First positions (1-based) at which each node comes within two and three hops.
struct FirstReach {
    within_two: Vec<u32>,
    within_three: Vec<u32>,
}

struct FirstSink<'a> {
    first: &'a mut FirstReach,
    offset: u32,
}

impl<const W: usize> RingSink<W> for FirstSink<'_> {
    fn ring(&mut self, level: usize, node: u32, bits: &[u64; W]) {
        let Some((w, word)) = bits.iter().enumerate().find(|(_, x)| **x != 0) else {
            return;
        };
        let position = self.offset + (w * 64) as u32 + word.trailing_zeros() + 1;
        let v = node as usize;
        if level == 1 {
            self.first.within_two[v] = self.first.within_two[v].min(position);
        }
        self.first.within_three[v] = self.first.within_three[v].min(position);
    }
}

/// Bytes [`growth_curves`] allocates with `threads` workers on a graph of `n` nodes: per worker
/// the MS-BFS state and two first-position arrays.
pub fn curve_memory_bytes(n: usize, threads: usize) -> u64 {
    (MsBfs::<4>::bytes_for(n) + (n as u64).saturating_mul(8)).saturating_mul(threads as u64)
}

fn first_reach(csr: &Csr, ego: u32, ordered: &[u32]) -> FirstReach {
    const W: usize = 4;
    let n = csr.node_count();
    let fresh = || FirstReach {
        within_two: vec![u32::MAX; n],
        within_three: vec![u32::MAX; n],
    };
    let mut first = crate::bfs::fold_batches(
        ordered,
        MsBfs::<W>::BATCH,
        || (MsBfs::<W>::new(n), fresh()),
        |(bfs, first), b, batch| {
            let mut sink = FirstSink {
                first,
                offset: (b * MsBfs::<W>::BATCH) as u32,
            };
            bfs.run_blocking(csr, batch, 2, &[ego], &mut sink);
        },
    )
    .into_iter()
    .map(|(_, first)| first)
    .fold(fresh(), |mut a, b| {
        for (x, y) in a.within_two.iter_mut().zip(b.within_two) {
            *x = (*x).min(y);
        }
        for (x, y) in a.within_three.iter_mut().zip(b.within_three) {
            *x = (*x).min(y);
        }
        a
    });
    // A contact is within one hop from its own position on.
    for (i, &c) in ordered.iter().enumerate() {
        let p = i as u32 + 1;
        first.within_two[c as usize] = first.within_two[c as usize].min(p);
        first.within_three[c as usize] = first.within_three[c as usize].min(p);
    }
    first
}

/// Cumulative counts after 1..=d contacts of the nodes whose first position is ≤ i.
fn cumulative(first: &[u32], d: usize, keep: impl Fn(u32) -> bool) -> Vec<u64> {
    let mut per_step = vec![0u64; d + 1];
    for (v, &p) in first.iter().enumerate() {
        if p != u32::MAX && keep(v as u32) {
            per_step[p as usize] += 1;
        }
    }
    let mut total = 0;
    per_step[1..]
        .iter()
        .map(|&x| {
            total += x;
            total
        })
        .collect()
}

/// reach_2, reach_3 and targets within three hops after each contact of an order.
struct Counts {
    reach_2: Vec<u64>,
    reach_3: Vec<u64>,
    targets: Vec<u64>,
}

fn curve_counts(csr: &Csr, ego: u32, ordered: &[u32], target: &TargetGroup) -> Counts {
    let first = first_reach(csr, ego, ordered);
    let d = ordered.len();
    Counts {
        reach_2: cumulative(&first.within_two, d, |_| true),
        reach_3: cumulative(&first.within_three, d, |_| true),
        targets: cumulative(&first.within_three, d, |v| target.contains(v)),
    }
}

fn by_degree(csr: &Csr, contacts: &[u32]) -> Vec<u32> {
    let mut v = contacts.to_vec();
    v.sort_by_key(|&c| (std::cmp::Reverse(csr.degree(c)), c));
    v
}

fn greedy_order(csr: &Csr, ego: u32, contacts: &[u32]) -> Vec<u32> {
    let mut open = vec![true; csr.node_count()];
    open[ego as usize] = false;
    let initial: Vec<u64> = open_within_two(csr, contacts, &open, Some(ego))
        .iter()
        .map(|g| g + 1)
        .collect();
    let picks = Coverage::new(csr, open, Some(ego)).lazy_greedy(contacts, &initial, contacts.len());
    let mut order: Vec<u32> = picks.iter().map(|&(c, _)| c).collect();
    // Contacts that add nothing more go last, by degree.
    let rest: Vec<u32> = by_degree(csr, contacts)
        .into_iter()
        .filter(|c| !order.contains(c))
        .collect();
    order.extend(rest);
    order
}

fn field_order(network: &Network, contacts: &[u32], field: &str) -> Vec<u32> {
    let in_field = |c: u32| network.people.position(c).and_then(field_of) == Some(field);
    let sorted = by_degree(&network.csr, contacts);
    let (mut first, rest): (Vec<u32>, Vec<u32>) = sorted.into_iter().partition(|&c| in_field(c));
    first.extend(rest);
    first
}

fn chronological_order(network: &Network, ego: u32) -> Vec<u32> {
    network
        .contacts_by_date(ego)
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

/// The knee: the contact count whose point lies farthest above the chord from the origin (no
/// contacts, no reach) to the last point (all contacts), on axes scaled to [0, 1] (the Kneedle
/// idea). It can fall at any count; a curve with no point at least [`KNEE_MIN_DISTANCE`] above
/// the chord (a straight line, or one that bends the other way) has no knee.
fn knee(reach_3: &[f64]) -> Option<usize> {
    let n = reach_3.len();
    let last = *reach_3.last()?;
    if n < 3 || last <= 0.0 {
        return None;
    }
    let (i, height) = (0..n)
        .map(|i| (i, reach_3[i] / last - (i + 1) as f64 / n as f64))
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))?;
    (height >= KNEE_MIN_DISTANCE).then_some(i + 1)
}

fn make_curve(
    order: Order,
    reach_2: Vec<f64>,
    reach_3: Vec<f64>,
    vis: Vec<f64>,
    spread: Option<(Vec<u64>, Vec<u64>)>,
) -> Curve {
    let points = (0..reach_3.len())
        .map(|i| CurvePoint {
            contacts: i + 1,
            reach_2: reach_2[i],
            reach_3: reach_3[i],
            visibility: vis[i],
            reach_3_min: spread.as_ref().map(|(lo, _)| lo[i]),
            reach_3_max: spread.as_ref().map(|(_, hi)| hi[i]),
        })
        .collect();
    Curve {
        order,
        knee: knee(&reach_3),
        marks: MARKS
            .iter()
            .filter(|&&m| m <= reach_3.len())
            .map(|&m| (m, reach_3[m - 1]))
            .collect(),
        points,
    }
}

fn as_f64(v: &[u64]) -> Vec<f64> {
    v.iter().map(|&x| x as f64).collect()
}

fn shuffled(contacts: &[u32], seed: u64) -> Vec<u32> {
    let mut v = contacts.to_vec();
    v.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    v
}

/// Growth curves of `ego` in each of `orders` (orders that need missing attributes are left
/// out with a note), plus the quality-versus-quantity comparison.
pub fn growth_curves(
    network: &Network,
    ego: u32,
    orders: &[Order],
    seeds: usize,
    target: &TargetGroup,
) -> GrowthCurves {
    let csr = &network.csr;
    let contacts = csr.neighbors(ego).to_vec();
    let d = contacts.len();
    let field = network.people.position(ego).and_then(field_of);
    let size = target.size_without(ego).max(1) as f64;
    let seeds = seeds.max(1);
    let mut notes = Vec::new();
    let mut curves = Vec::new();
    for &order in orders {
        if order == Order::Random {
            curves.push(random_curve(csr, ego, &contacts, seeds, target));
            continue;
        }
        let ordered = match contact_order(network, ego, &contacts, order, field) {
            Ok(ordered) => ordered,
            Err(note) => {
                notes.push(note.to_string());
                continue;
            }
        };
        let c = curve_counts(csr, ego, &ordered, target);
        let vis = c.targets.iter().map(|&x| x as f64 / size).collect();
        curves.push(make_curve(
            order,
            as_f64(&c.reach_2),
            as_f64(&c.reach_3),
            vis,
            None,
        ));
    }
    GrowthCurves {
        ego: network.labels.id(ego),
        contacts: d,
        field: field.map(str::to_string),
        target: target.description().to_string(),
        seeds,
        knee_rule: format!(
            "the contact count whose point lies farthest above the straight line from no contacts to all of them, with both axes scaled to 0–1 (no knee if no point is {KNEE_MIN_DISTANCE} or more above it)"
        ),
        curves,
        quality: quality(network, ego, &contacts, field, seeds),
        notes,
    }
}

/// The contacts in `order` (not random), or why that order does not apply.
fn contact_order(
    network: &Network,
    ego: u32,
    contacts: &[u32],
    order: Order,
    field: Option<&str>,
) -> Result<Vec<u32>, &'static str> {
    let csr = &network.csr;
    match order {
        Order::Random => Ok(contacts.to_vec()),
        Order::Degree => Ok(by_degree(csr, contacts)),
        Order::Greedy => Ok(greedy_order(csr, ego, contacts)),
        Order::Field => field
            .map(|f| field_order(network, contacts, f))
            .ok_or("field order left out: the ego's position names no known field"),
        Order::Chronological => {
            if contacts
                .iter()
                .all(|&c| network.dates.get(ego, c).is_none())
            {
                return Err("chronological order left out: no contact has a Connected On date");
            }
            Ok(chronological_order(network, ego))
        }
    }
}

/// The random order's curve: the mean over `seeds` shuffles, with the min–max band.
fn random_curve(
    csr: &Csr,
    ego: u32,
    contacts: &[u32],
    seeds: usize,
    target: &TargetGroup,
) -> Curve {
    let d = contacts.len();
    let size = target.size_without(ego).max(1) as f64;
    let runs: Vec<Counts> = (0..seeds as u64)
        .map(|s| curve_counts(csr, ego, &shuffled(contacts, s), target))
        .collect();
    let mean = |pick: fn(&Counts) -> &Vec<u64>| -> Vec<f64> {
        (0..d)
            .map(|i| runs.iter().map(|r| pick(r)[i] as f64).sum::<f64>() / seeds as f64)
            .collect()
    };
    let lo = (0..d)
        .map(|i| runs.iter().map(|r| r.reach_3[i]).min().unwrap_or(0))
        .collect();
    let hi = (0..d)
        .map(|i| runs.iter().map(|r| r.reach_3[i]).max().unwrap_or(0))
        .collect();
    let vis = mean(|r| &r.targets).into_iter().map(|x| x / size).collect();
    make_curve(
        Order::Random,
        mean(|r| &r.reach_2),
        mean(|r| &r.reach_3),
        vis,
        Some((lo, hi)),
    )
}

/// reach_3 (and in-field reach_3) of k contacts: heavy in-field, highest degree, random.
fn quality(
    network: &Network,
    ego: u32,
    contacts: &[u32],
    field: Option<&str>,
    seeds: usize,
) -> Vec<QualityRow> {
    let csr = &network.csr;
    let k = QUALITY_K.min(contacts.len());
    if k == 0 {
        return Vec::new();
    }
    let in_field_group = field.map(|f| {
        let ids: Vec<u32> = (0..csr.node_count() as u32)
            .filter(|&v| network.people.position(v).and_then(field_of) == Some(f))
            .collect();
        TargetGroup::ids(csr.node_count(), &ids, f)
    });
    let everyone = TargetGroup::everyone(csr.node_count());
    let measure = |ordered: &[u32]| -> (f64, Option<f64>) {
        let group = in_field_group.as_ref().unwrap_or(&everyone);
        let c = curve_counts(csr, ego, &ordered[..k], group);
        let in_field = in_field_group.as_ref().map(|_| c.targets[k - 1] as f64);
        (c.reach_3[k - 1] as f64, in_field)
    };
    let mut rows = Vec::new();
    if let Some(f) = field {
        let (r, i) = measure(&field_order(network, contacts, f));
        rows.push(QualityRow {
            strategy: format!("heavy in-field ({f}, highest degree first)"),
            k,
            reach_3: r,
            in_field_reach_3: i,
        });
    }
    let (r, i) = measure(&by_degree(csr, contacts));
    rows.push(QualityRow {
        strategy: "highest degree".into(),
        k,
        reach_3: r,
        in_field_reach_3: i,
    });
    let runs: Vec<(f64, Option<f64>)> = (0..seeds as u64)
        .map(|s| measure(&shuffled(contacts, s)))
        .collect();
    let mean = runs.iter().map(|r| r.0).sum::<f64>() / runs.len() as f64;
    let mean_in = in_field_group
        .as_ref()
        .map(|_| runs.iter().filter_map(|r| r.1).sum::<f64>() / runs.len() as f64);
    rows.push(QualityRow {
        strategy: format!("random (mean of {seeds} seeds)"),
        k,
        reach_3: mean,
        in_field_reach_3: mean_in,
    });
    rows
}

#[cfg(test)]
mod knee_tests {
    use super::knee;

    #[test]
    fn the_knee_is_the_point_farthest_above_the_chord() {
        // steep for 3 contacts, then flat: the knee is at 3
        assert_eq!(
            knee(&[40.0, 80.0, 100.0, 101.0, 102.0, 103.0, 104.0, 105.0]),
            Some(3)
        );
        // it can fire at the very first contact
        assert_eq!(
            knee(&[90.0, 91.0, 92.0, 93.0, 94.0, 95.0, 96.0, 100.0]),
            Some(1)
        );
        // a straight line has none
        assert_eq!(knee(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), None);
    }
}
