//! GraphML writing, for Gephi and `networkx.read_graphml`: node ids are the original labels,
//! person attributes and degree are node attributes.
//!
//! Written by hand rather than with `petgraph-graphml` because that crate declares its keys in
//! hash-set order (output would differ between runs) and panics on XML errors.

use std::io::Write;

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

/// Writes `network` as GraphML.
pub fn write(network: &Network, out: &mut dyn Write) -> std::io::Result<()> {
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
    writeln!(out, r#"  <graph id="G" edgedefault="undirected">"#)?;
    for id in 0..network.node_count() as u32 {
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
        writeln!(out, "    </node>")?;
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
