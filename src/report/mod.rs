//! The report as a document: sections of headings, paragraphs, tables and figures, each figure
//! with the files of data behind it, built from analysis results computed once, and rendered
//! by pure functions to HTML ([`html`]) and Markdown ([`markdown`]). Nothing here writes a
//! file: the CLI writes [`Document::files`] and the two renderings through `io::output`.
//!
//! Two reports exist: the network report ([`network_report`]) of a merged network or a plain
//! graph, and the audit report ([`audit_report`]) of one person's own export, where no 2nd- or
//! 3rd-degree contact can be seen.

mod audit;
pub mod charts;
mod circles;
pub mod html;
pub mod intro;
pub mod markdown;
mod network;
pub mod picture;
pub mod tables;

pub use audit::audit_report;
pub use intro::{IntroQuestion, one_export_intro_section};
pub use network::{memory_bytes, network_report, network_report_with};

use crate::graph::Network;
use crate::plot::{self, Chart, ImageFormat};

/// Width and height of every chart in the report, in pixels.
pub const CHART_SIZE: (u32, u32) = (1200, 720);

/// A report: a title, blocks in reading order, and the files it links to.
#[derive(Clone, Debug, Default)]
pub struct Document {
    /// The title (the first heading).
    pub title: String,
    /// Headings, paragraphs, tables and figures in order.
    pub blocks: Vec<Block>,
    /// Files beside the pages: charts (PNG, SVG) and the data behind them (CSV, JSON).
    pub files: Vec<Attachment>,
}

/// One block of a document. Text is plain; renderers escape it.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A section heading.
    Heading(String),
    /// A paragraph.
    Paragraph(String),
    /// A table of text cells (numbers already formatted with thousands separators).
    Table(Table),
    /// A chart drawn to a file of [`Document::files`].
    Figure(Figure),
}

/// A table: a header and rows of the same width.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Column names.
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// Whether every non-empty cell of column `i` is a number as the report writes them
    /// (`1,234`, `12.5%`, `-3`), so that it is right-aligned.
    pub fn is_numeric(&self, i: usize) -> bool {
        let mut any = false;
        for row in &self.rows {
            let cell = row.get(i).map_or("", |c| c.trim());
            if cell.is_empty() || cell == "-" {
                continue;
            }
            let plain: String = cell
                .trim_end_matches('%')
                .chars()
                .filter(|&c| c != ',')
                .collect();
            if plain.parse::<f64>().is_err() {
                return false;
            }
            any = true;
        }
        any
    }
}

/// A figure: an image file, its text alternative and the files of data it was drawn from.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// The image file (a name in [`Document::files`]).
    pub file: String,
    /// What the chart shows, in words (alt text and caption).
    pub alt: String,
    /// Pixel size.
    pub size: (u32, u32),
    /// Files with the data behind the chart (and other renderings of it).
    pub data: Vec<String>,
    /// SVG text that the HTML page shows inline instead of the image (the network picture, so
    /// that each person's name shows on hover); Markdown keeps the image.
    pub inline_svg: Option<String>,
}

/// A file of the report folder.
#[derive(Clone, Debug, PartialEq)]
pub struct Attachment {
    /// File name inside the folder.
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// What the reader is told about where the report came from.
#[derive(Clone, Debug)]
pub struct Options {
    /// The input as the user named it.
    pub source: String,
    /// Whether names and profile URLs were replaced by pseudonyms.
    pub pseudonymised: bool,
    /// Seeds of the random growth order.
    pub seeds: usize,
}

impl Document {
    /// An empty document titled `title`.
    pub fn new(title: impl Into<String>) -> Document {
        Document {
            title: title.into(),
            ..Document::default()
        }
    }

    /// Adds a section heading.
    pub fn heading(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Heading(text.into()));
    }

    /// Adds a paragraph.
    pub fn para(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Paragraph(text.into()));
    }

    /// Adds a table.
    pub fn table(&mut self, header: &[&str], rows: &[Vec<String>]) {
        self.blocks.push(Block::Table(Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: rows.to_vec(),
        }));
    }

    /// Attaches a file.
    pub fn attach(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.push(Attachment {
            name: name.to_string(),
            bytes,
        });
    }

    /// Attaches CSV rows (the first is the header), formula-neutralised.
    pub fn csv(&mut self, name: &str, rows: &[Vec<String>]) -> anyhow::Result<()> {
        let mut buf = Vec::new();
        crate::render::write_csv(&mut buf, rows)?;
        self.attach(name, buf);
        Ok(())
    }

    /// Attaches a JSON document of `command`'s result.
    pub fn json(
        &mut self,
        name: &str,
        command: &str,
        value: &impl serde::Serialize,
    ) -> anyhow::Result<()> {
        let mut buf = Vec::new();
        crate::render::write_json(&mut buf, &crate::render::json_document(command, value)?)?;
        self.attach(name, buf);
        Ok(())
    }

    /// Draws `chart` as the PNG `name` and adds it as a figure linked to `data`.
    pub fn chart(
        &mut self,
        name: &str,
        chart: &impl Chart,
        alt: &str,
        data: &[&str],
    ) -> anyhow::Result<()> {
        let (w, h) = CHART_SIZE;
        let png = plot::render(chart, ImageFormat::Png, w, h)
            .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        self.attach(name, png);
        self.blocks.push(Block::Figure(Figure {
            file: name.to_string(),
            alt: alt.to_string(),
            size: (w, h),
            data: data.iter().map(|d| d.to_string()).collect(),
            inline_svg: None,
        }));
        Ok(())
    }

    /// Shows `svg` inline in the HTML page in place of the last figure's image.
    pub fn inline_last_figure(&mut self, svg: String) {
        if let Some(Block::Figure(f)) = self.blocks.last_mut() {
            f.inline_svg = Some(svg);
        }
    }
}

/// The people a report is about when none is named: the export owner with most connections;
/// on a plain graph the highest-degree person, with the median-degree person as a second
/// example. Ties go to the lower id.
pub fn default_egos(network: &Network) -> crate::Result<Vec<u32>> {
    let by_degree =
        |ids: &mut Vec<u32>| ids.sort_by_key(|&u| (std::cmp::Reverse(network.csr.degree(u)), u));
    if !network.report.owners.is_empty() {
        let mut owners = network.report.owners.clone();
        by_degree(&mut owners);
        return Ok(vec![owners[0]]);
    }
    let mut ids: Vec<u32> = (0..network.node_count() as u32)
        .filter(|&u| network.csr.degree(u) > 0)
        .collect();
    if ids.is_empty() {
        return Err(crate::Error::Query(
            "the network has no connections: nothing to report".into(),
        ));
    }
    by_degree(&mut ids);
    let median = ids[ids.len() / 2];
    Ok(if median == ids[0] {
        vec![ids[0]]
    } else {
        vec![ids[0], median]
    })
}

/// "1 hop", "2 hops".
pub fn hops(k: usize) -> String {
    if k == 1 {
        "1 hop".into()
    } else {
        format!("{k} hops")
    }
}

/// The opening sentence's "from INPUT" with the pseudonym note.
fn provenance(options: &Options) -> String {
    format!(
        "{}{}",
        options.source,
        if options.pseudonymised {
            " with names and profile URLs replaced by stable pseudonyms"
        } else {
            ""
        }
    )
}
