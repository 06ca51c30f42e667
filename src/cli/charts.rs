//! Turns analysis results into chart data (`netreach::plot`), shared by `plot` and `report`.

use netreach::connectors::{self, EgoConnectors};
use netreach::graph::Network;
use netreach::plot::{
    BarsChart, DegreeChart, GrowthChart, ReachDistributionChart, ReachVsDegreeChart, Series,
    TimelineChart,
};
use netreach::reach;
use netreach::whatif::{self, GrowthCurves, Order, RecommendOptions, Recommendation, TargetGroup};

/// Above this many people, the all-node charts use a seeded sample of sources.
pub const ALL_NODE_EXACT_LIMIT: usize = 200_000;
/// Sources sampled above that.
pub const ALL_NODE_SAMPLE: usize = 20_000;

/// A short display name: the person's name, else the label.
pub fn display(network: &Network, id: u32) -> String {
    network.display_name(id)
}

/// Growth curves of `ego` in every order that applies, and the chart.
pub fn growth(network: &Network, ego: u32, seeds: usize) -> (GrowthCurves, GrowthChart) {
    let orders = [
        Order::Random,
        Order::Degree,
        Order::Greedy,
        Order::Field,
        Order::Chronological,
    ];
    let curves = whatif::growth_curves(
        network,
        ego,
        &orders,
        seeds,
        &TargetGroup::everyone(network.node_count()),
    );
    let series = curves
        .curves
        .iter()
        .map(|c| Series {
            name: match c.order {
                Order::Random => format!(
                    "random order (mean; band: min–max of {} seeds)",
                    curves.seeds
                ),
                Order::Degree => "highest degree first".into(),
                Order::Greedy => "greedy (largest gain first)".into(),
                Order::Field => "same field first".into(),
                Order::Chronological => "chronological (Connected On)".into(),
            },
            points: c
                .points
                .iter()
                .map(|p| (p.contacts as f64, p.reach_3))
                .collect(),
            band: c.points.first().and_then(|p| p.reach_3_min).map(|_| {
                c.points
                    .iter()
                    .map(|p| {
                        (
                            p.reach_3_min.unwrap_or(0) as f64,
                            p.reach_3_max.unwrap_or(0) as f64,
                        )
                    })
                    .collect()
            }),
            knee: c.knee.map(|k| (k as f64, c.points[k - 1].reach_3)),
        })
        .collect();
    let chart = GrowthChart {
        title: "How each extra connection changes reach".into(),
        note: format!(
            "{}: people within 3 hops as the contacts are added; lines at 50, 150, 500; circles: knee",
            display(network, ego)
        ),
        y_label: "people within 3 hops (reach_3)".into(),
        series,
    };
    (curves, chart)
}

/// `(degree, people)` for every degree ≥ 1.
pub fn degree_counts(network: &Network) -> Vec<(u64, u64)> {
    let mut counts = std::collections::BTreeMap::new();
    for u in 0..network.node_count() as u32 {
        let d = network.csr.degree(u) as u64;
        if d > 0 {
            *counts.entry(d).or_insert(0u64) += 1;
        }
    }
    counts.into_iter().collect()
}

/// The degree distribution chart.
pub fn degree(network: &Network, ego: Option<u32>) -> DegreeChart {
    DegreeChart {
        counts: degree_counts(network),
        ego: ego.map(|e| (network.csr.degree(e) as u64, display(network, e))),
    }
}

/// Exact n1, n2, n3 of every person (or of a seeded sample on very large graphs).
pub struct AllReach {
    /// The sources.
    pub sources: Vec<u32>,
    /// `rings[i * 3 + k]`.
    pub rings: Vec<u64>,
    /// Whether `sources` is a sample.
    pub sampled: bool,
}

/// n1..n3 of everyone.
pub fn all_reach(network: &Network) -> AllReach {
    let n = network.node_count();
    let sampled = n > ALL_NODE_EXACT_LIMIT;
    let sources = if sampled {
        reach::sample_sources(n, ALL_NODE_SAMPLE, 7)
    } else {
        (0..n as u32).collect()
    };
    let rings = reach::rings_of(&network.csr, &sources, 3);
    AllReach {
        sources,
        rings,
        sampled,
    }
}

/// Share of people (in %) whose reach_3 is below `value`.
pub fn percentile(all: &AllReach, value: u64) -> f64 {
    let below = all
        .rings
        .chunks_exact(3)
        .filter(|r| r.iter().sum::<u64>() < value)
        .count();
    100.0 * below as f64 / all.sources.len().max(1) as f64
}

/// The reach distribution chart.
pub fn reach_distribution(
    network: &Network,
    all: &AllReach,
    ego: Option<u32>,
) -> ReachDistributionChart {
    let ego = ego.map(|e| {
        let r = reach::rings(&network.csr, e, 3);
        (
            r[1],
            r[2],
            display(network, e),
            percentile(all, r.iter().sum()),
        )
    });
    ReachDistributionChart {
        n2: all.rings.chunks_exact(3).map(|r| r[1]).collect(),
        n3: all.rings.chunks_exact(3).map(|r| r[2]).collect(),
        ego,
        note: if all.sampled {
            format!(
                "exact n2 and n3 of a seeded sample of {} people",
                all.sources.len()
            )
        } else {
            format!("exact n2 and n3 of all {} people", all.sources.len())
        },
    }
}

/// The reach-against-degree chart.
pub fn reach_vs_degree(network: &Network, all: &AllReach, ego: Option<u32>) -> ReachVsDegreeChart {
    ReachVsDegreeChart {
        points: all
            .sources
            .iter()
            .zip(all.rings.chunks_exact(3))
            .filter(|(s, _)| network.csr.degree(**s) > 0)
            .map(|(&s, r)| (network.csr.degree(s) as u64, r.iter().sum()))
            .collect(),
        ego: ego.map(|e| {
            (
                network.csr.degree(e) as u64,
                reach::rings(&network.csr, e, 3).iter().sum(),
                display(network, e),
            )
        }),
    }
}

/// Rows in the bar charts.
pub const BAR_ROWS: usize = 15;

/// Key connectors of `ego` and the bar chart of the top contacts.
pub fn connector_bars(network: &Network, ego: u32) -> (EgoConnectors, BarsChart) {
    let result = connectors::ego_connectors(network, ego);
    let rows = result
        .contacts
        .iter()
        .take(BAR_ROWS)
        .map(|c| {
            let label = c.name.clone().unwrap_or_else(|| c.node_id.clone());
            (
                label,
                vec![
                    c.exclusive_3 as f64,
                    c.loss_3 as f64,
                    c.exclusive_2 as f64,
                    c.loss_2 as f64,
                ],
            )
        })
        .collect();
    let chart = BarsChart {
        title: "Key connectors: who carries the reach".into(),
        note: format!(
            "{}'s contacts by loss of reach_3 if the connection went; exclusive = reached only through them",
            display(network, ego)
        ),
        x_label: "people".into(),
        measures: vec![
            "exclusive 3rd-degree".into(),
            "loss of reach_3".into(),
            "exclusive 2nd-degree".into(),
            "loss of reach_2".into(),
        ],
        rows,
    };
    (result, chart)
}

/// Next best connections and the bar chart of their gains (`None` without any pick).
pub fn gain_bars(network: &Network, ego: u32, top: usize) -> (Recommendation, Option<BarsChart>) {
    let opts = RecommendOptions {
        top,
        from: 2,
        mutuals: None,
        target: None,
    };
    let rec = whatif::recommend(network, ego, &opts);
    if rec.picks.is_empty() {
        return (rec, None);
    }
    let rows = rec
        .picks
        .iter()
        .map(|p| {
            (
                p.name.clone().unwrap_or_else(|| p.node_id.clone()),
                vec![p.gain as f64],
            )
        })
        .collect();
    let chart = BarsChart {
        title: "Next best connections".into(),
        note: format!(
            "{}: people newly within 3 hops per added connection, in greedy pick order",
            display(network, ego)
        ),
        x_label: "people gained within 3 hops".into(),
        measures: vec!["gain in reach_3".into()],
        rows,
    };
    (rec, Some(chart))
}

/// reach_3 over time by `Connected On` (`None` without dates).
pub fn timeline(network: &Network, ego: u32, curves: &GrowthCurves) -> Option<TimelineChart> {
    use chrono::Datelike;
    let chrono_curve = curves
        .curves
        .iter()
        .find(|c| c.order == Order::Chronological)?;
    // The same order the chronological curve was computed in (`Network::contacts_by_date`).
    let contacts = network.contacts_by_date(ego);
    let points: Vec<(f64, f64, usize)> = contacts
        .iter()
        .zip(&chrono_curve.points)
        .filter_map(|(&(_, date), p)| {
            let d = date?;
            Some((
                d.year() as f64 + d.ordinal0() as f64 / 366.0,
                p.reach_3,
                p.contacts,
            ))
        })
        .collect();
    (!points.is_empty()).then(|| TimelineChart {
        points,
        label: display(network, ego),
    })
}
