//! The parts of the audit, each a pure function of the contacts and one archive table.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::keywords::{is_recruiter, is_senior, normalise_company};
use super::{ARTICLE, AT_LEAST, AuditOptions, Contact, MARKS, Passed, TOO_MANY};
use crate::io::linkedin::tables::{ArchiveTables, Invitation, Message, Position, Recommendation};
use crate::whatif::field_of;

/// Contacts added in one year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct YearRow {
    /// The year.
    pub year: i32,
    /// Contacts added that year.
    pub added: u64,
    /// Contacts at the end of that year.
    pub total: u64,
}

/// Senior in-field contacts at one company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CompanyGroup {
    /// The company as written.
    pub company: String,
    /// The people, by name.
    pub people: Vec<Heavy>,
}

/// A senior in-field contact.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Heavy {
    /// Name.
    pub name: String,
    /// Position.
    pub position: String,
}

/// Recruiters at one company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecruiterCompany {
    /// The company as written (first spelling met).
    pub company: String,
    /// Recruiters among the contacts there.
    pub count: u64,
}

/// One of the owner's positions with its recommendations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PositionCoverage {
    /// Employer.
    pub company: String,
    /// Title.
    pub title: String,
    /// `YYYY-MM` it started.
    pub started: Option<String>,
    /// `YYYY-MM` it ended; `None` for a current position.
    pub finished: Option<String>,
    /// Recommendations received from people at that company (visible and hidden).
    pub recommendations_received: u64,
    /// Of those, shown on the profile.
    pub visible: u64,
    /// Of those, hidden by the owner.
    pub hidden: u64,
    /// Recommendations the owner gave to people at that company.
    pub given: u64,
}

/// Invitations in and out.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InvitationSummary {
    /// Invitations received.
    pub incoming: u64,
    /// Of those, with a personal message.
    pub incoming_with_message: u64,
    /// Invitations sent.
    pub outgoing: u64,
    /// Of those, with a personal message.
    pub outgoing_with_message: u64,
    /// Incoming ones from recruiters (a contact's position or company, or recruiting words in
    /// the message).
    pub incoming_from_recruiters: u64,
    /// Incoming ones from people in the owner's field (contacts whose position is in it).
    pub incoming_in_field: u64,
    /// Incoming invitations in the article's order: with a message first, then from the field,
    /// then from recruiters, newest first. An order, not a verdict.
    pub incoming_in_order: Vec<String>,
}

/// A contact the owner talks with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tie {
    /// Name (or the id the messages give).
    pub name: String,
    /// Conversations where both wrote.
    pub two_way_conversations: u64,
    /// Messages exchanged with them.
    pub messages: u64,
}

/// Messaging ties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ties {
    /// The strongest ties, most two-way conversations first.
    pub top: Vec<Tie>,
    /// Contacts who appear in no conversation.
    pub never_messaged: u64,
    /// Contacts (by key or name) with a two-way conversation.
    pub talked_with: FxHashSet<String>,
}

/// A contact whose export would show most of the owner's field and companies.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AskNext {
    /// Name.
    pub name: String,
    /// Company.
    pub company: String,
    /// Position.
    pub position: String,
    /// The score (see [`ask_next`]).
    pub score: f64,
    /// Why, in words.
    pub why: String,
}

/// The field: `--field`, else the newest position's, else the profile headline's.
pub fn choose_field(
    tables: &ArchiveTables,
    options: &AuditOptions,
) -> (Option<String>, Option<String>) {
    if let Some(f) = &options.field {
        return (Some(f.clone()), Some("--field".into()));
    }
    let from_positions = tables
        .positions
        .as_ref()
        .ok()
        .and_then(|p| p.iter().find_map(|p| field_of(&p.title)));
    if let Some(f) = from_positions {
        return (Some(f.into()), Some("Positions.csv (newest title)".into()));
    }
    let from_headline = tables
        .profile
        .as_ref()
        .ok()
        .and_then(|p| field_of(&p.headline));
    match from_headline {
        Some(f) => (Some(f.into()), Some("Profile.csv (headline)".into())),
        None => (None, None),
    }
}

/// Contacts whose position is in `field`.
pub fn in_field(contacts: &[Contact], field: &str) -> u64 {
    contacts
        .iter()
        .filter(|c| field_of(&c.position) == Some(field))
        .count() as u64
}

/// The size against the article's 50 and 500.
pub fn size_verdict(n: u64) -> String {
    if n < AT_LEAST {
        format!("{n} contacts: below the article's \"at least 50 is good\" ({ARTICLE})")
    } else if n <= TOO_MANY {
        format!(
            "{n} contacts: within the article's guidance (at least 50; 500 is too many for most of us)"
        )
    } else {
        format!(
            "{n} contacts: above the 500 the article calls too many for most of us; it advises quality over quantity"
        )
    }
}

fn dated(contacts: &[Contact]) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = contacts.iter().filter_map(|c| c.connected_on).collect();
    dates.sort_unstable();
    dates
}

/// When the dated contacts passed 50, 150 and 500.
pub fn passed(contacts: &[Contact]) -> Vec<Passed> {
    let dates = dated(contacts);
    MARKS
        .iter()
        .filter_map(|&m| {
            dates
                .get(m as usize - 1)
                .map(|&on| Passed { contacts: m, on })
        })
        .collect()
}

/// Contacts added per year with the running total (dated contacts only).
pub fn by_year(contacts: &[Contact]) -> Vec<YearRow> {
    let mut per_year: BTreeMap<i32, u64> = BTreeMap::new();
    for date in dated(contacts) {
        *per_year.entry(date.year()).or_default() += 1;
    }
    let mut total = 0;
    per_year
        .into_iter()
        .map(|(year, added)| {
            total += added;
            YearRow { year, added, total }
        })
        .collect()
}

/// Senior contacts in `field`, grouped by company (companies by name, people by name).
pub fn heavy(contacts: &[Contact], field: &str) -> Vec<CompanyGroup> {
    let mut groups: BTreeMap<String, (String, Vec<Heavy>)> = BTreeMap::new();
    for c in contacts {
        if field_of(&c.position) == Some(field) && is_senior(&c.position) {
            let entry = groups
                .entry(normalise_company(&c.company))
                .or_insert_with(|| (c.company.clone(), Vec::new()));
            entry.1.push(Heavy {
                name: c.name.clone(),
                position: c.position.clone(),
            });
        }
    }
    groups
        .into_values()
        .map(|(company, mut people)| {
            people.sort();
            CompanyGroup { company, people }
        })
        .collect()
}

/// Recruiters by company, most first, then by company name.
pub fn recruiters(contacts: &[Contact]) -> Vec<RecruiterCompany> {
    let mut by: BTreeMap<String, RecruiterCompany> = BTreeMap::new();
    for c in contacts
        .iter()
        .filter(|c| is_recruiter(&c.position, &c.company))
    {
        by.entry(normalise_company(&c.company))
            .or_insert_with(|| RecruiterCompany {
                company: c.company.clone(),
                count: 0,
            })
            .count += 1;
    }
    let mut out: Vec<RecruiterCompany> = by.into_values().collect();
    out.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.company.cmp(&b.company))
    });
    out
}

fn year_month(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.format("%Y-%m").to_string())
}

/// Each position (newest first) with the recommendations from people at its company.
pub fn coverage(
    positions: &[Position],
    received: &[Recommendation],
    given: &[Recommendation],
) -> Vec<PositionCoverage> {
    fn from<'a>(list: &'a [Recommendation], company: &str) -> Vec<&'a Recommendation> {
        let wanted = normalise_company(company);
        list.iter()
            .filter(|r| normalise_company(&r.company) == wanted)
            .collect()
    }
    positions
        .iter()
        .map(|p| {
            let got = from(received, &p.company);
            PositionCoverage {
                company: p.company.clone(),
                title: p.title.clone(),
                started: year_month(p.started),
                finished: year_month(p.finished),
                recommendations_received: got.len() as u64,
                visible: got.iter().filter(|r| r.status == "VISIBLE").count() as u64,
                hidden: got.iter().filter(|r| r.status == "HIDDEN").count() as u64,
                given: from(given, &p.company).len() as u64,
            }
        })
        .collect()
}

/// The newest date anywhere in the archive: "recent" is measured from it, not from the clock,
/// so an audit of an old archive reads the same today and in a year.
pub fn as_of(tables: &ArchiveTables) -> Option<NaiveDate> {
    let connections = tables
        .connections
        .rows
        .iter()
        .filter_map(|r| r.connected_on);
    let positions = tables
        .positions
        .iter()
        .flatten()
        .flat_map(|p| [p.started, p.finished])
        .flatten();
    let invitations = tables.invitations.iter().flatten().filter_map(|i| i.sent);
    connections.chain(positions).chain(invitations).max()
}

/// Employers (current, or left within `years` of `as_of`) with no visible recommendation.
pub fn employers_without(
    coverage: &[PositionCoverage],
    as_of: Option<NaiveDate>,
    years: u32,
) -> Vec<String> {
    let cutoff = as_of.map(|d| format!("{:04}-{:02}", d.year() - years as i32, d.month()));
    let mut names: Vec<String> = coverage
        .iter()
        .filter(|p| p.visible == 0)
        .filter(|p| match (&p.finished, &cutoff) {
            (None, _) => true,
            (Some(end), Some(cut)) => end >= cut,
            (Some(_), None) => true,
        })
        .map(|p| p.company.clone())
        .collect();
    names.dedup();
    names
}

/// Summarises invitations, matching inviters to contacts by profile URL.
pub fn invitations(
    list: &[Invitation],
    contacts: &[Contact],
    field: Option<&str>,
) -> InvitationSummary {
    let by_key: FxHashMap<&str, &Contact> = contacts
        .iter()
        .filter_map(|c| Some((c.key.as_deref()?, c)))
        .collect();
    let incoming: Vec<&Invitation> = list.iter().filter(|i| i.incoming).collect();
    let contact_of = |i: &Invitation| i.other_key.as_deref().and_then(|k| by_key.get(k).copied());
    let from_recruiter = |i: &Invitation| {
        contact_of(i).is_some_and(|c| is_recruiter(&c.position, &c.company))
            || is_recruiter(&i.message, "")
    };
    let from_field = |i: &Invitation| {
        field.is_some() && contact_of(i).is_some_and(|c| field_of(&c.position) == field)
    };
    let mut ordered = incoming.clone();
    ordered.sort_by_key(|i| {
        (
            std::cmp::Reverse((i.has_message, from_field(i), from_recruiter(i))),
            std::cmp::Reverse(i.sent),
            i.from.clone(),
        )
    });
    let count = |it: &mut dyn Iterator<Item = &&Invitation>| it.count() as u64;
    let outgoing: Vec<&Invitation> = list.iter().filter(|i| !i.incoming).collect();
    InvitationSummary {
        incoming: incoming.len() as u64,
        incoming_with_message: count(&mut incoming.iter().filter(|i| i.has_message)),
        outgoing: outgoing.len() as u64,
        outgoing_with_message: count(&mut outgoing.iter().filter(|i| i.has_message)),
        incoming_from_recruiters: count(&mut incoming.iter().filter(|i| from_recruiter(i))),
        incoming_in_field: count(&mut incoming.iter().filter(|i| from_field(i))),
        incoming_in_order: ordered.iter().map(|i| i.from.clone()).collect(),
    }
}

/// The owner in the messages: the participant present in most conversations.
fn messages_owner(messages: &[Message]) -> Option<String> {
    let mut seen: FxHashMap<&str, FxHashSet<&str>> = FxHashMap::default();
    for m in messages {
        for who in std::iter::once(&m.sender).chain(&m.recipients) {
            seen.entry(who).or_default().insert(&m.conversation);
        }
    }
    seen.into_iter()
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| b.0.cmp(a.0)))
        .map(|(who, _)| who.to_string())
}

/// One conversation: whether the owner wrote, and per other person whether they wrote and how
/// many messages went between them and the owner.
type Conversation<'a> = (bool, FxHashMap<&'a str, (bool, u64)>);

/// Two-way conversations per contact, from one row per message.
pub fn ties(messages: &[Message], contacts: &[Contact]) -> Ties {
    let owner = messages_owner(messages).unwrap_or_default();
    let mut conversations: BTreeMap<&str, Conversation<'_>> = BTreeMap::new();
    for m in messages {
        let entry = conversations.entry(&m.conversation).or_default();
        if m.sender == owner {
            entry.0 = true;
            for r in m.recipients.iter().filter(|r| **r != owner) {
                entry.1.entry(r).or_default().1 += 1;
            }
        } else {
            let other = entry.1.entry(&m.sender).or_default();
            other.0 = true;
            other.1 += 1;
        }
    }
    let mut per: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for (owner_wrote, others) in conversations.values() {
        for (who, (wrote, count)) in others {
            let e = per.entry(who).or_default();
            e.0 += u64::from(*owner_wrote && *wrote);
            e.1 += count;
        }
    }
    name_ties(per, contacts)
}

fn contact_id(c: &Contact) -> String {
    c.key
        .clone()
        .unwrap_or_else(|| format!("name:{}", c.name.to_lowercase()))
}

fn name_ties(per: BTreeMap<&str, (u64, u64)>, contacts: &[Contact]) -> Ties {
    let names: FxHashMap<String, &str> = contacts
        .iter()
        .map(|c| (contact_id(c), c.name.as_str()))
        .collect();
    let by_name: FxHashMap<String, String> = contacts
        .iter()
        .map(|c| (format!("name:{}", c.name.to_lowercase()), contact_id(c)))
        .collect();
    let resolve = |who: &str| by_name.get(who).cloned().unwrap_or_else(|| who.to_string());
    let talked: FxHashSet<String> = per
        .iter()
        .filter(|(_, v)| v.0 > 0)
        .map(|(k, _)| resolve(k))
        .collect();
    let any: FxHashSet<String> = per.keys().map(|k| resolve(k)).collect();
    let mut top: Vec<Tie> = per
        .iter()
        .filter(|(_, v)| v.0 > 0)
        .map(|(who, &(two_way, messages))| Tie {
            name: names
                .get(&resolve(who))
                .map_or_else(|| who.to_string(), |n| n.to_string()),
            two_way_conversations: two_way,
            messages,
        })
        .collect();
    top.sort_by(|a, b| {
        (b.two_way_conversations, b.messages)
            .cmp(&(a.two_way_conversations, a.messages))
            .then_with(|| a.name.cmp(&b.name))
    });
    top.truncate(10);
    Ties {
        top,
        never_messaged: contacts
            .iter()
            .filter(|c| !any.contains(&contact_id(c)))
            .count() as u64,
        talked_with: talked,
    }
}

/// Ranks contacts by how much of the owner's field and companies their export would likely
/// reveal: score = (1 + 2·in field) × (1 + senior) × (2 if their company is not yet covered,
/// else 1) × (1.5 if the owner has a two-way conversation with them, else 1). Chosen greedily:
/// each pick covers its company, so the list spreads over companies. The owner's own employer
/// and the companies of owners already in a merged set count as covered.
pub fn ask_next(
    contacts: &[Contact],
    field: Option<&str>,
    tables: &ArchiveTables,
    options: &AuditOptions,
    ties: Option<&Ties>,
) -> Vec<AskNext> {
    let mut covered: FxHashSet<String> = options
        .covered_companies
        .iter()
        .map(|c| normalise_company(c))
        .collect();
    if let Some(current) = tables.positions.as_ref().ok().and_then(|p| p.first()) {
        covered.insert(normalise_company(&current.company));
    }
    let mut left: Vec<&Contact> = contacts.iter().collect();
    let mut out = Vec::new();
    while out.len() < 10 && !left.is_empty() {
        let scored = left
            .iter()
            .enumerate()
            .map(|(i, c)| (i, score(c, field, &covered, ties)));
        let Some((best, (value, why))) = scored.max_by(|a, b| {
            a.1.0
                .total_cmp(&b.1.0)
                .then_with(|| left[b.0].name.cmp(&left[a.0].name))
        }) else {
            break;
        };
        let c = left.swap_remove(best);
        covered.insert(normalise_company(&c.company));
        out.push(AskNext {
            name: c.name.clone(),
            company: c.company.clone(),
            position: c.position.clone(),
            score: value,
            why,
        });
    }
    out
}

fn score(
    c: &Contact,
    field: Option<&str>,
    covered: &FxHashSet<String>,
    ties: Option<&Ties>,
) -> (f64, String) {
    let mut why = Vec::new();
    let mut s = 1.0;
    if field.is_some() && field_of(&c.position) == field {
        s *= 3.0;
        why.push("in your field");
    }
    if is_senior(&c.position) {
        s *= 2.0;
        why.push("senior");
    }
    if !c.company.is_empty() && !covered.contains(&normalise_company(&c.company)) {
        s *= 2.0;
        why.push("a company not yet covered");
    }
    if ties.is_some_and(|t| t.talked_with.contains(&contact_id(c))) {
        s *= 1.5;
        why.push("you talk");
    }
    let why = if why.is_empty() {
        "a contact".to_string()
    } else {
        why.join(", ")
    };
    (s, why)
}

/// The scope sentence for a merged set.
pub fn merged_scope(options: &AuditOptions) -> String {
    let [n1, n2, n3] = options.reach.unwrap_or_default();
    format!(
        "This input merges several exports: within it you reach {n1} people in 1 hop, {n2} more in 2 and {n3} more in 3 (a lower bound of LinkedIn's own figures)."
    )
}
