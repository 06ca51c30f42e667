//! `netreach communities`: Leiden communities of the network, or the circles of one person.

use anyhow::bail;
use clap::Args;
use netreach::community::{self, Circle, Communities, Described};
use netreach::graph::Network;
use serde::Serialize;

use super::IoArgs;
use super::render::{self, Format, thousands};

/// Arguments of `communities`.
#[derive(Debug, Args)]
pub struct CommunitiesArgs {
    #[command(flatten)]
    pub(super) io: IoArgs,
    /// The circles of this person: how many of their contacts fall in each community, and for
    /// the others, the contact who leads there (CSV: one row per circle).
    #[arg(long, value_name = "ID|NAME|URL")]
    ego: Option<String>,
    /// Modularity resolution γ: above 1 more, smaller communities; below 1 fewer, larger ones.
    #[arg(long, default_value_t = 1.0, value_parser = parse_resolution)]
    resolution: f64,
    /// Seed of Leiden's random orders: the same seed gives the same communities for any
    /// thread count; another seed another (equally valid) answer.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Communities (or circles) in the table, 0 for all.
    #[arg(long, default_value = "10", value_parser = super::parse_top)]
    top: usize,
}

fn parse_resolution(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 => Ok(r),
        _ => Err(format!("'{s}' is not a positive number")),
    }
}

#[derive(Serialize)]
struct CommunitiesDoc<'a> {
    #[serde(flatten)]
    communities: &'a Communities,
    count: usize,
    largest: Vec<Described>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ego: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    circles: Option<Vec<CircleRow>>,
    /// Every person's community (JSON only: a value per person is not made for the table).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    membership: Vec<serde_json::Value>,
}

/// A circle with its contact by name.
#[derive(Serialize)]
struct CircleRow {
    #[serde(flatten)]
    circle: Circle,
    via_name: Option<String>,
}

/// Runs Leiden on the loaded network after checking memory.
pub(super) fn detect(network: &Network, resolution: f64, seed: u64) -> anyhow::Result<Communities> {
    netreach::memory::ensure(
        community::memory_bytes(network.node_count(), network.csr.edge_count()),
        "communities",
    )?;
    Ok(community::detect(
        &network.csr,
        community::Options { resolution, seed },
    ))
}

pub fn run(args: CommunitiesArgs) -> anyhow::Result<()> {
    let network = args.io.input.load()?;
    if network.node_count() == 0 {
        bail!("{}: no people", args.io.input.input.display());
    }
    let communities = detect(&network, args.resolution, args.seed)?;
    let ego = match &args.ego {
        Some(e) => Some(network.resolve(e)?),
        None => None,
    };
    let names = network.names();
    let circles = ego.map(|e| {
        community::circles(&network.csr, &communities.membership, e)
            .into_iter()
            .map(|circle| CircleRow {
                via_name: circle.via.map(|v| names.show(v)),
                circle,
            })
            .collect::<Vec<_>>()
    });
    let doc = CommunitiesDoc {
        communities: &communities,
        count: communities.sizes.len(),
        largest: community::describe(&network, &communities, args.top.max(10)),
        ego: ego.map(|e| network.display_name(e)),
        circles,
        membership: match args.io.output.format() {
            Format::Json => membership_values(&network, &communities),
            _ => Vec::new(),
        },
    };
    let json = render::json_document("communities", &doc)?;
    render::emit(&args.io.output.output, |w| match args.io.output.format() {
        Format::Json => render::write_json(w, &json),
        Format::Csv => match &doc.circles {
            Some(circles) => render::write_csv(w, &circle_rows(circles)),
            None => render::write_csv(w, &membership_rows(&network, &communities)),
        },
        Format::Table => write_table(w, &doc, args.top),
    })
}

fn membership_values(network: &Network, c: &Communities) -> Vec<serde_json::Value> {
    c.membership
        .iter()
        .enumerate()
        .map(
            |(v, &k)| serde_json::json!({ "node_id": network.labels.id(v as u32), "community": k }),
        )
        .collect()
}

fn membership_rows(network: &Network, c: &Communities) -> Vec<Vec<String>> {
    let mut rows = vec![vec!["node_id".to_string(), "community".to_string()]];
    rows.extend(
        c.membership
            .iter()
            .enumerate()
            .map(|(v, &k)| vec![network.labels.get(v as u32), k.to_string()]),
    );
    rows
}

fn circle_rows(circles: &[CircleRow]) -> Vec<Vec<String>> {
    let header = ["community", "size", "contacts", "own", "distance", "via"];
    let mut rows = vec![header.map(String::from).to_vec()];
    for r in circles {
        let c = &r.circle;
        rows.push(vec![
            c.community.to_string(),
            c.size.to_string(),
            c.contacts.to_string(),
            c.own.to_string(),
            c.distance.map(|d| d.to_string()).unwrap_or_default(),
            r.via_name.clone().unwrap_or_default(),
        ]);
    }
    rows
}

/// "Initech AB (41), Stark AB (12)".
fn counted(values: &[(String, u64)], shown: usize) -> String {
    let parts: Vec<String> = values
        .iter()
        .take(shown)
        .map(|(v, n)| format!("{v} ({})", thousands(*n)))
        .collect();
    parts.join(", ")
}

fn write_table(
    w: &mut dyn std::io::Write,
    doc: &CommunitiesDoc,
    top: usize,
) -> std::io::Result<()> {
    let c = doc.communities;
    let people: usize = c.sizes.iter().sum();
    writeln!(
        w,
        "{} (Leiden, resolution {}, seed {}; every community connected): modularity {:.4}.",
        render::count(doc.count as u64, "community", "communities"),
        c.resolution,
        c.seed,
        c.modularity
    )?;
    let rows: Vec<Vec<String>> = doc
        .largest
        .iter()
        .take(top)
        .map(|d| {
            vec![
                d.community.to_string(),
                thousands(d.size as u64),
                format!("{:.1}%", 100.0 * d.size as f64 / people.max(1) as f64),
                counted(&d.top_companies, 3),
                counted(&d.top_positions, 3),
            ]
        })
        .collect();
    let header = [
        "community",
        "people",
        "share",
        "top companies",
        "top positions",
    ];
    writeln!(w, "{}", render::table(&header, &rows))?;
    render::more(w, top, doc.count, "communities")?;
    if let (Some(ego), Some(circles)) = (&doc.ego, &doc.circles) {
        circles_table(w, ego, circles, top)?;
    }
    Ok(())
}

fn circles_table(
    w: &mut dyn std::io::Write,
    ego: &str,
    circles: &[CircleRow],
    top: usize,
) -> std::io::Result<()> {
    let with_contacts = circles.iter().filter(|r| r.circle.contacts > 0).count();
    writeln!(
        w,
        "\nThe circles of {}: contacts in {} ({}), and the contact who leads to each of the others.",
        render::terminal_safe(ego),
        render::count(with_contacts as u64, "circle", "circles"),
        if with_contacts > 1 {
            "a bridge between them"
        } else {
            "all in one"
        }
    )?;
    let rows: Vec<Vec<String>> = circles
        .iter()
        .take(top)
        .map(|r| {
            let c = &r.circle;
            vec![
                format!("{}{}", c.community, if c.own { " (yours)" } else { "" }),
                thousands(c.size as u64),
                thousands(c.contacts as u64),
                c.distance.map_or("not reached".into(), |d| d.to_string()),
                r.via_name
                    .clone()
                    .map(|n| render::terminal_safe(&n))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let header = ["circle", "people", "your contacts", "hops", "through"];
    writeln!(w, "{}", render::table(&header, &rows))?;
    render::more(w, top, circles.len(), "circles")
}
