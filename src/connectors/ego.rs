//! Connectors of one ego: which contacts carry the ego's reach.
//!
//! One multi-source BFS from all of the ego's contacts, to depth 2, on the graph with the ego
//! blocked, gives for every other person v the contacts adjacent to v (A(v)) and the contacts
//! within two hops of v (S(v)). Then, for v outside the ego's closed neighbourhood:
//! d(ego, v) = 2 iff A(v) ≠ ∅, and d(ego, v) = 3 iff A(v) = ∅ and S(v) ≠ ∅. Removing the edge
//! ego–c leaves every path that avoids it, so v leaves reach_2 iff A(v) = {c} and leaves reach_3
//! iff S(v) = {c}; c itself stays within 2 (3) hops iff another contact is adjacent to it (within
//! two hops of it, avoiding the ego). Only whether a set is empty, a single contact, or larger
//! matters, so each node keeps a three-state tag per set, merged across batches.

use serde::Serialize;

use super::burt::Burt;
use crate::bfs::{MsBfs, RingSink};
use crate::graph::NodeId;
use crate::graph::{Csr, Network, PersonRef};

/// How many contacts of the ego a set holds: none, exactly one (its index), or several.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tag {
    None,
    One(u32),
    Many,
}

impl Tag {
    fn merge(self, other: Tag) -> Tag {
        match (self, other) {
            (Tag::None, x) | (x, Tag::None) => x,
            _ => Tag::Many,
        }
    }
}

/// A(v) and S(v) tags for every node.
#[derive(Clone)]
struct Tags {
    adjacent: Vec<Tag>,
    within_two: Vec<Tag>,
}

impl Tags {
    fn new(n: usize) -> Tags {
        Tags {
            adjacent: vec![Tag::None; n],
            within_two: vec![Tag::None; n],
        }
    }

    fn merge(mut self, other: Tags) -> Tags {
        for (a, b) in self.adjacent.iter_mut().zip(other.adjacent) {
            *a = a.merge(b);
        }
        for (a, b) in self.within_two.iter_mut().zip(other.within_two) {
            *a = a.merge(b);
        }
        self
    }
}

/// Records A and S tags for one batch of contacts (`first` is the batch's first contact index).
struct TagSink<'a> {
    tags: &'a mut Tags,
    first: u32,
}

impl<const W: usize> RingSink<W> for TagSink<'_> {
    fn ring(&mut self, level: usize, node: u32, bits: &[u64; W]) {
        let count: u32 = bits.iter().map(|w| w.count_ones()).sum();
        let tag = if count > 1 {
            Tag::Many
        } else {
            let (w, word) = bits
                .iter()
                .enumerate()
                .find(|(_, w)| **w != 0)
                .map_or((0, 0), |(i, w)| (i, *w));
            Tag::One(self.first + (w * 64) as u32 + word.trailing_zeros())
        };
        let v = node as usize;
        if level == 1 {
            self.tags.adjacent[v] = self.tags.adjacent[v].merge(tag);
        }
        self.tags.within_two[v] = self.tags.within_two[v].merge(tag);
    }
}

/// Sources per batch when sweeping the ego's contacts.
const WORDS: usize = 4;

/// Bytes [`ego_connectors`] allocates with `threads` workers on a graph of `n` nodes: per
/// worker, the MS-BFS state and two tag arrays.
pub fn ego_memory_bytes(n: usize, threads: usize) -> u64 {
    let tags = (n as u64).saturating_mul(2 * std::mem::size_of::<Tag>() as u64);
    (MsBfs::<WORDS>::bytes_for(n) + tags).saturating_mul(threads as u64)
}

fn contact_tags(csr: &Csr, ego: u32, contacts: &[u32]) -> Tags {
    let n = csr.node_count();
    crate::bfs::fold_batches(
        contacts,
        MsBfs::<WORDS>::BATCH,
        || (MsBfs::<WORDS>::new(n), Tags::new(n)),
        |(bfs, tags), b, batch| {
            let mut sink = TagSink {
                tags,
                first: (b * MsBfs::<WORDS>::BATCH) as u32,
            };
            bfs.run_blocking(csr, batch, 2, &[ego], &mut sink);
        },
    )
    .into_iter()
    .map(|(_, tags)| tags)
    .reduce(Tags::merge)
    .unwrap_or_else(|| Tags::new(n))
}

/// One contact of the ego and what the ego's reach owes to it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Contact {
    /// Who (flattened: `node_id`, `name`, `company`, `position`).
    #[serde(flatten)]
    pub person: PersonRef,
    /// The contact's own degree.
    pub degree: usize,
    /// Degree-2 people the ego reaches only through this contact.
    pub exclusive_2: u64,
    /// Degree-3 people the ego reaches only through this contact.
    pub exclusive_3: u64,
    /// How much reach_2 drops if the ego–contact connection is removed.
    pub loss_2: u64,
    /// How much reach_3 drops if the ego–contact connection is removed.
    pub loss_3: u64,
}

impl Contact {
    /// Whether the ego's reach owes this contact more than the contact: someone reached only
    /// through them, or a loss beyond themselves (1 within 2 hops and 1 within 3).
    pub fn carries_others(&self) -> bool {
        self.loss_2 + self.loss_3 > 2 || self.exclusive_2 + self.exclusive_3 > 0
    }
}

/// One of the ego's contacts that another export also holds: a way into that export's people.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bridge {
    /// Who (flattened).
    #[serde(flatten)]
    pub person: PersonRef,
    /// The other exports' owners this contact leads to (node ids; the contact itself when they
    /// are an owner).
    pub leads_to: Vec<NodeId>,
    /// Those owners' node ids (not serialised).
    #[serde(skip)]
    pub leads_to_ids: Vec<u32>,
}

/// The bridges of a merged folder taken together, for when no single contact carries more than
/// themselves: the ego's reach hangs on them as a group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Bridges {
    /// The ego's contacts shared with other exports.
    pub contacts: Vec<Bridge>,
    /// reach_2 lost if all of them went.
    pub loss_2: u64,
    /// reach_3 lost if all of them went.
    pub loss_3: u64,
}

/// The result of `connectors --ego`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EgoConnectors {
    /// Original label of the ego.
    pub ego: NodeId,
    /// Name where known.
    pub name: Option<String>,
    /// n1, n2, n3 of the ego.
    pub rings: [u64; 3],
    /// The ego's structural-hole measures (`None` for an isolated ego).
    pub burt: Option<Burt>,
    /// Every contact, those who carry most first: largest loss_2 + loss_3, then largest
    /// exclusive_2 + exclusive_3, then id.
    pub contacts: Vec<Contact>,
    /// When no contact carries more than themselves, in a merged folder: the contacts shared
    /// with other exports, together.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bridges: Option<Bridges>,
}

impl EgoConnectors {
    /// The contacts who carry more than themselves, most first.
    pub fn carriers(&self) -> impl Iterator<Item = &Contact> {
        self.contacts.iter().filter(|c| c.carries_others())
    }
}

/// The ego's contacts that other exports hold (an owner, or a contact of another owner), and
/// what reach the ego would lose without all of them (one BFS with them blocked). `None` when
/// the network is not a merged folder or no contact is shared.
pub fn shared_bridges(network: &Network, ego: u32) -> Option<Bridges> {
    let csr = &network.csr;
    let owners: Vec<u32> = network
        .report
        .owners
        .iter()
        .copied()
        .filter(|&o| o != ego)
        .collect();
    if owners.is_empty() {
        return None;
    }
    let contacts: Vec<Bridge> = csr
        .neighbors(ego)
        .iter()
        .filter_map(|&c| {
            let leads_to: Vec<u32> = owners
                .iter()
                .copied()
                .filter(|&o| o == c || csr.has_edge(o, c))
                .collect();
            (!leads_to.is_empty()).then(|| Bridge {
                person: PersonRef::of(network, c),
                leads_to: leads_to.iter().map(|&o| network.labels.id(o)).collect(),
                leads_to_ids: leads_to,
            })
        })
        .collect();
    if contacts.is_empty() {
        return None;
    }
    let blocked: Vec<u32> = contacts.iter().map(|b| b.person.id).collect();
    let before = crate::reach::rings(csr, ego, 3);
    let after = rings_blocking(csr, ego, &blocked);
    let within = |r: &[u64], k: usize| r.iter().take(k).sum::<u64>();
    Some(Bridges {
        loss_2: within(&before, 2) - within(&after, 2),
        loss_3: within(&before, 3) - within(&after, 3),
        contacts,
    })
}

/// n1, n2, n3 of `ego` with the people in `blocked` (sorted) taken out of the graph.
fn rings_blocking(csr: &Csr, ego: u32, blocked: &[u32]) -> [u64; 3] {
    let mut dist = vec![u8::MAX; csr.node_count()];
    for &b in blocked {
        dist[b as usize] = 0;
    }
    dist[ego as usize] = 0;
    let mut rings = [0u64; 3];
    let mut frontier = vec![ego];
    for ring in &mut rings {
        let mut next = Vec::new();
        for &u in &frontier {
            for &v in csr.neighbors(u) {
                if dist[v as usize] == u8::MAX {
                    dist[v as usize] = 1;
                    next.push(v);
                }
            }
        }
        *ring = next.len() as u64;
        frontier = next;
    }
    rings
}

/// Per-contact counts (indexed like the ego's sorted contacts) and the ego's rings.
struct Counts {
    rings: [u64; 3],
    excl2: Vec<u64>,
    excl3: Vec<u64>,
    loss2: Vec<u64>,
    loss3: Vec<u64>,
}

/// Reads exclusive reach and loss off the tags: a node tagged with one contact at distance 1
/// (or within two hops of the contacts) is exclusive to it and lost without it.
fn count_tags(csr: &Csr, ego: u32, contacts: &[u32], tags: &Tags) -> Counts {
    let k = contacts.len();
    let mut n = Counts {
        rings: [k as u64, 0, 0],
        excl2: vec![0; k],
        excl3: vec![0; k],
        loss2: vec![0; k],
        loss3: vec![0; k],
    };
    let is_contact = |v: u32| contacts.binary_search(&v).is_ok();
    for v in 0..csr.node_count() as u32 {
        if v == ego || is_contact(v) {
            continue;
        }
        let (a, s) = (tags.adjacent[v as usize], tags.within_two[v as usize]);
        match a {
            Tag::One(c) => {
                n.rings[1] += 1;
                n.excl2[c as usize] += 1;
                n.loss2[c as usize] += 1;
            }
            Tag::Many => n.rings[1] += 1,
            Tag::None if s != Tag::None => {
                n.rings[2] += 1;
                if let Tag::One(c) = s {
                    n.excl3[c as usize] += 1;
                }
            }
            Tag::None => {}
        }
        if let Tag::One(c) = s {
            n.loss3[c as usize] += 1;
        }
    }
    // The contact itself (a source, so never reported for its own bit): it stays within two
    // hops iff another contact is adjacent to it, within three iff another contact is within
    // two hops of it without passing through the ego.
    for (i, &c) in contacts.iter().enumerate() {
        if tags.adjacent[c as usize] == Tag::None {
            n.loss2[i] += 1;
        }
        if tags.within_two[c as usize] == Tag::None {
            n.loss3[i] += 1;
        }
    }
    n
}

/// Exclusive reach and loss of every contact of `ego`.
pub fn ego_connectors(network: &Network, ego: u32) -> EgoConnectors {
    let csr = &network.csr;
    let contacts = csr.neighbors(ego);
    let tags = contact_tags(csr, ego, contacts);
    let Counts {
        rings,
        excl2,
        excl3,
        loss2,
        loss3,
    } = count_tags(csr, ego, contacts, &tags);
    let mut rows: Vec<(u32, Contact)> = contacts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let contact = Contact {
                person: PersonRef::of(network, c),
                degree: csr.degree(c),
                exclusive_2: excl2[i],
                exclusive_3: excl3[i],
                loss_2: loss2[i],
                loss_3: loss3[i],
            };
            (c, contact)
        })
        .collect();
    // The contacts who carry the ego's reach first: by what the ego would lose without them
    // (loss_2 + loss_3), then by what only they reach (exclusive_2 + exclusive_3), then id.
    rows.sort_by_key(|(c, x)| {
        (
            std::cmp::Reverse(x.loss_2 + x.loss_3),
            std::cmp::Reverse(x.exclusive_2 + x.exclusive_3),
            *c,
        )
    });
    let contacts: Vec<Contact> = rows.into_iter().map(|(_, x)| x).collect();
    let bridges = if contacts.iter().any(Contact::carries_others) {
        None
    } else {
        shared_bridges(network, ego)
    };
    EgoConnectors {
        ego: network.labels.id(ego),
        name: network.people.name(ego).map(str::to_string),
        rings,
        burt: super::burt::burt(csr, ego),
        contacts,
        bridges,
    }
}
