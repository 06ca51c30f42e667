//! Chart data (`crate::plot`) from analysis results, shared by `plot` and the report.

use crate::connectors::{self, EgoConnectors};
use crate::graph::Network;
use crate::plot::{
    BarsChart, DegreeChart, GrowthChart, ReachDistributionChart, ReachVsDegreeChart, Series,
    TimelineChart,
};
use crate::reach::Everyone;
use crate::whatif::{self, GrowthCurves, Order, RecommendOptions, Recommendation, TargetGroup};

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
            network.display_name(ego)
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
        ego: ego.map(|e| (network.csr.degree(e) as u64, network.display_name(e))),
    }
}

/// The reach distribution chart.
pub fn reach_distribution(
    network: &Network,
    everyone: &Everyone,
    ego: Option<u32>,
) -> ReachDistributionChart {
    let ego = ego.map(|e| {
        let r = everyone.rings[e as usize];
        (
            r[1],
            r[2],
            network.display_name(e),
            everyone.percentile(3, r.iter().sum()),
        )
    });
    ReachDistributionChart {
        n2: everyone.rings.iter().map(|r| r[1]).collect(),
        n3: everyone.rings.iter().map(|r| r[2]).collect(),
        ego,
        note: format!("n2 and n3: {}", everyone.describe()),
    }
}

/// The reach-against-degree chart.
pub fn reach_vs_degree(
    network: &Network,
    everyone: &Everyone,
    ego: Option<u32>,
) -> ReachVsDegreeChart {
    let degree = |v: u32| network.csr.degree(v) as u64;
    ReachVsDegreeChart {
        points: (0..network.node_count() as u32)
            .zip(&everyone.rings)
            .filter(|&(v, _)| degree(v) > 0)
            .map(|(v, r)| (degree(v), r.iter().sum()))
            .collect(),
        ego: ego.map(|e| {
            (
                degree(e),
                everyone.rings[e as usize].iter().sum(),
                network.display_name(e),
            )
        }),
    }
}

/// Rows in the bar charts.
pub const BAR_ROWS: usize = 15;

/// Key connectors of `ego` and the bar chart of the top contacts.
pub fn connector_bars(network: &Network, ego: u32) -> (EgoConnectors, Option<BarsChart>) {
    let result = connectors::ego_connectors(network, ego);
    let names = network.names();
    let who = names.show(ego);
    let measures = vec![
        "exclusive 3rd-degree".into(),
        "loss within 3 hops".into(),
        "exclusive 2nd-degree".into(),
        "loss within 2 hops".into(),
    ];
    // Only the contacts who carry more than themselves; when none does, the bridges of a
    // merged folder as one group; else no chart.
    let rows: Vec<(String, Vec<f64>)> = result
        .carriers()
        .take(BAR_ROWS)
        .map(|c| {
            let bars = [c.exclusive_3, c.loss_3, c.exclusive_2, c.loss_2];
            (names.show(c.person.id), bars.map(|x| x as f64).to_vec())
        })
        .collect();
    let chart = if !rows.is_empty() {
        Some(BarsChart {
            title: "Key connectors: who carries the reach".into(),
            note: format!(
                "{who}'s contacts who carry more than themselves, most first (loss within 2 + 3 hops, then exclusive people); exclusive = reached only through them"
            ),
            x_label: "people".into(),
            measures,
            rows,
        })
    } else {
        result.bridges.as_ref().map(|b| BarsChart {
            title: "Key connectors: the shared contacts, together".into(),
            note: format!(
                "No single contact of {who} carries more than themselves; reach lost without the {} shared with other exports",
                crate::render::count(b.contacts.len() as u64, "contact", "contacts")
            ),
            x_label: "people".into(),
            measures: vec!["loss within 3 hops".into(), "loss within 2 hops".into()],
            rows: vec![(
                format!(
                    "the {} shared",
                    crate::render::count(b.contacts.len() as u64, "contact", "contacts")
                ),
                vec![b.loss_3 as f64, b.loss_2 as f64],
            )],
        })
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
        leave_out: &network.exporters(),
    };
    let rec = whatif::recommend(network, ego, &opts);
    if rec.picks.is_empty() {
        return (rec, None);
    }
    let names = network.names();
    let rows = rec
        .picks
        .iter()
        .map(|p| (names.show(p.person.id), vec![p.gain as f64]))
        .collect();
    let chart = BarsChart {
        title: "Next best connections".into(),
        note: format!(
            "{}: people newly within 3 hops per added connection, in greedy pick order",
            names.show(ego)
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
        label: network.display_name(ego),
    })
}
