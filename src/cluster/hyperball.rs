//! HyperBall across workers: the registers of [`crate::hyperball`], bit for bit.
//!
//! Round r on worker w, for its own nodes u: `next[u] = max(cur[u], cur[t])` over u's owned
//! neighbours t, and for each remote neighbour g, `out[g] = max(out[g], cur[u])`, one merged
//! array per (remote node, round). Each `out` goes to g's owner, which folds it into its
//! `next[g]`. Register-wise maximum is associative and commutative, so the result is the
//! single-machine one for any partition. Registers live in `u64` words (8 per word) so that a
//! message is a slice of words.
//!
//! Round 1 sends nothing: a remote neighbour's round-0 counter holds one register, a hash of
//! its own id, so each worker sets its ghosts' registers itself (from the network's ids, read
//! from the cache's order when it has one).

use std::time::Instant;

use super::checkpoint::{self, Fingerprint};
use super::part::Part;
use super::superstep::{Context, Msg};
use crate::error::Result;
use crate::hyperball::{
    ApproxReach, MAX_BITS, MIN_BITS, estimate, initial_register, relative_standard_error, ring_of,
    set_initial,
};
use crate::io::cache::Parts;

const ROUNDS: u32 = 3;

/// HyperBall to radius 3 with `2^bits` registers per node; worker 0 returns every node's
/// estimates.
pub fn run(cx: &mut Context, bits: u32, seed: u64) -> Result<Option<ApproxReach>> {
    let bits = bits.clamp(MIN_BITS, MAX_BITS);
    let m = 1usize << bits;
    let words = m / 8;
    let len = cx.part.len();
    let fp = Fingerprint {
        job: 1,
        nodes: cx.part.n as u64,
        arcs: cx.part.offsets[len] as u64,
        parameter: m as u64,
        seed,
        first: cx.part.first as u64,
        end: cx.part.end as u64,
    };
    // This round's and the next round's registers, the merged arrays out and in with their
    // serialised copies (as measured), the estimates; worker 0 also gathers every row.
    let (ghosts, n) = (cx.part.ghosts.len() as u64, cx.part.n as u64);
    let gathered = if cx.index() == 0 { 40 * n } else { 0 };
    let need = 2 * len as u64 * m as u64 + 4 * ghosts * (m as u64 + 4) + 56 * len as u64 + gathered;
    cx.ensure_memory(need, "HyperBall registers and messages")?;
    let (done, mut cur, mut sizes) = resume(cx, &fp, bits, seed)?;
    for round in done + 1..=ROUNDS {
        let started = Instant::now();
        cur = if round == 1 {
            first_round(cx, &cur, words, bits, seed)?
        } else {
            let (mut next, outgoing) = local_round(cx, &cur, words);
            let inbox = cx.exchange(outgoing, true)?;
            fold_in(cx, &mut next, words, inbox);
            next
        };
        if round >= 2 {
            let column = (round - 2) as usize;
            for (u, s) in sizes.iter_mut().enumerate() {
                s[column] = estimate(bytemuck::cast_slice(&cur[u * words..(u + 1) * words]));
            }
        }
        let saved = match &cx.options.checkpoint {
            Some(dir) => checkpoint::save_round(dir, cx.index(), round, &fp, &cur, &sizes),
            None => Ok(()),
        };
        cx.agree(saved)?;
        cx.log(&format!(
            "HyperBall round {round}/{ROUNDS} in {:.2} s",
            started.elapsed().as_secs_f64()
        ));
        std::thread::sleep(cx.options.round_delay);
    }
    gather(cx, &sizes, m)
}

/// Registers and ball estimates to start from: the last round every worker has saved, or
/// round 0 (each node's own hash).
fn resume(
    cx: &mut Context,
    fp: &Fingerprint,
    bits: u32,
    seed: u64,
) -> Result<(u32, Vec<u64>, Vec<[f64; 2]>)> {
    let (len, words) = (cx.part.len(), (1usize << bits) / 8);
    if let Some(dir) = cx.options.checkpoint.clone() {
        let latest = checkpoint::latest_round(&dir, cx.index(), fp);
        let latest = cx.agree(latest)?;
        let round = cx
            .all_values(u64::from(latest))?
            .into_iter()
            .min()
            .unwrap_or(0) as u32;
        if round > 0 {
            let loaded = checkpoint::load_round(&dir, cx.index(), round, fp, len, words);
            let (registers, sizes) = cx.agree(loaded)?;
            cx.log(&format!("resumed from the checkpoint of round {round}"));
            return Ok((round, registers, sizes));
        }
    }
    let mut registers = vec![0u64; len * words];
    for (u, regs) in registers.chunks_exact_mut(words).enumerate() {
        // Hashed by the network's own id: the same registers as one machine in any order.
        let v = cx.part.original_id(u);
        set_initial(bytemuck::cast_slice_mut(regs), v, bits, seed);
    }
    Ok((0, registers, vec![[0.0; 2]; len]))
}

/// Round 1 with no messages: every owned node's counter merged with its owned neighbours'
/// and, register by register, with the one register of each remote neighbour's first counter.
fn first_round(
    cx: &mut Context,
    cur: &[u64],
    words: usize,
    bits: u32,
    seed: u64,
) -> Result<Vec<u64>> {
    let ids = Parts::open(&cx.path).and_then(|parts| cx.part.ghost_original_ids(&parts));
    let ids = cx.agree(ids)?;
    Ok(merge_rows(&cx.part, cur, words, |ours, _, ghost| {
        let (index, value) = initial_register(ids[ghost], bits, seed);
        let regs: &mut [u8] = bytemuck::cast_slice_mut(ours);
        regs[index] = regs[index].max(value);
    }))
}

/// Every owned node's next registers: its own merged with its owned neighbours'; for each
/// remote neighbour, `remote(its next registers, its own registers, ghost index)`.
fn merge_rows(
    part: &Part,
    cur: &[u64],
    words: usize,
    mut remote: impl FnMut(&mut [u64], &[u64], usize),
) -> Vec<u64> {
    let len = part.len();
    let mut next = cur.to_vec();
    let rows = next.chunks_exact_mut(words).zip(cur.chunks_exact(words));
    for (u, (ours, mine)) in rows.enumerate() {
        for &t in part.row(u) {
            let t = t as usize;
            if t < len {
                max_into(ours, &cur[t * words..(t + 1) * words]);
            } else {
                remote(ours, mine, t - len);
            }
        }
    }
    next
}

/// One round's local work: the owned nodes' next registers from their owned neighbours, and
/// for every worker the merged registers of its nodes that border ours.
fn local_round(cx: &Context, cur: &[u64], words: usize) -> (Vec<u64>, Vec<(usize, Msg)>) {
    let part = &cx.part;
    // Messages of about CHUNK_BYTES, each with its own buffer (moved into the message, not
    // copied), so that timely can stream a round's registers.
    let chunk = (CHUNK_BYTES / (8 * words)).max(1);
    let chunks: Vec<(usize, std::ops::Range<usize>)> = part
        .ghost_ranges
        .iter()
        .enumerate()
        .flat_map(|(dest, r)| {
            (r.start..r.end)
                .step_by(chunk)
                .map(move |at| (dest, at..(at + chunk).min(r.end)))
        })
        .collect();
    let mut out: Vec<Vec<u64>> = chunks
        .iter()
        .map(|(_, r)| vec![0u64; r.len() * words])
        .collect();
    // Ghost g is at word `slot[g].1` of chunk `slot[g].0`.
    let slot: Vec<(usize, usize)> = chunks
        .iter()
        .enumerate()
        .flat_map(|(c, (_, r))| (0..r.len()).map(move |i| (c, i * words)))
        .collect();
    let next = merge_rows(part, cur, words, |_, mine, ghost| {
        let (c, at) = slot[ghost];
        max_into(&mut out[c][at..at + words], mine);
    });
    let outgoing = chunks
        .into_iter()
        .zip(out)
        .map(|((dest, r), regs)| {
            let msg = Msg::Rows {
                nodes: part.ghosts[r].to_vec(),
                words: regs,
            };
            (dest, msg)
        })
        .collect();
    (next, outgoing)
}

/// Register bytes per message (4,096 nodes of 256 registers).
const CHUNK_BYTES: usize = 1 << 20;

/// Folds the registers other workers merged for our nodes into `next`.
fn fold_in(cx: &Context, next: &mut [u64], words: usize, inbox: Vec<Msg>) {
    let first = cx.part.first;
    for msg in inbox {
        if let Msg::Rows { nodes, words: regs } = msg {
            for (i, &v) in nodes.iter().enumerate() {
                let u = v as usize - first;
                max_into(
                    &mut next[u * words..(u + 1) * words],
                    &regs[i * words..(i + 1) * words],
                );
            }
        }
    }
}

/// Register-wise maximum of `theirs` into `ours` (8 registers per word).
#[inline]
fn max_into(ours: &mut [u64], theirs: &[u64]) {
    let ours: &mut [u8] = bytemuck::cast_slice_mut(ours);
    let theirs: &[u8] = bytemuck::cast_slice(theirs);
    for (a, &b) in ours.iter_mut().zip(theirs) {
        *a = (*a).max(b);
    }
}

/// Every worker's rows to worker 0, which puts them in node order.
fn gather(cx: &mut Context, sizes: &[[f64; 2]], m: usize) -> Result<Option<ApproxReach>> {
    let rse = relative_standard_error(m);
    let part = &cx.part;
    let (rings, se): (Vec<[u64; 3]>, Vec<[f64; 2]>) = sizes
        .iter()
        .enumerate()
        .map(|(u, &s)| ring_of(part.offsets[u + 1] - part.offsets[u], s, rse))
        .unzip();
    let first = part.first as u32;
    let inbox = cx.exchange(vec![(0, Msg::Approx { first, rings, se })], true)?;
    if cx.index() != 0 {
        return Ok(None);
    }
    let mut blocks: Vec<Msg> = inbox
        .into_iter()
        .filter(|msg| matches!(msg, Msg::Approx { .. }))
        .collect();
    blocks.sort_by_key(|msg| match msg {
        Msg::Approx { first, .. } => *first,
        _ => 0,
    });
    let mut result = ApproxReach {
        registers: m,
        relative_standard_error: rse,
        rings: Vec::with_capacity(cx.part.n),
        standard_error: Vec::with_capacity(cx.part.n),
    };
    for msg in blocks {
        if let Msg::Approx { rings, se, .. } = msg {
            result.rings.extend(rings);
            result.standard_error.extend(se);
        }
    }
    Ok(Some(result))
}
