//! Regression tests for the reliability defects of round 2: broken pipes, errors said twice,
//! command-line contract breaks, quoted edge-list ids and headers, dates per connection.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::netreach;

fn generated_ba(dir: &Path, nodes: &str) -> std::path::PathBuf {
    crate::ba_graph(dir, nodes.parse().unwrap(), 3, 7)
}

/// Runs `netreach ARGS` with its output piped, lets `reader` read of it what it wants, closes
/// the pipe and returns the exit code (standard error must stay empty).
fn exit_after_reading(
    args: &[&str],
    reader: impl FnOnce(std::process::ChildStdout),
) -> Option<i32> {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("netreach"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    reader(child.stdout.take().unwrap());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.status.code()
}

/// Reads the first line of the command's output, closes the pipe and returns its exit code.
fn exit_after_first_line(args: &[&str]) -> Option<i32> {
    exit_after_reading(args, |mut stdout| {
        let mut first = [0u8; 64];
        let _ = stdout.read(&mut first).unwrap();
    })
}

#[test]
fn a_closed_pipe_ends_every_writer_quietly_with_0() {
    let dir = tempfile::tempdir().unwrap();
    let ba = generated_ba(dir.path(), "30000");
    let ba = ba.to_str().unwrap();
    for args in [
        vec!["reach", ba, "--all", "--format", "csv"],
        vec!["reach", ba, "--all", "--format", "json"],
        vec!["reach", ba, "--all"],
        vec![
            "connectors",
            ba,
            "--all",
            "--sampled",
            "--epsilon",
            "0.05",
            "--format",
            "csv",
        ],
    ] {
        assert_eq!(exit_after_first_line(&args), Some(0), "{args:?}");
    }
}

/// The benchmark commands write a short report at the end, after their timings: with standard
/// output closed before they start (as `netreach bench … | head -0` does), their first line
/// meets a closed pipe every time.
#[test]
fn benchmarks_into_a_closed_pipe_end_quietly_with_0() {
    let dir = tempfile::tempdir().unwrap();
    let ba = generated_ba(dir.path(), "3000");
    let ba = ba.to_str().unwrap();
    for args in [
        vec!["bench", "reach", ba, "--thread-counts", "1"],
        vec!["bench", "betweenness", ba, "--thread-counts", "1"],
        vec!["bench", "load", ba, "-j", "1"],
    ] {
        assert_eq!(exit_after_reading(&args, drop), Some(0), "{args:?}");
    }
}

#[test]
fn an_error_names_its_cause_once_with_the_path_typed() {
    let out = netreach().args(["stats", "nosuch.txt"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end(),
        "netreach: nosuch.txt: No such file or directory (os error 2)"
    );
    let dir = tempfile::tempdir().unwrap();
    let input = generated_ba(dir.path(), "100");
    let out = netreach()
        .args([
            "stats",
            input.to_str().unwrap(),
            "-o",
            "/nonexistent/dir/out.txt",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end(),
        "netreach: /nonexistent/dir/out.txt: No such file or directory (os error 2)"
    );
}

#[test]
fn command_line_contract() {
    let dir = tempfile::tempdir().unwrap();
    let input = generated_ba(dir.path(), "100");
    let input = input.to_str().unwrap();
    let jpg = dir.path().join("g.jpg");
    for (args, want) in [
        (
            vec!["reach", input, "--ego", "1", "--list", "5", "--depth", "3"],
            "--list 5 is beyond --depth 3",
        ),
        (
            vec!["plot", "degree", input, "-o", jpg.to_str().unwrap()],
            "charts are written as .png or .svg",
        ),
        (
            vec![
                "generate",
                "professional",
                "--nodes",
                "100",
                "--mean-degree",
                "inf",
                "-o",
                "x.txt",
            ],
            "use a mean degree from 1 to 10000",
        ),
        (
            vec![
                "generate",
                "professional",
                "--nodes",
                "100",
                "--mean-degree",
                "NaN",
                "-o",
                "x.txt",
            ],
            "use a mean degree",
        ),
        (
            vec!["bench", "betweenness", input, "--epsilon", "inf"],
            "epsilon",
        ),
    ] {
        let out = netreach()
            .args(&args)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(want) || stderr.to_lowercase().contains(want),
            "{args:?}: {stderr}"
        );
    }
    assert!(!jpg.exists());
    let out = netreach()
        .args(["convert", input, "-o", "-"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains(".nrg"));
}

fn stats_of(text: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edges.csv");
    std::fs::write(&path, text).unwrap();
    crate::json(&[
        "stats",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--top",
        "10",
    ])
}

fn ids(doc: &serde_json::Value) -> Vec<String> {
    let mut v: Vec<String> = doc["top_by_degree"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["node_id"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn quoted_string_ids_are_read_as_csv_reads_them() {
    let doc = stats_of("\"Alice Smith\",\"Bob Jones\"\n\"Bob Jones\",\"Carol \"\"CJ\"\" King\"\n");
    assert_eq!(ids(&doc), ["Alice Smith", "Bob Jones", "Carol \"CJ\" King"]);
    assert_eq!(doc["edges"], 2);
}

#[test]
fn a_header_is_skipped_only_when_it_cannot_be_data_and_is_reported() {
    // `u v` above string ids is an edge between u and v
    let doc = stats_of("u v\nalice bob\n");
    assert_eq!(
        (doc["nodes"].as_u64(), doc["edges"].as_u64()),
        (Some(4), Some(2))
    );
    assert_eq!(doc["skipped"], serde_json::json!([]));
    // above integer ids it is a header, and counted as one
    let doc = stats_of("u v\n1 2\n");
    assert_eq!(doc["edges"], 1);
    assert_eq!(
        doc["skipped"],
        serde_json::json!([{"reason": "header row", "count": 1}])
    );
    // `source;target` above string ids (semicolons) is a header
    let doc = stats_of("source;target\nalice;bob\n");
    assert_eq!(
        (doc["nodes"].as_u64(), doc["skipped"][0]["count"].as_u64()),
        (Some(2), Some(1))
    );
}

#[test]
fn connected_on_belongs_to_the_connection_not_the_person() {
    let dir = tempfile::tempdir().unwrap();
    let header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";
    for (owner, rows) in [
        (
            "ada",
            "Cy,Doe,https://www.linkedin.com/in/cy,,X,Y,01 Jan 2024\nDi,Roe,https://www.linkedin.com/in/di,,X,Y,01 Jan 2010\n",
        ),
        (
            "bo",
            "Cy,Doe,https://www.linkedin.com/in/cy,,X,Y,01 Jan 2005\nDi,Roe,https://www.linkedin.com/in/di,,X,Y,01 Jan 2020\n",
        ),
    ] {
        let folder = dir.path().join(owner);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("Connections.csv"), format!("{header}{rows}")).unwrap();
        std::fs::write(
            folder.join("owner.txt"),
            format!("url: https://www.linkedin.com/in/{owner}\n"),
        )
        .unwrap();
    }
    let network = netreach::io::load(dir.path(), &Default::default()).unwrap();
    let id = |label: &str| network.labels.find(label).unwrap();
    let (ada, bo, cy, di) = (
        id("linkedin.com/in/ada"),
        id("linkedin.com/in/bo"),
        id("linkedin.com/in/cy"),
        id("linkedin.com/in/di"),
    );
    // each owner's chronological order follows their own dates
    let order = |ego| {
        network
            .contacts_by_date(ego)
            .into_iter()
            .map(|(c, _)| c)
            .collect::<Vec<_>>()
    };
    assert_eq!(order(ada), vec![di, cy]);
    assert_eq!(order(bo), vec![cy, di]);
    assert_eq!(
        network.dates.get(ada, cy).unwrap().to_string(),
        "2024-01-01"
    );
    assert_eq!(network.dates.get(cy, bo).unwrap().to_string(), "2005-01-01");
    // a cache keeps them
    let cache = dir.path().join("g.nrg");
    crate::convert(dir.path(), &cache);
    let back = netreach::io::load(&cache, &Default::default()).unwrap();
    assert_eq!(back.dates, network.dates);
}
