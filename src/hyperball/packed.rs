//! HyperBall with 6-bit registers, ten to a 64-bit word, for graphs where the byte registers do
//! not fit: 208 instead of 256 bytes per node at 256 registers (−19 %), 2 × 26 words per node
//! for the two rounds. A register never exceeds 64 − b + 1 ≤ 61, so six bits hold every value
//! a byte register holds, and the estimates are the byte registers' estimates, bit for bit.
//!
//! Merging is broadword: the register-wise maximum of two words in a dozen operations, without
//! unpacking (the comparison of D. E. Knuth, TAOCP 7.1.3, as HyperBall uses it).

use super::{ApproxReach, MAX_BITS, MIN_BITS, estimate, first_round, rings_from_sizes, rounds};
use crate::graph::Csr;

/// Registers per word.
pub const PER_WORD: usize = 10;
const WIDTH: usize = 6;

/// The top bit of each of the ten 6-bit fields (bits 5, 11, …, 59).
const HIGH: u64 = {
    let mut h = 0u64;
    let mut j = 0;
    while j < PER_WORD {
        h |= 1 << (WIDTH * j + WIDTH - 1);
        j += 1;
    }
    h
};

/// Field-wise unsigned maximum of two words of ten 6-bit fields.
///
/// `(x | HIGH) − (y & !HIGH)` subtracts field by field without borrows (each minuend field is
/// at least 32, each subtrahend field below 32), and its field's top bit says whether x's low
/// five bits are at least y's. Where the top bits of x and y differ, x's top bit decides. The
/// resulting top bits are spread over their fields and select x or y.
#[inline]
pub fn max_fields(x: u64, y: u64) -> u64 {
    let low_ge = (x | HIGH).wrapping_sub(y & !HIGH);
    let differ = (x ^ y) & HIGH;
    let ge = (differ & x) | (!differ & HIGH & low_ge);
    let mask = (ge << 1).wrapping_sub(ge >> (WIDTH - 1));
    (x & mask) | (y & !mask)
}

/// Words per node for `m` registers.
pub fn words_for(m: usize) -> usize {
    m.div_ceil(PER_WORD)
}

/// Bytes [`approx_reach_packed`] allocates for `n` nodes with `2^bits` registers each.
pub fn memory_bytes(n: usize, bits: u32) -> u64 {
    let words = words_for(1 << bits.clamp(MIN_BITS, MAX_BITS)) as u64;
    (n as u64).saturating_mul(2 * 8 * words + 16 + 40)
}

fn unpack(words: &[u64], registers: &mut [u8]) {
    for (chunk, &word) in registers.chunks_mut(PER_WORD).zip(words) {
        for (j, r) in chunk.iter_mut().enumerate() {
            *r = ((word >> (WIDTH * j)) & 63) as u8;
        }
    }
}

/// [`super::approx_reach`] with packed registers: the same result, in less memory.
pub fn approx_reach_packed(
    csr: &Csr,
    bits: u32,
    seed: u64,
    progress: &dyn crate::progress::Progress,
) -> ApproxReach {
    progress.begin("HyperBall rounds (packed registers)", 3);
    let bits = bits.clamp(MIN_BITS, MAX_BITS);
    let m = 1usize << bits;
    let words = words_for(m);
    let raise = |words: &mut [u64], index: usize, value: u8| {
        let (word, shift) = (index / PER_WORD, WIDTH * (index % PER_WORD));
        let field = (words[word] >> shift) & 63;
        if u64::from(value) > field {
            words[word] = (words[word] & !(63 << shift)) | (u64::from(value) << shift);
        }
    };
    let first = |v: u32, out: &mut [u64]| first_round(csr, v, bits, seed, out, raise);
    let merge = |ours: &mut [u64], theirs: &[u64]| {
        for (a, &b) in ours.iter_mut().zip(theirs) {
            *a = max_fields(*a, b);
        }
    };
    let size = |regs: &mut Vec<u8>, packed: &[u64]| {
        regs.resize(m, 0);
        unpack(packed, regs);
        estimate(regs)
    };
    let sizes = rounds(csr, words, first, merge, size, progress);
    progress.end();
    rings_from_sizes(csr, &sizes, m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};

    /// Ten registers to a word, as the merge expects them.
    fn pack(registers: &[u8], words: &mut [u64]) {
        for (word, chunk) in words.iter_mut().zip(registers.chunks(PER_WORD)) {
            *word = chunk
                .iter()
                .enumerate()
                .fold(0, |w, (j, &r)| w | (u64::from(r) << (WIDTH * j)));
        }
    }

    #[test]
    fn broadword_max_is_the_field_wise_max() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut a = [0u8; PER_WORD];
        let mut b = [0u8; PER_WORD];
        for _ in 0..100_000 {
            for j in 0..PER_WORD {
                // Small values often, so that equal and near-equal fields are common.
                a[j] = rng.random_range(0..64);
                b[j] = if rng.random_bool(0.3) {
                    a[j]
                } else {
                    rng.random_range(0..64)
                };
            }
            let (mut x, mut y) = ([0u64], [0u64]);
            pack(&a, &mut x);
            pack(&b, &mut y);
            let mut got = [0u8; PER_WORD];
            unpack(&[max_fields(x[0], y[0])], &mut got);
            let want: Vec<u8> = a.iter().zip(&b).map(|(p, q)| *p.max(q)).collect();
            assert_eq!(got.to_vec(), want, "{a:?} {b:?}");
        }
    }

    #[test]
    fn packed_registers_give_the_byte_registers_estimates_bit_for_bit() {
        let pairs = crate::generate::barabasi_albert(3000, 3, 9);
        let (csr, _) = Csr::from_pairs(3000, &pairs);
        for bits in [4, 7, 8, 10] {
            let bytes = super::super::approx_reach(&csr, bits, 3);
            let packed = approx_reach_packed(&csr, bits, 3, &crate::progress::Silent);
            assert_eq!(bytes, packed, "{bits} bits");
        }
    }
}
