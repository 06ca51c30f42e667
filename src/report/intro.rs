//! The report's introductions: "Do you know anyone here?" for companies and job lists (the
//! `intro` command's answers: a table per question and a small picture of the best paths from
//! the ego through the introducers to the people there), and a merged folder's overlap (the
//! `overlap` command's tables).

use rustc_hash::{FxHashMap, FxHashSet};

use super::{Document, tables};
use crate::audit::keywords::normalise_company;
use crate::graph::{Names, Network};
use crate::intro::{CompanySummary, Introductions, JobList, Strength, Target};
use crate::plot::{NetworkChart, PALETTE};
use crate::render::thousands;

/// Companies in the summary table (intro.json has all of them).
const COMPANY_ROWS: usize = 20;
/// Nearest people listed per company.
const PEOPLE_PER_COMPANY: usize = 5;
/// Job rows shown (jobs.csv has all of them).
const JOB_ROWS: usize = 20;
/// Best paths drawn in the picture.
const PICTURE_PATHS: usize = 8;
/// Longest label in the picture, in characters.
const LABEL_CHARS: usize = 30;

/// What the report's "Do you know anyone here?" section asks: companies and a job list, with
/// the tie strengths that rank the paths (empty when unknown).
#[derive(Clone, Debug, Default)]
pub struct IntroQuestion {
    /// Companies, as the user wrote them.
    pub companies: Vec<String>,
    /// A job list, whose rows come back with the introduction columns.
    pub jobs: Option<JobList>,
    /// The ego's tie strengths.
    pub strength: FxHashMap<u32, Strength>,
    /// The tie strengths of introducers whose own archives are in the input.
    pub introducer_strength: FxHashMap<u32, FxHashMap<u32, Strength>>,
}

impl IntroQuestion {
    /// Whether anything is asked.
    pub fn is_asked(&self) -> bool {
        !self.companies.is_empty() || self.jobs.is_some()
    }

    /// The question with every company (asked, and in the job list's company column) renamed
    /// by `rename`: with pseudonymised companies the report asks for the pseudonyms.
    pub fn with_companies_renamed(mut self, rename: impl Fn(&str) -> String) -> IntroQuestion {
        for c in &mut self.companies {
            *c = rename(c);
        }
        if let Some(jobs) = &mut self.jobs {
            for row in &mut jobs.rows {
                row[jobs.company] = rename(&row[jobs.company]);
            }
        }
        self
    }

    /// Every company asked: `companies` first, then each company of the job list once, in the
    /// list's order (companies compared as the audit compares them).
    pub fn all_companies(&self) -> Vec<String> {
        let mut seen = FxHashSet::default();
        let from_jobs = self.jobs.iter().flat_map(JobList::companies);
        self.companies
            .iter()
            .cloned()
            .chain(from_jobs)
            .filter(|c| {
                let key = normalise_company(c);
                !key.is_empty() && seen.insert(key)
            })
            .collect()
    }
}

/// "Do you know anyone here?": for each company asked (and each of the job list's), who is
/// within 3 hops and who could introduce the ego, best introduced first; the picture of the
/// best paths; the job list with its introduction columns.
pub(super) fn intro_section(
    doc: &mut Document,
    network: &Network,
    ego: u32,
    question: &IntroQuestion,
) -> anyhow::Result<()> {
    let intro = Introductions::new(network, ego, &question.strength)
        .with_introducer_strengths(question.introducer_strength.clone());
    doc.heading("Do you know anyone here?");
    doc.para(how_paths_are_ranked(question, &intro));
    let companies = question.all_companies();
    // One pass for every company's summary; people only for the companies the tables show.
    let summaries = intro.summaries(&companies);
    let targets: Vec<Vec<Target>> = companies
        .iter()
        .take(COMPANY_ROWS)
        .map(|c| intro.targets_at(c, 1, PICTURE_PATHS))
        .collect();
    company_tables(doc, &intro, &summaries, &targets);
    if let Some(chart) = paths_picture(network, &intro, ego, &targets) {
        paths_figure(doc, &chart, &targets)?;
    }
    if let Some(jobs) = &question.jobs {
        jobs_table(doc, jobs, &summaries)?;
    }
    doc.json(
        "intro.json",
        "intro",
        &serde_json::json!({ "companies": summaries }),
    )
}

fn how_paths_are_ranked(question: &IntroQuestion, intro: &Introductions) -> String {
    let mut text = if question.strength.values().any(|s| s.score.is_some()) {
        "For each company: the people there within one, two and three hops, how many of your contacts could introduce you, and the best path to them. Paths are shortest paths, best first by how well you know the first person on them (messages, recommendations, invitations, shared employers and the age of the connection, from your archive), then by mutual connections; never by name.".to_string()
    } else {
        "For each company: the people there within one, two and three hops, how many of your contacts could introduce you, and the best path to them. Your archive holds only Connections.csv, so how well you know each introducer is unknown: paths are ranked by mutual connections, never by name.".to_string()
    };
    let n = intro.introducers_with_strengths();
    if n > 0 {
        text.push_str(&format!(
            " {} exported too: their own archives rank the next person on paths through them.",
            crate::render::count(n as u64, "of your contacts", "of your contacts")
        ));
    }
    text
}

/// The company summary and the nearest people at each company.
fn company_tables(
    doc: &mut Document,
    intro: &Introductions,
    summaries: &[CompanySummary],
    targets: &[Vec<Target>],
) {
    let summary_rows: Vec<Vec<String>> = summaries
        .iter()
        .take(COMPANY_ROWS)
        .map(|c| {
            vec![
                c.company.clone(),
                thousands(c.people as u64),
                thousands(c.within_1 as u64),
                thousands(c.within_2 as u64),
                thousands(c.within_3 as u64),
                thousands(c.introducers as u64),
            ]
        })
        .collect();
    let header = [
        "company",
        "people there",
        "within 1 hop",
        "within 2",
        "within 3",
        "could introduce you",
    ];
    doc.table(&header, &summary_rows);
    if summaries.len() > COMPANY_ROWS {
        doc.para(format!(
            "The table shows the first {COMPANY_ROWS} of {} companies; intro.json has all of them.",
            thousands(summaries.len() as u64)
        ));
    }
    let rows: Vec<Vec<String>> = targets
        .iter()
        .zip(summaries)
        .flat_map(|(targets, summary)| {
            targets.iter().take(PEOPLE_PER_COMPANY).map(|t| {
                vec![
                    summary.company.clone(),
                    intro.path_text(t).unwrap_or_default(),
                    t.distance.to_string(),
                    t.introducers.to_string(),
                ]
            })
        })
        .collect();
    if !rows.is_empty() {
        doc.para(format!(
            "The nearest people at each company (up to {PEOPLE_PER_COMPANY}), best introduced first:"
        ));
        doc.table(&["company", "best path", "hops", "could introduce"], &rows);
    }
}

/// The targets the picture draws: each company's best first, then each company's second, and
/// so on, up to [`PICTURE_PATHS`].
fn picked_targets(targets: &[Vec<Target>]) -> Vec<&Target> {
    let deepest = targets.iter().map(Vec::len).max().unwrap_or(0);
    (0..deepest)
        .flat_map(|rank| targets.iter().filter_map(move |t| t.get(rank)))
        .take(PICTURE_PATHS)
        .collect()
}

/// A label of at most [`LABEL_CHARS`] characters.
fn short(text: String) -> String {
    if text.chars().count() <= LABEL_CHARS {
        return text;
    }
    let cut: String = text.chars().take(LABEL_CHARS - 1).collect();
    format!("{cut}…")
}

/// The people and lines of the picture: the ego first, then everyone on the drawn paths in
/// order of appearance; lines as index pairs.
fn path_graph(ego: u32, picked: &[&Target]) -> (Vec<u32>, Vec<(u32, u32)>) {
    let mut nodes: Vec<u32> = vec![ego];
    let mut index: FxHashMap<u32, u32> = FxHashMap::from_iter([(ego, 0)]);
    let mut edges = Vec::new();
    for path in picked.iter().filter_map(|t| t.path_ids.first()) {
        for pair in path.windows(2) {
            let [a, b] = [pair[0], pair[1]].map(|v| {
                *index.entry(v).or_insert_with(|| {
                    nodes.push(v);
                    nodes.len() as u32 - 1
                })
            });
            if !edges.contains(&(a, b)) {
                edges.push((a, b));
            }
        }
    }
    (nodes, edges)
}

/// Layered positions: x is the hop, each column spread evenly around the middle, at most 2.4
/// layout units tall so that the picture keeps its width for the labels.
fn layered(columns: &[usize]) -> Vec<(f64, f64)> {
    let mut in_column: Vec<Vec<usize>> = vec![Vec::new(); 4];
    for (i, &c) in columns.iter().enumerate() {
        in_column[c.min(3)].push(i);
    }
    let mut positions = vec![(0.0, 0.0); columns.len()];
    for (x, members) in in_column.iter().enumerate() {
        let step = if members.len() > 1 {
            (2.4 / (members.len() - 1) as f64).min(0.6)
        } else {
            0.0
        };
        let top = step * (members.len().saturating_sub(1)) as f64 / 2.0;
        for (row, &i) in members.iter().enumerate() {
            positions[i] = (x as f64, top - step * row as f64);
        }
    }
    positions
}

/// A person's label: the plain name (the hover text has the whole path), with the company for
/// the people there.
fn picture_label(network: &Network, names: &Names, ego: u32, v: u32, at_company: bool) -> String {
    let mut text = match network.people.name(v) {
        _ if v == ego => "you".to_string(),
        Some(name) => name.to_string(),
        None => names.show(v),
    };
    if let Some(company) = network.people.company(v).filter(|_| at_company) {
        text = format!("{text}, {company}");
    }
    short(text)
}

/// The small picture: the ego on the left, then each hop in its own column (the introducers,
/// the people they would ask, the people at the company), the best path to each picked target
/// drawn as lines. `None` when nobody asked for is within reach.
fn paths_picture(
    network: &Network,
    intro: &Introductions,
    ego: u32,
    targets: &[Vec<Target>],
) -> Option<NetworkChart> {
    let picked = picked_targets(targets);
    if picked.is_empty() {
        return None;
    }
    let at_company: FxHashSet<u32> = picked.iter().map(|t| t.person.id).collect();
    let (nodes, edges) = path_graph(ego, &picked);
    let column = |v: u32| intro.distance(v).unwrap_or(0) as usize;
    let names = network.names();
    let class_of = |v: u32| match v {
        v if v == ego => 0,
        v if at_company.contains(&v) => 3,
        v if column(v) == 1 => 1,
        _ => 2,
    };
    let colour = |c: plotters::style::RGBColor| (c.0, c.1, c.2);
    Some(NetworkChart {
        title: "Who could introduce you".into(),
        note: "the best path to the nearest people at each company; columns are hops from you"
            .into(),
        positions: layered(&nodes.iter().map(|&v| column(v)).collect::<Vec<_>>()),
        edges,
        class: nodes.iter().map(|&v| class_of(v)).collect(),
        classes: vec![
            ("you".into(), colour(PALETTE[3])),
            ("would introduce you".into(), colour(PALETTE[2])),
            ("knows someone there".into(), colour(PALETTE[0])),
            ("at the company".into(), colour(PALETTE[4])),
        ],
        degree: vec![25; nodes.len()],
        labels: (0..nodes.len() as u32)
            .zip(&nodes)
            .map(|(i, &v)| {
                let text = picture_label(network, &names, ego, v, at_company.contains(&v));
                (i, text)
            })
            .collect(),
        names: nodes
            .iter()
            .map(|&v| match picked.iter().find(|t| t.person.id == v) {
                Some(t) => intro.path_text(t).unwrap_or_else(|| names.show(v)),
                None => names.show(v),
            })
            .collect(),
        edge_opacity: 0.7,
    })
}

/// The picture as PNG (and inline SVG with every name on hover), with the paths it draws in
/// intro-paths.json.
fn paths_figure(
    doc: &mut Document,
    chart: &NetworkChart,
    targets: &[Vec<Target>],
) -> anyhow::Result<()> {
    doc.para("The best path to the nearest people at each company, as a picture: you on the left, then the contacts who would introduce you, the people they would ask, and the people at the company (hover over a person for the whole path).");
    doc.chart(
        "intro-paths.png",
        chart,
        "the best paths from you through your introducers to the people at each company",
        &["intro-paths.json"],
    )?;
    let (w, h) = super::CHART_SIZE;
    doc.inline_last_figure(chart.hover_svg(w as i32, h as i32));
    let drawn = serde_json::json!({ "targets": picked_targets(targets) });
    doc.json("intro-paths.json", "intro", &drawn)
}

/// Header words of a job list's title column, shown beside the company.
const TITLE_HEADERS: &[&str] = &[
    "title",
    "job title",
    "job",
    "role",
    "position",
    "tjänst",
    "befattning",
    "stelle",
    "poste",
];

/// The job list's rows with what the network says about each company (jobs.csv has every
/// column of every row).
fn jobs_table(
    doc: &mut Document,
    jobs: &JobList,
    summaries: &[CompanySummary],
) -> anyhow::Result<()> {
    let out = jobs.with_summaries(summaries);
    let n = jobs.header.len();
    let title = jobs
        .header
        .iter()
        .position(|h| TITLE_HEADERS.contains(&h.trim().to_lowercase().as_str()));
    let mut columns: Vec<usize> = title.into_iter().collect();
    columns.extend([jobs.company, n + 2, n + 3, n + 4]);
    let rows: Vec<Vec<String>> = out[1..]
        .iter()
        .take(JOB_ROWS)
        .map(|r| columns.iter().map(|&i| r[i].clone()).collect())
        .collect();
    let mut header: Vec<&str> = title.map(|i| jobs.header[i].as_str()).into_iter().collect();
    header.extend(["company", "within 3 hops", "could introduce", "best path"]);
    doc.para(format!(
        "Your job list, row by row: the people at each job's company within three hops, how many of your contacts could introduce you, and the best path.{}",
        if jobs.rows.len() > JOB_ROWS {
            format!(
                " The table shows the first {JOB_ROWS} of {} rows; jobs.csv has all of them with every column of the list.",
                thousands(jobs.rows.len() as u64)
            )
        } else {
            " jobs.csv has every column of the list.".to_string()
        }
    ));
    doc.table(&header, &rows);
    doc.csv("jobs.csv", &out)
}

/// A merged folder's overlap: what the exporters share, whom several of them know, and where
/// the team's contacts are densest (the `overlap` command's tables, cut at ten rows).
pub(super) fn overlap_section(doc: &mut Document, network: &Network) -> anyhow::Result<()> {
    let o = crate::intro::overlap(network);
    doc.heading("The team's overlap");
    doc.para(format!(
        "The {} people whose exports are loaded, side by side: the contacts each pair shares, the people three or more of them know (the team's super connectors, good introducers for the whole team) and the companies where the team's contacts are densest. The tables show ten rows each; overlap.json has all of them.",
        o.owners.len()
    ));
    doc.table(
        &["exporter", "exporter", "shared contacts"],
        &tables::overlap_pair_rows(&o, 10),
    );
    let supers = tables::super_connector_rows(&o, 10);
    if !supers.is_empty() {
        doc.table(&["known by three or more", "company", "known by"], &supers);
    }
    doc.table(
        &["company", "the team's contacts", "who knows how many there"],
        &tables::team_company_rows(&o, 10),
    );
    doc.json("overlap.json", "overlap", &o)
}

/// "Do you know anyone here?" on one export: only the 1st degree can be seen, so the section
/// lists the contacts at each company and says what more exports would show.
pub fn one_export_intro_section(
    doc: &mut Document,
    network: &Network,
    ego: u32,
    companies: &[String],
) -> anyhow::Result<()> {
    let none = FxHashMap::default();
    let intro = Introductions::new(network, ego, &none);
    doc.heading("Do you know anyone here?");
    doc.para(format!(
        "Your contacts at each company. {} Their exports in one folder with yours show who could introduce you to the others there.",
        crate::audit::ONE_EXPORT
    ));
    let mut rows = Vec::new();
    for company in companies {
        let (targets, summary) = intro.company(company, 1);
        let names: Vec<String> = targets.iter().map(|t| t.shown.clone()).collect();
        rows.push(vec![
            summary.company,
            thousands(summary.within_1 as u64),
            names.join(", "),
        ]);
    }
    doc.table(&["company", "your contacts there", "who"], &rows);
    Ok(())
}
