//! The binary cache (`.nrg`): the frozen network, its labels, person attributes and load report,
//! written once and loaded without parsing.
//!
//! Layout (little-endian):
//!
//! ```text
//! "NETREACH" | version u32 | label kind u32 (1 int, 2 string)
//! n u64 | arcs u64 | label bytes u64 | people bytes u64 | report bytes u64 | order bytes u64
//! offsets (n + 1) × u64 | targets arcs × u32
//! labels: int → n × u64; string → (n + 1) × u64 offsets, then the UTF-8 bytes
//! people: JSON (array of rows, or empty) | load report: JSON
//! order: empty, or n × u32 (stored node i is node order[i] of the network)
//! CRC-32 of everything after the magic, u32
//! ```
//!
//! With an order (`convert --order`), the rows are stored renumbered in that locality order,
//! so that a cluster worker's contiguous range of rows holds people who are near each other;
//! labels, people and the report stay in the network's own ids. [`read`] gives back the
//! network in its own ids (the rows renumbered back); [`Parts`] reads stored rows and
//! [`Parts::order`] maps them back. Version 1 (no order field) is still read.
//!
//! Sections are streamed in 1 MiB pieces, so loading needs no second copy of the file. A wrong
//! magic or version, a size that does not add up, a checksum mismatch or a structure that breaks
//! the CSR invariants is a clear error, never a crash.

use std::fs::File;
use std::io::Write;

use rayon::prelude::*;
use std::path::Path;

use crate::error::{Error, Result};
use crate::graph::{
    ConnectionDates, Csr, Labels, LoadReport, Network, People, Permutation, Person,
};

/// The file signature.
pub const MAGIC: &[u8; 8] = b"NETREACH";
/// The format version this build writes (it also reads version 1, which had no order).
pub const VERSION: u32 = 2;
/// Header bytes of version 1 (five sizes) and version 2 (six).
const HEADER_V1: usize = 8 + 4 + 4 + 5 * 8;
const HEADER_V2: usize = HEADER_V1 + 8;
const PIECE: usize = 1 << 20;

/// Writes `network` as a cache file.
pub fn write(network: &Network, out: &mut dyn Write) -> std::io::Result<()> {
    write_ordered(network, None, out)
}

/// Writes `network` as a cache file, its rows renumbered in `order` when given (see the
/// module documentation).
pub fn write_ordered(
    network: &Network,
    order: Option<&Permutation>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let relabelled = order.map(|o| network.csr.relabelled(o));
    let csr = relabelled.as_ref().unwrap_or(&network.csr);
    let mut w = CrcWriter {
        inner: out,
        crc: crc32fast::Hasher::new(),
    };
    w.inner.write_all(MAGIC)?;
    let (kind, label_bytes) = match &network.labels {
        Labels::Int(v) => (1u32, (v.len() * 8) as u64),
        Labels::Str(v) => (
            2u32,
            ((v.len() + 1) * 8 + v.iter().map(|s| s.len()).sum::<usize>()) as u64,
        ),
    };
    let people = people_section(network)?;
    let report = serde_json::to_vec(&Stored {
        report: network.report.clone(),
        dates: network.dates.clone(),
    })?;
    w.put(&VERSION.to_le_bytes())?;
    w.put(&kind.to_le_bytes())?;
    for x in [
        csr.node_count() as u64,
        csr.arc_count() as u64,
        label_bytes,
        people.len() as u64,
        report.len() as u64,
        order.map_or(0, |o| 4 * o.len() as u64),
    ] {
        w.put(&x.to_le_bytes())?;
    }
    put_words(
        &mut w,
        csr.offsets().iter().map(|&o| (o as u64).to_le_bytes()),
    )?;
    put_words(&mut w, csr.targets().iter().map(|t| t.to_le_bytes()))?;
    put_labels(&mut w, &network.labels)?;
    w.put(&people)?;
    w.put(&report)?;
    if let Some(order) = order {
        put_words(&mut w, order.old_of_new().iter().map(|v| v.to_le_bytes()))?;
    }
    let crc = w.crc.finalize();
    w.inner.write_all(&crc.to_le_bytes())
}

/// Person attributes as JSON rows (empty for a graph without any).
fn people_section(network: &Network) -> std::io::Result<Vec<u8>> {
    if network.people.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<Person> = (0..network.node_count() as u32)
        .map(|id| network.people.get(id))
        .collect();
    Ok(serde_json::to_vec(&rows)?)
}

/// Integer labels as words; string labels as an offset table and then their bytes.
fn put_labels(w: &mut CrcWriter<'_>, labels: &Labels) -> std::io::Result<()> {
    match labels {
        Labels::Int(v) => put_words(w, v.iter().map(|x| x.to_le_bytes())),
        Labels::Str(v) => {
            let mut at = 0u64;
            put_words(
                w,
                std::iter::once(0u64)
                    .chain(v.iter().map(|s| {
                        at += s.len() as u64;
                        at
                    }))
                    .map(u64::to_le_bytes),
            )?;
            for s in v {
                w.put(s.as_bytes())?;
            }
            Ok(())
        }
    }
}

struct CrcWriter<'a> {
    inner: &'a mut dyn Write,
    crc: crc32fast::Hasher,
}

impl CrcWriter<'_> {
    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.crc.update(bytes);
        self.inner.write_all(bytes)
    }
}

/// Writes fixed-size words in pieces (one `write_all` per MiB, not per word).
fn put_words<const N: usize>(
    w: &mut CrcWriter,
    words: impl Iterator<Item = [u8; N]>,
) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(PIECE);
    for word in words {
        buf.extend_from_slice(&word);
        if buf.len() >= PIECE {
            w.put(&buf)?;
            buf.clear();
        }
    }
    w.put(&buf)
}

/// Whether `bytes` start like a cache file.
pub fn sniff(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// Random-access input: a file (read with positioned reads, so several threads can share it) or
/// bytes already in memory (tests and fuzzing).
trait ReadAt: Sync {
    /// Fills `buf` from `pos`; `UnexpectedEof` when the input ends first.
    fn read_at(&self, buf: &mut [u8], pos: u64) -> std::io::Result<()>;
}

impl ReadAt for File {
    fn read_at(&self, buf: &mut [u8], pos: u64) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            self.read_exact_at(buf, pos)
        }
        #[cfg(not(unix))]
        {
            use std::io::{Read, Seek, SeekFrom};
            let mut f = self;
            f.seek(SeekFrom::Start(pos))?;
            f.read_exact(buf)
        }
    }
}

impl ReadAt for [u8] {
    fn read_at(&self, buf: &mut [u8], pos: u64) -> std::io::Result<()> {
        let part = usize::try_from(pos)
            .ok()
            .and_then(|start| self.get(start..start.checked_add(buf.len())?))
            .ok_or(std::io::ErrorKind::UnexpectedEof)?;
        buf.copy_from_slice(part);
        Ok(())
    }
}

/// Sequential reading with a running CRC; large sections are read by several threads at once.
struct CrcReader<'a, R: ReadAt + ?Sized> {
    input: &'a R,
    pos: u64,
    crc: crc32fast::Hasher,
}

impl<R: ReadAt + ?Sized> CrcReader<'_, R> {
    fn take(&mut self, buf: &mut [u8]) -> std::io::Result<()> {
        self.input.read_at(buf, self.pos)?;
        self.pos += buf.len() as u64;
        self.crc.update(buf);
        Ok(())
    }

    fn u64(&mut self) -> std::io::Result<u64> {
        let mut b = [0u8; 8];
        self.take(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }

    fn u32(&mut self) -> std::io::Result<u32> {
        let mut b = [0u8; 4];
        self.take(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }

    /// `count` plain words read straight into their vector's memory, in pieces read and
    /// checksummed in parallel, the pieces' CRCs combined in order. The file is little-endian,
    /// like every machine netreach runs on; big-endian machines swap afterwards.
    fn pod<T: bytemuck::Pod + Default + Send>(
        &mut self,
        count: usize,
        swap: impl Fn(T) -> T + Sync + Send,
    ) -> std::io::Result<Vec<T>> {
        let mut out = vec![T::default(); count];
        let bytes = bytemuck::cast_slice_mut::<T, u8>(&mut out);
        let start = self.pos;
        let input = self.input;
        let crcs: Vec<std::io::Result<crc32fast::Hasher>> = bytes
            .par_chunks_mut(PIECE * 4)
            .enumerate()
            .map(|(i, piece)| {
                input.read_at(piece, start + (i * PIECE * 4) as u64)?;
                let mut h = crc32fast::Hasher::new();
                h.update(piece);
                Ok(h)
            })
            .collect();
        for h in crcs {
            self.crc.combine(&h?);
        }
        self.pos += bytes.len() as u64;
        if cfg!(target_endian = "big") {
            out.par_iter_mut().for_each(|x| *x = swap(*x));
        }
        Ok(out)
    }
}

/// Reads a cache file.
pub fn read(path: &Path) -> Result<Network> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let length = file.metadata().map_err(|e| Error::io(path, e))?.len();
    read_from(path, &file, length)
}

/// Reads a cache from bytes in memory; `path` only names it in messages.
pub fn read_bytes(path: &Path, bytes: &[u8]) -> Result<Network> {
    read_from(path, bytes, bytes.len() as u64)
}

/// "not a valid netreach cache: …", naming the file.
fn bad(path: &Path, message: &str) -> Error {
    Error::input(path, format!("not a valid netreach cache: {message}"))
}

/// An I/O error while reading: an early end is a truncated file, anything else is I/O.
fn truncated(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => bad(path, "the file is truncated"),
        _ => Error::io(path, e),
    }
}

/// The header's counts and section sizes, checked against the file's length.
struct Header {
    /// Bytes before the offsets (the header's own size: it grew with version 2).
    len: usize,
    kind: u32,
    n: usize,
    arcs: usize,
    label_bytes: u64,
    people_bytes: u64,
    report_bytes: u64,
    order_bytes: u64,
}

fn read_header<R: ReadAt + ?Sized>(
    path: &Path,
    r: &mut CrcReader<'_, R>,
    length: u64,
) -> Result<Header> {
    let mut magic = [0u8; 8];
    r.input.read_at(&mut magic, 0).map_err(truncated(path))?;
    r.pos = 8;
    if &magic != MAGIC {
        return Err(bad(path, "wrong signature"));
    }
    let version = r.u32().map_err(truncated(path))?;
    if !(1..=VERSION).contains(&version) {
        return Err(bad(
            path,
            &format!(
                "format version {version}, this netreach reads version {VERSION} (convert the input again)"
            ),
        ));
    }
    let kind = r.u32().map_err(truncated(path))?;
    let (len, fields) = if version == 1 {
        (HEADER_V1, 5)
    } else {
        (HEADER_V2, 6)
    };
    let mut sizes = [0u64; 6];
    for size in &mut sizes[..fields] {
        *size = r.u64().map_err(truncated(path))?;
    }
    let [
        n,
        arcs,
        label_bytes,
        people_bytes,
        report_bytes,
        order_bytes,
    ] = sizes;
    check_length(path, len, &sizes, length)?;
    if n > u32::MAX as u64
        || kind == 1 && label_bytes != n * 8
        || !(1..=2).contains(&kind)
        || order_bytes != 0 && order_bytes != 4 * n
    {
        return Err(bad(path, "inconsistent header"));
    }
    Ok(Header {
        len,
        kind,
        n: n as usize,
        arcs: arcs as usize,
        label_bytes,
        people_bytes,
        report_bytes,
        order_bytes,
    })
}

/// The sizes `[n, arcs, label, people, report, order bytes]` after a header of `len` bytes must
/// add up to the file's `length` exactly (checked arithmetic: untrusted sizes never overflow).
fn check_length(path: &Path, len: usize, sizes: &[u64; 6], length: u64) -> Result<()> {
    let [n, arcs, sections @ ..] = *sizes;
    let expected = (|| {
        let body = (n.checked_add(1)?)
            .checked_mul(8)?
            .checked_add(arcs.checked_mul(4)?)?;
        sections
            .iter()
            .try_fold(body, |total, &bytes| total.checked_add(bytes))?
            .checked_add(len as u64 + 4)
    })();
    match expected {
        Some(e) if e == length => Ok(()),
        Some(e) if e > length => Err(bad(path, "the file is truncated")),
        _ => Err(bad(path, "section sizes do not match the file length")),
    }
}

/// The order section as a permutation (`None` without one).
fn read_order<R: ReadAt + ?Sized>(
    path: &Path,
    r: &mut CrcReader<'_, R>,
    h: &Header,
) -> Result<Option<Permutation>> {
    if h.order_bytes == 0 {
        return Ok(None);
    }
    let order = r
        .pod::<u32>(h.n, u32::swap_bytes)
        .map_err(truncated(path))?;
    Permutation::from_old_of_new(order)
        .map(Some)
        .ok_or_else(|| bad(path, "the order is not a renumbering of the nodes"))
}

fn read_labels<R: ReadAt + ?Sized>(
    path: &Path,
    r: &mut CrcReader<'_, R>,
    h: &Header,
) -> Result<Labels> {
    let n = h.n;
    if h.kind == 1 {
        return Ok(Labels::Int(
            r.pod::<u64>(n, u64::swap_bytes).map_err(truncated(path))?,
        ));
    }
    let ends = r
        .pod::<u64>(n + 1, u64::swap_bytes)
        .map_err(truncated(path))?;
    // The header's sizes are untrusted: a string-label section shorter than its own offset
    // table is damage, not an underflow.
    let text_len = h
        .label_bytes
        .checked_sub((n as u64 + 1) * 8)
        .ok_or_else(|| bad(path, "inconsistent header"))?;
    // Monotone offsets ending at the text's length keep every slice below in bounds.
    if ends.last() != Some(&text_len) || ends.windows(2).any(|w| w[0] > w[1]) {
        return Err(bad(path, "label offsets are inconsistent"));
    }
    let mut text = vec![0u8; text_len as usize];
    r.take(&mut text).map_err(truncated(path))?;
    let mut labels = Vec::with_capacity(n);
    for w in ends.windows(2) {
        let s = std::str::from_utf8(&text[w[0] as usize..w[1] as usize])
            .map_err(|_| bad(path, "a label is not UTF-8"))?;
        labels.push(s.into());
    }
    Ok(Labels::Str(labels))
}

fn decode_people(path: &Path, bytes: &[u8], n: usize) -> Result<People> {
    if bytes.is_empty() {
        return Ok(People::default());
    }
    let rows: Vec<Person> =
        serde_json::from_slice(bytes).map_err(|_| bad(path, "person attributes are unreadable"))?;
    if rows.len() != n {
        return Err(bad(path, "person attributes do not match the nodes"));
    }
    Ok(People::from_rows(rows))
}

fn read_from<R: ReadAt + ?Sized>(path: &Path, input: &R, length: u64) -> Result<Network> {
    let mut r = CrcReader {
        input,
        pos: 0,
        crc: crc32fast::Hasher::new(),
    };
    let h = read_header(path, &mut r, length)?;
    let offsets: Vec<usize> = r
        .pod::<u64>(h.n + 1, u64::swap_bytes)
        .map_err(truncated(path))?
        .into_iter()
        .map(|o| o as usize)
        .collect();
    let targets = r
        .pod::<u32>(h.arcs, u32::swap_bytes)
        .map_err(truncated(path))?;
    let labels = read_labels(path, &mut r, &h)?;
    let mut people = vec![0u8; h.people_bytes as usize];
    r.take(&mut people).map_err(truncated(path))?;
    let mut report = vec![0u8; h.report_bytes as usize];
    r.take(&mut report).map_err(truncated(path))?;
    let order = read_order(path, &mut r, &h)?;
    let computed = r.crc.clone().finalize();
    let mut stored = [0u8; 4];
    r.input
        .read_at(&mut stored, r.pos)
        .map_err(truncated(path))?;
    if u32::from_le_bytes(stored) != computed {
        return Err(bad(path, "checksum mismatch (the file is corrupted)"));
    }
    check_structure(&offsets, &targets, &labels).map_err(|m| bad(path, &m))?;
    let people = decode_people(path, &people, h.n)?;
    let (report, dates) = decode_report(&report, h.n).map_err(|m| bad(path, m))?;
    // Owners are node ids that commands index with (the report picks the owner's degree).
    if report.owners.iter().any(|&o| o as usize >= h.n) {
        return Err(bad(
            path,
            "the load report names an owner that is not a node",
        ));
    }
    let stored = Csr::from_parts(offsets, targets);
    Ok(Network {
        // Stored node i is node order[i]: renumbering by the inverse gives the network's ids.
        csr: match order {
            Some(order) => stored.relabelled(&order.inverse()),
            None => stored,
        },
        labels,
        people,
        report,
        dates,
    })
}

/// A cache file read in parts, as a cluster worker reads it: the header checked against the
/// file's length, then any range of rows or the metadata sections by their offsets, so no
/// reader holds the whole graph. The whole-file checksum cannot be checked from a part; each
/// part's structure is (offsets, ids in range, sorted rows without self-loops).
pub struct Parts {
    path: std::path::PathBuf,
    file: File,
    header: Header,
}

/// What a cache holds besides its graph: labels, person attributes, the load report and the
/// connection dates.
pub struct Metadata {
    /// Original labels by node id.
    pub labels: Labels,
    /// Person attributes by node id.
    pub people: People,
    /// What the loader did.
    pub report: LoadReport,
    /// When each connection was made.
    pub dates: ConnectionDates,
}

impl Parts {
    /// Opens `path` and checks its header.
    pub fn open(path: &Path) -> Result<Parts> {
        let file = File::open(path).map_err(|e| Error::io(path, e))?;
        let length = file.metadata().map_err(|e| Error::io(path, e))?.len();
        let mut r = CrcReader {
            input: &file,
            pos: 0,
            crc: crc32fast::Hasher::new(),
        };
        let header = read_header(path, &mut r, length)?;
        Ok(Parts {
            path: path.to_path_buf(),
            file,
            header,
        })
    }

    /// People in the graph.
    pub fn node_count(&self) -> usize {
        self.header.n
    }

    /// Arcs (twice the connections).
    pub fn arc_count(&self) -> usize {
        self.header.arcs
    }

    /// The row offset of node `v` (`v == n` gives the arc count).
    pub fn offset(&self, v: usize) -> Result<u64> {
        let mut b = [0u8; 8];
        self.file
            .read_at(&mut b, (self.header.len + 8 * v) as u64)
            .map_err(truncated(&self.path))?;
        Ok(u64::from_le_bytes(b))
    }

    /// The rows of nodes `start..end`: offsets rebased to start at 0, and their targets.
    pub fn rows(&self, start: usize, end: usize) -> Result<(Vec<usize>, Vec<u32>)> {
        let (n, path) = (self.header.n, self.path.as_path());
        let mut r = CrcReader {
            input: &self.file,
            pos: (self.header.len + 8 * start) as u64,
            crc: crc32fast::Hasher::new(),
        };
        let raw = r
            .pod::<u64>(end + 1 - start, u64::swap_bytes)
            .map_err(truncated(path))?;
        let (first, last) = (raw[0], raw[raw.len() - 1]);
        if raw.windows(2).any(|w| w[0] > w[1]) || last > self.header.arcs as u64 {
            return Err(bad(path, "row offsets are inconsistent"));
        }
        r.pos = (self.header.len + 8 * (n + 1)) as u64 + 4 * first;
        let targets = r
            .pod::<u32>((last - first) as usize, u32::swap_bytes)
            .map_err(truncated(path))?;
        let offsets: Vec<usize> = raw.iter().map(|&o| (o - first) as usize).collect();
        for (i, w) in offsets.windows(2).enumerate() {
            let row = &targets[w[0]..w[1]];
            let u = (start + i) as u32;
            if row.windows(2).any(|p| p[0] >= p[1])
                || row.last().is_some_and(|&v| v as usize >= n)
                || row.binary_search(&u).is_ok()
            {
                return Err(bad(
                    path,
                    "a row is unsorted, out of range or links a node to itself",
                ));
            }
        }
        Ok((offsets, targets))
    }

    /// The locality order the rows are stored in (`convert --order`): stored node `i` is the
    /// network's node `order.old_of_new()[i]`. `None` when rows are stored in the network's
    /// own ids.
    pub fn order(&self) -> Result<Option<Permutation>> {
        let h = &self.header;
        let mut r = CrcReader {
            input: &self.file,
            pos: self.order_position(),
            crc: crc32fast::Hasher::new(),
        };
        read_order(&self.path, &mut r, h)
    }

    /// The network's own ids of stored nodes `start..end` (`None` without an order), each
    /// checked to be a node; [`Parts::order`] checks the whole order.
    pub fn original_ids(&self, start: usize, end: usize) -> Result<Option<Vec<u32>>> {
        let h = &self.header;
        if h.order_bytes == 0 {
            return Ok(None);
        }
        let mut r = CrcReader {
            input: &self.file,
            pos: self.order_position() + 4 * start as u64,
            crc: crc32fast::Hasher::new(),
        };
        let ids = r
            .pod::<u32>(end - start, u32::swap_bytes)
            .map_err(truncated(&self.path))?;
        if ids.iter().any(|&v| v as usize >= h.n) {
            return Err(bad(
                &self.path,
                "the order is not a renumbering of the nodes",
            ));
        }
        Ok(Some(ids))
    }

    /// Where the order section starts.
    fn order_position(&self) -> u64 {
        let h = &self.header;
        (h.len + 8 * (h.n + 1) + 4 * h.arcs) as u64
            + h.label_bytes
            + h.people_bytes
            + h.report_bytes
    }

    /// Labels, person attributes, load report and dates (everything but the graph).
    pub fn metadata(&self) -> Result<Metadata> {
        let (h, path) = (&self.header, self.path.as_path());
        let mut r = CrcReader {
            input: &self.file,
            pos: (h.len + 8 * (h.n + 1) + 4 * h.arcs) as u64,
            crc: crc32fast::Hasher::new(),
        };
        let labels = read_labels(path, &mut r, h)?;
        if labels.len() != h.n || !labels.is_strictly_ascending() {
            return Err(bad(
                path,
                "labels are not one sorted, distinct label per node",
            ));
        }
        let mut people = vec![0u8; h.people_bytes as usize];
        r.take(&mut people).map_err(truncated(path))?;
        let mut report = vec![0u8; h.report_bytes as usize];
        r.take(&mut report).map_err(truncated(path))?;
        let people = decode_people(path, &people, h.n)?;
        let (report, dates) = decode_report(&report, h.n).map_err(|m| bad(path, m))?;
        Ok(Metadata {
            labels,
            people,
            report,
            dates,
        })
    }
}

/// The load report section: the report and the connection dates (caches written before
/// connection dates hold the bare report), with every date's nodes in range.
fn decode_report(
    bytes: &[u8],
    n: usize,
) -> std::result::Result<(LoadReport, ConnectionDates), &'static str> {
    let Stored { report, dates } = serde_json::from_slice::<Stored>(bytes)
        .or_else(|_| {
            serde_json::from_slice::<LoadReport>(bytes).map(|report| Stored {
                report,
                dates: ConnectionDates::default(),
            })
        })
        .map_err(|_| "load report is unreadable")?;
    if dates
        .iter()
        .any(|&(a, b, _)| a as usize >= n || b as usize >= n)
    {
        return Err("a connection date names a node that does not exist");
    }
    Ok((report, dates))
}

/// The load report section: the report and the connection dates.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    report: LoadReport,
    dates: ConnectionDates,
}

/// The invariants every analysis relies on, checked on every load because a file with a valid
/// checksum may still have been written by someone else: offsets span the targets
/// monotonically, every id is in range, rows are strictly sorted without self-loops, every edge
/// is stored in both directions, labels are sorted and distinct (lookups binary-search them).
fn check_structure(
    offsets: &[usize],
    targets: &[u32],
    labels: &Labels,
) -> std::result::Result<(), String> {
    let n = offsets.len() - 1;
    if offsets[0] != 0 || offsets[n] != targets.len() || offsets.windows(2).any(|w| w[0] > w[1]) {
        return Err("row offsets are inconsistent".into());
    }
    // A chunked maximum vectorises; `any` with its early exit does not.
    let max = targets
        .par_chunks(1 << 16)
        .map(|c| c.iter().copied().max().unwrap_or(0))
        .max();
    if max.is_some_and(|m| m as usize >= n) {
        return Err("a node id is out of range".into());
    }
    check_rows(offsets, targets)?;
    if labels.len() != n || !labels.is_strictly_ascending() {
        return Err("labels are not one sorted, distinct label per node".into());
    }
    Ok(())
}

/// Rows strictly sorted without self-loops, and symmetric. Symmetry is checked in one streaming
/// pass instead of a binary search per arc (which costs seconds at 10^8 edges): with sorted,
/// duplicate-free rows the graph is symmetric exactly when the arcs going up (u < v) and the
/// arcs going down, reversed, are the same set, which we compare by the wrapping sum of a keyed
/// hash of each pair. The key is random per process, so no file can be crafted to collide.
fn check_rows(offsets: &[usize], targets: &[u32]) -> std::result::Result<(), String> {
    let key = pair_hash_key();
    let n = offsets.len() - 1;
    let sums = (0..n)
        .into_par_iter()
        .with_min_len(1 << 12)
        .map(|u| {
            let row = &targets[offsets[u]..offsets[u + 1]];
            if row.windows(2).any(|w| w[0] >= w[1]) || row.binary_search(&(u as u32)).is_ok() {
                return None;
            }
            let (mut up, mut down) = (0u64, 0u64);
            for &v in row {
                if (u as u32) < v {
                    up = up.wrapping_add(pair_hash(key, u as u32, v));
                } else {
                    down = down.wrapping_add(pair_hash(key, v, u as u32));
                }
            }
            Some((up, down))
        })
        .try_reduce(
            || (0, 0),
            |a, b| Some((a.0.wrapping_add(b.0), a.1.wrapping_add(b.1))),
        );
    match sums {
        None => Err("a row is unsorted, repeats a neighbour or links a node to itself".into()),
        Some((up, down)) if up != down => Err("an edge is stored in one direction only".into()),
        Some(_) => Ok(()),
    }
}

/// A per-process random key (from the standard library's randomly seeded hasher).
fn pair_hash_key() -> u64 {
    use std::hash::BuildHasher;
    std::collections::hash_map::RandomState::new().hash_one(0x6e65_7472_6561_6368_u64)
}

/// SplitMix64's finaliser over the pair and the key: a well-mixed 64-bit value per pair.
fn pair_hash(key: u64, a: u32, b: u32) -> u64 {
    let mut z = (((a as u64) << 32) | b as u64) ^ key;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
