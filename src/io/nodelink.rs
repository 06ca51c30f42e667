//! NetworkX node-link JSON (`networkx.node_link_data` / `node_link_graph`), read and write.
//! Both `links` (NetworkX < 3.4) and `edges` (3.4+) are read; `edges` is written.

use std::io::Write;
use std::path::Path;

use serde_json::{Map, Value, json};

use crate::error::{Error, Result};
use crate::graph::{Csr, Labels, LoadReport, Network, People, Person};

/// Reads node-link JSON held in memory.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Network> {
    let doc: Value = serde_json::from_slice(bytes)
        .map_err(|e| Error::parse(path, e.line().max(1) as u64, format!("invalid JSON: {e}")))?;
    let nodes = doc
        .get("nodes")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::input(path, "node-link JSON needs a 'nodes' array"))?;
    let links = doc
        .get("edges")
        .or_else(|| doc.get("links"))
        .and_then(Value::as_array)
        .ok_or_else(|| Error::input(path, "node-link JSON needs an 'edges' (or 'links') array"))?;
    let (labels, rows) = node_table(path, nodes)?;
    let key_of = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let mut pairs = Vec::with_capacity(links.len() * 2);
    for (i, link) in links.iter().enumerate() {
        for end in ["source", "target"] {
            let id = link
                .get(end)
                .and_then(key_of)
                .and_then(|k| labels.find(&k))
                .ok_or_else(|| {
                    Error::input(
                        path,
                        format!("edge {i} has a {end} that is not a listed node"),
                    )
                })?;
            pairs.push(id);
        }
    }
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
            format: "node-link json".into(),
            build,
            ..LoadReport::default()
        },
    })
}

/// Sorted labels and the attributes of each node in label order.
fn node_table(path: &Path, nodes: &[Value]) -> Result<(Labels, Vec<Person>)> {
    let mut keyed: Vec<(Value, Person)> = Vec::with_capacity(nodes.len());
    for (i, node) in nodes.iter().enumerate() {
        let id = node
            .get("id")
            .filter(|v| v.is_string() || v.is_u64() || v.is_i64())
            .ok_or_else(|| Error::input(path, format!("node {i} has no integer or string 'id'")))?;
        keyed.push((id.clone(), person_of(node)));
    }
    let all_int = keyed.iter().all(|(v, _)| v.is_u64());
    let labels = if all_int {
        keyed.sort_by_key(|(v, _)| v.as_u64());
        Labels::Int(keyed.iter().filter_map(|(v, _)| v.as_u64()).collect())
    } else {
        let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
        keyed.sort_by_key(|(v, _)| text(v));
        Labels::Str(
            keyed
                .iter()
                .map(|(v, _)| text(v).into_boxed_str())
                .collect(),
        )
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

fn person_of(node: &Value) -> Person {
    let text = |k: &str| node.get(k).and_then(Value::as_str).map(str::to_string);
    Person {
        name: text("name").or_else(|| text("label")),
        company: text("company"),
        position: text("position"),
        url: text("url"),
        connected_on: text("connected_on").and_then(|d| d.parse().ok()),
        is_owner: node
            .get("is_owner")
            .and_then(Value::as_bool)
            .unwrap_or(false),
    }
}

/// The JSON value of a label: a number for integer labels, else a string.
fn label_value(labels: &Labels, id: u32) -> Value {
    match labels {
        Labels::Int(v) => json!(v[id as usize]),
        Labels::Str(v) => json!(v[id as usize].as_ref()),
    }
}

/// Writes `network` as node-link JSON with person attributes on the nodes.
pub fn write(network: &Network, out: &mut dyn Write) -> std::io::Result<()> {
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
