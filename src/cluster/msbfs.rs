//! Exact reach across workers: multi-source bit-parallel BFS, batches of `64 · W` sources.
//!
//! Per level, each worker ORs the frontier words of its active nodes into their neighbours'
//! next words; words of remote neighbours are merged per node and sent to the owner (one
//! message of `W` words per (remote node, level)). The owner settles them like its own: new
//! bits are the sources reaching the node at this level, counted per source by the same
//! [`RingCounter`] the single-machine engine uses. At the end of a batch each worker's counts
//! go to worker 0, which adds them up: integer sums, so the CSV is the single-machine one,
//! byte for byte, for any layout.

use std::time::Instant;

use super::checkpoint::{ExactLog, Fingerprint};
use super::part::Part;
use super::superstep::{Context, Msg};
use crate::bfs::{RingCounter, RingSink};
use crate::error::Result;

/// Exact n_1..n_depth of every node; worker 0 returns `counts[v * depth + k - 1]`.
pub fn run(cx: &mut Context, depth: usize) -> Result<Option<Vec<u64>>> {
    match crate::reach::batch_words(cx.part.n) {
        4 => run_batches::<4>(cx, depth),
        _ => run_batches::<2>(cx, depth),
    }
}

fn run_batches<const W: usize>(cx: &mut Context, depth: usize) -> Result<Option<Vec<u64>>> {
    let n = cx.part.n;
    let batch = 64 * W;
    let batches = n.div_ceil(batch);
    let (len, ghosts) = (cx.part.len() as u64, cx.part.ghosts.len() as u64);
    let counts = if cx.index() == 0 {
        (n * depth * 8) as u64
    } else {
        0
    };
    let need = (4 * len + ghosts) * 8 * W as u64 + counts;
    cx.ensure_memory(need, "exact reach frontiers")?;
    let (mut log, mut totals) = open_log(cx, depth, batch)?;
    let start = cx.all_values((totals.len() / (batch * depth)) as u64)?;
    let start = start.into_iter().max().unwrap_or(0) as usize;
    let mut state = Frontiers::<W>::new(&cx.part);
    let mut counter = RingCounter::<W>::new(depth);
    let started = Instant::now();
    let mut ok: Result<()> = Ok(());
    for b in start..batches {
        let sources = b * batch..((b + 1) * batch).min(n);
        state.start(&cx.part, sources.clone(), &mut counter);
        for level in 1..=depth {
            let outgoing = state.expand(&cx.part);
            let inbox = cx.exchange(outgoing, true)?;
            state.settle(&cx.part, inbox, level, &mut counter);
        }
        let counts = counter.finish().to_vec();
        let msg = Msg::Counts {
            first: sources.start as u32,
            counts,
        };
        let inbox = cx.exchange(vec![(0, msg)], ok.is_ok());
        std::mem::replace(&mut ok, Ok(()))?;
        let inbox = inbox?;
        if let Some(log) = log.as_mut() {
            ok = add_batch(&mut totals, inbox, batch * depth, log);
        }
        if (b + 1) % 64 == 0 || b + 1 == batches {
            cx.log(&format!(
                "exact reach: {} of {batches} batches in {:.2} s",
                b + 1,
                started.elapsed().as_secs_f64()
            ));
        }
        std::thread::sleep(cx.options.round_delay);
    }
    cx.agree(ok)?;
    Ok(log.map(|_| {
        totals.truncate(n * depth);
        totals
    }))
}

/// On worker 0: the log of finished batches (in memory when there is no checkpoint) and the
/// counts so far. Other workers have neither.
fn open_log(cx: &mut Context, depth: usize, batch: usize) -> Result<(Option<Log>, Vec<u64>)> {
    if cx.index() != 0 {
        return cx.agree(Ok((None, Vec::new())));
    }
    let fp = Fingerprint {
        job: 2,
        nodes: cx.part.n as u64,
        arcs: 0,
        parameter: depth as u64,
        seed: batch as u64,
        first: 0,
        end: cx.part.n as u64,
    };
    let opened = match cx.options.checkpoint.clone() {
        Some(dir) => {
            ExactLog::open(&dir, &fp, batch * depth).map(|(log, counts)| (Some(log), counts))
        }
        None => Ok((None, Vec::new())),
    };
    let (file, counts) = cx.agree(opened)?;
    if !counts.is_empty() {
        cx.log(&format!(
            "resumed after {} finished batches",
            counts.len() / (batch * depth)
        ));
    }
    Ok((Some(Log { file }), counts))
}

/// Worker 0's record of finished batches.
struct Log {
    file: Option<ExactLog>,
}

/// Adds one batch's partial counts from every worker and logs the batch.
fn add_batch(totals: &mut Vec<u64>, inbox: Vec<Msg>, record: usize, log: &mut Log) -> Result<()> {
    let at = totals.len();
    totals.resize(at + record, 0);
    for msg in inbox {
        if let Msg::Counts { counts, .. } = msg {
            for (t, c) in totals[at..].iter_mut().zip(counts) {
                *t += c;
            }
        }
    }
    match log.file.as_mut() {
        Some(file) => file.append(&totals[at..]),
        None => Ok(()),
    }
}

/// One worker's BFS state for a batch: words of its own nodes, next words of its ghosts.
struct Frontiers<const W: usize> {
    seen: Vec<[u64; W]>,
    frontier: Vec<[u64; W]>,
    /// Owned nodes then ghosts.
    next: Vec<[u64; W]>,
    active: Vec<u32>,
    touched: Vec<u32>,
}

impl<const W: usize> Frontiers<W> {
    fn new(part: &Part) -> Self {
        let len = part.len();
        Frontiers {
            seen: vec![[0; W]; len],
            frontier: vec![[0; W]; len],
            next: vec![[0; W]; len + part.ghosts.len()],
            active: Vec::new(),
            touched: Vec::new(),
        }
    }

    /// Clears the previous batch and sets the sources this worker owns.
    fn start<S: RingSink<W>>(
        &mut self,
        part: &Part,
        sources: std::ops::Range<usize>,
        sink: &mut S,
    ) {
        self.seen.iter_mut().for_each(|w| *w = [0; W]);
        // The last level's frontier was never expanded.
        for &u in &self.active {
            self.frontier[u as usize] = [0; W];
        }
        self.active.clear();
        sink.start(sources.len());
        for (j, s) in sources.enumerate() {
            if !(part.first..part.end).contains(&s) {
                continue;
            }
            let u = s - part.first;
            if self.frontier[u] == [0; W] {
                self.active.push(u as u32);
            }
            self.seen[u][j / 64] |= 1 << (j % 64);
            self.frontier[u][j / 64] |= 1 << (j % 64);
        }
    }

    /// Pushes the frontier one hop; returns the merged words of remote nodes, per owner.
    fn expand(&mut self, part: &Part) -> Vec<(usize, Msg)> {
        for &u in &self.active {
            let f = std::mem::replace(&mut self.frontier[u as usize], [0; W]);
            for &t in part.row(u as usize) {
                let next = &mut self.next[t as usize];
                if *next == [0; W] {
                    self.touched.push(t);
                }
                for w in 0..W {
                    next[w] |= f[w];
                }
            }
        }
        self.active.clear();
        let len = part.len() as u32;
        let mut ghosts: Vec<u32> = self.touched.iter().copied().filter(|&t| t >= len).collect();
        self.touched.retain(|&t| t < len);
        ghosts.sort_unstable();
        let mut outgoing: Vec<(usize, Msg)> = Vec::new();
        for &g in &ghosts {
            let v = part.ghosts[(g - len) as usize];
            let dest = part.owner(v as usize);
            if outgoing.last().is_none_or(|(d, _)| *d != dest) {
                outgoing.push((
                    dest,
                    Msg::Rows {
                        nodes: Vec::new(),
                        words: Vec::new(),
                    },
                ));
            }
            if let Some((_, Msg::Rows { nodes, words })) = outgoing.last_mut() {
                nodes.push(v);
                words.extend(std::mem::replace(&mut self.next[g as usize], [0; W]));
            }
        }
        outgoing
    }

    /// Folds in what other workers sent, then settles the owned nodes reached at `level`.
    fn settle<S: RingSink<W>>(&mut self, part: &Part, inbox: Vec<Msg>, level: usize, sink: &mut S) {
        for msg in inbox {
            let Msg::Rows { nodes, words } = msg else {
                continue;
            };
            for (i, &v) in nodes.iter().enumerate() {
                let u = v as usize - part.first;
                let next = &mut self.next[u];
                if *next == [0; W] {
                    self.touched.push(u as u32);
                }
                for w in 0..W {
                    next[w] |= words[i * W + w];
                }
            }
        }
        for &u in &self.touched {
            let u = u as usize;
            let reached = std::mem::replace(&mut self.next[u], [0; W]);
            let mut new = [0u64; W];
            for w in 0..W {
                new[w] = reached[w] & !self.seen[u][w];
                self.seen[u][w] |= new[w];
            }
            if new != [0; W] {
                self.frontier[u] = new;
                self.active.push(u as u32);
                sink.ring(level, (part.first + u) as u32, &new);
            }
        }
        self.touched.clear();
    }
}
