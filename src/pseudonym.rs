//! Pseudonyms for shared reports: a keyed BLAKE3 hash of each person's id, so that nobody
//! holding a candidate profile URL can test whether that person is in a report without the key.
//!
//! Without a key file every run draws a fresh random key: two reports of the same input cannot
//! be linked. With `--pseudonym-key FILE` the key is derived from the file (BLAKE3 `derive_key`),
//! so the same person gets the same pseudonym in every report made with that file.

use std::path::Path;

use crate::error::{Error, Result};
use crate::graph::{Csr, Labels, LoadReport, Network, People, Person};

/// Derivation context of keys read from a file (BLAKE3 `derive_key`).
const KEY_CONTEXT: &str = "netreach 2026-12 pseudonym key";

/// A keyed pseudonym function.
#[derive(Clone)]
pub struct Pseudonyms {
    key: [u8; 32],
}

impl std::fmt::Debug for Pseudonyms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pseudonyms { key: <secret> }")
    }
}

/// What a shared report keeps of job titles: at a small company a title can name a person
/// ("Head of Data" at a 20-person firm), so `--pseudonymise-titles` coarsens or drops them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Titles {
    /// Titles as written.
    #[default]
    Keep,
    /// Only the field and the seniority level ("senior, data"; "executive"; nothing when
    /// neither is known), from the documented keyword tables.
    Coarse,
    /// No titles.
    Drop,
}

impl Titles {
    /// What is left of `position`.
    pub fn apply(self, position: &str) -> Option<String> {
        match self {
            Titles::Keep => Some(position.to_string()),
            Titles::Drop => None,
            Titles::Coarse => {
                let level = match crate::audit::keywords::seniority_level(position) {
                    2 => Some("executive"),
                    1 => Some("senior"),
                    _ => None,
                };
                let field = crate::whatif::field_of(position);
                match (level, field) {
                    (Some(l), Some(f)) => Some(format!("{l}, {f}")),
                    (Some(x), None) | (None, Some(x)) => Some(x.to_string()),
                    (None, None) => None,
                }
            }
        }
    }
}

impl Pseudonyms {
    /// A fresh random key: pseudonyms that cannot be linked to any other run's.
    pub fn random() -> Pseudonyms {
        let mut key = [0u8; 32];
        rand::fill(&mut key);
        Pseudonyms { key }
    }

    /// A key derived from the contents of a key file (at least 16 bytes of secret; `path`
    /// names it in the error), for pseudonyms that stay the same across runs.
    pub fn from_secret(secret: &[u8], path: &Path) -> Result<Pseudonyms> {
        if secret.len() < 16 {
            return Err(Error::input(
                path,
                "a pseudonym key file needs at least 16 bytes of secret (for example: head -c 32 /dev/urandom > key)",
            ));
        }
        Ok(Pseudonyms {
            key: blake3::derive_key(KEY_CONTEXT, secret),
        })
    }

    fn hex(&self, kind: &str, text: &str) -> String {
        let mut hasher = blake3::Hasher::new_keyed(&self.key);
        hasher.update(kind.as_bytes());
        hasher.update(&[0]);
        hasher.update(text.as_bytes());
        hasher.finalize().to_hex()[..12].to_string()
    }

    /// The pseudonym of a person, from their id (label or name): `person-<12 hex digits>`.
    pub fn person(&self, id: &str) -> String {
        format!("person-{}", self.hex("person", id))
    }

    /// The pseudonym of a company, compared case-insensitively: `company-<12 hex digits>`.
    pub fn company(&self, name: &str) -> String {
        // Keyed on the audit's comparison form, so that "Acme AB" and "ACME" stay one company
        // (and a company asked for by any spelling finds its pseudonym).
        let key = crate::audit::keywords::normalise_company(name);
        let key = if key.is_empty() {
            name.trim().to_lowercase()
        } else {
            key
        };
        format!("company-{}", self.hex("company", &key))
    }

    /// The network with names and string labels (profile URLs in exports) replaced by
    /// pseudonyms, companies too when `companies` is set, and positions as `titles` says.
    pub fn network(&self, network: Network, companies: bool, titles: Titles) -> Network {
        self.renumbered(network, companies, titles).0
    }

    /// [`Pseudonyms::network`] and each old id's new id: string labels are renumbered so that
    /// the pseudonyms stay sorted (integer labels keep their ids).
    pub fn renumbered(
        &self,
        network: Network,
        companies: bool,
        titles: Titles,
    ) -> (Network, Vec<u32>) {
        let n = network.node_count();
        let mut names: Vec<String> = (0..n as u32)
            .map(|id| self.person(&network.labels.get(id)))
            .collect();
        disambiguate(&mut names);
        let row = |id: u32, name: Option<String>| {
            let mut person: Person = network.people.get(id);
            person.name = name;
            person.url = None;
            person.position = person.position.and_then(|p| titles.apply(&p));
            if companies {
                person.company = person.company.map(|c| self.company(&c));
            }
            person
        };
        let people_of = |rows: Vec<Person>| people_from(&network.people, rows);
        if let Labels::Int(_) = network.labels {
            let rows = (0..n as u32)
                .map(|id| {
                    row(
                        id,
                        network.people.name(id).map(|_| names[id as usize].clone()),
                    )
                })
                .collect();
            let same = (0..n as u32).collect();
            let network = Network {
                people: people_of(rows),
                ..network
            };
            return (network, same);
        }
        // String labels: new ids in pseudonym order, so labels stay sorted.
        let (order, new_id) = sorted_ids(&names);
        let people = people_of(
            order
                .iter()
                .map(|&old| row(old, Some(names[old as usize].clone())))
                .collect(),
        );
        let network = in_new_order(network, &names, &order, &new_id, people);
        (network, new_id)
    }
}

/// `network` renumbered: the new id `i` is old id `order[i]` (`new_id` the inverse), labelled
/// by its pseudonym in `names` (by old id), with `people` already in the new order.
fn in_new_order(
    network: Network,
    names: &[String],
    order: &[u32],
    new_id: &[u32],
    people: People,
) -> Network {
    let pairs: Vec<u32> = network
        .csr
        .edges()
        .flat_map(|(u, v)| [new_id[u as usize], new_id[v as usize]])
        .collect();
    let (csr, _) = Csr::from_pairs(network.node_count(), &pairs);
    Network {
        csr,
        labels: Labels::Str(
            order
                .iter()
                .map(|&old| names[old as usize].clone().into_boxed_str())
                .collect(),
        ),
        people,
        report: shareable_report(&network.report, new_id),
        dates: network.dates.renumbered(new_id),
    }
}

/// `rows` as columns, or none when the network had no attributes.
fn people_from(old: &People, rows: Vec<Person>) -> People {
    if old.is_empty() {
        People::default()
    } else {
        People::from_rows(rows)
    }
}

/// Node ids in the order of their new names, and each old id's new id.
fn sorted_ids(names: &[String]) -> (Vec<u32>, Vec<u32>) {
    let mut order: Vec<u32> = (0..names.len() as u32).collect();
    order.sort_by(|&a, &b| names[a as usize].cmp(&names[b as usize]));
    let mut new_id = vec![0u32; names.len()];
    for (i, &old) in order.iter().enumerate() {
        new_id[old as usize] = i as u32;
    }
    (order, new_id)
}

/// The load report with owners renumbered; input file names and row places are dropped,
/// since a shared report keeps only the counts.
fn shareable_report(report: &LoadReport, new_id: &[u32]) -> LoadReport {
    let mut report = report.clone();
    report.owners = report.owners.iter().map(|&o| new_id[o as usize]).collect();
    for input in &mut report.inputs {
        input.file = "(input file)".into();
    }
    for problem in &mut report.problems.0 {
        problem.first_lines.clear();
    }
    report
}

/// Resolves the (unlikely) collisions of 48-bit pseudonyms deterministically.
fn disambiguate(names: &mut [String]) {
    let mut seen = rustc_hash::FxHashMap::default();
    for name in names.iter_mut() {
        let count = seen.entry(name.clone()).or_insert(0u32);
        *count += 1;
        if *count > 1 {
            name.push_str(&format!("-{count}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_keys_are_unlinkable_and_file_keys_stable() {
        let url = "linkedin.com/in/ada-example";
        assert_ne!(
            Pseudonyms::random().person(url),
            Pseudonyms::random().person(url)
        );
        let key = Path::new("key");
        let a = Pseudonyms::from_secret(b"0123456789abcdef-secret", key).unwrap();
        let b = Pseudonyms::from_secret(b"0123456789abcdef-secret", key).unwrap();
        assert_eq!(a.person(url), b.person(url));
        assert_ne!(a.person(url), a.person("linkedin.com/in/bo-tester"));
        assert_eq!(a.company("Acme"), a.company(" ACME "));
        assert!(Pseudonyms::from_secret(b"short", key).is_err());
    }
}
