//! LinkedIn exports as people actually hold them (see `docs/linkedin-export.md` in this
//! repository for every shape read): any era of `Connections.csv` (preamble or none, URL column
//! or none, renamed or deleted header, extra columns), any encoding a spreadsheet re-save leaves
//! ([`decode`]), `,` `;` or tab ([`dialect`]), every date shape with the day/month order decided
//! per file ([`dates`]), and the archive itself, a ZIP or its unpacked folder ([`archive`]).
//!
//! Row problems never fail a file: [`connections`] keeps a row when the person is still
//! identifiable, skips it otherwise, and counts both with their lines.

pub mod archive;
pub mod connections;
pub mod dates;
pub mod decode;
pub mod dialect;
pub mod tables;

pub use crate::graph::normalise_url;
pub use connections::parse;

use chrono::NaiveDate;

use crate::graph::{InputDialect, RowProblems};

/// One row of an export that names a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRow {
    /// 1-based line in the file.
    pub line: u64,
    /// "First Last", trimmed (empty when the file has no name columns).
    pub name: String,
    /// Company, trimmed (may be empty).
    pub company: String,
    /// Position, trimmed (may be empty).
    pub position: String,
    /// Profile URL as written (may be empty).
    pub url: String,
    /// Normalised profile URL, the identity key, when there is a usable URL.
    pub key: Option<String>,
    /// `Connected On`, when the row has a readable date.
    pub connected_on: Option<NaiveDate>,
}

/// One parsed `Connections.csv`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Export {
    /// Rows that name a person.
    pub rows: Vec<ExportRow>,
    /// Rows with nothing but a date (closed or hidden accounts).
    pub hidden: u64,
    /// Rows with no value at all (spreadsheets leave trailing `,,,,,,` rows).
    pub blank: u64,
    /// Rows with a problem, kept or skipped.
    pub problems: RowProblems,
    /// How the file was decoded and laid out.
    pub dialect: InputDialect,
}

/// Whether `bytes` (the start of a file) look like a LinkedIn connections export: a header
/// naming export columns, or rows in the export's column order, in the first lines.
pub fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let Ok((text, _)) = decode::decode(head) else {
        return false;
    };
    !matches!(
        dialect::find_table(&text),
        Err(dialect::NotAnExport::NoTable)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_normalisation() {
        let n = |s| normalise_url(s).unwrap();
        assert_eq!(
            n("http://WWW.LinkedIn.com/in/Zo%C3%AB-Sample/"),
            "linkedin.com/in/zoë-sample"
        );
        assert_eq!(n("linkedin.com/in/a?trk=x"), "linkedin.com/in/a");
        assert_eq!(n("www.linkedin.com/in/a%7Eb"), "linkedin.com/in/a~b");
        assert_eq!(
            n("https://www.linkedin.com/in/john%20doe"),
            "linkedin.com/in/john%20doe"
        );
        assert_eq!(
            n("https://www.linkedin.com/in/john%c2%a0doe"),
            "linkedin.com/in/john%C2%A0doe"
        );
        assert!(normalise_url("Ada Example").is_none());
        assert!(normalise_url("https://www.linkedin.com/in/john doe").is_none());
    }
}
