//! LinkedIn `Connections.csv` exports, every known era (see `shared/docs/linkedin-export.md`):
//! the `Notes:` preamble or none, URL column or none, extra columns, BOM, CRLF, quoted commas,
//! three date formats, and "hidden" rows that hold only a date.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use percent_encoding::percent_decode_str;

use crate::error::{Error, Result};

/// One row of an export that names a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportRow {
    /// 1-based line in the file.
    pub line: u64,
    /// "First Last", trimmed.
    pub name: String,
    /// Company, trimmed (may be empty).
    pub company: String,
    /// Position, trimmed (may be empty).
    pub position: String,
    /// Profile URL as written (may be empty).
    pub url: String,
    /// Normalised profile URL, the identity key, when there is a URL.
    pub key: Option<String>,
    /// `Connected On`.
    pub connected_on: NaiveDate,
}

/// One parsed `Connections.csv`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Export {
    /// Rows that name a person.
    pub rows: Vec<ExportRow>,
    /// Rows with nothing but a date (closed or hidden accounts).
    pub hidden: u64,
}

/// Column positions found in the header, mapped by name.
struct Columns {
    first: usize,
    last: usize,
    url: Option<usize>,
    company: Option<usize>,
    position: Option<usize>,
    connected_on: usize,
    width: usize,
}

/// Whether `bytes` look like a LinkedIn connections export (a header with First and Last Name
/// within the first lines).
pub fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    text.lines()
        .take(8)
        .any(|l| l.contains("First Name") && l.contains("Last Name"))
}

/// Rows longer than this are rejected: a real row (names, company, position, URL) is a few
/// hundred bytes, and LinkedIn caps each field far below it.
const MAX_ROW: usize = 64 << 10;

/// Parses one export held in memory.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Export> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        let line = 1 + bytes[..memchr::memchr(0, bytes).unwrap_or(0)]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        return Err(Error::parse(
            path,
            line,
            "NUL byte (is this a binary file?)",
        ));
    }
    let (header_line, header_offset) = find_header(path, bytes)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[header_offset..]);
    let body = &bytes[header_offset..];
    let mut lines = LineCounter::default();
    let mut line_of = |pos: Option<&csv::Position>| {
        header_line + pos.map_or(0, |p| lines.line_at(body, p.byte() as usize))
    };
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(Error::parse(path, header_line, csv_message(&e))),
        None => return Err(Error::parse(path, header_line, "no header row")),
    };
    let columns = map_columns(path, header_line, &header)?;
    let mut export = Export::default();
    for record in records {
        let record =
            record.map_err(|e| Error::parse(path, line_of(e.position()), csv_message(&e)))?;
        let line = line_of(record.position());
        if record.as_slice().len() > MAX_ROW {
            return Err(Error::parse(
                path,
                line,
                "row longer than 64 KiB (is this a LinkedIn export?)",
            ));
        }
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank line
        }
        match parse_row(path, line, &columns, &record)? {
            Some(row) => export.rows.push(row),
            None => export.hidden += 1,
        }
    }
    Ok(export)
}

/// Turns byte offsets into 0-based line numbers incrementally. (The csv crate's own line
/// numbers lag by one after CRLF terminators.)
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: u64,
}

impl LineCounter {
    /// The line of the record starting at `byte` (skipping a line terminator it may point at).
    fn line_at(&mut self, body: &[u8], mut byte: usize) -> u64 {
        while byte < body.len() && matches!(body[byte], b'\r' | b'\n') {
            byte += 1;
        }
        let byte = byte.min(body.len());
        if byte < self.byte {
            *self = LineCounter::default();
        }
        self.line += memchr::memchr_iter(b'\n', &body[self.byte..byte]).count() as u64;
        self.byte = byte;
        self.line
    }
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "text is not valid UTF-8".into(),
        _ => format!("malformed CSV: {e}"),
    }
}

/// Finds the header line (the first line naming First Name and Last Name); returns its 1-based
/// number and byte offset.
fn find_header(path: &Path, bytes: &[u8]) -> Result<(u64, usize)> {
    let mut offset = 0usize;
    let mut line = 1u64;
    while offset < bytes.len() && line <= 20 {
        let end = memchr::memchr(b'\n', &bytes[offset..]).map_or(bytes.len(), |p| offset + p);
        let text = String::from_utf8_lossy(&bytes[offset..end]);
        if text.contains("First Name") && text.contains("Last Name") {
            return Ok((line, offset));
        }
        offset = end + 1;
        line += 1;
    }
    let what = if bytes.iter().all(u8::is_ascii_whitespace) {
        "empty file"
    } else {
        "no header with 'First Name' and 'Last Name' in the first 20 lines"
    };
    Err(Error::parse(
        path,
        1,
        format!("not a LinkedIn Connections.csv export: {what}"),
    ))
}

fn map_columns(path: &Path, line: u64, header: &csv::ByteRecord) -> Result<Columns> {
    let names: Vec<String> = header
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_ascii_lowercase())
        .collect();
    let find = |wanted: &str| names.iter().position(|n| n == wanted);
    let mut seen = std::collections::BTreeSet::new();
    if let Some(dup) = names
        .iter()
        .find(|n| !n.is_empty() && !seen.insert(n.as_str()))
    {
        return Err(Error::parse(
            path,
            line,
            format!("column '{dup}' appears twice in the header"),
        ));
    }
    let required = |wanted: &str| {
        find(wanted)
            .ok_or_else(|| Error::parse(path, line, format!("header has no '{wanted}' column")))
    };
    Ok(Columns {
        first: required("first name")?,
        last: required("last name")?,
        url: find("url"),
        company: find("company"),
        position: find("position"),
        connected_on: required("connected on")?,
        width: names.len(),
    })
}

fn field(record: &csv::ByteRecord, i: Option<usize>) -> String {
    i.and_then(|i| record.get(i))
        .map(|f| String::from_utf8_lossy(f).trim().to_string())
        .unwrap_or_default()
}

/// One data row: `Some(row)` for a person, `None` for a hidden row (only a date).
fn parse_row(
    path: &Path,
    line: u64,
    columns: &Columns,
    record: &csv::ByteRecord,
) -> Result<Option<ExportRow>> {
    if record.len() != columns.width {
        return Err(Error::parse(
            path,
            line,
            format!(
                "expected {} fields as in the header, found {}",
                columns.width,
                record.len()
            ),
        ));
    }
    if std::str::from_utf8(record.as_slice()).is_err() {
        return Err(Error::parse(path, line, "text is not valid UTF-8"));
    }
    let date_text = field(record, Some(columns.connected_on));
    let connected_on = parse_date(&date_text)
        .map_err(|why| Error::parse(path, line, format!("'Connected On' {why}")))?;
    let first = field(record, Some(columns.first));
    let last = field(record, Some(columns.last));
    let url = field(record, columns.url);
    let company = field(record, columns.company);
    let position = field(record, columns.position);
    let name = [first.as_str(), last.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() && url.is_empty() {
        return Ok(None);
    }
    let key = if url.is_empty() {
        None
    } else {
        Some(
            normalise_url(&url)
                .ok_or_else(|| Error::parse(path, line, format!("'{url}' is not a profile URL")))?,
        )
    };
    Ok(Some(ExportRow {
        line,
        name,
        company,
        position,
        url,
        key,
        connected_on,
    }))
}

/// Parses `Connected On` in every format seen in exports: `25 Nov 2024`, `25-Nov-24`,
/// `11/4/18, 9:52 AM` and `2024-11-25`. Two-digit years are 20YY. Dates before LinkedIn's launch
/// (2003) or after 2100 are rejected as out of range.
pub fn parse_date(text: &str) -> std::result::Result<NaiveDate, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("is empty".into());
    }
    const FORMATS: &[(&str, bool)] = &[
        ("%d %b %Y", false),
        ("%d-%b-%y", true),
        ("%m/%d/%y, %I:%M %p", true),
        ("%Y-%m-%d", false),
    ];
    for &(format, two_digit_year) in FORMATS {
        if let Ok(mut date) = NaiveDate::parse_from_str(text, format) {
            if two_digit_year && date.year() < 2000 {
                date = date.with_year(date.year() + 100).unwrap_or(date);
            }
            if !(2003..=2100).contains(&date.year()) {
                return Err(format!("date '{text}' is out of range (2003–2100)"));
            }
            return Ok(date);
        }
    }
    Err(format!(
        "'{text}' is not a known date format (25 Nov 2024, 25-Nov-24, 11/4/18, 9:52 AM, 2024-11-25)"
    ))
}

/// Normalises a profile URL into an identity key: percent-decoded, lower case, no scheme, no
/// `www.`, no query or fragment, no trailing slash (`linkedin.com/in/zoë-sample`).
/// Returns `None` for text that is not a URL-like `host/path`.
pub fn normalise_url(url: &str) -> Option<String> {
    let decoded = percent_decode_str(url.trim()).decode_utf8_lossy();
    let mut s = decoded.to_lowercase();
    for scheme in ["https://", "http://"] {
        if let Some(rest) = s.strip_prefix(scheme) {
            s = rest.to_string();
        }
    }
    if let Some(rest) = s.strip_prefix("www.") {
        s = rest.to_string();
    }
    if let Some(cut) = s.find(['?', '#']) {
        s.truncate(cut);
    }
    while s.ends_with('/') {
        s.pop();
    }
    let (host, path) = s.split_once('/')?;
    if !host.contains('.') || path.is_empty() || s.chars().any(char::is_whitespace) {
        return None;
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CURRENT: &str = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Example,https://www.linkedin.com/in/ada-example-1a2b3c,,\"Acme, Inc.\",Staff Engineer,25 Nov 2024\n Bo ,\"Tester, PhD\",https://www.linkedin.com/in/bo-tester,bo@example.com,Globex,\"Head of \"\"Platform\"\"\",05 Mar 2023\nZoë,Sample,https://www.linkedin.com/in/zo%C3%AB-sample,,Initech,\"Engineer, Payments\",31 Dec 2019\n,,,,,,12 Mar 2021";

    #[test]
    fn current_era_with_every_quirk() {
        let e = parse(Path::new("c.csv"), CURRENT.as_bytes()).unwrap();
        assert_eq!(e.rows.len(), 3);
        assert_eq!(e.hidden, 1);
        assert_eq!(e.rows[0].company, "Acme, Inc.");
        assert_eq!(e.rows[0].line, 5);
        assert_eq!(e.rows[1].name, "Bo Tester, PhD");
        assert_eq!(e.rows[1].position, "Head of \"Platform\"");
        assert_eq!(e.rows[2].key.as_deref(), Some("linkedin.com/in/zoë-sample"));
    }

    #[test]
    fn bom_crlf_and_no_preamble() {
        let body = CURRENT.split_once("\n\n").unwrap().1.replace('\n', "\r\n");
        let text = format!("\u{feff}{body}\r\n");
        let e = parse(Path::new("c.csv"), text.as_bytes()).unwrap();
        assert_eq!(e.rows.len(), 3);
        assert_eq!(
            e.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            vec![2, 3, 4]
        );
    }

    #[test]
    fn dates_of_every_era() {
        let d = |s| parse_date(s).unwrap().to_string();
        assert_eq!(d("05 Dec 2003"), "2003-12-05");
        assert_eq!(d("7-Feb-22"), "2022-02-07");
        assert_eq!(d("11/4/18, 9:52 AM"), "2018-11-04");
        assert_eq!(d("2024-11-25"), "2024-11-25");
        assert!(parse_date("Feb 7th").is_err());
        assert!(parse_date("01 Jan 1990").is_err());
    }

    #[test]
    fn url_normalisation() {
        let n = |s| normalise_url(s).unwrap();
        assert_eq!(
            n("http://WWW.LinkedIn.com/in/Zo%C3%AB-Sample/"),
            "linkedin.com/in/zoë-sample"
        );
        assert_eq!(n("linkedin.com/in/a?trk=x"), "linkedin.com/in/a");
        assert_eq!(n("www.linkedin.com/in/a%7Eb"), "linkedin.com/in/a~b");
        assert!(normalise_url("Ada Example").is_none());
    }

    #[test]
    fn bad_rows_name_their_line() {
        let text = "First Name,Last Name,Connected On\nA,B,25 Nov 2024\nC,D\n";
        let e = parse(Path::new("x.csv"), text.as_bytes())
            .unwrap_err()
            .to_string();
        assert_eq!(e, "x.csv:3: expected 3 fields as in the header, found 2");
        let text = "First Name,Last Name,Connected On\nA,B,someday\n";
        let e = parse(Path::new("x.csv"), text.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("x.csv:2: 'Connected On' 'someday' is not a known date"),
            "{e}"
        );
    }
}
