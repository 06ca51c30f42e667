//! Node rows as they cross the wire between processes: zstd-compressed.
//!
//! Most of what workers send are [`Msg::Rows`]: HyperBall registers (one byte each, small
//! values, the first rounds mostly zero) and frontier words (mostly zero bits). On the 10^6 /
//! 10^7 suite graph every person is a remote neighbour of every other worker under any order
//! (`reports/bench/2026-12-06T1942-cluster-orders.md`), so the rows cannot be fewer; they can be
//! smaller. zstd at level 1 codes them near their byte entropy at a few hundred MB/s, more
//! than a network link carries. Rows to workers of the same process are not serialised by
//! timely and stay as they are.
//!
//! A packed message is the node ids, each as its difference from the one before (ids come
//! sorted, so the differences are small), then the words, little-endian, in one zstd frame.

use super::superstep::Msg;
use crate::error::{Error, Result};

/// zstd level: level 1 compresses the registers 2.5–13× at 250–580 MB/s; faster levels lose
/// most of the ratio on the dense rounds (measured with the zstd tool on one round's rows).
const LEVEL: i32 = 1;

/// Rows smaller than this (a few nodes) go as they are: a zstd frame has its own header.
const SMALLEST: usize = 64;

/// One worker's zstd contexts, kept across supersteps (a context is a few allocations).
pub struct Wire {
    compressor: zstd::bulk::Compressor<'static>,
    decompressor: zstd::bulk::Decompressor<'static>,
}

impl Wire {
    /// Fresh contexts.
    pub fn new() -> Result<Wire> {
        Ok(Wire {
            compressor: zstd::bulk::Compressor::new(LEVEL).map_err(zstd_error)?,
            decompressor: zstd::bulk::Decompressor::new().map_err(zstd_error)?,
        })
    }

    /// `msg` as it goes to another process: [`Msg::Rows`] packed, anything else unchanged
    /// (rows too, should zstd fail: they are correct either way, only larger).
    pub fn pack(&mut self, msg: Msg) -> Msg {
        let Msg::Rows { nodes, words } = msg else {
            return msg;
        };
        if 4 * nodes.len() + 8 * words.len() < SMALLEST {
            return Msg::Rows { nodes, words };
        }
        let mut raw = Vec::with_capacity(4 * nodes.len() + 8 * words.len());
        let mut last = 0u32;
        for &v in &nodes {
            raw.extend_from_slice(&v.wrapping_sub(last).to_le_bytes());
            last = v;
        }
        for w in &words {
            raw.extend_from_slice(&w.to_le_bytes());
        }
        match self.compressor.compress(&raw) {
            Ok(frame) => Msg::Packed {
                nodes: nodes.len() as u32,
                words: words.len() as u32,
                frame,
            },
            Err(_) => Msg::Rows { nodes, words },
        }
    }

    /// The [`Msg::Rows`] a [`Msg::Packed`] came from; anything else unchanged.
    pub fn unpack(&mut self, msg: Msg) -> Result<Msg> {
        let Msg::Packed {
            nodes,
            words,
            frame,
        } = msg
        else {
            return Ok(msg);
        };
        let (nodes, words) = (nodes as usize, words as usize);
        let size = 4 * nodes + 8 * words;
        let raw = self
            .decompressor
            .decompress(&frame, size)
            .map_err(zstd_error)?;
        if raw.len() != size {
            return Err(Error::Cluster(format!(
                "a packed message has {} bytes, not the {size} its header says",
                raw.len()
            )));
        }
        let (ids, rest) = raw.split_at(4 * nodes);
        let mut last = 0u32;
        let nodes = ids
            .chunks_exact(4)
            .map(|b| {
                last = last.wrapping_add(u32::from_le_bytes(b.try_into().unwrap()));
                last
            })
            .collect();
        let words = rest
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().unwrap()))
            .collect();
        Ok(Msg::Rows { nodes, words })
    }
}

fn zstd_error(e: std::io::Error) -> Error {
    Error::Cluster(format!("zstd, on a message between processes: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(nodes: Vec<u32>, words: Vec<u64>) -> Msg {
        Msg::Rows { nodes, words }
    }

    fn parts(msg: &Msg) -> (Vec<u32>, Vec<u64>) {
        match msg {
            Msg::Rows { nodes, words } => (nodes.clone(), words.clone()),
            other => panic!("not rows: {other:?}"),
        }
    }

    #[test]
    fn rows_come_back_as_they_were_sent() {
        let mut wire = Wire::new().unwrap();
        let cases = [
            (vec![], vec![]),
            (vec![7], vec![u64::MAX]),
            ((0..5000).map(|i| i * 3 + 1).collect(), vec![0; 5000 * 4]),
            // Unsorted and extreme ids, words with every bit pattern.
            (
                vec![u32::MAX, 0, 12, 5, u32::MAX - 1],
                (0..40u64)
                    .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
                    .collect(),
            ),
        ];
        for (nodes, words) in cases {
            let packed = wire.pack(rows(nodes.clone(), words.clone()));
            let back = wire.unpack(packed).unwrap();
            assert_eq!(parts(&back), (nodes, words));
        }
    }

    #[test]
    fn registers_shrink_and_other_messages_pass_unchanged() {
        let mut wire = Wire::new().unwrap();
        // 4,096 rows of 256 small registers, a few of them set, as in HyperBall's first round.
        let mut regs = vec![0u8; 4096 * 256];
        for i in (0..regs.len()).step_by(29) {
            regs[i] = (i % 5) as u8 + 1;
        }
        let words: Vec<u64> = bytemuck::pod_collect_to_vec(&regs);
        let msg = rows((0..4096).collect(), words);
        let raw = msg.payload_bytes();
        let packed = wire.pack(msg);
        assert!(matches!(packed, Msg::Packed { .. }));
        assert!(
            packed.payload_bytes() * 4 < raw,
            "{raw} -> {}",
            packed.payload_bytes()
        );
        let small = wire.pack(rows(vec![3], vec![1]));
        assert!(matches!(small, Msg::Rows { .. }));
        assert!(matches!(wire.pack(Msg::Value(9)), Msg::Value(9)));
    }

    #[test]
    fn a_damaged_frame_is_an_error_not_a_panic() {
        let mut wire = Wire::new().unwrap();
        let packed = wire.pack(rows((0..100).collect(), vec![5; 100]));
        let Msg::Packed {
            nodes,
            words,
            mut frame,
        } = packed
        else {
            panic!("not packed");
        };
        frame.truncate(frame.len() / 2);
        let damaged = Msg::Packed {
            nodes,
            words,
            frame,
        };
        assert!(wire.unpack(damaged).is_err());
        let lying = wire.pack(rows((0..100).collect(), vec![5; 100]));
        let Msg::Packed { words, frame, .. } = lying else {
            panic!("not packed");
        };
        let lying = Msg::Packed {
            nodes: 90,
            words,
            frame,
        };
        assert!(wire.unpack(lying).is_err());
    }
}
