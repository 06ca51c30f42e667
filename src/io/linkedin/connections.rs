//! Rows of a decoded `Connections.csv` into people. A problem in a row affects that row only:
//! the row is kept where the person is still identifiable (a bad date is dropped, an unusual
//! URL falls back to name + company), else skipped, and either way counted with its line.

use std::path::Path;

use rayon::prelude::*;

use super::dates::{self, DayMonth};
use super::decode::{self, Decoding};
use super::dialect::{self, Column, NotAnExport, Table};
use super::{Export, ExportRow, normalise_url};
use crate::error::{Error, Result};
use crate::graph::{InputDialect, RowProblems};

/// Rows longer than this are skipped: a real row (names, company, position, URL) is a few
/// hundred bytes. In practice such a row is an unclosed quote that swallowed the lines after it.
const MAX_ROW: usize = 64 << 10;
/// Names, companies and positions are cut to this many characters (LinkedIn's own limits are
/// far below it).
const MAX_FIELD: usize = 1024;

/// Rows per parallel chunk.
const ROW_CHUNK: usize = 4096;

/// Parses one export held in memory; `path` names it in messages and in the load report.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Export> {
    let (text, decoding) = decode::decode(bytes)
        .map_err(|e| Error::parse(path, e.line, "NUL byte (is this a binary file?)"))?;
    let table = dialect::find_table(&text).map_err(|e| not_an_export(path, &text, e))?;
    let records = read_records(path, &text, &table);
    let date_column = table.columns.get(Column::ConnectedOn);
    let order = dates::decide_order(
        records
            .rows
            .iter()
            .filter_map(|r| date_column.and_then(|i| r.fields.get(i))),
    );
    let mut export = Export {
        blank: records.blank,
        problems: records.problems,
        dialect: dialect_report(path, &decoding, &table, &order),
        ..Export::default()
    };
    let numeric_order = order.order.unwrap_or_default();
    // Rows are independent: fixed chunks in parallel, joined in file order (the same result
    // for any thread count).
    let chunks: Vec<Export> = records
        .rows
        .par_chunks(ROW_CHUNK)
        .map(|rows| {
            let mut part = Export::default();
            for raw in rows {
                read_row(path, raw, &table, numeric_order, &mut part);
            }
            part
        })
        .collect();
    for part in chunks {
        export.rows.extend(part.rows);
        export.hidden += part.hidden;
        export.problems.extend(part.problems);
    }
    Ok(export)
}

fn not_an_export(path: &Path, text: &str, e: NotAnExport) -> Error {
    match e {
        NotAnExport::NoTable => {
            let what = if text.trim().is_empty() {
                "empty file"
            } else {
                "no header naming First Name, Last Name or URL, and no row in the export's column order, in the first 20 lines"
            };
            Error::parse(
                path,
                1,
                format!("not a LinkedIn Connections.csv export: {what}"),
            )
        }
        NotAnExport::Nameless { line } => Error::parse(
            path,
            line,
            "the header has no name or profile URL column (an anonymised export?), so people cannot be told apart",
        ),
        NotAnExport::Duplicate { line, name } => Error::parse(
            path,
            line,
            format!("column '{name}' appears twice in the header"),
        ),
    }
}

fn dialect_report(
    path: &Path,
    decoding: &Decoding,
    table: &Table,
    order: &dates::OrderChoice,
) -> InputDialect {
    InputDialect {
        file: path.display().to_string(),
        encoding: decoding.describe(),
        fallback_rows: decoding.fallback_rows,
        delimiter: table.layout.delimiter.clone(),
        header: table.layout.header.clone(),
        preamble_lines: table.layout.preamble_lines,
        date_order: order.describe(),
    }
}

/// One CSV record with its 1-based line.
struct RawRow {
    line: u64,
    fields: csv::StringRecord,
}

/// The table's records, with blank rows counted and over-long rows skipped.
struct Records {
    rows: Vec<RawRow>,
    blank: u64,
    problems: RowProblems,
}

fn read_records(path: &Path, text: &str, table: &Table) -> Records {
    let body = &text.as_bytes()[table.offset..];
    let mut builder = csv::ReaderBuilder::new();
    builder
        .has_headers(false)
        .flexible(true)
        .delimiter(table.delimiter);
    let mut lines = LineCounter::default();
    let mut out = Records {
        rows: Vec::new(),
        blank: 0,
        problems: RowProblems::default(),
    };
    let mut record = csv::ByteRecord::new();
    let mut first = true;
    // Where the reader started: a quote left open restarts it on the line after.
    let mut start = 0usize;
    'restart: loop {
        let mut reader = builder.from_reader(&body[start..]);
        loop {
            let at = start + reader.position().byte() as usize;
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                // Only I/O errors reach here (the input is in memory): nothing more to read.
                Ok(false) | Err(_) => break 'restart,
            }
            let line = table.line + lines.line_at(body, at);
            if std::mem::take(&mut first) && table.has_header {
                continue;
            }
            if runs_over_lines(&record) {
                // Real exports never break a field across lines: a quote was left open on this
                // line and swallowed the lines after it. Cut this line, read on from the next.
                out.problems
                    .add(over_lines_reason(&record), || place(path, line));
                match next_line(body, at) {
                    Some(next) => {
                        start = next;
                        continue 'restart;
                    }
                    None => break 'restart,
                }
            }
            out.take(path, table, line, &mut record);
        }
    }
    out
}

impl Records {
    /// Keeps one record read from `line`: a blank one is only counted, a whole row wrapped in
    /// one quoted field is unwrapped (and reported).
    fn take(&mut self, path: &Path, table: &Table, line: u64, record: &mut csv::ByteRecord) {
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            self.blank += 1;
            return;
        }
        if record.len() == 1
            && let Some(unwrapped) = unwrap_row(&record[0], table)
        {
            self.problems.add(
                "whole row wrapped in one quoted field, as some re-saves write it (unwrapped and read)",
                || place(path, line),
            );
            *record = unwrapped;
        }
        // The text was decoded to UTF-8 and the delimiter is ASCII, so every field is UTF-8.
        if let Ok(fields) = csv::StringRecord::from_byte_record(std::mem::take(record)) {
            self.rows.push(RawRow { line, fields });
        }
    }
}

/// Why a record that [`runs_over_lines`] was skipped.
fn over_lines_reason(record: &csv::ByteRecord) -> &'static str {
    if record.iter().any(|f| f.contains(&b'\n')) {
        "quote not closed: the line was skipped and reading resumed on the next"
    } else {
        "row longer than 64 KiB (line skipped)"
    }
}

/// Whether a record runs over several lines (a field holds a line break) or past
/// [`MAX_ROW`] bytes: the sign of a quote left open.
fn runs_over_lines(record: &csv::ByteRecord) -> bool {
    record.as_slice().len() > MAX_ROW || record.iter().any(|f| f.contains(&b'\n'))
}

/// The byte where the line after the record starting at `at` begins.
fn next_line(body: &[u8], at: usize) -> Option<usize> {
    let mut at = at;
    while at < body.len() && matches!(body[at], b'\r' | b'\n') {
        at += 1;
    }
    memchr::memchr(b'\n', &body[at..]).map(|p| at + p + 1)
}

/// A row that a re-save wrapped whole in one quoted field
/// (`"Ada,Example,,Acme, ""Tech, Student"",07 May 2021"`): its content read as a row of the
/// table's dialect, when that gives the header's width (spaces between a separator and an
/// opening quote dropped, as the re-save added them).
fn unwrap_row(field: &[u8], table: &Table) -> Option<csv::ByteRecord> {
    let width = table.columns.width;
    if width < 2 || !field.contains(&table.delimiter) {
        return None;
    }
    let mut tidy = Vec::with_capacity(field.len());
    let mut i = 0;
    while i < field.len() {
        tidy.push(field[i]);
        if field[i] == table.delimiter {
            let spaces = field[i + 1..].iter().take_while(|&&b| b == b' ').count();
            if field.get(i + 1 + spaces) == Some(&b'"') {
                i += spaces;
            }
        }
        i += 1;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(table.delimiter)
        .from_reader(tidy.as_slice());
    let mut inner = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut inner).ok()? || runs_over_lines(&inner) {
        return None;
    }
    let extra_empty = inner
        .iter()
        .skip(width)
        .all(|f| f.iter().all(u8::is_ascii_whitespace));
    (inner.len() >= width && extra_empty).then_some(inner)
}

fn place(path: &Path, line: u64) -> String {
    format!("{}:{line}", path.display())
}

/// One data row into a person, a hidden row, or a counted problem.
fn read_row(path: &Path, raw: &RawRow, table: &Table, order: DayMonth, export: &mut Export) {
    let at = || place(path, raw.line);
    let columns = &table.columns;
    if !fits_header(raw, columns.width, export, at) {
        return;
    }
    let field = |c: Column| {
        columns
            .get(c)
            .and_then(|i| raw.fields.get(i))
            .map_or("", str::trim)
    };
    let date_text = field(Column::ConnectedOn);
    let identity_empty = [Column::First, Column::Last, Column::Url]
        .iter()
        .all(|&c| field(c).is_empty());
    if identity_empty {
        let others_empty = [Column::Email, Column::Company, Column::Position]
            .iter()
            .all(|&c| field(c).is_empty());
        if others_empty && !date_text.is_empty() {
            export.hidden += 1; // only a date: a closed or hidden account
        } else {
            export
                .problems
                .add("no name and no profile URL (row skipped)", at);
        }
        return;
    }
    let connected_on = if columns.get(Column::ConnectedOn).is_none() {
        None
    } else {
        dates::parse(date_text, order)
            .map_err(|problem| export.problems.add(problem.reason(), at))
            .ok()
    };
    let url = field(Column::Url).to_string();
    let key = profile_key(&url, export, at);
    let mut cut = |c: Column| cut_field(field(c), export, at);
    let name = [cut(Column::First), cut(Column::Last)]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let (company, position) = (cut(Column::Company), cut(Column::Position));
    export.rows.push(ExportRow {
        line: raw.line,
        name,
        company,
        position,
        url,
        key,
        connected_on,
    });
}

/// Whether the row can be read against a header of `width` fields: extra non-empty fields
/// skip it (an unquoted separator shifted the columns); missing ones are read as empty.
fn fits_header(raw: &RawRow, width: usize, export: &mut Export, at: impl Fn() -> String) -> bool {
    if raw.fields.iter().skip(width).any(|f| !f.trim().is_empty()) {
        export.problems.add(
            "more fields than the header, probably an unquoted separator (row skipped)",
            at,
        );
        return false;
    }
    if raw.fields.len() < width {
        export.problems.add(
            "fewer fields than the header (missing ones read as empty)",
            at,
        );
    }
    true
}

/// The identity key of a profile URL; an unusable URL is counted and the row falls back to
/// name + company.
fn profile_key(url: &str, export: &mut Export, at: impl Fn() -> String) -> Option<String> {
    if url.is_empty() {
        return None;
    }
    let key = normalise_url(url);
    if key.is_none() {
        export.problems.add(
            "profile URL that is not a URL (row kept, matched by name + company)",
            at,
        );
    }
    key
}

/// A field cut to [`MAX_FIELD`] characters (counted when cut).
fn cut_field(text: &str, export: &mut Export, at: impl Fn() -> String) -> String {
    if text.chars().count() > MAX_FIELD {
        export
            .problems
            .add("field over 1,024 characters (cut, row kept)", at);
        text.chars().take(MAX_FIELD).collect()
    } else {
        text.to_string()
    }
}

/// Turns byte offsets into 0-based line numbers incrementally. (The csv crate's own line
/// numbers lag by one after CRLF terminators.)
#[derive(Default)]
struct LineCounter {
    byte: usize,
    line: u64,
}

impl LineCounter {
    /// The line of the record starting at `byte` (skipping line terminators it may point at).
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
