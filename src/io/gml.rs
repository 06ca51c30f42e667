//! GML reading (Newman's data sets, igraph, Gephi): `graph [ node [ id … label "…" ] edge [
//! source … target … ] ]`. Node labels become person names; GML `id`s become the node labels.

use std::path::Path;

use crate::error::{Error, Result};
use crate::graph::{Csr, Labels, LoadReport, Network, People};

/// A GML value.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Entry>),
}

/// A `key value` pair with the line where the key stands.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    key: String,
    value: Value,
    line: u64,
}

/// Nesting deeper than this is rejected (hostile input), never a stack overflow.
const MAX_DEPTH: usize = 64;

struct Lexer<'a> {
    path: &'a Path,
    text: &'a str,
    pos: usize,
    line: u64,
}

impl<'a> Lexer<'a> {
    fn error(&self, message: impl Into<String>) -> Error {
        Error::parse(self.path, self.line, message)
    }

    fn skip_space(&mut self) {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            match bytes[self.pos] {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                b'#' => {
                    while self.pos < bytes.len() && bytes[self.pos] != b'\n' {
                        self.pos += 1;
                    }
                    continue;
                }
                _ => return,
            }
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_space();
        self.text.as_bytes().get(self.pos).copied()
    }

    fn word(&mut self) -> &'a str {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len()
            && !bytes[self.pos].is_ascii_whitespace()
            && !matches!(bytes[self.pos], b'[' | b']' | b'"')
        {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    fn string(&mut self) -> Result<String> {
        let start_line = self.line;
        self.pos += 1; // opening quote
        let rest = &self.text[self.pos..];
        let Some(end) = rest.find('"') else {
            self.line = start_line;
            return Err(self.error("string is not closed (missing '\"')"));
        };
        let s = &rest[..end];
        self.line += s.matches('\n').count() as u64;
        self.pos += end + 1;
        Ok(decode_entities(s))
    }

    /// Reads entries until `]` (nested) or the end of input (top level).
    fn entries(&mut self, depth: usize) -> Result<Vec<Entry>> {
        if depth > MAX_DEPTH {
            return Err(self.error("lists nested too deeply"));
        }
        let mut out = Vec::new();
        loop {
            match self.peek() {
                None if depth == 0 => return Ok(out),
                None => return Err(self.error("unexpected end of file: a '[' is not closed")),
                Some(b']') if depth > 0 => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b']') => return Err(self.error("unexpected ']'")),
                Some(c) if c.is_ascii_alphabetic() || c == b'_' => {
                    let line = self.line;
                    let key = self.word().to_string();
                    let value = self.value(depth)?;
                    out.push(Entry { key, value, line });
                }
                Some(_) => {
                    let w = self.word();
                    let shown: String = w.chars().take(20).collect();
                    return Err(self.error(format!("expected a key, found '{shown}'")));
                }
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value> {
        match self.peek() {
            None => Err(self.error("unexpected end of file: a key has no value")),
            Some(b'[') => {
                self.pos += 1;
                Ok(Value::List(self.entries(depth + 1)?))
            }
            Some(b'"') => Ok(Value::Str(self.string()?)),
            Some(_) => {
                let w = self.word();
                if let Ok(i) = w.parse::<i64>() {
                    Ok(Value::Int(i))
                } else if let Ok(f) = w.parse::<f64>() {
                    Ok(Value::Float(f))
                } else {
                    let shown: String = w.chars().take(20).collect();
                    Err(self.error(format!(
                        "expected a number, a string or '[', found '{shown}'"
                    )))
                }
            }
        }
    }
}

/// GML escapes non-ASCII as HTML entities (`&eacute;`, `&#233;`); decode the numeric ones and
/// the few named ones that occur in practice.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').and_then(|j| {
            let entity = &rest[1..j];
            let c = match entity {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ if entity.starts_with("#x") => u32::from_str_radix(&entity[2..], 16)
                    .ok()
                    .and_then(char::from_u32),
                _ if entity.starts_with('#') => entity[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, j + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads a GML file held in memory.
pub fn read(path: &Path, bytes: &[u8]) -> Result<Network> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        Error::parse(path, line, "text is not valid UTF-8")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lexer = Lexer {
        path,
        text,
        pos: 0,
        line: 1,
    };
    let top = lexer.entries(0)?;
    let Some(graph) = top.iter().find(|e| e.key == "graph") else {
        return Err(Error::parse(path, 1, "no 'graph [ … ]' block"));
    };
    let Value::List(items) = &graph.value else {
        return Err(Error::parse(path, graph.line, "'graph' must be a list"));
    };
    let mut ids: Vec<i64> = Vec::new();
    let mut node_lines: Vec<u64> = Vec::new();
    let mut names: Vec<Option<String>> = Vec::new();
    let mut raw_edges: Vec<(i64, i64, u64)> = Vec::new();
    let mut notes = Vec::new();
    for item in items {
        match (item.key.as_str(), &item.value) {
            ("directed", Value::Int(1)) => notes.push(DIRECTED_NOTE.to_string()),
            ("node", Value::List(fields)) => {
                ids.push(int_field(path, item, fields, "id")?);
                node_lines.push(item.line);
                names.push(label_of(fields));
            }
            ("edge", Value::List(fields)) => {
                let s = int_field(path, item, fields, "source")?;
                let t = int_field(path, item, fields, "target")?;
                raw_edges.push((s, t, item.line));
                if !notes.iter().any(|n| n == WEIGHTS_NOTE)
                    && fields.iter().any(|f| f.key == "value" || f.key == "weight")
                {
                    notes.push(WEIGHTS_NOTE.to_string());
                }
            }
            ("node" | "edge", _) => {
                return Err(Error::parse(
                    path,
                    item.line,
                    format!("'{}' must be a list", item.key),
                ));
            }
            _ => {}
        }
    }
    let mut network = build(path, (ids, node_lines), names, raw_edges)?;
    network.report.notes = notes;
    Ok(network)
}

/// A node's `label` as text (`None` without one).
fn label_of(fields: &[Entry]) -> Option<String> {
    fields
        .iter()
        .find(|f| f.key == "label")
        .map(|f| match &f.value {
            Value::Str(s) => s.clone(),
            Value::Int(i) => i.to_string(),
            Value::Float(x) => x.to_string(),
            Value::List(_) => String::new(),
        })
}

/// The note for a directed input: netreach's graph is undirected.
pub const DIRECTED_NOTE: &str = "the input says it is directed; it was read as undirected (each edge in both directions), as every netreach measure is";

/// The note for edge weights: every netreach measure counts hops.
pub const WEIGHTS_NOTE: &str =
    "edge weights were ignored: reach, betweenness and the other measures count hops, not weights";

fn int_field(path: &Path, owner: &Entry, fields: &[Entry], key: &str) -> Result<i64> {
    match fields.iter().find(|f| f.key == key).map(|f| &f.value) {
        Some(Value::Int(i)) => Ok(*i),
        Some(_) => Err(Error::parse(
            path,
            owner.line,
            format!("{} '{key}' is not an integer", owner.key),
        )),
        None => Err(Error::parse(
            path,
            owner.line,
            format!("{} has no '{key}'", owner.key),
        )),
    }
}

/// The node indices in label order: labels are sorted the way `Labels` promises, as numbers
/// when every id is non-negative, else as text in byte order (negative ids become string
/// labels, and "-5" sorts after "-10"). A repeated id is an error at its later line.
fn label_order(path: &Path, ids: &[i64], node_lines: &[u64], negative: bool) -> Result<Vec<usize>> {
    let mut order: Vec<usize> = (0..ids.len()).collect();
    if negative {
        order.sort_by_cached_key(|&i| ids[i].to_string());
    } else {
        order.sort_by_key(|&i| ids[i]);
    }
    // Equal ids have equal keys in either order, so duplicates are neighbours.
    if let Some(w) = order.windows(2).find(|w| ids[w[0]] == ids[w[1]]) {
        return Err(Error::parse(
            path,
            node_lines[w[0]].max(node_lines[w[1]]),
            format!("node id {} appears twice", ids[w[1]]),
        ));
    }
    Ok(order)
}

/// The edges as node-id pairs; an edge to an undeclared node is an error at its line.
fn edge_pairs(
    path: &Path,
    sorted_ids: &[i64],
    raw_edges: Vec<(i64, i64, u64)>,
) -> Result<Vec<u32>> {
    // Node id (position in label order) by numeric value.
    let mut by_value: Vec<(i64, u32)> = (0..sorted_ids.len() as u32)
        .map(|pos| (sorted_ids[pos as usize], pos))
        .collect();
    by_value.sort_unstable();
    let id_of = |x: i64, line: u64| {
        let found = by_value.binary_search_by_key(&x, |&(value, _)| value);
        found.map(|i| by_value[i].1).map_err(|_| {
            Error::parse(
                path,
                line,
                format!("edge refers to node {x}, which is not declared"),
            )
        })
    };
    let mut pairs = Vec::with_capacity(raw_edges.len() * 2);
    for (s, t, line) in raw_edges {
        pairs.push(id_of(s, line)?);
        pairs.push(id_of(t, line)?);
    }
    Ok(pairs)
}

/// `nodes` holds each node's id and the line it was declared on.
fn build(
    path: &Path,
    (ids, node_lines): (Vec<i64>, Vec<u64>),
    names: Vec<Option<String>>,
    raw_edges: Vec<(i64, i64, u64)>,
) -> Result<Network> {
    if ids.is_empty() {
        return Err(Error::parse(path, 1, "graph has no nodes"));
    }
    let negative = ids.iter().any(|&x| x < 0);
    // `order` is a permutation of the node indices, and `ids`, `node_lines` and `names` hold
    // one entry per node, so indexing them by `order` stays in bounds.
    let order = label_order(path, &ids, &node_lines, negative)?;
    let sorted_ids: Vec<i64> = order.iter().map(|&i| ids[i]).collect();
    let pairs = edge_pairs(path, &sorted_ids, raw_edges)?;
    let mut names_sorted: Vec<Option<String>> = order.iter().map(|&i| names[i].clone()).collect();
    names_sorted.iter_mut().for_each(|n| {
        if n.as_deref() == Some("") {
            *n = None
        }
    });
    let labels = if !negative {
        Labels::Int(sorted_ids.iter().map(|&x| x as u64).collect())
    } else {
        Labels::Str(
            sorted_ids
                .iter()
                .map(|x| x.to_string().into_boxed_str())
                .collect(),
        )
    };
    let (csr, build) = Csr::from_pairs(sorted_ids.len(), &pairs);
    Ok(Network {
        csr,
        labels,
        people: People::from_names(names_sorted),
        report: LoadReport {
            format: "gml".into(),
            build,
            ..LoadReport::default()
        },
        dates: Default::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_nodes_labels_and_edges() {
        let text = "Creator \"x\"\ngraph\n[\n  directed 0\n  node\n  [\n    id 5\n    label \"Val&#233;jean\"\n  ]\n  node [ id 2 label \"B\" ]\n  edge [ source 5 target 2 value 1.5 ]\n]\n";
        let g = read(Path::new("g.gml"), text.as_bytes()).unwrap();
        assert_eq!(g.labels, Labels::Int(vec![2, 5]));
        assert_eq!(g.people.name(1), Some("Valéjean"));
        assert_eq!(g.csr.edge_count(), 1);
    }

    /// Found by the `gml` fuzz target: negative ids were sorted as numbers, so the string
    /// labels were out of byte order and lookups by label missed.
    #[test]
    fn negative_ids_become_labels_in_byte_order() {
        let text = "graph [ node [ id -5 label \"a\" ] node [ id -10 ] node [ id 3 ]\n edge [ source -5 target 3 ] ]";
        let g = read(Path::new("g.gml"), text.as_bytes()).unwrap();
        assert_eq!(
            g.labels,
            Labels::Str(vec!["-10".into(), "-5".into(), "3".into()])
        );
        let a = g.labels.find("-5").unwrap();
        assert_eq!(g.people.name(a), Some("a"));
        assert!(g.csr.has_edge(a, g.labels.find("3").unwrap()));
        assert!(g.csr.validate().is_ok());
    }

    #[test]
    fn errors_carry_lines() {
        let e = read(
            Path::new("g.gml"),
            b"graph [\n node [ id 1 ]\n edge [ source 1 target 9 ]\n]",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "g.gml:3: edge refers to node 9, which is not declared"
        );
        let e = read(Path::new("g.gml"), b"graph [\n node [ id 1 \n").unwrap_err();
        assert!(
            e.to_string().starts_with("g.gml:3: unexpected end of file"),
            "{e}"
        );
    }
}
