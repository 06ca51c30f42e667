//! Approximate reach of every person: HyperLogLog counters per node propagated over the CSR
//! (HyperBall / HyperANF: P. Boldi, M. Rosa, S. Vigna, "HyperANF: approximating the
//! neighbourhood function of very large graphs on a budget", WWW 2011; P. Boldi and S. Vigna,
//! "In-core computation of geometric centralities with HyperBall", 2013).
//!
//! After round t the counter of v holds the union of the counters of its ball of radius t, so
//! |B_t(v)| is estimated with relative standard error 1.04/√m for m registers (P. Flajolet et
//! al., "HyperLogLog", AofA 2007). n1 is exact (the degree); n2 = |B₂| − 1 − n1 and
//! n3 = |B₃| − |B₂| are differences of estimates, whose standard error is at most the sum of
//! the two estimates' errors; that bound is reported per node.

use rayon::prelude::*;
use serde::Serialize;

pub mod packed;

use crate::graph::Csr;

/// Smallest and largest register exponents accepted (m = 2^b registers per node).
pub const MIN_BITS: u32 = 4;
/// See [`MIN_BITS`].
pub const MAX_BITS: u32 = 16;

/// Approximate n1 (exact), n2, n3 of every node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ApproxReach {
    /// Registers per node.
    pub registers: usize,
    /// Relative standard error of each ball-size estimate, 1.04/√m.
    pub relative_standard_error: f64,
    /// `[n1, n2, n3]` per node (n2, n3 rounded estimates).
    pub rings: Vec<[u64; 3]>,
    /// Standard-error bounds of n2 and n3 per node, in people.
    pub standard_error: Vec<[f64; 2]>,
}

/// splitmix64: a fast, well-mixed 64-bit hash of a node id (and a seed).
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// 2^−r, built from its exponent bits: the same value as `f64::powi(2.0, -r)` (a power of two
/// is exact), without a call the compiler cannot vectorise. Registers hold at most 65, far
/// from the smallest normal exponent (−1022).
#[inline]
fn inverse_power_of_two(r: u8) -> f64 {
    f64::from_bits((1023 - u64::from(r)) << 52)
}

/// The HyperLogLog estimate of one counter (with the small-range linear-counting correction).
pub fn estimate(registers: &[u8]) -> f64 {
    let m = registers.len() as f64;
    let alpha = match registers.len() {
        16 => 0.673,
        32 => 0.697,
        64 => 0.709,
        _ => 0.7213 / (1.0 + 1.079 / m),
    };
    let (mut sum, mut zeros) = (0.0, 0usize);
    for &r in registers {
        sum += inverse_power_of_two(r);
        zeros += usize::from(r == 0);
    }
    let raw = alpha * m * m / sum;
    if raw <= 2.5 * m && zeros > 0 {
        m * (m / zeros as f64).ln()
    } else {
        raw
    }
}

/// Bytes [`approx_reach`] allocates for `n` nodes with `2^bits` registers each: two register
/// arrays (this round and the next), the ball sizes and the result rows.
pub fn memory_bytes(n: usize, bits: u32) -> u64 {
    let registers = 1u64 << bits.clamp(MIN_BITS, MAX_BITS);
    (n as u64).saturating_mul(2 * registers + 16 + 40)
}

/// HyperBall to radius 3 with `2^bits` registers per node (`bits` in 4..=16).
pub fn approx_reach(csr: &Csr, bits: u32, seed: u64) -> ApproxReach {
    approx_reach_progress(csr, bits, seed, &crate::progress::Silent)
}

/// [`approx_reach`], reporting finished rounds to `progress`.
pub fn approx_reach_progress(
    csr: &Csr,
    bits: u32,
    seed: u64,
    progress: &dyn crate::progress::Progress,
) -> ApproxReach {
    progress.begin("HyperBall rounds", 3);
    let bits = bits.clamp(MIN_BITS, MAX_BITS);
    let m = 1usize << bits;
    let raise = |regs: &mut [u8], index: usize, value: u8| regs[index] = regs[index].max(value);
    let merge = |ours: &mut [u8], theirs: &[u8]| {
        for (a, &b) in ours.iter_mut().zip(theirs) {
            *a = (*a).max(b);
        }
    };
    let first = |v: u32, out: &mut [u8]| first_round(csr, v, bits, seed, out, raise);
    let sizes = rounds(csr, m, first, merge, |_, regs| estimate(regs), progress);
    progress.end();
    rings_from_sizes(csr, &sizes, m)
}

/// The counter of `v` after round 1 (`out` all zero on entry): the union of `v`'s and its
/// neighbours' initial counters. Each of those holds one non-zero register, so it is set with
/// one `raise(out, index, value)` per node instead of a whole-counter merge per arc.
fn first_round<T>(
    csr: &Csr,
    v: u32,
    bits: u32,
    seed: u64,
    out: &mut [T],
    raise: impl Fn(&mut [T], usize, u8),
) {
    for u in std::iter::once(v).chain(csr.neighbors(v).iter().copied()) {
        let (index, value) = initial_register(u, bits, seed);
        raise(out, index, value);
    }
}

/// The three rounds over counters of `width` cells per node: `first` writes a node's counter
/// after round 1 (into zeroed cells); in rounds 2 and 3 each node's counter is its own merged
/// with its neighbours' (`merge`), and `size` estimates it at once, while it is in cache (with
/// a scratch buffer per thread). Returns the two estimates per node. Shared by the byte and
/// the packed registers.
fn rounds<T: Copy + Default + Send + Sync>(
    csr: &Csr,
    width: usize,
    first: impl Fn(u32, &mut [T]) + Sync,
    merge: impl Fn(&mut [T], &[T]) + Sync,
    size: impl Fn(&mut Vec<u8>, &[T]) -> f64 + Sync,
    progress: &dyn crate::progress::Progress,
) -> Vec<[f64; 2]> {
    let n = csr.node_count();
    let cells = |v: usize| v * width..(v + 1) * width;
    let grow = |previous: &[T], v: usize, out: &mut [T]| {
        out.copy_from_slice(&previous[cells(v)]);
        let neighbours = csr.neighbors(v as u32);
        for (i, &u) in neighbours.iter().enumerate() {
            if let Some(&ahead) = neighbours.get(i + LOOK_AHEAD) {
                prefetch(&previous[cells(ahead as usize)]);
            }
            merge(out, &previous[cells(u as usize)]);
        }
    };
    let mut round1 = vec![T::default(); n * width];
    round1
        .par_chunks_mut(width)
        .enumerate()
        .for_each(|(v, out)| first(v as u32, out));
    progress.advance(1);
    // Round 2 is kept, since round 3 reads it.
    let mut round2 = vec![T::default(); n * width];
    let mut sizes = vec![[0f64; 2]; n];
    round2
        .par_chunks_mut(width)
        .zip(sizes.par_iter_mut())
        .enumerate()
        .for_each_init(Vec::new, |scratch, (v, (out, s))| {
            grow(&round1, v, out);
            s[0] = size(scratch, out);
        });
    drop(round1);
    progress.advance(1);
    // Round 3 is only estimated: each counter lives in a buffer of its thread.
    sizes.par_iter_mut().enumerate().for_each_init(
        || (Vec::new(), vec![T::default(); width]),
        |(scratch, out), (v, s)| {
            grow(&round2, v, out);
            s[1] = size(scratch, out);
        },
    );
    progress.advance(1);
    sizes
}

/// How many neighbours ahead of the merge [`prefetch`] asks for a counter: the counters of a
/// node's neighbours sit at random places, and without this the merge waits on memory for
/// each in turn (four ahead measured best on the 10^7-edge suite graph, ~20 % faster rounds).
const LOOK_AHEAD: usize = 4;

/// Asks the processor to start loading every cache line of `cells`, for a merge a few
/// neighbours later.
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
#[inline]
fn prefetch<T>(cells: &[T]) {
    use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
    let start = cells.as_ptr().cast::<i8>();
    for offset in (0..std::mem::size_of_val(cells)).step_by(64) {
        // SAFETY: `_mm_prefetch` is `unsafe` only because it is an SSE function, and SSE is
        // part of every x86-64 processor. A prefetch is a hint: it never faults and never
        // changes memory, and this address lies inside `cells` anyway.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(start.wrapping_add(offset)) };
    }
}

/// Elsewhere the merge goes without (stable Rust has no portable prefetch).
#[cfg(not(target_arch = "x86_64"))]
#[inline]
fn prefetch<T>(_cells: &[T]) {}

/// The one non-zero register of node `v`'s initial counter, as `(index, value)`: a seeded hash
/// of `v` picks the register (its top `bits` bits) and the value (one plus the leading zeros
/// of the rest), as in HyperLogLog.
pub fn initial_register(v: u32, bits: u32, seed: u64) -> (usize, u8) {
    let h = mix(u64::from(v) ^ mix(seed));
    let index = (h >> (64 - bits)) as usize;
    let rest = h << bits;
    (index, (rest.leading_zeros().min(64 - bits) + 1) as u8)
}

/// Sets the counter of node `v` (all-zero `regs`, `2^bits` of them) to hold only `v`. Shared
/// with the cluster engine, which must start from the very same registers.
pub fn set_initial(regs: &mut [u8], v: u32, bits: u32, seed: u64) {
    let (index, value) = initial_register(v, bits, seed);
    regs[index] = value;
}

/// n1 (exact), n2 and n3 of one node of degree `n1` from its estimated ball sizes of radius 2
/// and 3 (`sizes`), with the standard-error bounds of n2 and n3; `rse` is 1.04/√m.
pub fn ring_of(n1: usize, sizes: [f64; 2], rse: f64) -> ([u64; 3], [f64; 2]) {
    let n1 = n1 as f64;
    // A ball is never smaller than the smaller ball inside it.
    let b2 = sizes[0].max(1.0 + n1);
    let b3 = sizes[1].max(b2);
    (
        [
            n1 as u64,
            (b2 - 1.0 - n1).round() as u64,
            (b3 - b2).round() as u64,
        ],
        [rse * b2, rse * (b3 + b2)],
    )
}

/// 1.04/√m: the relative standard error of a ball-size estimate with `m` registers.
pub fn relative_standard_error(m: usize) -> f64 {
    1.04 / (m as f64).sqrt()
}

/// n1 (exact), n2 and n3 from the estimated ball sizes of radius 2 and 3, with their errors.
fn rings_from_sizes(csr: &Csr, sizes: &[[f64; 2]], m: usize) -> ApproxReach {
    let rse = relative_standard_error(m);
    let (rings, standard_error) = sizes
        .iter()
        .enumerate()
        .map(|(v, &s)| ring_of(csr.degree(v as u32), s, rse))
        .unzip();
    ApproxReach {
        registers: m,
        relative_standard_error: rse,
        rings,
        standard_error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_powers_of_two_are_those_of_powi() {
        for r in 0..=u8::MAX {
            assert_eq!(
                inverse_power_of_two(r).to_bits(),
                f64::powi(2.0, -(r as i32)).to_bits(),
                "r = {r}"
            );
        }
    }

    #[test]
    fn estimate_counts_distinct_items() {
        for (count, bits) in [(10u64, 8u32), (1000, 8), (100_000, 10)] {
            let m = 1usize << bits;
            let mut regs = vec![0u8; m];
            for x in 0..count {
                let h = mix(x);
                let i = (h >> (64 - bits)) as usize;
                regs[i] = regs[i].max(((h << bits).leading_zeros().min(64 - bits) + 1) as u8);
            }
            let e = estimate(&regs);
            let rse = 1.04 / (m as f64).sqrt();
            assert!(
                (e - count as f64).abs() <= 4.0 * rse * count as f64 + 1.0,
                "{count}: {e}"
            );
        }
    }
}
