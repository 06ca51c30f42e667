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
//!
//! Paths are never all enumerated: through an exporter of 30,000 contacts a person three hops
//! away has tens of thousands of shortest paths. Everything in a path's rank but the last id
//! depends on its first two hops, so each middle person's first hops are ranked once
//! ([`rank`]) and a target's best paths are merged from its middle people's lists. A job
//! list's companies count their introducers in one pass over the ego's contacts with a bit per
//! company ([`rank::introducer_counts`]).

pub mod jobs;
mod rank;
pub mod strength;
pub mod ties;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::audit::keywords::normalise_company;
use crate::graph::{Network, PersonRef};
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
    /// Shown names, made on the first target (made per target, they were a tenth of a job
    /// list's time).
    names: std::cell::OnceCell<crate::graph::Names<'a>>,
    /// Each middle person's first hops, ranked (see [`rank`]).
    ranked: rank::Memo,
}

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
            names: std::cell::OnceCell::new(),
            ranked: rank::Memo::default(),
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

    /// The neighbours of `v` one hop nearer the ego: its predecessors on shortest paths.
    fn predecessors(&self, v: u32) -> impl Iterator<Item = u32> + '_ {
        let level = self.dist[v as usize].wrapping_sub(1);
        self.network
            .csr
            .neighbors(v)
            .iter()
            .copied()
            .filter(move |&u| self.dist[u as usize] == level)
    }

    /// The `keep` best shortest paths to `t` (ego first), best first, with their ranks.
    fn best_paths(&self, t: u32, keep: usize) -> Vec<(rank::PathRank, Vec<u32>)> {
        let keep = keep.max(1);
        match self.distance(t) {
            Some(1) => vec![(self.ranked.direct(self, t), vec![self.ego, t])],
            Some(2) => self
                .ranked
                .firsts(self, t, true)
                .iter()
                .take(keep)
                .map(|k| (k.path_rank(t), vec![self.ego, k.first, t]))
                .collect(),
            Some(3) => {
                let mut found: Vec<(rank::PathRank, Vec<u32>)> = Vec::new();
                for b in self.predecessors(t) {
                    for k in self.ranked.firsts(self, b, false).iter().take(keep) {
                        found.push((k.path_rank_via(b, t), vec![self.ego, k.first, b, t]));
                    }
                }
                found.sort_unstable_by(|x, y| x.0.cmp(&y.0));
                found.truncate(keep);
                found
            }
            _ => Vec::new(),
        }
    }

    /// Distinct first hops on shortest paths to `t`: how many contacts could introduce.
    fn introducers_of(&self, t: u32) -> usize {
        match self.distance(t) {
            Some(2) => self.predecessors(t).count(),
            Some(3) => {
                let mut firsts: Vec<u32> = self
                    .predecessors(t)
                    .flat_map(|b| self.predecessors(b).collect::<Vec<_>>())
                    .collect();
                firsts.sort_unstable();
                firsts.dedup();
                firsts.len()
            }
            _ => 0,
        }
    }

    /// The target `t` with its best `keep` paths, or `None` beyond [`MAX_HOPS`] (or the ego).
    pub fn target(&self, t: u32, keep: usize) -> Option<Target> {
        let distance = self.distance(t).filter(|&d| d > 0)?;
        let paths: Vec<Vec<u32>> = self
            .best_paths(t, keep)
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        let names = self.names.get_or_init(|| self.network.names());
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
            introducers: self.introducers_of(t),
            paths: paths
                .iter()
                .map(|p| p.iter().map(|&v| self.shown(names, v)).collect())
                .collect(),
            next_hop_strength: paths.first().and_then(|p| self.next_hop_score(p)),
            path_ids: paths,
            first_hop_strength,
        })
    }

    /// How well the first hop of `p` knows the second, from the first hop's own archive.
    fn next_hop_score(&self, p: &[u32]) -> Option<f64> {
        let (a, b) = (p.get(1)?, p.get(2)?);
        self.introducer_strength.get(a)?.get(b)?.score
    }

    fn shown(&self, names: &crate::graph::Names, v: u32) -> String {
        if v == self.ego {
            "you".to_string()
        } else {
            names.show(v)
        }
    }

    /// The best path to `target` in words: "you → Ines Orrby → Dag Wahl (Ericsson AB,
    /// Engineering Manager)".
    pub fn path_text(&self, target: &Target) -> Option<String> {
        let path = target.path_ids.first()?;
        Some(self.text_of(path))
    }

    /// A path in words, its last person with company and position.
    fn text_of(&self, path: &[u32]) -> String {
        let names = self.names.get_or_init(|| self.network.names());
        let shown: Vec<String> = path.iter().map(|&v| self.shown(names, v)).collect();
        let mut text = shown.join(" → ");
        let Some(&last) = path.last() else {
            return text;
        };
        let people = &self.network.people;
        let (company, position) = (people.company(last), people.position(last));
        // A namesake is already shown with the company ("Amir Dahlberg (Initech AB)"): the
        // position joins it inside the same brackets.
        let with_company = company
            .map(|c| format!(" ({c})"))
            .filter(|c| text.ends_with(c.as_str()));
        if let Some(suffix) = &with_company {
            text.truncate(text.len() - suffix.len());
        }
        let about: Vec<&str> = [company, position]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        if !about.is_empty() {
            text.push_str(&format!(" ({})", about.join(", ")));
        }
        text
    }

    /// The people at `company` (compared as the audit compares companies), the ego left out.
    fn people_at(&self, company: &str) -> Vec<u32> {
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
        by_company
            .get(&wanted)
            .filter(|_| !wanted.is_empty())
            .map_or_else(Vec::new, |p| {
                p.iter().copied().filter(|&v| v != self.ego).collect()
            })
    }

    /// What orders the people at a company: distance, then the rank of the best path to them;
    /// with that path. `None` beyond [`MAX_HOPS`] (or the ego).
    fn nearest_key(&self, v: u32) -> Option<((u32, rank::PathRank), Vec<u32>)> {
        let d = self.distance(v).filter(|&d| d > 0)?;
        let (rank, path) = self.best_paths(v, 1).pop()?;
        Some(((d, rank), path))
    }

    /// The people at `company` within reach, nearest first and then by their best path's rank
    /// (the order of every company answer), each with their `keep` best paths. Only the first
    /// `top` (0 for all) are built as [`Target`]s: a report shows five of thousands.
    pub fn targets_at(&self, company: &str, keep: usize, top: usize) -> Vec<Target> {
        let mut ranked: Vec<((u32, rank::PathRank), u32)> = self
            .people_at(company)
            .into_iter()
            .filter_map(|v| self.nearest_key(v).map(|(key, _)| (key, v)))
            .collect();
        ranked.sort_unstable_by(|x, y| x.0.cmp(&y.0));
        let top = if top == 0 { usize::MAX } else { top };
        ranked
            .iter()
            .take(top)
            .filter_map(|&(_, v)| self.target(v, keep))
            .collect()
    }

    /// Everyone at `company` within reach ([`Introductions::targets_at`]) and the company's
    /// summary row.
    pub fn company(&self, company: &str, keep: usize) -> (Vec<Target>, CompanySummary) {
        let targets = self.targets_at(company, keep, 0);
        let summary = self.summaries(&[company.to_string()]).remove(0);
        (targets, summary)
    }

    /// The summary row of each company: people there, within 1, 2 and 3 hops, distinct
    /// introducers (one pass for all companies) and the best path to the nearest person there
    /// (nearest first, then by the path's rank, as [`Introductions::targets_at`] orders them).
    pub fn summaries(&self, companies: &[String]) -> Vec<CompanySummary> {
        let people: Vec<Vec<u32>> = companies.iter().map(|c| self.people_at(c)).collect();
        let introducers = rank::introducer_counts(self, &people);
        companies
            .iter()
            .zip(&people)
            .zip(introducers)
            .map(|((company, people), introducers)| {
                let within = |k: u32| {
                    people
                        .iter()
                        .filter(|&&v| self.distance(v).is_some_and(|d| d >= 1 && d <= k))
                        .count()
                };
                let best = people
                    .iter()
                    .filter_map(|&v| self.nearest_key(v))
                    .min_by(|x, y| x.0.cmp(&y.0));
                CompanySummary {
                    company: company.clone(),
                    people: people.len(),
                    within_1: within(1),
                    within_2: within(2),
                    within_3: within(3),
                    introducers,
                    best_path: best.map(|(_, path)| self.text_of(&path)),
                }
            })
            .collect()
    }
}
