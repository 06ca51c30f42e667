//! The rest of a synthetic owner's LinkedIn archive, beside the `Connections.csv` that
//! [`super::exports::write_exports`] writes: `Profile.csv`, `Positions.csv`,
//! `Recommendations_Received.csv`, `Invitations.csv` and `messages.csv`, in the column layout of
//! today's archive, all invented and derived from the seeded model, so that the audit of a
//! sample owner shows every part and introductions have tie strengths to show.

use std::path::Path;

use chrono::{Datelike, Duration, NaiveDate};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use crate::error::Result;
use crate::generate::{Professional, SyntheticPerson};

/// The owner and their contacts, newest first, as the archive files are written from them.
pub struct Owner<'a> {
    /// The model.
    pub net: &'a Professional,
    /// The owner's node.
    pub id: u32,
    /// The owner's contacts with the date of each connection, newest first.
    pub contacts: &'a [(u32, NaiveDate)],
}

impl Owner<'_> {
    fn me(&self) -> &SyntheticPerson {
        &self.net.people[self.id as usize]
    }

    fn person(&self, id: u32) -> &SyntheticPerson {
        &self.net.people[id as usize]
    }

    /// Contacts at `company`, newest connection first.
    fn at(&self, company: &str) -> Vec<u32> {
        self.contacts
            .iter()
            .map(|&(c, _)| c)
            .filter(|&c| self.person(c).company == company)
            .collect()
    }
}

/// Writes the five archive files into `folder`.
pub fn write(folder: &Path, owner: &Owner, rng: &mut ChaCha8Rng) -> Result<()> {
    let positions = positions(owner, rng);
    write_csv(folder, "Profile.csv", profile(owner))?;
    write_csv(folder, "Positions.csv", position_rows(&positions))?;
    write_csv(
        folder,
        "Recommendations_Received.csv",
        recommendations(owner, &positions, rng),
    )?;
    write_csv(folder, "Invitations.csv", invitations(owner, rng))?;
    write_csv(folder, "messages.csv", messages(owner, rng))
}

fn write_csv(folder: &Path, name: &str, rows: Vec<Vec<String>>) -> Result<()> {
    let path = folder.join(name);
    super::write_atomic(&path, |w| {
        let mut csv = csv::Writer::from_writer(w);
        for row in &rows {
            csv.write_record(row).map_err(std::io::Error::other)?;
        }
        csv.flush()
    })
}

fn profile(owner: &Owner) -> Vec<Vec<String>> {
    let me = owner.me();
    let header = "First Name,Last Name,Maiden Name,Address,Birth Date,Headline,Summary,Industry,Zip Code,Geo Location,Twitter Handles,Websites,Instant Messengers";
    let mut row = vec![String::new(); 13];
    row[0] = me.first.clone();
    row[1] = me.last.clone();
    row[5] = format!("{} at {}", me.position, me.company);
    row[7] = "Technology, Information and Internet".into();
    vec![split(header), row]
}

/// One position: employer, title, start and end (`None`: current).
struct Position {
    company: String,
    title: String,
    started: NaiveDate,
    finished: Option<NaiveDate>,
}

/// The current position from the model, and two earlier ones at companies where the owner has
/// contacts (so that recommendations can come from there).
fn positions(owner: &Owner, rng: &mut ChaCha8Rng) -> Vec<Position> {
    let me = owner.me();
    let mut earlier: Vec<String> = Vec::new();
    for &(c, _) in owner.contacts.iter().rev() {
        let company = &owner.person(c).company;
        if *company != me.company && !earlier.contains(company) && owner.at(company).len() >= 2 {
            earlier.push(company.clone());
        }
        if earlier.len() == 2 {
            break;
        }
    }
    let mut end = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
    let mut out = Vec::new();
    let current_years = rng.random_range(2..6);
    let started = month(end - Duration::days(365 * current_years));
    out.push(Position {
        company: me.company.clone(),
        title: me.position.clone(),
        started,
        finished: None,
    });
    end = started - Duration::days(1);
    for (i, company) in earlier.into_iter().enumerate() {
        let years = rng.random_range(2..5);
        let started = month(end - Duration::days(365 * years));
        out.push(Position {
            company,
            title: if i == 0 {
                me.position.clone()
            } else {
                "Analyst".into()
            },
            started,
            finished: Some(month(end)),
        });
        end = started - Duration::days(1);
    }
    out
}

fn month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn position_rows(positions: &[Position]) -> Vec<Vec<String>> {
    let mut rows = vec![split(
        "Company Name,Title,Description,Location,Started On,Finished On",
    )];
    for p in positions {
        rows.push(vec![
            p.company.clone(),
            p.title.clone(),
            String::new(),
            String::new(),
            p.started.format("%b %Y").to_string(),
            p.finished
                .map(|d| d.format("%b %Y").to_string())
                .unwrap_or_default(),
        ]);
    }
    rows
}

/// Up to two recommendations from contacts at each employer but the last one (so the audit has
/// an employer without one to name); one of them hidden.
fn recommendations(
    owner: &Owner,
    positions: &[Position],
    rng: &mut ChaCha8Rng,
) -> Vec<Vec<String>> {
    let mut rows = vec![split(
        "First Name,Last Name,Company,Job Title,Text,Creation Date,Status",
    )];
    let recommended = positions.len().saturating_sub(1).max(1);
    for p in positions.iter().take(recommended) {
        for (k, c) in owner.at(&p.company).into_iter().take(2).enumerate() {
            let who = owner.person(c);
            let when = p.finished.unwrap_or(p.started + Duration::days(400));
            rows.push(vec![
                who.first.clone(),
                who.last.clone(),
                p.company.clone(),
                who.position.clone(),
                format!(
                    "{} was a pleasure to work with at {}.",
                    owner.me().first,
                    p.company
                ),
                us_datetime(when, rng),
                if k == 1 && rng.random_bool(0.5) {
                    "HIDDEN"
                } else {
                    "VISIBLE"
                }
                .into(),
            ]);
        }
    }
    rows
}

/// Invitations around the newest twelve connections: incoming and outgoing, some with a message.
fn invitations(owner: &Owner, rng: &mut ChaCha8Rng) -> Vec<Vec<String>> {
    let me = owner.me();
    let mut rows = vec![split(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl",
    )];
    for &(c, date) in owner.contacts.iter().take(12) {
        let them = owner.person(c);
        let incoming = rng.random_bool(0.6);
        let message = if rng.random_bool(0.4) {
            format!(
                "Hi {}, good to meet you at the {} meetup.",
                if incoming { &me.first } else { &them.first },
                them.company
            )
        } else {
            String::new()
        };
        let (from, to) = if incoming { (them, me) } else { (me, them) };
        rows.push(vec![
            format!("{} {}", from.first, from.last),
            format!("{} {}", to.first, to.last),
            us_datetime(date, rng),
            message,
            if incoming { "INCOMING" } else { "OUTGOING" }.into(),
            from.url.clone(),
            to.url.clone(),
        ]);
    }
    rows
}

/// Conversations with about a tenth of the contacts (colleagues likelier): most two-way, some
/// where only one side wrote.
fn messages(owner: &Owner, rng: &mut ChaCha8Rng) -> Vec<Vec<String>> {
    let me = owner.me();
    let mut rows = vec![split(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS",
    )];
    let mut conversation = 0;
    for &(c, date) in owner.contacts {
        let them = owner.person(c);
        let chance = if them.company == me.company {
            0.3
        } else {
            0.08
        };
        if !rng.random_bool(chance) {
            continue;
        }
        conversation += 1;
        let two_way = rng.random_bool(0.7);
        let count = rng.random_range(1..7);
        let mut when = date.and_hms_opt(9, 0, 0).unwrap_or_default() + Duration::days(3);
        for k in 0..count {
            let mine = k % 2 == 0 || !two_way;
            let (from, to) = if mine { (me, them) } else { (them, me) };
            rows.push(vec![
                format!("conv-{conversation}"),
                String::new(),
                format!("{} {}", from.first, from.last),
                from.url.clone(),
                format!("{} {}", to.first, to.last),
                to.url.clone(),
                when.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                String::new(),
                format!(
                    "Hi {}, about {}: shall we talk this week?",
                    to.first, them.company
                ),
                "INBOX".into(),
                String::new(),
            ]);
            when += Duration::hours(rng.random_range(1..72));
        }
    }
    rows
}

/// `M/D/YY, H:MM AM` as the archive writes invitation and recommendation times.
fn us_datetime(date: NaiveDate, rng: &mut ChaCha8Rng) -> String {
    let hour = rng.random_range(8..18);
    let (h12, ampm) = if hour < 12 {
        (hour, "AM")
    } else {
        (if hour == 12 { 12 } else { hour - 12 }, "PM")
    };
    format!(
        "{}/{}/{:02}, {}:{:02} {ampm}",
        date.month(),
        date.day(),
        date.year() % 100,
        h12,
        rng.random_range(0..60)
    )
}

fn split(header: &str) -> Vec<String> {
    header.split(',').map(str::to_string).collect()
}
