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
    /// Those contacts, newest connection first.
    pub never_messaged_people: Vec<PersonLine>,
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
    /// Other contacts not picked whose score equalled this one when it was picked (their order
    /// among themselves is the export's, not a ranking).
    pub tied_with: u64,
}

/// The field: `--field`, else the newest position's, else the profile headline's.
pub fn choose_field(
    tables: &ArchiveTables,
    options: &AuditOptions,
    contacts: &[Contact],
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
        None => inferred_field(contacts),
    }
}

/// The most common field among the contacts' positions, stated as an inference with its share
/// (only `Connections.csv` says anything about the owner's work then). Ties go to the field
/// listed first in the keyword table.
fn inferred_field(contacts: &[Contact]) -> (Option<String>, Option<String>) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in contacts {
        if let Some(f) = field_of(&c.position) {
            *counts.entry(f).or_default() += 1;
        }
    }
    let order = |f: &str| crate::whatif::FIELDS.iter().position(|(x, _)| *x == f);
    let Some((field, _)) = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| order(b.0).cmp(&order(a.0))))
    else {
        return (None, None);
    };
    (
        Some(field.to_string()),
        Some(
            "inferred: the most common field among your contacts; give --field to change it"
                .to_string(),
        ),
    )
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
    let n_contacts = crate::render::count(n, "contact", "contacts");
    if n < AT_LEAST {
        format!("{n_contacts}: below the article's \"at least 50 is good\" ({ARTICLE})")
    } else if n <= TOO_MANY {
        format!(
            "{n_contacts}: within the article's guidance (at least 50; 500 is too many for most of us)"
        )
    } else {
        format!(
            "{n_contacts}: above the 500 the article calls too many for most of us; it advises quality over quantity"
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

/// A contact named for the reader to act on: who, where, and since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonLine {
    /// Name.
    pub name: String,
    /// Company.
    pub company: String,
    /// Position.
    pub position: String,
    /// When the connection was made (`YYYY-MM-DD`).
    pub connected_on: Option<String>,
}

impl PersonLine {
    fn of(c: &Contact) -> PersonLine {
        PersonLine {
            name: c.name.clone(),
            company: c.company.clone(),
            position: c.position.clone(),
            connected_on: c.connected_on.map(|d| d.to_string()),
        }
    }
}

/// `contacts` as people to act on, newest connection first (undated last; otherwise in the
/// export's own order, never by name).
pub fn newest_first<'a>(contacts: impl Iterator<Item = &'a Contact>) -> Vec<PersonLine> {
    let mut chosen: Vec<&Contact> = contacts.collect();
    chosen.sort_by_key(|c| std::cmp::Reverse(c.connected_on));
    chosen.into_iter().map(PersonLine::of).collect()
}

/// The recruiters among the contacts, newest connection first.
pub fn recruiter_people(contacts: &[Contact]) -> Vec<PersonLine> {
    newest_first(
        contacts
            .iter()
            .filter(|c| is_recruiter(&c.position, &c.company)),
    )
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
        never_messaged_people: newest_first(
            contacts.iter().filter(|c| !any.contains(&contact_id(c))),
        ),
        talked_with: talked,
    }
}

/// Ranks contacts by how much of the owner's field and companies their export would likely
/// reveal, and how likely they are to share it. The score is a product:
/// - ×3 in the owner's field;
/// - ×2.5 executive (chief, founder, VP, director, head, partner …), ×2 other senior;
/// - ×2 if their company is not yet covered;
/// - ×1.5 if the owner has a two-way conversation with them;
/// - ×(1 + ½·ln(1 + k) / ln(1 + K)) for a company not yet covered, k the owner's contacts
///   there and K the most at any company: an export from a company where the owner knows many
///   shows that company's network;
/// - ×(1 + ½ / (1 + m / 12)), m the months since the connection was made (as of the newest date
///   in the archive): a recent connection is likelier to answer.
///
/// Chosen greedily: each pick covers its company, so the list spreads over companies. The
/// owner's own employer and the companies of owners already in a merged set count as covered.
/// People whose scores tie keep the export's order, and each pick says how many it tied with.
pub fn ask_next(
    contacts: &[Contact],
    field: Option<&str>,
    tables: &ArchiveTables,
    options: &AuditOptions,
    ties: Option<&Ties>,
) -> Vec<AskNext> {
    let mut context = AskContext::new(contacts, field, tables, options, ties);
    let mut left: Vec<&Contact> = contacts.iter().collect();
    let mut out = Vec::new();
    while out.len() < 10 && !left.is_empty() {
        let scored: Vec<(f64, String)> = left.iter().map(|c| context.score(c)).collect();
        // The first of the highest scores: ties keep the export's order.
        let best = (0..scored.len())
            .reduce(|a, b| if scored[b].0 > scored[a].0 { b } else { a })
            .unwrap_or(0);
        let (value, why) = scored[best].clone();
        let tied_with = scored.iter().filter(|s| s.0 == value).count() as u64 - 1;
        let c = left.remove(best);
        context.covered.insert(normalise_company(&c.company));
        out.push(AskNext {
            name: c.name.clone(),
            company: c.company.clone(),
            position: c.position.clone(),
            score: value,
            why,
            tied_with,
        });
    }
    out
}

/// What the ask-next score reads besides the contact.
struct AskContext<'a> {
    field: Option<&'a str>,
    covered: FxHashSet<String>,
    ties: Option<&'a Ties>,
    at_company: FxHashMap<String, u64>,
    most_at_one: u64,
    as_of: Option<NaiveDate>,
}

impl<'a> AskContext<'a> {
    fn new(
        contacts: &[Contact],
        field: Option<&'a str>,
        tables: &ArchiveTables,
        options: &AuditOptions,
        ties: Option<&'a Ties>,
    ) -> AskContext<'a> {
        let mut covered: FxHashSet<String> = options
            .covered_companies
            .iter()
            .map(|c| normalise_company(c))
            .collect();
        if let Some(current) = tables.positions.as_ref().ok().and_then(|p| p.first()) {
            covered.insert(normalise_company(&current.company));
        }
        let mut at_company: FxHashMap<String, u64> = FxHashMap::default();
        for c in contacts.iter().filter(|c| !c.company.is_empty()) {
            *at_company.entry(normalise_company(&c.company)).or_default() += 1;
        }
        AskContext {
            field,
            covered,
            ties,
            most_at_one: at_company.values().copied().max().unwrap_or(0),
            at_company,
            as_of: as_of(tables),
        }
    }

    fn score(&self, c: &Contact) -> (f64, String) {
        let mut why = Vec::new();
        let mut s = 1.0;
        if self.field.is_some() && field_of(&c.position) == self.field {
            s *= 3.0;
            why.push("in your field".to_string());
        }
        match super::keywords::seniority_level(&c.position) {
            2 => {
                s *= 2.5;
                why.push("executive".into());
            }
            1 => {
                s *= 2.0;
                why.push("senior".into());
            }
            _ => {}
        }
        let company = normalise_company(&c.company);
        let uncovered = !c.company.is_empty() && !self.covered.contains(&company);
        if uncovered {
            s *= 2.0;
            why.push("a company not yet covered".into());
        }
        if self
            .ties
            .is_some_and(|t| t.talked_with.contains(&contact_id(c)))
        {
            s *= 1.5;
            why.push("you talk".into());
        }
        let k = self.at_company.get(&company).copied().unwrap_or(0);
        if uncovered && k > 1 && self.most_at_one > 1 {
            s *= 1.0 + 0.5 * (1.0 + k as f64).ln() / (1.0 + self.most_at_one as f64).ln();
            why.push(format!("{k} of your contacts there"));
        }
        if let (Some(on), Some(as_of)) = (c.connected_on, self.as_of) {
            let months = (as_of - on).num_days().max(0) as f64 / 30.44;
            s *= 1.0 + 0.5 / (1.0 + months / 12.0);
            why.push(format!("connected {}", on.format("%Y-%m")));
        }
        let why = if why.is_empty() {
            "a contact".to_string()
        } else {
            why.join(", ")
        };
        (s, why)
    }
}

/// The scope sentence for a merged set.
pub fn merged_scope(options: &AuditOptions) -> String {
    let [n1, n2, n3] = options.reach.unwrap_or_default();
    format!(
        "This input merges several exports: within it you reach {n1} people in 1 hop, {n2} more in 2 and {n3} more in 3 (a lower bound of LinkedIn's own figures)."
    )
}
