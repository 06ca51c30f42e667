//! Target groups (for instance the recruiters in a field): everyone, an attribute filter, or
//! a list of ids.

use fixedbitset::FixedBitSet;

use crate::audit::keywords::{is_recruiter, normalise_company};
use crate::graph::{Network, People};

/// Fields and the position keywords that place a person in them (case-insensitive substrings).
pub const FIELDS: &[(&str, &[&str])] = &[
    (
        "engineering",
        &[
            "engineer",
            "developer",
            "programmer",
            "sre",
            "devops",
            "architect",
        ],
    ),
    (
        "data",
        &[
            "data",
            "analytics",
            "machine learning",
            "scientist",
            "statistic",
        ],
    ),
    (
        "sales",
        &[
            "sales",
            "account executive",
            "account manager",
            "business develop",
        ],
    ),
    (
        "marketing",
        &["marketing", "brand", "growth", "content", "communications"],
    ),
    (
        "finance",
        &[
            "finance",
            "financial",
            "controller",
            "cfo",
            "accountant",
            "treasur",
        ],
    ),
    // The audit's recruiter words (`audit::keywords::RECRUITER_POSITIONS`), so that a
    // position is in the recruiting field exactly when the audit counts it as a recruiter's.
    ("recruiting", crate::audit::keywords::RECRUITER_POSITIONS),
    ("design", &["design", "ux", "user experience", "researcher"]),
    ("product", &["product", "program manager"]),
];

/// The field of a position, by the first field whose keyword it contains.
pub fn field_of(position: &str) -> Option<&'static str> {
    let p = format!("{} ", position.to_lowercase());
    FIELDS
        .iter()
        .find(|(_, words)| words.iter().any(|w| p.contains(w)))
        .map(|(f, _)| *f)
}

/// One condition on a person's attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Criterion {
    /// `company=X`: the company is X after company normalisation (case, punctuation and legal
    /// forms ignored: `company=ACME` matches "Acme AB"), the audit's one rule.
    Company(String),
    /// `recruiters` (also `field=recruiting`): a recruiter by the audit's one rule, from the
    /// position or a staffing company.
    Recruiters,
    /// `position~X`: the position contains X (case-insensitive).
    PositionContains(String),
    /// `field=X`: the position falls in field X (see [`FIELDS`]).
    Field(String),
}

impl Criterion {
    /// Parses `company=…`, `position~…` or `field=…`.
    pub fn parse(spec: &str) -> Result<Criterion, String> {
        let bad = || {
            format!(
                "'{spec}' is not a target (expected recruiters, company=NAME, position~WORD or field=NAME)"
            )
        };
        if spec.trim().eq_ignore_ascii_case("recruiters") {
            return Ok(Criterion::Recruiters);
        }
        if let Some((key, value)) = spec.split_once('~') {
            return match key.trim() {
                "position" if !value.trim().is_empty() => {
                    Ok(Criterion::PositionContains(value.trim().to_lowercase()))
                }
                _ => Err(bad()),
            };
        }
        let (key, value) = spec.split_once('=').ok_or_else(bad)?;
        let value = value.trim().to_lowercase();
        if value.is_empty() {
            return Err(bad());
        }
        match key.trim() {
            "company" => Ok(Criterion::Company(normalise_company(&value))),
            "field" if value == "recruiting" => Ok(Criterion::Recruiters),
            "field" if FIELDS.iter().any(|(f, _)| *f == value) => Ok(Criterion::Field(value)),
            "field" => Err(format!(
                "unknown field '{value}' (known: {})",
                FIELDS
                    .iter()
                    .map(|(f, _)| *f)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            _ => Err(bad()),
        }
    }

    fn matches(&self, people: &People, id: u32) -> bool {
        match self {
            Criterion::Company(c) => people
                .company(id)
                .is_some_and(|x| normalise_company(x) == *c),
            Criterion::Recruiters => is_recruiter(
                people.position(id).unwrap_or_default(),
                people.company(id).unwrap_or_default(),
            ),
            Criterion::PositionContains(w) => people
                .position(id)
                .is_some_and(|x| x.to_lowercase().contains(w.as_str())),
            Criterion::Field(f) => people.position(id).and_then(field_of) == Some(f.as_str()),
        }
    }

    fn describe(&self) -> String {
        match self {
            Criterion::Company(c) => format!("company={c}"),
            Criterion::Recruiters => "recruiters".to_string(),
            Criterion::PositionContains(w) => format!("position~{w}"),
            Criterion::Field(f) => format!("field={f}"),
        }
    }
}

/// A set of people to measure visibility against, as a membership bitmap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetGroup {
    members: FixedBitSet,
    size: usize,
    description: String,
}

impl TargetGroup {
    /// Everyone in the network.
    pub fn everyone(n: usize) -> TargetGroup {
        let mut members = FixedBitSet::with_capacity(n);
        members.insert_range(..);
        TargetGroup {
            members,
            size: n,
            description: "everyone".into(),
        }
    }

    /// People matching every criterion.
    pub fn matching(network: &Network, criteria: &[Criterion]) -> TargetGroup {
        let n = network.node_count();
        let mut members = FixedBitSet::with_capacity(n);
        for id in 0..n as u32 {
            if criteria.iter().all(|c| c.matches(&network.people, id)) {
                members.insert(id as usize);
            }
        }
        let description = criteria
            .iter()
            .map(Criterion::describe)
            .collect::<Vec<_>>()
            .join(" and ");
        TargetGroup {
            size: members.count_ones(..),
            members,
            description,
        }
    }

    /// People matching every criterion, or the error every front door gives when nobody does
    /// (the input has no company or position attributes, or a spec names nobody).
    pub fn matching_someone(
        network: &Network,
        criteria: &[Criterion],
    ) -> Result<TargetGroup, String> {
        let group = TargetGroup::matching(network, criteria);
        if group.size == 0 {
            return Err(format!(
                "no person matches the target {} (are there company/position attributes?)",
                group.description
            ));
        }
        Ok(group)
    }

    /// Exactly these node ids.
    pub fn ids(n: usize, ids: &[u32], description: &str) -> TargetGroup {
        let mut members = FixedBitSet::with_capacity(n);
        for &id in ids {
            members.insert(id as usize);
        }
        TargetGroup {
            size: members.count_ones(..),
            members,
            description: description.to_string(),
        }
    }

    /// Whether `id` is in the group.
    #[inline]
    pub fn contains(&self, id: u32) -> bool {
        self.members.contains(id as usize)
    }

    /// Number of members.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Number of members other than `ego` (visibility is a share of the others).
    pub fn size_without(&self, ego: u32) -> usize {
        self.size - usize::from(self.contains(ego))
    }

    /// What the group is, in words.
    pub fn description(&self) -> &str {
        &self.description
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_parse_and_fields() {
        assert_eq!(
            Criterion::parse("position~Recruit"),
            Ok(Criterion::PositionContains("recruit".into()))
        );
        assert_eq!(
            Criterion::parse("company=Acme Inc."),
            Ok(Criterion::Company("acme".into()))
        );
        assert!(Criterion::parse("field=astrology").is_err());
        assert!(Criterion::parse("salary>3").is_err());
        assert_eq!(field_of("Technical Recruiter"), Some("recruiting"));
        assert_eq!(field_of("Staff Engineer"), Some("engineering"));
        assert_eq!(field_of("CEO"), None);
    }
}
