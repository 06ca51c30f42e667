//! The ego's ties by strength, and a team's overlap.
//!
//! **Ties.** Each contact has a structural strength, the mutual connections with the ego in the
//! loaded network, and an interaction strength, the archive's tie score ([`super::strength`]).
//! Groups, by the documented thresholds below, follow Rajkumar, Saint-Jacques, Bojinov,
//! Brynjolfsson and Aral, "A causal test of the strength of weak ties", Science 377 (2022)
//! 1304–1310: on LinkedIn, moderately weak ties by mutual connections (and the weakest ties by
//! interaction) raised job mobility most, more so in digital industries. A structural measure,
//! never a prediction.
//! - by mutual connections: strong ≥ [`STRONG_MUTUALS`], moderately weak from
//!   [`MODERATE_MUTUALS`] up to that, weakest below;
//! - by interaction: strong ≥ [`STRONG_SCORE`], moderately weak from [`MODERATE_SCORE`] up to
//!   that, weakest below (unknown when the archive cannot tell).
//!
//! **Overlap.** For a folder of several people's exports: the contacts each pair of owners
//! share, the people three or more owners know (the team's super connectors) and the companies
//! where the team's contacts are densest.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::Strength;
use crate::audit::keywords::normalise_company;
use crate::graph::{Network, PersonRef, intersection_len};

/// Mutual connections from which a tie is strong.
pub const STRONG_MUTUALS: usize = 10;
/// Mutual connections from which a tie is moderately weak (below: weakest).
pub const MODERATE_MUTUALS: usize = 2;
/// Tie score from which an interaction tie is strong (a two-way conversation and a few
/// messages, or a recommendation and messages).
pub const STRONG_SCORE: f64 = 3.0;
/// Tie score from which an interaction tie is moderately weak (below: hardly more than the age
/// of the connection).
pub const MODERATE_SCORE: f64 = 0.5;

/// One contact's tie.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tie {
    /// Who (flattened).
    #[serde(flatten)]
    pub person: PersonRef,
    /// Contacts the ego and this contact share in the loaded network (a lower bound).
    pub mutual_connections: usize,
    /// `strong`, `moderately weak` or `weakest` by mutual connections.
    pub structural: &'static str,
    /// The archive's tie score (`None`: unknown).
    pub interaction_score: Option<f64>,
    /// `strong`, `moderately weak`, `weakest` or `unknown` by interaction.
    pub interaction: &'static str,
}

fn structural_group(mutuals: usize) -> &'static str {
    if mutuals >= STRONG_MUTUALS {
        "strong"
    } else if mutuals >= MODERATE_MUTUALS {
        "moderately weak"
    } else {
        "weakest"
    }
}

fn interaction_group(score: Option<f64>) -> &'static str {
    match score {
        None => "unknown",
        Some(s) if s >= STRONG_SCORE => "strong",
        Some(s) if s >= MODERATE_SCORE => "moderately weak",
        Some(_) => "weakest",
    }
}

/// Every contact of `ego` with both strengths, most mutual connections first (then the score,
/// then id).
pub fn ties(network: &Network, ego: u32, strength: &FxHashMap<u32, Strength>) -> Vec<Tie> {
    let csr = &network.csr;
    let mine = csr.neighbors(ego);
    let mut out: Vec<Tie> = mine
        .iter()
        .map(|&c| {
            let mutual_connections = intersection_len(mine, csr.neighbors(c));
            let score = strength.get(&c).and_then(|s| s.score);
            Tie {
                person: PersonRef::of(network, c),
                mutual_connections,
                structural: structural_group(mutual_connections),
                interaction_score: score,
                interaction: interaction_group(score),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.mutual_connections
            .cmp(&a.mutual_connections)
            .then_with(|| {
                let s = |t: &Tie| t.interaction_score.unwrap_or(f64::NEG_INFINITY);
                s(b).total_cmp(&s(a))
            })
            .then_with(|| a.person.id.cmp(&b.person.id))
    });
    out
}

/// Two owners and the contacts they share.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Shared {
    /// One owner (shown name).
    pub a: String,
    /// The other.
    pub b: String,
    /// Contacts both have.
    pub shared: usize,
}

/// Someone several owners know.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Connector {
    /// Who (flattened).
    #[serde(flatten)]
    pub person: PersonRef,
    /// The owners who know them (shown names).
    pub known_by: Vec<String>,
}

/// A company where the team's contacts are dense.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TeamCompany {
    /// The company (first spelling met).
    pub company: String,
    /// The team's contacts there.
    pub contacts: usize,
    /// Per owner who knows someone there: (owner, how many).
    pub owners: Vec<(String, usize)>,
}

/// A team's overlap.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Overlap {
    /// Owners (shown names), in the order of the other tables.
    pub owners: Vec<String>,
    /// Every pair of owners with what they share, most first.
    pub pairs: Vec<Shared>,
    /// People known by 3 or more owners, most owners first.
    pub super_connectors: Vec<Connector>,
    /// Companies by the team's contacts there, most first.
    pub companies: Vec<TeamCompany>,
}

/// The overlap of the owners' exports in `network` (a merged folder).
pub fn overlap(network: &Network) -> Overlap {
    let csr = &network.csr;
    let names = network.names();
    let owners = network.exporters();
    let shown: Vec<String> = owners.iter().map(|&o| names.show(o)).collect();
    let mut pairs = Vec::new();
    for i in 0..owners.len() {
        for j in i + 1..owners.len() {
            pairs.push(Shared {
                a: shown[i].clone(),
                b: shown[j].clone(),
                shared: intersection_len(csr.neighbors(owners[i]), csr.neighbors(owners[j])),
            });
        }
    }
    pairs.sort_by_key(|p| std::cmp::Reverse(p.shared));
    let mut known: FxHashMap<u32, Vec<usize>> = FxHashMap::default();
    for (i, &o) in owners.iter().enumerate() {
        for &c in csr.neighbors(o) {
            known.entry(c).or_default().push(i);
        }
    }
    let mut supers: Vec<(u32, Vec<usize>)> = known
        .iter()
        .filter(|(_, k)| k.len() >= 3)
        .map(|(&c, k)| (c, k.clone()))
        .collect();
    supers.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    let super_connectors = supers
        .into_iter()
        .map(|(c, k)| Connector {
            person: PersonRef::of(network, c),
            known_by: k.iter().map(|&i| shown[i].clone()).collect(),
        })
        .collect();
    Overlap {
        companies: team_companies(network, &owners, &shown, &known),
        owners: shown,
        pairs,
        super_connectors,
    }
}

fn team_companies(
    network: &Network,
    owners: &[u32],
    shown: &[String],
    known: &FxHashMap<u32, Vec<usize>>,
) -> Vec<TeamCompany> {
    let mut by: FxHashMap<String, (String, usize, Vec<usize>)> = FxHashMap::default();
    let mut people: Vec<&u32> = known.keys().collect();
    people.sort_unstable();
    for &c in people {
        if owners.contains(&c) {
            continue;
        }
        let Some(company) = network.people.company(c).filter(|s| !s.is_empty()) else {
            continue;
        };
        let entry = by
            .entry(normalise_company(company))
            .or_insert_with(|| (company.to_string(), 0, vec![0; owners.len()]));
        entry.1 += 1;
        for &i in &known[&c] {
            entry.2[i] += 1;
        }
    }
    let mut out: Vec<TeamCompany> = by
        .into_values()
        .map(|(company, contacts, per)| TeamCompany {
            company,
            contacts,
            owners: per
                .into_iter()
                .enumerate()
                .filter(|(_, n)| *n > 0)
                .map(|(i, n)| (shown[i].clone(), n))
                .collect(),
        })
        .collect();
    out.sort_by(|a, b| {
        b.contacts
            .cmp(&a.contacts)
            .then_with(|| b.owners.len().cmp(&a.owners.len()))
            .then_with(|| a.company.cmp(&b.company))
    });
    out
}
