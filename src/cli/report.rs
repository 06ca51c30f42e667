//! `netreach report`: one folder with `index.html` (self-contained, opens from disk),
//! `report.md`, every chart as PNG and the CSV/JSON behind every chart and table.

use std::path::{Path, PathBuf};

use anyhow::anyhow;
use clap::Args;
use netreach::audit::Audit;
use netreach::graph::Network;
use netreach::intro::{JobList, Strength};
use netreach::io::LoadOptions;
use netreach::pseudonym::{Pseudonyms, Titles};
use netreach::reach::Everyone;
use netreach::report::{self, Document, Options};
use rustc_hash::FxHashMap;

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Input (default: the bundled sample, data/sample).
    input: Option<PathBuf>,
    /// The person the report is about (default: the export owner with most connections; on a
    /// plain graph the highest-degree person, with the median-degree person as a second
    /// example).
    #[arg(long, value_name = "ID|NAME|URL")]
    ego: Option<String>,
    /// Output folder (default: reports/<input name>).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace names and profile URLs by pseudonyms everywhere in the report: a keyed hash,
    /// with a fresh random key each run (two reports cannot be linked) unless
    /// --pseudonym-key is given.
    #[arg(long)]
    pseudonymise: bool,
    /// With --pseudonymise: derive the key from FILE (at least 16 bytes of secret), so that
    /// the same person has the same pseudonym in every report made with that file.
    #[arg(long, value_name = "FILE", requires = "pseudonymise")]
    pseudonym_key: Option<PathBuf>,
    /// With --pseudonymise: replace company names by pseudonyms too.
    #[arg(long, requires = "pseudonymise")]
    pseudonymise_companies: bool,
    /// With --pseudonymise: what to keep of job titles (at a small company a title can name a
    /// person): keep them, coarse (only field and seniority, such as "senior, data"), or drop.
    #[arg(long, value_enum, default_value_t = TitleChoice::Keep, requires = "pseudonymise")]
    pseudonymise_titles: TitleChoice,
    /// Add a section "Do you know anyone here?" for this company (repeatable): the people
    /// there within 3 hops of the ego and who could introduce them (see `intro`).
    #[arg(long, value_name = "NAME")]
    company: Vec<String>,
    /// Add the section "Do you know anyone here?" for every company of this job list (CSV, or
    /// the `;`/tab dialects; the company column found by its header, as in `intro --jobs`),
    /// with the list's rows and their introduction columns (all of them in jobs.csv).
    #[arg(long, value_name = "FILE")]
    jobs: Option<PathBuf>,
    /// Seeds of the random growth order.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=1000))]
    seeds: u32,
    /// Read INPUT as this format.
    #[arg(long, value_name = "FORMAT", value_parser = super::parse_input_format)]
    input_format: Option<netreach::io::InputFormat>,
    /// Owner of a single Connections.csv.
    #[arg(long, value_name = "NAME|URL")]
    owner: Option<String>,
}

/// `--pseudonymise-titles`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum TitleChoice {
    /// Titles as written.
    Keep,
    /// Field and seniority only.
    Coarse,
    /// No titles.
    Drop,
}

impl From<TitleChoice> for Titles {
    fn from(choice: TitleChoice) -> Titles {
        match choice {
            TitleChoice::Keep => Titles::Keep,
            TitleChoice::Coarse => Titles::Coarse,
            TitleChoice::Drop => Titles::Drop,
        }
    }
}

/// The egos: `--ego`, else the library's default choice.
fn egos(network: &Network, ego: Option<&str>) -> anyhow::Result<Vec<u32>> {
    match ego {
        Some(e) => Ok(vec![network.resolve(e)?]),
        None => Ok(report::default_egos(network)?),
    }
}

/// The bundled sample's recipe (`data/README.md`): `report` with no input makes it when
/// `data/sample` is not in the working directory.
const SAMPLE: (usize, usize, f64, u64) = (8000, 24, 30.0, 2);

/// The sample written into a temporary folder (kept alive by the returned guard), for
/// `report` run outside the repository.
fn generated_sample() -> anyhow::Result<(tempfile::TempDir, PathBuf)> {
    let (people, owners, mean_degree, seed) = SAMPLE;
    let dir = tempfile::tempdir()?;
    let folder = dir.path().join("sample");
    let net = netreach::generate::professional(people, mean_degree, seed);
    let chosen = netreach::generate::pick_owners(&net, owners, seed);
    netreach::io::exports::write_exports(&folder, &net, &chosen, seed)?;
    eprintln!(
        "netreach: no data/sample here: made the bundled sample (generate linkedin --people {people} --owners {owners} --mean-degree {mean_degree} --seed {seed})"
    );
    Ok((dir, folder))
}

pub fn run(args: ReportArgs) -> anyhow::Result<()> {
    let (generated, input) = input_of(&args)?;
    let question = report::IntroQuestion {
        companies: args.company.clone(),
        jobs: args.jobs.as_deref().map(JobList::read).transpose()?,
        ..Default::default()
    };
    let (network, archive) = load(&input, &args)?;
    let pseudonyms = pseudonyms_of(&args)?;
    let question = match &pseudonyms {
        Some(p) if args.pseudonymise_companies => question.with_companies_renamed(|c| p.company(c)),
        _ => question,
    };
    let audit = single_export_audit(&network, &input, archive, &args, pseudonyms.as_ref())?;
    let strengths = asked_tie_strengths(&network, &input, &args)?;
    let egos = egos(&network, args.ego.as_deref())?;
    let (network, new_id) = renamed(network, pseudonyms.as_ref(), &args);
    let egos: Vec<u32> = egos.iter().map(|&e| new_id[e as usize]).collect();
    let meta = Options {
        source: match &generated {
            Some(_) => "the bundled sample (made here: data/sample was not in this folder)".into(),
            None => input.display().to_string(),
        },
        pseudonymised: args.pseudonymise,
        seeds: args.seeds as usize,
    };
    let doc = match &audit {
        Some(audit) => {
            let mut doc = report::audit_report(&network, audit, &meta)?;
            if question.is_asked() {
                let companies = question.all_companies();
                report::one_export_intro_section(&mut doc, &network, egos[0], &companies)?;
            }
            doc
        }
        None => {
            let (strength, introducer_strength) = renumbered_strengths(strengths, &new_id);
            let question = report::IntroQuestion {
                strength,
                introducer_strength,
                ..question
            };
            network_document(&network, &egos, &meta, &question)?
        }
    };
    let dir = args.out.clone().unwrap_or_else(|| default_dir(&input));
    let written = write(&doc, &dir)?;
    eprintln!(
        "netreach: wrote {written} files to {} (open {})",
        dir.display(),
        dir.join("index.html").display()
    );
    Ok(())
}

/// The network with names replaced when pseudonymising, and each old id's new id
/// (pseudonymising renumbers people with string labels).
fn renamed(
    network: Network,
    pseudonyms: Option<&Pseudonyms>,
    args: &ReportArgs,
) -> (Network, Vec<u32>) {
    match pseudonyms {
        Some(p) => p.renumbered(
            network,
            args.pseudonymise_companies,
            args.pseudonymise_titles.into(),
        ),
        None => {
            let same = (0..network.node_count() as u32).collect();
            (network, same)
        }
    }
}

/// The network, and the archive it was read from when the input is one (a ZIP or a pipe).
fn load(
    input: &Path,
    args: &ReportArgs,
) -> anyhow::Result<(Network, Option<netreach::io::linkedin::archive::Archive>)> {
    let options = LoadOptions {
        format: args.input_format,
        owner: args.owner.clone(),
    };
    super::audit::load_with_archive(
        input,
        || {
            let network = netreach::io::load(input, &options)?;
            super::warn_row_problems(&network, input);
            Ok(network)
        },
        args.owner.as_deref(),
    )
}

/// One export is a star: its report is the personal audit, built before names are replaced
/// (`None` for any other input).
fn single_export_audit(
    network: &Network,
    input: &Path,
    archive: Option<netreach::io::linkedin::archive::Archive>,
    args: &ReportArgs,
    pseudonyms: Option<&Pseudonyms>,
) -> anyhow::Result<Option<Audit>> {
    if !network.is_single_export() {
        return Ok(None);
    }
    let owner = egos(network, args.ego.as_deref())?[0];
    Ok(Some(pseudonymised_audit(
        super::audit::build(network, input, archive, owner, None, 10)?,
        pseudonyms,
        args.pseudonymise_companies,
        args.pseudonymise_titles.into(),
    )))
}

/// The input: as given, else `data/sample`, else the sample made in a temporary folder (with
/// the guard that keeps it).
fn input_of(args: &ReportArgs) -> anyhow::Result<(Option<tempfile::TempDir>, PathBuf)> {
    let bundled = Path::new("data/sample");
    Ok(match &args.input {
        Some(input) => (None, input.clone()),
        None if bundled.is_dir() => (None, bundled.to_path_buf()),
        None => {
            let (guard, folder) = generated_sample()?;
            (Some(guard), folder)
        }
    })
}

/// The pseudonyms of `--pseudonymise`: keyed by `--pseudonym-key`, else a fresh random key.
fn pseudonyms_of(args: &ReportArgs) -> anyhow::Result<Option<Pseudonyms>> {
    Ok(match (&args.pseudonym_key, args.pseudonymise) {
        (Some(key), _) => {
            let secret = std::fs::read(key).map_err(|e| netreach::Error::io(key, e))?;
            Some(Pseudonyms::from_secret(&secret, key)?)
        }
        (None, true) => Some(Pseudonyms::random()),
        (None, false) => None,
    })
}

/// Tie strengths for `--company` and `--jobs` (the ego's and fellow exporters'), read before
/// names are replaced; empty when nothing is asked or the input is one export.
fn asked_tie_strengths(
    network: &Network,
    input: &Path,
    args: &ReportArgs,
) -> anyhow::Result<super::intro::AllStrengths> {
    if (args.company.is_empty() && args.jobs.is_none()) || network.is_single_export() {
        return Ok(Default::default());
    }
    let ego = egos(network, args.ego.as_deref())?[0];
    Ok(super::intro::all_tie_strengths(network, input, ego))
}

/// Tie strengths with every id renumbered by `new_id`.
fn renumbered_strengths(
    (own, theirs): super::intro::AllStrengths,
    new_id: &[u32],
) -> super::intro::AllStrengths {
    let map = |m: FxHashMap<u32, Strength>| -> FxHashMap<u32, Strength> {
        m.into_iter()
            .map(|(v, s)| (new_id[v as usize], s))
            .collect()
    };
    let theirs = theirs
        .into_iter()
        .map(|(v, m)| (new_id[v as usize], map(m)))
        .collect();
    (map(own), theirs)
}

/// The network report, after checking that it fits in memory.
fn network_document(
    network: &Network,
    egos: &[u32],
    meta: &Options,
    question: &report::IntroQuestion,
) -> anyhow::Result<Document> {
    if network.csr.degree(egos[0]) == 0 {
        return Err(anyhow!(
            "{} has no connections: choose another --ego for the report",
            network.labels.get(egos[0])
        ));
    }
    let threads = rayon::current_num_threads();
    netreach::memory::ensure(
        report::memory_bytes(network.node_count(), threads),
        "the report's reach of everyone",
    )?;
    let everyone = Everyone::compute(&network.csr);
    report::network_report_with(network, egos, &everyone, meta, Some(question))
}

fn pseudonymised_audit(
    mut audit: Audit,
    pseudonyms: Option<&Pseudonyms>,
    companies: bool,
    titles: Titles,
) -> Audit {
    if let Some(p) = pseudonyms {
        audit.pseudonymise(
            |name| p.person(name),
            |c| {
                if companies {
                    p.company(c)
                } else {
                    c.to_string()
                }
            },
            |t| titles.apply(t).unwrap_or_default(),
        );
    }
    audit
}

/// `reports/<input name>`.
fn default_dir(input: &Path) -> PathBuf {
    let stem = input.file_stem().map_or("report".into(), |s| {
        s.to_string_lossy().replace(['.', ' '], "-")
    });
    Path::new("reports").join(stem)
}

/// Renders the pages and writes the folder atomically; returns the number of files.
fn write(doc: &Document, dir: &Path) -> anyhow::Result<usize> {
    let html = report::html::render(doc);
    let md = report::markdown::render(doc);
    let mut files: Vec<(&str, &[u8])> = doc
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice()))
        .collect();
    files.push(("index.html", html.as_bytes()));
    files.push(("report.md", md.as_bytes()));
    netreach::io::write_dir_atomic(dir, &files)?;
    Ok(files.len())
}
