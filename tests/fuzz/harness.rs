//! One entry point per input format, shared by the cargo-fuzz targets (`fuzz_targets/`) and by
//! the stable test that replays every committed corpus file (`tests/it/fuzz_corpus.rs`).
//!
//! Each entry feeds arbitrary bytes to a parser and then checks what came back: an error must be
//! one line that names the input; a network must satisfy every structural invariant, survive a
//! cache round trip unchanged and be writable in every output format. A panic anywhere is a
//! finding.

use std::path::Path;

use netreach::Error;
use netreach::graph::Network;
use netreach::io::{self, GraphFormat, cache, edgelist, exports, gml, linkedin, nodelink};
use netreach::progress::Silent;

/// The file name every message must carry.
const NAME: &str = "fuzz-input";

/// Edge lists, plain or gzipped (gzip is chosen by the magic bytes, as for files).
pub fn edgelist(data: &[u8]) {
    let path = Path::new(NAME);
    check(edgelist::read(
        path,
        io::reader_for_bytes(data.to_vec()),
        &Silent,
    ));
}

/// One LinkedIn `Connections.csv`; the first byte chooses whether `--owner` is given.
pub fn linkedin(data: &[u8]) {
    let path = Path::new(NAME);
    let (owner, csv) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => (Some("https://www.linkedin.com/in/fuzz-owner"), rest),
        _ => (None, data),
    };
    check(exports::read_file(path, csv, owner));
}

/// A LinkedIn data archive (ZIP): its known files unpacked, `Profile.csv` naming the owner,
/// `Connections.csv` decoded and read; the first byte chooses whether `--owner` is given.
pub fn archive(data: &[u8]) {
    let path = Path::new(NAME);
    let (owner, zip) = match data.split_first() {
        Some((b, rest)) if b % 2 == 1 => (Some("https://www.linkedin.com/in/fuzz-owner"), rest),
        _ => (None, data),
    };
    match linkedin::archive::Archive::open_zip_bytes(path, zip) {
        Ok(archive) => check(exports::read_archive(&archive, owner)),
        Err(e) => check_error(&e),
    }
}

/// A directory of exports, flattened: sections separated by `\n@@\n` alternate between an
/// `owner.txt` and its `Connections.csv`.
pub fn exports(data: &[u8]) {
    let path = Path::new(NAME);
    let sections: Vec<&[u8]> = split(data, b"\n@@\n");
    let mut owned = Vec::new();
    for pair in sections.chunks(2) {
        let owner = match exports::Owner::parse(path, pair[0]) {
            Ok(owner) => owner,
            Err(e) => return check_error(&e),
        };
        let export = match linkedin::parse(path, pair.get(1).copied().unwrap_or_default()) {
            Ok(export) => export,
            Err(e) => return check_error(&e),
        };
        owned.push(exports::OwnedExport {
            path: path.to_path_buf(),
            owner,
            export,
        });
    }
    check(Ok(exports::merge(owned, Default::default())));
}

/// NetworkX node-link JSON.
pub fn nodelink(data: &[u8]) {
    check(nodelink::read(Path::new(NAME), data));
}

/// GML.
pub fn gml(data: &[u8]) {
    check(gml::read(Path::new(NAME), data));
}

/// The binary cache. An odd first byte fixes the trailing checksum first, so the fuzzer gets
/// past it to the structural checks instead of stopping at "checksum mismatch" every time.
pub fn cache(data: &[u8]) {
    let mut bytes = data.get(1..).unwrap_or_default().to_vec();
    if data.first().is_some_and(|b| b % 2 == 1) && bytes.len() >= 12 {
        let body = bytes.len() - 4;
        let crc = crc32fast::hash(&bytes[8..body]);
        bytes[body..].copy_from_slice(&crc.to_le_bytes());
    }
    check(cache::read_bytes(Path::new(NAME), &bytes));
}

fn split<'a>(data: &'a [u8], separator: &[u8]) -> Vec<&'a [u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(at) = rest.windows(separator.len()).position(|w| w == separator) {
        parts.push(&rest[..at]);
        rest = &rest[at + separator.len()..];
    }
    parts.push(rest);
    parts
}

fn check(result: Result<Network, Error>) {
    match result {
        Ok(network) => check_network(&network),
        Err(e) => check_error(&e),
    }
}

/// One line that names the input.
fn check_error(e: &Error) {
    let message = e.to_string();
    assert!(
        message.starts_with(NAME) || matches!(e, Error::Query(_)),
        "error does not name the input: {message}"
    );
}

fn check_network(network: &Network) {
    let n = network.node_count();
    if let Err(e) = network.csr.validate() {
        panic!("loader built an invalid graph: {e}");
    }
    assert_eq!(network.labels.len(), n, "one label per node");
    assert!(
        network.labels.is_strictly_ascending(),
        "labels are strictly ascending (lookups binary-search them)"
    );
    assert!(
        network.people.is_empty() || network.people.len() == n,
        "person columns match the nodes"
    );
    assert!(network.report.owners.iter().all(|&o| (o as usize) < n));
    let mut bytes = Vec::new();
    cache::write(network, &mut bytes).expect("writing to memory cannot fail");
    let back = cache::read_bytes(Path::new(NAME), &bytes).expect("a written cache reads back");
    assert_eq!(back.csr.offsets(), network.csr.offsets());
    assert_eq!(back.csr.targets(), network.csr.targets());
    assert_eq!(back.labels, network.labels);
    assert_eq!(back.report, network.report);
    for format in [
        GraphFormat::NodeLink,
        GraphFormat::GraphMl,
        GraphFormat::EdgeList,
    ] {
        io::write_graph(network, format, &mut std::io::sink()).expect("writing to a sink");
    }
}
