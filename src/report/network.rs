//! The network report: a merged network or a plain graph, about one ego (two on a plain
//! graph). Each section is one function that reads results computed once.

use super::charts;
use super::tables::{self, QUALITY_HEADER};
use super::{Document, Options, hops};
use crate::audit::{ARTICLE, AT_LEAST, TOO_MANY};
use crate::connectors::{self, EgoConnectors};
use crate::graph::{Names, Network};
use crate::reach::{self, EgoReach, Everyone};
use crate::render::thousands;
use crate::stats;
use crate::whatif::{self, GrowthCurves};

/// Rows of the key-connectors table.
pub const CONNECTOR_ROWS: usize = 20;
/// Picks of the next-best-connections section.
pub const RECOMMEND_PICKS: usize = 10;

/// Bytes the network report needs at most at once on a graph of `n` nodes and `arcs` arcs:
/// everyone's reach, the growth curves' sweeps or the ego's key connectors, whichever is
/// largest. The caller checks it against the memory limit before building the report.
pub fn memory_bytes(n: usize, arcs: usize, threads: usize) -> u64 {
    Everyone::memory_bytes(n, arcs, threads)
        .max(whatif::curve_memory_bytes(n, threads))
        .max(connectors::ego_memory_bytes(n, threads))
}

/// The report about `egos` (the first is the main one) in `network`, with `everyone`'s reach
/// computed once by the caller.
pub fn network_report(
    network: &Network,
    egos: &[u32],
    everyone: &Everyone,
    options: &Options,
) -> anyhow::Result<Document> {
    network_report_with(network, egos, everyone, options, None)
}

/// [`network_report`] with an introductions section when `intro` asks for one.
pub fn network_report_with(
    network: &Network,
    egos: &[u32],
    everyone: &Everyone,
    options: &Options,
    intro: Option<&super::IntroQuestion>,
) -> anyhow::Result<Document> {
    let mut doc = Document::new(format!("netreach report: {}", options.source));
    let ego = egos[0];
    let names = network.names();
    doc.para(format!(
        "This report was made by netreach from {}. Every number is exact unless it says otherwise: reach comes from breadth-first search over the whole network as loaded. Nothing left this machine.",
        super::provenance(options)
    ));
    network_section(&mut doc, network)?;
    reach_section(&mut doc, network, &names, egos, everyone)?;
    let curves = growth_section(&mut doc, network, &names, ego, options.seeds)?;
    timeline_section(&mut doc, network, ego, &curves)?;
    everyone_section(&mut doc, network, &names, everyone, ego)?;
    let key = connectors_section(&mut doc, network, &names, ego)?;
    let picture = super::picture::picture_section(&mut doc, network, &names, ego, &key)?;
    let communities = crate::community::detect(&network.csr, Default::default());
    super::circles::circles_section(&mut doc, network, &names, ego, &communities, &picture)?;
    recommend_section(&mut doc, network, &names, ego)?;
    if let Some(question) = intro.filter(|q| q.is_asked()) {
        super::intro::intro_section(&mut doc, network, ego, question)?;
    }
    if network.exporters().len() > 1 {
        super::intro::overlap_section(&mut doc, network)?;
    }
    doc.heading("What these numbers are not");
    doc.para("Visibility and reach here are structural measures: who is within one, two or three hops in the loaded network. They do not predict LinkedIn's search rank, and a network built from exports shows only the exporters' own connections, so 2nd- and 3rd-degree reach is a lower bound of what LinkedIn itself would show.");
    Ok(doc)
}

fn network_section(doc: &mut Document, network: &Network) -> anyhow::Result<()> {
    let summary = stats::summarize(network, 10);
    doc.heading("The network");
    doc.para("People are the nodes; a connection is an undirected link between two people (duplicates merged, self-links dropped). A component is a group of people linked to each other by some path.");
    doc.table(&["measure", "value"], &tables::summary_rows(&summary));
    doc.json("summary.json", "stats", &summary)
}

fn reach_rows(e: &EgoReach) -> Vec<Vec<String>> {
    e.rings
        .iter()
        .map(|r| {
            vec![
                hops(r.k),
                thousands(r.count),
                thousands(r.reach),
                format!("{:.1}%", 100.0 * r.reach_share),
            ]
        })
        .collect()
}

fn reach_section(
    doc: &mut Document,
    network: &Network,
    names: &Names,
    egos: &[u32],
    everyone: &Everyone,
) -> anyhow::Result<()> {
    doc.heading(format!("Reach of {}", names.show(egos[0])));
    doc.para("The 1st-degree contacts are the direct connections, the 2nd-degree contacts the people reached through one contact (not already direct), the 3rd-degree contacts those reached through two. Reach within k hops adds them up, and the share is of everyone else in the network.");
    let mut reaches = Vec::new();
    for &e in egos {
        let mut er = reach::ego_reach(network, e, 3);
        let standing = reach::percentiles(network, e, everyone);
        if egos.len() > 1 {
            doc.para(format!(
                "{} ({} connections):",
                names.show(e),
                thousands(network.csr.degree(e) as u64)
            ));
        }
        let header = [
            "distance",
            "people at exactly that distance",
            "people within it",
            "share of the network",
        ];
        doc.table(&header, &reach_rows(&er));
        doc.para(standing.sentence());
        er.percentile = Some(standing);
        reaches.push(er);
    }
    doc.json("reach.json", "reach", &reaches)
}

fn growth_section(
    doc: &mut Document,
    network: &Network,
    names: &Names,
    ego: u32,
    seeds: usize,
) -> anyhow::Result<GrowthCurves> {
    let who = names.show(ego);
    doc.heading("How each extra connection changes reach");
    let (curves, chart) = charts::growth(network, ego, seeds);
    doc.para(format!(
        "The lines show how many people {who} would reach within three hops after adding the first 1, 2, 3, … of their {} contacts, in different orders. The vertical lines mark {AT_LEAST}, 150 and {TOO_MANY} contacts: the article behind netreach ({ARTICLE}) calls at least {AT_LEAST} contacts good and {TOO_MANY} too many for most of us. Circles mark each order's knee: {}.",
        thousands(curves.contacts as u64),
        curves.knee_rule
    ));
    doc.chart(
        "growth.png",
        &chart,
        "reach within 3 hops against the number of contacts, by order",
        &["growth.csv", "growth.json"],
    )?;
    doc.csv("growth.csv", &tables::csv_rows(&curves))?;
    doc.json("growth.json", "curve", &curves)?;
    if let Some(first) = curves.quality.first() {
        doc.para(format!(
            "Quality versus quantity: {} contacts chosen three ways, and how many people each choice reaches within 3 hops.",
            first.k
        ));
        doc.table(&QUALITY_HEADER, &tables::quality_rows(&curves));
    }
    for note in &curves.notes {
        doc.para(format!("Note: {note}."));
    }
    Ok(curves)
}

fn timeline_section(
    doc: &mut Document,
    network: &Network,
    ego: u32,
    curves: &GrowthCurves,
) -> anyhow::Result<()> {
    let Some(timeline) = charts::timeline(network, ego, curves) else {
        return Ok(());
    };
    doc.heading("Reach over time");
    doc.para(format!("The same growth in calendar time: reach within three hops as the connections were made (Connected On dates), with {AT_LEAST}, 150 and {TOO_MANY} contacts marked."));
    doc.chart(
        "timeline.png",
        &timeline,
        "reach within 3 hops over time, by Connected On",
        &["growth.csv"],
    )
}

fn everyone_section(
    doc: &mut Document,
    network: &Network,
    names: &Names,
    everyone: &Everyone,
    ego: u32,
) -> anyhow::Result<()> {
    doc.heading("Everyone's reach");
    doc.para(format!(
        "The same measures for every person ({}), so that {}'s numbers can be read against the whole network.",
        everyone.describe(),
        names.show(ego)
    ));
    doc.chart(
        "reach-distribution.png",
        &charts::reach_distribution(network, everyone, Some(ego)),
        "how many people have each number of 2nd- and 3rd-degree contacts",
        &["reach_all.csv"],
    )?;
    doc.chart(
        "reach-vs-degree.png",
        &charts::reach_vs_degree(network, everyone, Some(ego)),
        "reach within 3 hops against number of connections, for everyone",
        &["reach_all.csv"],
    )?;
    doc.chart(
        "degree.png",
        &charts::degree(network, Some(ego)),
        "how many people have each number of connections",
        &["degree.csv"],
    )?;
    doc.csv("reach_all.csv", &everyone_rows(network, everyone))?;
    let mut degree_rows = vec![vec!["degree".to_string(), "people".into()]];
    degree_rows.extend(
        charts::degree_counts(network)
            .into_iter()
            .map(|(d, c)| vec![d.to_string(), c.to_string()]),
    );
    doc.csv("degree.csv", &degree_rows)
}

/// `reach_all.csv`: one row per person (estimates where `everyone` says so).
fn everyone_rows(network: &Network, everyone: &Everyone) -> Vec<Vec<String>> {
    let mut rows = vec![
        ["node_id", "name", "degree", "n1", "n2", "n3", "reach_3"]
            .map(String::from)
            .to_vec(),
    ];
    for (v, ring) in everyone.rings.iter().enumerate() {
        let v = v as u32;
        rows.push(vec![
            network.labels.get(v),
            network.people.name(v).unwrap_or_default().to_string(),
            network.csr.degree(v).to_string(),
            ring[0].to_string(),
            ring[1].to_string(),
            ring[2].to_string(),
            ring.iter().sum::<u64>().to_string(),
        ]);
    }
    rows
}

fn connectors_section(
    doc: &mut Document,
    network: &Network,
    names: &Names,
    ego: u32,
) -> anyhow::Result<EgoConnectors> {
    let who = names.show(ego);
    doc.heading("Key connectors");
    let (conn, chart) = charts::connector_bars(network, ego);
    if conn.carriers().next().is_none() {
        doc.para(tables::no_carrier_sentence(&conn, &who));
        if let (Some(b), Some(chart)) = (&conn.bridges, chart) {
            doc.chart(
                "connectors.png",
                &chart,
                "reach lost without the contacts shared with other exports, together",
                &["connectors.csv"],
            )?;
            doc.table(
                &tables::BRIDGE_HEADER,
                &tables::bridge_rows(b, names, CONNECTOR_ROWS),
            );
        }
        doc.csv("connectors.csv", &tables::contact_rows(&conn))?;
        return Ok(conn);
    }
    doc.para(format!("Which of {who}'s contacts carry the reach. A contact's exclusive people are those reached only through that contact; the loss is how much reach within 2 and 3 hops would drop if the connection went (distances recomputed). Contacts are ordered by the reach they carry (loss within 2 hops plus loss within 3 hops, then exclusive people); the table shows the top {CONNECTOR_ROWS} of those who carry more than themselves."));
    if let Some(chart) = chart {
        doc.chart(
            "connectors.png",
            &chart,
            "exclusive people and loss of reach for the contacts who carry most",
            &["connectors.csv"],
        )?;
    }
    let header = [
        "contact",
        "company",
        "position",
        "connections",
        "exclusive 2nd-degree",
        "exclusive 3rd-degree",
        "loss within 2 hops",
        "loss within 3 hops",
    ];
    doc.table(
        &header,
        &tables::connector_rows(&conn, names, CONNECTOR_ROWS),
    );
    if conn
        .carriers()
        .take(CONNECTOR_ROWS)
        .any(|c| c.person.exporter)
    {
        doc.para(tables::EXPORTER_BIAS);
    }
    doc.csv("connectors.csv", &tables::contact_rows(&conn))?;
    Ok(conn)
}

fn recommend_section(
    doc: &mut Document,
    network: &Network,
    names: &Names,
    ego: u32,
) -> anyhow::Result<()> {
    let who = names.show(ego);
    doc.heading("Next best connections");
    let (rec, chart) = charts::gain_bars(network, ego, RECOMMEND_PICKS);
    let Some(chart) = chart else {
        doc.para(format!("No new connection with a 2nd-degree contact would bring anyone new within three hops of {who}: everyone such a connection could bring is already within three hops."));
        return doc.csv("recommend.csv", &tables::recommend_rows(&rec.picks));
    };
    doc.para(format!("People {who} is not yet connected to but shares a contact with (2nd-degree contacts), chosen greedily as a set: each bar is how many more people would come within three hops with that connection, after the ones above it (exact counts, lazy greedy evaluation)."));
    doc.chart(
        "recommend.png",
        &chart,
        "people gained within 3 hops per recommended connection",
        &["recommend.csv"],
    )?;
    doc.table(&tables::PICK_HEADER, &tables::pick_rows(&rec.picks, names));
    if rec.left_out > 0 {
        doc.para(format!(
            "{} left out: their networks are loaded whole and everyone else's only through them, so they would look best by construction.",
            crate::render::count(rec.left_out as u64, "fellow exporter is", "fellow exporters are")
        ));
    }
    doc.para(format!(
        "With {}, {who} would reach {} people within three hops instead of {}.",
        match rec.picks.len() {
            1 => "this connection".to_string(),
            n => format!("all {n} connections"),
        },
        thousands(rec.after),
        thousands(rec.before)
    ));
    doc.csv("recommend.csv", &tables::recommend_rows(&rec.picks))
}
