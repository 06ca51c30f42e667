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

#[test]
fn merged_exports_mark_exporters_and_recommendations_leave_them_out() {
    let s = sample();
    let s = s.to_str().unwrap();
    let ego = "Amir Dahlberg (Initech AB)";
    let picks = |extra: &[&str]| {
        let mut args = vec![
            "recommend",
            s,
            "--ego",
            ego,
            "--top",
            "6",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        json(&args)
    };
    let default = picks(&[]);
    assert!(default["left_out"].as_u64().unwrap() > 0);
    for p in default["picks"].as_array().unwrap() {
        assert_eq!(p["exporter"], false, "{p}");
    }
    let all = picks(&["--include-exporters"]);
    assert_eq!(all["left_out"], 0);
    assert!(
        all["picks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["exporter"] == true),
        "the sample's best gains are fellow exporters: {all}"
    );
    let csv = crate::stdout_of(&["connectors", s, "--all", "--format", "csv"]);
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.lines().next().unwrap().ends_with(",exporter"));
    assert_eq!(csv.lines().filter(|l| l.ends_with(",1")).count(), 24);
}
