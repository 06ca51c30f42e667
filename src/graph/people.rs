//! Person attributes, stored column by column beside the graph.

use chrono::NaiveDate;
use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};

/// The attributes one loader knows about one person; every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Display name ("First Last", or a GML label).
    pub name: Option<String>,
    /// Current company.
    pub company: Option<String>,
    /// Current position or title (the "field" keyword source).
    pub position: Option<String>,
    /// Profile URL as given in the export.
    pub url: Option<String>,
    /// When this person connected to the export's owner (earliest, if several owners).
    pub connected_on: Option<NaiveDate>,
    /// Whether this person owns one of the exports.
    pub is_owner: bool,
}

/// Columnar person attributes indexed by node id. A graph without attributes has empty columns,
/// and every accessor then answers `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct People {
    name: Vec<Option<Box<str>>>,
    company: Vec<Option<Box<str>>>,
    position: Vec<Option<Box<str>>>,
    url: Vec<Option<Box<str>>>,
    connected_on: Vec<Option<NaiveDate>>,
    is_owner: Vec<bool>,
}

fn boxed(s: Option<String>) -> Option<Box<str>> {
    s.filter(|s| !s.is_empty()).map(String::into_boxed_str)
}

fn column<T: AsRef<str>>(col: &[Option<T>], id: u32) -> Option<&str> {
    col.get(id as usize)
        .and_then(|v| v.as_ref())
        .map(AsRef::as_ref)
}

impl People {
    /// Columns from one [`Person`] per node id.
    pub fn from_rows(rows: Vec<Person>) -> People {
        let mut p = People::default();
        for r in rows {
            p.name.push(boxed(r.name));
            p.company.push(boxed(r.company));
            p.position.push(boxed(r.position));
            p.url.push(boxed(r.url));
            p.connected_on.push(r.connected_on);
            p.is_owner.push(r.is_owner);
        }
        p
    }

    /// Names only (GML labels, node-link `name`/`label`).
    pub fn from_names(names: Vec<Option<String>>) -> People {
        if names.iter().all(Option::is_none) {
            return People::default();
        }
        People::from_rows(
            names
                .into_iter()
                .map(|name| Person {
                    name,
                    ..Person::default()
                })
                .collect(),
        )
    }

    /// Number of rows: the node count, or 0 when the input has no attributes.
    pub fn len(&self) -> usize {
        self.name.len()
    }

    /// Whether any attribute column is filled.
    pub fn is_empty(&self) -> bool {
        self.name.is_empty()
    }

    /// All attributes of `id` as a row.
    pub fn get(&self, id: u32) -> Person {
        Person {
            name: self.name(id).map(str::to_string),
            company: self.company(id).map(str::to_string),
            position: self.position(id).map(str::to_string),
            url: self.url(id).map(str::to_string),
            connected_on: self.connected_on(id),
            is_owner: self.is_owner(id),
        }
    }

    /// Display name.
    pub fn name(&self, id: u32) -> Option<&str> {
        column(&self.name, id)
    }

    /// Company.
    pub fn company(&self, id: u32) -> Option<&str> {
        column(&self.company, id)
    }

    /// Position or title.
    pub fn position(&self, id: u32) -> Option<&str> {
        column(&self.position, id)
    }

    /// Profile URL as given.
    pub fn url(&self, id: u32) -> Option<&str> {
        column(&self.url, id)
    }

    /// Date of connection to the export owner.
    pub fn connected_on(&self, id: u32) -> Option<NaiveDate> {
        self.connected_on.get(id as usize).copied().flatten()
    }

    /// Whether `id` owns an export.
    pub fn is_owner(&self, id: u32) -> bool {
        self.is_owner.get(id as usize).copied().unwrap_or(false)
    }

    /// Whether a company or position column has any value (for breakdowns).
    pub fn has_work_attributes(&self) -> bool {
        self.company
            .iter()
            .chain(&self.position)
            .any(Option::is_some)
    }
}

/// Normalises a profile URL into an identity key: percent-decoded, lower case, no scheme, no
/// `www.`, no query or fragment, no trailing slash (`linkedin.com/in/zoë-sample`).
///
/// A slug can hold an encoded space or no-break space (`john%20doe`, `john%C2%A0doe`): LinkedIn
/// issued it, so it is an identity; such characters stay percent-encoded (upper-case hex) in the
/// key. Returns `None` for text that is not a URL-like `host/path` (raw white space included).
pub fn normalise_url(url: &str) -> Option<String> {
    let url = url.trim();
    if url.chars().any(char::is_whitespace) {
        return None;
    }
    let decoded = percent_decode_str(url).decode_utf8_lossy();
    // Nearly every URL is ASCII, where the byte-wise lowering is the same and much faster.
    let lower = if decoded.is_ascii() {
        decoded.to_ascii_lowercase()
    } else {
        decoded.to_lowercase()
    };
    let mut s = lower.as_str();
    for prefix in ["https://", "http://", "www."] {
        s = s.strip_prefix(prefix).unwrap_or(s);
    }
    if let Some(cut) = s.find(['?', '#']) {
        s = &s[..cut];
    }
    let s = s.trim_end_matches('/');
    let (host, path) = s.split_once('/')?;
    if !host.contains('.') || path.is_empty() || host.chars().any(char::is_whitespace) {
        return None;
    }
    Some(if s.chars().any(char::is_whitespace) {
        encode_white_space(s)
    } else {
        s.to_string()
    })
}

/// Re-encodes the white space that percent-decoding produced (`%20`, `%C2%A0`).
fn encode_white_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_whitespace() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}
