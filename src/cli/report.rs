//! `netreach report`: one folder with `index.html` (self-contained, opens from disk),
//! `report.md`, every chart as PNG and the CSV/JSON behind every chart and table.

use std::path::{Path, PathBuf};

use clap::Args;
use netreach::io::LoadOptions;
use netreach::pseudonym::Titles;
use netreach::tasks::ReportRequest;

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
    let request = ReportRequest {
        input: input.clone(),
        load: LoadOptions {
            format: args.input_format,
            owner: args.owner.clone(),
        },
        ego: args.ego.clone(),
        companies: args.company.clone(),
        jobs: args.jobs.clone(),
        pseudonymise: args.pseudonymise,
        pseudonym_key: args.pseudonym_key.clone(),
        pseudonymise_companies: args.pseudonymise_companies,
        titles: args.pseudonymise_titles.into(),
        seeds: args.seeds as usize,
        source: generated.as_ref().map(|_| {
            "the bundled sample (made here: data/sample was not in this folder)".to_string()
        }),
    };
    let mut notes = Vec::new();
    let doc = netreach::tasks::report(&request, &mut notes);
    super::print_notes(&notes);
    let dir = args.out.clone().unwrap_or_else(|| default_dir(&input));
    let written = netreach::tasks::write_report(&doc?, &dir)?;
    eprintln!(
        "netreach: wrote {written} files to {} (open {})",
        dir.display(),
        dir.join("index.html").display()
    );
    Ok(())
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

/// `reports/<input name>`.
fn default_dir(input: &Path) -> PathBuf {
    let stem = input.file_stem().map_or("report".into(), |s| {
        s.to_string_lossy().replace(['.', ' '], "-")
    });
    Path::new("reports").join(stem)
}
