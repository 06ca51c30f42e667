//! Job lists: a CSV of jobs as people keep one, with a company column found by its header, and
//! the same rows with the introduction columns added.

use std::path::Path;

use anyhow::{anyhow, bail};
use rustc_hash::FxHashMap;

use super::{CompanySummary, Introductions};
use crate::audit::keywords::normalise_company;

/// Header words that name a job list's company column.
pub const COMPANY_HEADERS: &[&str] = &[
    "company",
    "company name",
    "companyname",
    "employer",
    "organisation",
    "organization",
    "organisation name",
    "organization name",
    "företag",
    "foretag",
    "arbetsgivare",
    "firma",
    "unternehmen",
    "entreprise",
];

/// A job list as read: its header, the company column and the rows.
#[derive(Clone, Debug, PartialEq)]
pub struct JobList {
    /// Column names as written.
    pub header: Vec<String>,
    /// Index of the company column.
    pub company: usize,
    /// Rows, each as wide as the header.
    pub rows: Vec<Vec<String>>,
}

/// The columns [`JobList::with_introductions`] adds.
pub const ADDED: [&str; 5] = [
    "within_1",
    "within_2",
    "within_3",
    "introducers",
    "best_path",
];

impl JobList {
    /// Reads a job list: any CSV, or its `;`/tab dialects (the delimiter most frequent in the
    /// header line), a UTF-8 byte-order mark allowed. Without a company column (found by
    /// [`COMPANY_HEADERS`]) the error names the file and the headers it saw.
    pub fn read(path: &Path) -> anyhow::Result<JobList> {
        let bytes = std::fs::read(path).map_err(|e| crate::Error::io(path, e))?;
        let text = String::from_utf8_lossy(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
            .into_owned();
        let first = text.lines().next().unwrap_or("");
        let delimiter = [b',', b';', b'\t']
            .into_iter()
            .max_by_key(|&d| first.bytes().filter(|&b| b == d).count())
            .unwrap_or(b',');
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| anyhow!("{}:1: {e}", path.display()))?
            .iter()
            .map(str::to_string)
            .collect();
        let Some(company) = header
            .iter()
            .position(|h| COMPANY_HEADERS.contains(&h.trim().to_lowercase().as_str()))
        else {
            let seen: Vec<String> = header.iter().map(|h| format!("'{h}'")).collect();
            bail!(
                "{}:1: no company column: the headers are {} (expected one of Company, Company Name, Employer, Organisation, Organization, Företag, Arbetsgivare)",
                path.display(),
                seen.join(", ")
            );
        };
        let mut rows = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let record = record.map_err(|e| anyhow!("{}:{}: {e}", path.display(), i + 2))?;
            let mut row: Vec<String> = record.iter().map(str::to_string).collect();
            row.resize(header.len(), String::new());
            rows.push(row);
        }
        Ok(JobList {
            header,
            company,
            rows,
        })
    }

    /// The distinct companies of the list in order of first appearance (compared as the audit
    /// compares companies; empty cells left out).
    pub fn companies(&self) -> Vec<String> {
        let mut seen = rustc_hash::FxHashSet::default();
        self.rows
            .iter()
            .map(|row| &row[self.company])
            .filter(|c| {
                let key = normalise_company(c);
                !key.is_empty() && seen.insert(key)
            })
            .cloned()
            .collect()
    }

    /// The rows with the introduction columns ([`ADDED`]) added, header first: one summary
    /// per distinct company (all of them in one pass), however many rows name it.
    pub fn with_introductions(&self, intro: &Introductions) -> Vec<Vec<String>> {
        self.with_summaries(&intro.summaries(&self.companies()))
    }

    /// The rows of [`JobList::with_introductions`] (header first) as `intro --jobs --format
    /// json` writes them: `{"jobs": [{column: value, …}, …]}`, one object per job row.
    pub fn rows_json(rows: &[Vec<String>]) -> serde_json::Value {
        let header = rows.first().map(Vec::as_slice).unwrap_or_default();
        let jobs: Vec<serde_json::Value> = rows
            .iter()
            .skip(1)
            .map(|row| {
                let cells = row.iter().cloned().map(serde_json::Value::String);
                serde_json::Value::Object(header.iter().cloned().zip(cells).collect())
            })
            .collect();
        serde_json::json!({ "jobs": jobs })
    }

    /// The rows with the introduction columns from `summaries` (matched to each row's company
    /// as the audit compares companies; a company without one gets zeros).
    pub fn with_summaries(&self, summaries: &[CompanySummary]) -> Vec<Vec<String>> {
        let by_company: FxHashMap<String, &CompanySummary> = summaries
            .iter()
            .map(|s| (normalise_company(&s.company), s))
            .collect();
        let mut out = vec![self.header.clone()];
        out[0].extend(ADDED.map(String::from));
        for row in &self.rows {
            let mut row = row.clone();
            let added = match by_company.get(&normalise_company(&row[self.company])) {
                Some(s) => [
                    s.within_1.to_string(),
                    s.within_2.to_string(),
                    s.within_3.to_string(),
                    s.introducers.to_string(),
                    s.best_path.clone().unwrap_or_default(),
                ],
                None => ["0", "0", "0", "0", ""].map(String::from),
            };
            row.extend(added);
            out.push(row);
        }
        out
    }
}
