//! The document as Markdown (`report.md`): headings, paragraphs, pipe tables, images with
//! links to their data. Every piece of text is escaped (`render::md`), so names from input
//! files stay text.

use std::fmt::Write as _;

use super::{Block, Document, Figure, Table};
use crate::render::md;

/// Renders `doc` as Markdown.
pub fn render(doc: &Document) -> String {
    let mut out = format!("# {}\n\n", md(&doc.title));
    for block in &doc.blocks {
        match block {
            Block::Heading(text) => {
                let _ = write!(out, "## {}\n\n", md(text));
            }
            Block::Paragraph(text) => {
                let _ = write!(out, "{}\n\n", md(text));
            }
            Block::Table(table) => table_md(&mut out, table),
            Block::Figure(figure) => figure_md(&mut out, figure),
        }
    }
    out
}

fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| md(c)).collect();
    format!("| {} |\n", cells.join(" | "))
}

fn table_md(out: &mut String, table: &Table) {
    out.push_str(&row(&table.header));
    let rule: Vec<&str> = (0..table.header.len())
        .map(|i| if table.is_numeric(i) { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
    for cells in &table.rows {
        out.push_str(&row(cells));
    }
    out.push('\n');
}

fn figure_md(out: &mut String, figure: &Figure) {
    let links: Vec<String> = figure
        .data
        .iter()
        .map(|d| format!("[{}]({d})", md(d)))
        .collect();
    let _ = write!(
        out,
        "![{}]({})\n\nData: {}\n\n",
        md(&figure.alt),
        figure.file,
        links.join(", ")
    );
}
