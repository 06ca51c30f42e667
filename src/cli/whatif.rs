//! `netreach whatif` and `netreach visibility`, and the target-group options they share with
//! `recommend` and `curve`.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use netreach::graph::Network;
use netreach::whatif::{self, Criterion, TargetGroup, WhatIf};

use super::IoArgs;
use super::render::{self, Format, thousands};

/// `--target` options.
#[derive(Debug, Args)]
pub struct TargetArgs {
    /// Target group for visibility: `recruiters` (the audit's rule: a recruiter's title or a
    /// staffing company; also `field=recruiting`), `company=NAME` (case, punctuation and legal
    /// forms ignored: ACME is Acme AB), `position~WORD` or `field=NAME` (engineering, data,
    /// sales, marketing, finance, recruiting, design, product); repeat to require all. Without
    /// a target, the group is everyone.
    #[arg(long = "target", value_name = "SPEC", value_parser = Criterion::parse)]
    criteria: Vec<Criterion>,
    /// Target group from a file of node ids, one per line (`#` comments; an unknown id or an
    /// empty list is an error).
    #[arg(long, value_name = "FILE", conflicts_with = "criteria")]
    target_file: Option<PathBuf>,
}

impl TargetArgs {
    /// Whether a target group was given.
    pub fn is_set(&self) -> bool {
        !self.criteria.is_empty() || self.target_file.is_some()
    }

    /// The target group these options name.
    pub fn group(&self, network: &Network) -> anyhow::Result<TargetGroup> {
        if let Some(path) = &self.target_file {
            let ids = super::read_id_file(network, path)?;
            return Ok(TargetGroup::ids(
                network.node_count(),
                &ids,
                &format!("ids in {}", path.display()),
            ));
        }
        if self.criteria.is_empty() {
            return Ok(TargetGroup::everyone(network.node_count()));
        }
        TargetGroup::matching_someone(network, &self.criteria).map_err(anyhow::Error::msg)
    }
}

/// Resolves each of `queries` to a node id.
pub fn resolve_all(network: &Network, queries: &[String]) -> anyhow::Result<Vec<u32>> {
    queries.iter().map(|q| Ok(network.resolve(q)?)).collect()
}

/// Arguments of `whatif`.
#[derive(Debug, Args)]
pub struct WhatIfArgs {
    #[command(flatten)]
    pub(super) io: IoArgs,
    /// The person whose reach to change.
    /// (Default: --owner, else the owner of a single export.)
    #[arg(long, value_name = "ID|NAME|URL")]
    ego: Option<String>,
    /// Add a connection between the ego and this person (repeatable).
    #[arg(long, value_name = "ID|NAME|URL")]
    add: Vec<String>,
    /// Remove the connection between the ego and this person (repeatable).
    #[arg(long, value_name = "ID|NAME|URL")]
    remove: Vec<String>,
    #[command(flatten)]
    target: TargetArgs,
}

pub fn run_whatif(args: WhatIfArgs) -> anyhow::Result<()> {
    let network = args.io.input.load()?;
    let ego = args.io.input.ego(&network, args.ego.as_deref())?;
    let add = resolve_all(&network, &args.add)?;
    let remove = resolve_all(&network, &args.remove)?;
    if let Some(why) = whatif::unaskable_change(&network, ego, &add, &remove) {
        bail!(why);
    }
    let target = args.target.group(&network)?;
    let result = whatif::whatif(&network, ego, &add, &remove, &target);
    let doc = render::json_document("whatif", &result)?;

    render::emit(&args.io.output.output, |w| match args.io.output.format() {
        Format::Json => render::write_json(w, &doc),
        Format::Csv => render::write_csv(w, &whatif_rows(&result)),
        Format::Table => {
            let title = whatif_title(&network, ego, &add, &remove, &result);
            writeln!(w, "{}", render::terminal_safe(&title))?;
            let mut rows = table_rows(&result);
            if network.is_single_export() {
                // One export shows no 2nd or 3rd degree: those rows would be zeros, not findings.
                writeln!(w, "{}", netreach::audit::ONE_EXPORT)?;
                rows.retain(|r| !r[0].starts_with("2nd") && !r[0].starts_with("3rd"));
            }
            writeln!(
                w,
                "{}",
                render::table(&["measure", "before", "after", "change"], &rows)
            )
        }
    })
}

/// "What if Ada connected with Bo and dropped Cy": names, in words.
fn whatif_title(network: &Network, ego: u32, add: &[u32], remove: &[u32], r: &WhatIf) -> String {
    let names = |ids: &[u32]| {
        ids.iter()
            .map(|&id| network.display_name(id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut change = Vec::new();
    if !add.is_empty() {
        change.push(format!("connected with {}", names(add)));
    }
    if !remove.is_empty() {
        change.push(format!("dropped {}", names(remove)));
    }
    format!(
        "What if {} {} (visibility to {}: {} people)",
        network.display_name(ego),
        change.join(" and "),
        r.target,
        thousands(r.target_size as u64)
    )
}

/// The table's rows in words; the CSV keeps the short measure names.
fn table_rows(r: &WhatIf) -> Vec<Vec<String>> {
    let measures = [
        "1st-degree contacts (n1)",
        "2nd-degree contacts (n2)",
        "3rd-degree contacts (n3)",
        "people within 3 hops (reach_3)",
    ];
    let counts = |s: &netreach::whatif::Snapshot| [s.rings[0], s.rings[1], s.rings[2], s.reach_3];
    let (before, after) = (counts(&r.before), counts(&r.after));
    let mut rows: Vec<Vec<String>> = (0..4)
        .map(|i| {
            vec![
                measures[i].to_string(),
                thousands(before[i]),
                thousands(after[i]),
                format!("{:+}", r.change[i]),
            ]
        })
        .collect();
    for k in 0..3 {
        let hops = if k == 0 {
            "1 hop".to_string()
        } else {
            format!("{} hops", k + 1)
        };
        let (b, a) = (r.before.visibility[k], r.after.visibility[k]);
        rows.push(vec![
            format!("share of the group within {hops}"),
            format!("{:.1}%", 100.0 * b),
            format!("{:.1}%", 100.0 * a),
            format!("{:+.1} points", 100.0 * (a - b)),
        ]);
    }
    rows
}

fn whatif_rows(r: &WhatIf) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "measure".into(),
        "before".into(),
        "after".into(),
        "change".into(),
    ]];
    let names = ["n1", "n2", "n3", "reach_3"];
    let before = [
        r.before.rings[0],
        r.before.rings[1],
        r.before.rings[2],
        r.before.reach_3,
    ];
    let after = [
        r.after.rings[0],
        r.after.rings[1],
        r.after.rings[2],
        r.after.reach_3,
    ];
    for i in 0..4 {
        rows.push(vec![
            names[i].into(),
            before[i].to_string(),
            after[i].to_string(),
            format!("{:+}", r.change[i]),
        ]);
    }
    for k in 0..3 {
        rows.push(vec![
            format!("visibility within {} hops", k + 1),
            format!("{:.4}", r.before.visibility[k]),
            format!("{:.4}", r.after.visibility[k]),
            format!("{:+.4}", r.after.visibility[k] - r.before.visibility[k]),
        ]);
    }
    rows
}

/// Arguments of `visibility`.
#[derive(Debug, Args)]
pub struct VisibilityArgs {
    #[command(flatten)]
    pub(super) io: IoArgs,
    /// The person whose visibility to measure.
    /// (Default: --owner, else the owner of a single export.)
    #[arg(long, value_name = "ID|NAME|URL")]
    ego: Option<String>,
    #[command(flatten)]
    target: TargetArgs,
    /// Rows of reached targets in the table, 0 for all (CSV and JSON hold all).
    #[arg(long, default_value = "20", value_parser = super::parse_top)]
    top: usize,
}

pub fn run_visibility(args: VisibilityArgs) -> anyhow::Result<()> {
    let network = args.io.input.load()?;
    let ego = args.io.input.ego(&network, args.ego.as_deref())?;
    let target = args.target.group(&network)?;
    let v = whatif::visibility(&network, ego, &target);
    let doc = render::json_document("visibility", &v)?;
    let mut rows = vec![vec![
        "node_id".to_string(),
        "name".into(),
        "distance".into(),
        "via".into(),
    ]];
    rows.extend(v.reached.iter().map(|t| {
        vec![
            t.node_id.to_string(),
            t.name.clone().unwrap_or_default(),
            t.distance.to_string(),
            t.via.to_string(),
        ]
    }));
    render::emit(&args.io.output.output, |w| match args.io.output.format() {
        Format::Json => render::write_json(w, &doc),
        Format::Csv => render::write_csv(w, &rows),
        Format::Table => visibility_table(w, &network, ego, &v, args.top),
    })
}

/// The human view: shares within 1, 2, 3 hops, then the first `top` targets reached, by name.
fn visibility_table(
    w: &mut dyn std::io::Write,
    network: &Network,
    ego: u32,
    v: &whatif::Visibility,
    top: usize,
) -> std::io::Result<()> {
    if network.is_single_export() {
        // Within 2 and 3 hops equals within 1 in one export: not a finding.
        writeln!(w, "{}\n", netreach::audit::ONE_EXPORT)?;
    }
    let names = network.names();
    writeln!(
        w,
        "{}",
        render::terminal_safe(&format!(
            "Visibility of {} to {} ({} people)",
            names.show(ego),
            v.target,
            thousands(v.target_size as u64)
        ))
    )?;
    for k in 0..3 {
        writeln!(
            w,
            "  within {}: {} ({:.2}%)",
            netreach::report::hops(k + 1),
            thousands(v.targets_within[k]),
            100.0 * v.visibility[k]
        )?;
    }
    writeln!(
        w,
        "Visibility is a structural measure (who has the ego within three hops), not LinkedIn's search rank."
    )?;
    let (body, through, direct) = reached_rows(network, v, top);
    writeln!(
        w,
        "Targets reached, 2nd and 3rd degree first with the contact through whom ({} of them; {} are your contacts):",
        thousands(through as u64),
        thousands(direct as u64)
    )?;
    writeln!(
        w,
        "{}",
        render::table(&["person", "distance", "via contact"], &body)
    )?;
    render::more(w, top, v.reached.len(), "targets")
}

/// The first `top` targets reached, 2nd and 3rd degree first with the contact through whom,
/// then the ego's own contacts; with how many of each there are.
fn reached_rows(
    network: &Network,
    v: &whatif::Visibility,
    top: usize,
) -> (Vec<Vec<String>>, usize, usize) {
    let names = network.names();
    let shown = |label: &netreach::graph::NodeId| {
        let label = label.to_string();
        network
            .labels
            .find(&label)
            .map_or(label, |id| names.show(id))
    };
    // The people a contact would have to introduce come first; the contacts themselves last.
    let (direct, through): (Vec<_>, Vec<_>) = v.reached.iter().partition(|t| t.distance == 1);
    let body: Vec<Vec<String>> = through
        .iter()
        .chain(direct.iter())
        .take(top)
        .map(|t| {
            let via = if t.distance == 1 {
                "(your contact)".to_string()
            } else {
                shown(&t.via)
            };
            vec![shown(&t.node_id), t.distance.to_string(), via]
        })
        .collect();
    (body, through.len(), direct.len())
}
