//! Result tables as rows of text, shared by the commands and the report: human rows carry
//! thousands separators, CSV rows plain numbers.

use crate::connectors::EgoConnectors;
use crate::graph::Names;
use crate::render::thousands;
use crate::stats::Summary;
use crate::whatif::{GrowthCurves, Pick};

/// The summary as `(measure, value)` rows, shared with the report.
pub fn summary_rows(s: &Summary) -> Vec<Vec<String>> {
    let pct = |x: usize| {
        if s.nodes == 0 {
            0.0
        } else {
            100.0 * x as f64 / s.nodes as f64
        }
    };
    let mut rows = vec![
        vec!["people".into(), thousands(s.nodes as u64)],
        vec!["connections".into(), thousands(s.edges as u64)],
        vec![
            "merged duplicate edges".into(),
            thousands(s.merged_duplicates),
        ],
        vec!["self-loops dropped".into(), thousands(s.self_loops)],
        vec!["components".into(), thousands(s.components as u64)],
        vec![
            "largest component".into(),
            format!(
                "{} ({:.1}% of people)",
                thousands(s.largest_component as u64),
                pct(s.largest_component)
            ),
        ],
        vec![
            "people with no connection".into(),
            thousands(s.isolated as u64),
        ],
        vec![
            "degree min / median / mean / max".into(),
            format!(
                "{} / {} / {:.2} / {}",
                s.degree.min, s.degree.median, s.degree.mean, s.degree.max
            ),
        ],
    ];
    for skip in &s.skipped {
        rows.push(vec![
            format!("skipped: {}", skip.reason),
            thousands(skip.count),
        ]);
    }
    rows.extend(identity_rows(s));
    rows
}

/// The identity report of merged exports as rows (none for a plain graph).
fn identity_rows(s: &Summary) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    if let Some(id) = &s.identity {
        rows.push(vec!["exports merged".into(), id.exports.to_string()]);
        rows.push(vec!["export rows read".into(), thousands(id.rows)]);
        rows.push(vec![
            "people in several exports (URL match)".into(),
            thousands(id.matched_by_url),
        ]);
        rows.push(vec![
            "rows without URL matched on name + company".into(),
            thousands(id.matched_by_name),
        ]);
        rows.push(vec![
            "rows without URL, ambiguous (kept apart)".into(),
            thousands(id.ambiguous),
        ]);
        rows.push(vec![
            "rows without URL, no match (new person)".into(),
            thousands(id.unmatched_without_url),
        ]);
        rows.push(vec![
            "hidden rows (only a date)".into(),
            thousands(id.hidden),
        ]);
        if id.owners_matched_by_name > 0 {
            rows.push(vec![
                "owners joined by name (Profile.csv has no URL)".into(),
                thousands(id.owners_matched_by_name),
            ]);
        }
    }
    rows
}

/// Row problems as `(problem, rows, first lines)`, shared with the report.
pub fn problem_rows(s: &Summary) -> Vec<Vec<String>> {
    s.row_problems
        .iter()
        .map(|p| {
            let more = if p.count > p.first_lines.len() as u64 {
                ", …"
            } else {
                ""
            };
            vec![
                p.reason.clone(),
                thousands(p.count),
                format!("{}{more}", p.first_lines.join(", ")),
            ]
        })
        .collect()
}

/// How each export file was read, as `(file, encoding, delimiter, header, dates)` rows.
pub fn input_rows(s: &Summary) -> Vec<Vec<String>> {
    let files: Vec<&str> = s.inputs.iter().map(|d| d.file.as_str()).collect();
    let shown = short_paths(&files);
    s.inputs
        .iter()
        .zip(shown)
        .map(|(d, file)| {
            let header = if d.preamble_lines > 0 {
                format!("{} (after {} preamble lines)", d.header, d.preamble_lines)
            } else {
                d.header.clone()
            };
            vec![
                file,
                d.encoding.clone(),
                d.delimiter.clone(),
                header,
                d.date_order.clone(),
            ]
        })
        .collect()
}

/// Paths as short as they can be while still telling the files apart: the folder they all
/// share is dropped (`team/ada/Connections.csv` → `ada/Connections.csv`), a single file keeps
/// only its name. Tables of long paths otherwise overflow a terminal.
pub fn short_paths(files: &[&str]) -> Vec<String> {
    let parts: Vec<Vec<&str>> = files
        .iter()
        .map(|f| f.split(['/', '\\']).collect())
        .collect();
    let Some(first) = parts.first() else {
        return Vec::new();
    };
    // Leading components every path shares, always leaving each path its file name.
    let shortest = parts.iter().map(Vec::len).min().unwrap_or(1);
    let shared = (0..shortest - 1)
        .take_while(|&i| parts.iter().all(|p| p[i] == first[i]))
        .count();
    parts.iter().map(|p| p[shared..].join("/")).collect()
}

/// The growth curves as CSV rows (header first): one row per order and contact count.
pub fn csv_rows(r: &GrowthCurves) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "order",
            "contacts",
            "reach_2",
            "reach_3",
            "visibility",
            "reach_3_min",
            "reach_3_max",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for c in &r.curves {
        let name = format!("{:?}", c.order).to_lowercase();
        for p in &c.points {
            rows.push(vec![
                name.clone(),
                p.contacts.to_string(),
                format!("{}", p.reach_2),
                format!("{}", p.reach_3),
                format!("{}", p.visibility),
                p.reach_3_min.map(|x| x.to_string()).unwrap_or_default(),
                p.reach_3_max.map(|x| x.to_string()).unwrap_or_default(),
            ]);
        }
    }
    rows
}

/// Header of the quality-versus-quantity table.
pub const QUALITY_HEADER: [&str; 3] = ["strategy", "reach_3", "in-field reach_3"];

/// The quality-versus-quantity rows, shared with the report.
pub fn quality_rows(r: &GrowthCurves) -> Vec<Vec<String>> {
    r.quality
        .iter()
        .map(|q| {
            vec![
                q.strategy.clone(),
                format!("{:.0}", q.reach_3),
                q.in_field_reach_3.map_or("-".into(), |x| format!("{x:.0}")),
            ]
        })
        .collect()
}

/// The per-contact measures of `connectors --ego`, as CSV and the terminal name them.
pub const CONTACT_MEASURES: [&str; 5] =
    ["degree", "exclusive_2", "exclusive_3", "loss_2", "loss_3"];

/// The contacts table of `connectors --ego` as CSV rows (header first).
pub fn contact_rows(r: &EgoConnectors) -> Vec<Vec<String>> {
    let mut rows = vec![
        ["node_id", "name", "company", "position"]
            .into_iter()
            .chain(CONTACT_MEASURES)
            .chain(["exporter"])
            .map(String::from)
            .collect(),
    ];
    for c in &r.contacts {
        rows.push(vec![
            c.person.node_id.to_string(),
            opt(&c.person.name),
            opt(&c.person.company),
            opt(&c.person.position),
            c.degree.to_string(),
            c.exclusive_2.to_string(),
            c.exclusive_3.to_string(),
            c.loss_2.to_string(),
            c.loss_3.to_string(),
            c.person.exporter.to_string(),
        ]);
    }
    rows
}

/// A person's shown name, with "(exporter)" for the exporters of a merged folder: rankings
/// favour them by construction, so readers see who they are.
pub fn marked(shown: String, exporter: bool) -> String {
    if exporter {
        format!("{shown} (exporter)")
    } else {
        shown
    }
}

/// The sentence under a ranking of people from a merged folder.
pub const EXPORTER_BIAS: &str = "People marked (exporter) shared their export: their own networks are loaded whole, everyone else's only through them, so they rank high by construction.";

fn opt(x: &Option<String>) -> String {
    x.clone().unwrap_or_default()
}

/// The human table of `connectors --ego` and the report: the first `top` contacts by name
/// (`Names`), numbers with thousands separators.
pub fn connector_rows(conn: &EgoConnectors, names: &Names, top: usize) -> Vec<Vec<String>> {
    conn.carriers()
        .take(top)
        .map(|c| {
            vec![
                marked(names.show(c.person.id), c.person.exporter),
                c.person.company.clone().unwrap_or_default(),
                c.person.position.clone().unwrap_or_default(),
                thousands(c.degree as u64),
                thousands(c.exclusive_2),
                thousands(c.exclusive_3),
                thousands(c.loss_2),
                thousands(c.loss_3),
            ]
        })
        .collect()
}

/// The header of [`bridge_rows`].
pub const BRIDGE_HEADER: [&str; 4] = [
    "shared contact",
    "company",
    "position",
    "leads to the export of",
];

/// The bridges of a merged folder as table rows: who, and whose export each leads to.
pub fn bridge_rows(
    bridges: &crate::connectors::Bridges,
    names: &Names,
    top: usize,
) -> Vec<Vec<String>> {
    bridges
        .contacts
        .iter()
        .take(top)
        .map(|b| {
            let owners: Vec<String> = b.leads_to_ids.iter().map(|&o| names.show(o)).collect();
            vec![
                names.show(b.person.id),
                b.person.company.clone().unwrap_or_default(),
                b.person.position.clone().unwrap_or_default(),
                owners.join(", "),
            ]
        })
        .collect()
}

/// "No single contact carries more than themselves …" and what the bridges carry together.
pub fn no_carrier_sentence(conn: &EgoConnectors, who: &str) -> String {
    let mut text = format!(
        "No single contact of {who} carries more than themselves: removing any one connection loses only that person."
    );
    if let Some(b) = &conn.bridges {
        text.push_str(&format!(
            " The reach beyond the 1st degree hangs on the {} shared with other exports, together: without all of them, reach within 2 hops would drop by {} and within 3 hops by {}.",
            crate::render::count(b.contacts.len() as u64, "contact", "contacts"),
            crate::render::thousands(b.loss_2),
            crate::render::thousands(b.loss_3)
        ));
    }
    text
}

/// The CSV rows of next best connections (header first): ids and plain numbers.
pub fn recommend_rows(picks: &[Pick]) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "rank", "node_id", "name", "company", "position", "distance", "mutuals", "gain",
            "exporter",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (i, p) in picks.iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            p.person.node_id.to_string(),
            opt(&p.person.name),
            opt(&p.person.company),
            opt(&p.person.position),
            p.distance.to_string(),
            p.mutuals.to_string(),
            p.gain.to_string(),
            p.person.exporter.to_string(),
        ]);
    }
    rows
}

/// Header of [`pick_rows`].
pub const PICK_HEADER: [&str; 6] = [
    "rank",
    "person",
    "company",
    "position",
    "shared contacts",
    "people gained",
];

/// The human table of next best connections: people by name, numbers with separators.
pub fn pick_rows(picks: &[Pick], names: &Names) -> Vec<Vec<String>> {
    picks
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                (i + 1).to_string(),
                marked(names.show(p.person.id), p.person.exporter),
                opt(&p.person.company),
                opt(&p.person.position),
                thousands(p.mutuals as u64),
                thousands(p.gain),
            ]
        })
        .collect()
}

/// The owner pairs of a team's overlap as table rows, most shared first.
pub fn overlap_pair_rows(o: &crate::intro::Overlap, top: usize) -> Vec<Vec<String>> {
    o.pairs
        .iter()
        .take(top)
        .map(|p| vec![p.a.clone(), p.b.clone(), thousands(p.shared as u64)])
        .collect()
}

/// The people several owners know, as table rows: who, company, known by.
pub fn super_connector_rows(o: &crate::intro::Overlap, top: usize) -> Vec<Vec<String>> {
    o.super_connectors
        .iter()
        .take(top)
        .map(|c| {
            vec![
                c.person
                    .name
                    .clone()
                    .unwrap_or_else(|| c.person.node_id.to_string()),
                c.person.company.clone().unwrap_or_default(),
                c.known_by.join(", "),
            ]
        })
        .collect()
}

/// The team's densest companies as table rows: company, contacts, who knows how many there.
pub fn team_company_rows(o: &crate::intro::Overlap, top: usize) -> Vec<Vec<String>> {
    o.companies
        .iter()
        .take(top)
        .map(|c| {
            let who: Vec<String> = c.owners.iter().map(|(n, k)| format!("{n} {k}")).collect();
            vec![
                c.company.clone(),
                thousands(c.contacts as u64),
                who.join(", "),
            ]
        })
        .collect()
}
