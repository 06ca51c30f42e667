//! The audit report: one person's own export, where the audit leads since no 2nd- or
//! 3rd-degree contact can be seen (no reach, percentile or recommendation section).

use super::{Document, Options};
use crate::audit::Audit;
use crate::graph::Network;
use crate::plot;
use crate::render::thousands;

/// The report of one person's own export: the audit leads, since no 2nd- or 3rd-degree contact
/// can be seen in it (so no reach, percentile or recommendation section is shown).
pub fn audit_report(network: &Network, a: &Audit, options: &Options) -> anyhow::Result<Document> {
    let mut doc = Document::new(format!("netreach report: {}", options.source));
    let r = &mut doc;
    r.para(format!(
        "This report was made by netreach from {}: the network audit of {} own LinkedIn archive, following {}. Nothing left this machine.",
        super::provenance(options),
        if a.owner == crate::graph::YOU { "your".to_string() } else { format!("{}'s", a.owner) },
        a.article
    ));
    r.heading("What one export can show");
    r.para(a.scope.clone());
    r.json("audit.json", "audit", a)?;
    audit_size(r, network, a)?;
    audit_quality(r, a);
    audit_recommendations(r, a)?;
    audit_ties(r, a);
    audit_ask_next(r, a);
    for l in &a.left_out {
        r.para(format!(
            "Not shown: {} ({}).",
            l.part.replace('_', " "),
            l.reason
        ));
    }
    r.heading("What these numbers are not");
    r.para("These are counts from your own archive files. They do not predict LinkedIn's search rank, and keyword matches (field, seniority, recruiters) are documented rules, not judgements of people.");
    Ok(doc)
}

fn audit_size(r: &mut Document, network: &Network, a: &Audit) -> anyhow::Result<()> {
    use chrono::Datelike;
    r.heading("Size against the article's guidance");
    r.para(format!("{}.", a.size_verdict));
    for p in &a.passed {
        r.para(format!(
            "You passed {} on {}.",
            crate::render::count(p.contacts, "contact", "contacts"),
            p.on
        ));
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

fn audit_quality(r: &mut Document, a: &Audit) {
    r.heading("Quality over quantity");
    if let (Some(field), Some(k), Some(share)) = (&a.field, a.in_field, a.field_share) {
        r.para(format!(
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
    r.para(format!(
        "Recruiters and staffing-company people among your contacts: {} ({:.0}%). {}",
        thousands(a.recruiters),
        100.0 * a.recruiter_share,
        a.recruiter_claim
    ));
}

fn audit_recommendations(r: &mut Document, a: &Audit) -> anyhow::Result<()> {
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
        r.para(format!(
            "Recent employers with no visible recommendation: {}.",
            without.join(", ")
        ));
    }
    Ok(())
}

fn audit_ties(r: &mut Document, a: &Audit) {
    if let Some(i) = &a.invitations {
        r.heading("Invitations");
        r.para(format!(
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
        r.para(format!(
            "Contacts with most two-way conversations in messages.csv; {} never messaged.",
            a.never_messaged
                .map_or("?".into(), |n| crate::render::count(
                    n,
                    "contact was",
                    "contacts were"
                ))
        ));
        r.table(&["contact", "two-way conversations", "messages"], &rows);
    }
}

fn audit_ask_next(r: &mut Document, a: &Audit) {
    if a.ask_next.is_empty() {
        return;
    }
    r.heading("Whose export to ask for next");
    r.para("To see 2nd- and 3rd-degree reach you need your contacts' exports. These contacts' exports would likely reveal most of your field and of companies not yet covered (the score multiplies: ×3 in your field, ×2.5 executive or ×2 senior, ×2 a company not yet covered, ×1.5 if you talk, up to ×1.5 for many of your contacts at an uncovered company, up to ×1.5 for a recent connection). Put their exports in one folder with yours and run `netreach report FOLDER`: the report then shows real reach, key connectors and next best connections.");
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
