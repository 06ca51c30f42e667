//! The network picture: who sits where, drawn with the force-directed layout
//! (`plot::layout`). Networks up to [`PICTURE_FULL_MAX`] people are drawn whole; larger ones
//! as the ego's 1st and 2nd degree (or only the 1st, the best-connected first, when that is
//! still too many), or without an ego as the best-connected people.

use super::Document;
use crate::bfs::BfsScratch;
use crate::connectors::EgoConnectors;
use crate::graph::{Names, Network};
use crate::plot::layout::force_directed;
use crate::plot::{ImageFormat, NetworkChart, PALETTE};
use crate::render::thousands;

/// Networks up to this many people are drawn whole.
pub const PICTURE_FULL_MAX: usize = 2000;
/// Key connectors labelled besides the ego.
pub const LABELLED_CONNECTORS: usize = 5;
/// Seed of the layout's start positions.
pub const LAYOUT_SEED: u64 = 42;
/// Companies coloured when the picture is coloured by company (the rest are grey).
const COMPANY_COLOURS: usize = 6;

/// A legend entry: name and colour.
type Class = (String, (u8, u8, u8));

/// Light grey, for the people the colours do not single out.
const GREY: (u8, u8, u8) = (190, 190, 190);

fn rgb(c: plotters::style::RGBColor) -> (u8, u8, u8) {
    (c.0, c.1, c.2)
}

/// The people drawn and, in words, which they are.
fn picture_nodes(network: &Network, ego: Option<u32>) -> (Vec<u32>, String) {
    let n = network.node_count();
    if n <= PICTURE_FULL_MAX {
        return (
            (0..n as u32).collect(),
            format!("all {} people", thousands(n as u64)),
        );
    }
    let by_degree = |ids: &mut Vec<u32>| {
        ids.sort_by_key(|&u| (std::cmp::Reverse(network.csr.degree(u)), u));
    };
    let Some(ego) = ego else {
        let mut ids: Vec<u32> = (0..n as u32).collect();
        by_degree(&mut ids);
        ids.truncate(PICTURE_FULL_MAX);
        ids.sort_unstable();
        return (ids, format!("the {PICTURE_FULL_MAX} best-connected people"));
    };
    let mut ball = Vec::new();
    BfsScratch::new(n).visit(&network.csr, ego, 2, |v, _| ball.push(v));
    if ball.len() <= PICTURE_FULL_MAX {
        ball.sort_unstable();
        return (ball, "the ego and their 1st and 2nd degree".into());
    }
    let mut contacts = network.csr.neighbors(ego).to_vec();
    by_degree(&mut contacts);
    contacts.truncate(PICTURE_FULL_MAX - 1);
    contacts.push(ego);
    contacts.sort_unstable();
    let what = format!(
        "the ego and {} of their contacts",
        thousands(contacts.len() as u64 - 1)
    );
    (contacts, what)
}

/// Classes by distance from the ego: the ego, 1st, 2nd, 3rd degree, further.
fn distance_classes(
    network: &Network,
    names: &Names,
    ego: u32,
    nodes: &[u32],
) -> (Vec<usize>, Vec<Class>) {
    let mut distance = vec![4usize; network.node_count()];
    BfsScratch::new(network.node_count())
        .visit(&network.csr, ego, 3, |v, d| distance[v as usize] = d);
    let class = nodes.iter().map(|&v| distance[v as usize]).collect();
    let classes = vec![
        (names.show(ego), (0, 0, 0)),
        ("1st-degree contacts".into(), rgb(PALETTE[0])),
        ("2nd-degree contacts".into(), rgb(PALETTE[2])),
        ("3rd-degree contacts".into(), rgb(PALETTE[3])),
        ("further, or not reached".into(), GREY),
    ];
    (class, classes)
}

/// Classes by company: the most common ones, then everyone else.
fn company_classes(network: &Network, nodes: &[u32]) -> (Vec<usize>, Vec<Class>) {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for &v in nodes {
        if let Some(c) = network.people.company(v) {
            *counts.entry(c).or_default() += 1;
        }
    }
    let mut top: Vec<(&str, usize)> = counts.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    top.truncate(COMPANY_COLOURS);
    let class = nodes
        .iter()
        .map(|&v| {
            let c = network.people.company(v);
            top.iter().position(|t| Some(t.0) == c).unwrap_or(top.len())
        })
        .collect();
    let mut classes: Vec<Class> = top
        .iter()
        .zip(PALETTE)
        .map(|(t, c)| (t.0.to_string(), rgb(c)))
        .collect();
    classes.push(("other or unknown company".into(), GREY));
    (class, classes)
}

/// Each drawn person's index in `nodes`, and the connections among them by those indices.
fn induced_edges(
    network: &Network,
    nodes: &[u32],
) -> (rustc_hash::FxHashMap<u32, u32>, Vec<(u32, u32)>) {
    let local: rustc_hash::FxHashMap<u32, u32> = nodes
        .iter()
        .enumerate()
        .map(|(i, &v)| (v, i as u32))
        .collect();
    let mut edges = Vec::new();
    for (i, &v) in nodes.iter().enumerate() {
        for &u in network.csr.neighbors(v) {
            match local.get(&u) {
                Some(&j) if j > i as u32 => edges.push((i as u32, j)),
                _ => {}
            }
        }
    }
    (local, edges)
}

/// The picture of `network`: coloured by distance from `ego` when there is one (labelled with
/// the ego and its first key connectors from `key`), else by company.
pub fn network_chart(
    network: &Network,
    ego: Option<u32>,
    key: Option<&EgoConnectors>,
) -> NetworkChart {
    let names = network.names();
    let (nodes, what) = picture_nodes(network, ego);
    let (local, edges) = induced_edges(network, &nodes);
    let iterations = if nodes.len() <= 1000 { 300 } else { 150 };
    let positions = force_directed(nodes.len(), &edges, iterations, LAYOUT_SEED);
    let (class, classes, labels, by) = match ego {
        Some(e) => {
            let (class, classes) = distance_classes(network, &names, e, &nodes);
            let mut labelled = vec![e];
            labelled.extend(key.into_iter().flat_map(|k| {
                k.contacts
                    .iter()
                    .take(LABELLED_CONNECTORS)
                    .map(|c| c.person.id)
            }));
            let labels = labelled
                .into_iter()
                .filter_map(|v| local.get(&v).map(|&i| (i, names.show(v))))
                .collect();
            (
                class,
                classes,
                labels,
                "distance from the ego, key connectors named",
            )
        }
        None => {
            let (class, classes) = company_classes(network, &nodes);
            (class, classes, Vec::new(), "company")
        }
    };
    NetworkChart {
        title: "Who sits where".into(),
        note: format!("{what}; force-directed layout (seeded); colour: {by}; size: connections"),
        degree: nodes.iter().map(|&v| network.csr.degree(v)).collect(),
        positions,
        edges,
        class,
        classes,
        labels,
        names: nodes.iter().map(|&v| names.show(v)).collect(),
        edge_opacity: 0.2,
    }
}

/// The report's picture section: the chart as PNG and SVG.
pub(super) fn picture_section(
    doc: &mut Document,
    network: &Network,
    names: &Names,
    ego: u32,
    key: &EgoConnectors,
) -> anyhow::Result<NetworkChart> {
    let chart = network_chart(network, Some(ego), Some(key));
    doc.heading("Who sits where");
    doc.para(format!(
        "The network as a picture: people close together are linked by many short paths. Colour says how far each person is from {}; the labelled people are {}'s key connectors from the table above. People at the edge of the picture are those a new connection could bring closer.",
        names.show(ego),
        names.show(ego)
    ));
    doc.chart(
        "network.png",
        &chart,
        "the network, coloured by distance from the ego (hover over a person for the name)",
        &["network.svg"],
    )?;
    let (w, h) = super::CHART_SIZE;
    doc.inline_last_figure(chart.hover_svg(w as i32, h as i32));
    let svg = crate::plot::render(&chart, ImageFormat::Svg, w, h)
        .map_err(|e| anyhow::anyhow!("network.svg: {e}"))?;
    doc.attach("network.svg", svg);
    Ok(chart)
}

/// Communities coloured in the second picture; smaller ones are grey.
const COMMUNITY_COLOURS: usize = 6;

/// The picture `by_distance` ([`network_chart`] for `ego`: same people, same layout, no second
/// layout run) coloured by community instead of distance, only the ego labelled: `described`
/// names the largest communities by their top company.
pub fn community_chart(
    by_distance: &NetworkChart,
    network: &Network,
    ego: u32,
    membership: &[u32],
    described: &[crate::community::Described],
) -> NetworkChart {
    let mut chart = by_distance.clone();
    // The ego's label comes first.
    chart.labels.truncate(1);
    let (nodes, what) = picture_nodes(network, Some(ego));
    chart.class = nodes
        .iter()
        .map(|&v| (membership[v as usize] as usize).min(COMMUNITY_COLOURS))
        .collect();
    chart.classes = (0..COMMUNITY_COLOURS)
        .map(|c| {
            let company = described
                .get(c)
                .and_then(|d| d.top_companies.first())
                .map_or(String::new(), |(name, _)| format!(": most at {name}"));
            (format!("circle {c}{company}"), rgb(PALETTE[c]))
        })
        .chain(std::iter::once(("smaller circles".to_string(), GREY)))
        .collect();
    chart.title = "Your circles".into();
    chart.note =
        format!("{what}; the same layout; colour: circle (Leiden communities); size: connections");
    chart
}
