//! The other files of a LinkedIn archive that the personal audit reads: `Positions.csv`,
//! `Recommendations_Received.csv` / `_Given.csv`, `Invitations.csv` and `messages.csv`
//! (layouts in the repository's README, "LinkedIn exports as people have them"). Columns are
//! found by name, so the 2018 and current layouts both read; each file is optional, and a
//! malformed one is reported with its line while the others are still read.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::archive::{Archive, ArchiveFile, Profile, Record, read_table};
use super::dates::{self, DayMonth};
use super::{Export, normalise_url};
use crate::error::{Error, Result};

/// One of the owner's own positions (`Positions.csv`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Position {
    /// Employer as written.
    pub company: String,
    /// Title.
    pub title: String,
    /// First day of the month it started (`Started On` is `Mon YYYY`).
    pub started: Option<NaiveDate>,
    /// First day of the month it ended; `None` for a current position.
    pub finished: Option<NaiveDate>,
}

/// A recommendation received or given (`Recommendations_*.csv`: names, no URL).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    /// "First Last" of the other person.
    pub name: String,
    /// Their company.
    pub company: String,
    /// Their job title.
    pub title: String,
    /// `VISIBLE`, `HIDDEN`, or empty.
    pub status: String,
    /// When it was written.
    pub created: Option<NaiveDate>,
}

/// An invitation (`Invitations.csv`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Invitation {
    /// Display name of the sender.
    pub from: String,
    /// Display name of the receiver.
    pub to: String,
    /// `true` for an invitation the owner received.
    pub incoming: bool,
    /// Whether it carries a personal message.
    pub has_message: bool,
    /// The message text (empty without one), for the recruiter keywords.
    pub message: String,
    /// Normalised profile URL of the other person, where the file gives it.
    pub other_key: Option<String>,
    /// When it was sent.
    pub sent: Option<NaiveDate>,
}

/// One message (`messages.csv`: one row per message).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    /// Conversation id (the 2018 file has none: the subject and the people stand in for it).
    pub conversation: String,
    /// Normalised profile URL of the sender, or `name:…` where the file has no URLs.
    pub sender: String,
    /// Normalised profile URLs (or `name:…`) of the recipients; one field can hold several.
    pub recipients: Vec<String>,
    /// The day it was sent (`DATE` begins `YYYY-MM-DD`), when readable.
    pub date: Option<NaiveDate>,
}

/// A part of the archive that could not be used, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Missing {
    /// The archive has no such file.
    NotInArchive {
        /// The file that would enable the part.
        file: String,
    },
    /// The file is there but could not be read: `file:line: reason`.
    Malformed {
        /// The error, naming the file and line.
        error: String,
    },
}

/// One table of the archive, or why it is missing.
pub type Part<T> = std::result::Result<T, Missing>;

/// Every archive table the audit reads, each on its own.
#[derive(Clone, Debug)]
pub struct ArchiveTables {
    /// The owner's `Connections.csv`.
    pub connections: Export,
    /// `Profile.csv`.
    pub profile: Part<Profile>,
    /// `Positions.csv`, newest first.
    pub positions: Part<Vec<Position>>,
    /// `Recommendations_Received.csv`.
    pub received: Part<Vec<Recommendation>>,
    /// `Recommendations_Given.csv`.
    pub given: Part<Vec<Recommendation>>,
    /// `Invitations.csv`.
    pub invitations: Part<Vec<Invitation>>,
    /// `messages.csv` (2018: `Messages.csv`).
    pub messages: Part<Vec<Message>>,
}

impl ArchiveTables {
    /// Reads the tables of one archive; only a missing or unreadable `Connections.csv` fails.
    pub fn read(archive: &Archive) -> Result<ArchiveTables> {
        let file = archive.connections()?;
        let connections = super::parse(&file.path, &file.bytes)?;
        Ok(ArchiveTables {
            connections,
            profile: part(archive, "Profile.csv", Profile::parse),
            positions: part(archive, "Positions.csv", positions),
            received: part(archive, "Recommendations_Received.csv", recommendations),
            given: part(archive, "Recommendations_Given.csv", recommendations),
            invitations: part(archive, "Invitations.csv", invitations),
            messages: part(archive, "messages.csv", messages),
        })
    }
}

fn part<T>(archive: &Archive, name: &str, read: impl Fn(&ArchiveFile) -> Result<T>) -> Part<T> {
    let file = archive.file(name).ok_or_else(|| Missing::NotInArchive {
        file: name.to_string(),
    })?;
    read(file).map_err(|e| Missing::Malformed {
        error: e.to_string(),
    })
}

/// A table's header and a field lookup by column name.
struct Columns<'a> {
    path: &'a Path,
    header: Vec<String>,
}

impl<'a> Columns<'a> {
    fn new(file: &'a ArchiveFile, rows: &[Record], required: &[&str]) -> Result<Columns<'a>> {
        let header: Vec<String> = rows
            .first()
            .map(|r| r.fields.iter().map(|h| h.trim().to_lowercase()).collect())
            .unwrap_or_default();
        let columns = Columns {
            path: &file.path,
            header,
        };
        for name in required {
            if columns.index(name).is_none() {
                return Err(Error::parse(
                    columns.path,
                    1,
                    format!("header has no '{name}' column"),
                ));
            }
        }
        Ok(columns)
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == &name.to_lowercase())
    }

    fn get<'r>(&self, row: &'r Record, name: &str) -> &'r str {
        self.index(name)
            .and_then(|i| row.fields.get(i))
            .map_or("", |s| s.trim())
    }
}

fn positions(file: &ArchiveFile) -> Result<Vec<Position>> {
    let rows = read_table(file)?;
    let c = Columns::new(file, &rows, &["Company Name", "Title"])?;
    let mut out = Vec::new();
    for row in rows.iter().skip(1) {
        let started = month(c.get(row, "Started On"));
        let finished = month(c.get(row, "Finished On"));
        out.push(Position {
            company: c.get(row, "Company Name").to_string(),
            title: c.get(row, "Title").to_string(),
            started,
            finished,
        });
    }
    // Newest first: current positions, then by start.
    out.sort_by_key(|p| {
        (
            std::cmp::Reverse(p.finished.is_none()),
            std::cmp::Reverse(p.started),
        )
    });
    Ok(out)
}

/// `Mon YYYY` (`Started On`), `YYYY`, or any full date, as the first day of its month.
fn month(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(year) = text.parse::<i32>() {
        return NaiveDate::from_ymd_opt(year, 1, 1);
    }
    dates::parse(&format!("1 {text}"), DayMonth::MonthFirst)
        .or_else(|_| dates::parse(text, DayMonth::MonthFirst))
        .ok()
}

fn person_name(first: &str, last: &str) -> String {
    [first, last]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ")
}

fn recommendations(file: &ArchiveFile) -> Result<Vec<Recommendation>> {
    let rows = read_table(file)?;
    let c = Columns::new(file, &rows, &["First Name", "Company"])?;
    Ok(rows
        .iter()
        .skip(1)
        .map(|row| Recommendation {
            name: person_name(c.get(row, "First Name"), c.get(row, "Last Name")),
            company: c.get(row, "Company").to_string(),
            title: c.get(row, "Job Title").to_string(),
            status: c.get(row, "Status").to_uppercase(),
            created: dates::parse(c.get(row, "Creation Date"), DayMonth::MonthFirst).ok(),
        })
        .collect())
}

fn invitations(file: &ArchiveFile) -> Result<Vec<Invitation>> {
    let rows = read_table(file)?;
    let c = Columns::new(file, &rows, &["From", "To", "Direction"])?;
    let mut out = Vec::new();
    for row in rows.iter().skip(1) {
        let incoming = match c.get(row, "Direction").to_uppercase().as_str() {
            "INCOMING" => true,
            "OUTGOING" => false,
            other => {
                return Err(Error::parse(
                    &file.path,
                    row.line,
                    format!("Direction '{other}' is neither INCOMING nor OUTGOING"),
                ));
            }
        };
        let other_url = c.get(
            row,
            if incoming {
                "inviterProfileUrl"
            } else {
                "inviteeProfileUrl"
            },
        );
        let message = c.get(row, "Message").to_string();
        out.push(Invitation {
            from: c.get(row, "From").to_string(),
            to: c.get(row, "To").to_string(),
            incoming,
            has_message: !message.is_empty(),
            message,
            other_key: normalise_url(other_url),
            sent: dates::parse(c.get(row, "Sent At"), DayMonth::MonthFirst).ok(),
        });
    }
    Ok(out)
}

fn messages(file: &ArchiveFile) -> Result<Vec<Message>> {
    let rows = read_table(file)?;
    let c = Columns::new(file, &rows, &["From", "To"])?;
    let who = |url: &str, name: &str| {
        normalise_url(url).unwrap_or_else(|| format!("name:{}", name.to_lowercase()))
    };
    Ok(rows
        .iter()
        .skip(1)
        .map(|row| {
            let urls = c.get(row, "Recipient Profile Urls");
            let names = c.get(row, "To");
            let recipients = if urls.is_empty() {
                names.split(',').map(|n| who("", n.trim())).collect()
            } else {
                urls.split(',').map(|u| who(u.trim(), u.trim())).collect()
            };
            let conversation = match c.get(row, "Conversation Id") {
                "" => format!("{}|{}", c.get(row, "Subject"), names),
                id => id.to_string(),
            };
            Message {
                conversation,
                sender: who(c.get(row, "Sender Profile Url"), c.get(row, "From")),
                recipients,
                date: c
                    .get(row, "Date")
                    .get(..10)
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            }
        })
        .collect())
}
