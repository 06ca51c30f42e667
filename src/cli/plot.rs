//! `netreach plot`.

use std::path::PathBuf;

use anyhow::{Context, anyhow, bail};
use clap::{Args, ValueEnum};
use netreach::graph::Network;
use netreach::plot::{self, Chart, ImageFormat};
use netreach::reach::Everyone;
use netreach::report::{charts, picture};

use super::InputArgs;

/// Which chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// reach_3 against number of contacts, one line per order (random with its spread band),
    /// markers at 50, 150 and 500, the knee marked.
    Growth,
    /// Degree distribution (log-log) with the ego marked.
    Degree,
    /// Distribution of n2 and n3 over everyone with the ego's percentile marked.
    ReachDistribution,
    /// reach_3 against degree for everyone (log axes; a density grid for large graphs).
    ReachVsDegree,
    /// Bars of exclusive reach and loss for the ego's top contacts.
    Connectors,
    /// reach_3 over time by Connected On.
    Timeline,
    /// Gain per recommended connection.
    Recommend,
    /// The network drawn by a force-directed layout (seeded): the whole network up to 2,000
    /// people, else the ego's 1st and 2nd degree; coloured by distance from --ego (its key
    /// connectors labelled), or by company without one; sized by degree.
    Network,
}

/// Arguments of `plot`.
#[derive(Debug, Args)]
pub struct PlotArgs {
    /// The chart.
    #[arg(value_enum)]
    kind: Kind,
    #[command(flatten)]
    input: InputArgs,
    /// The person the chart is about (optional for degree, reach-distribution,
    /// reach-vs-degree and network).
    #[arg(long, value_name = "ID|NAME|URL")]
    ego: Option<String>,
    /// Output file: .png, or .svg for a vector chart.
    #[arg(short = 'o', long = "output", value_name = "FILE", value_parser = parse_chart_path)]
    output: PathBuf,
    /// Width in pixels.
    #[arg(long, default_value_t = 1200, value_parser = clap::value_parser!(u32).range(200..=8000))]
    width: u32,
    /// Height in pixels.
    #[arg(long, default_value_t = 720, value_parser = clap::value_parser!(u32).range(150..=8000))]
    height: u32,
    /// Seeds of the random order (growth, timeline).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1000))]
    seeds: u32,
}

fn save(chart: &impl Chart, args: &PlotArgs) -> anyhow::Result<()> {
    let format = ImageFormat::for_path(&args.output);
    let bytes = plot::render(chart, format, args.width, args.height)
        .map_err(|e| anyhow!("{}: cannot draw the chart: {e}", args.output.display()))?;
    netreach::io::write_atomic(&args.output, |w| w.write_all(&bytes))?;
    Ok(())
}

/// Everyone's reach, after checking that it fits in memory.
fn everyone(network: &Network) -> anyhow::Result<Everyone> {
    netreach::memory::ensure(
        Everyone::memory_bytes(
            network.node_count(),
            network.csr.arc_count(),
            rayon::current_num_threads(),
        ),
        "everyone's reach",
    )?;
    Ok(Everyone::compute(&network.csr))
}

pub fn run(args: PlotArgs) -> anyhow::Result<()> {
    let network = args.input.load()?;
    let ego = args.input.named_ego(&network, args.ego.as_deref())?;
    let need_ego = || ego.context("this chart is about one person: give --ego");
    if let (Some(e), Kind::Growth | Kind::Connectors | Kind::Timeline) = (ego, args.kind)
        && network.csr.degree(e) == 0
    {
        bail!(
            "{} has no connections: nothing to draw",
            network.labels.get(e)
        );
    }
    match args.kind {
        Kind::Growth => save(
            &charts::growth(&network, need_ego()?, args.seeds as usize).1,
            &args,
        )?,
        Kind::Degree => save(&charts::degree(&network, ego), &args)?,
        Kind::ReachDistribution => save(
            &charts::reach_distribution(&network, &everyone(&network)?, ego),
            &args,
        )?,
        Kind::ReachVsDegree => save(
            &charts::reach_vs_degree(&network, &everyone(&network)?, ego),
            &args,
        )?,
        Kind::Connectors => {
            let e = need_ego()?;
            match charts::connector_bars(&network, e) {
                (_, Some(chart)) => save(&chart, &args)?,
                (conn, None) => bail!(
                    "{} No chart to draw.",
                    netreach::report::tables::no_carrier_sentence(&conn, &network.display_name(e))
                ),
            }
        }
        Kind::Timeline => {
            let e = need_ego()?;
            let (curves, _) = charts::growth(&network, e, args.seeds as usize);
            match charts::timeline(&network, e, &curves) {
                Some(chart) => save(&chart, &args)?,
                None => {
                    bail!("no Connected On dates for this person's contacts: no timeline to draw")
                }
            }
        }
        Kind::Recommend => match charts::gain_bars(&network, need_ego()?, 10).1 {
            Some(chart) => save(&chart, &args)?,
            None => bail!("no connection would add reach for this person: no chart to draw"),
        },
        Kind::Network => save(&network_picture(&network, ego)?, &args)?,
    }
    eprintln!("netreach: wrote {}", args.output.display());
    Ok(())
}

/// The network picture, labelled with `ego`'s key connectors when there is an ego (after
/// checking the memory they need).
fn network_picture(
    network: &netreach::graph::Network,
    ego: Option<u32>,
) -> anyhow::Result<netreach::plot::NetworkChart> {
    if ego.is_some() {
        netreach::memory::ensure(
            netreach::connectors::ego_memory_bytes(
                network.node_count(),
                rayon::current_num_threads(),
            ),
            "the key connectors to label",
        )?;
    }
    let key = ego.map(|e| netreach::connectors::ego_connectors(network, e));
    Ok(picture::network_chart(network, ego, key.as_ref()))
}

/// `-o`: a `.png` or `.svg` file (the chart's format follows the extension).
fn parse_chart_path(s: &str) -> Result<PathBuf, String> {
    let path = PathBuf::from(s);
    match path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .as_deref()
    {
        Some("png" | "svg") => Ok(path),
        _ => Err(format!("{s}: charts are written as .png or .svg")),
    }
}
