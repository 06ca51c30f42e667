//! `netreach generate`.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use netreach::generate;
use netreach::graph::{Csr, Labels, LoadReport, Network, People};

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
        /// Mean degree of the underlying network (a finite number from 1 to 10,000).
        #[arg(long, default_value_t = 12.0, value_parser = parse_mean_degree)]
        mean_degree: f64,
        /// Each owner has at least this many contacts (the extra ones drawn at random from
        /// everyone, seeded): exports as large as a recruiter's, for benchmarks.
        #[arg(long, value_name = "N")]
        owner_contacts: Option<u32>,
        /// Random seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
    },
    /// A large professional network (companies as communities, heavy-tailed degrees, triadic
    /// closure; no names) as a tab-separated edge list or, with -o FILE.nrg, a binary cache.
    Professional {
        /// People.
        #[arg(long, value_parser = clap::value_parser!(u32).range(2..))]
        nodes: u32,
        /// Mean degree before triadic closure (closure adds about 10 %; from 1 to 10,000).
        #[arg(long, default_value_t = 20.0, value_parser = parse_mean_degree)]
        mean_degree: f64,
        /// Random seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Output file (.nrg for the binary cache, else an edge list).
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
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
    use netreach::progress::Progress;
    let bar = super::progress::Bar::new();
    bar.begin("generating", 0);
    let result = generate_model(args);
    bar.end();
    result
}

fn generate_model(args: GenerateArgs) -> anyhow::Result<()> {
    match args.model {
        Model::Linkedin {
            people,
            owners,
            mean_degree,
            owner_contacts,
            seed,
            out,
        } => {
            let mut net = generate::professional(people as usize, mean_degree, seed);
            let chosen = generate::pick_owners(&net, owners as usize, seed);
            if let Some(contacts) = owner_contacts {
                generate::widen_owners(&mut net, &chosen, contacts as usize, seed);
            }
            let files = netreach::io::exports::write_exports(&out, &net, &chosen, seed)?;
            eprintln!(
                "netreach: wrote {} exports under {}",
                files.len(),
                out.display()
            );
        }
        Model::Professional {
            nodes,
            mean_degree,
            seed,
            output,
        } => {
            let pairs = generate::professional_large(nodes, mean_degree, seed);
            let title = format!(
                "professional network: nodes {nodes} mean degree {mean_degree} seed {seed}"
            );
            write_pairs(&output, nodes, &pairs, &title)?;
        }
        Model::Ba {
            nodes,
            m,
            seed,
            output,
        } => {
            let pairs = generate::barabasi_albert(nodes, m, seed);
            write_pairs(
                &output,
                nodes,
                &pairs,
                &format!("Barabasi-Albert graph: nodes {nodes} m {m} seed {seed}"),
            )?;
        }
    }
    Ok(())
}

/// Writes endpoint pairs as an edge list, or as a binary cache when `output` ends in `.nrg`.
fn write_pairs(output: &Path, nodes: u32, pairs: &[u32], title: &str) -> anyhow::Result<()> {
    if output.extension().is_some_and(|e| e == "nrg") {
        let (csr, build) = Csr::from_pairs(nodes as usize, pairs);
        let network = Network {
            csr,
            labels: Labels::Int((0..nodes as u64).collect()),
            people: People::default(),
            report: LoadReport {
                format: "generated".into(),
                build,
                ..Default::default()
            },
            dates: Default::default(),
        };
        netreach::io::write_atomic(output, |w| netreach::io::cache::write(&network, w))?;
        eprintln!(
            "netreach: wrote {nodes} people and {} connections to {}",
            network.csr.edge_count(),
            output.display()
        );
        return Ok(());
    }
    netreach::io::write_atomic(output, |w| {
        writeln!(w, "# {title} (netreach generate)")?;
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
    Ok(())
}

/// `--mean-degree`: a finite number from 1 to 10,000 (`inf` or `NaN` would never finish).
fn parse_mean_degree(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && (1.0..=10_000.0).contains(&x) => Ok(x),
        Ok(_) => Err(format!("{s}: use a mean degree from 1 to 10000")),
        Err(_) => Err(format!("'{s}' is not a number")),
    }
}
