//! The report's "Your circles": the Leiden communities of the network, the ones the ego's
//! contacts fall into, the contact who leads to each of the others, and the picture coloured by
//! community.

use super::Document;
use crate::community::{self, Communities};
use crate::graph::{Names, Network};
use crate::render::thousands;

/// Circles listed in the table.
const CIRCLE_ROWS: usize = 10;

/// "Your circles": the communities, the ego's place in them, and `picture` (the network
/// picture) coloured by community.
pub(super) fn circles_section(
    doc: &mut Document,
    network: &Network,
    names: &Names,
    ego: u32,
    communities: &Communities,
    picture: &crate::plot::NetworkChart,
) -> anyhow::Result<()> {
    let circles = community::circles(&network.csr, &communities.membership, ego);
    let described = community::describe(network, communities, CIRCLE_ROWS);
    let with_contacts = circles.iter().filter(|c| c.contacts > 0).count();
    doc.heading("Your circles");
    doc.para(format!(
        "The network falls into {} (Leiden, modularity {:.3}: groups with many more connections inside than between them; every circle is connected). {}'s contacts are in {}{}. For each circle: its size, {}'s contacts in it, and for the others the contact who leads there on a shortest path.",
        crate::render::count(communities.sizes.len() as u64, "circle", "circles"),
        communities.modularity,
        names.show(ego),
        crate::render::count(with_contacts as u64, "circle", "circles"),
        if with_contacts > 1 { ", which they bridge" } else { "" },
        names.show(ego),
    ));
    let rows = circle_rows(&circles, &described, names);
    let header = [
        "circle",
        "people",
        "most common company",
        "your contacts",
        "hops",
        "through",
    ];
    doc.table(&header, &rows);
    let chart =
        super::picture::community_chart(picture, network, ego, &communities.membership, &described);
    doc.chart(
        "circles.png",
        &chart,
        "the network coloured by community (hover over a person for the name)",
        &["circles.json"],
    )?;
    let (w, h) = super::CHART_SIZE;
    doc.inline_last_figure(chart.hover_svg(w as i32, h as i32));
    doc.json(
        "circles.json",
        "communities",
        &serde_json::json!({ "communities": communities, "circles": circles, "largest": described }),
    )
}

/// The first [`CIRCLE_ROWS`] circles as table rows.
fn circle_rows(
    circles: &[community::Circle],
    described: &[community::Described],
    names: &Names,
) -> Vec<Vec<String>> {
    circles
        .iter()
        .take(CIRCLE_ROWS)
        .map(|c| {
            let about = described
                .get(c.community as usize)
                .and_then(|d| d.top_companies.first())
                .map_or(String::new(), |(name, n)| {
                    format!("{name} ({})", thousands(*n))
                });
            vec![
                format!("{}{}", c.community, if c.own { " (yours)" } else { "" }),
                thousands(c.size as u64),
                about,
                thousands(c.contacts as u64),
                c.distance.map_or("not reached".into(), |d| d.to_string()),
                c.via.map(|v| names.show(v)).unwrap_or_default(),
            ]
        })
        .collect()
}
