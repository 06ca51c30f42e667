//! NetworkX node-link JSON (`networkx.node_link_data` / `node_link_graph`), read and write.
//! Both `links` (NetworkX < 3.4) and `edges` (3.4+) are read; `edges` is written.

use std::fmt;
use std::io::Write;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use serde_json::{Map, Value, json};

use crate::error::{Error, Result};
use crate::graph::{Csr, Labels, LoadReport, Network, People, Person};

/// The parts of a node-link document netreach uses, deserialised straight into compact types
/// (a generic `serde_json::Value` tree took 26 times the file's size in memory); any other key
/// is skipped without being stored.
#[derive(Deserialize)]
struct Document {
    nodes: Option<Vec<NodeIn>>,
    edges: Option<Vec<LinkIn>>,
    links: Option<Vec<LinkIn>>,
    #[serde(default)]
    directed: bool,
}

#[derive(Deserialize, Default)]
#[serde(expecting = "a node object such as {\"id\": 1}")]
pub(super) struct NodeIn {
    pub(super) id: Option<Id>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub(super) name: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub(super) label: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub(super) company: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub(super) position: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub(super) url: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub(super) connected_on: Option<String>,
    #[serde(default)]
    pub(super) is_owner: Option<Value>,
}

#[derive(Deserialize)]
#[serde(expecting = "an edge object such as {\"source\": 1, \"target\": 2}")]
pub(super) struct LinkIn {
    pub(super) source: Option<Id>,
    pub(super) target: Option<Id>,
    #[serde(default)]
    pub(super) weight: Option<Value>,
}

/// A node id as written: a non-negative integer, a negative one, or a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Id {
    Int(u64),
    Neg(i64),
    Text(String),
}

impl Id {
    /// The id as a label string (numbers as NetworkX prints them).
    fn text(&self) -> String {
        match self {
            Id::Int(x) => x.to_string(),
            Id::Neg(x) => x.to_string(),
            Id::Text(s) => s.clone(),
        }
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Id, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or string node id")
            }
            fn visit_u64<E: de::Error>(self, x: u64) -> std::result::Result<Id, E> {
                Ok(Id::Int(x))
            }
            fn visit_i64<E: de::Error>(self, x: i64) -> std::result::Result<Id, E> {
                Ok(u64::try_from(x).map_or(Id::Neg(x), Id::Int))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> std::result::Result<Id, E> {
                Ok(Id::Text(s.to_string()))
            }
        }
        d.deserialize_any(IdVisitor)
    }
}

/// A string attribute; a value of another type (a number, a list) is ignored, not an error.
fn lenient_text<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        _ => None,
    })
}

/// Reads node-link JSON held in memory.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Network> {
    let doc: Document = serde_json::from_slice(bytes).map_err(|e| {
        let what = if e.is_data() {
            "not node-link JSON"
        } else {
            "invalid JSON"
        };
        Error::parse(path, e.line().max(1) as u64, format!("{what}: {e}"))
    })?;
    let nodes = doc
        .nodes
        .ok_or_else(|| Error::input(path, "node-link JSON needs a 'nodes' array"))?;
    let links = doc
        .edges
        .or(doc.links)
        .ok_or_else(|| Error::input(path, "node-link JSON needs an 'edges' (or 'links') array"))?;
    network_from(path, nodes, links, doc.directed, "node-link json")
}

/// The network of `nodes` and `links` as read from node-link JSON or GraphML (`format`), with
/// the loader's notes for a directed input and for edge weights.
pub(super) fn network_from(
    path: &Path,
    nodes: Vec<NodeIn>,
    links: Vec<LinkIn>,
    directed: bool,
    format: &str,
) -> Result<Network> {
    let (labels, rows) = node_table(path, nodes)?;
    let mut pairs = Vec::with_capacity(links.len() * 2);
    for (i, link) in links.iter().enumerate() {
        for (end, id) in [("source", &link.source), ("target", &link.target)] {
            let id = id
                .as_ref()
                .and_then(|id| find(&labels, id))
                .ok_or_else(|| {
                    Error::input(
                        path,
                        format!("edge {i} has a {end} that is not a listed node"),
                    )
                })?;
            pairs.push(id);
        }
    }
    let mut notes = Vec::new();
    if directed {
        notes.push(super::gml::DIRECTED_NOTE.to_string());
    }
    if links.iter().any(|l| l.weight.is_some()) {
        notes.push(super::gml::WEIGHTS_NOTE.to_string());
    }
    drop(links);
    let (csr, build) = Csr::from_pairs(labels.len(), &pairs);
    Ok(Network {
        csr,
        labels,
        people: if rows.iter().all(|p| *p == Person::default()) {
            People::default()
        } else {
            People::from_rows(rows)
        },
        report: LoadReport {
            format: format.into(),
            build,
            notes,
            ..LoadReport::default()
        },
        dates: Default::default(),
    })
}

/// The node an edge end names; an integer written as a string ("5") finds node 5, as before.
fn find(labels: &Labels, id: &Id) -> Option<u32> {
    match (labels, id) {
        (Labels::Int(v), Id::Int(x)) => v.binary_search(x).ok().map(|i| i as u32),
        (_, Id::Text(s)) => labels.find(s),
        _ => labels.find(&id.text()),
    }
}

/// Sorted labels and the attributes of each node in label order.
fn node_table(path: &Path, nodes: Vec<NodeIn>) -> Result<(Labels, Vec<Person>)> {
    let mut keyed: Vec<(Id, Person)> = Vec::with_capacity(nodes.len());
    for (i, node) in nodes.into_iter().enumerate() {
        let Some(id) = node.id.clone() else {
            return Err(Error::input(
                path,
                format!("node {i} has no integer or string 'id'"),
            ));
        };
        keyed.push((id, person_of(node)));
    }
    let labels = if keyed.iter().all(|(id, _)| matches!(id, Id::Int(_))) {
        keyed.sort_by_key(|(id, _)| match id {
            Id::Int(x) => *x,
            _ => 0,
        });
        Labels::Int(
            keyed
                .iter()
                .filter_map(|(id, _)| match id {
                    Id::Int(x) => Some(*x),
                    _ => None,
                })
                .collect(),
        )
    } else {
        keyed.sort_by_cached_key(|(id, _)| id.text());
        Labels::Str(keyed.iter().map(|(id, _)| id.text().into()).collect())
    };
    if let Some(dup) = (1..labels.len()).find(|&i| labels.get(i as u32) == labels.get(i as u32 - 1))
    {
        return Err(Error::input(
            path,
            format!("node id {} appears twice", labels.get(dup as u32)),
        ));
    }
    Ok((labels, keyed.into_iter().map(|(_, p)| p).collect()))
}

fn person_of(node: NodeIn) -> Person {
    Person {
        name: node.name.or(node.label),
        company: node.company,
        position: node.position,
        url: node.url,
        connected_on: node.connected_on.and_then(|d| d.parse().ok()),
        is_owner: node.is_owner.and_then(|v| v.as_bool()).unwrap_or(false),
    }
}

/// The JSON value of a label: a number for integer labels, else a string.
fn label_value(labels: &Labels, id: u32) -> Value {
    match labels {
        Labels::Int(v) => json!(v[id as usize]),
        Labels::Str(v) => json!(v[id as usize].as_ref()),
    }
}

/// Writes `network` as node-link JSON with person attributes on the nodes (and each person's
/// community as `community` when given).
pub fn write(
    network: &Network,
    out: &mut dyn Write,
    community: Option<&[u32]>,
) -> std::io::Result<()> {
    let nodes: Vec<Value> = (0..network.node_count() as u32)
        .map(|id| {
            let mut node = Map::new();
            node.insert("id".into(), label_value(&network.labels, id));
            let p = network.people.get(id);
            for (key, value) in [
                ("name", p.name),
                ("company", p.company),
                ("position", p.position),
                ("url", p.url),
            ] {
                if let Some(v) = value {
                    node.insert(key.into(), json!(v));
                }
            }
            if let Some(d) = p.connected_on {
                node.insert("connected_on".into(), json!(d.to_string()));
            }
            if p.is_owner {
                node.insert("is_owner".into(), json!(true));
            }
            if let Some(c) = community.and_then(|c| c.get(id as usize)) {
                node.insert("community".into(), json!(c));
            }
            Value::Object(node)
        })
        .collect();
    let edges: Vec<Value> = network
        .csr
        .edges()
        .map(|(u, v)| json!({"source": label_value(&network.labels, u), "target": label_value(&network.labels, v)}))
        .collect();
    let doc = json!({
        "directed": false,
        "multigraph": false,
        "graph": {},
        "nodes": nodes,
        "edges": edges,
    });
    serde_json::to_writer(&mut *out, &doc)?;
    out.write_all(b"\n")
}
