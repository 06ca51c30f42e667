//! How results look to people and to programs: human tables (comfy-table), CSV cells
//! neutralised for spreadsheets, JSON documents with a `schema_version`, escaping for HTML,
//! Markdown and terminals, and the one number style (thousands separators in human text, none
//! in CSV or JSON). Shared by the CLI and the report.

use std::io::Write;

use comfy_table::{Table, presets};
use serde::Serialize;
use serde_json::Value;

/// Version of the JSON documents netreach writes; bumped on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

/// Replaces control characters (ANSI escapes, newlines, NUL) so that names from input files
/// cannot move the cursor or forge lines on a terminal.
pub fn terminal_safe(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Escapes text for HTML (content and attribute values).
pub fn html(text: &str) -> String {
    crate::io::graphml::xml_escape(text)
}

/// Escapes text for Markdown: punctuation that Markdown or a table would act on gets a
/// backslash, angle brackets become entities (no raw HTML), line breaks become spaces.
pub fn md(text: &str) -> String {
    // Paired backticks are code spans written by netreach itself (`netreach report FOLDER`):
    // they stay code, their content escaped only for tables; a lone backtick is escaped.
    let pieces: Vec<&str> = text.split('`').collect();
    if pieces.len() >= 3 && pieces.len() % 2 == 1 {
        return pieces
            .iter()
            .enumerate()
            .map(|(i, piece)| {
                if i % 2 == 1 && !piece.is_empty() && !piece.contains(['<', '>', '&']) {
                    format!("`{}`", piece.replace('|', "\\|").replace(['\n', '\r'], " "))
                } else if i % 2 == 1 {
                    format!("\\`{}\\`", md_plain(piece))
                } else {
                    md_plain(piece)
                }
            })
            .collect();
    }
    md_plain(text)
}

fn md_plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push_str(&c.escape_default().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// Neutralises a CSV cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
/// carriage return at the start) by prefixing `'`. Plain numbers such as `-3` are left alone.
pub fn csv_safe(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// A JSON document: `schema_version`, `command`, then the fields of `body` at the top level.
pub fn json_document(command: &str, body: &impl Serialize) -> serde_json::Result<Value> {
    let mut doc = serde_json::Map::new();
    doc.insert("schema_version".into(), SCHEMA_VERSION.into());
    doc.insert("command".into(), command.into());
    match serde_json::to_value(body)? {
        Value::Object(fields) => doc.extend(fields),
        other => {
            doc.insert("result".into(), other);
        }
    }
    Ok(Value::Object(doc))
}

/// Writes a JSON document (pretty, newline-terminated).
pub fn write_json(out: &mut dyn Write, doc: &Value) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, doc)?;
    out.write_all(b"\n")
}

/// Writes CSV rows (the first row is the header); every cell is neutralised.
pub fn write_csv(out: &mut dyn Write, rows: &[Vec<String>]) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    for row in rows {
        w.write_record(row.iter().map(|c| csv_safe(c)))?;
    }
    w.flush()
}

/// A table with a header row; cells are made terminal-safe. On a terminal the table fits its
/// width, wrapping long cells (comfy-table's dynamic arrangement); in a file or pipe it keeps
/// its natural width unless `COLUMNS` gives one.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> Table {
    let markdown = MARKDOWN_TABLES.load(std::sync::atomic::Ordering::Relaxed);
    let cell = |c: &str| {
        let safe = terminal_safe(c);
        if markdown {
            safe.replace('|', "\\|")
        } else {
            safe
        }
    };
    let mut t = Table::new();
    if markdown {
        t.load_preset(presets::ASCII_MARKDOWN);
    } else {
        t.load_preset(presets::UTF8_FULL_CONDENSED);
        t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
        // Off a terminal (a pipe, a pager, a test), `COLUMNS` says how wide to wrap.
        if let Some(width) = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<u16>().ok())
        {
            t.set_width(width);
        }
    }
    t.set_header(header.iter().map(|h| cell(h)));
    for row in rows {
        t.add_row(row.iter().map(|c| cell(c)));
    }
    t
}

/// Whether [`table`] writes Markdown tables (the command's output is a `.md` file).
static MARKDOWN_TABLES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Makes every later [`table`] a Markdown table: the output of this process is a Markdown file.
pub fn set_markdown_tables() {
    MARKDOWN_TABLES.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// A count with its noun in the right number and thousands separators: `1 row`, `1,234 rows`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `1234567` → `1,234,567`.
pub fn thousands(x: u64) -> String {
    let s = x.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod md_tests {
    use super::md;

    #[test]
    fn code_spans_stay_code_and_everything_else_is_escaped() {
        assert_eq!(
            md("run `netreach report FOLDER` now"),
            "run `netreach report FOLDER` now"
        );
        assert_eq!(md("a lone ` tick"), "a lone \\` tick");
        assert_eq!(md("`<b>` *x*"), "\\`&lt;b&gt;\\` \\*x\\*");
        assert_eq!(md("`a|b`"), "`a\\|b`");
    }
}
