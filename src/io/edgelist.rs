//! Edge lists: SNAP, KONECT and CSV pairs, plain or gzipped.
//!
//! Rules (the same as the peer harness in `shared/peers`): lines starting with `#` or `%` are
//! comments; fields are separated by spaces, tabs or commas; the first two fields are the
//! endpoints and any further field (a weight, a timestamp) is ignored; CRLF or LF; edges may be
//! listed once or in both directions; self-loops are dropped but their node is kept.
//!
//! Ids: if the first data row holds two non-negative integers below 2^64, every id must be such
//! an integer and labels are numbers. Otherwise ids are strings (negative numbers and numbers
//! past 2^64 included) and labels sort in byte order. A first row whose fields are header words
//! (`source,target`, `id_1,id_2`, `from,to`, `u,v`, …) is a header.

use std::io::Read;
use std::path::Path;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::graph::{Csr, Labels, LoadReport, Network, People};
use crate::progress::Progress;

/// Lines longer than this are rejected rather than buffered without bound.
const MAX_LINE: usize = 1 << 20;
/// Bytes read per block, once the buffer has grown.
const BLOCK: usize = 8 << 20;
/// The buffer starts this small and doubles per block up to [`BLOCK`], so a small input never
/// pays for zeroing 8 MiB.
const FIRST_BLOCK: usize = 64 << 10;

/// Words that make a first row a header rather than an edge between two string ids.
const HEADER_WORDS: &[&str] = &[
    "source",
    "target",
    "src",
    "dst",
    "from",
    "to",
    "u",
    "v",
    "id_1",
    "id_2",
    "id1",
    "id2",
    "node1",
    "node2",
    "node_1",
    "node_2",
    "source_id",
    "target_id",
    "a",
    "b",
    "head",
    "tail",
    "i",
    "j",
    "weight",
    "w",
];

/// Reads an edge list into a network.
pub fn read(path: &Path, reader: Box<dyn Read + Send>, progress: &dyn Progress) -> Result<Network> {
    let mut parser = Parser::new(path);
    for_each_block(path, reader, |first_line, block| {
        progress.advance(block.len() as u64);
        // Only the first block starts at line 1 (every block ends after a newline); spreadsheet
        // programs put a UTF-8 byte-order mark there.
        let block = match first_line {
            1 => block.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(block),
            _ => block,
        };
        parser.block(first_line, block)?;
        parser.ensure_memory()
    })?;
    parser.finish()
}

/// Calls `f(first_line_number, block)` for consecutive blocks of whole lines (each block ends
/// just after a `\n`, except possibly the last). Errors on lines over [`MAX_LINE`] bytes and on
/// read (e.g. gzip) failures. Returns the number of lines.
fn for_each_block(
    path: &Path,
    mut reader: Box<dyn Read + Send>,
    mut f: impl FnMut(u64, &[u8]) -> Result<()>,
) -> Result<u64> {
    let mut buf = vec![0u8; FIRST_BLOCK];
    let mut filled = 0usize;
    let mut line_no = 1u64;
    loop {
        let read = read_some(&mut reader, &mut buf[filled..])
            .map_err(|e| Error::parse(path, line_no, format!("cannot read input: {e}")))?;
        filled += read;
        let eof = read == 0;
        let end = if eof {
            filled
        } else {
            match memchr::memrchr(b'\n', &buf[..filled]) {
                Some(p) => p + 1,
                None if filled >= MAX_LINE => {
                    return Err(Error::parse(
                        path,
                        line_no,
                        "line longer than 1 MiB (is this a text edge list?)",
                    ));
                }
                None => 0,
            }
        };
        if end > 0 {
            f(line_no, &buf[..end])?;
            line_no += memchr::memchr_iter(b'\n', &buf[..end]).count() as u64;
        }
        if eof {
            return Ok(line_no);
        }
        buf.copy_within(end..filled, 0);
        filled -= end;
        if buf.len() < BLOCK {
            buf.resize(buf.len() * 2, 0);
        }
        if filled >= MAX_LINE {
            return Err(Error::parse(
                path,
                line_no,
                "line longer than 1 MiB (is this a text edge list?)",
            ));
        }
    }
}

/// Iterates the lines of a block without `\n` or `\r\n`.
fn lines(block: &[u8]) -> impl Iterator<Item = &[u8]> {
    let block = block.strip_suffix(b"\n").unwrap_or(block);
    block.split(|&b| b == b'\n').map(trim_cr)
}

/// Parses integer edge lines of `chunk` into `(endpoints, lines)`, or the local 0-based line
/// of the first bad line.
fn parse_int_chunk(chunk: &[u8]) -> std::result::Result<Vec<u64>, u64> {
    let mut out = Vec::with_capacity(chunk.len() / 6);
    for (i, line) in lines(chunk).enumerate() {
        let Some((first, rest)) = next_field(line) else {
            continue;
        };
        if first[0] == b'#' || first[0] == b'%' {
            continue;
        }
        match next_field(rest).and_then(|(second, _)| Some((parse_u64(first)?, parse_u64(second)?)))
        {
            Some((a, b)) => {
                out.push(a);
                out.push(b);
            }
            None => return Err(i as u64),
        }
    }
    Ok(out)
}

/// Splits `block` into about `parts` pieces at line boundaries.
fn split_at_lines(block: &[u8], parts: usize) -> Vec<&[u8]> {
    let mut pieces = Vec::with_capacity(parts);
    let mut rest = block;
    for k in (1..parts).rev() {
        let target = rest.len() - rest.len() * k / (k + 1);
        match memchr::memchr(b'\n', &rest[target.min(rest.len())..]) {
            Some(p) => {
                let (a, b) = rest.split_at(target + p + 1);
                pieces.push(a);
                rest = b;
            }
            None => break,
        }
    }
    pieces.push(rest);
    pieces
}

/// Reads until the buffer is full or the input ends; retries on interruption.
fn read_some(reader: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut total = 0;
    while total < buf.len() {
        match reader.read(&mut buf[total..]) {
            Ok(0) => break,
            Ok(k) => total += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(total)
}

fn trim_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[inline]
fn is_separator(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b',' | b';')
}

/// Splits off the next field: skips separators, returns the field and the rest. The field is
/// never empty (it starts at a non-separator byte), so callers may read its first byte.
#[inline]
fn next_field(s: &[u8]) -> Option<(&[u8], &[u8])> {
    let start = s.iter().position(|&b| !is_separator(b))?;
    let s = &s[start..];
    if s[0] == b'"'
        && let Some(close) = closing_quote(s)
    {
        // A quoted field as CSV writes it: separators inside belong to the id.
        return Some((&s[..=close], &s[close + 1..]));
    }
    let end = s.iter().position(|&b| is_separator(b)).unwrap_or(s.len());
    Some((&s[..end], &s[end..]))
}

/// The index of the quote closing the field that opens at `s[0]` (`""` inside is a quote).
fn closing_quote(s: &[u8]) -> Option<usize> {
    let mut i = 1;
    while i < s.len() {
        if s[i] == b'"' {
            if s.get(i + 1) == Some(&b'"') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Parses a non-negative decimal integer below 2^64, or `None`.
#[inline]
fn parse_u64(field: &[u8]) -> Option<u64> {
    if field.is_empty() || field.len() > 20 {
        return None;
    }
    let mut x: u64 = 0;
    for &b in field {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        x = x.checked_mul(10)?.checked_add(d as u64)?;
    }
    Some(x)
}

/// Removes one pair of surrounding double quotes, as CSV writers add them.
fn unquote(field: &[u8]) -> &[u8] {
    if field.len() >= 2 && field[0] == b'"' && field[field.len() - 1] == b'"' {
        &field[1..field.len() - 1]
    } else {
        field
    }
}

/// Integer endpoints, stored as `u32` (one vector per block, so that no single vector doubles
/// while growing) until an id needs more.
enum IntEndpoints {
    Narrow(Vec<Vec<u32>>),
    Wide(Vec<u64>),
}

impl IntEndpoints {
    /// Appends endpoint pairs.
    fn extend(&mut self, values: &[u64]) {
        if let IntEndpoints::Narrow(chunks) = self
            && values.iter().all(|&x| x <= u32::MAX as u64)
        {
            chunks.push(values.iter().map(|&x| x as u32).collect());
            return;
        }
        for pair in values.chunks_exact(2) {
            self.push(pair[0], pair[1]);
        }
    }

    #[inline]
    fn push(&mut self, a: u64, b: u64) {
        if let IntEndpoints::Narrow(chunks) = self {
            if a <= u32::MAX as u64 && b <= u32::MAX as u64 {
                if chunks.last().is_none_or(|c| c.len() >= 1 << 20) {
                    chunks.push(Vec::with_capacity(1 << 20));
                }
                if let Some(last) = chunks.last_mut() {
                    last.push(a as u32);
                    last.push(b as u32);
                }
                return;
            }
            *self = IntEndpoints::Wide(chunks.iter().flatten().map(|&x| x as u64).collect());
        }
        if let IntEndpoints::Wide(v) = self {
            v.push(a);
            v.push(b);
        }
    }
}

enum Ids {
    /// No data row seen yet.
    Undecided,
    Int(IntEndpoints),
    Str {
        index: FxHashMap<Box<str>, u32>,
        endpoints: Vec<u32>,
    },
}

struct Parser<'a> {
    path: &'a Path,
    ids: Ids,
    header_seen: bool,
    /// A first row of short header words (`u v`, `a b`): a header if the ids turn out to be
    /// integers, else the file's first edge between two string ids.
    pending_header: Option<(u64, Vec<u8>, Vec<u8>)>,
    /// Header rows skipped (reported in the load report).
    headers_skipped: u64,
    last_line: u64,
    /// Bytes of distinct string labels held by the index.
    label_bytes: u64,
}

impl<'a> Parser<'a> {
    fn new(path: &'a Path) -> Self {
        Parser {
            path,
            ids: Ids::Undecided,
            header_seen: false,
            pending_header: None,
            headers_skipped: 0,
            last_line: 0,
            label_bytes: 0,
        }
    }

    fn error(&self, line: u64, message: impl Into<String>) -> Error {
        Error::parse(self.path, line, message)
    }

    /// Parses a block of whole lines starting at line `first_line`. Once the file is known to
    /// hold integer ids, the block is parsed in parallel pieces.
    fn block(&mut self, first_line: u64, block: &[u8]) -> Result<()> {
        let mut line_no = first_line;
        let mut rest = block;
        while !rest.is_empty() {
            if matches!(self.ids, Ids::Int(_)) {
                return self.int_block(line_no, rest);
            }
            let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |p| p + 1);
            let line = trim_cr(rest[..end].strip_suffix(b"\n").unwrap_or(&rest[..end]));
            self.line(line_no, line)?;
            line_no += 1;
            rest = &rest[end..];
        }
        Ok(())
    }

    /// The parallel fast path for integer ids; on a bad line, re-reads that piece line by line
    /// for the precise message.
    fn int_block(&mut self, first_line: u64, block: &[u8]) -> Result<()> {
        let pieces = split_at_lines(block, rayon::current_num_threads().max(1) * 2);
        let parsed: Vec<_> = pieces.par_iter().map(|p| parse_int_chunk(p)).collect();
        let mut line_no = first_line;
        for (piece, result) in pieces.iter().zip(parsed) {
            let piece_start = line_no;
            match result {
                Ok(values) => {
                    if let Ids::Int(ends) = &mut self.ids {
                        ends.extend(&values);
                    }
                }
                Err(bad) => {
                    // Re-read the piece line by line for the precise message.
                    for line in lines(piece) {
                        self.line(line_no, line)?;
                        line_no += 1;
                    }
                    return Err(self.error(piece_start + bad, "malformed edge line"));
                }
            }
            line_no += memchr::memchr_iter(b'\n', piece).count() as u64;
        }
        self.last_line = line_no - 1;
        Ok(())
    }

    #[inline]
    fn line(&mut self, line_no: u64, line: &[u8]) -> Result<()> {
        self.last_line = line_no;
        let Some((first, rest)) = next_field(line) else {
            return Ok(()); // blank line
        };
        if first[0] == b'#' || first[0] == b'%' {
            return Ok(());
        }
        let Some((second, _)) = next_field(rest) else {
            return Err(self.error(
                line_no,
                format!(
                    "expected two node ids (source and target), found one field '{}'",
                    shown(first)
                ),
            ));
        };
        match &mut self.ids {
            Ids::Int(ends) => match (parse_u64(first), parse_u64(second)) {
                (Some(a), Some(b)) => {
                    ends.push(a, b);
                    Ok(())
                }
                _ => Err(self.not_integer(line_no, first, second)),
            },
            Ids::Str { .. } => self.string_edge(line_no, first, second),
            Ids::Undecided => self.first_row(line_no, first, second),
        }
    }

    fn not_integer(&self, line_no: u64, first: &[u8], second: &[u8]) -> Error {
        let bad = if parse_u64(first).is_none() {
            first
        } else {
            second
        };
        self.error(
            line_no,
            format!(
                "'{}' is not a node id like the earlier rows (non-negative integers below 2^64); \
                 a file whose first row has a non-integer id is read with string ids",
                shown(bad)
            ),
        )
    }

    fn first_row(&mut self, line_no: u64, first: &[u8], second: &[u8]) -> Result<()> {
        if let (Some(a), Some(b)) = (parse_u64(first), parse_u64(second)) {
            // Integer ids: a header row before them cannot have been data.
            self.headers_skipped += u64::from(self.pending_header.take().is_some());
            let mut ends = IntEndpoints::Narrow(Vec::new());
            ends.push(a, b);
            self.ids = Ids::Int(ends);
            return Ok(());
        }
        if !self.header_seen && is_header(first) && is_header(second) {
            self.header_seen = true;
            if is_short_word(first) || is_short_word(second) {
                self.pending_header = Some((line_no, first.to_vec(), second.to_vec()));
            } else {
                self.headers_skipped += 1;
            }
            return Ok(());
        }
        self.ids = Ids::Str {
            index: FxHashMap::default(),
            endpoints: Vec::new(),
        };
        if let Some((line, a, b)) = self.pending_header.take() {
            // `u v` above string ids is the first edge, not a header.
            self.string_edge(line, &a, &b)?;
        }
        self.string_edge(line_no, first, second)
    }

    fn string_edge(&mut self, line_no: u64, first: &[u8], second: &[u8]) -> Result<()> {
        let a = self.string_id(line_no, first)?;
        let b = self.string_id(line_no, second)?;
        if let Ids::Str { endpoints, .. } = &mut self.ids {
            endpoints.push(a);
            endpoints.push(b);
        }
        Ok(())
    }

    fn string_id(&mut self, line_no: u64, field: &[u8]) -> Result<u32> {
        let quoted = field.first() == Some(&b'"');
        let field = unquote(field);
        if field.contains(&0) {
            return Err(self.error(line_no, "NUL byte in a node id (is this a binary file?)"));
        }
        let Ok(text) = std::str::from_utf8(field) else {
            return Err(self.error(line_no, "node id is not valid UTF-8"));
        };
        // A doubled quote inside a quoted field is one quote, as in CSV.
        let unescaped = (quoted && text.contains("\"\"")).then(|| text.replace("\"\"", "\""));
        let text = unescaped.as_deref().unwrap_or(text);
        if text.is_empty() {
            return Err(self.error(line_no, "empty node id"));
        }
        let Ids::Str { index, .. } = &mut self.ids else {
            return Err(self.error(line_no, "internal error: string id outside string mode"));
        };
        let Ok(next) = u32::try_from(index.len()) else {
            return Err(self.error(line_no, "more than 2^32 distinct node ids"));
        };
        let id = *index.entry(text.into()).or_insert(next);
        if id == next {
            self.label_bytes += text.len() as u64;
        }
        Ok(id)
    }

    /// Bytes held so far by the endpoints and the string index.
    fn held_bytes(&self) -> u64 {
        let words = |len: usize, size: usize| (len * size) as u64;
        match &self.ids {
            Ids::Undecided => 0,
            Ids::Int(IntEndpoints::Narrow(chunks)) => {
                chunks.iter().map(|c| words(c.capacity(), 4)).sum()
            }
            Ids::Int(IntEndpoints::Wide(v)) => words(v.capacity(), 8),
            Ids::Str { index, endpoints } => {
                // Each entry: a boxed key (pointer, length), the id, the table's control byte.
                words(endpoints.capacity(), 4) + words(index.capacity(), 21) + self.label_bytes
            }
        }
    }

    /// Fails when building the graph from what has been read so far would not fit in memory:
    /// the peak comes while the endpoints and the new graph coexist, measured at 2.5 times the
    /// endpoints on the 10M-edge BA graph.
    fn ensure_memory(&self) -> Result<()> {
        let held = self.held_bytes();
        crate::memory::ensure_growth(
            held.saturating_mul(5) / 2,
            held,
            "reading this edge list up to here",
        )
        .map_err(|e| self.error(self.last_line.max(1), e.to_string()))
    }

    fn finish(self) -> Result<Network> {
        let no_edges = |what: &str| {
            Err(Error::parse(
                self.path,
                self.last_line.max(1),
                format!("no edges found ({what})"),
            ))
        };
        let (labels, pairs) = match self.ids {
            Ids::Undecided if self.last_line == 0 => return no_edges("empty file"),
            Ids::Undecided if self.header_seen => return no_edges("header only"),
            Ids::Undecided => return no_edges("only comments or blank lines"),
            Ids::Int(ends) => dense_int_ids(ends),
            Ids::Str { index, endpoints } => {
                let (labels, ids) = dense_string_ids(index, endpoints);
                (labels, vec![ids])
            }
        };
        if labels.len() >= u32::MAX as usize {
            return Err(Error::input(
                self.path,
                "more than 2^32 - 1 distinct node ids (netreach's ids are 32-bit)",
            ));
        }
        let chunks: Vec<&[u32]> = pairs.iter().map(Vec::as_slice).collect();
        let (csr, build) = Csr::from_pair_chunks(labels.len(), &chunks);
        let mut skipped = crate::graph::SkipReport::default();
        skipped.add("header row", self.headers_skipped);
        Ok(Network {
            csr,
            labels,
            people: People::default(),
            report: LoadReport {
                format: "edge list".into(),
                build,
                skipped,
                ..LoadReport::default()
            },
            dates: Default::default(),
        })
    }
}

/// A network from integer endpoint pairs (`pairs[2i]`–`pairs[2i + 1]`), labelled as an edge
/// list with these ids is: the distinct ids in ascending order. `format` names the source in
/// the load report (the Python package's `Network.from_edges`).
pub fn network_from_int_pairs(pairs: Vec<u64>, format: &str) -> Result<Network> {
    let (labels, ids) = dense_int_ids(IntEndpoints::Wide(pairs));
    if labels.len() >= u32::MAX as usize {
        return Err(Error::Query(
            "more than 2^32 - 1 distinct node ids (netreach's ids are 32-bit)".into(),
        ));
    }
    let chunks: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
    let (csr, build) = Csr::from_pair_chunks(labels.len(), &chunks);
    Ok(Network::from_structure(csr, labels, format, build))
}

/// Header words that are also plausible node ids (`u`, `v`, `a`, `b`, `i`, `j`, `w`).
fn is_short_word(field: &[u8]) -> bool {
    unquote(field).len() == 1
}

fn is_header(field: &[u8]) -> bool {
    let field = unquote(field);
    std::str::from_utf8(field).is_ok_and(|s| {
        HEADER_WORDS
            .iter()
            .any(|w| w.eq_ignore_ascii_case(s.trim()))
    })
}

/// A field for an error message: lossy UTF-8, control characters escaped, at most 40 chars.
fn shown(field: &[u8]) -> String {
    String::from_utf8_lossy(field)
        .chars()
        .take(40)
        .flat_map(char::escape_debug)
        .collect()
}

/// Maps integer labels to dense ids in label order; returns the labels and the id pairs.
fn dense_int_ids(ends: IntEndpoints) -> (Labels, Vec<Vec<u32>>) {
    match ends {
        IntEndpoints::Narrow(mut chunks) => {
            let labels = rank_in_place(&mut chunks);
            (Labels::Int(labels), chunks)
        }
        IntEndpoints::Wide(v) => {
            let mut labels = v.clone();
            labels.par_sort_unstable();
            labels.dedup();
            let ids = v
                .par_iter()
                .map(|x| labels.binary_search(x).unwrap_or_default() as u32)
                .collect();
            (Labels::Int(labels), vec![ids])
        }
    }
}

/// Replaces each `u32` label by its rank among the distinct labels; returns the sorted labels.
/// Uses a direct table when the label range is small compared with the input, else sorting.
fn rank_in_place(chunks: &mut [Vec<u32>]) -> Vec<u64> {
    let len: usize = chunks.iter().map(Vec::len).sum();
    let max = chunks.iter().flatten().copied().max().unwrap_or(0) as usize;
    if max <= len.max(1 << 16) * 4 {
        let mut rank = vec![0u32; max + 1];
        for &x in chunks.iter().flatten() {
            rank[x as usize] = 1;
        }
        let mut labels = Vec::new();
        for (label, slot) in rank.iter_mut().enumerate() {
            if *slot != 0 {
                *slot = labels.len() as u32;
                labels.push(label as u64);
            }
        }
        chunks
            .par_iter_mut()
            .flat_map(|c| c.par_iter_mut())
            .for_each(|x| *x = rank[*x as usize]);
        labels
    } else {
        let mut sorted: Vec<u32> = chunks.iter().flatten().copied().collect();
        sorted.par_sort_unstable();
        sorted.dedup();
        chunks
            .par_iter_mut()
            .flat_map(|c| c.par_iter_mut())
            .for_each(|x| *x = sorted.binary_search(x).unwrap_or_default() as u32);
        sorted.into_iter().map(u64::from).collect()
    }
}

/// Renumbers string ids (first-seen order) into label order.
fn dense_string_ids(
    index: FxHashMap<Box<str>, u32>,
    mut endpoints: Vec<u32>,
) -> (Labels, Vec<u32>) {
    let mut by_label: Vec<(Box<str>, u32)> = index.into_iter().collect();
    by_label.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut new_id = vec![0u32; by_label.len()];
    for (rank, (_, old)) in by_label.iter().enumerate() {
        new_id[*old as usize] = rank as u32;
    }
    endpoints
        .par_iter_mut()
        .for_each(|x| *x = new_id[*x as usize]);
    let labels = by_label.into_iter().map(|(l, _)| l).collect();
    (Labels::Str(labels), endpoints)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Network> {
        read(
            Path::new("t.txt"),
            Box::new(std::io::Cursor::new(text.as_bytes().to_vec())),
            &crate::progress::Silent,
        )
    }

    #[test]
    fn integer_ids_in_label_order() {
        let g = load("# c\n% k\n30 10 1.5\r\n10 30\n20\t20\n").unwrap();
        assert_eq!(g.labels, Labels::Int(vec![10, 20, 30]));
        assert_eq!(g.csr.edge_count(), 1);
        assert_eq!(g.report.build.self_loops, 1);
        assert_eq!(g.report.build.merged_duplicates, 1);
    }

    #[test]
    fn header_and_csv() {
        let g = load("id_1,id_2\n0,1\n1,2").unwrap();
        assert_eq!(g.csr.edge_count(), 2);
    }

    #[test]
    fn string_ids_and_negative_ids() {
        let g = load("alice bob\nbob -3\n").unwrap();
        assert_eq!(
            g.labels,
            Labels::Str(vec!["-3".into(), "alice".into(), "bob".into()])
        );
        assert_eq!(g.csr.edge_count(), 2);
    }

    #[test]
    fn wide_ids_are_kept() {
        let g = load("1 18446744073709551615\n").unwrap();
        assert_eq!(g.labels, Labels::Int(vec![1, u64::MAX]));
    }

    #[test]
    fn errors_name_the_line() {
        let e = load("1 2\n3\n").unwrap_err().to_string();
        assert!(e.starts_with("t.txt:2: expected two node ids"), "{e}");
        let e = load("1 2\n3 x\n").unwrap_err().to_string();
        assert!(e.starts_with("t.txt:2: 'x' is not a node id"), "{e}");
        let e = load("").unwrap_err().to_string();
        assert_eq!(e, "t.txt:1: no edges found (empty file)");
        let e = load("source,target\n").unwrap_err().to_string();
        assert_eq!(e, "t.txt:1: no edges found (header only)");
    }
}
