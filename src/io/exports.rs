//! One or several LinkedIn exports merged into one network.
//!
//! A directory of exports holds one folder per owner, each with `Connections.csv` and a sidecar
//! `owner.txt` (`url: …` and/or `name: …` lines) naming the owner, since the export itself does
//! not say whose it is. People are identified by normalised profile URL; rows without a URL fall
//! back to name + company only when that is unambiguous (see [`IdentityReport`]).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::linkedin::archive::{self, Archive};
use super::linkedin::{self, Export, ExportRow, normalise_url};
use crate::error::{Error, Result};
use crate::graph::{
    ConnectionDates, Csr, IdentityReport, InputDialect, Labels, LoadReport, Network, People,
    Person, RowProblems, SkipReport,
};

/// The name of the owner sidecar file.
pub const OWNER_FILE: &str = "owner.txt";
/// The file name of the connections table inside an export folder.
pub const CONNECTIONS_FILE: &str = "Connections.csv";

/// Who owns an export: a profile URL, a name, or both.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Owner {
    /// Profile URL as given.
    pub url: Option<String>,
    /// Display name.
    pub name: Option<String>,
}

impl Owner {
    /// Reads `--owner NAME|URL`: a URL-like value is a profile URL, anything else a name.
    pub fn from_flag(text: &str) -> Owner {
        let text = text.trim();
        if normalise_url(text).is_some() {
            Owner {
                url: Some(text.to_string()),
                name: None,
            }
        } else {
            Owner {
                url: None,
                name: Some(text.to_string()),
            }
        }
    }

    /// Reads an `owner.txt` sidecar: `url: …` and `name: …` lines, `#` comments.
    pub fn from_sidecar(path: &Path) -> Result<Owner> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Owner::parse(path, &bytes)
    }

    /// Parses the text of an `owner.txt` sidecar; `path` only names it in messages.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<Owner> {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| Error::parse(path, 1, "owner file is not valid UTF-8"))?;
        let mut owner = Owner::default();
        for (i, line) in text.lines().enumerate() {
            let line_no = i as u64 + 1;
            let line = line.trim().trim_start_matches('\u{feff}');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once(':') else {
                return Err(Error::parse(
                    path,
                    line_no,
                    "expected 'url: …' or 'name: …'",
                ));
            };
            let value = value.trim().to_string();
            match key.trim().to_ascii_lowercase().as_str() {
                "url" if normalise_url(&value).is_some() => owner.url = Some(value),
                "url" => {
                    return Err(Error::parse(
                        path,
                        line_no,
                        format!("'{value}' is not a profile URL"),
                    ));
                }
                "name" => owner.name = Some(value),
                other => {
                    return Err(Error::parse(
                        path,
                        line_no,
                        format!("unknown key '{other}' (expected url or name)"),
                    ));
                }
            }
        }
        if owner.url.is_none() && owner.name.is_none() {
            return Err(Error::parse(
                path,
                1,
                "owner file names no owner (add 'url: …' or 'name: …')",
            ));
        }
        Ok(owner)
    }

    /// The identity key of the owner; `fallback` names an export without a named owner.
    fn key(&self, fallback: &str) -> String {
        if let Some(key) = self.url.as_deref().and_then(normalise_url) {
            key
        } else if let Some(name) = &self.name {
            format!("owner:{}", name.trim().to_lowercase())
        } else {
            format!("owner:{fallback}")
        }
    }
}

/// One export with its owner, ready to merge.
#[derive(Clone, Debug)]
pub struct OwnedExport {
    /// The `Connections.csv` it came from.
    pub path: PathBuf,
    /// Its owner.
    pub owner: Owner,
    /// Its rows.
    pub export: Export,
}

/// Reads a single `Connections.csv`; the owner comes from `--owner`, else from an `owner.txt`
/// beside the file, else it is an unnamed owner labelled `owner:me`.
pub fn read_file(path: &Path, bytes: &[u8], owner: Option<&str>) -> Result<Network> {
    let export = linkedin::parse(path, bytes)?;
    let owner = match owner {
        Some(flag) => Owner::from_flag(flag),
        None => {
            let sidecar = path.with_file_name(OWNER_FILE);
            // Standard input has no folder to hold an owner.txt.
            if path != Path::new(super::STDIN_NAME) && sidecar.is_file() {
                Owner::from_sidecar(&sidecar)?
            } else {
                Owner::default()
            }
        }
    };
    let one = OwnedExport {
        path: path.to_path_buf(),
        owner,
        export,
    };
    Ok(merge(vec![one], SkipReport::default()))
}

/// Reads one archive (ZIP or unpacked folder) as a one-owner network.
pub fn read_archive(archive: &Archive, owner: Option<&str>) -> Result<Network> {
    let one = owned_from_archive(archive, owner.map(Owner::from_flag))?;
    Ok(merge(vec![one], SkipReport::default()))
}

/// The export of an archive with its owner: the name from `Profile.csv` when there is one, a
/// URL (and name, failing `Profile.csv`) from `--owner` or the archive's `owner.txt`.
pub fn owned_from_archive(archive: &Archive, flag: Option<Owner>) -> Result<OwnedExport> {
    let connections = archive.connections()?;
    let export = linkedin::parse(&connections.path, &connections.bytes)?;
    let owner = owner_of(archive, flag)?;
    Ok(OwnedExport {
        path: connections.path.clone(),
        owner,
        export,
    })
}

/// The owner of an archive, without reading its connections: the name from `Profile.csv` when
/// there is one, a URL (and name, failing `Profile.csv`) from `flag` (`--owner`) or the
/// archive's `owner.txt`.
pub fn owner_of(archive: &Archive, flag: Option<Owner>) -> Result<Owner> {
    let sidecar = match (flag, archive.file(OWNER_FILE)) {
        (Some(owner), _) => Some(owner),
        (None, Some(file)) => Some(Owner::parse(&file.path, &file.bytes)?),
        (None, None) => None,
    };
    let mut owner = sidecar.unwrap_or_default();
    if let Some(profile) = archive.profile()? {
        owner.name = Some(profile.name);
    }
    Ok(owner)
}

/// Reads a directory: one unpacked archive (it holds `Connections.csv`), or several people's
/// archives and exports, each a folder or a ZIP (sorted by name), merged into one network.
pub fn read_dir(dir: &Path, owner: Option<&str>) -> Result<Network> {
    if archive::is_archive_dir(dir) {
        return read_archive(&Archive::open_dir(dir)?, owner);
    }
    let entries = member_entries(dir)?;
    let total: u64 = entries.iter().map(|p| tree_size(p)).sum();
    // Exports are parsed whole into rows a few times their size, all kept until merged.
    crate::memory::ensure(
        total.saturating_mul(4),
        format_args!("reading these exports of {}", crate::memory::Bytes(total)),
    )
    .map_err(|e| Error::input(dir, e.to_string()))?;
    let mut skipped = SkipReport::default();
    let mut archives = Vec::new();
    for entry in entries {
        let Some(archive) = open_member(&entry)? else {
            skipped.add("folders without Connections.csv", 1);
            continue;
        };
        if archive.file(OWNER_FILE).is_none() && archive.file("Profile.csv").is_none() {
            return Err(Error::input(
                &entry,
                format!(
                    "export has neither Profile.csv nor {OWNER_FILE} naming its owner (add {OWNER_FILE} with a line 'url: https://www.linkedin.com/in/…')"
                ),
            ));
        }
        archives.push(archive);
    }
    // Parsed in parallel, then taken in folder order: the first bad export in that order is
    // the one reported, whatever the thread count.
    let parsed: Vec<Result<OwnedExport>> = {
        use rayon::prelude::*;
        archives
            .par_iter()
            .map(|a| owned_from_archive(a, None))
            .collect()
    };
    let exports = parsed.into_iter().collect::<Result<Vec<_>>>()?;
    if exports.is_empty() {
        return Err(Error::input(
            dir,
            format!(
                "no exports found (expected {CONNECTIONS_FILE}, LinkedIn archive ZIPs, or folders each holding {CONNECTIONS_FILE} with Profile.csv or {OWNER_FILE})"
            ),
        ));
    }
    Ok(merge(exports, skipped))
}

/// The archives of a folder of several people's archives or exports, sorted by name (an
/// unpacked single archive gives itself).
pub fn member_archives(dir: &Path) -> Result<Vec<Archive>> {
    if archive::is_archive_dir(dir) {
        return Ok(vec![Archive::open_dir(dir)?]);
    }
    let entries = member_entries(dir)?;
    let mut out = Vec::new();
    for entry in entries {
        if let Some(a) = open_member(&entry)? {
            out.push(a);
        }
    }
    Ok(out)
}

/// The folders and ZIPs of a folder of several people's archives, sorted by name.
fn member_entries(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() || archive::is_zip(p))
        .collect();
    entries.sort();
    Ok(entries)
}

/// One member of a folder of archives: a ZIP, a folder holding `Connections.csv`, or a folder
/// holding exactly one such folder (an archive unpacked into its owner's folder).
fn open_member(entry: &Path) -> Result<Option<Archive>> {
    if !entry.is_dir() {
        return Archive::open_zip(entry).map(Some);
    }
    if archive::is_archive_dir(entry) {
        return Archive::open_dir(entry).map(Some);
    }
    let inner: Vec<PathBuf> = std::fs::read_dir(entry)
        .map_err(|e| Error::io(entry, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && archive::is_archive_dir(p))
        .collect();
    match inner.as_slice() {
        [one] => Archive::open_dir(one).map(Some),
        _ => Ok(None),
    }
}

/// Bytes of the files in `path` and one level below (a memory estimate, not an exact size).
fn tree_size(path: &Path) -> u64 {
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| if m.is_file() { m.len() } else { 0 });
    if !path.is_dir() {
        return size(path);
    }
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .map(|p| {
            if p.is_dir() {
                tree_size_flat(&p)
            } else {
                size(&p)
            }
        })
        .sum()
}

fn tree_size_flat(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok()?.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// Attributes gathered for one identity key.
#[derive(Default)]
struct Acc {
    person: Person,
    exports: Vec<usize>,
}

/// Everyone met while merging, in order of first appearance, and their slots by identity key:
/// each edge keeps a slot, not a copy of the key (900,000 rows made as many strings).
#[derive(Default)]
struct Registry {
    slots: FxHashMap<String, u32>,
    accs: Vec<(String, Acc)>,
}

impl Registry {
    fn with_capacity(n: usize) -> Registry {
        Registry {
            slots: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            accs: Vec::with_capacity(n),
        }
    }

    /// The slot of `key`, made on first sight.
    fn slot(&mut self, key: &str) -> u32 {
        if let Some(&slot) = self.slots.get(key) {
            return slot;
        }
        let slot = self.accs.len() as u32;
        self.slots.insert(key.to_string(), slot);
        self.accs.push((key.to_string(), Acc::default()));
        slot
    }

    /// The person of `key`, made on first sight.
    fn acc(&mut self, key: &str) -> &mut Acc {
        let slot = self.slot(key);
        &mut self.accs[slot as usize].1
    }
}

impl Acc {
    fn absorb_row(&mut self, row: &ExportRow, export: usize) {
        let p = &mut self.person;
        fill(&mut p.name, &row.name);
        fill(&mut p.company, &row.company);
        fill(&mut p.position, &row.position);
        fill(&mut p.url, &row.url);
        if let Some(date) = row.connected_on {
            p.connected_on = earliest(p.connected_on, date);
        }
        self.note_export(export);
    }

    fn note_export(&mut self, export: usize) {
        if !self.exports.contains(&export) {
            self.exports.push(export);
        }
    }
}

fn fill(slot: &mut Option<String>, value: &str) {
    if slot.is_none() && !value.is_empty() {
        *slot = Some(value.to_string());
    }
}

fn earliest(a: Option<NaiveDate>, b: NaiveDate) -> Option<NaiveDate> {
    Some(a.map_or(b, |a| a.min(b)))
}

fn name_company(row: &ExportRow) -> String {
    format!("{}|{}", row.name.to_lowercase(), row.company.to_lowercase())
}

/// Each export owner's identity key (`owner:me` for a single export without one).
fn owner_keys(exports: &[OwnedExport]) -> Vec<String> {
    exports
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let stem = if exports.len() == 1 {
                "me".to_string()
            } else {
                format!("export-{}", i + 1)
            };
            e.owner.key(&stem)
        })
        .collect()
}

/// Name + company of every person with a URL, to place URL-less rows (empty when no row
/// lacks a URL).
fn keys_by_name_company(exports: &[OwnedExport]) -> FxHashMap<String, Vec<String>> {
    let mut by_name: FxHashMap<String, Vec<String>> = FxHashMap::default();
    let any_url_less = exports
        .iter()
        .any(|e| e.export.rows.iter().any(|r| r.key.is_none()));
    if !any_url_less {
        return by_name;
    }
    for e in exports {
        for row in &e.export.rows {
            if let Some(key) = &row.key {
                let keys = by_name.entry(name_company(row)).or_default();
                if !keys.contains(key) {
                    keys.push(key.clone());
                }
            }
        }
    }
    by_name
}

/// Merges exports into one network: owners joined to their contacts, people matched across
/// exports by normalised URL, URL-less rows matched on name + company when unambiguous.
pub fn merge(exports: Vec<OwnedExport>, mut skipped: SkipReport) -> Network {
    // At most everyone once: reserved, as growing a table of 900,000 people cost a fifth of
    // the merge.
    let rows: usize = exports.iter().map(|e| e.export.rows.len() + 1).sum();
    let mut people = Registry::with_capacity(rows);
    let mut identity = IdentityReport {
        exports: exports.len() as u64,
        ..IdentityReport::default()
    };
    let owner_keys = match_owners_by_name(&exports, owner_keys(&exports), &mut identity);
    for (i, e) in exports.iter().enumerate() {
        let acc = people.acc(&owner_keys[i]);
        acc.person.is_owner = true;
        fill(&mut acc.person.name, e.owner.name.as_deref().unwrap_or(""));
        fill(&mut acc.person.url, e.owner.url.as_deref().unwrap_or(""));
        acc.note_export(i);
    }
    for e in &exports {
        identity.rows += e.export.rows.len() as u64 + e.export.hidden;
        identity.hidden += e.export.hidden;
    }
    let by_name = keys_by_name_company(&exports);
    // (export, contact key): the owner's key is looked up by export when the graph is built.
    let mut edges: Vec<(usize, u32, Option<NaiveDate>)> = Vec::with_capacity(rows);
    for (i, e) in exports.iter().enumerate() {
        let mut seen_here: FxHashMap<String, u32> = FxHashMap::default();
        for row in e.export.rows.iter().filter(|r| r.key.is_none()) {
            *seen_here.entry(name_company(row)).or_default() += 1;
        }
        for row in &e.export.rows {
            let slot = match &row.key {
                Some(key) => people.slot(key),
                None => people.slot(&url_less_key(row, i, &by_name, &seen_here, &mut identity)),
            };
            people.accs[slot as usize].1.absorb_row(row, i);
            edges.push((i, slot, row.connected_on));
        }
    }
    let (problems, inputs) = file_reports(&exports);
    identity.matched_by_url = people
        .accs
        .iter()
        .filter(|(k, a)| a.exports.len() > 1 && !k.starts_with("name:") && !k.starts_with("owner:"))
        .count() as u64;
    skipped.add(
        "empty rows (only separators)",
        exports.iter().map(|e| e.export.blank).sum(),
    );
    let mut network = build(people, &edges, &owner_keys, identity, skipped);
    network.report.problems = problems;
    network.report.inputs = inputs;
    network
}

/// Every export's row problems (in export order) and how each file was read.
fn file_reports(exports: &[OwnedExport]) -> (RowProblems, Vec<InputDialect>) {
    let mut problems = RowProblems::default();
    for e in exports {
        problems.extend(e.export.problems.clone());
    }
    let inputs = exports.iter().map(|e| e.export.dialect.clone()).collect();
    (problems, inputs)
}

/// An owner known only by name (`Profile.csv` has no URL) is the person of that name in the
/// other exports when exactly one profile URL carries it; otherwise the owner keeps a key of
/// its own and cannot be joined to their appearances in others' exports.
fn match_owners_by_name(
    exports: &[OwnedExport],
    mut keys: Vec<String>,
    identity: &mut IdentityReport,
) -> Vec<String> {
    for (i, e) in exports.iter().enumerate() {
        let (None, Some(name)) = (&e.owner.url, &e.owner.name) else {
            continue;
        };
        let wanted = name.trim().to_lowercase();
        let mut found: Vec<&str> = exports
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .flat_map(|(_, other)| &other.export.rows)
            .filter(|r| r.name.to_lowercase() == wanted)
            .filter_map(|r| r.key.as_deref())
            .collect();
        found.sort_unstable();
        found.dedup();
        if let [key] = found.as_slice() {
            keys[i] = key.to_string();
            identity.owners_matched_by_name += 1;
        }
    }
    keys
}

/// The identity key of a row without URL: a URL person with the same name + company when there
/// is exactly one, a shared name key when nobody else could be meant, else a key of its own.
fn url_less_key(
    row: &ExportRow,
    export: usize,
    by_name: &FxHashMap<String, Vec<String>>,
    seen_here: &FxHashMap<String, u32>,
    identity: &mut IdentityReport,
) -> String {
    let nc = name_company(row);
    match by_name.get(&nc).map(Vec::as_slice) {
        Some([key]) => {
            identity.matched_by_name += 1;
            key.clone()
        }
        Some(_) => {
            identity.ambiguous += 1;
            format!("name:{nc}#{}:{}", export + 1, row.line)
        }
        None if seen_here.get(&nc).copied().unwrap_or(0) > 1 => {
            identity.ambiguous += 1;
            format!("name:{nc}#{}:{}", export + 1, row.line)
        }
        None => {
            identity.unmatched_without_url += 1;
            format!("name:{nc}")
        }
    }
}

fn build(
    people: Registry,
    edges: &[(usize, u32, Option<NaiveDate>)],
    owner_keys: &[String],
    identity: IdentityReport,
    mut skipped: SkipReport,
) -> Network {
    // Ids are ranks in label order.
    let owner_slots: Vec<u32> = owner_keys
        .iter()
        .map(|k| people.slots[k.as_str()])
        .collect();
    let mut order: Vec<u32> = (0..people.accs.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| people.accs[a as usize].0.cmp(&people.accs[b as usize].0));
    let mut rank = vec![0u32; order.len()];
    for (id, &slot) in order.iter().enumerate() {
        rank[slot as usize] = id as u32;
    }
    let mut by_slot: Vec<Option<(String, Acc)>> = people.accs.into_iter().map(Some).collect();
    let people: Vec<(String, Acc)> = order
        .iter()
        .filter_map(|&slot| by_slot[slot as usize].take())
        .collect();
    let mut pairs = Vec::with_capacity(edges.len() * 2);
    let mut dates = Vec::new();
    for &(export, b, date) in edges {
        let (owner, contact) = (rank[owner_slots[export] as usize], rank[b as usize]);
        pairs.extend([owner, contact]);
        if let Some(date) = date
            && owner != contact
        {
            dates.push((owner, contact, date));
        }
    }
    let mut owners: Vec<u32> = owner_slots.iter().map(|&s| rank[s as usize]).collect();
    owners.dedup();
    skipped.add(
        "hidden rows (only a date: closed or hidden accounts)",
        identity.hidden,
    );
    let (csr, build) = Csr::from_pairs(people.len(), &pairs);
    let (labels, rows): (Vec<Box<str>>, Vec<Person>) = people
        .into_iter()
        .map(|(k, a)| (k.into_boxed_str(), a.person))
        .unzip();
    Network {
        csr,
        labels: Labels::Str(labels),
        people: People::from_rows(rows),
        report: LoadReport {
            format: "linkedin".into(),
            build,
            skipped,
            identity: Some(identity),
            owners,
            ..LoadReport::default()
        },
        dates: ConnectionDates::new(dates),
    }
}

/// The preamble LinkedIn puts above the header of current exports.
const PREAMBLE: &str = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here https://www.linkedin.com/help/linkedin/answer/261\"\n\n";

/// `owner`'s contacts with the connection dates, newest first (as LinkedIn orders them).
fn contacts_newest_first(net: &crate::generate::Professional, owner: u32) -> Vec<(u32, NaiveDate)> {
    let mut rows: Vec<(u32, NaiveDate)> = net
        .edges
        .iter()
        .filter_map(|&(u, v, d)| match (u == owner, v == owner) {
            (true, _) => Some((v, d)),
            (_, true) => Some((u, d)),
            _ => None,
        })
        .collect();
    rows.sort_by_key(|&(p, d)| (std::cmp::Reverse(d), p));
    rows
}

/// The CSV body of one synthetic export (without the preamble or a final newline).
fn export_csv(
    folder: &Path,
    net: &crate::generate::Professional,
    rows: &[(u32, NaiveDate)],
    rng: &mut rand_chacha::ChaCha8Rng,
) -> Result<Vec<u8>> {
    use rand::RngExt;
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let io_err = |e: csv::Error| Error::input(folder, format!("cannot write export: {e}"));
    csv.write_record([
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ])
    .map_err(io_err)?;
    for &(p, date) in rows {
        let date = date.format("%d %b %Y").to_string();
        if rng.random_bool(0.025) {
            csv.write_record(["", "", "", "", "", "", date.as_str()])
                .map_err(io_err)?;
            continue;
        }
        let person = &net.people[p as usize];
        let email = if rng.random_bool(0.02) {
            format!("{}.{}@example.com", person.first.to_lowercase(), p)
        } else {
            String::new()
        };
        csv.write_record([
            &person.first,
            &person.last,
            &person.url,
            &email,
            &person.company,
            &person.position,
            &date,
        ])
        .map_err(io_err)?;
    }
    let mut body = csv
        .into_inner()
        .map_err(|e| Error::input(folder, format!("cannot write export: {e}")))?;
    if body.last() == Some(&b'\n') {
        body.pop(); // current exports end without a final newline
    }
    Ok(body)
}

/// Writes one folder per owner under `dir` (`Connections.csv` in the current export format and
/// an `owner.txt` sidecar), as a team pooling their exports would. About 2.5 % of rows are
/// "hidden" (only a date) and about 2 % carry an email, as in real exports.
pub fn write_exports(
    dir: &Path,
    net: &crate::generate::Professional,
    owners: &[u32],
    seed: u64,
) -> Result<Vec<PathBuf>> {
    use rand::SeedableRng;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x726f7773);
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut written = Vec::new();
    for &owner in owners {
        let me = &net.people[owner as usize];
        let folder = dir.join(me.url.rsplit('/').next().unwrap_or("owner"));
        std::fs::create_dir_all(&folder).map_err(|e| Error::io(&folder, e))?;
        let contacts = contacts_newest_first(net, owner);
        let body = export_csv(&folder, net, &contacts, &mut rng)?;
        let file = folder.join(CONNECTIONS_FILE);
        super::write_atomic(&file, |w| {
            w.write_all(PREAMBLE.as_bytes())?;
            w.write_all(&body)
        })?;
        let sidecar = folder.join(OWNER_FILE);
        let owner_text = format!(
            "# the owner of this export (LinkedIn exports do not say)\nurl: {}\nname: {} {}\n",
            me.url, me.first, me.last
        );
        super::write_atomic(&sidecar, |w| w.write_all(owner_text.as_bytes()))?;
        // The archive's other files from a stream of their own, so that the exports stay the
        // same bytes as before they were added.
        let mut archive_rng =
            rand_chacha::ChaCha8Rng::seed_from_u64(seed ^ 0x6172_6368 ^ u64::from(owner));
        let me = super::synthetic_archive::Owner {
            net,
            id: owner,
            contacts: &contacts,
        };
        super::synthetic_archive::write(&folder, &me, &mut archive_rng)?;
        written.push(file);
    }
    Ok(written)
}
