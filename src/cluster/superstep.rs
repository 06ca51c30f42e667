//! Bulk-synchronous supersteps on timely: every worker hands over the messages it addresses to
//! other workers, and gets back every message addressed to it in that superstep.
//!
//! One dataflow per worker: an input of `(destination worker, message)` pairs, an `Exchange`
//! pact that routes each pair to its destination, and an operator that files what arrives by
//! its timestamp (the superstep's number). A probe after that operator tells when superstep
//! `t` is complete everywhere: timely's progress tracking counts a message as outstanding until
//! its receiver has taken it, so once the probe passes `t`, every message of `t` is filed.
//!
//! Every superstep is also a vote: each worker tells every worker whether it is still fine, so
//! that an error in one worker (a file it cannot read or write) stops all of them at the same
//! superstep instead of leaving the others computing without its messages.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use timely::dataflow::channels::pact::Exchange;
use timely::dataflow::operators::Probe;
use timely::dataflow::operators::generic::operator::Operator;
use timely::dataflow::operators::vec::Input;
use timely::dataflow::{InputHandleVec as InputHandle, ProbeHandle};
use timely::worker::Worker;

use super::Options;
use super::part::Part;
use super::wire::Wire;
use crate::error::{Error, Result};

/// What workers send each other.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Msg {
    /// Whether the sender is still fine (one to every worker in every superstep).
    Vote(bool),
    /// Words of destination nodes: node `nodes[i]` gets `words[i * k..(i + 1) * k]` for the
    /// `k` words per node the algorithm uses (registers, frontier bits, a label).
    Rows {
        /// Global node ids, owned by the destination.
        nodes: Vec<u32>,
        /// Their words, `k` per node.
        words: Vec<u64>,
    },
    /// [`Msg::Rows`] compressed for another process ([`super::wire`]).
    Packed {
        /// Nodes in the rows.
        nodes: u32,
        /// Words in the rows.
        words: u32,
        /// One zstd frame of the node ids (as differences) and the words.
        frame: Vec<u8>,
    },
    /// One number (a round to resume from, a count).
    Value(u64),
    /// Pairs of numbers (a histogram, `(node, degree)`, `(label, people)`).
    Pairs(Vec<(u64, u64)>),
    /// Exact ring counts of the consecutive sources from `first`, `depth` per source.
    Counts {
        /// First source.
        first: u32,
        /// `counts[i * depth + k - 1]`.
        counts: Vec<u64>,
    },
    /// HyperBall results of the consecutive nodes from `first`.
    Approx {
        /// First node.
        first: u32,
        /// `[n1, n2, n3]` per node.
        rings: Vec<[u64; 3]>,
        /// Standard errors of n2 and n3 per node.
        se: Vec<[f64; 2]>,
    },
}

impl Msg {
    /// Bytes of payload (what the wire carries, give or take the encoding's length fields).
    pub fn payload_bytes(&self) -> u64 {
        let bytes = match self {
            Msg::Vote(_) => 1,
            Msg::Value(_) => 8,
            Msg::Rows { nodes, words } => 4 * nodes.len() + 8 * words.len(),
            Msg::Packed { frame, .. } => 8 + frame.len(),
            Msg::Pairs(p) => 16 * p.len(),
            Msg::Counts { counts, .. } => 4 + 8 * counts.len(),
            Msg::Approx { rings, se, .. } => 4 + 24 * rings.len() + 16 * se.len(),
        };
        bytes as u64
    }
}

type Inbox = Rc<RefCell<BTreeMap<u64, Vec<Msg>>>>;

/// A worker's place in the run: its timely worker, its part of the graph, the exchange.
pub struct Context<'w> {
    worker: &'w mut Worker,
    input: InputHandle<u64, (u32, Msg)>,
    probe: ProbeHandle<u64>,
    inbox: Inbox,
    step: u64,
    threads: usize,
    /// The rows this worker owns.
    pub part: Part,
    /// The cache file every worker reads its part from.
    pub path: PathBuf,
    /// Checkpoints and test pauses.
    pub options: Options,
    /// Payload bytes sent to workers of other processes so far (as packed).
    pub sent_bytes: u64,
    /// Payload bytes those messages had before packing.
    pub unpacked_bytes: u64,
    wire: Wire,
    started: Instant,
}

impl<'w> Context<'w> {
    /// Builds the exchange and reads this worker's part of `path`; every worker learns
    /// whether all of them could.
    pub fn new(
        worker: &'w mut Worker,
        threads: usize,
        path: &Path,
        options: &Options,
    ) -> Result<Self> {
        let (input, probe, inbox) = build_exchange(worker);
        let wire = Wire::new()?;
        let (index, peers) = (worker.index(), worker.peers());
        let read = crate::io::cache::Parts::open(path).and_then(|p| Part::read(&p, peers, index));
        let mut cx = Context {
            worker,
            input,
            probe,
            inbox,
            step: 0,
            threads,
            part: Part::empty(),
            path: path.to_path_buf(),
            options: options.clone(),
            sent_bytes: 0,
            unpacked_bytes: 0,
            wire,
            started: Instant::now(),
        };
        let part = cx.agree(read)?;
        cx.log(&format!(
            "owns nodes {}..{} ({} arcs, {} remote neighbours)",
            part.first,
            part.end,
            part.targets.len(),
            part.ghosts.len()
        ));
        cx.part = part;
        Ok(cx)
    }

    /// This worker's index, `process * threads + thread`.
    pub fn index(&self) -> usize {
        self.worker.index()
    }

    /// Workers in the cluster.
    pub fn peers(&self) -> usize {
        self.worker.peers()
    }

    /// One superstep: sends `outgoing` (destination worker, message) and returns what the
    /// other workers sent here. `ok` is this worker's vote; if any worker voted no (or is
    /// gone), every worker gets an error.
    pub fn exchange(&mut self, outgoing: Vec<(usize, Msg)>, ok: bool) -> Result<Vec<Msg>> {
        let (me, peers) = (self.index(), self.peers());
        for (dest, mut msg) in outgoing {
            if dest / self.threads != me / self.threads {
                self.unpacked_bytes += msg.payload_bytes();
                msg = self.wire.pack(msg);
                self.sent_bytes += msg.payload_bytes();
            }
            self.input.send((dest as u32, msg));
        }
        for dest in 0..peers {
            self.input.send((dest as u32, Msg::Vote(ok)));
        }
        let step = self.step;
        self.step += 1;
        self.input.advance_to(self.step);
        let (probe, next) = (&self.probe, self.step);
        self.worker
            .step_or_park_while(Some(Duration::from_millis(5)), || probe.less_than(&next));
        let arrived = self.inbox.borrow_mut().remove(&step).unwrap_or_default();
        let (mut yes, mut no) = (0, 0);
        let mut messages = Vec::with_capacity(arrived.len());
        let mut damaged = None;
        for msg in arrived {
            match msg {
                Msg::Vote(true) => yes += 1,
                Msg::Vote(false) => no += 1,
                other => match self.wire.unpack(other) {
                    Ok(msg) => messages.push(msg),
                    Err(e) => damaged = Some(e),
                },
            }
        }
        if no > 0 || yes != peers {
            return Err(Error::Cluster(format!(
                "worker {me}: {} of {peers} workers stopped at superstep {step}",
                peers - yes
            )));
        }
        if let Some(e) = damaged {
            return Err(e);
        }
        Ok(messages)
    }

    /// Votes on `result` in one superstep: `Ok` where every worker's was, else an error
    /// everywhere (this worker's own error where it had one).
    pub fn agree<T>(&mut self, result: Result<T>) -> Result<T> {
        let ok = result.is_ok();
        let votes = self.exchange(Vec::new(), ok);
        match (result, votes) {
            (Err(e), _) => Err(e),
            (Ok(_), Err(e)) => Err(e),
            (Ok(value), Ok(_)) => Ok(value),
        }
    }

    /// Checks, before a job allocates, that every worker of this process can have `per_worker`
    /// bytes (the workers of a process share its memory), and agrees on it with all workers.
    pub fn ensure_memory(&mut self, per_worker: u64, what: &str) -> Result<()> {
        let need = per_worker.saturating_mul(self.threads as u64);
        let checked =
            crate::memory::ensure(need, format_args!("{what} on {} workers", self.threads));
        self.agree(checked)
    }

    /// Sends `value` to every worker and returns every worker's value.
    pub fn all_values(&mut self, value: u64) -> Result<Vec<u64>> {
        let outgoing = (0..self.peers()).map(|d| (d, Msg::Value(value))).collect();
        let inbox = self.exchange(outgoing, true)?;
        Ok(inbox
            .into_iter()
            .filter_map(|m| match m {
                Msg::Value(v) => Some(v),
                _ => None,
            })
            .collect())
    }

    /// One progress line on stderr, naming the process and worker.
    pub fn log(&self, what: &str) {
        use std::io::Write;
        let me = self.index();
        let line = format!(
            "netreach cluster: process {} worker {me}: {what} [{:.2} s, {} sent, packed from {}]\n",
            me / self.threads,
            self.started.elapsed().as_secs_f64(),
            crate::memory::Bytes(self.sent_bytes),
            crate::memory::Bytes(self.unpacked_bytes)
        );
        // One write per line, so that lines of several processes do not interleave.
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }
}

/// The exchange dataflow: input → route by destination → file by superstep → probe.
fn build_exchange(worker: &mut Worker) -> (InputHandle<u64, (u32, Msg)>, ProbeHandle<u64>, Inbox) {
    let mut input = InputHandle::new();
    let probe = ProbeHandle::new();
    let inbox: Inbox = Rc::new(RefCell::new(BTreeMap::new()));
    let filed = Rc::clone(&inbox);
    worker.dataflow::<u64, _, _>(|scope| {
        scope
            .input_from(&mut input)
            .unary::<timely::container::CapacityContainerBuilder<Vec<()>>, _, _, _>(
                Exchange::new(|m: &(u32, Msg)| u64::from(m.0)),
                "inbox",
                move |_, _| {
                    move |input, _output| {
                        input.for_each(|cap, data| {
                            // Every message is sent at one superstep's time.
                            if let Some(&step) = cap.least() {
                                let mut inbox = filed.borrow_mut();
                                let shelf = inbox.entry(step).or_default();
                                shelf.extend(data.drain(..).map(|(_, m)| m));
                            }
                        });
                    }
                },
            )
            .probe_with(&probe);
    });
    (input, probe, inbox)
}
