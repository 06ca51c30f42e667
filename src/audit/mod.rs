//! The personal audit of one person's own LinkedIn archive, where no 2nd- or 3rd-degree contact
//! can be seen: what the article behind the product (DN/TT, "Så använder du karriärnätverk för
//! att söka jobb", January 2013) tells a job seeker to look at. Pure functions of the archive's
//! tables; each part is there only when its data is, and otherwise says which file would enable
//! it. Nothing here presents a zero that only reflects missing data as a finding.

pub mod keywords;
pub(crate) mod parts;

use chrono::NaiveDate;
use serde::Serialize;

use crate::io::linkedin::tables::{ArchiveTables, Missing};
pub use parts::{
    AskNext, CompanyGroup, Heavy, InvitationSummary, PersonLine, PositionCoverage,
    RecruiterCompany, Tie, YearRow,
};

/// The article, cited wherever its advice is applied.
pub const ARTICLE: &str =
    "DN/TT, \"Så använder du karriärnätverk för att söka jobb\", January 2013";

/// What one export can and cannot show, said up front when the input is a single export.
pub const ONE_EXPORT: &str = "One export shows your 1st-degree contacts only; 2nd- and 3rd-degree reach needs your contacts' exports too (`netreach report FOLDER` on several people's exports).";

/// The contact counts the article names: "at least 50 is good", "500 is too many for most of us".
pub const AT_LEAST: u64 = 50;
/// See [`AT_LEAST`].
pub const TOO_MANY: u64 = 500;
/// Marks on the contacts-over-time chart and in "when you passed".
pub const MARKS: [u64; 3] = [50, 150, 500];

/// Options of the audit.
#[derive(Clone, Debug)]
pub struct AuditOptions {
    /// The owner's field (a name from `whatif::target::FIELDS`); inferred when `None`.
    pub field: Option<String>,
    /// Employers of this many recent years are checked for recommendations.
    pub years: u32,
    /// The owner's display name.
    pub owner: String,
    /// Companies whose people's exports are already in the input (a merged set).
    pub covered_companies: Vec<String>,
    /// n1, n2, n3 of the owner when the input is a merged set (the graph part).
    pub reach: Option<[u64; 3]>,
}

/// When the owner passed one of the article's marks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Passed {
    /// The mark (50, 150, 500).
    pub contacts: u64,
    /// The `Connected On` date of that contact.
    pub on: NaiveDate,
}

/// A part left out, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeftOut {
    /// The part (`recommendation_coverage`, `invitations`, …).
    pub part: String,
    /// Why: the archive file that would enable it, or its error.
    pub reason: String,
}

/// The whole audit (the JSON document of `netreach audit`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Audit {
    /// Whose archive.
    pub owner: String,
    /// Whether the input is one export (a star): then [`ONE_EXPORT`] applies.
    pub single_export: bool,
    /// What the input can show, in words.
    pub scope: String,
    /// The article cited.
    pub article: String,
    /// Contacts that name a person.
    pub connections: u64,
    /// Rows with only a date (closed or hidden accounts).
    pub hidden: u64,
    /// Contacts without a readable `Connected On`.
    pub undated: u64,
    /// The size against the article's guidance, in words.
    pub size_verdict: String,
    /// When the owner passed 50, 150 and 500 contacts.
    pub passed: Vec<Passed>,
    /// Contacts added per year and the running total.
    pub by_year: Vec<YearRow>,
    /// The field used, and where it came from (`--field`, `Positions.csv`, `Profile.csv`).
    pub field: Option<String>,
    /// Where the field came from.
    pub field_source: Option<String>,
    /// Contacts in the field.
    pub in_field: Option<u64>,
    /// Their share of all contacts.
    pub field_share: Option<f64>,
    /// Senior ("heavy") in-field contacts, by company.
    pub heavy_in_field: Vec<CompanyGroup>,
    /// Recruiters and staffing-company people among the contacts.
    pub recruiters: u64,
    /// Their share of all contacts.
    pub recruiter_share: f64,
    /// Recruiters by company, most first.
    pub recruiters_by_company: Vec<RecruiterCompany>,
    /// The recruiters by name, newest connection first.
    pub recruiter_people: Vec<PersonLine>,
    /// The article's claim about recruiters, attributed.
    pub recruiter_claim: String,
    /// Each position, newest first, with the recommendations from that company.
    pub recommendation_coverage: Option<Vec<PositionCoverage>>,
    /// Employers of the last `years` years with no visible recommendation.
    pub employers_without_recommendation: Option<Vec<String>>,
    /// Invitations in and out, with and without a personal message.
    pub invitations: Option<InvitationSummary>,
    /// Contacts with the most two-way conversations.
    pub top_messaged: Option<Vec<Tie>>,
    /// Contacts never messaged.
    pub never_messaged: Option<u64>,
    /// Those contacts by name, newest connection first.
    pub never_messaged_people: Option<Vec<PersonLine>>,
    /// Whose export to ask for next, best first.
    pub ask_next: Vec<AskNext>,
    /// n1, n2, n3 of the owner in a merged set (absent for a single export).
    pub reach: Option<[u64; 3]>,
    /// Parts left out, with the reason.
    pub left_out: Vec<LeftOut>,
}

/// One contact as the audit sees it.
#[derive(Clone, Debug)]
pub(crate) struct Contact {
    pub name: String,
    pub company: String,
    pub position: String,
    pub key: Option<String>,
    pub connected_on: Option<NaiveDate>,
}

const NO_FIELD: &str = "no field: give --field, or include Positions.csv or Profile.csv (headline)";

/// What the input can show: one export, or the merged network's scope.
fn scope_of(options: &AuditOptions) -> String {
    if options.reach.is_none() {
        ONE_EXPORT.into()
    } else {
        parts::merged_scope(options)
    }
}

fn recruiter_claim() -> String {
    format!(
        "Recruiters search by competence and find people through their connections ({ARTICLE})."
    )
}

/// The export's rows as the audit's contacts.
fn contacts_of(tables: &ArchiveTables) -> Vec<Contact> {
    tables
        .connections
        .rows
        .iter()
        .map(|r| Contact {
            name: r.name.clone(),
            company: r.company.clone(),
            position: r.position.clone(),
            key: r.key.clone(),
            connected_on: r.connected_on,
        })
        .collect()
}

/// Recommendation coverage per position, when both files are there (else noted as left out).
fn coverage_of(
    tables: &ArchiveTables,
    left_out: &mut Vec<LeftOut>,
) -> Option<Vec<PositionCoverage>> {
    take(&tables.positions, "recommendation_coverage", left_out)
        .zip(take(&tables.received, "recommendation_coverage", left_out))
        .map(|(positions, received)| {
            parts::coverage(positions, received, tables.given.as_deref().unwrap_or(&[]))
        })
}

/// Runs the audit on one archive's tables.
pub fn audit(tables: &ArchiveTables, options: &AuditOptions) -> Audit {
    let contacts = contacts_of(tables);
    let mut left_out = Vec::new();
    let (field, field_source) = parts::choose_field(tables, options, &contacts);
    let in_field = field.as_deref().map(|f| parts::in_field(&contacts, f));
    let n = contacts.len() as u64;
    let recruiters = parts::recruiters(&contacts);
    let recruiter_count: u64 = recruiters.iter().map(|r| r.count).sum();
    let coverage = coverage_of(tables, &mut left_out);
    let as_of = parts::as_of(tables);
    let without = coverage
        .as_deref()
        .map(|c| parts::employers_without(c, as_of, options.years));
    let invitations = take(&tables.invitations, "invitations", &mut left_out)
        .map(|inv| parts::invitations(inv, &contacts, field.as_deref()));
    let ties =
        take(&tables.messages, "top_messaged", &mut left_out).map(|m| parts::ties(m, &contacts));
    let ask_next = parts::ask_next(&contacts, field.as_deref(), tables, options, ties.as_ref());
    if field.is_none() {
        left_out.push(LeftOut {
            part: "field_share".into(),
            reason: NO_FIELD.into(),
        });
    }
    let single_export = options.reach.is_none();
    Audit {
        owner: options.owner.clone(),
        single_export,
        scope: scope_of(options),
        article: ARTICLE.into(),
        connections: n,
        hidden: tables.connections.hidden,
        undated: contacts.iter().filter(|c| c.connected_on.is_none()).count() as u64,
        size_verdict: parts::size_verdict(n),
        passed: parts::passed(&contacts),
        by_year: parts::by_year(&contacts),
        field_share: in_field.map(|k| share(k, n)),
        heavy_in_field: field
            .as_deref()
            .map_or_else(Vec::new, |f| parts::heavy(&contacts, f)),
        field,
        field_source,
        in_field,
        recruiters: recruiter_count,
        recruiter_share: share(recruiter_count, n),
        recruiters_by_company: recruiters,
        recruiter_people: parts::recruiter_people(&contacts),
        recruiter_claim: recruiter_claim(),
        employers_without_recommendation: without,
        recommendation_coverage: coverage,
        invitations,
        never_messaged: ties.as_ref().map(|t| t.never_messaged),
        never_messaged_people: ties.as_ref().map(|t| t.never_messaged_people.clone()),
        top_messaged: ties.map(|t| t.top),
        ask_next,
        reach: options.reach,
        left_out: dedup(left_out),
    }
}

impl Audit {
    /// Replaces every person's name by `pseudonym(name)` (the owner's too), every company by
    /// `company(name)` and every contact's position by `title(position)`.
    pub fn pseudonymise(
        &mut self,
        pseudonym: impl Fn(&str) -> String,
        company: impl Fn(&str) -> String,
        title: impl Fn(&str) -> String,
    ) {
        self.owner = pseudonym(&self.owner);
        for group in &mut self.heavy_in_field {
            group.company = company(&group.company);
            for h in &mut group.people {
                h.name = pseudonym(&h.name);
                h.position = title(&h.position);
            }
        }
        for r in &mut self.recruiters_by_company {
            r.company = company(&r.company);
        }
        let people = self
            .recruiter_people
            .iter_mut()
            .chain(self.never_messaged_people.iter_mut().flatten());
        for p in people {
            p.name = pseudonym(&p.name);
            p.company = company(&p.company);
            p.position = title(&p.position);
        }
        for p in self.recommendation_coverage.iter_mut().flatten() {
            p.company = company(&p.company);
        }
        for e in self.employers_without_recommendation.iter_mut().flatten() {
            *e = company(e);
        }
        if let Some(inv) = &mut self.invitations {
            inv.incoming_in_order = inv.incoming_in_order.iter().map(|n| pseudonym(n)).collect();
        }
        for tie in self.top_messaged.iter_mut().flatten() {
            tie.name = pseudonym(&tie.name);
        }
        for ask in &mut self.ask_next {
            ask.name = pseudonym(&ask.name);
            ask.company = company(&ask.company);
            ask.position = title(&ask.position);
        }
    }
}

fn share(k: u64, n: u64) -> f64 {
    if n == 0 { 0.0 } else { k as f64 / n as f64 }
}

/// The table if it is there; otherwise notes why the part is left out.
fn take<'a, T>(
    part: &'a Result<T, Missing>,
    name: &str,
    left_out: &mut Vec<LeftOut>,
) -> Option<&'a T> {
    match part {
        Ok(t) => Some(t),
        Err(missing) => {
            let reason = match missing {
                Missing::NotInArchive { file } => format!("needs {file} from the LinkedIn archive"),
                Missing::Malformed { error } => format!("left out: {error}"),
            };
            left_out.push(LeftOut {
                part: name.into(),
                reason,
            });
            None
        }
    }
}

/// One note per part: a part missing two files ("needs Positions.csv …", "needs
/// Recommendations_Received.csv …") is one line naming both.
fn dedup(left_out: Vec<LeftOut>) -> Vec<LeftOut> {
    let mut merged: Vec<LeftOut> = Vec::new();
    for l in left_out {
        match merged.iter_mut().find(|m| m.part == l.part) {
            Some(m) if m.reason == l.reason => {}
            Some(m) => match (
                m.reason.strip_prefix("needs "),
                l.reason.strip_prefix("needs "),
            ) {
                (Some(a), Some(b)) => {
                    let file = |r: &str| r.split(' ').next().unwrap_or("").to_string();
                    m.reason = format!(
                        "needs {} and {} from the LinkedIn archive",
                        file(a),
                        file(b)
                    );
                }
                _ => m.reason = format!("{}; {}", m.reason, l.reason),
            },
            None => merged.push(l),
        }
    }
    merged
}
