//! Tasks a front door runs on an input: the steps between "this input, this person" and the
//! analyses that the CLI and the Python package both need, so that neither writes them twice.
//!
//! Finding a person's own archive in the input (a ZIP, an archive folder, or one member of a
//! folder of several people's archives), the audit of it, tie strengths from the archives,
//! the introductions document, and the whole report. Nothing here prints: what a command says
//! on stderr comes back as [`Notes`], which the CLI prints and Python turns into warnings.

use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::audit::{self, Audit, AuditOptions};
use crate::error::{Error, Result};
use crate::graph::Network;
use crate::intro::{CompanySummary, Introductions, JobList, Strength, Target};
use crate::io::LoadOptions;
use crate::io::exports::{self, OWNER_FILE};
use crate::io::linkedin::archive::{self, Archive};
use crate::io::linkedin::tables::{ArchiveTables, Missing};
use crate::pseudonym::{Pseudonyms, Titles};
use crate::reach::Everyone;
use crate::report::{self, Document, IntroQuestion, Options};

/// What a task has to say besides its result (printed by the CLI after `netreach: `).
pub type Notes = Vec<String>;

/// The person named as the ego: `ego` (an id, profile URL or name), else `owner` (the input's
/// `--owner`: that node, whatever others share its name), else `None`.
pub fn named_ego(network: &Network, ego: Option<&str>, owner: Option<&str>) -> Result<Option<u32>> {
    if let Some(ego) = ego {
        return Ok(Some(network.resolve(ego)?));
    }
    let Some(owner) = owner else {
        return Ok(None);
    };
    match network.report.owners.as_slice() {
        [one] if network.people.is_owner(*one) => Ok(Some(*one)),
        _ => Ok(Some(network.resolve(owner)?)),
    }
}

/// The ego of a question about one person: [`named_ego`], else the owner of a single export
/// (said in `notes`, since it may be the invented `owner:me`).
pub fn ego(
    network: &Network,
    ego: Option<&str>,
    owner: Option<&str>,
    notes: &mut Notes,
) -> Result<u32> {
    if let Some(id) = named_ego(network, ego, owner)? {
        return Ok(id);
    }
    match network.report.owners.as_slice() {
        [one] => {
            notes.push(format!(
                "ego: {} (the owner of this export; name another with --ego)",
                network.display_name(*one)
            ));
            Ok(*one)
        }
        [] => Err(Error::Query(
            "give --ego: this input has no export owner to default to".into(),
        )),
        _ => Err(Error::Query(format!(
            "give --ego (or --owner): this input merges {} owners' exports",
            network.report.owners.len()
        ))),
    }
}

/// What `reach --ego` answers: the rings with their breakdowns and standing, how they were
/// computed, the people at one distance when asked (`list`, the CLI's `--list`), and what one
/// export cannot show.
#[derive(Debug, Serialize)]
pub struct EgoReachDoc<L> {
    /// The rings, breakdowns and standing.
    #[serde(flatten)]
    pub reach: crate::reach::EgoReach,
    /// Always "exact": one person's reach is one breadth-first search.
    pub method: &'static str,
    /// The people at one distance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub list: Option<L>,
    /// For a single export: n2 and n3 are then no finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

/// One person's reach to `depth`, ranked among the others when `ranked` (never in a single
/// export: it is a star, and nobody's 2nd degree is in it).
pub fn ego_reach<L>(
    network: &Network,
    ego: u32,
    depth: usize,
    ranked: bool,
    list: Option<L>,
) -> Result<EgoReachDoc<L>> {
    let single = network.is_single_export();
    let mut reach = crate::reach::ego_reach(network, ego, depth);
    if ranked && !single {
        reach.percentile = Some(crate::reach::standing_among_others(network, ego)?);
    }
    Ok(EgoReachDoc {
        reach,
        method: "exact",
        list,
        note: single.then_some(audit::ONE_EXPORT),
    })
}

/// What `recommend` answers: the picks, or `None` for a single export, where nobody at
/// distance 2 can be seen (said with [`ONE_EXPORT_RECOMMENDATION`], not as "no candidates").
/// No candidate at all is an error naming the ego.
pub fn recommend(
    network: &Network,
    ego: u32,
    options: &crate::whatif::RecommendOptions,
) -> Result<Option<crate::whatif::Recommendation>> {
    if network.is_single_export() {
        return Ok(None);
    }
    let r = crate::whatif::recommend(network, ego, options);
    if r.candidates == 0 {
        return Err(Error::Query(format!(
            "no candidates at distance {} from {}{}",
            options.from,
            network.display_name(ego),
            if options.mutuals.is_some() {
                " in the --mutuals band"
            } else {
                ""
            }
        )));
    }
    Ok(Some(r))
}

/// The `recommend` document of a single export: the note and no picks.
pub fn one_export_recommendation() -> serde_json::Value {
    serde_json::json!({ "note": audit::ONE_EXPORT, "picks": [] })
}

/// The network, and the archive it was read from when the input is a stream (`-`, a pipe)
/// that can be read only once; for anything else the archive is read later from disk.
pub fn load_with_archive(
    input: &Path,
    options: &LoadOptions,
) -> Result<(Network, Option<Archive>)> {
    if !crate::io::is_stream(input) {
        return Ok((crate::io::load(input, options)?, None));
    }
    let archive = crate::io::read_stream_archive(input)?;
    let network = exports::read_archive(&archive, options.owner.as_deref())?;
    Ok((network, Some(archive)))
}

/// The ego's own archive: the input itself (ZIP, folder, or a `Connections.csv` with the
/// archive files beside it), or in a folder of several, the member whose owner is the ego.
pub fn archive_of(path: &Path, network: &Network, ego: u32) -> Result<Archive> {
    if network.report.identity.is_none() {
        return Err(Error::input(
            path,
            "the audit reads a LinkedIn archive or export, not a plain graph",
        ));
    }
    if path.is_file() {
        return if archive::is_zip(path) {
            Archive::open_zip(path)
        } else {
            Archive::open_file(path)
        };
    }
    let members = exports::member_archives(path)?;
    if let [one] = members.as_slice() {
        return Ok(one.clone());
    }
    owned_archives(members, network, &[ego])?
        .pop()
        .map(|(_, archive)| archive)
        .ok_or_else(|| {
            Error::input(
                path,
                format!(
                    "none of these archives belongs to {} (each names its owner in Profile.csv or {OWNER_FILE})",
                    network.display_name(ego)
                ),
            )
        })
}

/// The archives in the folder `path` whose owners are among `wanted`, with their owners' node
/// ids, in the folder's order. An owner is matched by profile URL, else by name.
pub fn archives_of(path: &Path, network: &Network, wanted: &[u32]) -> Result<Vec<(u32, Archive)>> {
    if wanted.is_empty() || !path.is_dir() {
        return Ok(Vec::new());
    }
    owned_archives(exports::member_archives(path)?, network, wanted)
}

fn owned_archives(
    members: Vec<Archive>,
    network: &Network,
    wanted: &[u32],
) -> Result<Vec<(u32, Archive)>> {
    let by_label: FxHashMap<String, u32> =
        wanted.iter().map(|&v| (network.labels.get(v), v)).collect();
    let by_name: FxHashMap<String, u32> = wanted
        .iter()
        .filter_map(|&v| network.people.name(v).map(|n| (n.to_lowercase(), v)))
        .collect();
    let mut found = Vec::new();
    for member in members {
        let owner = exports::owner_of(&member, None)?;
        let by_url = owner
            .url
            .as_deref()
            .and_then(crate::io::linkedin::normalise_url)
            .and_then(|url| by_label.get(&url));
        let named = owner
            .name
            .as_deref()
            .and_then(|n| by_name.get(&n.to_lowercase()));
        if let Some(&v) = by_url.or(named) {
            found.push((v, member));
        }
    }
    Ok(found)
}

/// The audit of the ego's own archive in `network`'s input; `archive` is the input's archive
/// when it was already read (from a stream).
pub fn audit(
    network: &Network,
    input: &Path,
    archive: Option<Archive>,
    ego: u32,
    field: Option<String>,
    years: u32,
) -> Result<Audit> {
    let archive = match archive {
        Some(archive) => archive,
        None => archive_of(input, network, ego)?,
    };
    let tables = ArchiveTables::read(&archive)?;
    let single = network
        .report
        .identity
        .as_ref()
        .is_some_and(|i| i.exports == 1);
    let reach = (!single).then(|| {
        let r = crate::reach::rings(&network.csr, ego, 3);
        [r[0], r[1], r[2]]
    });
    let covered_companies = network
        .report
        .owners
        .iter()
        .filter(|&&o| o != ego)
        .filter_map(|&o| network.people.company(o).map(str::to_string))
        .collect();
    let options = AuditOptions {
        field,
        years,
        owner: network.name_or_label(ego),
        covered_companies,
        reach,
    };
    Ok(audit::audit(&tables, &options))
}

/// The ego's tie strengths from their own archive when the input holds it; empty (unknown)
/// for a plain graph or when the archive cannot be read (said in `notes`).
pub fn tie_strengths(
    network: &Network,
    input: &Path,
    ego: u32,
    notes: &mut Notes,
) -> FxHashMap<u32, Strength> {
    if network.report.identity.is_none() || crate::io::is_stream(input) {
        return FxHashMap::default();
    }
    let tables = archive_of(input, network, ego).and_then(|a| ArchiveTables::read(&a));
    match tables {
        Ok(tables) => {
            note_malformed_messages(&tables, notes);
            crate::intro::strengths(network, ego, &tables)
        }
        Err(e) => {
            notes.push(strength_unknown(&e.to_string()));
            FxHashMap::default()
        }
    }
}

fn strength_unknown(why: &str) -> String {
    format!("tie strength unknown: {why}")
}

/// A malformed `messages.csv` leaves tie strength to the other files: said once, with its
/// `file:line`.
fn note_malformed_messages(tables: &ArchiveTables, notes: &mut Notes) {
    if let Err(Missing::Malformed { error }) = &tables.messages {
        notes.push(format!("tie strength without messages.csv: {error}"));
    }
}

/// The ego's tie strengths, and the tie strengths of each fellow exporter among the ego's
/// contacts, by contact.
pub type AllStrengths = (
    FxHashMap<u32, Strength>,
    FxHashMap<u32, FxHashMap<u32, Strength>>,
);

/// Tie strengths in the ego's archive, and in the archives of the ego's contacts who exported
/// too (fellow exporters in a merged folder): how well each such introducer knows the next
/// person on a path. A folder of several archives is listed once and its archives read in
/// parallel (notes in the folder's order); any other input gives the ego's only.
pub fn all_tie_strengths(
    network: &Network,
    input: &Path,
    ego: u32,
    notes: &mut Notes,
) -> AllStrengths {
    use rayon::prelude::*;
    let contacts = network.csr.neighbors(ego);
    let exporters = network.exporters();
    if exporters.len() < 2 || !input.is_dir() || crate::io::is_stream(input) {
        return (
            tie_strengths(network, input, ego, notes),
            FxHashMap::default(),
        );
    }
    let wanted: Vec<u32> = exporters
        .into_iter()
        .filter(|o| *o == ego || contacts.binary_search(o).is_ok())
        .collect();
    let archives = match archives_of(input, network, &wanted) {
        Ok(archives) => archives,
        Err(e) => {
            notes.push(strength_unknown(&e.to_string()));
            return Default::default();
        }
    };
    let tables: Vec<(u32, ArchiveTables)> = archives
        .par_iter()
        .filter_map(|(v, archive)| Some((*v, ArchiveTables::read(archive).ok()?)))
        .collect();
    for (_, t) in &tables {
        note_malformed_messages(t, notes);
    }
    let mut found: FxHashMap<u32, FxHashMap<u32, Strength>> = tables
        .par_iter()
        .map(|(v, t)| (*v, crate::intro::strengths(network, *v, t)))
        .collect();
    let own = found.remove(&ego).unwrap_or_else(|| {
        notes.push(strength_unknown(&format!(
            "none of the archives in {} belongs to {}",
            input.display(),
            network.display_name(ego)
        )));
        FxHashMap::default()
    });
    (own, found)
}

/// A team's overlap (`overlap`): only for a folder of several people's exports.
pub fn overlap(network: &Network, input: &Path) -> Result<crate::intro::Overlap> {
    if network.exporters().len() < 2 {
        return Err(Error::input(
            input,
            format!(
                "overlap compares several people's exports; this input has {}",
                crate::render::count(
                    network.report.owners.len() as u64,
                    "export owner",
                    "export owners"
                )
            ),
        ));
    }
    Ok(crate::intro::overlap(network))
}

/// What `intro` answers: the targets found and each company's summary.
#[derive(Debug, Serialize)]
pub struct IntroDoc {
    /// The ego as readers see them.
    pub ego: String,
    /// Whether any tie strength is known (the ego's archive was read).
    pub strength_known: bool,
    /// Introducers whose own archives rank their next hop.
    pub introducers_with_strength: usize,
    /// The people to be introduced to, nearest first.
    pub targets: Vec<Target>,
    /// Each company asked for: its people by distance and its introducers.
    pub companies: Vec<CompanySummary>,
}

/// The people to be introduced to: at the `companies`, the person `to`, and the members of a
/// target group (`in_group`), with `keep` best paths each. A person beyond reach is said in
/// `notes`.
pub struct IntroAsk<'a> {
    /// Companies, as the audit compares names.
    pub companies: &'a [String],
    /// One person.
    pub to: Option<u32>,
    /// A target group's membership test.
    pub in_group: Option<&'a dyn Fn(u32) -> bool>,
    /// Best paths kept per target.
    pub keep: usize,
}

/// The introductions document of `intro` (CLI `--format json`, Python `intro()`).
pub fn introductions(
    network: &Network,
    intro: &Introductions,
    ego: u32,
    strength_known: bool,
    ask: &IntroAsk,
    notes: &mut Notes,
) -> IntroDoc {
    // One pass counts every company's introducers.
    let companies = intro.summaries(ask.companies);
    let mut targets: Vec<Target> = ask
        .companies
        .iter()
        .flat_map(|company| intro.targets_at(company, ask.keep, 0))
        .collect();
    if let Some(id) = ask.to {
        match intro.target(id, ask.keep) {
            Some(t) => targets.push(t),
            None => notes.push(format!(
                "{} is not within {} hops of {}",
                network.display_name(id),
                crate::intro::MAX_HOPS,
                network.display_name(ego)
            )),
        }
    }
    if let Some(in_group) = ask.in_group {
        let mut found: Vec<Target> = (0..network.node_count() as u32)
            .filter(|&v| in_group(v))
            .filter_map(|v| intro.target(v, ask.keep))
            .collect();
        found.sort_by_key(|t| (t.distance, std::cmp::Reverse(t.introducers)));
        targets.extend(found);
    }
    IntroDoc {
        ego: network.display_name(ego),
        strength_known,
        introducers_with_strength: intro.introducers_with_strengths(),
        targets,
        companies,
    }
}

/// What `report` is asked for (the CLI's flags; Python's `report()` arguments).
#[derive(Debug, Default)]
pub struct ReportRequest {
    /// The input.
    pub input: PathBuf,
    /// How to read it.
    pub load: LoadOptions,
    /// Whose report (`--ego`); default: the owner, else the exporters, else the best-connected.
    pub ego: Option<String>,
    /// Companies for "Do you know anyone here?".
    pub companies: Vec<String>,
    /// A job list for the same section.
    pub jobs: Option<PathBuf>,
    /// Pseudonyms instead of names, with this key file (`None` with `pseudonymise`: a random
    /// key).
    pub pseudonymise: bool,
    /// The key of the pseudonyms.
    pub pseudonym_key: Option<PathBuf>,
    /// Pseudonymise company names too.
    pub pseudonymise_companies: bool,
    /// What pseudonymising does to job titles.
    pub titles: Titles,
    /// Seeds of the growth curves' random orders.
    pub seeds: usize,
    /// How the source is named on the report (default: the input path).
    pub source: Option<String>,
}

/// The report's egos: `--ego` (resolved), else the report's defaults.
pub fn report_egos(network: &Network, ego: Option<&str>) -> Result<Vec<u32>> {
    match ego {
        Some(e) => Ok(vec![network.resolve(e)?]),
        None => report::default_egos(network),
    }
}

/// The whole report as a document: loads the input, reads the audit (one export) or computes
/// the network report, pseudonymising when asked. Loader notes and row problems go to `notes`.
/// Errors are the loaders' and the report's (`anyhow`, with a [`Error`] inside where one
/// caused it).
pub fn report(request: &ReportRequest, notes: &mut Notes) -> anyhow::Result<Document> {
    let question = IntroQuestion {
        companies: request.companies.clone(),
        jobs: request.jobs.as_deref().map(JobList::read).transpose()?,
        ..Default::default()
    };
    let (network, archive) = load_with_archive(&request.input, &request.load)?;
    notes.extend(load_notes(&network, &request.input));
    let pseudonyms = pseudonyms_of(request)?;
    let question = match &pseudonyms {
        Some(p) if request.pseudonymise_companies => {
            question.with_companies_renamed(|c| p.company(c))
        }
        _ => question,
    };
    let audit = single_export_audit(&network, request, archive, pseudonyms.as_ref())?;
    let strengths = asked_tie_strengths(&network, request, notes)?;
    let egos = report_egos(&network, request.ego.as_deref())?;
    let (network, new_id) = renamed(network, pseudonyms.as_ref(), request);
    let egos: Vec<u32> = egos.iter().map(|&e| new_id[e as usize]).collect();
    let meta = Options {
        source: request
            .source
            .clone()
            .unwrap_or_else(|| request.input.display().to_string()),
        pseudonymised: pseudonyms.is_some(),
        seeds: request.seeds,
    };
    match &audit {
        Some(audit) => {
            let mut doc = report::audit_report(&network, audit, &meta)?;
            if question.is_asked() {
                let companies = question.all_companies();
                report::one_export_intro_section(&mut doc, &network, egos[0], &companies)?;
            }
            Ok(doc)
        }
        None => {
            let (strength, introducer_strength) = renumbered_strengths(strengths, &new_id);
            let question = IntroQuestion {
                strength,
                introducer_strength,
                ..question
            };
            network_document(&network, &egos, &meta, &question)
        }
    }
}

/// What the loader says about an input (every command says it, on every format): its notes,
/// then the summary of rows read around with where to see them all.
pub fn load_notes(network: &Network, input: &Path) -> Notes {
    let mut notes: Notes = network
        .report
        .notes
        .iter()
        .map(|n| format!("note: {n}"))
        .collect();
    if let Some(summary) = network.report.problems.summary() {
        notes.push(format!(
            "warning: {summary}; see `netreach stats {}`",
            input.display()
        ));
    }
    notes
}

/// Renders the report's pages and writes the folder atomically; returns the number of files.
pub fn write_report(doc: &Document, dir: &Path) -> Result<usize> {
    let html = report::html::render(doc);
    let md = report::markdown::render(doc);
    let mut files: Vec<(&str, &[u8])> = doc
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.bytes.as_slice()))
        .collect();
    files.push(("index.html", html.as_bytes()));
    files.push(("report.md", md.as_bytes()));
    crate::io::write_dir_atomic(dir, &files)?;
    Ok(files.len())
}

/// The network with names replaced when pseudonymising, and each old id's new id
/// (pseudonymising renumbers people with string labels).
fn renamed(
    network: Network,
    pseudonyms: Option<&Pseudonyms>,
    request: &ReportRequest,
) -> (Network, Vec<u32>) {
    match pseudonyms {
        Some(p) => p.renumbered(network, request.pseudonymise_companies, request.titles),
        None => {
            let same = (0..network.node_count() as u32).collect();
            (network, same)
        }
    }
}

/// One export is a star: its report is the personal audit, built before names are replaced
/// (`None` for any other input).
fn single_export_audit(
    network: &Network,
    request: &ReportRequest,
    archive: Option<Archive>,
    pseudonyms: Option<&Pseudonyms>,
) -> Result<Option<Audit>> {
    if !network.is_single_export() {
        return Ok(None);
    }
    let owner = report_egos(network, request.ego.as_deref())?[0];
    let mut audit = audit(network, &request.input, archive, owner, None, 10)?;
    if let Some(p) = pseudonyms {
        let companies = request.pseudonymise_companies;
        audit.pseudonymise(
            |name| p.person(name),
            |c| {
                if companies {
                    p.company(c)
                } else {
                    c.to_string()
                }
            },
            |t| request.titles.apply(t).unwrap_or_default(),
        );
    }
    Ok(Some(audit))
}

/// The pseudonyms asked for: keyed by the key file, else a fresh random key.
fn pseudonyms_of(request: &ReportRequest) -> Result<Option<Pseudonyms>> {
    Ok(match (&request.pseudonym_key, request.pseudonymise) {
        (Some(key), _) => {
            let secret = std::fs::read(key).map_err(|e| Error::io(key, e))?;
            Some(Pseudonyms::from_secret(&secret, key)?)
        }
        (None, true) => Some(Pseudonyms::random()),
        (None, false) => None,
    })
}

/// Tie strengths for the companies and the job list (the ego's and fellow exporters'), read
/// before names are replaced; empty when nothing is asked or the input is one export.
fn asked_tie_strengths(
    network: &Network,
    request: &ReportRequest,
    notes: &mut Notes,
) -> Result<AllStrengths> {
    if (request.companies.is_empty() && request.jobs.is_none()) || network.is_single_export() {
        return Ok(Default::default());
    }
    let ego = report_egos(network, request.ego.as_deref())?[0];
    Ok(all_tie_strengths(network, &request.input, ego, notes))
}

/// Tie strengths with every id renumbered by `new_id`.
fn renumbered_strengths((own, theirs): AllStrengths, new_id: &[u32]) -> AllStrengths {
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
    question: &IntroQuestion,
) -> anyhow::Result<Document> {
    if network.csr.degree(egos[0]) == 0 {
        return Err(Error::Query(format!(
            "{} has no connections: choose another --ego for the report",
            network.labels.get(egos[0])
        ))
        .into());
    }
    let threads = rayon::current_num_threads();
    crate::memory::ensure(
        report::memory_bytes(network.node_count(), network.csr.arc_count(), threads),
        "the report's reach of everyone",
    )?;
    let everyone = Everyone::compute(&network.csr);
    report::network_report_with(network, egos, &everyone, meta, Some(question))
}
