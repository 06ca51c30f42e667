//! `netreach recommend`.

use clap::Args;
use netreach::graph::Network;
use netreach::report::tables;
use netreach::whatif::{self, RecommendOptions};

use super::IoArgs;
use super::render::{self, Format, thousands};
use super::whatif::TargetArgs;

/// Arguments of `recommend`.
#[derive(Debug, Args)]
pub struct RecommendArgs {
    #[command(flatten)]
    pub(super) io: IoArgs,
    /// The person to recommend connections for.
    /// (Default: --owner, else the owner of a single export.)
    #[arg(long, value_name = "ID|NAME|URL")]
    ego: Option<String>,
    /// How many connections to choose (greedily, as a set); 0 for every one that adds reach.
    #[arg(long, default_value = "10", value_parser = super::parse_top)]
    top: usize,
    /// Candidates at distance 2 (friends of friends) or 3.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u32).range(2..=3))]
    from: u32,
    /// Only candidates with a number of mutual contacts in LO..HI (inclusive), for instance
    /// 2..5. Weak-ties research (Granovetter 1973; Rajkumar et al., Science 2022) found
    /// moderately weak ties most useful for job moves; this is an option, not a default.
    #[arg(long, value_name = "LO..HI", value_parser = parse_band)]
    mutuals: Option<(usize, usize)>,
    #[command(flatten)]
    target: TargetArgs,
    /// On a merged folder, also recommend fellow exporters (left out by default: their
    /// networks are loaded whole, everyone else's only through them, so they look best by
    /// construction).
    #[arg(long)]
    include_exporters: bool,
}

fn parse_band(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("'{s}' is not a band LO..HI of whole numbers with LO <= HI");
    let (lo, hi) = s.split_once("..").ok_or_else(bad)?;
    let (lo, hi): (usize, usize) = (
        lo.trim().parse().map_err(|_| bad())?,
        hi.trim().parse().map_err(|_| bad())?,
    );
    if lo > hi {
        return Err(bad());
    }
    Ok((lo, hi))
}

pub fn run(args: RecommendArgs) -> anyhow::Result<()> {
    let network = args.io.input.load()?;
    let ego = args.io.input.ego(&network, args.ego.as_deref())?;
    let group = if args.target.is_set() {
        Some(args.target.group(&network)?)
    } else {
        None
    };
    let exporters = if args.include_exporters {
        Vec::new()
    } else {
        network.exporters()
    };
    let opts = RecommendOptions {
        top: args.top,
        from: args.from,
        mutuals: args.mutuals,
        target: group.as_ref(),
        leave_out: &exporters,
    };
    let Some(r) = netreach::tasks::recommend(&network, ego, &opts)? else {
        return single_export_note(&args);
    };
    let doc = render::json_document("recommend", &r)?;
    render::emit(&args.io.output.output, |w| match args.io.output.format() {
        Format::Json => render::write_json(w, &doc),
        Format::Csv => render::write_csv(w, &tables::recommend_rows(&r.picks)),
        Format::Table => table(w, &network, ego, &r),
    })
}

/// Nobody at distance 2 can be seen in one export: say so, not "no candidates".
fn single_export_note(args: &RecommendArgs) -> anyhow::Result<()> {
    let note = netreach::audit::ONE_EXPORT;
    let doc = render::json_document("recommend", &netreach::tasks::one_export_recommendation())?;
    render::emit(&args.io.output.output, |out| {
        match args.io.output.format() {
            Format::Json => render::write_json(out, &doc),
            _ => writeln!(out, "{note}"),
        }
    })
}

/// The human table: people by name, numbers with separators, the change of reach in words.
fn table(
    w: &mut dyn std::io::Write,
    network: &Network,
    ego: u32,
    r: &whatif::Recommendation,
) -> std::io::Result<()> {
    let names = network.names();
    let shown = tables::pick_rows(&r.picks, &names);
    writeln!(
        w,
        "{}",
        render::terminal_safe(&format!(
            "Next best connections for {} ({} candidates at distance {}; gain in {})",
            names.show(ego),
            thousands(r.candidates as u64),
            r.from,
            r.measure
        ))
    )?;
    writeln!(
        w,
        "Chosen greedily as a set (lazy evaluation, exact gains): each gain counts what that connection adds after the ones above it."
    )?;
    writeln!(w, "{}", render::table(&tables::PICK_HEADER, &shown))?;
    if r.left_out > 0 {
        writeln!(
            w,
            "{} left out: on merged exports their networks are complete and everyone else's is not, so they would look best by construction (--include-exporters keeps them).",
            render::count(r.left_out as u64, "fellow exporter", "fellow exporters")
        )?;
    }
    writeln!(
        w,
        "{} → {} ({:+})",
        thousands(r.before),
        thousands(r.after),
        r.after as i64 - r.before as i64
    )
}
