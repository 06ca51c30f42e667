//! GraphML, for Gephi, igraph and NetworkX. Writing: node ids are the original labels, person
//! attributes and degree are node attributes. Reading: quick-xml's event reader; node ids
//! become labels (integers when every id is a non-negative integer), the attributes netreach
//! knows (`name` or `label`, `company`, `position`, `url`, `connected_on`, `is_owner`, matched by
//! their `attr.name`) become person attributes, others are ignored. A directed graph is read as
//! undirected and edge weights are ignored, each with a note.
//!
//! Written by hand rather than with `petgraph-graphml` because that crate declares its keys in
//! hash-set order (output would differ between runs) and panics on XML errors.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use quick_xml::events::{BytesStart, Event};

use super::nodelink::{Id, LinkIn, NodeIn, network_from};
use crate::error::{Error, Result};
use crate::graph::Network;

/// Escapes text for XML content and attribute values; characters XML 1.0 forbids become U+FFFD.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// `(key, graphml type)` of every node attribute, in output order.
const NODE_KEYS: &[(&str, &str)] = &[
    ("name", "string"),
    ("company", "string"),
    ("position", "string"),
    ("url", "string"),
    ("connected_on", "string"),
    ("is_owner", "boolean"),
    ("degree", "int"),
];

/// Writes `network` as GraphML, with each person's community as the node attribute
/// `community` when given.
pub fn write(
    network: &Network,
    out: &mut dyn Write,
    community: Option<&[u32]>,
) -> std::io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">"#
    )?;
    for (key, kind) in NODE_KEYS {
        writeln!(
            out,
            r#"  <key id="{key}" for="node" attr.name="{key}" attr.type="{kind}"/>"#
        )?;
    }
    if community.is_some() {
        writeln!(
            out,
            r#"  <key id="community" for="node" attr.name="community" attr.type="int"/>"#
        )?;
    }
    writeln!(out, r#"  <graph id="G" edgedefault="undirected">"#)?;
    for id in 0..network.node_count() as u32 {
        write_node(network, id, community, out)?;
    }
    for (u, v) in network.csr.edges() {
        writeln!(
            out,
            r#"    <edge source="{}" target="{}"/>"#,
            xml_escape(&network.labels.get(u)),
            xml_escape(&network.labels.get(v))
        )?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

/// One `<node>` with its attributes (and its community when given).
fn write_node(
    network: &Network,
    id: u32,
    community: Option<&[u32]>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let label = xml_escape(&network.labels.get(id));
    writeln!(out, r#"    <node id="{label}">"#)?;
    let p = network.people.get(id);
    let texts = [
        p.name,
        p.company,
        p.position,
        p.url,
        p.connected_on.map(|d| d.to_string()),
    ];
    for ((key, _), value) in NODE_KEYS.iter().zip(texts) {
        if let Some(v) = value {
            writeln!(out, r#"      <data key="{key}">{}</data>"#, xml_escape(&v))?;
        }
    }
    if p.is_owner {
        writeln!(out, r#"      <data key="is_owner">true</data>"#)?;
    }
    writeln!(
        out,
        r#"      <data key="degree">{}</data>"#,
        network.csr.degree(id)
    )?;
    if let Some(c) = community.and_then(|c| c.get(id as usize)) {
        writeln!(out, r#"      <data key="community">{c}</data>"#)?;
    }
    writeln!(out, "    </node>")?;
    Ok(())
}

/// What the reader is inside of.
enum Open {
    Node(NodeIn),
    Edge(LinkIn),
    /// A `<data key=…>` of a node or edge: the key's attribute name and the text so far.
    Data {
        attr: String,
        text: String,
    },
    Other,
}

/// Reads GraphML (`bytes`, named `path` in messages).
pub fn read(path: &Path, bytes: &[u8]) -> Result<Network> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + memchr::memchr_iter(b'\n', &bytes[..e.valid_up_to()]).count() as u64;
        Error::parse(path, line, "GraphML that is not UTF-8")
    })?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut state = GraphMl::default();
    loop {
        let at = reader.buffer_position() as usize;
        let line = || 1 + memchr::memchr_iter(b'\n', &bytes[..at.min(bytes.len())]).count() as u64;
        let event = reader
            .read_event()
            .map_err(|e| Error::parse(path, line(), format!("not well-formed XML: {e}")))?;
        match event {
            Event::Start(e) => state
                .open(&e, false)
                .map_err(|m| Error::parse(path, line(), m))?,
            Event::Empty(e) => state
                .open(&e, true)
                .map_err(|m| Error::parse(path, line(), m))?,
            Event::End(_) => state.close(),
            Event::Text(t) => state.text(&t.xml10_content().unwrap_or_default()),
            Event::CData(t) => state.text(&t.decode().unwrap_or_default()),
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap_or_default();
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&name)
                        .unwrap_or_default()
                        .to_string(),
                };
                state.text(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !state.seen_graph {
        return Err(Error::parse(path, 1, "no <graph> element: not GraphML"));
    }
    network_from(path, state.nodes, state.edges, state.directed, "graphml")
}

/// The document read so far.
#[derive(Default)]
struct GraphMl {
    /// `<key id>` → `attr.name`.
    keys: HashMap<String, String>,
    stack: Vec<Open>,
    nodes: Vec<NodeIn>,
    edges: Vec<LinkIn>,
    directed: bool,
    seen_graph: bool,
}

impl GraphMl {
    fn open(&mut self, e: &BytesStart, empty: bool) -> std::result::Result<(), String> {
        let attr = |name: &str| -> Option<String> {
            e.attributes()
                .flatten()
                .find(|a| a.key.as_ref() == name.as_bytes())
                .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
        };
        let opened = match e.name().as_ref() {
            b"key" => {
                if let (Some(id), Some(name)) = (attr("id"), attr("attr.name")) {
                    self.keys.insert(id, name);
                }
                Open::Other
            }
            b"graph" => {
                self.seen_graph = true;
                self.directed |= attr("edgedefault").as_deref() == Some("directed");
                Open::Other
            }
            b"node" => Open::Node(NodeIn {
                id: Some(id_of(&attr("id").ok_or("a <node> without an id")?)),
                ..NodeIn::default()
            }),
            b"edge" => {
                self.directed |= attr("directed").as_deref() == Some("true");
                let end = |name: &str| attr(name).map(|v| id_of(&v));
                Open::Edge(LinkIn {
                    source: Some(end("source").ok_or("an <edge> without a source")?),
                    target: Some(end("target").ok_or("an <edge> without a target")?),
                    weight: None,
                })
            }
            b"data" => Open::Data {
                attr: attr("key")
                    .map(|k| self.keys.get(&k).cloned().unwrap_or(k))
                    .unwrap_or_default(),
                text: String::new(),
            },
            _ => Open::Other,
        };
        self.stack.push(opened);
        if empty {
            self.close();
        }
        Ok(())
    }

    fn text(&mut self, more: &str) {
        if let Some(Open::Data { text, .. }) = self.stack.last_mut() {
            text.push_str(more);
        }
    }

    fn close(&mut self) {
        match self.stack.pop() {
            Some(Open::Node(node)) => self.nodes.push(node),
            Some(Open::Edge(edge)) => self.edges.push(edge),
            Some(Open::Data { attr, text }) => match self.stack.last_mut() {
                Some(Open::Node(node)) => set_attribute(node, &attr, text),
                Some(Open::Edge(edge)) if attr == "weight" || attr == "value" => {
                    edge.weight = Some(serde_json::Value::String(text));
                }
                _ => {}
            },
            _ => {}
        }
    }
}

/// A node id: an integer when it is written as one (no sign, no leading zero), else text.
fn id_of(text: &str) -> Id {
    match text.parse::<u64>() {
        Ok(x) if x.to_string() == text => Id::Int(x),
        _ => Id::Text(text.to_string()),
    }
}

fn set_attribute(node: &mut NodeIn, attr: &str, text: String) {
    let slot = match attr {
        "name" => &mut node.name,
        "label" => &mut node.label,
        "company" => &mut node.company,
        "position" => &mut node.position,
        "url" => &mut node.url,
        "connected_on" => &mut node.connected_on,
        "is_owner" => {
            node.is_owner = Some(serde_json::Value::Bool(text.trim() == "true"));
            return;
        }
        _ => return,
    };
    *slot = Some(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_it_writes_and_gephi_shapes() {
        let text = r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="label" attr.type="string"/>
  <key id="d1" for="node" attr.name="company" attr.type="string"/>
  <key id="w" for="edge" attr.name="weight" attr.type="double"/>
  <graph id="G" edgedefault="directed">
    <node id="n0"><data key="d0">Ada &amp; Bo</data><data key="d1">Acme</data></node>
    <node id="n1"><data key="d0">Cy &#233;</data></node>
    <node id="n2"/>
    <edge source="n0" target="n1"><data key="w">2.5</data></edge>
    <edge source="n1" target="n2"/>
  </graph>
</graphml>"#;
        let n = read(Path::new("g.graphml"), text.as_bytes()).unwrap();
        assert_eq!(n.node_count(), 3);
        assert_eq!(n.csr.edge_count(), 2);
        assert_eq!(n.people.name(0), Some("Ada & Bo"));
        assert_eq!(n.people.company(0), Some("Acme"));
        assert_eq!(n.people.name(1), Some("Cy é"));
        assert_eq!(n.report.notes.len(), 2, "{:?}", n.report.notes);
    }

    #[test]
    fn broken_xml_names_its_line() {
        let text = "<graphml>\n<graph>\n<node id=\"1\">\n</edge>\n</graphml>";
        let e = read(Path::new("g.graphml"), text.as_bytes()).unwrap_err();
        assert!(e.to_string().starts_with("g.graphml:"), "{e}");
    }
}
