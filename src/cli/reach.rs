//! `netreach reach`.

use std::path::Path;

use anyhow::bail;
use clap::Args;
use netreach::graph::{Labels, Network, People};
use netreach::reach::{self, distribution};
use serde::Serialize;

use super::render::{self, Format, thousands};
use super::{IoArgs, OutputArgs};

/// Arguments of `reach`.
#[derive(Debug, Args)]
pub struct ReachArgs {
    #[command(flatten)]
    pub(super) io: IoArgs,
    /// The person whose reach to measure: node id, profile URL or (unique) name (default:
    /// --owner, else the owner of a single export or archive, unless --all or --sources is
    /// given).
    #[arg(long, value_name = "ID|NAME|URL")]
    ego: Option<String>,
    /// Exact n1..n_k for every person (multi-source bit-parallel BFS). CSV columns:
    /// node_id,n1,…,n_k,reach_k, sorted by node.
    #[arg(long, conflicts_with = "ego")]
    all: bool,
    /// Like --all for a subset: a file of node ids (one per line, `#` comments; an unknown id
    /// or an empty list is an error) or a number N ≥ 1 for a seeded random sample of N people.
    #[arg(long, value_name = "FILE|N", conflicts_with_all = ["ego", "all"])]
    sources: Option<String>,
    /// Seed for --sources N and for --approx's hash.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// With --all: approximate n2 and n3 with HyperLogLog counters (HyperBall), for graphs
    /// where exact all-node reach is too expensive; n1 stays exact. Each ball size has a
    /// relative standard error of 1.04/√m; the CSV adds per-node standard errors n2_se, n3_se.
    #[arg(long, requires = "all")]
    approx: bool,
    /// With --approx: 6-bit registers, ten to a 64-bit word, for when memory is the limit
    /// (208 instead of 256 bytes per person at 256 registers; the same estimates, bit for bit;
    /// merges take longer).
    #[arg(long, requires = "approx")]
    packed: bool,
    /// Registers per node for --approx: a power of two from 16 to 65536 (also as 2^b).
    #[arg(long, default_value = "256", value_parser = parse_registers, requires = "approx")]
    registers: u32,
    /// Maximum distance k.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=64))]
    depth: u16,
    /// With one ego: also list the people at exactly this distance, each with the contact
    /// through whom they are reached.
    #[arg(long, value_name = "K", conflicts_with_all = ["all", "sources"], value_parser = clap::value_parser!(u16).range(1..=64))]
    list: Option<u16>,
    /// With --list: rows of the table, 0 for all (CSV and JSON hold everyone).
    #[arg(long, default_value = "20", value_parser = super::parse_top)]
    top: usize,
    /// With one ego: do not rank the reach among others (the ranking needs everyone's reach,
    /// or the exporters'; CSV output never computes it).
    #[arg(long, conflicts_with_all = ["all", "sources"])]
    no_percentile: bool,
    #[command(flatten)]
    cluster: super::cluster::ClusterArgs,
}

pub fn run(args: ReachArgs) -> anyhow::Result<()> {
    if args.cluster.is_set() {
        return cluster_run(&args);
    }
    if let Some(k) = args.list
        && k > args.depth
    {
        // A command-line error (exit 2), like clap's own, found before the input is read.
        return Err(clap::Error::raw(
            clap::error::ErrorKind::ValueValidation,
            format!("--list {k} is beyond --depth {}\n", args.depth),
        )
        .into());
    }
    let network = args.io.input.load()?;
    let depth = args.depth as usize;
    if !args.all && args.sources.is_none() {
        let id = args.io.input.ego(&network, args.ego.as_deref())?;
        let ranked = !args.no_percentile && args.io.output.format() != Format::Csv;
        return ego_command(
            &network,
            id,
            depth,
            EgoOptions {
                list: args.list.map(usize::from),
                ranked,
                top: args.top,
            },
            &args.io.output,
        );
    }
    if args.approx {
        if depth != 3 {
            bail!("--approx computes n1, n2, n3: use --depth 3");
        }
        return approx_command(
            &network,
            args.registers,
            args.seed,
            args.packed,
            &args.io.output,
        );
    }
    let sources: Vec<u32> = match &args.sources {
        None => (0..network.node_count() as u32).collect(),
        Some(spec) => parse_sources(&network, spec, args.seed)?,
    };
    all_command(&network, &sources, depth, &args.io.output)
}

/// `reach --all` (exact or `--approx`) as one process of a cluster.
fn cluster_run(args: &ReachArgs) -> anyhow::Result<()> {
    if !args.all || args.ego.is_some() || args.io.input.owner.is_some() {
        anyhow::bail!(
            "a cluster run computes --all (exact or --approx); --ego, --owner and --sources run on one machine"
        );
    }
    if args.approx && args.depth != 3 {
        anyhow::bail!("--approx computes n1, n2, n3: use --depth 3");
    }
    if args.packed {
        anyhow::bail!("--packed registers run on one machine; a cluster run uses byte registers");
    }
    let job = super::cluster::ReachJob {
        depth: args.depth as usize,
        approx: args.approx.then_some((args.registers, args.seed)),
    };
    super::cluster::reach_all(&args.cluster, &args.io.input, job, &args.io.output)
}

/// `--registers`: `256` or `2^8`, a power of two in 2^4..=2^16; returns the exponent.
fn parse_registers(s: &str) -> Result<u32, String> {
    let value: u64 = match s.split_once('^') {
        Some(("2", b)) => b
            .trim()
            .parse::<u32>()
            .ok()
            .and_then(|b| 1u64.checked_shl(b))
            .ok_or("bad exponent")?,
        _ => s
            .trim()
            .parse()
            .map_err(|_| format!("'{s}' is not a number of registers"))?,
    };
    if !value.is_power_of_two() || !(16..=65536).contains(&value) {
        return Err(format!(
            "{value} registers: use a power of two from 16 to 65536"
        ));
    }
    Ok(value.trailing_zeros())
}

/// `--sources N` (a seeded sample) or `--sources FILE` (one node id per line).
fn parse_sources(network: &Network, spec: &str, seed: u64) -> anyhow::Result<Vec<u32>> {
    if let Ok(n) = spec.parse::<usize>() {
        anyhow::ensure!(n > 0, "--sources 0 asks for the reach of nobody");
        return Ok(reach::sample_sources(network.node_count(), n, seed));
    }
    let mut ids = super::read_id_file(network, Path::new(spec))?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

#[derive(Serialize)]
struct Member {
    node_id: netreach::graph::NodeId,
    /// The person as the table shows them (`Names`); not in the JSON.
    #[serde(skip)]
    shown: String,
    name: Option<String>,
    company: Option<String>,
    position: Option<String>,
    /// Connections.
    degree: usize,
    /// The ego's contact on a shortest path to them (node id; the smallest when several).
    via: netreach::graph::NodeId,
    /// That contact as the table shows them.
    #[serde(skip)]
    via_shown: String,
}

/// The document of `reach --ego`.
type EgoDoc = netreach::tasks::EgoReachDoc<ListDoc>;

#[derive(Serialize)]
struct ListDoc {
    k: usize,
    people: Vec<Member>,
}

/// The people at distance `k`, best connected first, each with the contact through whom.
fn members_at(network: &Network, ego: u32, k: usize) -> Vec<Member> {
    let hops = netreach::whatif::first_hops(&network.csr, ego, k as u32);
    let mut ids: Vec<u32> = hops
        .order
        .iter()
        .copied()
        .filter(|&v| hops.dist[v as usize] == k as u32)
        .collect();
    ids.sort_unstable_by_key(|&v| (std::cmp::Reverse(network.csr.degree(v)), v));
    let names = network.names();
    ids.into_iter()
        .map(|v| {
            let via = hops.via[v as usize];
            Member {
                node_id: network.labels.id(v),
                shown: names.show(v),
                name: network.people.name(v).map(str::to_string),
                company: network.people.company(v).map(str::to_string),
                position: network.people.position(v).map(str::to_string),
                degree: network.csr.degree(v),
                via: network.labels.id(via),
                via_shown: names.show(via),
            }
        })
        .collect()
}

/// One ego's standing among others: the exporters' (one search from them) or everyone's
/// (after checking the memory it needs).
/// What `reach` shows about one ego besides the rings.
struct EgoOptions {
    /// The distance to list people at.
    list: Option<usize>,
    /// Whether to rank the reach among others (one BFS otherwise).
    ranked: bool,
    /// Rows of the list in the table.
    top: usize,
}

/// `reach` for one ego.
fn ego_command(
    network: &Network,
    ego: u32,
    depth: usize,
    EgoOptions { list, ranked, top }: EgoOptions,
    out: &OutputArgs,
) -> anyhow::Result<()> {
    let list = list.map(|k| ListDoc {
        k,
        people: members_at(network, ego, k),
    });
    let doc = netreach::tasks::ego_reach(network, ego, depth, ranked, list)?;
    let json = render::json_document("reach", &doc)?;
    render::emit(&out.output, |w| match out.format() {
        Format::Json => render::write_json(w, &json),
        Format::Csv => render::write_csv(w, &ego_csv(&doc)),
        Format::Table => ego_table(w, &doc, &network.names().show(ego), top),
    })
}

fn ego_csv(doc: &EgoDoc) -> Vec<Vec<String>> {
    if let Some(list) = &doc.list {
        let mut rows = vec![vec![
            "node_id".into(),
            "name".into(),
            "company".into(),
            "position".into(),
            "distance".into(),
            "degree".into(),
            "via".into(),
        ]];
        for m in &list.people {
            rows.push(vec![
                m.node_id.to_string(),
                m.name.clone().unwrap_or_default(),
                m.company.clone().unwrap_or_default(),
                m.position.clone().unwrap_or_default(),
                list.k.to_string(),
                m.degree.to_string(),
                m.via.to_string(),
            ]);
        }
        return rows;
    }
    let mut rows = vec![vec![
        "k".into(),
        "n_k".into(),
        "reach_k".into(),
        "reach_share".into(),
    ]];
    for r in &doc.reach.rings {
        rows.push(vec![
            r.k.to_string(),
            r.count.to_string(),
            r.reach.to_string(),
            format!("{:.6}", r.reach_share),
        ]);
    }
    rows
}

fn ego_table(
    w: &mut dyn std::io::Write,
    doc: &EgoDoc,
    who: &str,
    top: usize,
) -> std::io::Result<()> {
    let r = &doc.reach;
    writeln!(
        w,
        "{}",
        render::terminal_safe(&format!(
            "Reach of {who} within {} hops (exact BFS; {} other people in the network)",
            r.depth,
            thousands(r.others as u64)
        ))
    )?;
    // One export shows the 1st degree only: its n2 = n3 = 0 are not findings, so not shown.
    let shown = if doc.note.is_some() { 1 } else { r.rings.len() };
    rings_table(w, &r.rings[..shown.min(r.rings.len())])?;
    if let Some(note) = doc.note {
        writeln!(w, "{note}")?;
        return Ok(());
    }
    if let Some(p) = &r.percentile {
        writeln!(w, "{}", p.sentence())?;
    }
    breakdown_table(w, &r.rings)?;
    if let Some(list) = &doc.list {
        list_table(w, list, top)?;
    }
    Ok(())
}

fn rings_table(w: &mut dyn std::io::Write, rings: &[reach::Ring]) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = rings
        .iter()
        .map(|ring| {
            vec![
                ring.k.to_string(),
                thousands(ring.count),
                thousands(ring.reach),
                format!("{:.1}%", 100.0 * ring.reach_share),
            ]
        })
        .collect();
    let header = [
        "k",
        "n_k: exactly k hops",
        "reach_k: within k hops",
        "share of network",
    ];
    writeln!(w, "{}", render::table(&header, &rows))
}

/// The most common companies and positions in each ring, where the input has them.
fn breakdown_table(w: &mut dyn std::io::Write, rings: &[reach::Ring]) -> std::io::Result<()> {
    let fmt = |v: &[(String, u64)]| {
        v.iter()
            .map(|(k, c)| format!("{k} ({})", thousands(*c)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows: Vec<Vec<String>> = rings
        .iter()
        .filter(|ring| !ring.top_companies.is_empty() || !ring.top_positions.is_empty())
        .map(|ring| {
            vec![
                ring.k.to_string(),
                fmt(&ring.top_companies),
                fmt(&ring.top_positions),
            ]
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(w, "\nWho is in each ring")?;
    writeln!(
        w,
        "{}",
        render::table(&["k", "top companies", "top positions"], &rows)
    )
}

fn list_table(w: &mut dyn std::io::Write, list: &ListDoc, top: usize) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = list
        .people
        .iter()
        .take(top)
        .map(|m| {
            vec![
                m.shown.clone(),
                m.company.clone().unwrap_or_default(),
                m.position.clone().unwrap_or_default(),
                thousands(m.degree as u64),
                m.via_shown.clone(),
            ]
        })
        .collect();
    writeln!(
        w,
        "\nPeople at distance {} ({}), best connected first, with the contact through whom",
        list.k,
        thousands(list.people.len() as u64)
    )?;
    let header = [
        "person",
        "company",
        "position",
        "connections",
        "via contact",
    ];
    writeln!(w, "{}", render::table(&header, &rows))?;
    render::more(w, top, list.people.len(), "people")
}

/// One row of `reach --all`, made when it is written (10^7 rows never exist at once).
#[derive(Serialize)]
struct AllRow<'a> {
    node_id: netreach::graph::NodeId,
    reach: u64,
    rings: &'a [u64],
}

/// The rows of `reach --all`, serialised one at a time from the flat counts.
struct AllRows<'a> {
    labels: &'a Labels,
    sources: &'a [u32],
    counts: &'a [u64],
    depth: usize,
}

impl<'a> AllRows<'a> {
    fn iter(&self) -> impl Iterator<Item = AllRow<'a>> + '_ {
        self.sources
            .iter()
            .zip(self.counts.chunks_exact(self.depth))
            .map(|(&id, rings)| AllRow {
                node_id: self.labels.id(id),
                reach: rings.iter().sum(),
                rings,
            })
    }
}

impl Serialize for AllRows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.sources.len()))?;
        for row in self.iter() {
            seq.serialize_element(&row)?;
        }
        seq.end()
    }
}

/// The JSON document of `reach --all`, fields in the order `render::json_document` gives
/// (sorted), streamed straight to the writer.
#[derive(Serialize)]
struct AllDoc<'a> {
    command: &'static str,
    depth: usize,
    /// As JSON values: their keys sorted, as every document's are.
    distribution: Vec<serde_json::Value>,
    method: &'static str,
    rows: AllRows<'a>,
    schema_version: u32,
    sources: usize,
}

fn all_command(
    network: &Network,
    sources: &[u32],
    depth: usize,
    out: &OutputArgs,
) -> anyhow::Result<()> {
    let n = network.node_count();
    let threads = rayon::current_num_threads();
    netreach::memory::ensure(
        reach::memory_bytes(n, network.csr.arc_count(), sources.len(), depth, threads),
        format_args!("exact reach of {} people", sources.len()),
    )?;
    let counts =
        reach::rings_of_progress(&network.csr, sources, depth, &super::progress::Bar::new());
    let everyone = AllReach {
        sources,
        counts: &counts,
        depth,
    };
    write_all(&network.labels, &network.people, &everyone, out)
}

/// Exact n_1..n_depth of `sources` (`counts[i * depth + k - 1]`), however computed.
pub(super) struct AllReach<'a> {
    pub sources: &'a [u32],
    pub counts: &'a [u64],
    pub depth: usize,
}

/// Writes `reach --all` in the chosen format (shared by the single-machine and cluster runs,
/// so both give the same bytes).
pub(super) fn write_all(
    labels: &Labels,
    people: &People,
    all: &AllReach,
    out: &OutputArgs,
) -> anyhow::Result<()> {
    let AllReach {
        sources,
        counts,
        depth,
    } = *all;
    let column = |k: usize| -> Vec<u64> { counts.chunks_exact(depth).map(|r| r[k]).collect() };
    let mut dist: Vec<reach::Distribution> = (0..depth)
        .map(|k| distribution(&format!("n{}", k + 1), &column(k)))
        .collect();
    let totals: Vec<u64> = counts.chunks_exact(depth).map(|r| r.iter().sum()).collect();
    dist.push(distribution(&format!("reach_{depth}"), &totals));
    let doc = AllDoc {
        command: "reach",
        depth,
        distribution: dist
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<_, _>>()?,
        method: "exact",
        rows: AllRows {
            labels,
            sources,
            counts,
            depth,
        },
        schema_version: render::SCHEMA_VERSION,
        sources: sources.len(),
    };
    render::emit(&out.output, |w| match out.format() {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *w, &doc)?;
            w.write_all(b"\n")
        }
        Format::Csv => all_csv(w, &doc),
        Format::Table => all_table(w, people, &doc, &dist, &totals),
    })
}

/// Streams the table (it can have millions of rows).
fn all_csv(w: &mut dyn std::io::Write, doc: &AllDoc) -> std::io::Result<()> {
    let mut header = vec!["node_id".to_string()];
    header.extend((1..=doc.depth).map(|k| format!("n{k}")));
    header.push(format!("reach_{}", doc.depth));
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(&header)?;
    let mut record = Vec::with_capacity(doc.depth + 2);
    for row in doc.rows.iter() {
        record.clear();
        record.push(render::csv_safe(&row.node_id.to_string()));
        record.extend(row.rings.iter().map(u64::to_string));
        record.push(row.reach.to_string());
        csv.write_record(&record)?;
    }
    csv.flush()
}

fn all_table(
    w: &mut dyn std::io::Write,
    people: &People,
    doc: &AllDoc,
    dist: &[reach::Distribution],
    totals: &[u64],
) -> std::io::Result<()> {
    writeln!(
        w,
        "Reach of {} within {} hops (exact, multi-source bit-parallel BFS)",
        render::count(doc.sources as u64, "person", "people"),
        doc.depth
    )?;
    write_distribution(w, dist)?;
    let mut order: Vec<usize> = (0..totals.len()).collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(totals[i]), i));
    let depth = doc.depth;
    let top: Vec<Vec<String>> = order
        .iter()
        .take(10)
        .map(|&i| {
            let rings = &doc.rows.counts[i * depth..(i + 1) * depth];
            let id = doc.rows.sources[i];
            let mut cells = vec![
                doc.rows.labels.get(id),
                people.name(id).unwrap_or("").to_string(),
            ];
            cells.extend(rings.iter().map(|&c| thousands(c)));
            cells.push(thousands(totals[i]));
            cells
        })
        .collect();
    let mut header: Vec<String> = vec!["node_id".into(), "name".into()];
    header.extend((1..=doc.depth).map(|k| format!("n{k}")));
    header.push(format!("reach_{}", doc.depth));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    writeln!(w, "\nWidest reach")?;
    writeln!(w, "{}", render::table(&header, &top))?;
    writeln!(w, "(use --format csv or json for every row)")
}

/// The JSON document of `reach --all --approx`, fields sorted as every document's are, rows
/// made one at a time while they are written.
#[derive(Serialize)]
struct ApproxDoc<'a> {
    command: &'static str,
    depth: usize,
    distribution: Vec<serde_json::Value>,
    method: String,
    registers: usize,
    relative_standard_error: f64,
    rows: ApproxRows<'a>,
    schema_version: u32,
}

#[derive(Serialize)]
struct ApproxRow<'a> {
    node_id: netreach::graph::NodeId,
    reach: u64,
    rings: &'a [u64; 3],
    standard_error: &'a [f64; 2],
}

struct ApproxRows<'a> {
    labels: &'a Labels,
    rings: &'a [[u64; 3]],
    standard_error: &'a [[f64; 2]],
}

impl<'a> ApproxRows<'a> {
    fn iter(&self) -> impl Iterator<Item = ApproxRow<'a>> + '_ {
        self.rings
            .iter()
            .zip(self.standard_error)
            .enumerate()
            .map(|(i, (rings, se))| ApproxRow {
                node_id: self.labels.id(i as u32),
                reach: rings.iter().sum(),
                rings,
                standard_error: se,
            })
    }
}

impl Serialize for ApproxRows<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(Some(self.rings.len()))?;
        for row in self.iter() {
            seq.serialize_element(&row)?;
        }
        seq.end()
    }
}

fn approx_command(
    network: &Network,
    bits: u32,
    seed: u64,
    packed: bool,
    out: &OutputArgs,
) -> anyhow::Result<()> {
    use netreach::hyperball::{self, packed as six};
    let n = network.node_count();
    let need = if packed {
        six::memory_bytes(n, bits)
    } else {
        hyperball::memory_bytes(n, bits)
    };
    netreach::memory::ensure(
        need,
        format_args!("HyperBall with {} registers per person", 1u64 << bits),
    )?;
    let bar = super::progress::Bar::new();
    let r = if packed {
        six::approx_reach_packed(&network.csr, bits, seed, &bar)
    } else {
        hyperball::approx_reach_progress(&network.csr, bits, seed, &bar)
    };
    write_approx(&network.labels, &r, out)
}

/// Writes `reach --all --approx` in the chosen format (shared with the cluster run).
pub(super) fn write_approx(
    labels: &Labels,
    r: &netreach::hyperball::ApproxReach,
    out: &OutputArgs,
) -> anyhow::Result<()> {
    let method = format!(
        "approximate: HyperBall with {} registers per person; each ball size within ±{:.1}% (one standard error); n1 exact",
        r.registers,
        100.0 * r.relative_standard_error
    );
    let dist = approx_distributions(&r.rings);
    let doc = ApproxDoc {
        command: "reach",
        depth: 3,
        distribution: dist
            .iter()
            .map(serde_json::to_value)
            .collect::<Result<_, _>>()?,
        method: method.clone(),
        registers: r.registers,
        relative_standard_error: r.relative_standard_error,
        rows: ApproxRows {
            labels,
            rings: &r.rings,
            standard_error: &r.standard_error,
        },
        schema_version: render::SCHEMA_VERSION,
    };
    match out.format() {
        Format::Json => render::emit(&out.output, |w| {
            serde_json::to_writer_pretty(&mut *w, &doc)?;
            w.write_all(b"\n")
        }),
        Format::Csv => render::emit(&out.output, |w| approx_csv(w, &doc.rows)),
        Format::Table => render::emit(&out.output, |w| {
            writeln!(
                w,
                "Reach of {} people within 3 hops ({method})",
                thousands(r.rings.len() as u64)
            )?;
            write_distribution(w, &dist)?;
            writeln!(
                w,
                "(use --format csv or json for every row, with per-person standard errors)"
            )
        }),
    }
}

/// Distributions of the estimated n1, n2, n3 and reach_3.
fn approx_distributions(rings: &[[u64; 3]]) -> Vec<reach::Distribution> {
    let column = |k: usize| rings.iter().map(|x| x[k]).collect::<Vec<_>>();
    let mut dist: Vec<reach::Distribution> = (0..3)
        .map(|k| distribution(&format!("n{}", k + 1), &column(k)))
        .collect();
    dist.push(distribution(
        "reach_3",
        &rings.iter().map(|x| x.iter().sum()).collect::<Vec<_>>(),
    ));
    dist
}

/// The approximate CSV, row by row (no table of every cell in memory).
fn approx_csv(w: &mut dyn std::io::Write, rows: &ApproxRows) -> std::io::Result<()> {
    let mut csv = csv::Writer::from_writer(w);
    csv.write_record(["node_id", "n1", "n2", "n3", "reach_3", "n2_se", "n3_se"])?;
    for row in rows.iter() {
        csv.write_record([
            render::csv_safe(&row.node_id.to_string()),
            row.rings[0].to_string(),
            row.rings[1].to_string(),
            row.rings[2].to_string(),
            row.reach.to_string(),
            format!("{:.1}", row.standard_error[0]),
            format!("{:.1}", row.standard_error[1]),
        ])?;
    }
    csv.flush()
}

/// The distribution table of an all-node run: mean, median, p90, p99, max per column.
fn write_distribution(
    w: &mut dyn std::io::Write,
    distribution: &[reach::Distribution],
) -> std::io::Result<()> {
    let rows: Vec<Vec<String>> = distribution
        .iter()
        .map(|d| {
            vec![
                d.column.clone(),
                format!("{:.1}", d.mean),
                thousands(d.median),
                thousands(d.p90),
                thousands(d.p99),
                thousands(d.max),
            ]
        })
        .collect();
    writeln!(
        w,
        "{}",
        render::table(&["column", "mean", "median", "p90", "p99", "max"], &rows)
    )
}
