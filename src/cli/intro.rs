//! `netreach intro`: who could introduce the ego to a company, a person, a target group or the
//! companies of a job list.

use std::path::{Path, PathBuf};

use clap::Args;
use netreach::graph::Network;
use netreach::intro::{Introductions, JobList, Overlap, Target, Tie};

use super::IoArgs;
use super::render::{self, Format, thousands};
use super::whatif::TargetArgs;

/// Arguments of `intro`.
#[derive(Debug, Args)]
pub struct IntroArgs {
    #[command(flatten)]
    pub(super) io: IoArgs,
    /// Whose introductions (default: --owner, else the owner of a single export).
    #[arg(long, value_name = "ID|NAME|URL")]
    ego: Option<String>,
    /// People at this company (repeatable); "Ericsson", "Ericsson AB" and "ERICSSON AB" are one
    /// company, as the audit compares them.
    #[arg(long, value_name = "NAME")]
    company: Vec<String>,
    /// One person: id, profile URL or shown name.
    #[arg(long, value_name = "PERSON")]
    to: Option<String>,
    #[command(flatten)]
    target: TargetArgs,
    /// A job list (CSV, or the `;`/tab dialects): its company column is found by its header
    /// (Company, Company Name, Employer, Organisation, Organization, Företag, Arbetsgivare …).
    /// Output: the same rows and columns, with within_1, within_2, within_3, introducers and
    /// best_path added.
    #[arg(long, value_name = "FILE")]
    jobs: Option<PathBuf>,
    /// Best paths kept per target person.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..=100))]
    paths: u16,
    /// Rows of each table, 0 for all (CSV and JSON hold everyone).
    #[arg(long, default_value = "20", value_parser = super::parse_top)]
    top: usize,
}

pub fn run(args: IntroArgs) -> anyhow::Result<()> {
    if args.company.is_empty() && args.to.is_none() && !args.target.is_set() && args.jobs.is_none()
    {
        return Err(clap::Error::raw(
            clap::error::ErrorKind::MissingRequiredArgument,
            "give --company, --to, --target or --jobs: whom to be introduced to\n",
        )
        .into());
    }
    let network = args.io.input.load()?;
    let ego = args.io.input.ego(&network, args.ego.as_deref())?;
    let mut notes = Vec::new();
    let (strength, theirs) =
        netreach::tasks::all_tie_strengths(&network, &args.io.input.input, ego, &mut notes);
    super::print_notes(&notes);
    let intro = Introductions::new(&network, ego, &strength).with_introducer_strengths(theirs);
    if let Some(jobs) = &args.jobs {
        return jobs_command(&intro, jobs, &args);
    }
    let to = args
        .to
        .as_deref()
        .map(|to| network.resolve(to))
        .transpose()?;
    let group = if args.target.is_set() {
        Some(args.target.group(&network)?)
    } else {
        None
    };
    let in_group = group.as_ref().map(|g| move |v: u32| g.contains(v));
    let ask = netreach::tasks::IntroAsk {
        companies: &args.company,
        to,
        in_group: in_group.as_ref().map(|f| f as &dyn Fn(u32) -> bool),
        keep: args.paths as usize,
    };
    let strength_known = strength.values().any(|s| s.score.is_some());
    let mut notes = Vec::new();
    let doc =
        netreach::tasks::introductions(&network, &intro, ego, strength_known, &ask, &mut notes);
    super::print_notes(&notes);
    let json = render::json_document("intro", &doc)?;
    render::emit(&args.io.output.output, |w| match args.io.output.format() {
        Format::Json => render::write_json(w, &json),
        Format::Csv => render::write_csv(w, &target_csv(&intro, &doc.targets)),
        Format::Table => intro_table(w, &intro, &doc, args.top, network.is_single_export()),
    })
}

fn target_csv(intro: &Introductions, targets: &[Target]) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "node_id",
            "name",
            "company",
            "position",
            "distance",
            "introducers",
            "first_hop_strength",
            "next_hop_strength",
            "best_path",
            "exporter",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for t in targets {
        let p = &t.person;
        rows.push(vec![
            p.node_id.to_string(),
            p.name.clone().unwrap_or_default(),
            p.company.clone().unwrap_or_default(),
            p.position.clone().unwrap_or_default(),
            t.distance.to_string(),
            t.introducers.to_string(),
            t.first_hop_strength
                .map(|s| format!("{s:.3}"))
                .unwrap_or_default(),
            t.next_hop_strength
                .map(|s| format!("{s:.3}"))
                .unwrap_or_default(),
            intro.path_text(t).unwrap_or_default(),
            p.exporter.to_string(),
        ]);
    }
    rows
}

/// What the table's ranking stands on: one export, unknown strengths, fellow exporters.
fn intro_notes(
    w: &mut dyn std::io::Write,
    doc: &netreach::tasks::IntroDoc,
    single: bool,
) -> std::io::Result<()> {
    if single {
        writeln!(w, "{}\n", netreach::audit::ONE_EXPORT)?;
    }
    if !doc.strength_known {
        writeln!(
            w,
            "Tie strength is unknown: the archive holds only Connections.csv (with messages.csv, recommendations, invitations or Positions.csv the introducers are ranked by how well you know them). Introducers are ranked by mutual connections."
        )?;
    }
    if doc.introducers_with_strength > 0 {
        writeln!(
            w,
            "{} whose own archives are here: paths through them rank the next person by how well they know them.",
            render::count(
                doc.introducers_with_strength as u64,
                "introducer is a fellow exporter",
                "introducers are fellow exporters"
            )
        )?;
    }
    Ok(())
}

fn intro_table(
    w: &mut dyn std::io::Write,
    intro: &Introductions,
    doc: &netreach::tasks::IntroDoc,
    top: usize,
    single: bool,
) -> std::io::Result<()> {
    intro_notes(w, doc, single)?;
    for c in &doc.companies {
        writeln!(
            w,
            "{}: {} in the network; {} within 1 hop, {} within 2, {} within 3; {} could introduce you.",
            render::terminal_safe(&c.company),
            render::count(c.people as u64, "person", "people"),
            thousands(c.within_1 as u64),
            thousands(c.within_2 as u64),
            thousands(c.within_3 as u64),
            render::count(c.introducers as u64, "contact", "contacts")
        )?;
        if let Some(best) = &c.best_path {
            writeln!(w, "  best: {}", render::terminal_safe(best))?;
        }
    }
    if doc.targets.is_empty() {
        return writeln!(w, "Nobody asked for is within 3 hops.");
    }
    let rows: Vec<Vec<String>> = doc
        .targets
        .iter()
        .take(top)
        .map(|t| {
            vec![
                intro.path_text(t).unwrap_or_default(),
                t.distance.to_string(),
                match t.introducers {
                    0 => "your contact".to_string(),
                    n => render::count(n as u64, "person", "people"),
                },
                t.first_hop_strength
                    .map(|s| format!("{s:.2}"))
                    .unwrap_or_else(|| "unknown".into()),
            ]
        })
        .collect();
    writeln!(
        w,
        "{}",
        render::table(
            &["best path", "hops", "could introduce", "first-hop strength"],
            &rows
        )
    )?;
    render::more(w, top, doc.targets.len(), "people")
}

fn jobs_command(intro: &Introductions, path: &Path, args: &IntroArgs) -> anyhow::Result<()> {
    let jobs = JobList::read(path)?;
    let out = jobs.with_introductions(intro);
    render::emit(&args.io.output.output, |w| match args.io.output.format() {
        Format::Json => {
            let doc = render::json_document("intro", &JobList::rows_json(&out))
                .map_err(std::io::Error::other)?;
            render::write_json(w, &doc)
        }
        Format::Csv => render::write_csv(w, &out),
        Format::Table => {
            let n = jobs.header.len();
            let shown = [jobs.company, n + 2, n + 3, n + 4];
            let rows: Vec<Vec<String>> = out[1..]
                .iter()
                .take(args.top)
                .map(|r| shown.iter().map(|&i| r[i].clone()).collect())
                .collect();
            let header = ["company", "within 3", "could introduce", "best path"];
            writeln!(w, "{}", render::table(&header, &rows))?;
            render::more(w, args.top, out.len() - 1, "job rows")
        }
    })
}

/// Arguments of `ties`.
#[derive(Debug, Args)]
pub struct TiesArgs {
    #[command(flatten)]
    pub(super) io: IoArgs,
    /// Whose ties (default: --owner, else the owner of a single export).
    #[arg(long, value_name = "ID|NAME|URL")]
    ego: Option<String>,
    /// Rows of the table, 0 for all (CSV and JSON hold everyone).
    #[arg(long, default_value = "20", value_parser = super::parse_top)]
    top: usize,
}

/// The citation the ties table stands on.
const WEAK_TIES: &str = "Rajkumar, Saint-Jacques, Bojinov, Brynjolfsson and Aral, \"A causal test of the strength of weak ties\", Science 377 (2022) 1304–1310: on LinkedIn, moderately weak ties by mutual connections, and the weakest by interaction, raised job mobility most (more so in digital industries). A structural measure, not a prediction.";

pub fn run_ties(args: TiesArgs) -> anyhow::Result<()> {
    let network = args.io.input.load()?;
    let ego = args.io.input.ego(&network, args.ego.as_deref())?;
    let mut notes = Vec::new();
    let strength = netreach::tasks::tie_strengths(&network, &args.io.input.input, ego, &mut notes);
    super::print_notes(&notes);
    let ties = netreach::intro::ties(&network, ego, &strength);
    let json = render::json_document(
        "ties",
        &serde_json::json!({ "ego": network.display_name(ego), "ties": ties }),
    )?;
    render::emit(&args.io.output.output, |w| match args.io.output.format() {
        Format::Json => render::write_json(w, &json),
        Format::Csv => render::write_csv(w, &ties_csv(&ties)),
        Format::Table => ties_table(w, &network, &ties, args.top),
    })
}

fn ties_csv(ties: &[Tie]) -> Vec<Vec<String>> {
    let header = [
        "node_id",
        "name",
        "company",
        "position",
        "mutual_connections",
        "structural",
        "interaction_score",
        "interaction",
    ];
    let mut rows = vec![header.map(String::from).to_vec()];
    for t in ties {
        rows.push(vec![
            t.person.node_id.to_string(),
            t.person.name.clone().unwrap_or_default(),
            t.person.company.clone().unwrap_or_default(),
            t.person.position.clone().unwrap_or_default(),
            t.mutual_connections.to_string(),
            t.structural.to_string(),
            t.interaction_score
                .map(|s| format!("{s:.3}"))
                .unwrap_or_default(),
            t.interaction.to_string(),
        ]);
    }
    rows
}

/// How many ties fall in each group, by mutual connections and by interaction.
fn tie_groups(w: &mut dyn std::io::Write, ties: &[Tie]) -> std::io::Result<()> {
    let groups = ["strong", "moderately weak", "weakest"];
    let by_mutual: Vec<&str> = ties.iter().map(|t| t.structural).collect();
    let by_interaction: Vec<&str> = ties.iter().map(|t| t.interaction).collect();
    for (what, labels) in [
        ("by mutual connections", by_mutual),
        ("by interaction", by_interaction),
    ] {
        let parts: Vec<String> = groups
            .iter()
            .map(|g| {
                let n = labels.iter().filter(|l| *l == g).count();
                format!("{} {g}", thousands(n as u64))
            })
            .collect();
        writeln!(w, "Ties {what}: {}.", parts.join(", "))?;
    }
    Ok(())
}

fn ties_table(
    w: &mut dyn std::io::Write,
    network: &Network,
    ties: &[Tie],
    top: usize,
) -> std::io::Result<()> {
    if network.is_single_export() {
        writeln!(
            w,
            "Mutual connections cannot be seen in one export (it holds no edges between your contacts): only the interaction strength says something here."
        )?;
    } else if network.report.owners.len() > 1 {
        writeln!(
            w,
            "Mutual connections are a lower bound: only the loaded exports' connections are seen."
        )?;
    }
    tie_groups(w, ties)?;
    let names = network.names();
    let rows: Vec<Vec<String>> = ties
        .iter()
        .take(top)
        .map(|t| {
            vec![
                names.show(t.person.id),
                t.person.company.clone().unwrap_or_default(),
                thousands(t.mutual_connections as u64),
                t.structural.to_string(),
                t.interaction_score
                    .map(|s| format!("{s:.2}"))
                    .unwrap_or_else(|| "unknown".into()),
                t.interaction.to_string(),
            ]
        })
        .collect();
    let header = [
        "contact",
        "company",
        "mutual",
        "by mutual",
        "interaction",
        "by interaction",
    ];
    writeln!(w, "{}", render::table(&header, &rows))?;
    render::more(w, top, ties.len(), "contacts")?;
    writeln!(w, "{WEAK_TIES}")
}

/// Arguments of `overlap`.
#[derive(Debug, Args)]
pub struct OverlapArgs {
    #[command(flatten)]
    pub(super) io: IoArgs,
    /// Rows of each table, 0 for all (CSV and JSON hold everyone).
    #[arg(long, default_value = "10", value_parser = super::parse_top)]
    top: usize,
}

pub fn run_overlap(args: OverlapArgs) -> anyhow::Result<()> {
    let network = args.io.input.load()?;
    let o = netreach::tasks::overlap(&network, &args.io.input.input)?;
    let json = render::json_document("overlap", &o)?;
    render::emit(&args.io.output.output, |w| match args.io.output.format() {
        Format::Json => render::write_json(w, &json),
        Format::Csv => {
            let mut rows = vec![
                ["owner_a", "owner_b", "shared_contacts"]
                    .map(String::from)
                    .to_vec(),
            ];
            rows.extend(
                o.pairs
                    .iter()
                    .map(|p| vec![p.a.clone(), p.b.clone(), p.shared.to_string()]),
            );
            render::write_csv(w, &rows)
        }
        Format::Table => overlap_table(w, &o, args.top),
    })
}

fn overlap_table(w: &mut dyn std::io::Write, o: &Overlap, top: usize) -> std::io::Result<()> {
    use netreach::report::tables;
    writeln!(
        w,
        "Shared contacts between the {} owners, most first",
        o.owners.len()
    )?;
    let header = ["owner", "owner", "shared contacts"];
    writeln!(
        w,
        "{}",
        render::table(&header, &tables::overlap_pair_rows(o, top))
    )?;
    render::more(w, top, o.pairs.len(), "pairs")?;
    writeln!(
        w,
        "\nKnown by three or more owners: the team's super connectors ({})",
        thousands(o.super_connectors.len() as u64)
    )?;
    let header = ["person", "company", "known by"];
    writeln!(
        w,
        "{}",
        render::table(&header, &tables::super_connector_rows(o, top))
    )?;
    render::more(w, top, o.super_connectors.len(), "people")?;
    writeln!(w, "\nCompanies where the team's contacts are densest")?;
    let header = ["company", "contacts", "who knows whom there"];
    writeln!(
        w,
        "{}",
        render::table(&header, &tables::team_company_rows(o, top))
    )?;
    render::more(w, top, o.companies.len(), "companies")
}
