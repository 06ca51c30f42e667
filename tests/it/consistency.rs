//! One definition per concept: recruiters, companies and seniority mean the same in every
//! command.

use crate::{json, sample};

#[test]
fn recruiters_are_one_rule_in_audit_and_targets() {
    let export = sample().join("amir-dahlberg-13ea");
    let e = export.to_str().unwrap();
    let audit = json(&["audit", e, "--format", "json"]);
    let in_audit = audit["recruiters"].as_u64().unwrap();
    assert!(in_audit > 0);
    for target in ["recruiters", "field=recruiting"] {
        let v = json(&["visibility", e, "--target", target, "--format", "json"]);
        assert_eq!(
            v["targets_within"][0].as_u64().unwrap(),
            in_audit,
            "{target}"
        );
    }
}

#[test]
fn company_targets_use_the_audits_normalisation() {
    let s = sample();
    let s = s.to_str().unwrap();
    let ego = "Amir Dahlberg (Initech AB)";
    let size = |target: &str| {
        json(&[
            "visibility",
            s,
            "--ego",
            ego,
            "--target",
            target,
            "--format",
            "json",
        ])["target_size"]
            .as_u64()
            .unwrap()
    };
    let exact = size("company=Initech AB");
    assert!(exact > 0);
    for spelling in [
        "company=INITECH",
        "company=initech ab",
        "company=Initech, AB",
    ] {
        assert_eq!(size(spelling), exact, "{spelling}");
    }
}
