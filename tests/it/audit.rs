//! The personal audit on a hand-written archive of invented people (tests/fixtures/audit_archive):
//! exact counts for every part, the ZIP and the folder alike, a malformed file leaving only its
//! part out, and single exports never showing zero reach as a finding.

use std::path::Path;

use serde_json::json;

use crate::{fixture, json, netreach};

fn audit(input: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["audit", input.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    json(&args)
}

#[test]
fn every_part_of_the_audit_has_its_exact_counts() {
    let a = audit(&fixture("audit_archive"), &["--field", "data"]);
    assert_eq!(a["schema_version"], 1);
    assert_eq!(a["owner"], "Maja Lind");
    assert_eq!(a["single_export"], true);
    assert!(
        a["scope"]
            .as_str()
            .unwrap()
            .starts_with("One export shows your 1st-degree contacts only")
    );
    assert_eq!(a["connections"], 12);
    assert_eq!(a["hidden"], 1);
    assert_eq!(
        a["by_year"],
        json!([
            {"year": 2016, "added": 1, "total": 1}, {"year": 2017, "added": 1, "total": 2},
            {"year": 2018, "added": 2, "total": 4}, {"year": 2021, "added": 3, "total": 7},
            {"year": 2022, "added": 1, "total": 8}, {"year": 2023, "added": 2, "total": 10},
            {"year": 2024, "added": 2, "total": 12}
        ])
    );
    assert_eq!(a["passed"], json!([]), "12 contacts pass no mark");
    assert_eq!(a["in_field"], 5);
    assert!((a["field_share"].as_f64().unwrap() - 5.0 / 12.0).abs() < 1e-12);
    // Acme and Acme AB are one company; four senior in-field contacts at three companies
    let heavy = a["heavy_in_field"].as_array().unwrap();
    assert_eq!(heavy.len(), 3);
    assert_eq!(heavy[0]["people"].as_array().unwrap().len(), 2);
    assert_eq!(a["recruiters"], 3);
    assert!(a["recruiter_claim"].as_str().unwrap().contains("DN/TT"));
}

#[test]
fn recommendations_are_matched_to_each_employer_by_normalised_company() {
    let a = audit(&fixture("audit_archive"), &[]);
    let coverage = a["recommendation_coverage"].as_array().unwrap();
    let row = |i: usize| {
        let p = &coverage[i];
        (
            p["company"].as_str().unwrap(),
            p["recommendations_received"].as_u64().unwrap(),
            p["visible"].as_u64().unwrap(),
            p["hidden"].as_u64().unwrap(),
            p["given"].as_u64().unwrap(),
        )
    };
    // newest first; "Acme AB" in Positions matches "ACME" and "Acme" in Recommendations
    assert_eq!(row(0), ("Northwind AB", 1, 0, 1, 0));
    assert_eq!(row(1), ("Acme AB", 2, 2, 0, 0));
    assert_eq!(row(2), ("Globex", 0, 0, 0, 1));
    assert_eq!(row(3), ("Initech", 0, 0, 0, 0));
    assert_eq!(coverage[0]["started"], "2021-03");
    assert_eq!(coverage[0]["finished"], serde_json::Value::Null);
    assert_eq!(coverage[1]["finished"], "2021-02");
    // the intern job of 2010 is older than ten years before the archive's newest date
    assert_eq!(
        a["employers_without_recommendation"],
        json!(["Northwind AB", "Globex"])
    );
}

#[test]
fn invitations_and_messages_give_their_counts() {
    let a = audit(&fixture("audit_archive"), &["--field", "data"]);
    let i = &a["invitations"];
    assert_eq!(
        (i["incoming"].as_u64(), i["incoming_with_message"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(
        (i["outgoing"].as_u64(), i["outgoing_with_message"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(i["incoming_from_recruiters"], 2);
    assert_eq!(i["incoming_in_field"], 1);
    assert_eq!(
        i["incoming_in_order"],
        json!(["Hal Ek", "Pat Quinn", "Zoë Sample", "Stranger One"])
    );
    // a message row with two recipients counts for both; only two-way conversations are ties
    assert_eq!(
        a["top_messaged"],
        json!([
            {"name": "Åsa Öberg", "two_way_conversations": 2, "messages": 5},
            {"name": "Bo Tester", "two_way_conversations": 1, "messages": 3},
            {"name": "René Müller", "two_way_conversations": 1, "messages": 2}
        ])
    );
    assert_eq!(a["never_messaged"], 8);
    assert_eq!(a["never_messaged_people"].as_array().unwrap().len(), 8);
    let ask: Vec<&str> = a["ask_next"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        &ask[..4],
        // Åsa: an executive in the field who talks with the owner; Fa: senior in the field at
        // a company not yet covered; René is an executive, Bo senior, both at covered companies.
        ["Åsa Öberg", "Fa Low", "René Müller", "Bo Tester"]
    );
}

#[test]
fn the_zip_gives_the_same_audit_as_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir
        .path()
        .join("Complete_LinkedInDataExport_11-25-2024.zip");
    crate::zip_dir(
        &fixture("audit_archive"),
        &zip_path,
        "Complete_LinkedInDataExport_11-25-2024",
    );
    assert_eq!(audit(&zip_path, &[]), audit(&fixture("audit_archive"), &[]));
    // and the Connections.csv inside the folder, with the other files beside it
    let csv = fixture("audit_archive/Connections.csv");
    assert_eq!(
        audit(&csv, &["--owner", "Maja Lind"]),
        audit(&fixture("audit_archive"), &[])
    );
}

#[test]
fn a_malformed_or_missing_file_leaves_only_its_part_out() {
    let dir = tempfile::tempdir().unwrap();
    let archive = dir.path().join("archive");
    std::fs::create_dir(&archive).unwrap();
    for f in [
        "Connections.csv",
        "Profile.csv",
        "Positions.csv",
        "messages.csv",
    ] {
        std::fs::copy(fixture("audit_archive").join(f), archive.join(f)).unwrap();
    }
    std::fs::write(archive.join("Invitations.csv"), "From,To,Sent At,Message,Direction\nA,B,\"1/1/24, 9:00 AM\",,INCOMING\nC,D,\"1/1/24, 9:00 AM\",,SIDEWAYS\n").unwrap();
    let a = audit(&archive, &[]);
    assert_eq!(a["invitations"], serde_json::Value::Null);
    assert_eq!(a["recommendation_coverage"], serde_json::Value::Null);
    let left: Vec<String> = a["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            format!(
                "{}: {}",
                l["part"].as_str().unwrap(),
                l["reason"].as_str().unwrap()
            )
        })
        .collect();
    let invitations = archive.join("Invitations.csv");
    assert!(
        left.iter().any(|l| l.contains(&format!(
            "{}:3: Direction 'SIDEWAYS'",
            invitations.display()
        ))),
        "{left:?}"
    );
    assert!(
        left.iter()
            .any(|l| l.contains("needs Recommendations_Received.csv")),
        "{left:?}"
    );
    // the rest still runs
    assert_eq!(a["connections"], 12);
    assert_eq!(a["top_messaged"].as_array().unwrap().len(), 3);
}

#[test]
fn a_single_export_shows_no_zero_reach_finding() {
    let export = fixture("audit_archive");
    let out = netreach()
        .args(["recommend", export.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .starts_with("One export shows your 1st-degree contacts only")
    );
    let reach = String::from_utf8(crate::stdout_of(&[
        "reach",
        export.to_str().unwrap(),
        "--owner",
        "Maja Lind",
    ]))
    .unwrap();
    assert!(
        !reach.contains("above 0.0%") && !reach.contains("│ 2 "),
        "{reach}"
    );
    assert!(reach.contains("One export shows"), "{reach}");
    let (_dir, out_dir, md) = crate::report_md(&export, &[]);
    for absent in ["n2", "percentile", "above 0.0%", "everyone reachable"] {
        assert!(!md.contains(absent), "report.md shows '{absent}'");
    }
    for present in [
        "What one export can show",
        "A recommendation from each employer",
        "Whose export to ask for next",
    ] {
        assert!(md.contains(present), "report.md lacks '{present}'");
    }
    assert!(
        out_dir.join("contacts-over-time.png").is_file()
            && out_dir.join("recommendations.png").is_file()
    );
}

#[test]
fn whatif_and_visibility_on_a_single_export_say_what_it_cannot_show() {
    let export = fixture("audit_archive");
    let export = export.to_str().unwrap();
    let whatif = String::from_utf8(crate::stdout_of(&[
        "whatif",
        export,
        "--remove",
        "Bo Tester",
    ]))
    .unwrap();
    assert!(
        whatif.contains("One export shows your 1st-degree contacts only"),
        "{whatif}"
    );
    assert!(
        !whatif.contains("2nd-degree contacts (n2)")
            && !whatif.contains("3rd-degree contacts (n3)"),
        "{whatif}"
    );
    let visibility = String::from_utf8(crate::stdout_of(&["visibility", export])).unwrap();
    assert!(visibility.starts_with("One export shows"), "{visibility}");
    assert!(
        visibility.contains("Visibility of Maja Lind") && visibility.contains("within 1 hop:"),
        "{visibility}"
    );
}

#[test]
fn the_pseudonymised_audit_report_hides_every_name() {
    let (_dir, out_dir, _) = crate::report_md(&fixture("audit_archive"), &["--pseudonymise"]);
    for file in ["report.md", "index.html", "audit.json"] {
        let text = std::fs::read_to_string(out_dir.join(file)).unwrap();
        for name in [
            "Maja Lind",
            "Åsa Öberg",
            "Bo Tester",
            "Hal Ek",
            "Pat Quinn",
            "René Müller",
            "Fa Low",
        ] {
            assert!(!text.contains(name), "{file} shows {name}");
        }
    }
}

#[test]
fn a_merged_set_audits_the_ego_with_the_graph_part() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    let maja = team.join("maja");
    std::fs::create_dir_all(&maja).unwrap();
    for f in ["Connections.csv", "Profile.csv", "Positions.csv"] {
        std::fs::copy(fixture("audit_archive").join(f), maja.join(f)).unwrap();
    }
    let bo = team.join("bo");
    std::fs::create_dir_all(&bo).unwrap();
    std::fs::write(bo.join("Connections.csv"), "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nNew,Person,https://www.linkedin.com/in/new-person,,Hooli,Engineer,01 Jan 2024\n").unwrap();
    std::fs::write(
        bo.join("owner.txt"),
        "url: https://www.linkedin.com/in/bo-tester\n",
    )
    .unwrap();
    let a = audit(&team, &["--ego", "Maja Lind"]);
    assert_eq!(a["single_export"], false);
    assert_eq!(a["reach"], json!([12, 1, 0]));
    assert_eq!(a["connections"], 12);
}

#[test]
fn the_bundled_sample_owners_own_export_alone_gives_no_zero_reach_finding() {
    let one = crate::sample().join("amir-dahlberg-13ea");
    let a = audit(&one, &[]);
    assert_eq!(a["single_export"], true);
    assert_eq!(a["owner"], "Amir Dahlberg");
    assert!(a["connections"].as_u64().unwrap() > 200);
    let table = String::from_utf8(crate::stdout_of(&["audit", one.to_str().unwrap()])).unwrap();
    assert!(!table.contains("n2") && !table.contains("0.0%"), "{table}");
    let (_dir, _out, md) = crate::report_md(&one, &[]);
    assert!(
        !md.contains("n2") && !md.contains("above 0.0%") && !md.contains("percentile"),
        "{md}"
    );
    assert!(
        md.contains("You passed 50 contacts on") && md.contains("You passed 150 contacts on"),
        "{md}"
    );
}

#[test]
fn the_sample_owner_archive_shows_every_part() {
    let archive = crate::sample().join("amir-dahlberg-13ea");
    let a = audit(&archive, &[]);
    assert_eq!(a["left_out"], serde_json::json!([]), "{}", a["left_out"]);
    assert!(a["recommendation_coverage"].as_array().unwrap().len() >= 2);
    assert!(a["invitations"]["incoming"].as_u64().unwrap() > 0);
    assert!(!a["top_messaged"].as_array().unwrap().is_empty());
    assert!(a["field"].is_string());
}
