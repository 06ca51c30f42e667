//! `netreach audit`: the personal audit of one person's own archive.

use clap::Args;
use netreach::audit::Audit;
use netreach::graph::Network;
use netreach::io::linkedin::archive::Archive;

use super::IoArgs;
use super::render::{self, Format, thousands};

/// Arguments of `audit`.
#[derive(Debug, Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub(super) io: IoArgs,
    /// In a merged set of exports: whose archive to audit (default: --owner).
    #[arg(long, value_name = "ID|NAME|URL")]
    ego: Option<String>,
    /// Your field, for the in-field share and the "heavy" contacts (default: inferred from
    /// Positions.csv, else the Profile.csv headline).
    #[arg(long, value_name = "NAME", value_parser = parse_field)]
    field: Option<String>,
    /// People in each list of the table, 0 for all (CSV and JSON hold everyone).
    #[arg(long, default_value = "10", value_parser = super::parse_top)]
    top: usize,
    /// Employers of this many recent years are checked for a recommendation.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=60))]
    years: u32,
}

fn parse_field(s: &str) -> Result<String, String> {
    let names: Vec<&str> = netreach::whatif::FIELDS.iter().map(|(f, _)| *f).collect();
    if names.contains(&s) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "unknown field '{s}' (expected one of {})",
            names.join(", ")
        ))
    }
}

pub fn run(args: AuditArgs) -> anyhow::Result<()> {
    let (network, archive) = load_with_archive(&args.io.input)?;
    let ego = args.io.input.ego(&network, args.ego.as_deref())?;
    let result = netreach::tasks::audit(
        &network,
        &args.io.input.input,
        archive,
        ego,
        args.field,
        args.years,
    )?;
    let doc = render::json_document("audit", &result)?;
    render::emit(&args.io.output.output, |out| {
        match args.io.output.format() {
            Format::Json => render::write_json(out, &doc),
            Format::Csv => render::write_csv(out, &long_rows(&doc)),
            Format::Table => write_table(out, &result, args.top),
        }
    })
}

/// The network and, when the input is a stream (`-`, a pipe) that can be read only once, the
/// archive it was built from (a file is loaded with the progress bar and its archive read
/// later from disk).
pub fn load_with_archive(input: &super::InputArgs) -> anyhow::Result<(Network, Option<Archive>)> {
    if !netreach::io::is_stream(&input.input) {
        return Ok((input.load()?, None));
    }
    let options = netreach::io::LoadOptions {
        format: input.input_format,
        owner: input.owner.clone(),
    };
    let (network, archive) = netreach::tasks::load_with_archive(&input.input, &options)?;
    super::warn_row_problems(&network, &input.input);
    Ok((network, archive))
}

/// Every part of the audit as CSV in long format, one row per value: `part,path,value`, where
/// `part` is the JSON document's top-level key and `path` the position inside it (`3.name` for
/// the name in the fourth row of a list; empty for a plain value).
fn long_rows(doc: &serde_json::Value) -> Vec<Vec<String>> {
    let mut rows = vec![vec!["part".to_string(), "path".into(), "value".into()]];
    if let serde_json::Value::Object(parts) = doc {
        for (part, value) in parts {
            flatten(part, String::new(), value, &mut rows);
        }
    }
    rows
}

fn flatten(part: &str, path: String, value: &serde_json::Value, rows: &mut Vec<Vec<String>>) {
    use serde_json::Value;
    let child = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                flatten(part, child(k), v, rows);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(part, child(&i.to_string()), v, rows);
            }
        }
        Value::Null => {}
        Value::String(s) => rows.push(vec![part.to_string(), path, s.clone()]),
        other => rows.push(vec![part.to_string(), path, other.to_string()]),
    }
}

fn percent(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

fn write_table(out: &mut dyn std::io::Write, a: &Audit, top: usize) -> std::io::Result<()> {
    writeln!(
        out,
        "Network audit of {}",
        render::terminal_safe(&possessive(&a.owner))
    )?;
    writeln!(out, "{}\n", a.scope)?;
    write_size(out, a)?;
    write_quality(out, a, top)?;
    write_recommendations(out, a)?;
    write_invitations_and_ties(out, a, top)?;
    write_ask_next(out, a)?;
    for l in &a.left_out {
        writeln!(
            out,
            "Not shown: {} ({})",
            l.part.replace('_', " "),
            l.reason
        )?;
    }
    Ok(())
}

fn write_size(out: &mut dyn std::io::Write, a: &Audit) -> std::io::Result<()> {
    writeln!(out, "Size: {}.", a.size_verdict)?;
    if a.hidden > 0 {
        let rows = if a.hidden == 1 { "row" } else { "rows" };
        writeln!(
            out,
            "Also {} hidden {rows} (closed or hidden accounts).",
            thousands(a.hidden)
        )?;
    }
    for p in &a.passed {
        writeln!(
            out,
            "You passed {} on {}.",
            render::count(p.contacts, "contact", "contacts"),
            p.on
        )?;
    }
    if !a.by_year.is_empty() {
        let rows: Vec<Vec<String>> = a
            .by_year
            .iter()
            .map(|y| vec![y.year.to_string(), thousands(y.added), thousands(y.total)])
            .collect();
        writeln!(out, "{}", render::table(&["year", "added", "total"], &rows))?;
    }
    if a.undated > 0 {
        writeln!(
            out,
            "{} no readable date and {} not in the table.",
            render::count(a.undated, "contact has", "contacts have"),
            if a.undated == 1 { "is" } else { "are" }
        )?;
    }
    writeln!(out)
}

fn write_quality(out: &mut dyn std::io::Write, a: &Audit, top: usize) -> std::io::Result<()> {
    if let (Some(field), Some(share), Some(k)) = (&a.field, a.field_share, a.in_field) {
        let source = a.field_source.as_deref().unwrap_or("");
        let source = match source.strip_prefix("inferred: ") {
            Some(why) => why.to_string(),
            None => format!("field from {source}"),
        };
        writeln!(
            out,
            "Quality over quantity: {} of your contacts ({}) are in {field} ({source}).",
            thousands(k),
            percent(share)
        )?;
        for g in a.heavy_in_field.iter().take(top) {
            let mut people: Vec<String> = g
                .people
                .iter()
                .take(5)
                .map(|p| render::terminal_safe(&format!("{} ({})", p.name, p.position)))
                .collect();
            if g.people.len() > 5 {
                people.push(format!("and {} more", g.people.len() - 5));
            }
            writeln!(
                out,
                "  heavy in-field at {}: {}",
                render::terminal_safe(&g.company),
                people.join("; ")
            )?;
        }
        render::more(out, top, a.heavy_in_field.len(), "companies")?;
    }
    write_recruiters(out, a, top)
}

fn write_recruiters(out: &mut dyn std::io::Write, a: &Audit, top: usize) -> std::io::Result<()> {
    writeln!(
        out,
        "Recruiters among your contacts: {} ({}).",
        thousands(a.recruiters),
        percent(a.recruiter_share)
    )?;
    if !a.recruiter_people.is_empty() {
        writeln!(
            out,
            "{}",
            render::table(&PEOPLE_HEADER, &people_rows(&a.recruiter_people, top))
        )?;
        render::more(out, top, a.recruiter_people.len(), "recruiters")?;
        // Companies with several recruiters by count; those with one each are a tie, counted
        // rather than listed in name order.
        let several: Vec<String> = a
            .recruiters_by_company
            .iter()
            .filter(|r| r.count > 1)
            .take(top)
            .map(|r| format!("{} {}", render::terminal_safe(&r.company), r.count))
            .collect();
        let singles = a
            .recruiters_by_company
            .iter()
            .filter(|r| r.count == 1)
            .count();
        let mut line = several.join(", ");
        if singles > 0 {
            if !line.is_empty() {
                line.push_str("; ");
            }
            line.push_str(&format!(
                "{} with one each",
                render::count(singles as u64, "company", "companies")
            ));
        }
        writeln!(out, "  by company: {line}")?;
    }
    writeln!(out, "{}\n", a.recruiter_claim)
}

const PEOPLE_HEADER: [&str; 4] = ["contact", "position", "company", "connected"];

/// The first `top` people as table rows (newest connection first, as the audit orders them).
fn people_rows(people: &[netreach::audit::PersonLine], top: usize) -> Vec<Vec<String>> {
    people
        .iter()
        .take(top)
        .map(|p| {
            vec![
                p.name.clone(),
                p.position.clone(),
                p.company.clone(),
                p.connected_on.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

fn write_recommendations(out: &mut dyn std::io::Write, a: &Audit) -> std::io::Result<()> {
    let Some(coverage) = &a.recommendation_coverage else {
        return Ok(());
    };
    writeln!(
        out,
        "Recommendations from each employer (the article: get one from each recent employer)"
    )?;
    let rows: Vec<Vec<String>> = coverage
        .iter()
        .map(|p| {
            let span = format!(
                "{} – {}",
                p.started.as_deref().unwrap_or("?"),
                p.finished.as_deref().unwrap_or("now")
            );
            vec![
                render::terminal_safe(&p.company),
                render::terminal_safe(&p.title),
                span,
                p.visible.to_string(),
                p.hidden.to_string(),
                p.given.to_string(),
            ]
        })
        .collect();
    let header = ["employer", "title", "when", "visible", "hidden", "given"];
    writeln!(out, "{}", render::table(&header, &rows))?;
    if let Some(without) = a
        .employers_without_recommendation
        .as_ref()
        .filter(|w| !w.is_empty())
    {
        let names: Vec<String> = without.iter().map(|w| render::terminal_safe(w)).collect();
        writeln!(
            out,
            "Recent employers with no visible recommendation: {}.",
            names.join(", ")
        )?;
    }
    writeln!(out)
}

fn write_invitations_and_ties(
    out: &mut dyn std::io::Write,
    a: &Audit,
    top: usize,
) -> std::io::Result<()> {
    write_invitations(out, a, top)?;
    write_strongest_ties(out, a, top)?;
    writeln!(out)
}

fn write_invitations(out: &mut dyn std::io::Write, a: &Audit, top: usize) -> std::io::Result<()> {
    if let Some(i) = &a.invitations {
        writeln!(
            out,
            "Invitations: {} received ({} with a personal message, {} from recruiters, {} from your field); {} sent ({} with a message).",
            i.incoming,
            i.incoming_with_message,
            i.incoming_from_recruiters,
            i.incoming_in_field,
            i.outgoing,
            i.outgoing_with_message
        )?;
        if !i.incoming_in_order.is_empty() {
            let names: Vec<String> = i
                .incoming_in_order
                .iter()
                .take(top)
                .map(|n| render::terminal_safe(n))
                .collect();
            writeln!(
                out,
                "  received, in the article's order (a personal message first; no need to accept strangers): {}",
                names.join(", ")
            )?;
            render::more(out, top, i.incoming_in_order.len(), "invitations")?;
        }
    }
    Ok(())
}

fn write_strongest_ties(
    out: &mut dyn std::io::Write,
    a: &Audit,
    top: usize,
) -> std::io::Result<()> {
    if let Some(strongest) = &a.top_messaged {
        let names: Vec<String> = strongest
            .iter()
            .map(|t| {
                format!(
                    "{} ({} two-way)",
                    render::terminal_safe(&t.name),
                    t.two_way_conversations
                )
            })
            .collect();
        writeln!(
            out,
            "Strongest ties (two-way conversations): {}.",
            names.join(", ")
        )?;
        if let Some(never) = a.never_messaged.filter(|&n| n > 0) {
            writeln!(
                out,
                "Contacts you have never messaged: {}, newest connection first:",
                thousands(never)
            )?;
            let people = a.never_messaged_people.as_deref().unwrap_or_default();
            writeln!(
                out,
                "{}",
                render::table(&PEOPLE_HEADER, &people_rows(people, top))
            )?;
            render::more(out, top, people.len(), "contacts")?;
        }
    }
    Ok(())
}

fn write_ask_next(out: &mut dyn std::io::Write, a: &Audit) -> std::io::Result<()> {
    if a.ask_next.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "Whose export to ask for next (their export shows your 2nd degree through them):"
    )?;
    let rows: Vec<Vec<String>> = a
        .ask_next
        .iter()
        .map(|x| {
            vec![
                render::terminal_safe(&x.name),
                render::terminal_safe(&x.company),
                format!("{:.2}", x.score),
                x.why.clone(),
            ]
        })
        .collect();
    writeln!(
        out,
        "{}",
        render::table(&["contact", "company", "score", "why"], &rows)
    )?;
    if let Some(tied) = a.ask_next.iter().find(|x| x.tied_with > 0) {
        writeln!(
            out,
            "{} tie with {} at {:.2}: among them the order is your export's, not a ranking.",
            render::terminal_safe(&tied.name),
            render::count(tied.tied_with, "other contact", "other contacts"),
            tied.score
        )?;
    }
    writeln!(
        out,
        "With their exports in one folder, `netreach report FOLDER` shows real 2nd- and 3rd-degree reach, key connectors and next best connections.\n"
    )
}

/// "your archive" for the unnamed owner, "Ada Example's archive" otherwise.
pub fn possessive(owner: &str) -> String {
    if owner == netreach::graph::YOU {
        "your archive".to_string()
    } else {
        format!("{owner}'s archive")
    }
}
