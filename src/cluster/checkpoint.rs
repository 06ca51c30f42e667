//! Checkpoints: timely has no fault tolerance, so finished work is written to a directory and a
//! restarted run picks it up.
//!
//! * HyperBall: after round r, each worker writes its registers (and, from round 2, its ball
//!   estimates) to `hyperball-w{worker}-r{r}.bin`, atomically, and removes round r − 2. A worker
//!   only starts round r + 1 once every worker has sent its round-(r + 1) messages, which each
//!   sends after writing round r; so when any worker has round r, all have round r − 1, and
//!   keeping two rounds always leaves one that every worker has. Resuming needs the same layout
//!   (the file names the worker's node range).
//! * Exact reach: worker 0 appends each finished batch's counts to `exact.bin`; batches depend
//!   only on the graph, so a run may resume with another layout.
//!
//! Every file starts with the run's fingerprint (graph size, parameters, node range): a file
//! from another run is an error, never silently mixed in.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

const MAGIC: &[u8; 8] = b"NRCHECK1";

/// What identifies the run a checkpoint belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    /// Which job ("hyperball" = 1, "exact" = 2).
    pub job: u64,
    /// Nodes and arcs of the graph.
    pub nodes: u64,
    /// Arcs of the graph.
    pub arcs: u64,
    /// Registers per node, or the depth.
    pub parameter: u64,
    /// Hash seed, or the batch size.
    pub seed: u64,
    /// First node of the writer's range (0 for exact).
    pub first: u64,
    /// End of the writer's range (n for exact).
    pub end: u64,
}

impl Fingerprint {
    fn bytes(&self) -> Vec<u8> {
        let mut b = MAGIC.to_vec();
        for x in [
            self.job,
            self.nodes,
            self.arcs,
            self.parameter,
            self.seed,
            self.first,
            self.end,
        ] {
            b.extend_from_slice(&x.to_le_bytes());
        }
        b
    }

    const LEN: usize = 8 + 7 * 8;
}

fn round_file(dir: &Path, worker: usize, round: u32) -> PathBuf {
    dir.join(format!("hyperball-w{worker}-r{round}.bin"))
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::io(path, e)
}

/// Saves worker `worker`'s registers after `round`, then drops round − 2.
pub fn save_round(
    dir: &Path,
    worker: usize,
    round: u32,
    fp: &Fingerprint,
    registers: &[u64],
    sizes: &[[f64; 2]],
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let path = round_file(dir, worker, round);
    crate::io::write_atomic(&path, |w| {
        w.write_all(&fp.bytes())?;
        let mut buf = Vec::with_capacity(1 << 20);
        let words = registers
            .iter()
            .copied()
            .chain(sizes.iter().flatten().map(|s| s.to_bits()));
        for x in words {
            buf.extend_from_slice(&x.to_le_bytes());
            if buf.len() >= 1 << 20 {
                w.write_all(&buf)?;
                buf.clear();
            }
        }
        w.write_all(&buf)
    })?;
    if round >= 2 {
        let old = round_file(dir, worker, round - 2);
        match std::fs::remove_file(&old) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::io(&old, e)),
            _ => {}
        }
    }
    Ok(())
}

/// The last round worker `worker` saved (0 if none), checking that it belongs to this run.
pub fn latest_round(dir: &Path, worker: usize, fp: &Fingerprint) -> Result<u32> {
    for round in (1..=3).rev() {
        let path = round_file(dir, worker, round);
        let Ok(mut file) = File::open(&path) else {
            continue;
        };
        check_header(&path, &mut file, fp)?;
        return Ok(round);
    }
    Ok(0)
}

fn check_header(path: &Path, file: &mut File, fp: &Fingerprint) -> Result<()> {
    let mut head = vec![0u8; Fingerprint::LEN];
    file.read_exact(&mut head).map_err(io(path))?;
    if head != fp.bytes() {
        return Err(Error::input(
            path,
            "this checkpoint belongs to another run (other graph, parameters or layout): \
             remove the directory or choose another --checkpoint",
        ));
    }
    Ok(())
}

/// Loads the registers (`len · words` of them) and ball estimates saved after `round`.
pub fn load_round(
    dir: &Path,
    worker: usize,
    round: u32,
    fp: &Fingerprint,
    len: usize,
    words: usize,
) -> Result<(Vec<u64>, Vec<[f64; 2]>)> {
    let path = round_file(dir, worker, round);
    let mut file = File::open(&path).map_err(io(&path))?;
    check_header(&path, &mut file, fp)?;
    let mut body = Vec::new();
    file.read_to_end(&mut body).map_err(io(&path))?;
    if body.len() != 8 * (len * words + 2 * len) {
        return Err(Error::input(&path, "checkpoint is truncated"));
    }
    let mut values = body
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()));
    let registers: Vec<u64> = values.by_ref().take(len * words).collect();
    let flat: Vec<f64> = values.map(f64::from_bits).collect();
    let sizes = flat.chunks_exact(2).map(|c| [c[0], c[1]]).collect();
    Ok((registers, sizes))
}

/// Worker 0's log of finished exact batches: each record is one batch's counts.
pub struct ExactLog {
    path: PathBuf,
    file: File,
}

impl ExactLog {
    /// Opens (or starts) the log; returns it with the counts of the whole batches already in
    /// it (a record cut short by a crash is dropped).
    pub fn open(dir: &Path, fp: &Fingerprint, record: usize) -> Result<(ExactLog, Vec<u64>)> {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let path = dir.join("exact.bin");
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io(&path))?;
        let length = file.metadata().map_err(io(&path))?.len() as usize;
        if length == 0 {
            file.write_all(&fp.bytes()).map_err(io(&path))?;
            file.sync_data().map_err(io(&path))?;
            return Ok((ExactLog { path, file }, Vec::new()));
        }
        check_header(&path, &mut file, fp)?;
        let whole = (length - Fingerprint::LEN) / (8 * record);
        let mut body = vec![0u8; whole * record * 8];
        file.read_exact(&mut body).map_err(io(&path))?;
        let keep = (Fingerprint::LEN + body.len()) as u64;
        file.set_len(keep).map_err(io(&path))?;
        use std::io::Seek;
        file.seek(std::io::SeekFrom::Start(keep))
            .map_err(io(&path))?;
        let counts = body
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
            .collect();
        Ok((ExactLog { path, file }, counts))
    }

    /// Appends one finished batch (padded to a whole record by the caller) and syncs it.
    pub fn append(&mut self, counts: &[u64]) -> Result<()> {
        let bytes: Vec<u8> = counts.iter().flat_map(|c| c.to_le_bytes()).collect();
        self.file.write_all(&bytes).map_err(io(&self.path))?;
        self.file.sync_data().map_err(io(&self.path))
    }
}
