//! `netreach generate`.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use netreach::generate;

/// Arguments of `generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(subcommand)]
    model: Model,
}

#[derive(Debug, Subcommand)]
enum Model {
    /// A professional network written as K owners' LinkedIn exports (current format): one folder
    /// per owner with Connections.csv and owner.txt. Invented names; companies and fields as
    /// communities, heavy-tailed degrees, triadic closure, dates over 2008–2026, hidden rows.
    Linkedin {
        /// People in the underlying network.
        #[arg(long, default_value_t = 3000, value_parser = clap::value_parser!(u32).range(10..=10_000_000))]
        people: u32,
        /// Export owners (chosen by snowball, so their exports overlap).
        #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=10_000))]
        owners: u32,
        /// Mean degree of the underlying network.
        #[arg(long, default_value_t = 12.0)]
        mean_degree: f64,
        /// Random seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
    },
    /// A Barabási–Albert graph as a tab-separated edge list.
    Ba {
        /// Nodes.
        #[arg(long, value_parser = clap::value_parser!(u32).range(2..))]
        nodes: u32,
        /// Edges added per new node.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=10_000))]
        m: u32,
        /// Random seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output file.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
    },
}

pub fn run(args: GenerateArgs) -> anyhow::Result<()> {
    match args.model {
        Model::Linkedin {
            people,
            owners,
            mean_degree,
            seed,
            out,
        } => {
            let net = generate::professional(people as usize, mean_degree, seed);
            let chosen = generate::pick_owners(&net, owners as usize, seed);
            let files = netreach::io::exports::write_exports(&out, &net, &chosen, seed)?;
            eprintln!(
                "netreach: wrote {} exports under {}",
                files.len(),
                out.display()
            );
        }
        Model::Ba {
            nodes,
            m,
            seed,
            output,
        } => {
            let pairs = generate::barabasi_albert(nodes, m, seed);
            netreach::io::write_atomic(&output, |w| {
                writeln!(
                    w,
                    "# Barabasi-Albert graph: nodes {nodes} m {m} seed {seed} (netreach generate ba)"
                )?;
                for p in pairs.chunks_exact(2) {
                    writeln!(w, "{}\t{}", p[0], p[1])?;
                }
                Ok(())
            })?;
            eprintln!(
                "netreach: wrote {} edges to {}",
                pairs.len() / 2,
                output.display()
            );
        }
    }
    Ok(())
}
