//! How paths are ranked without enumerating them, and a job list's introducers counted in one
//! pass.
//!
//! A path's rank ([`PathRank`]) is, in order: the first hop's tie strength (known first), the
//! next hop's strength from the first hop's own archive (known first), the mutual connections
//! of the first and second hops (when the second is not the target), the first hop's mutual
//! connections with the ego, then the ids along the path. All but the ids after the first hop
//! depend only on the first hop and the next person, so for each next person the first hops
//! are ranked once ([`Memo::firsts`]) and a target's best paths are merged from the lists of
//! its predecessors.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::rc::Rc;

use rustc_hash::FxHashMap;

use super::Introductions;
use crate::graph::intersection_len;

/// A first hop and the part of a path's rank it decides together with the next person.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct FirstHop {
    key: (
        Reverse<i64>,
        bool,
        Reverse<i64>,
        bool,
        Reverse<usize>,
        Reverse<usize>,
    ),
    /// The contact the ego would ask.
    pub first: u32,
}

/// A path's rank, smaller is better: the first hop's part, then the ids after it (the
/// middle person and the target on three hops, the target and 0 on two, zeros on one).
pub(super) type PathRank = (FirstHop, [u32; 2]);

impl FirstHop {
    /// The rank of `[ego, first, t]`.
    pub fn path_rank(&self, t: u32) -> PathRank {
        (self.clone(), [t, 0])
    }

    /// The rank of `[ego, first, b, t]`.
    pub fn path_rank_via(&self, b: u32, t: u32) -> PathRank {
        (self.clone(), [b, t])
    }
}

/// A strength in thousandths as an integer, strongest first: a total order without float
/// comparison.
fn ordered(score: Option<f64>) -> Reverse<i64> {
    Reverse(score.map_or(i64::MIN, |s| (s * 1000.0).round() as i64))
}

/// First hops ranked for each (next person, whether the path ends there).
type RankedFirsts = FxHashMap<(u32, bool), Rc<Vec<FirstHop>>>;

/// Ranked first hops per next person, and each first hop's mutual connections with the ego,
/// computed on first use.
#[derive(Default)]
pub(super) struct Memo {
    firsts: RefCell<RankedFirsts>,
    ego_mutuals: RefCell<FxHashMap<u32, usize>>,
}

impl Memo {
    /// The rank of the one path `[ego, t]` to a contact.
    pub fn direct(&self, intro: &Introductions, t: u32) -> PathRank {
        (self.first_hop(intro, t, None), [0, 0])
    }

    /// The predecessors of `next` (its first hops), best first; `next_is_target` when the
    /// path ends at `next` (then the first hop's mutual connections with it do not count).
    pub fn firsts(
        &self,
        intro: &Introductions,
        next: u32,
        next_is_target: bool,
    ) -> Rc<Vec<FirstHop>> {
        if let Some(list) = self.firsts.borrow().get(&(next, next_is_target)) {
            return list.clone();
        }
        let mut list: Vec<FirstHop> = intro
            .predecessors(next)
            .map(|a| self.first_hop(intro, a, Some((next, next_is_target))))
            .collect();
        list.sort_unstable();
        let list = Rc::new(list);
        self.firsts
            .borrow_mut()
            .insert((next, next_is_target), list.clone());
        list
    }

    fn first_hop(&self, intro: &Introductions, a: u32, next: Option<(u32, bool)>) -> FirstHop {
        let csr = &intro.network.csr;
        let score = intro.strength.get(&a).and_then(|s| s.score);
        let next_score = next.and_then(|(b, _)| intro.introducer_strength.get(&a)?.get(&b)?.score);
        let second = match next {
            Some((b, false)) => intersection_len(csr.neighbors(a), csr.neighbors(b)),
            _ => 0,
        };
        FirstHop {
            key: (
                ordered(score),
                score.is_none(),
                ordered(next_score),
                next_score.is_none(),
                Reverse(second),
                Reverse(self.ego_mutuals(intro, a)),
            ),
            first: a,
        }
    }

    fn ego_mutuals(&self, intro: &Introductions, a: u32) -> usize {
        if let Some(&n) = self.ego_mutuals.borrow().get(&a) {
            return n;
        }
        let csr = &intro.network.csr;
        let n = intersection_len(csr.neighbors(intro.ego), csr.neighbors(a));
        self.ego_mutuals.borrow_mut().insert(a, n);
        n
    }
}

/// Companies per pass of [`introducer_counts`]: 16 words of bits per person two hops away.
const COMPANIES_PER_PASS: usize = 1024;

/// For each company (its people), how many of the ego's contacts start a shortest path to
/// someone there two or three hops away. One pass over the contacts' neighbours for up to
/// [`COMPANIES_PER_PASS`] companies: each person two hops away carries a bit for every company
/// they are at or lead to in one more hop, and a contact introduces to the companies of the
/// bits of its neighbours two hops away.
pub(super) fn introducer_counts(intro: &Introductions, companies: &[Vec<u32>]) -> Vec<usize> {
    let dist = &intro.dist;
    let mut row = vec![u32::MAX; dist.len()];
    let mut second = 0usize;
    for (v, _) in dist.iter().enumerate().filter(|&(_, &d)| d == 2) {
        row[v] = second as u32;
        second += 1;
    }
    let contacts: Vec<u32> = (0..dist.len() as u32)
        .filter(|&v| dist[v as usize] == 1)
        .collect();
    let mut counts = Vec::with_capacity(companies.len());
    for chunk in companies.chunks(COMPANIES_PER_PASS) {
        let words = chunk.len().div_ceil(64);
        let mut bits = vec![0u64; second * words];
        for (i, people) in chunk.iter().enumerate() {
            let (word, bit) = (i / 64, 1u64 << (i % 64));
            for &t in people {
                let through: Vec<u32> = match dist[t as usize] {
                    2 => vec![t],
                    3 => intro.predecessors(t).collect(),
                    _ => Vec::new(),
                };
                for b in through {
                    bits[row[b as usize] as usize * words + word] |= bit;
                }
            }
        }
        counts.extend(count_bits_of_contacts(
            intro,
            &contacts,
            &row,
            &bits,
            chunk.len(),
        ));
    }
    counts
}

/// For each of `n` companies, the contacts with its bit among their neighbours' `bits`.
fn count_bits_of_contacts(
    intro: &Introductions,
    contacts: &[u32],
    row: &[u32],
    bits: &[u64],
    n: usize,
) -> Vec<usize> {
    let words = n.div_ceil(64);
    let mut counts = vec![0usize; n];
    let mut acc = vec![0u64; words];
    for &a in contacts {
        acc.fill(0);
        for &b in intro.network.csr.neighbors(a) {
            if let Some(r) = row.get(b as usize).filter(|&&r| r != u32::MAX) {
                let at = *r as usize * words;
                for (x, y) in acc.iter_mut().zip(&bits[at..at + words]) {
                    *x |= y;
                }
            }
        }
        for (w, &word) in acc.iter().enumerate() {
            let mut x = word;
            while x != 0 {
                counts[w * 64 + x.trailing_zeros() as usize] += 1;
                x &= x - 1;
            }
        }
    }
    counts
}
