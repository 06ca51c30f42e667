//! Command-line interface: clap definitions, one module per command. Each command turns its
//! arguments into a library call and renders the result; nothing below `cli` sees clap.

mod audit;
mod bench;
mod cluster;
mod communities;
mod connectors;
mod convert;
mod curve;
mod generate;
mod intro;
mod plot;
mod progress;
mod reach;
mod recommend;
pub mod render;
mod report;
mod stats;
mod whatif;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use netreach::graph::Network;
use netreach::io::{InputFormat, LoadOptions};

use render::Format;

/// netreach: how far a professional network carries you.
///
/// Loads LinkedIn exports (one `Connections.csv`, or a directory of several people's exports),
/// edge lists (SNAP, KONECT, CSV; gzip), NetworkX node-link JSON, GML and GraphML, and answers reach
/// questions: how many 2nd- and 3rd-degree contacts a person has, for one person or everyone.
///
/// Exit codes: 0 success, 1 error (bad input file, unknown person, I/O), 2 invalid command line.
#[derive(Debug, Parser)]
#[command(name = "netreach", version, max_term_width = 100)]
pub struct Cli {
    /// Worker threads (default: all cores). Results are identical for any value.
    #[arg(short = 'j', long = "threads", global = true, value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
    /// Most memory netreach may plan to use, such as 8G or 512M (default: what the system
    /// reports as available). Inputs and analyses that would need more stop with an error
    /// before allocating, instead of being killed.
    #[arg(long, global = true, value_name = "SIZE", value_parser = netreach::memory::parse_size)]
    memory_limit: Option<u64>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Summary of a network: people, connections, components, degrees, skipped rows, identity
    /// matching of merged exports.
    Stats(stats::StatsArgs),
    /// The personal audit of your own LinkedIn archive (ZIP, folder or Connections.csv): size
    /// against the article's 50 / 500, growth by year, field share and heavy in-field contacts,
    /// recruiters, recommendations per employer, invitations, strongest ties, and whose export
    /// to ask for next.
    Audit(audit::AuditArgs),
    /// n1, n2, n3 (people at distance exactly 1, 2, 3) and reach_k for one ego or everyone.
    Reach(reach::ReachArgs),
    /// Key connectors: of one ego (exclusive reach and loss per contact) or of the network
    /// (betweenness exact or sampled, Burt's constraint and effective size, k-core, bridges,
    /// articulation points, combined key score).
    Connectors(connectors::ConnectorsArgs),
    /// n1..n3, reach_3 and visibility before and after adding or removing connections.
    Whatif(whatif::WhatIfArgs),
    /// Visibility of a person to a target group: the share within 1, 2, 3 hops, and for each
    /// target reached, the contact through whom.
    Visibility(whatif::VisibilityArgs),
    /// Next best connections: candidates ranked by exact gain in reach_3 (or target
    /// visibility), the best K chosen greedily as a set with lazy evaluation.
    Recommend(recommend::RecommendArgs),
    /// Growth curves: reach_2, reach_3 and visibility as the contacts are added one at a time
    /// in several orders; 50/150/500 marks, the knee, quality versus quantity.
    Curve(curve::CurveArgs),
    /// Communities (Leiden, deterministic for any thread count): modularity, the largest
    /// circles with their companies and positions, every person's community (CSV), or with
    /// --ego the circles a person belongs to and who leads to the others.
    Communities(communities::CommunitiesArgs),
    /// Introductions: who could introduce you to the people at a company, one person, a target
    /// group or the companies of a job list, ranked by how well you know the introducer.
    Intro(intro::IntroArgs),
    /// Your ties by strength: each contact's mutual connections and interaction strength,
    /// grouped strong / moderately weak / weakest (Rajkumar et al., Science 2022).
    Ties(intro::TiesArgs),
    /// A team's overlap (a folder of several people's exports): shared contacts between owners,
    /// people several owners know, and the companies where the team's contacts are densest.
    Overlap(intro::OverlapArgs),
    /// Draw one chart as PNG (or SVG): growth, degree, reach-distribution, reach-vs-degree,
    /// connectors, timeline, recommend.
    Plot(plot::PlotArgs),
    /// One-command report: a folder with index.html, report.md, every chart as PNG and the
    /// CSV/JSON behind each (default: the bundled sample into reports/sample).
    Report(report::ReportArgs),
    /// Write a network in another format (-o FILE.json, FILE.graphml or FILE.txt).
    Convert(convert::ConvertArgs),
    /// Generate seeded synthetic data (LinkedIn-style exports, Barabási–Albert edge lists).
    Generate(generate::GenerateArgs),
    /// Time the kernels on one input (load, all-node reach) for benchmark records.
    Bench(bench::BenchArgs),
    /// Start a cluster on this machine: --processes copies of netreach on free loopback ports,
    /// each running the command after `--` with its --hosts and --process (for tests and
    /// trials; on real machines start one process per host, see the README).
    ClusterLocal(cluster::LocalArgs),
}

/// Arguments every command that reads a network shares.
#[derive(Debug, Args)]
pub struct InputArgs {
    /// Input: an edge list (.txt/.csv/.tsv, optionally .gz), a LinkedIn Connections.csv, a
    /// directory of exports (one folder per owner with Connections.csv and owner.txt), node-link
    /// .json, .gml or .graphml; `-` reads standard input (any of these, gzipped or not, is read whole
    /// from a pipe).
    pub input: PathBuf,

    /// Read INPUT as this format instead of guessing from extension and content.
    #[arg(long, value_name = "FORMAT", value_parser = parse_input_format)]
    pub input_format: Option<InputFormat>,

    /// Owner of a single export or archive: a name or profile URL (default: the archive's
    /// Profile.csv, else owner.txt beside the file, else the invented owner `owner:me`). Also
    /// the ego of commands about one person when --ego is not given.
    #[arg(long, value_name = "NAME|URL")]
    pub owner: Option<String>,
}

impl InputArgs {
    /// Loads the network.
    pub fn load(&self) -> anyhow::Result<Network> {
        let options = LoadOptions {
            format: self.input_format,
            owner: self.owner.clone(),
        };
        let network =
            netreach::io::load_with_progress(&self.input, &options, &progress::Bar::new())?;
        warn_row_problems(&network, &self.input);
        Ok(network)
    }
}

/// One line on stderr when rows of the input had problems (every command, every format: the
/// table that lists them is `stats`'s, and `-o FILE` may hide it), and one per loader note.
pub fn warn_row_problems(network: &Network, input: &std::path::Path) {
    print_notes(&netreach::tasks::load_notes(network, input));
}

/// A task's notes on stderr, one line each after `netreach: `.
pub fn print_notes(notes: &[String]) {
    for note in notes {
        eprintln!("netreach: {}", render::terminal_safe(note));
    }
}

impl InputArgs {
    /// The ego named on the command line: `--ego`, else `--owner` (the export's owner).
    pub fn named_ego(&self, network: &Network, ego: Option<&str>) -> anyhow::Result<Option<u32>> {
        Ok(netreach::tasks::named_ego(
            network,
            ego,
            self.owner.as_deref(),
        )?)
    }

    /// The ego of a command about one person: `--ego`, else `--owner`, else the owner of a
    /// single export (logged on stderr, since it may be the invented `owner:me`).
    pub fn ego(&self, network: &Network, ego: Option<&str>) -> anyhow::Result<u32> {
        let mut notes = Vec::new();
        let id = netreach::tasks::ego(network, ego, self.owner.as_deref(), &mut notes);
        print_notes(&notes);
        Ok(id?)
    }
}

/// The input and output arguments of a command that reads a network and reports on it.
#[derive(Debug, Args)]
pub struct IoArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Output options every reporting command shares.
#[derive(Debug, Args)]
pub struct OutputArgs {
    /// Output format (default: from the extension of -o FILE: .csv, .json, else a table; .md
    /// writes the table in Markdown).
    #[arg(long = "format", value_enum)]
    format_flag: Option<Format>,

    /// Write to FILE instead of standard output (`-` = stdout). Files are written atomically.
    #[arg(short = 'o', long = "output", value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

impl OutputArgs {
    /// The format: `--format`, else the one `-o FILE`'s extension names, else a table.
    pub fn format(&self) -> Format {
        self.format_flag
            .or_else(|| Format::for_path(&self.output))
            .unwrap_or(Format::Table)
    }

    /// Checks `--format` against `-o FILE`'s extension (a contradiction is a command-line
    /// error) and, for a `.md` file, makes tables Markdown. Runs before anything is loaded.
    fn check(&self) -> Result<(), clap::Error> {
        let by_extension = Format::for_path(&self.output);
        if let (Some(flag), Some(ext)) = (self.format_flag, by_extension)
            && flag != ext
        {
            return Err(clap::Error::raw(
                clap::error::ErrorKind::ArgumentConflict,
                format!(
                    "--format {} contradicts -o {} (drop --format, or name the file for the format)\n",
                    flag.name(),
                    self.output.display()
                ),
            ));
        }
        if render::is_markdown_path(&self.output) {
            render::set_markdown_tables();
        }
        Ok(())
    }
}

impl Command {
    /// The output options of a command that reports, checked before it runs.
    fn check_output(&self) -> Result<(), clap::Error> {
        let out = match self {
            Command::Stats(a) => &a.io.output,
            Command::Audit(a) => &a.io.output,
            Command::Reach(a) => &a.io.output,
            Command::Connectors(a) => &a.io.output,
            Command::Communities(a) => &a.io.output,
            Command::Whatif(a) => &a.io.output,
            Command::Visibility(a) => &a.io.output,
            Command::Recommend(a) => &a.io.output,
            Command::Curve(a) => &a.io.output,
            Command::Intro(a) => &a.io.output,
            Command::Ties(a) => &a.io.output,
            Command::Overlap(a) => &a.io.output,
            _ => return Ok(()),
        };
        out.check()
    }
}

/// Node ids from a file, one label per line (`#` comments, blank lines skipped); an unknown id
/// or a line that is not UTF-8 is an error naming the file and line, and so is a file that
/// lists nobody.
pub(crate) fn read_id_file(network: &Network, path: &std::path::Path) -> anyhow::Result<Vec<u32>> {
    let bytes = std::fs::read(path).map_err(|e| netreach::Error::io(path, e))?;
    let mut ids = Vec::new();
    for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let Ok(line) = std::str::from_utf8(line) else {
            anyhow::bail!("{}:{}: not valid UTF-8", path.display(), i + 1);
        };
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match network.labels.find(line) {
            Some(id) => ids.push(id),
            None => anyhow::bail!("{}:{}: no node with id '{line}'", path.display(), i + 1),
        }
    }
    if ids.is_empty() {
        anyhow::bail!("{}: lists no node ids", path.display());
    }
    Ok(ids)
}

/// `--top N`: how many rows a human list shows; `0` means all of them, in every command.
pub(crate) fn parse_top(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Ok(usize::MAX),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("'{s}' is not a number of rows (0 for all)")),
    }
}

pub(crate) fn parse_input_format(s: &str) -> Result<InputFormat, String> {
    s.parse()
}

/// Parses the command line.
pub fn parse() -> Result<Cli, clap::Error> {
    let cli = Cli::try_parse()?;
    cli.command.check_output()?;
    Ok(cli)
}

/// Runs the parsed command on a thread pool of the requested size.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    netreach::memory::set_limit(cli.memory_limit);
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(t) = cli.threads {
        pool = pool.num_threads(t as usize);
    }
    let pool = pool.build()?;
    pool.install(|| match cli.command {
        Command::Stats(a) => stats::run(a),
        Command::Audit(a) => audit::run(a),
        Command::Reach(a) => reach::run(a),
        Command::Connectors(a) => connectors::run(a),
        Command::Communities(a) => communities::run(a),
        Command::Whatif(a) => whatif::run_whatif(a),
        Command::Visibility(a) => whatif::run_visibility(a),
        Command::Recommend(a) => recommend::run(a),
        Command::Curve(a) => curve::run(a),
        Command::Intro(a) => intro::run(a),
        Command::Ties(a) => intro::run_ties(a),
        Command::Overlap(a) => intro::run_overlap(a),
        Command::Plot(a) => plot::run(a),
        Command::Report(a) => report::run(a),
        Command::Convert(a) => convert::run(a),
        Command::Generate(a) => generate::run(a),
        Command::Bench(a) => bench::run(a),
        Command::ClusterLocal(a) => cluster::local(a),
    })
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn clap_definitions_are_consistent() {
        super::Cli::command().debug_assert();
    }
}
