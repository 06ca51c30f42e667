//! `netreach report`: one folder with `index.html` (self-contained, opens from disk),
//! `report.md`, every chart as PNG and the CSV/JSON behind every chart and table.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::anyhow;
use clap::Args;
use netreach::graph::Network;
use netreach::io::{LoadOptions, write_atomic};
use netreach::plot::{self, Chart};
use netreach::pseudonym::Pseudonyms;
use netreach::reach::{self, EgoReach};
use netreach::stats;

use super::charts;
use super::render::{self, thousands};

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Input (default: the bundled sample, data/sample).
    input: Option<PathBuf>,
    /// The person the report is about (default: the export owner with most connections; on a
    /// plain graph the highest-degree person, with the median-degree person as a second
    /// example).
    #[arg(long, value_name = "ID|NAME|URL")]
    ego: Option<String>,
    /// Output folder (default: reports/<input name>).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace names and profile URLs by pseudonyms everywhere in the report: a keyed hash,
    /// with a fresh random key each run (two reports cannot be linked) unless
    /// --pseudonym-key is given.
    #[arg(long)]
    pseudonymise: bool,
    /// With --pseudonymise: derive the key from FILE (at least 16 bytes of secret), so that
    /// the same person has the same pseudonym in every report made with that file.
    #[arg(long, value_name = "FILE", requires = "pseudonymise")]
    pseudonym_key: Option<PathBuf>,
    /// With --pseudonymise: replace company names by pseudonyms too.
    #[arg(long, requires = "pseudonymise")]
    pseudonymise_companies: bool,
    /// Seeds of the random growth order.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1000))]
    seeds: u32,
    /// Read INPUT as this format.
    #[arg(long, value_name = "FORMAT", value_parser = super::parse_input_format)]
    input_format: Option<netreach::io::InputFormat>,
    /// Owner of a single Connections.csv.
    #[arg(long, value_name = "NAME|URL")]
    owner: Option<String>,
}

/// The egos of the report: the chosen one, or defaults.
fn egos(network: &Network, ego: Option<&str>) -> anyhow::Result<Vec<u32>> {
    if let Some(e) = ego {
        return Ok(vec![network.resolve(e)?]);
    }
    let by_degree =
        |ids: &mut Vec<u32>| ids.sort_by_key(|&u| (std::cmp::Reverse(network.csr.degree(u)), u));
    if !network.report.owners.is_empty() {
        let mut owners = network.report.owners.clone();
        by_degree(&mut owners);
        return Ok(vec![owners[0]]);
    }
    let mut ids: Vec<u32> = (0..network.node_count() as u32)
        .filter(|&u| network.csr.degree(u) > 0)
        .collect();
    if ids.is_empty() {
        return Err(anyhow!("the network has no connections: nothing to report"));
    }
    by_degree(&mut ids);
    let median = ids[ids.len() / 2];
    Ok(if median == ids[0] {
        vec![ids[0]]
    } else {
        vec![ids[0], median]
    })
}

/// Files and sections collected while the report is built.
struct Report {
    dir: PathBuf,
    html: String,
    md: String,
    files: Vec<String>,
}

impl Report {
    fn write(&mut self, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
        write_atomic(&self.dir.join(name), |w| w.write_all(bytes))?;
        self.files.push(name.to_string());
        Ok(())
    }

    fn csv(&mut self, name: &str, rows: &[Vec<String>]) -> anyhow::Result<()> {
        let mut buf = Vec::new();
        render::write_csv(&mut buf, rows)?;
        self.write(name, &buf)
    }

    fn json(
        &mut self,
        name: &str,
        command: &str,
        value: &impl serde::Serialize,
    ) -> anyhow::Result<()> {
        let mut buf = Vec::new();
        render::write_json(&mut buf, &render::json_document(command, value)?)?;
        self.write(name, &buf)
    }

    fn chart(
        &mut self,
        name: &str,
        chart: &impl Chart,
        alt: &str,
        data: &[&str],
    ) -> anyhow::Result<()> {
        plot::save(chart, &self.dir.join(name), 1200, 720).map_err(|e| anyhow!("{name}: {e}"))?;
        self.files.push(name.to_string());
        let links: Vec<String> = data
            .iter()
            .map(|d| format!("<a href=\"{0}\">{0}</a>", render::html(d)))
            .collect();
        let _ = writeln!(
            self.html,
            "<figure><img src=\"{}\" alt=\"{}\" width=\"1200\" height=\"720\"><figcaption>Data: {}</figcaption></figure>",
            render::html(name),
            render::html(alt),
            links.join(", ")
        );
        let _ = write!(
            self.md,
            "![{}]({})\n\nData: {}\n\n",
            render::md(alt),
            name,
            data.iter()
                .map(|d| format!("[{d}]({d})"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        Ok(())
    }

    fn heading(&mut self, text: &str) {
        let _ = writeln!(self.html, "<h2>{}</h2>", render::html(text));
        let _ = write!(self.md, "## {}\n\n", render::md(text));
    }

    fn para(&mut self, text: &str) {
        let _ = writeln!(self.html, "<p>{}</p>", render::html(text));
        let _ = write!(self.md, "{}\n\n", render::md(text));
    }

    fn table(&mut self, header: &[&str], rows: &[Vec<String>]) {
        self.html.push_str("<table><thead><tr>");
        for h in header {
            let _ = write!(self.html, "<th>{}</th>", render::html(h));
        }
        self.html.push_str("</tr></thead><tbody>");
        for row in rows {
            self.html.push_str("<tr>");
            for c in row {
                let _ = write!(self.html, "<td>{}</td>", render::html(c));
            }
            self.html.push_str("</tr>");
        }
        self.html.push_str("</tbody></table>\n");
        let _ = writeln!(
            self.md,
            "| {} |",
            header
                .iter()
                .map(|h| render::md(h))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(self.md, "|{}", "---|".repeat(header.len()));
        for row in rows {
            let _ = writeln!(
                self.md,
                "| {} |",
                row.iter()
                    .map(|c| render::md(c))
                    .collect::<Vec<_>>()
                    .join(" | ")
            );
        }
        self.md.push('\n');
    }
}

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1240px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}th{background:#f3f3f3}figure{margin:1.5em 0}img{max-width:100%;height:auto;border:1px solid #ddd}figcaption{color:#555;font-size:.9em}";

pub fn run(args: ReportArgs) -> anyhow::Result<()> {
    let input = args
        .input
        .clone()
        .unwrap_or_else(|| PathBuf::from("data/sample"));
    let options = LoadOptions {
        format: args.input_format,
        owner: args.owner.clone(),
    };
    let mut network = netreach::io::load(&input, &options)?;
    let pseudonyms = match (&args.pseudonym_key, args.pseudonymise) {
        (Some(key), _) => Some(Pseudonyms::from_key_file(key)?),
        (None, true) => Some(Pseudonyms::random()),
        (None, false) => None,
    };
    let companies = args.pseudonymise_companies;
    // One export is a star: the report is the personal audit, built before names are replaced.
    let audit = if network.is_single_export() {
        let owner = egos(&network, args.ego.as_deref())?[0];
        let mut audit = super::audit::build(&network, &input, owner, None, 10)?;
        if let Some(p) = &pseudonyms {
            audit.pseudonymise(
                |name| p.person(name),
                |c| {
                    if companies {
                        p.company(c)
                    } else {
                        c.to_string()
                    }
                },
            );
        }
        Some(audit)
    } else {
        None
    };
    if let Some(p) = &pseudonyms {
        network = p.network(network, companies);
    }
    let egos = egos(&network, args.ego.as_deref())?;
    if network.csr.degree(egos[0]) == 0 {
        return Err(anyhow!(
            "{} has no connections: choose another --ego for the report",
            network.labels.get(egos[0])
        ));
    }
    let stem = input.file_stem().map_or("report".into(), |s| {
        s.to_string_lossy().replace(['.', ' '], "-")
    });
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("reports").join(stem));
    // The whole folder is written under a temporary name beside its place and renamed at the
    // end: an interrupted run leaves the previous report whole (or none), never a mix.
    let staging = staging_dir(&dir)?;
    let mut r = Report {
        dir: staging.path().to_path_buf(),
        html: String::new(),
        md: String::new(),
        files: Vec::new(),
    };
    match &audit {
        Some(audit) => build_audit(&mut r, &network, audit, &input, args.pseudonymise)?,
        None => build(
            &mut r,
            &network,
            &input,
            &egos,
            args.seeds as usize,
            args.pseudonymise,
        )?,
    }
    let title = format!("netreach report: {}", input.display());
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{0}</title><style>{STYLE}</style></head><body><h1>{0}</h1>\n{1}</body></html>\n",
        render::html(&title),
        r.html
    );
    let md = format!("# {}\n\n{}", render::md(&title), r.md);
    r.write("index.html", html.as_bytes())?;
    r.write("report.md", md.as_bytes())?;
    publish(staging, &dir)?;
    eprintln!(
        "netreach: wrote {} files to {} (open {})",
        r.files.len(),
        dir.display(),
        dir.join("index.html").display()
    );
    Ok(())
}

/// A temporary folder beside `dir` (same file system, so the final rename is atomic).
fn staging_dir(dir: &Path) -> anyhow::Result<tempfile::TempDir> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| anyhow!("{}: {e}", parent.display()))?;
    tempfile::Builder::new()
        .prefix(".netreach-report-")
        .tempdir_in(&parent)
        .map_err(|e| anyhow!("{}: {e}", dir.display()))
}

/// Puts the finished folder in place: the old report is moved aside, the new one renamed in,
/// the old one removed. Only between the two renames (microseconds) is there no folder at all.
fn publish(staging: tempfile::TempDir, dir: &Path) -> anyhow::Result<()> {
    let new = staging.keep();
    let fail = |e: std::io::Error| anyhow!("{}: {e}", dir.display());
    let old = if dir.exists() {
        let aside = new.with_file_name(format!(
            ".netreach-old-{}",
            new.file_name()
                .map_or("report".into(), |n| n.to_string_lossy().into_owned())
        ));
        std::fs::rename(dir, &aside).map_err(fail)?;
        Some(aside)
    } else {
        None
    };
    std::fs::rename(&new, dir).map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).map_err(fail)?;
    }
    if let Some(old) = old {
        std::fs::remove_dir_all(&old).map_err(fail)?;
    }
    Ok(())
}

fn reach_rows(e: &EgoReach) -> Vec<Vec<String>> {
    e.rings
        .iter()
        .map(|r| {
            vec![
                r.k.to_string(),
                thousands(r.count),
                thousands(r.reach),
                format!("{:.1}%", 100.0 * r.reach_share),
            ]
        })
        .collect()
}

fn build(
    r: &mut Report,
    network: &Network,
    input: &Path,
    egos: &[u32],
    seeds: usize,
    pseudonymised: bool,
) -> anyhow::Result<()> {
    let ego = egos[0];
    let who = charts::display(network, ego);
    r.para(&format!(
        "This report was made by netreach from {}{}. Every number is exact unless it says otherwise: reach comes from breadth-first search over the whole network as loaded. Nothing left this machine.",
        input.display(),
        if pseudonymised { " with names and profile URLs replaced by stable pseudonyms" } else { "" }
    ));
    // Network summary.
    let summary = stats::summarize(network, 10);
    r.heading("The network");
    r.para("People are the nodes; a connection is an undirected link between two people (duplicates merged, self-links dropped). A component is a group of people linked to each other by some path.");
    r.table(&["measure", "value"], &super::stats::summary_rows(&summary));
    r.json("summary.json", "stats", &summary)?;
    // Reach of the egos.
    r.heading(&format!("Reach of {who}"));
    r.para("n1 counts the 1st-degree contacts (direct connections), n2 the 2nd-degree contacts (people reached through one contact, not already direct), n3 the 3rd-degree contacts. reach_k adds them up to distance k, and the share is of everyone else in the network.");
    let mut reaches = Vec::new();
    for &e in egos {
        let er = reach::ego_reach(network, e, 3)?;
        if egos.len() > 1 {
            r.para(&format!(
                "{} ({} connections):",
                charts::display(network, e),
                network.csr.degree(e)
            ));
        }
        r.table(
            &[
                "k",
                "n_k (exactly k hops)",
                "reach_k (within k hops)",
                "share of network",
            ],
            &reach_rows(&er),
        );
        let p = &er.percentile;
        r.para(&format!(
            "reach_2 is above {:.1}% of people and reach_3 above {:.1}% (compared with {}).",
            p.reach_2,
            p.reach_3.unwrap_or(0.0),
            if p.sampled {
                format!(
                    "HyperBall estimates of all {} people's reach (±9% each)",
                    p.compared
                )
            } else {
                "everyone".into()
            }
        ));
        reaches.push(er);
    }
    r.json("reach.json", "reach", &reaches)?;
    // Growth.
    r.heading("How each extra connection changes reach");
    let (curves, growth_chart) = charts::growth(network, ego, seeds);
    r.para(&format!(
        "The lines show how many people {who} would reach within three hops after adding the first 1, 2, 3, … of their {} contacts, in different orders. The vertical lines mark 50, 150 and 500 contacts (the article's 'at least 50' and '500 is too many'); circles mark the knee: {}.",
        curves.contacts, curves.knee_rule
    ));
    r.chart(
        "growth.png",
        &growth_chart,
        "reach_3 against number of contacts, by order",
        &["growth.csv", "growth.json"],
    )?;
    r.csv("growth.csv", &super::curve::csv_rows(&curves))?;
    r.json("growth.json", "curve", &curves)?;
    if !curves.quality.is_empty() {
        r.para(&format!(
            "Quality versus quantity: {} contacts chosen three ways.",
            curves.quality[0].k
        ));
        r.table(
            &super::curve::QUALITY_HEADER,
            &super::curve::quality_rows(&curves),
        );
    }
    for note in &curves.notes {
        r.para(&format!("Note: {note}."));
    }
    if let Some(timeline) = charts::timeline(network, ego, &curves) {
        r.heading("Reach over time");
        r.para("The same growth in calendar time: reach within three hops as the connections were made (Connected On dates), with 50, 150 and 500 contacts marked.");
        r.chart(
            "timeline.png",
            &timeline,
            "reach_3 over time by Connected On",
            &["growth.csv"],
        )?;
    }
    // Everyone.
    let all = charts::all_reach(network);
    r.heading("Everyone's reach");
    r.para(&format!(
        "The same measures for every person{}, so that {who}'s numbers can be read against the whole network.",
        if all.sampled { " (a seeded sample of people, since the network is large)" } else { "" }
    ));
    r.chart(
        "reach-distribution.png",
        &charts::reach_distribution(network, &all, Some(ego)),
        "distribution of n2 and n3 over everyone",
        &["reach_all.csv"],
    )?;
    r.chart(
        "reach-vs-degree.png",
        &charts::reach_vs_degree(network, &all, Some(ego)),
        "reach_3 against degree for everyone",
        &["reach_all.csv"],
    )?;
    r.chart(
        "degree.png",
        &charts::degree(network, Some(ego)),
        "degree distribution",
        &["degree.csv"],
    )?;
    let mut rows = vec![
        ["node_id", "degree", "n1", "n2", "n3", "reach_3"]
            .map(String::from)
            .to_vec(),
    ];
    for (&s, ring) in all.sources.iter().zip(all.rings.chunks_exact(3)) {
        rows.push(vec![
            network.labels.get(s),
            network.csr.degree(s).to_string(),
            ring[0].to_string(),
            ring[1].to_string(),
            ring[2].to_string(),
            ring.iter().sum::<u64>().to_string(),
        ]);
    }
    r.csv("reach_all.csv", &rows)?;
    let mut degree_rows = vec![vec!["degree".to_string(), "people".into()]];
    degree_rows.extend(
        charts::degree_counts(network)
            .into_iter()
            .map(|(d, c)| vec![d.to_string(), c.to_string()]),
    );
    r.csv("degree.csv", &degree_rows)?;
    // Connectors.
    r.heading("Key connectors");
    let (conn, conn_chart) = charts::connector_bars(network, ego);
    r.para(&format!("Which of {who}'s contacts carry the reach: 'exclusive' people are reached only through that contact; 'loss' is how much reach_2 or reach_3 would drop if the connection went (distances recomputed)."));
    r.chart(
        "connectors.png",
        &conn_chart,
        "exclusive reach and loss for the top contacts",
        &["connectors.csv"],
    )?;
    let conn_rows = super::connectors::contact_rows(&conn);
    r.table(
        &conn_rows[0].iter().map(String::as_str).collect::<Vec<_>>(),
        &conn_rows[1..conn_rows.len().min(11)],
    );
    r.csv("connectors.csv", &conn_rows)?;
    // Next best connections.
    r.heading("Next best connections");
    let (rec, rec_chart) = charts::gain_bars(network, ego, 10);
    match rec_chart {
        Some(chart) => {
            r.para(&format!("People {who} is not yet connected to (2nd-degree contacts), chosen greedily as a set: each bar is how many more people would come within three hops with that connection, after the ones above it."));
            r.chart("recommend.png", &chart, "gain per recommended connection", &["recommend.csv"])?;
        }
        None => r.para(&format!("No new connection at distance 2 would bring anyone new within three hops of {who}: everyone reachable is already within three hops, so there is no chart.")),
    }
    let mut rec_rows = vec![
        [
            "rank", "node_id", "name", "company", "position", "mutuals", "gain",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (i, p) in rec.picks.iter().enumerate() {
        rec_rows.push(vec![
            (i + 1).to_string(),
            p.node_id.clone(),
            p.name.clone().unwrap_or_default(),
            p.company.clone().unwrap_or_default(),
            p.position.clone().unwrap_or_default(),
            p.mutuals.to_string(),
            p.gain.to_string(),
        ]);
    }
    if rec_rows.len() > 1 {
        r.table(
            &rec_rows[0].iter().map(String::as_str).collect::<Vec<_>>(),
            &rec_rows[1..],
        );
    }
    r.csv("recommend.csv", &rec_rows)?;
    r.heading("What these numbers are not");
    r.para("Visibility and reach here are structural measures: who is within one, two or three hops in the loaded network. They do not predict LinkedIn's search rank, and a network built from exports shows only the exporters' own connections, so 2nd- and 3rd-degree reach is a lower bound of what LinkedIn itself would show.");
    Ok(())
}

/// The report of one person's own export: the audit leads, since no 2nd- or 3rd-degree contact
/// can be seen in it (so no reach, percentile or recommendation section is shown).
fn build_audit(
    r: &mut Report,
    network: &Network,
    a: &netreach::audit::Audit,
    input: &Path,
    pseudonymised: bool,
) -> anyhow::Result<()> {
    r.para(&format!(
        "This report was made by netreach from {}{}: the network audit of {}'s own LinkedIn archive, following {}. Nothing left this machine.",
        input.display(),
        if pseudonymised { " with names and profile URLs replaced by stable pseudonyms" } else { "" },
        a.owner,
        a.article
    ));
    r.heading("What one export can show");
    r.para(&a.scope);
    r.json("audit.json", "audit", a)?;
    audit_size(r, network, a)?;
    audit_quality(r, a);
    audit_recommendations(r, a)?;
    audit_ties(r, a);
    audit_ask_next(r, a);
    for l in &a.left_out {
        r.para(&format!(
            "Not shown: {} ({}).",
            l.part.replace('_', " "),
            l.reason
        ));
    }
    r.heading("What these numbers are not");
    r.para("These are counts from your own archive files. They do not predict LinkedIn's search rank, and keyword matches (field, seniority, recruiters) are documented rules, not judgements of people.");
    Ok(())
}

fn audit_size(r: &mut Report, network: &Network, a: &netreach::audit::Audit) -> anyhow::Result<()> {
    use chrono::Datelike;
    r.heading("Size against the article's guidance");
    r.para(&format!("{}.", a.size_verdict));
    for p in &a.passed {
        r.para(&format!("You passed {} contacts on {}.", p.contacts, p.on));
    }
    let rows: Vec<Vec<String>> = a
        .by_year
        .iter()
        .map(|y| vec![y.year.to_string(), thousands(y.added), thousands(y.total)])
        .collect();
    let dates: Vec<chrono::NaiveDate> = network
        .contacts_by_date(network.report.owners[0])
        .into_iter()
        .filter_map(|(_, d)| d)
        .collect();
    if !dates.is_empty() {
        let points = dates
            .iter()
            .enumerate()
            .map(|(i, d)| {
                (
                    d.year() as f64 + d.ordinal0() as f64 / 366.0,
                    (i + 1) as f64,
                )
            })
            .collect();
        let chart = plot::ContactsChart {
            points,
            label: a.owner.clone(),
        };
        r.chart(
            "contacts-over-time.png",
            &chart,
            "contacts over time with 50, 150 and 500 marked",
            &["by_year.csv"],
        )?;
    }
    r.table(&["year", "added", "total"], &rows);
    let mut csv = vec![vec!["year".to_string(), "added".into(), "total".into()]];
    csv.extend(
        a.by_year
            .iter()
            .map(|y| vec![y.year.to_string(), y.added.to_string(), y.total.to_string()]),
    );
    r.csv("by_year.csv", &csv)
}

fn audit_quality(r: &mut Report, a: &netreach::audit::Audit) {
    r.heading("Quality over quantity");
    if let (Some(field), Some(k), Some(share)) = (&a.field, a.in_field, a.field_share) {
        r.para(&format!(
            "{} of {} contacts ({:.0}%) are in {field} (field from {}). The article's best contacts are \"heavy\" people in your own field; those below hold a senior position in it.",
            thousands(k),
            thousands(a.connections),
            100.0 * share,
            a.field_source.as_deref().unwrap_or("")
        ));
        let rows: Vec<Vec<String>> = a
            .heavy_in_field
            .iter()
            .flat_map(|g| {
                g.people
                    .iter()
                    .map(|h| vec![g.company.clone(), h.name.clone(), h.position.clone()])
            })
            .collect();
        if !rows.is_empty() {
            r.table(&["company", "contact", "position"], &rows);
        }
    }
    r.para(&format!(
        "Recruiters and staffing-company people among your contacts: {} ({:.0}%). {}",
        thousands(a.recruiters),
        100.0 * a.recruiter_share,
        a.recruiter_claim
    ));
}

fn audit_recommendations(r: &mut Report, a: &netreach::audit::Audit) -> anyhow::Result<()> {
    let Some(coverage) = &a.recommendation_coverage else {
        return Ok(());
    };
    r.heading("A recommendation from each employer");
    r.para("The article advises a recommendation from each of your recent employers. Each position, newest first, with the recommendations received from people at that company (visible on your profile, or hidden by you) and those you gave.");
    let rows: Vec<Vec<String>> = coverage
        .iter()
        .map(|p| {
            vec![
                p.company.clone(),
                p.title.clone(),
                format!(
                    "{} – {}",
                    p.started.as_deref().unwrap_or("?"),
                    p.finished.as_deref().unwrap_or("now")
                ),
                p.visible.to_string(),
                p.hidden.to_string(),
                p.given.to_string(),
            ]
        })
        .collect();
    r.table(
        &["employer", "title", "when", "visible", "hidden", "given"],
        &rows,
    );
    let chart = plot::BarsChart {
        title: "Recommendations per employer".into(),
        note: "received from people at each company, newest position first".into(),
        x_label: "recommendations".into(),
        measures: vec!["visible".into(), "hidden".into()],
        rows: coverage
            .iter()
            .map(|p| (p.company.clone(), vec![p.visible as f64, p.hidden as f64]))
            .collect(),
    };
    r.chart(
        "recommendations.png",
        &chart,
        "recommendations received per employer",
        &["audit.json"],
    )?;
    if let Some(without) = a
        .employers_without_recommendation
        .as_ref()
        .filter(|w| !w.is_empty())
    {
        r.para(&format!(
            "Recent employers with no visible recommendation: {}.",
            without.join(", ")
        ));
    }
    Ok(())
}

fn audit_ties(r: &mut Report, a: &netreach::audit::Audit) {
    if let Some(i) = &a.invitations {
        r.heading("Invitations");
        r.para(&format!(
            "{} received ({} with a personal message, {} from recruiters, {} from your field) and {} sent ({} with a message). The article: no need to accept strangers, especially not without a personal message. Received invitations in that order: {}.",
            i.incoming, i.incoming_with_message, i.incoming_from_recruiters, i.incoming_in_field, i.outgoing, i.outgoing_with_message,
            if i.incoming_in_order.is_empty() { "none".to_string() } else { i.incoming_in_order.join(", ") }
        ));
    }
    if let Some(top) = &a.top_messaged {
        r.heading("Strongest ties");
        let rows: Vec<Vec<String>> = top
            .iter()
            .map(|t| {
                vec![
                    t.name.clone(),
                    t.two_way_conversations.to_string(),
                    t.messages.to_string(),
                ]
            })
            .collect();
        r.para(&format!(
            "Contacts with most two-way conversations in messages.csv; {} contacts were never messaged.",
            a.never_messaged.map_or("?".into(), thousands)
        ));
        r.table(&["contact", "two-way conversations", "messages"], &rows);
    }
}

fn audit_ask_next(r: &mut Report, a: &netreach::audit::Audit) {
    if a.ask_next.is_empty() {
        return;
    }
    r.heading("Whose export to ask for next");
    r.para("To see 2nd- and 3rd-degree reach you need your contacts' exports. These contacts' exports would likely reveal most of your field and of companies not yet covered (score: ×3 in your field, ×2 senior, ×2 a company not yet covered, ×1.5 if you talk). Put their exports in one folder with yours and run `netreach report FOLDER`: the report then shows real reach, key connectors and next best connections.");
    let rows: Vec<Vec<String>> = a
        .ask_next
        .iter()
        .map(|x| {
            vec![
                x.name.clone(),
                x.company.clone(),
                x.position.clone(),
                format!("{:.1}", x.score),
                x.why.clone(),
            ]
        })
        .collect();
    r.table(&["contact", "company", "position", "score", "why"], &rows);
}
