//! `netreach stats`.

use clap::Args;
use netreach::stats::{Summary, summarize};

use netreach::report::tables::{input_rows, problem_rows, summary_rows};

use super::IoArgs;
use super::render::{self, Format, thousands};

/// Arguments of `stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub(super) io: IoArgs,
    /// How many of the best-connected people to list, 0 for all.
    #[arg(long, default_value = "10", value_parser = super::parse_top)]
    top: usize,
    #[command(flatten)]
    cluster: super::cluster::ClusterArgs,
}

pub fn run(args: StatsArgs) -> anyhow::Result<()> {
    let summary = if args.cluster.is_set() {
        // Only process 0 has the summary, and writes it.
        match super::cluster::summary(&args.cluster, &args.io.input, args.top)? {
            Some(summary) => summary,
            None => return Ok(()),
        }
    } else {
        summarize(&args.io.input.load()?, args.top)
    };
    let doc = render::json_document("stats", &summary)?;
    render::emit(&args.io.output.output, |out| {
        match args.io.output.format() {
            Format::Json => render::write_json(out, &doc),
            Format::Csv => render::write_csv(out, &metric_rows(&summary)),
            Format::Table => write_table(out, &summary),
        }
    })
}

fn metric_rows(s: &Summary) -> Vec<Vec<String>> {
    let mut rows = vec![vec!["metric".to_string(), "value".to_string()]];
    let mut add = |k: &str, v: String| rows.push(vec![k.to_string(), v]);
    add("format", s.format.clone());
    // The table's words (people, connections), as snake_case keys; JSON keeps `nodes` and
    // `edges`, the graph-library names its readers join on.
    add("people", s.nodes.to_string());
    add("connections", s.edges.to_string());
    add("merged_duplicates", s.merged_duplicates.to_string());
    add("self_loops", s.self_loops.to_string());
    add("components", s.components.to_string());
    add("largest_component", s.largest_component.to_string());
    add("people_with_no_connection", s.isolated.to_string());
    add("degree_min", s.degree.min.to_string());
    add("degree_median", s.degree.median.to_string());
    add("degree_mean", format!("{:.4}", s.degree.mean));
    add("degree_max", s.degree.max.to_string());
    for skip in &s.skipped {
        add(&format!("skipped: {}", skip.reason), skip.count.to_string());
    }
    if let Some(id) = &s.identity {
        add("exports", id.exports.to_string());
        add("identity_rows", id.rows.to_string());
        add("identity_matched_by_url", id.matched_by_url.to_string());
        add("identity_matched_by_name", id.matched_by_name.to_string());
        add("identity_ambiguous", id.ambiguous.to_string());
        add(
            "identity_unmatched_without_url",
            id.unmatched_without_url.to_string(),
        );
        add("identity_hidden", id.hidden.to_string());
        add(
            "identity_owners_matched_by_name",
            id.owners_matched_by_name.to_string(),
        );
    }
    for p in &s.row_problems {
        add(&format!("row problem: {}", p.reason), p.count.to_string());
    }
    for (i, d) in s.inputs.iter().enumerate() {
        let n = i + 1;
        add(&format!("input_{n}_file"), d.file.clone());
        add(&format!("input_{n}_encoding"), d.encoding.clone());
        add(&format!("input_{n}_delimiter"), d.delimiter.clone());
        add(&format!("input_{n}_header"), d.header.clone());
        add(&format!("input_{n}_date_order"), d.date_order.clone());
    }
    rows
}

fn write_table(out: &mut dyn std::io::Write, s: &Summary) -> std::io::Result<()> {
    let rows = summary_rows(s);
    writeln!(out, "Network summary ({})", s.format)?;
    writeln!(out, "{}", render::table(&["measure", "value"], &rows))?;
    if !s.inputs.is_empty() {
        writeln!(out, "\nHow the exports were read")?;
        let header = ["file", "encoding", "delimiter", "header", "day/month order"];
        writeln!(out, "{}", render::table(&header, &input_rows(s)))?;
    }
    if !s.row_problems.is_empty() {
        writeln!(out, "\nRows with problems (the rest of each file was read)")?;
        let header = ["problem", "rows", "first lines"];
        writeln!(out, "{}", render::table(&header, &problem_rows(s)))?;
    }
    let top: Vec<Vec<String>> = s
        .top_by_degree
        .iter()
        .enumerate()
        .map(|(i, p)| {
            // Readers see names; internal keys (owner:…, normalised URLs) stay in CSV/JSON.
            let person = match (&p.name, p.node_id.to_string().starts_with("owner:")) {
                (Some(name), _) => name.clone(),
                (None, true) => netreach::graph::YOU.to_string(),
                (None, false) => p.node_id.to_string(),
            };
            vec![(i + 1).to_string(), person, thousands(p.degree as u64)]
        })
        .collect();
    writeln!(out, "\nBest-connected people")?;
    writeln!(
        out,
        "{}",
        render::table(&["rank", "person", "connections"], &top)
    )
}
