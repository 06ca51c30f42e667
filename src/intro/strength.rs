//! Tie strength: how well the ego knows each contact, from what the ego's own archive holds.
//!
//! **Score** (a sum; each term is evidence the archive holds about the pair):
//! - 2 if there is a two-way conversation in `messages.csv` (both wrote);
//! - ln(1 + m), m the messages exchanged with the contact (either direction);
//! - 1 / (1 + months since the last message / 12), when they have exchanged any;
//! - 1.5 if a recommendation went either way (`Recommendations_Received.csv` / `_Given.csv`);
//! - 1 if an invitation between them carried a personal message (`Invitations.csv`);
//! - 1 if they worked at the same company (the ego's `Positions.csv` against the contact's
//!   company, compared as the audit compares companies);
//! - 0.05 per year since the connection was made, at most 0.5 (`Connected On`).
//!
//! "Months since" and "years since" are measured from the newest date in the archive, so the
//! score of an old archive does not change with the clock. When the archive holds nothing but
//! `Connections.csv` (no messages, recommendations, invitations or positions), strength is
//! unknown (`None`), never zero: a missing file is not a weak tie.

use chrono::NaiveDate;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::audit::keywords::normalise_company;
use crate::graph::Network;
use crate::io::linkedin::normalise_url;
use crate::io::linkedin::tables::ArchiveTables;

/// What the archive says about one contact.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Evidence {
    /// Messages exchanged (either direction).
    pub messages: u64,
    /// Whether both wrote in some conversation.
    pub two_way: bool,
    /// Months from the last message to the archive's newest date.
    pub months_since_last_message: Option<f64>,
    /// A recommendation given or received.
    pub recommendation: bool,
    /// An invitation with a personal message, either way.
    pub invitation_with_message: bool,
    /// A company in the ego's `Positions.csv` is the contact's company.
    pub worked_together: bool,
    /// Years since the connection was made.
    pub years_connected: Option<f64>,
}

/// One contact's tie strength: the score (`None` when the archive cannot tell) and its
/// evidence.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Strength {
    /// The documented score, or `None` (unknown) when the archive has only `Connections.csv`.
    pub score: Option<f64>,
    /// What it was computed from.
    pub evidence: Evidence,
}

impl Evidence {
    fn score(&self) -> f64 {
        let mut s = 0.0;
        if self.two_way {
            s += 2.0;
        }
        s += (1.0 + self.messages as f64).ln();
        if let Some(m) = self.months_since_last_message {
            s += 1.0 / (1.0 + m / 12.0);
        }
        if self.recommendation {
            s += 1.5;
        }
        if self.invitation_with_message {
            s += 1.0;
        }
        if self.worked_together {
            s += 1.0;
        }
        s + self.years_connected.map_or(0.0, |y| (0.05 * y).min(0.5))
    }
}

/// Whether the archive holds anything beyond `Connections.csv` that speaks to tie strength.
pub fn archive_knows(tables: &ArchiveTables) -> bool {
    tables.messages.is_ok()
        || tables.received.is_ok()
        || tables.given.is_ok()
        || tables.invitations.is_ok()
        || tables.positions.is_ok()
}

/// The strength of each of `ego`'s contacts from the ego's archive `tables`.
pub fn strengths(network: &Network, ego: u32, tables: &ArchiveTables) -> FxHashMap<u32, Strength> {
    let contacts = network.csr.neighbors(ego);
    let known = archive_knows(tables);
    let find = ContactFinder::new(network, contacts);
    let mut evidence: FxHashMap<u32, Evidence> = FxHashMap::default();
    let as_of = crate::audit::parts::as_of(tables);
    add_messages(tables, &find, as_of, &mut evidence);
    add_recommendations(tables, &find, &mut evidence);
    add_invitations(tables, &find, &mut evidence);
    add_positions(network, tables, contacts, &mut evidence);
    contacts
        .iter()
        .map(|&c| {
            let mut e = evidence.remove(&c).unwrap_or_default();
            e.years_connected = network
                .dates
                .get(ego, c)
                .zip(as_of)
                .map(|(on, now)| (now - on).num_days().max(0) as f64 / 365.25);
            let score = known.then(|| e.score());
            (c, Strength { score, evidence: e })
        })
        .collect()
}

/// The ego's contacts by profile key and by lower-case name.
struct ContactFinder<'a> {
    network: &'a Network,
    by_name: FxHashMap<String, Vec<u32>>,
    contacts: FxHashSet<u32>,
}

impl<'a> ContactFinder<'a> {
    fn new(network: &'a Network, contacts: &[u32]) -> ContactFinder<'a> {
        let mut by_name: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        for &c in contacts {
            if let Some(name) = network.people.name(c) {
                by_name.entry(name.to_lowercase()).or_default().push(c);
            }
        }
        ContactFinder {
            network,
            by_name,
            contacts: contacts.iter().copied().collect(),
        }
    }

    /// The contact a key names: a normalised profile URL, `name:…`, or a plain name (only
    /// when exactly one contact has it).
    fn find(&self, key: &str) -> Option<u32> {
        let by_key = normalise_url(key)
            .or_else(|| key.starts_with("linkedin.com/").then(|| key.to_string()))
            .and_then(|k| self.network.labels.find(&k))
            .filter(|v| self.contacts.contains(v));
        by_key.or_else(|| {
            let name = key
                .strip_prefix("name:")
                .unwrap_or(key)
                .trim()
                .to_lowercase();
            match self.by_name.get(&name).map(Vec::as_slice) {
                Some([one]) => Some(*one),
                _ => None,
            }
        })
    }
}

fn add_messages(
    tables: &ArchiveTables,
    find: &ContactFinder,
    as_of: Option<NaiveDate>,
    evidence: &mut FxHashMap<u32, Evidence>,
) {
    let Ok(messages) = &tables.messages else {
        return;
    };
    // Who wrote in each conversation, per contact: (contact wrote, ego wrote).
    let mut wrote: FxHashMap<(&str, u32), (bool, bool)> = FxHashMap::default();
    for m in messages {
        let sender = find.find(&m.sender);
        let others: Vec<u32> = m.recipients.iter().filter_map(|r| find.find(r)).collect();
        let involved: Vec<u32> = match sender {
            Some(c) => vec![c],
            None => others,
        };
        for c in involved {
            let e = evidence.entry(c).or_default();
            e.messages += 1;
            if let (Some(d), Some(now)) = (m.date, as_of) {
                let months = (now - d).num_days().max(0) as f64 / 30.44;
                e.months_since_last_message = Some(
                    e.months_since_last_message
                        .map_or(months, |x: f64| x.min(months)),
                );
            }
            let w = wrote.entry((m.conversation.as_str(), c)).or_default();
            if sender == Some(c) {
                w.0 = true;
            } else {
                w.1 = true;
            }
        }
    }
    for ((_, c), (they, me)) in wrote {
        if they && me {
            evidence.entry(c).or_default().two_way = true;
        }
    }
}

fn add_recommendations(
    tables: &ArchiveTables,
    find: &ContactFinder,
    evidence: &mut FxHashMap<u32, Evidence>,
) {
    for list in [&tables.received, &tables.given].into_iter().flatten() {
        for r in list {
            if let Some(c) = find.find(&r.name) {
                evidence.entry(c).or_default().recommendation = true;
            }
        }
    }
}

fn add_invitations(
    tables: &ArchiveTables,
    find: &ContactFinder,
    evidence: &mut FxHashMap<u32, Evidence>,
) {
    let Ok(invitations) = &tables.invitations else {
        return;
    };
    for i in invitations.iter().filter(|i| i.has_message) {
        let other = if i.incoming { &i.from } else { &i.to };
        let c = i
            .other_key
            .as_deref()
            .and_then(|k| find.find(k))
            .or_else(|| find.find(other));
        if let Some(c) = c {
            evidence.entry(c).or_default().invitation_with_message = true;
        }
    }
}

fn add_positions(
    network: &Network,
    tables: &ArchiveTables,
    contacts: &[u32],
    evidence: &mut FxHashMap<u32, Evidence>,
) {
    let Ok(positions) = &tables.positions else {
        return;
    };
    let employers: FxHashSet<String> = positions
        .iter()
        .map(|p| normalise_company(&p.company))
        .collect();
    for &c in contacts {
        if network
            .people
            .company(c)
            .is_some_and(|co| employers.contains(&normalise_company(co)))
        {
            evidence.entry(c).or_default().worked_together = true;
        }
    }
}
