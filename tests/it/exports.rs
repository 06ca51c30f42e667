//! LinkedIn exports: the identity report on a hand-made fixture, the bundled sample, one file.

use crate::{fixture, json, netreach, sample};

#[test]
fn identity_report_on_shared_ambiguous_and_url_less_contacts() {
    let dir = fixture("exports");
    let doc = json(&["stats", dir.to_str().unwrap(), "--format", "json"]);
    let id = &doc["identity"];
    assert_eq!(id["exports"], 3);
    assert_eq!(id["rows"], 12);
    assert_eq!(id["hidden"], 1);
    // alice, bob and carol each appear in more than one export
    assert_eq!(id["matched_by_url"], 3);
    // bob's URL-less "Alice A (Umbrella)" and "Carol C (Globex)" join the URL people
    assert_eq!(id["matched_by_name"], 2);
    // "Sam Same (Initech)" fits two URL people: kept apart
    assert_eq!(id["ambiguous"], 1);
    // "Nina New (Hooli)" matches nobody: a new person
    assert_eq!(id["unmatched_without_url"], 1);
    assert_eq!(doc["nodes"], 8);
    assert_eq!(doc["edges"], 8);
    assert_eq!(doc["merged_duplicates"], 3);
    let skipped = doc["skipped"].as_array().unwrap();
    assert_eq!(skipped[0]["count"], 1);
}

#[test]
fn merged_exports_give_real_second_degree_reach() {
    let dir = fixture("exports");
    // erik is alice's contact; bob reaches him through alice (or carol's network)
    let doc = json(&[
        "reach",
        dir.to_str().unwrap(),
        "--ego",
        "https://www.linkedin.com/in/bob-b",
        "--format",
        "json",
        "--list",
        "2",
    ]);
    let people: Vec<&str> = doc["list"]["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["node_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        people,
        vec![
            "linkedin.com/in/erik-e",
            "linkedin.com/in/sam-1",
            "linkedin.com/in/sam-2"
        ]
    );
}

#[test]
fn bundled_sample_loads() {
    let doc = json(&["stats", sample().to_str().unwrap(), "--format", "json"]);
    assert_eq!(doc["format"], "linkedin");
    assert!(doc["nodes"].as_u64().unwrap() > 500);
    assert_eq!(doc["identity"]["exports"], 24);
    assert!(doc["identity"]["hidden"].as_u64().unwrap() > 0);
}

#[test]
fn single_export_is_a_star_around_the_named_owner() {
    let file = fixture("exports/alice/Connections.csv");
    let doc = json(&[
        "stats",
        file.to_str().unwrap(),
        "--owner",
        "Alice Owner",
        "--format",
        "json",
    ]);
    assert_eq!(doc["nodes"], 4);
    assert_eq!(doc["edges"], 3);
    assert_eq!(doc["top_by_degree"][0]["node_id"], "owner:alice owner");
    // without --owner the owner.txt beside the file names her
    let doc = json(&["stats", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(doc["top_by_degree"][0]["name"], "Alice A");
}

#[test]
fn unknown_ego_lists_close_matches() {
    let dir = fixture("exports");
    netreach()
        .args(["reach", dir.to_str().unwrap(), "--ego", "sam"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no person matches 'sam'; close matches: Sam Same",
        ));
    netreach()
        .args(["reach", dir.to_str().unwrap(), "--ego", "Sam Same"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("ambiguous"));
}
