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

pub use connections::parse;

use chrono::NaiveDate;
use percent_encoding::percent_decode_str;

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

/// Normalises a profile URL into an identity key: percent-decoded, lower case, no scheme, no
/// `www.`, no query or fragment, no trailing slash (`linkedin.com/in/zoë-sample`).
///
/// A slug can hold an encoded space or no-break space (`john%20doe`, `john%C2%A0doe`): LinkedIn
/// issued it, so it is an identity; such characters stay percent-encoded (upper-case hex) in the
/// key. Returns `None` for text that is not a URL-like `host/path` (raw white space included).
pub fn normalise_url(url: &str) -> Option<String> {
    let url = url.trim();
    if url.chars().any(char::is_whitespace) {
        return None;
    }
    let decoded = percent_decode_str(url).decode_utf8_lossy();
    let lower = decoded.to_lowercase();
    let mut s = lower.as_str();
    for prefix in ["https://", "http://", "www."] {
        s = s.strip_prefix(prefix).unwrap_or(s);
    }
    if let Some(cut) = s.find(['?', '#']) {
        s = &s[..cut];
    }
    let s = s.trim_end_matches('/');
    let (host, path) = s.split_once('/')?;
    if !host.contains('.') || path.is_empty() || host.chars().any(char::is_whitespace) {
        return None;
    }
    Some(if s.chars().any(char::is_whitespace) {
        encode_white_space(s)
    } else {
        s.to_string()
    })
}

/// Re-encodes the white space that percent-decoding produced (`%20`, `%C2%A0`).
fn encode_white_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
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
