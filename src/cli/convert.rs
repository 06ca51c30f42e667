//! `netreach convert`.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use netreach::graph::Order;
use netreach::io::{GraphFormat, write_graph_with};

use super::InputArgs;

/// Arguments of `convert`.
#[derive(Debug, Args)]
pub struct ConvertArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output file; the format follows the extension: .json (NetworkX node-link), .graphml
    /// (Gephi, NetworkX; person attributes and degree as node attributes), .txt/.tsv (edge list),
    /// .nrg (binary cache: every command reads it many times faster than text).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: PathBuf,
    /// Add each person's Leiden community (as `communities` numbers them, default resolution
    /// and seed) as the node attribute `community` (.json and .graphml), for Gephi and NetworkX.
    #[arg(long)]
    communities: bool,
    /// Store the rows of a .nrg cache renumbered in a locality order, so that people near each
    /// other sit near each other: communities (Leiden's communities together, breadth-first
    /// inside each), bfs (breadth-first from the best-connected person), rcm (reverse
    /// Cuthill–McKee) or degree (best-connected first). Ids, labels and every output stay as
    /// they are; a cluster run reads contiguous rows, so its workers then share fewer remote
    /// neighbours.
    #[arg(long, value_name = "ORDER", value_parser = ["communities", "bfs", "rcm", "degree"])]
    order: Option<String>,
}

pub fn run(args: ConvertArgs) -> anyhow::Result<()> {
    let Some(format) = GraphFormat::for_path(&args.output) else {
        bail!(
            "{}: unknown output format (use .json, .graphml, .txt, .tsv or .nrg)",
            args.output.display()
        );
    };
    if args.communities && !matches!(format, GraphFormat::NodeLink | GraphFormat::GraphMl) {
        bail!(
            "{}: --communities needs node attributes: write .json or .graphml",
            args.output.display()
        );
    }
    if args.order.is_some() && format != GraphFormat::Cache {
        bail!(
            "{}: --order renumbers the rows of a cache: write .nrg",
            args.output.display()
        );
    }
    let network = args.input.load()?;
    if let Some(name) = &args.order {
        let order = match Order::from_name(name) {
            Some(order) => order.of(&network.csr),
            None => {
                let membership = super::communities::detect(&network, 1.0, 42)?.membership;
                netreach::community::locality_order(&network.csr, &membership)
            }
        };
        netreach::io::write_atomic(&args.output, |out| {
            netreach::io::cache::write_ordered(&network, Some(&order), out)
        })?;
        return wrote(&network, &args.output);
    }
    let communities = match args.communities {
        true => Some(super::communities::detect(&network, 1.0, 42)?.membership),
        false => None,
    };
    netreach::io::write_atomic(&args.output, |out| {
        write_graph_with(&network, format, out, communities.as_deref())
    })?;
    wrote(&network, &args.output)
}

fn wrote(network: &netreach::graph::Network, output: &std::path::Path) -> anyhow::Result<()> {
    eprintln!(
        "netreach: wrote {} people and {} connections to {}",
        network.node_count(),
        network.csr.edge_count(),
        output.display()
    );
    Ok(())
}
