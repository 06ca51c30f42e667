//! `netreach connectors`.

use clap::{Args, ValueEnum};
use netreach::connectors::{
    self, BetweennessMethod, BetweennessMode, EgoConnectors, NetworkConnectors,
};
use netreach::graph::Network;
use serde::Serialize;

use netreach::report::tables::{
    BRIDGE_HEADER, CONTACT_MEASURES, bridge_rows, connector_rows, contact_rows, no_carrier_sentence,
};

use super::render::{self, Format, thousands};
use super::{IoArgs, OutputArgs};

/// Arguments of `connectors`.
#[derive(Debug, Args)]
#[command(after_help = KEY_HELP)]
pub struct ConnectorsArgs {
    #[command(flatten)]
    pub(super) io: IoArgs,
    /// For each contact of this person: exclusive degree-2 and degree-3 reach and the loss of
    /// reach_2 / reach_3 if the connection were removed; plus the ego's Burt measures
    /// (default: --owner, else the owner of a single export or archive, unless --all is
    /// given).
    #[arg(long, value_name = "ID|NAME|URL", conflicts_with = "all")]
    ego: Option<String>,
    /// Network-wide measures for every person: betweenness, Burt's constraint and effective
    /// size, core number, articulation points, bridges, and the combined key score.
    #[arg(long)]
    all: bool,
    /// With --all: the measure that orders the output (CSV and JSON rows, table).
    #[arg(long, value_enum, default_value_t = By::Key, requires = "all")]
    by: By,
    /// With --all: sampled betweenness (Riondato–Kornaropoulos) instead of exact Brandes;
    /// every normalised score is within --epsilon of the exact one with probability
    /// 1 − --delta.
    #[arg(long, requires = "all")]
    sampled: bool,
    /// Additive error of sampled betweenness (normalised scale).
    #[arg(long, default_value_t = 0.01, requires = "sampled", value_parser = parse_unit)]
    epsilon: f64,
    /// Failure probability of sampled betweenness.
    #[arg(long, default_value_t = 0.1, requires = "sampled", value_parser = parse_unit)]
    delta: f64,
    /// Seed of the sampler.
    #[arg(long, default_value_t = 1, requires = "sampled")]
    seed: u64,
    /// Rows in the table, 0 for all (CSV and JSON hold everyone).
    #[arg(long, default_value = "20", value_parser = super::parse_top)]
    top: usize,
}

const KEY_HELP: &str = "Key score (--by key): the mean of four percentile ranks among all \
people — betweenness (high), effective size (high), constraint (low) and the participation \
coefficient in the Leiden communities (high: contacts spread over many circles) — plus 0.25 \
for an articulation point, divided by 1.25, so it lies in [0, 1]. Ranks make measures of \
different scales comparable; the bonus marks people whose absence splits the network.";

pub(crate) fn parse_unit(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x > 0.0 && x < 1.0 => Ok(x),
        _ => Err(format!("'{s}' must be a number strictly between 0 and 1")),
    }
}

/// `--by`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum By {
    /// The combined key score (see below).
    Key,
    /// Betweenness.
    Betweenness,
    /// Burt's constraint (lowest first).
    Constraint,
    /// Burt's effective size.
    EffectiveSize,
    /// The participation coefficient in the communities.
    Participation,
    /// Core number.
    CoreNumber,
    /// Node order (original labels).
    Node,
}

pub fn run(args: ConnectorsArgs) -> anyhow::Result<()> {
    let network = args.io.input.load()?;
    if !args.all {
        let id = args.io.input.ego(&network, args.ego.as_deref())?;
        netreach::memory::ensure(
            connectors::ego_memory_bytes(network.node_count(), rayon::current_num_threads()),
            format_args!("the key connectors of one person"),
        )?;
        let result = connectors::ego_connectors(&network, id);
        let note = network
            .is_single_export()
            .then_some(netreach::audit::ONE_EXPORT);
        let who = network.names().show(id);
        return ego_output(&network, &who, &result, args.top, &args.io.output, note);
    }
    let mode = if args.sampled {
        netreach::memory::ensure(
            connectors::sampled_memory_bytes(&network.csr, rayon::current_num_threads()),
            "sampled betweenness",
        )?;
        BetweennessMode::Sampled {
            epsilon: args.epsilon,
            delta: args.delta,
            seed: args.seed,
        }
    } else {
        netreach::memory::ensure(
            connectors::betweenness_memory_bytes(&network.csr, rayon::current_num_threads()),
            "exact betweenness",
        )?;
        BetweennessMode::Exact
    };
    let result =
        connectors::network_connectors_progress(&network.csr, mode, &super::progress::Bar::new());
    network_output(&network, &result, args.by, args.top, &args.io.output)
}

fn opt(x: &Option<String>) -> String {
    x.clone().unwrap_or_default()
}

fn ego_output(
    network: &Network,
    who: &str,
    r: &EgoConnectors,
    top: usize,
    out: &OutputArgs,
    note: Option<&str>,
) -> anyhow::Result<()> {
    let doc = render::json_document("connectors", r)?;
    let rows = contact_rows(r);
    render::emit(&out.output, |w| match out.format() {
        Format::Json => render::write_json(w, &doc),
        Format::Csv => render::write_csv(w, &rows),
        Format::Table => {
            if let Some(note) = note {
                // Every contact's exclusive reach is 0 in one export: not a finding.
                writeln!(w, "{note}\n")?;
            }
            ego_table(w, network, who, r, top)
        }
    })
}

/// The human table of `connectors --ego`: the ego's rings and Burt measures, then the first
/// `top` contacts by name.
fn ego_table(
    w: &mut dyn std::io::Write,
    network: &Network,
    who: &str,
    r: &EgoConnectors,
    top: usize,
) -> std::io::Result<()> {
    writeln!(
        w,
        "{}",
        render::terminal_safe(&format!(
            "Key connectors of {who}: n1 {} / n2 {} / n3 {} (those who carry the reach first: loss_2 + loss_3, then exclusive reach)",
            thousands(r.rings[0]),
            thousands(r.rings[1]),
            thousands(r.rings[2])
        ))
    )?;
    if let Some(b) = r.burt {
        writeln!(
            w,
            "Burt: effective size {:.2}, constraint {:.4} (lower constraint = more brokerage)",
            b.effective_size, b.constraint
        )?;
    }
    writeln!(
        w,
        "exclusive_k: people at distance k reached only through that contact; loss_k: drop of reach_k without the connection"
    )?;
    let header: Vec<&str> = ["contact", "company", "position"]
        .into_iter()
        .chain(CONTACT_MEASURES)
        .collect();
    let names = network.names();
    let carriers = r.carriers().count();
    if carriers == 0 {
        writeln!(w, "{}", no_carrier_sentence(r, who))?;
        if let Some(b) = &r.bridges {
            let rows = bridge_rows(b, &names, top);
            writeln!(w, "{}", render::table(&BRIDGE_HEADER, &rows))?;
            render::more(w, top, b.contacts.len(), "shared contacts")?;
        }
        return Ok(());
    }
    let rows = connector_rows(r, &names, top);
    writeln!(w, "{}", render::table(&header, &rows))?;
    render::more(w, top, carriers, "contacts who carry others")?;
    if r.carriers().take(top).any(|c| c.person.exporter) {
        writeln!(w, "{}", netreach::report::tables::EXPORTER_BIAS)?;
    }
    let only_themselves = r.contacts.len() - carriers;
    if only_themselves > 0 {
        writeln!(
            w,
            "The other {} carry only themselves (CSV and JSON list every contact).",
            render::count(only_themselves as u64, "contact", "contacts")
        )?;
    }
    Ok(())
}

/// One row of the network table (JSON keys in sorted order, as every document's are).
#[derive(Serialize)]
struct NodeRow {
    /// Node id (not serialised; the JSON names people by label).
    #[serde(skip)]
    id: u32,
    betweenness: f64,
    betweenness_raw: f64,
    constraint: Option<f64>,
    core_number: u32,
    effective_size: Option<f64>,
    exporter: bool,
    is_articulation: bool,
    key_score: f64,
    name: Option<String>,
    node_id: netreach::graph::NodeId,
    participation: f64,
}

/// The document of `connectors --all`, written straight to the output (no JSON tree of every
/// row in memory); fields sorted as `render::json_document` would sort them.
#[derive(Serialize)]
struct NetworkDoc {
    articulation_points: usize,
    betweenness_method: serde_json::Value,
    bridges: Vec<(String, String)>,
    by: String,
    command: &'static str,
    rows: Vec<NodeRow>,
    schema_version: u32,
}

/// How betweenness was computed, in words.
fn method_words(method: &BetweennessMethod) -> String {
    match method {
        BetweennessMethod::Exact => "betweenness exact (Brandes)".to_string(),
        BetweennessMethod::Sampled {
            epsilon,
            delta,
            samples,
            max_samples,
            ..
        } => format!(
            "betweenness sampled: within ±{epsilon} of exact with probability ≥ {:.0}% ({} shortest paths sampled, {})",
            100.0 * (1.0 - delta),
            thousands(*samples),
            if samples < max_samples {
                format!(
                    "stopped at a planned check; at most {}",
                    thousands(*max_samples)
                )
            } else {
                "the full Riondato–Kornaropoulos size".to_string()
            }
        ),
    }
}

fn order_by(r: &NetworkConnectors, by: By) -> Vec<usize> {
    let n = r.core_number.len();
    let mut order: Vec<usize> = (0..n).collect();
    let desc = |v: &dyn Fn(usize) -> f64| {
        let mut o: Vec<usize> = (0..n).collect();
        o.sort_by(|&a, &b| v(b).total_cmp(&v(a)).then(a.cmp(&b)));
        o
    };
    match by {
        By::Node => {}
        By::Key => order = desc(&|i| r.key_score[i]),
        By::Betweenness => order = desc(&|i| r.betweenness.normalised[i]),
        By::EffectiveSize => {
            order = desc(&|i| r.burt[i].map_or(f64::NEG_INFINITY, |b| b.effective_size))
        }
        By::Constraint => order = desc(&|i| r.burt[i].map_or(f64::NEG_INFINITY, |b| -b.constraint)),
        By::CoreNumber => order = desc(&|i| r.core_number[i] as f64),
        By::Participation => order = desc(&|i| r.participation[i]),
    }
    order
}

fn float(x: f64) -> String {
    format!("{x}")
}

fn network_output(
    network: &Network,
    r: &NetworkConnectors,
    by: By,
    top: usize,
    out: &OutputArgs,
) -> anyhow::Result<()> {
    let doc = NetworkDoc {
        articulation_points: r.is_articulation.iter().filter(|&&a| a).count(),
        betweenness_method: serde_json::to_value(&r.betweenness.method)?,
        bridges: r
            .bridges
            .iter()
            .map(|&(u, v)| (network.labels.get(u), network.labels.get(v)))
            .collect(),
        by: format!("{by:?}").to_lowercase(),
        command: "connectors",
        rows: node_rows(network, r, &order_by(r, by)),
        schema_version: render::SCHEMA_VERSION,
    };
    match out.format() {
        Format::Json => render::emit(&out.output, |w| {
            serde_json::to_writer_pretty(&mut *w, &doc)?;
            w.write_all(b"\n")
        }),
        Format::Csv => render::emit(&out.output, |w| {
            // Row by row: no table of every cell in memory.
            let mut csv = csv::Writer::from_writer(w);
            csv.write_record(NETWORK_CSV_HEADER)?;
            for row in &doc.rows {
                csv.write_record(csv_cells(row).iter().map(|c| render::csv_safe(c)))?;
            }
            csv.flush()
        }),
        Format::Table => render::emit(&out.output, |w| network_table(w, network, r, &doc, top)),
    }
}

/// One row per person, in `order`.
fn node_rows(network: &Network, r: &NetworkConnectors, order: &[usize]) -> Vec<NodeRow> {
    let exporters = network.exporters();
    order
        .iter()
        .map(|&i| {
            let id = i as u32;
            NodeRow {
                id,
                node_id: network.labels.id(id),
                name: network.people.name(id).map(str::to_string),
                betweenness: r.betweenness.normalised[i],
                betweenness_raw: r.betweenness.raw[i],
                constraint: r.burt[i].map(|b| b.constraint),
                effective_size: r.burt[i].map(|b| b.effective_size),
                core_number: r.core_number[i],
                is_articulation: r.is_articulation[i],
                key_score: r.key_score[i],
                participation: r.participation[i],
                exporter: exporters.binary_search(&id).is_ok(),
            }
        })
        .collect()
}

const NETWORK_CSV_HEADER: [&str; 11] = [
    "node_id",
    "name",
    "betweenness",
    "betweenness_raw",
    "constraint",
    "effective_size",
    "participation",
    "core_number",
    "is_articulation",
    "key_score",
    "exporter",
];

fn csv_cells(row: &NodeRow) -> Vec<String> {
    vec![
        row.node_id.to_string(),
        opt(&row.name),
        float(row.betweenness),
        float(row.betweenness_raw),
        row.constraint.map(float).unwrap_or_default(),
        row.effective_size.map(float).unwrap_or_default(),
        float(row.participation),
        row.core_number.to_string(),
        u8::from(row.is_articulation).to_string(),
        float(row.key_score),
        u8::from(row.exporter).to_string(),
    ]
}

/// The human table of `connectors --all`: the first `top` people, named by the naming rule.
fn network_table(
    w: &mut dyn std::io::Write,
    network: &Network,
    r: &NetworkConnectors,
    doc: &NetworkDoc,
    top: usize,
) -> std::io::Result<()> {
    let method = method_words(&r.betweenness.method);
    writeln!(w, "Key connectors of the network, by {} ({method})", doc.by)?;
    writeln!(
        w,
        "{} articulation points, {} bridges",
        thousands(doc.articulation_points as u64),
        thousands(doc.bridges.len() as u64)
    )?;
    let names = network.names();
    let body: Vec<Vec<String>> = doc
        .rows
        .iter()
        .take(top)
        .map(|row| {
            vec![
                netreach::report::tables::marked(names.show(row.id), row.exporter),
                format!("{:.5}", row.betweenness),
                row.constraint.map_or(String::new(), |c| format!("{c:.4}")),
                row.effective_size
                    .map_or(String::new(), |e| format!("{e:.2}")),
                format!("{:.3}", row.participation),
                row.core_number.to_string(),
                if row.is_articulation { "yes" } else { "" }.to_string(),
                format!("{:.3}", row.key_score),
            ]
        })
        .collect();
    let header = [
        "person",
        "betweenness",
        "constraint",
        "effective size",
        "participation",
        "core",
        "articulation",
        "key score",
    ];
    writeln!(w, "{}", render::table(&header, &body))?;
    render::more(w, top, doc.rows.len(), "people")?;
    if doc.rows.iter().take(top).any(|r| r.exporter) {
        writeln!(w, "{}", netreach::report::tables::EXPORTER_BIAS)?;
    }
    Ok(())
}
