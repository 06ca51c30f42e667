//! Introductions: "do I know anyone here, and who would introduce me?"
//!
//! One breadth-first search from the ego (to 3 hops) answers every target of a question: a
//! company, a person, a target group or a whole job list. For each target within 3 hops the
//! shortest paths are read off that search (the predecessors of a node at distance d are its
//! neighbours at distance d − 1) and ranked, best first, by:
//! 1. the tie strength of the first hop, the person the ego would ask ([`strength`]; known
//!    strengths before unknown ones);
//! 2. the tie strength of the next hop, from the introducer's own archive when the input holds
//!    it (a merged folder where the introducer is an exporter; known before unknown);
//! 3. the mutual connections of the second hop with the first (how well the introducer knows
//!    the next person, structurally);
//! 4. the mutual connections of the first hop with the ego;
//! 5. node id, so that the order is the same in every run. Never the name.
//!
//! How many distinct first hops lead to a target is reported too: redundancy is information
//! ("3 people could introduce you").

pub mod jobs;
pub mod strength;
pub mod ties;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::audit::keywords::normalise_company;
use crate::graph::{Network, PersonRef, intersection_len};
use crate::whatif::FAR;
pub use jobs::JobList;
pub use strength::{Evidence, Strength, strengths};
pub use ties::{Overlap, Tie, overlap, ties};

/// The distance introductions reach.
pub const MAX_HOPS: u32 = 3;

/// One target within reach: who, how far, how many could introduce, and the best paths.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Target {
    /// The person as readers see them (`graph::Names`).
    #[serde(rename = "person")]
    pub shown: String,
    /// Who (flattened).
    #[serde(flatten)]
    pub person: PersonRef,
    /// Distance from the ego.
    pub distance: u32,
    /// Distinct first hops on shortest paths: how many of the ego's contacts could introduce.
    pub introducers: usize,
    /// The best shortest paths, ego first, target last (node ids).
    #[serde(skip)]
    pub path_ids: Vec<Vec<u32>>,
    /// The same paths as people's shown names.
    pub paths: Vec<Vec<String>>,
    /// The first hop's tie strength on the best path (`None`: unknown or a direct contact).
    pub first_hop_strength: Option<f64>,
    /// On the best path, how well the introducer knows the next person, from the introducer's
    /// own archive (`None`: not in the input, or no next hop).
    pub next_hop_strength: Option<f64>,
}

/// A company's summary row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompanySummary {
    /// The company as asked for.
    pub company: String,
    /// People there in the network.
    pub people: usize,
    /// People there within 1, 2 and 3 hops.
    pub within_1: usize,
    /// Within 2 hops.
    pub within_2: usize,
    /// Within 3 hops.
    pub within_3: usize,
    /// Distinct contacts of the ego who start a shortest path to someone there.
    pub introducers: usize,
    /// The best path to the nearest person there, in words.
    pub best_path: Option<String>,
}

/// A strength in thousandths as an integer, strongest first: a total order without float
/// comparison.
fn ordered(score: Option<f64>) -> std::cmp::Reverse<i64> {
    std::cmp::Reverse(score.map_or(i64::MIN, |s| (s * 1000.0).round() as i64))
}

/// The ego's search and what ranks paths.
pub struct Introductions<'a> {
    network: &'a Network,
    ego: u32,
    dist: Vec<u32>,
    strength: &'a FxHashMap<u32, Strength>,
    /// The tie strengths of introducers whose own archives are in the input, by introducer.
    introducer_strength: FxHashMap<u32, FxHashMap<u32, Strength>>,
    /// People by normalised company, built on the first company question (a job list asks
    /// hundreds: one pass over the people, not one per row).
    by_company: std::cell::OnceCell<FxHashMap<String, Vec<u32>>>,
}

/// How paths compare: first hop's strength (known first), the next hop's strength from the
/// introducer's archive (known first), the second hop's mutual connections with the first, the
/// first hop's with the ego, then the ids.
type PathKey = (
    std::cmp::Reverse<i64>,
    bool,
    std::cmp::Reverse<i64>,
    bool,
    std::cmp::Reverse<usize>,
    std::cmp::Reverse<usize>,
    Vec<u32>,
);

impl<'a> Introductions<'a> {
    /// One BFS from `ego` to [`MAX_HOPS`]; `strength` is the ego's tie strengths (empty when
    /// unknown).
    pub fn new(
        network: &'a Network,
        ego: u32,
        strength: &'a FxHashMap<u32, Strength>,
    ) -> Introductions<'a> {
        Introductions {
            network,
            ego,
            dist: crate::whatif::first_hops(&network.csr, ego, MAX_HOPS).dist,
            strength,
            introducer_strength: FxHashMap::default(),
            by_company: std::cell::OnceCell::new(),
        }
    }

    /// Adds the tie strengths of introducers whose own archives the input holds (by introducer
    /// id): paths through them rank their next hop by how well the introducer knows that
    /// person.
    pub fn with_introducer_strengths(
        mut self,
        strengths: FxHashMap<u32, FxHashMap<u32, Strength>>,
    ) -> Introductions<'a> {
        self.introducer_strength = strengths;
        self
    }

    /// How many introducers' own tie strengths are known.
    pub fn introducers_with_strengths(&self) -> usize {
        self.introducer_strength
            .values()
            .filter(|s| s.values().any(|s| s.score.is_some()))
            .count()
    }

    /// Distance of `v` from the ego, if within [`MAX_HOPS`].
    pub fn distance(&self, v: u32) -> Option<u32> {
        Some(self.dist[v as usize]).filter(|&d| d != FAR)
    }

    /// Every shortest path from the ego to `t` (ego first), in no particular order.
    fn shortest_paths(&self, t: u32) -> Vec<Vec<u32>> {
        let csr = &self.network.csr;
        let Some(d) = self.distance(t) else {
            return Vec::new();
        };
        let mut paths = vec![vec![t]];
        for level in (0..d).rev() {
            let mut longer = Vec::new();
            for p in paths {
                let head = p[p.len() - 1];
                for &u in csr.neighbors(head) {
                    if self.dist[u as usize] == level {
                        let mut q = p.clone();
                        q.push(u);
                        longer.push(q);
                    }
                }
            }
            paths = longer;
        }
        for p in &mut paths {
            p.reverse();
        }
        paths
    }

    /// How well the first hop of `p` knows the second, from the first hop's own archive.
    fn next_hop_score(&self, p: &[u32]) -> Option<f64> {
        let (a, b) = (p.get(1)?, p.get(2)?);
        self.introducer_strength.get(a)?.get(b)?.score
    }

    /// The ranking key of a path (smaller is better).
    fn path_key(&self, p: &[u32]) -> PathKey {
        let csr = &self.network.csr;
        let first = p.get(1).copied();
        let score = first
            .and_then(|f| self.strength.get(&f))
            .and_then(|s| s.score);
        let next_score = self.next_hop_score(p);
        let second_mutuals = match (first, p.get(2)) {
            (Some(a), Some(&b)) if p.len() > 3 => {
                intersection_len(csr.neighbors(a), csr.neighbors(b))
            }
            _ => 0,
        };
        let first_mutuals = first.map_or(0, |a| {
            intersection_len(csr.neighbors(self.ego), csr.neighbors(a))
        });
        (
            ordered(score),
            score.is_none(),
            ordered(next_score),
            next_score.is_none(),
            std::cmp::Reverse(second_mutuals),
            std::cmp::Reverse(first_mutuals),
            p.to_vec(),
        )
    }

    /// The target `t` with its best `keep` paths, or `None` beyond [`MAX_HOPS`] (or the ego).
    pub fn target(&self, t: u32, keep: usize) -> Option<Target> {
        let distance = self.distance(t).filter(|&d| d > 0)?;
        let mut paths = self.shortest_paths(t);
        let mut firsts: Vec<u32> = paths.iter().filter_map(|p| p.get(1).copied()).collect();
        firsts.sort_unstable();
        firsts.dedup();
        paths.sort_by_cached_key(|p| self.path_key(p));
        paths.truncate(keep.max(1));
        let names = self.network.names();
        // The tie the ego would use: the first hop's, or the target's own for a contact.
        let first_hop_strength = paths
            .first()
            .and_then(|p| p.get(1))
            .and_then(|f| self.strength.get(f))
            .and_then(|s| s.score);
        Some(Target {
            shown: names.show(t),
            person: PersonRef::of(self.network, t),
            distance,
            introducers: if distance == 1 { 0 } else { firsts.len() },
            paths: paths
                .iter()
                .map(|p| p.iter().map(|&v| self.shown(&names, v)).collect())
                .collect(),
            next_hop_strength: paths.first().and_then(|p| self.next_hop_score(p)),
            path_ids: paths,
            first_hop_strength,
        })
    }

    fn shown(&self, names: &crate::graph::Names, v: u32) -> String {
        if v == self.ego {
            "you".to_string()
        } else {
            names.show(v)
        }
    }

    /// The best path to `t` in words: "you → Ines Orrby → Dag Wahl (Ericsson AB, Engineering
    /// Manager)".
    pub fn path_text(&self, target: &Target) -> Option<String> {
        let names = target.paths.first()?;
        let mut text = names.join(" → ");
        let p = &target.person;
        // A namesake is already shown with the company ("Amir Dahlberg (Initech AB)"): the
        // position joins it inside the same brackets.
        let with_company = p
            .company
            .as_deref()
            .map(|c| format!(" ({c})"))
            .filter(|c| text.ends_with(c.as_str()));
        if let Some(suffix) = &with_company {
            text.truncate(text.len() - suffix.len());
        }
        let about: Vec<&str> = [p.company.as_deref(), p.position.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        if !about.is_empty() {
            text.push_str(&format!(" ({})", about.join(", ")));
        }
        Some(text)
    }

    /// Everyone at `company` (compared as the audit compares companies) within reach, nearest
    /// and best introduced first, and the company's summary row.
    pub fn company(&self, company: &str, keep: usize) -> (Vec<Target>, CompanySummary) {
        let wanted = normalise_company(company);
        let by_company = self.by_company.get_or_init(|| {
            let mut map: FxHashMap<String, Vec<u32>> = FxHashMap::default();
            for v in 0..self.network.node_count() as u32 {
                if let Some(c) = self.network.people.company(v).filter(|c| !c.is_empty()) {
                    map.entry(normalise_company(c)).or_default().push(v);
                }
            }
            map
        });
        let people: Vec<u32> = by_company
            .get(&wanted)
            .filter(|_| !wanted.is_empty())
            .map_or_else(Vec::new, |p| {
                p.iter().copied().filter(|&v| v != self.ego).collect()
            });
        let mut targets: Vec<Target> = people
            .iter()
            .filter_map(|&v| self.target(v, keep))
            .collect();
        targets.sort_by_cached_key(|t| {
            (
                t.distance,
                std::cmp::Reverse(t.introducers),
                self.path_key(&t.path_ids[0]),
            )
        });
        let within = |k: u32| targets.iter().filter(|t| t.distance <= k).count();
        let mut introducers: Vec<u32> = targets
            .iter()
            .filter(|t| t.distance > 1)
            .flat_map(|t| self.shortest_paths(t.person.id))
            .filter_map(|p| p.get(1).copied())
            .collect();
        introducers.sort_unstable();
        introducers.dedup();
        let summary = CompanySummary {
            company: company.to_string(),
            people: people.len(),
            within_1: within(1),
            within_2: within(2),
            within_3: within(3),
            introducers: introducers.len(),
            best_path: targets.first().and_then(|t| self.path_text(t)),
        };
        (targets, summary)
    }
}
