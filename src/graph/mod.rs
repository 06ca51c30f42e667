//! The network: a frozen [`Csr`] for the hot loops, with original labels and person attributes
//! kept beside it in columns that the hot loops never touch.

mod csr;
pub mod order;
mod people;
mod twins;
mod visit;

pub use csr::{BuildStats, Csr, intersection_len};
pub use order::{Order, Permutation};
pub use people::{People, Person, normalise_url};
pub use twins::Twins;
pub use visit::{CsrEdgeRef, CsrEdgeReferences, CsrEdges};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Original node labels, indexed by node id. Ids are assigned in label order, so "sorted by
/// node id" and "sorted by label" are the same order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Labels {
    /// Non-negative integer labels (edge lists, GML ids), ascending.
    Int(Vec<u64>),
    /// String labels (string ids, normalised profile URLs), ascending in byte order.
    Str(Vec<Box<str>>),
}

/// A person's id as the input wrote it: an integer or a string. Serialised as a JSON number or
/// string accordingly; displayed as text (CSV cells, tables).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(untagged)]
pub enum NodeId {
    /// An integer label.
    Int(u64),
    /// A string label.
    Str(String),
}

impl std::fmt::Display for NodeId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NodeId::Int(x) => write!(f, "{x}"),
            NodeId::Str(s) => f.write_str(s),
        }
    }
}

impl Labels {
    /// Number of labels.
    pub fn len(&self) -> usize {
        match self {
            Labels::Int(v) => v.len(),
            Labels::Str(v) => v.len(),
        }
    }

    /// Whether there are no labels.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The label of node `id` as text.
    pub fn get(&self, id: u32) -> String {
        match self {
            Labels::Int(v) => v[id as usize].to_string(),
            Labels::Str(v) => v[id as usize].to_string(),
        }
    }

    /// The label of `id` as a typed node id: an integer for integer labels, so that JSON
    /// output keeps the input's id type (`"node_id": 1`, as node-link JSON writes it).
    pub fn id(&self, id: u32) -> NodeId {
        match self {
            Labels::Int(v) => NodeId::Int(v[id as usize]),
            Labels::Str(v) => NodeId::Str(v[id as usize].to_string()),
        }
    }

    /// Whether the labels are strictly ascending, as [`Labels::find`]'s binary search needs.
    pub fn is_strictly_ascending(&self) -> bool {
        match self {
            Labels::Int(v) => v.windows(2).all(|w| w[0] < w[1]),
            Labels::Str(v) => v.windows(2).all(|w| w[0] < w[1]),
        }
    }

    /// The node whose label is exactly `text`.
    pub fn find(&self, text: &str) -> Option<u32> {
        match self {
            Labels::Int(v) => {
                let x: u64 = text.trim().parse().ok()?;
                v.binary_search(&x).ok().map(|i| i as u32)
            }
            Labels::Str(v) => v
                .binary_search_by(|l| l.as_ref().cmp(text))
                .ok()
                .map(|i| i as u32),
        }
    }
}

/// Why input rows were skipped, with counts; loaders never drop data silently.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkipReport {
    /// `(reason, count)`, in the order the reasons were first met.
    pub reasons: Vec<(String, u64)>,
}

impl SkipReport {
    /// Counts one skipped row for `reason`.
    pub fn add(&mut self, reason: &str, count: u64) {
        if count == 0 {
            return;
        }
        match self.reasons.iter_mut().find(|(r, _)| r == reason) {
            Some((_, c)) => *c += count,
            None => self.reasons.push((reason.to_string(), count)),
        }
    }

    /// Total rows skipped.
    pub fn total(&self) -> u64 {
        self.reasons.iter().map(|(_, c)| c).sum()
    }
}

/// How people from several exports were matched into one node each.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityReport {
    /// Exports read.
    pub exports: u64,
    /// Data rows read across all exports.
    pub rows: u64,
    /// People that appear in more than one export (matched on normalised profile URL).
    pub matched_by_url: u64,
    /// Rows without a URL that were joined to a person on name + company (unambiguous).
    pub matched_by_name: u64,
    /// Rows without a URL whose name + company fit several people: kept as separate people.
    pub ambiguous: u64,
    /// Rows without a URL that matched nobody: kept as people keyed on name + company.
    pub unmatched_without_url: u64,
    /// Rows with nothing but a date (closed or hidden accounts): counted, not linkable.
    pub hidden: u64,
    /// Owners known only by name (from `Profile.csv`) joined to the one profile URL that
    /// carries that name in the other exports.
    #[serde(default)]
    pub owners_matched_by_name: u64,
}

/// Rows that had a problem of one kind: kept (the person is still identifiable) or skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// What was wrong, and what was done (`… (row kept without a date)`, `… (row skipped)`).
    pub reason: String,
    /// How many rows.
    pub count: u64,
    /// The first few places, as `file:line`.
    pub first_lines: Vec<String>,
}

/// How many places a [`RowProblem`] lists.
pub const PROBLEM_LINES: usize = 5;

/// Row problems by reason, in the order they were first met.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblems(pub Vec<RowProblem>);

impl RowProblems {
    /// Counts one row with `reason` at `place` (`file:line`).
    pub fn add(&mut self, reason: &str, place: impl FnOnce() -> String) {
        let i = match self.0.iter().position(|p| p.reason == reason) {
            Some(i) => i,
            None => {
                self.0.push(RowProblem {
                    reason: reason.to_string(),
                    ..RowProblem::default()
                });
                self.0.len() - 1
            }
        };
        let entry = &mut self.0[i];
        entry.count += 1;
        if entry.first_lines.len() < PROBLEM_LINES {
            entry.first_lines.push(place());
        }
    }

    /// Adds every problem of `other` after these.
    pub fn extend(&mut self, other: RowProblems) {
        for problem in other.0 {
            match self.0.iter_mut().find(|p| p.reason == problem.reason) {
                Some(mine) => {
                    mine.count += problem.count;
                    let room = PROBLEM_LINES.saturating_sub(mine.first_lines.len());
                    mine.first_lines
                        .extend(problem.first_lines.into_iter().take(room));
                }
                None => self.0.push(problem),
            }
        }
    }

    /// Whether no row had a problem.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Rows with a problem, all reasons together.
    pub fn rows(&self) -> u64 {
        self.0.iter().map(|p| p.count).sum()
    }

    /// One line for people: "3 rows had problems (first at x.csv:12: a quote never closes …)",
    /// or `None` when no row had one.
    pub fn summary(&self) -> Option<String> {
        let first = self.0.iter().find(|p| !p.first_lines.is_empty())?;
        let rows = self.rows();
        Some(format!(
            "{} had {} (first at {}: {})",
            crate::render::count(rows, "row", "rows"),
            if rows == 1 { "a problem" } else { "problems" },
            first.first_lines[0],
            first.reason
        ))
    }
}

/// How one input file was read: its encoding and table layout (LinkedIn exports).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputDialect {
    /// The file, as the user would name it (`archive.zip/Connections.csv` inside an archive).
    pub file: String,
    /// The encoding, in words (`UTF-8`, `UTF-16LE with BOM`, `UTF-8, 3 rows decoded as windows-1252`).
    pub encoding: String,
    /// Rows that needed the single-byte fallback decoding.
    pub fallback_rows: u64,
    /// The delimiter: `,`, `;` or `\t`.
    pub delimiter: String,
    /// The header: `standard`, `renamed` (synonyms mapped) or `none` (standard column order).
    pub header: String,
    /// Lines above the table (the `Notes:` preamble, blank lines).
    pub preamble_lines: u64,
    /// The day/month order of numeric dates and how it was decided.
    pub date_order: String,
}

/// What the loader met on the way: format, dropped edges, skipped rows, identity matching.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadReport {
    /// The input format that was read.
    pub format: String,
    /// Duplicate and self-loop edges dropped while building the simple graph.
    pub build: BuildStats,
    /// Rows skipped, by reason.
    pub skipped: SkipReport,
    /// Matching of people across exports (LinkedIn inputs only).
    pub identity: Option<IdentityReport>,
    /// The export owners (LinkedIn inputs only), as node ids.
    pub owners: Vec<u32>,
    /// Rows with a problem, kept or skipped, with their first lines (LinkedIn inputs).
    #[serde(default)]
    pub problems: RowProblems,
    /// How each export file was decoded and laid out (LinkedIn inputs).
    #[serde(default)]
    pub inputs: Vec<InputDialect>,
    /// What the loader did that a reader should know (a directed input read as undirected,
    /// edge weights ignored): one line each, printed on stderr by every command.
    #[serde(default)]
    pub notes: Vec<String>,
}

/// When each connection was made, as the exports list it: `(owner, contact, Connected On)`,
/// sorted. A date belongs to the connection, not to the person: in merged exports the same
/// contact has a different date with each owner.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionDates(Vec<(u32, u32, chrono::NaiveDate)>);

impl ConnectionDates {
    /// From `(owner, contact, date)` triples in any order; a connection listed twice by one
    /// owner keeps its earliest date.
    pub fn new(mut dates: Vec<(u32, u32, chrono::NaiveDate)>) -> ConnectionDates {
        dates.sort_unstable();
        dates.dedup_by_key(|d| (d.0, d.1));
        ConnectionDates(dates)
    }

    /// The date of the connection `ego`–`contact`: as `ego`'s own export lists it, else as
    /// `contact`'s export lists it.
    pub fn get(&self, ego: u32, contact: u32) -> Option<chrono::NaiveDate> {
        let find = |a: u32, b: u32| {
            self.0
                .binary_search_by(|d| (d.0, d.1).cmp(&(a, b)))
                .ok()
                .map(|i| self.0[i].2)
        };
        find(ego, contact).or_else(|| find(contact, ego))
    }

    /// Whether no connection has a date.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every `(owner, contact, date)`, sorted.
    pub fn iter(&self) -> impl Iterator<Item = &(u32, u32, chrono::NaiveDate)> {
        self.0.iter()
    }

    /// The same dates with node ids renumbered by `new_id`.
    pub fn renumbered(&self, new_id: &[u32]) -> ConnectionDates {
        ConnectionDates::new(
            self.0
                .iter()
                .map(|&(a, b, d)| (new_id[a as usize], new_id[b as usize], d))
                .collect(),
        )
    }
}

/// A loaded network: structure, labels, attributes and the load report.
#[derive(Clone, Debug)]
pub struct Network {
    /// The frozen graph used by every analysis.
    pub csr: Csr,
    /// Original labels by node id.
    pub labels: Labels,
    /// Person attributes by node id (empty columns when the input has none).
    pub people: People,
    /// What the loader did.
    pub report: LoadReport,
    /// When each connection was made (LinkedIn exports).
    pub dates: ConnectionDates,
}

impl Network {
    /// A network of structure alone (no person attributes, no dates), as built from arrays or
    /// another library's graph; `format` names the source in the load report.
    pub fn from_structure(csr: Csr, labels: Labels, format: &str, build: BuildStats) -> Network {
        Network {
            csr,
            labels,
            people: People::default(),
            report: LoadReport {
                format: format.into(),
                build,
                ..LoadReport::default()
            },
            dates: ConnectionDates::default(),
        }
    }

    /// Number of people (nodes).
    pub fn node_count(&self) -> usize {
        self.csr.node_count()
    }

    /// The exporters of a merged folder (sorted node ids), or nothing for a single export or
    /// a plain graph. Their own networks are loaded whole, everyone else's only through them,
    /// so rankings favour them by construction: outputs mark them.
    pub fn exporters(&self) -> Vec<u32> {
        if self.report.owners.len() < 2 {
            return Vec::new();
        }
        let mut owners = self.report.owners.clone();
        owners.sort_unstable();
        owners.dedup();
        owners
    }

    /// Whether the network is one LinkedIn export: a star around its owner, in which nobody's
    /// 2nd- or 3rd-degree contacts can be seen (so n2 = 0 says nothing about the owner).
    pub fn is_single_export(&self) -> bool {
        self.report
            .identity
            .as_ref()
            .is_some_and(|i| i.exports == 1)
    }

    /// The ego's contacts in the order they were made: by the date of each connection (the
    /// ego's own export first, see [`ConnectionDates::get`]), undated ones last, ties by id.
    /// Growth curves and timelines both take their chronological order from here.
    pub fn contacts_by_date(&self, ego: u32) -> Vec<(u32, Option<chrono::NaiveDate>)> {
        let mut contacts: Vec<(u32, Option<chrono::NaiveDate>)> = self
            .csr
            .neighbors(ego)
            .iter()
            .map(|&c| (c, self.dates.get(ego, c)))
            .collect();
        contacts.sort_by_key(|&(c, d)| (d.is_none(), d, c));
        contacts
    }

    /// The person's name when known, else the label (where one person is meant and a
    /// namesake elsewhere does not matter, such as an export's owner).
    pub fn name_or_label(&self, id: u32) -> String {
        match self.people.name(id) {
            Some(name) => name.to_string(),
            None => shown_label(self.labels.get(id)),
        }
    }

    /// `id` as a reader should see it, by the one naming rule ([`Names`]). For many people
    /// at once, build [`Network::names`] once instead.
    pub fn display_name(&self, id: u32) -> String {
        self.names().show(id)
    }

    /// The one person `Names::show` shows as `query`, if any.
    fn resolve_shown(&self, query: &str) -> Option<u32> {
        let (name, rest) = query.trim().rsplit_once(" (")?;
        let tag = rest.strip_suffix(')')?;
        let names = self.names();
        let mut found = (0..self.node_count() as u32).filter(|&id| {
            self.people
                .name(id)
                .is_some_and(|n| n.to_lowercase() == name.to_lowercase())
                && names.show(id).to_lowercase() == format!("{name} ({tag})").to_lowercase()
        });
        let first = found.next()?;
        found.next().is_none().then_some(first)
    }

    /// How to name people to a reader (see [`Names`]).
    pub fn names(&self) -> Names<'_> {
        let mut names: rustc_hash::FxHashMap<String, u32> = Default::default();
        let mut with_company: rustc_hash::FxHashMap<(String, String), u32> = Default::default();
        for id in 0..self.node_count() as u32 {
            if let Some(name) = self.people.name(id) {
                *names.entry(name.to_lowercase()).or_default() += 1;
                let company = self.people.company(id).unwrap_or_default().to_lowercase();
                *with_company
                    .entry((name.to_lowercase(), company))
                    .or_default() += 1;
            }
        }
        names.retain(|_, c| *c > 1);
        with_company.retain(|_, c| *c > 1);
        Names {
            network: self,
            shared: names.into_keys().collect(),
            shared_with_company: with_company.into_keys().collect(),
        }
    }

    /// Finds a person by label, profile URL or (unique, case-insensitive) name.
    ///
    /// An unknown or ambiguous query is an error that lists close matches.
    pub fn resolve(&self, query: &str) -> Result<u32> {
        if let Some(id) = self.labels.find(query) {
            return Ok(id);
        }
        if let Some(key) = normalise_url(query)
            && let Some(id) = self.labels.find(&key)
        {
            return Ok(id);
        }
        let wanted = query.trim().to_lowercase();
        // The unnamed owner of a single export is shown as "you", so "you" names them back.
        if let [owner] = self.report.owners.as_slice()
            && wanted == YOU
            && self.people.name(*owner).is_none()
        {
            return Ok(*owner);
        }
        let by_name: Vec<u32> = (0..self.node_count() as u32)
            .filter(|&id| {
                self.people
                    .name(id)
                    .is_some_and(|n| n.to_lowercase() == wanted)
            })
            .collect();
        // A name as the output shows namesakes: "Name (Company)" or "Name (profile URL)".
        if by_name.is_empty()
            && let Some(id) = self.resolve_shown(query)
        {
            return Ok(id);
        }
        match by_name.as_slice() {
            [id] => Ok(*id),
            [] => Err(Error::Query(format!(
                "no person matches '{query}'{}",
                self.suggestions(&wanted)
            ))),
            many => {
                let names = self.names();
                let shown: Vec<String> = many
                    .iter()
                    .take(5)
                    .map(|&id| format!("\"{}\"", names.show(id)))
                    .collect();
                Err(Error::Query(format!(
                    "'{query}' is ambiguous: {} people have that name; give one of {}{} as it is written here (or the id or profile URL)",
                    many.len(),
                    shown.join(", "),
                    if many.len() > 5 { " …" } else { "" }
                )))
            }
        }
    }

    /// "; close matches: …" for labels or names that contain the query, or "".
    fn suggestions(&self, wanted: &str) -> String {
        if wanted.is_empty() {
            return String::new();
        }
        let close: Vec<String> = (0..self.node_count() as u32)
            .filter(|&id| {
                self.labels.get(id).to_lowercase().contains(wanted)
                    || self
                        .people
                        .name(id)
                        .is_some_and(|n| n.to_lowercase().contains(wanted))
            })
            .take(5)
            .map(|id| format!("{} ({})", self.display_name(id), self.labels.get(id)))
            .collect();
        if close.is_empty() {
            String::new()
        } else {
            format!("; close matches: {}", close.join(", "))
        }
    }
}

/// A nameless person's label as readers see it: the unnamed owner of an export (internal key
/// `owner:…`) is "you"; other labels are the input's ids.
fn shown_label(label: String) -> String {
    if label.starts_with("owner:") {
        YOU.to_string()
    } else {
        label
    }
}

/// How the unnamed owner of an export is named to readers.
pub const YOU: &str = "you";

/// A person as results name them: the node id (not serialised), the input's label, and the
/// name, company and position where known. Result rows about people flatten it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PersonRef {
    /// Node id in the network (not serialised: outputs name people by label).
    #[serde(skip)]
    pub id: u32,
    /// Original label.
    pub node_id: NodeId,
    /// Name where known.
    pub name: Option<String>,
    /// Company where known.
    pub company: Option<String>,
    /// Position where known.
    pub position: Option<String>,
    /// One of the exporters of a merged folder ([`Network::exporters`]).
    pub exporter: bool,
}

impl PersonRef {
    /// Node `id` of `network`.
    pub fn of(network: &Network, id: u32) -> PersonRef {
        PersonRef {
            id,
            node_id: network.labels.id(id),
            name: network.people.name(id).map(str::to_string),
            company: network.people.company(id).map(str::to_string),
            position: network.people.position(id).map(str::to_string),
            exporter: network.report.owners.len() > 1 && network.people.is_owner(id),
        }
    }
}

/// The one rule for naming people to readers: the person's name; where two people in the
/// network share it (case-insensitively), the company in parentheses, or where that is shared
/// too, the profile URL as LinkedIn shows it (`https://www.linkedin.com/in/…`). Internal keys
/// (`name:…|…`, normalised URLs) never show; a person without a name shows as the input's id.
pub struct Names<'a> {
    network: &'a Network,
    shared: rustc_hash::FxHashSet<String>,
    shared_with_company: rustc_hash::FxHashSet<(String, String)>,
}

impl Names<'_> {
    /// `id` as a reader should see it.
    pub fn show(&self, id: u32) -> String {
        let people = &self.network.people;
        let label = self.network.labels.get(id);
        let Some(name) = people.name(id) else {
            return shown_label(label);
        };
        let key = name.to_lowercase();
        if !self.shared.contains(&key) {
            return name.to_string();
        }
        let company = people.company(id).unwrap_or_default();
        if !company.is_empty()
            && !self
                .shared_with_company
                .contains(&(key, company.to_lowercase()))
        {
            return format!("{name} ({company})");
        }
        match label.strip_prefix("linkedin.com/") {
            Some(path) => format!("{name} (https://www.linkedin.com/{path})"),
            None => name.to_string(),
        }
    }

    /// Whether another person in the network has `id`'s name.
    pub fn is_shared(&self, id: u32) -> bool {
        self.network
            .people
            .name(id)
            .is_some_and(|n| self.shared.contains(&n.to_lowercase()))
    }
}
