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

#[test]
fn integer_ids_stay_integers_in_every_json() {
    let dir = tempfile::tempdir().unwrap();
    let graph = crate::ba_graph(dir.path(), 200, 2, 3);
    let g = graph.to_str().unwrap();
    let nodelink = dir.path().join("g.json");
    crate::convert(&graph, &nodelink);
    let converted: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&nodelink).unwrap()).unwrap();
    assert!(converted["nodes"][0]["id"].is_u64());
    let all = json(&["reach", g, "--all", "--format", "json"]);
    assert!(all["rows"][0]["node_id"].is_u64(), "{}", all["rows"][0]);
    let one = json(&["reach", g, "--ego", "7", "--list", "2", "--format", "json"]);
    assert!(
        one["ego"].is_u64() && one["list"]["people"][0]["via"].is_u64(),
        "{one}"
    );
    let conn = json(&["connectors", g, "--ego", "7", "--format", "json"]);
    assert!(conn["contacts"][0]["node_id"].is_u64());
    let rec = json(&["recommend", g, "--ego", "7", "--format", "json"]);
    assert!(rec["picks"][0]["node_id"].is_u64());
    // String ids stay strings.
    let s = sample();
    let people = json(&[
        "connectors",
        s.to_str().unwrap(),
        "--ego",
        "Amir Dahlberg (Initech AB)",
        "--format",
        "json",
    ]);
    assert!(people["contacts"][0]["node_id"].is_string());
}

#[test]
fn directed_inputs_and_weights_are_noted_once() {
    let dir = tempfile::tempdir().unwrap();
    let gml = dir.path().join("d.gml");
    std::fs::write(
        &gml,
        "graph [\n directed 1\n node [ id 1 ]\n node [ id 2 ]\n node [ id 3 ]\n edge [ source 1 target 2 value 2.0 ]\n edge [ source 2 target 3 value 1.0 ]\n edge [ source 2 target 1 value 1.0 ]\n]\n",
    )
    .unwrap();
    let out = crate::netreach()
        .args(["stats", gml.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("read as undirected").count(), 1, "{stderr}");
    assert_eq!(
        stderr.matches("weights were ignored").count(),
        1,
        "{stderr}"
    );
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.contains("\npeople,3\n") && csv.contains("\nconnections,2\n"),
        "{csv}"
    );
    let edges = dir.path().join("e.txt");
    std::fs::write(&edges, "# Directed graph\n1 2 0.5\n2 3 0.25\n").unwrap();
    crate::netreach()
        .args(["stats", edges.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicates::str::contains("read as undirected"))
        .stderr(predicates::str::contains("weights were ignored"));
}

#[test]
fn audit_csv_carries_every_part_of_the_json() {
    let archive = crate::fixture("audit_archive");
    let a = archive.to_str().unwrap();
    let doc = json(&["audit", a, "--format", "json"]);
    let csv = String::from_utf8(crate::stdout_of(&["audit", a, "--format", "csv"])).unwrap();
    assert!(csv.starts_with("part,path,value\n"));
    let parts: std::collections::BTreeSet<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    for (key, value) in doc.as_object().unwrap() {
        let empty = value.is_null()
            || value.as_array().is_some_and(|a| a.is_empty())
            || value.as_object().is_some_and(|o| o.is_empty());
        assert!(
            empty || parts.contains(key.as_str()),
            "{key} missing from the CSV"
        );
    }
    assert!(csv.contains("\nrecruiter_people,0.name,"), "{csv}");
}
