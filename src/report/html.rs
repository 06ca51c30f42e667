//! The document as one self-contained HTML page (`index.html`, opens from disk): inline
//! style, images beside it. Every piece of text is escaped (`render::html`).

use std::fmt::Write as _;

use super::{Block, Document, Figure, Table};
use crate::render::html;

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1240px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}h2{margin-top:2em;border-bottom:1px solid #ddd;padding-bottom:.2em}table{border-collapse:collapse;margin:1em 0;display:block;max-width:100%;overflow-x:auto}h1,h2,p,li,figcaption{overflow-wrap:anywhere}figure svg{display:block;max-width:100%}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}figure{margin:1.5em 0}img{max-width:100%;height:auto;border:1px solid #ddd}figcaption{color:#555;font-size:.9em}";

/// Renders `doc` as an HTML page.
pub fn render(doc: &Document) -> String {
    let mut body = String::new();
    for block in &doc.blocks {
        match block {
            Block::Heading(text) => {
                let _ = writeln!(body, "<h2>{}</h2>", html(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(body, "<p>{}</p>", html(text));
            }
            Block::Table(table) => table_html(&mut body, table),
            Block::Figure(figure) => figure_html(&mut body, figure),
        }
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{0}</title><style>{STYLE}</style></head><body><h1>{0}</h1>\n{body}</body></html>\n",
        html(&doc.title)
    )
}

fn table_html(out: &mut String, table: &Table) {
    let class: Vec<&str> = (0..table.header.len())
        .map(|i| {
            if table.is_numeric(i) {
                " class=\"n\""
            } else {
                ""
            }
        })
        .collect();
    out.push_str("<table><thead><tr>");
    for (h, c) in table.header.iter().zip(&class) {
        let _ = write!(out, "<th{c}>{}</th>", html(h));
    }
    out.push_str("</tr></thead><tbody>");
    for row in &table.rows {
        out.push_str("<tr>");
        for (cell, c) in row.iter().zip(class.iter().chain(std::iter::repeat(&""))) {
            let _ = write!(out, "<td{c}>{}</td>", html(cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>\n");
}

fn figure_html(out: &mut String, figure: &Figure) {
    let links: Vec<String> = figure
        .data
        .iter()
        .map(|d| format!("<a href=\"{0}\">{0}</a>", html(d)))
        .collect();
    if let Some(svg) = &figure.inline_svg {
        // Built by netreach with every name escaped (`plot::NetworkChart::hover_svg`).
        let _ = writeln!(
            out,
            "<figure>{svg}<figcaption>{}. Data: {}</figcaption></figure>",
            html(&capitalised(&figure.alt)),
            links.join(", ")
        );
        return;
    }
    let _ = writeln!(
        out,
        "<figure><img src=\"{}\" alt=\"{}\" width=\"{}\" height=\"{}\"><figcaption>{}. Data: {}</figcaption></figure>",
        html(&figure.file),
        html(&figure.alt),
        figure.size.0,
        figure.size.1,
        html(&capitalised(&figure.alt)),
        links.join(", ")
    );
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}
