//! Where the table starts and how it is written: the delimiter (`,`, `;` from European-locale
//! spreadsheets, tab from UTF-16 re-saves), the header and its synonyms, or no header at all.

use serde::{Deserialize, Serialize};

use super::dates;

/// The columns netreach reads from an export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    /// First name.
    First,
    /// Last name.
    Last,
    /// Profile URL.
    Url,
    /// Email address (read past, never stored).
    Email,
    /// Current company.
    Company,
    /// Current position.
    Position,
    /// `Connected On`.
    ConnectedOn,
}

/// Header names, lower case with spaces, `_` and `-` removed, for each column: LinkedIn's own
/// names of every era (`First Name`, `FirstName`, `Connected on`), edited headers
/// (`De-Identified First Name`) and the usual spreadsheet words.
const SYNONYMS: &[(Column, &[&str])] = &[
    (
        Column::First,
        &[
            "firstname",
            "givenname",
            "forename",
            "deidentifiedfirstname",
            "förnamn",
        ],
    ),
    (
        Column::Last,
        &[
            "lastname",
            "surname",
            "familyname",
            "deidentifiedlastname",
            "efternamn",
        ],
    ),
    (
        Column::Url,
        &[
            "url",
            "profileurl",
            "linkedinurl",
            "publicprofileurl",
            "profile",
            "linkedinprofile",
        ],
    ),
    (
        Column::Email,
        &["emailaddress", "email", "e-mailaddress", "emailaddresses"],
    ),
    (
        Column::Company,
        &[
            "company",
            "companyname",
            "organization",
            "organisation",
            "employer",
            "currentcompany",
        ],
    ),
    (
        Column::Position,
        &[
            "position",
            "title",
            "jobtitle",
            "currentposition",
            "headline",
        ],
    ),
    (
        Column::ConnectedOn,
        &[
            "connectedon",
            "connectiondate",
            "dateconnected",
            "connected",
        ],
    ),
];

fn canonical(name: &str) -> Option<Column> {
    let key: String = name
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '"'))
        .collect();
    SYNONYMS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|&(c, _)| c)
}

/// Column positions, by name from the header or by the standard order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    /// Position of each known column present.
    pub found: Vec<(Column, usize)>,
    /// Fields in the header (or in the first row of a header-less file).
    pub width: usize,
}

impl Columns {
    /// Where `column` is, if the file has it.
    pub fn get(&self, column: Column) -> Option<usize> {
        self.found
            .iter()
            .find(|(c, _)| *c == column)
            .map(|&(_, i)| i)
    }

    fn identifies_people(&self) -> bool {
        [Column::First, Column::Last, Column::Url]
            .iter()
            .any(|&c| self.get(c).is_some())
    }
}

/// How the table is laid out, for the load report.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layout {
    /// The delimiter: `,`, `;` or `\t`.
    pub delimiter: String,
    /// What the header was: `standard`, `renamed` (synonyms mapped), `none`.
    pub header: String,
    /// Lines before the table (the `Notes:` preamble, blank lines).
    pub preamble_lines: u64,
}

/// Where the table starts and how to read it.
#[derive(Clone, Debug)]
pub struct Table {
    /// The delimiter byte.
    pub delimiter: u8,
    /// Byte offset of the first line of the table (the header, or the first data row).
    pub offset: usize,
    /// 1-based line of that first line.
    pub line: u64,
    /// Whether that first line is a header (else it is already data).
    pub has_header: bool,
    /// Column positions.
    pub columns: Columns,
    /// For the load report.
    pub layout: Layout,
}

/// Why a text is not an export one can read.
#[derive(Debug, PartialEq, Eq)]
pub enum NotAnExport {
    /// No header or data row in an export's shape in the first lines.
    NoTable,
    /// The header has neither names nor profile URLs (an anonymised file).
    Nameless {
        /// 1-based line of the header.
        line: u64,
    },
    /// A known column appears twice, so it is unclear which to read.
    Duplicate {
        /// 1-based line of the header.
        line: u64,
        /// The column name as written.
        name: String,
    },
}

/// How many lines may precede the table (preamble, blank lines, Excel's `Notes:,,,,,`).
const SEARCH_LINES: usize = 20;
const DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// Finds the table: the first line that is a header under some delimiter, else the first line
/// shaped like a data row of the standard column order.
pub fn find_table(text: &str) -> Result<Table, NotAnExport> {
    let lines = first_lines(text);
    for &(line, offset, content) in &lines {
        for delimiter in DELIMITERS {
            let fields = split(content, delimiter);
            if let Some(table) = header_table(line, offset, delimiter, &fields)? {
                return Ok(table);
            }
        }
    }
    headerless_table(&lines).ok_or(NotAnExport::NoTable)
}

/// `(1-based line, byte offset, text without terminator)` of the first lines.
fn first_lines(text: &str) -> Vec<(u64, usize, &str)> {
    let mut out = Vec::new();
    let mut offset = 0;
    for (i, raw) in text.split_inclusive('\n').take(SEARCH_LINES).enumerate() {
        out.push((i as u64 + 1, offset, raw.trim_end_matches(['\n', '\r'])));
        offset += raw.len();
    }
    out
}

/// Splits one line on `delimiter`, honouring double quotes (enough to recognise a header).
pub fn split(line: &str, delimiter: u8) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(line.as_bytes());
    reader
        .records()
        .next()
        .and_then(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .unwrap_or_default()
}

fn header_table(
    line: u64,
    offset: usize,
    delimiter: u8,
    fields: &[String],
) -> Result<Option<Table>, NotAnExport> {
    let mut columns = Columns {
        found: Vec::new(),
        width: fields.len(),
    };
    let mut renamed = false;
    for (i, name) in fields.iter().enumerate() {
        let Some(column) = canonical(name) else {
            continue;
        };
        if columns.get(column).is_some() {
            return Err(NotAnExport::Duplicate {
                line,
                name: name.trim().to_string(),
            });
        }
        renamed |= !is_linkedin_name(name);
        columns.found.push((column, i));
    }
    // A header names at least two known columns, one of them the date or a name.
    let anchored = [Column::ConnectedOn, Column::First, Column::Last]
        .iter()
        .any(|&c| columns.get(c).is_some());
    if columns.found.len() < 2 || !anchored {
        return Ok(None);
    }
    if !columns.identifies_people() {
        return Err(NotAnExport::Nameless { line });
    }
    let header = if renamed { "renamed" } else { "standard" };
    Ok(Some(table(line, offset, delimiter, true, columns, header)))
}

/// LinkedIn's own header names, in every era.
fn is_linkedin_name(name: &str) -> bool {
    const OWN: &[&str] = &[
        "first name",
        "last name",
        "url",
        "email address",
        "company",
        "position",
        "connected on",
        "firstname",
        "lastname",
        "emailaddress",
        "connectedon",
    ];
    OWN.contains(
        &name
            .trim()
            .trim_start_matches('\u{feff}')
            .to_lowercase()
            .as_str(),
    )
}

fn table(
    line: u64,
    offset: usize,
    delimiter: u8,
    has_header: bool,
    columns: Columns,
    header: &str,
) -> Table {
    Table {
        delimiter,
        offset,
        line,
        has_header,
        columns,
        layout: Layout {
            delimiter: match delimiter {
                b'\t' => "\\t".into(),
                d => (d as char).to_string(),
            },
            header: header.into(),
            preamble_lines: line - 1,
        },
    }
}

/// A file whose header was deleted: the first row that is not preamble has the standard 7
/// (with URL) or 6 (without) fields and ends with a date.
fn headerless_table(lines: &[(u64, usize, &str)]) -> Option<Table> {
    use Column::*;
    let (line, offset, content) = lines.iter().copied().find(|(_, _, l)| !is_preamble(l))?;
    for delimiter in DELIMITERS {
        let fields = split(content, delimiter);
        let order: &[Column] = match fields.len() {
            7 if fields[2].trim().is_empty() || super::normalise_url(&fields[2]).is_some() => {
                &[First, Last, Url, Email, Company, Position, ConnectedOn]
            }
            6 => &[First, Last, Email, Company, Position, ConnectedOn],
            _ => continue,
        };
        if !dates::looks_like_date(&fields[fields.len() - 1]) {
            continue;
        }
        let columns = Columns {
            found: order.iter().enumerate().map(|(i, &c)| (c, i)).collect(),
            width: fields.len(),
        };
        return Some(table(line, offset, delimiter, false, columns, "none"));
    }
    None
}

/// The lines LinkedIn (or Excel after it) puts above the table: `Notes:` (maybe with trailing
/// separators), the quoted note, blank lines.
fn is_preamble(line: &str) -> bool {
    let bare = line.trim().trim_start_matches('\u{feff}');
    let bare = bare.trim_end_matches([',', ';', '\t', ' ']);
    bare.is_empty() || bare.starts_with("Notes:") || (bare.starts_with('"') && bare.ends_with('"'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_of_every_era_and_locale() {
        let t =
            find_table("First Name;Last Name;URL;Email Address;Company;Position;Connected On\n")
                .unwrap();
        assert_eq!(
            (t.delimiter, t.columns.get(Column::ConnectedOn)),
            (b';', Some(6))
        );
        assert_eq!(t.layout.header, "standard");
        let t = find_table("FirstName,LastName,EmailAddress,Company,Position,ConnectedOn,Tags\n")
            .unwrap();
        assert_eq!(
            (t.columns.get(Column::ConnectedOn), t.columns.width),
            (Some(5), 7)
        );
        let t = find_table("Notes:,,,,,\n\nFirst Name\tCompany\tConnected on\n").unwrap();
        assert_eq!(
            (t.line, t.delimiter, t.columns.get(Column::Last)),
            (3, b'\t', None)
        );
        let t = find_table("De-Identified First Name,Company,Connected On\n").unwrap();
        assert_eq!(t.layout.header, "renamed");
    }

    #[test]
    fn headerless_files_are_recognised_by_their_rows() {
        let text = "Notes:\n\"When exporting…\"\n\nAda,Example,https://www.linkedin.com/in/ada,,Acme,Engineer,25 Nov 2024\n";
        let t = find_table(text).unwrap();
        assert_eq!(
            (t.line, t.has_header, t.columns.get(Column::Url)),
            (4, false, Some(2))
        );
        let t = find_table("Ada;Example;;Acme;Engineer;25.11.2024\n").unwrap();
        assert_eq!((t.delimiter, t.columns.get(Column::Url)), (b';', None));
    }

    #[test]
    fn files_that_cannot_be_read_as_exports() {
        assert_eq!(
            find_table("Company,Position,Connected On\nAcme,CEO,25 Nov 2024\n").unwrap_err(),
            NotAnExport::Nameless { line: 1 }
        );
        assert_eq!(find_table("1 2\n2 3\n").unwrap_err(), NotAnExport::NoTable);
        assert!(matches!(
            find_table("First Name,First Name,Connected On\n"),
            Err(NotAnExport::Duplicate { line: 1, .. })
        ));
    }
}
