//! Everything that knows a file format: one module per format, the format choice, and atomic
//! output. Loaders return a [`Network`]; writers take one. Nothing else in the crate opens files.

pub mod cache;
pub mod edgelist;
pub mod exports;
pub mod gml;
pub mod graphml;
mod input;
pub mod linkedin;
pub mod nodelink;
mod output;
pub mod synthetic_archive;

pub use input::{Input, STDIN_ARG, STDIN_NAME, is_stdin, is_stream};

pub use output::{write_atomic, write_dir_atomic, write_output};

use std::fmt;
use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Result};
use crate::graph::Network;
use input::GZIP_MAGIC;

/// The input formats netreach reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// Edge list (SNAP, KONECT, CSV pairs), optionally gzipped.
    EdgeList,
    /// One LinkedIn `Connections.csv`, or a directory of exports.
    Linkedin,
    /// NetworkX node-link JSON.
    NodeLink,
    /// GML.
    Gml,
    /// GraphML.
    GraphMl,
    /// The binary cache written by `convert -o FILE.nrg`.
    Cache,
}

impl InputFormat {
    /// Every format with its command-line name.
    pub const ALL: [(InputFormat, &'static str); 6] = [
        (InputFormat::EdgeList, "edgelist"),
        (InputFormat::Linkedin, "linkedin"),
        (InputFormat::NodeLink, "json"),
        (InputFormat::Gml, "gml"),
        (InputFormat::GraphMl, "graphml"),
        (InputFormat::Cache, "nrg"),
    ];

    /// The format in words, for messages.
    pub fn description(self) -> &'static str {
        match self {
            InputFormat::EdgeList => "edge list",
            InputFormat::Linkedin => "LinkedIn export",
            InputFormat::NodeLink => "node-link JSON file",
            InputFormat::Gml => "GML file",
            InputFormat::GraphMl => "GraphML file",
            InputFormat::Cache => "cache file",
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = InputFormat::ALL
            .iter()
            .find(|(k, _)| k == self)
            .map_or("?", |(_, n)| n);
        f.write_str(name)
    }
}

impl FromStr for InputFormat {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        InputFormat::ALL
            .iter()
            .find(|(_, n)| *n == s)
            .map(|(k, _)| *k)
            .ok_or_else(|| {
                format!(
                    "unknown input format '{s}' (expected edgelist, linkedin, json, gml, graphml or nrg)"
                )
            })
    }
}

/// How to read an input.
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Force a format instead of choosing by extension and content.
    pub format: Option<InputFormat>,
    /// Owner of a single LinkedIn export (`--owner NAME|URL`).
    pub owner: Option<String>,
}

/// Loads a network from a file, a directory of LinkedIn exports, or standard input (`-`).
pub fn load(path: &Path, options: &LoadOptions) -> Result<Network> {
    load_with_progress(path, options, &crate::progress::Silent)
}

/// [`load`], reporting bytes read (edge lists) to `progress`.
///
/// A file is opened once: its format is chosen from the extension and its first bytes, and the
/// loader reads the stream that starts with those bytes, so a pipe is read whole.
pub fn load_with_progress(
    path: &Path,
    options: &LoadOptions,
    progress: &dyn crate::progress::Progress,
) -> Result<Network> {
    if !is_stdin(path)
        && std::fs::metadata(path)
            .map_err(|e| Error::io(path, e))?
            .is_dir()
    {
        return match options.format {
            None | Some(InputFormat::Linkedin) => exports::read_dir(path, options.owner.as_deref()),
            Some(other) => Err(Error::input(
                path,
                format!(
                    "is a directory; only linkedin exports can be read from a directory, not {other}"
                ),
            )),
        };
    }
    let input = Input::open(path)?;
    let shown = input.shown.clone();
    let shown = shown.as_path();
    if input.zip && matches!(options.format, None | Some(InputFormat::Linkedin)) {
        let archive = match input.file_len {
            // A file on disk is checked against the memory limit by its size first.
            Some(_) => linkedin::archive::Archive::open_zip(path)?,
            None => linkedin::archive::Archive::open_zip_bytes(shown, &input.read_all()?)?,
        };
        return exports::read_archive(&archive, options.owner.as_deref());
    }
    let format = match (options.format, &options.owner) {
        (Some(f), _) => f,
        // An owner is only meaningful for an export: never fall back to another format.
        (None, Some(_)) => InputFormat::Linkedin,
        (None, None) => detect(shown, &input.head)?,
    };
    if !input.gz {
        ensure_memory_for(shown, format, input.file_len.unwrap_or(0))?;
    }
    read_format(path, input, (format, options.owner.as_deref()), progress)
}

/// Reads the opened `input` (named `path` on the command line) as `format`, with the owner of
/// an export when one was named.
fn read_format(
    path: &Path,
    input: Input,
    (format, owner): (InputFormat, Option<&str>),
    progress: &dyn crate::progress::Progress,
) -> Result<Network> {
    let shown = input.shown.clone();
    let shown = shown.as_path();
    match format {
        InputFormat::EdgeList => {
            reject_export_header(shown, &input.head)?;
            let total = match (input.gz, input.file_len) {
                (false, Some(len)) => len,
                _ => 0,
            };
            progress.begin(
                if input.gz {
                    "reading (decompressed bytes)"
                } else {
                    "reading"
                },
                total,
            );
            let notes = edgelist_notes(&input.head);
            let network = edgelist::read(shown, input.into_reader(), progress);
            progress.end();
            network.map(|mut n| {
                n.report.notes = notes;
                n
            })
        }
        InputFormat::Linkedin => exports::read_file(shown, &input.read_all()?, owner),
        InputFormat::NodeLink => nodelink::read(shown, &input.read_all()?),
        InputFormat::Gml => gml::read(shown, &input.read_all()?),
        InputFormat::GraphMl => graphml::read(shown, &input.read_all()?),
        // A regular file is read by positioned reads in parallel; a stream whole.
        InputFormat::Cache if input.file_len.is_some() && !input.gz => cache::read(path),
        InputFormat::Cache => cache::read_bytes(shown, &input.read_all()?),
    }
}

/// The LinkedIn archive that a stream holds (`-`, a pipe): a ZIP, else one `Connections.csv`.
/// A stream can be read once, so a command that needs the archive's tables as well as the
/// network reads the archive with this and builds the network from it
/// ([`exports::read_archive`]).
pub fn read_stream_archive(path: &Path) -> Result<linkedin::archive::Archive> {
    let input = Input::open(path)?;
    let shown = input.shown.clone();
    let zip = input.zip;
    let bytes = input.read_all()?;
    if zip {
        linkedin::archive::Archive::open_zip_bytes(&shown, &bytes)
    } else {
        Ok(linkedin::archive::Archive::from_connections(&shown, bytes))
    }
}

/// Peak memory while loading, in tenths of the file's size, measured on the 1M-edge BA graph
/// (`reports/bench/` load records): edge lists 1.54×, caches 1.12×, node-link JSON 3.6×, GML
/// 14× (its parser keeps the whole tree). LinkedIn exports are small; 4× is generous. GraphML
/// (6×) is read as events into node and edge lists, a little more than node-link JSON.
fn load_factor_tenths(format: InputFormat) -> u64 {
    match format {
        InputFormat::EdgeList => 16,
        InputFormat::Cache => 12,
        InputFormat::NodeLink | InputFormat::Linkedin => 40,
        InputFormat::Gml => 150,
        InputFormat::GraphMl => 60,
    }
}

/// Refuses, before reading anything, an uncompressed input too large for the memory limit.
/// Compressed edge lists and streams are checked while they are read instead (their size is
/// unknown).
fn ensure_memory_for(path: &Path, format: InputFormat, file_bytes: u64) -> Result<()> {
    let need = file_bytes.saturating_mul(load_factor_tenths(format)) / 10;
    crate::memory::ensure(
        need,
        format_args!(
            "reading this {} of {}",
            format.description(),
            crate::memory::Bytes(file_bytes)
        ),
    )
    .map_err(|e| Error::input(path, e.to_string()))
}

/// Chooses a format from the extension, then from the first bytes of the content.
pub fn detect(path: &Path, head: &[u8]) -> Result<InputFormat> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    // LinkedIn's own file name: read as an export or fail with the reason, never as a graph.
    if name == exports::CONNECTIONS_FILE.to_lowercase() {
        return Ok(InputFormat::Linkedin);
    }
    if name.ends_with(".gml") {
        return Ok(InputFormat::Gml);
    }
    if name.ends_with(".json") {
        return Ok(InputFormat::NodeLink);
    }
    if name.ends_with(".nrg") {
        return Ok(InputFormat::Cache);
    }
    if name.ends_with(".graphml") {
        return Ok(InputFormat::GraphMl);
    }
    let text =
        String::from_utf8_lossy(head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head)).into_owned();
    let first = text.trim_start();
    Ok(if cache::sniff(head) {
        InputFormat::Cache
    } else if linkedin::sniff(head) || first.starts_with("Notes:") {
        InputFormat::Linkedin
    } else if first.starts_with('{') {
        InputFormat::NodeLink
    } else if first.starts_with("<?xml") || first.starts_with("<graphml") {
        InputFormat::GraphMl
    } else if first.starts_with("graph") || first.starts_with("Creator") {
        InputFormat::Gml
    } else {
        InputFormat::EdgeList
    })
}

/// An edge list whose first line names export columns (`First Name`, `Last Name`, `Connected
/// On`) is an export given the wrong format: say so instead of reading names as node ids.
fn reject_export_header(path: &Path, head: &[u8]) -> Result<()> {
    let text = String::from_utf8_lossy(head).to_lowercase();
    let Some((i, line)) = text
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty() && !l.starts_with(['#', '%']))
    else {
        return Ok(());
    };
    let squeezed: String = line.chars().filter(|c| c.is_alphanumeric()).collect();
    let names_person = squeezed.contains("firstname") || squeezed.contains("lastname");
    if names_person && (squeezed.contains("lastname") || squeezed.contains("connectedon")) {
        return Err(Error::parse(
            path,
            i as u64 + 1,
            "this header names LinkedIn export columns (First Name, Last Name…), not two node ids: read it with --input-format linkedin",
        ));
    }
    Ok(())
}

/// What an edge list's first lines say that the reader should know: a comment that calls the
/// graph directed (SNAP's "Directed graph", KONECT's `% asym`) and a third column of numbers
/// or a KONECT `weighted` header (weights, which are ignored).
fn edgelist_notes(head: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(head).to_lowercase();
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let comments: Vec<&str> = lines
        .clone()
        .take_while(|l| l.starts_with(['#', '%']))
        .collect();
    let says = |word: &str| {
        comments
            .iter()
            .any(|c| c.split(|ch: char| !ch.is_alphanumeric()).any(|w| w == word))
    };
    let mut notes = Vec::new();
    if says("directed") || says("asym") {
        notes.push(gml::DIRECTED_NOTE.to_string());
    }
    let third_number = lines
        .find(|l| !l.starts_with(['#', '%']))
        .and_then(|l| {
            l.split([' ', '\t', ',', ';'])
                .filter(|f| !f.is_empty())
                .nth(2)
                .map(str::to_string)
        })
        .is_some_and(|f| f.parse::<f64>().is_ok());
    if says("weighted") || third_number {
        notes.push(gml::WEIGHTS_NOTE.to_string());
    }
    notes
}

/// Opens a file (or `-`, standard input) for streaming, decompressing gzip (detected by its
/// magic bytes). The file is opened once.
pub fn open(path: &Path) -> Result<Box<dyn Read + Send>> {
    Ok(Input::open(path)?.into_reader())
}

/// Bytes in memory as a stream, decompressed when they start with the gzip magic (tests and
/// fuzzing use this to reach the same code as a file).
pub fn reader_for_bytes(bytes: Vec<u8>) -> Box<dyn Read + Send> {
    let gz = bytes.starts_with(&GZIP_MAGIC);
    let reader = std::io::Cursor::new(bytes);
    if gz {
        Box::new(flate2::bufread::MultiGzDecoder::new(reader))
    } else {
        Box::new(reader)
    }
}

/// Output formats for `convert`, chosen from the output file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    /// NetworkX node-link JSON.
    NodeLink,
    /// GraphML.
    GraphMl,
    /// Edge list with original labels, one edge per line.
    EdgeList,
    /// The binary cache.
    Cache,
}

impl GraphFormat {
    /// The format for an output path, by extension.
    pub fn for_path(path: &Path) -> Option<GraphFormat> {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        match ext.as_str() {
            "json" => Some(GraphFormat::NodeLink),
            "graphml" => Some(GraphFormat::GraphMl),
            "txt" | "tsv" | "edges" => Some(GraphFormat::EdgeList),
            "nrg" => Some(GraphFormat::Cache),
            _ => None,
        }
    }
}

/// Writes the network in `format`.
pub fn write_graph(
    network: &Network,
    format: GraphFormat,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    write_graph_with(network, format, out, None)
}

/// [`write_graph`] with each person's community as a node attribute (node-link and GraphML;
/// the other formats have no node attributes).
pub fn write_graph_with(
    network: &Network,
    format: GraphFormat,
    out: &mut dyn std::io::Write,
    community: Option<&[u32]>,
) -> std::io::Result<()> {
    match format {
        GraphFormat::NodeLink => nodelink::write(network, out, community),
        GraphFormat::GraphMl => graphml::write(network, out, community),
        GraphFormat::Cache => cache::write(network, out),
        GraphFormat::EdgeList => {
            for (u, v) in network.csr.edges() {
                writeln!(out, "{}\t{}", network.labels.get(u), network.labels.get(v))?;
            }
            Ok(())
        }
    }
}
