//! Inputs from pipes: `-` and `/dev/stdin` read the whole stream, in every format, gzipped or
//! not. Each open of a pipe used to eat its start (3,025 of ego-Facebook's 4,039 people).

use std::io::Write;
use std::path::Path;

use crate::{netreach, sample};

/// `stats --format json` of `args`, with `stdin` piped in; must succeed.
fn stats_json(args: &[&str], stdin: &[u8]) -> serde_json::Value {
    let out = netreach()
        .arg("stats")
        .args(args)
        .args(["--format", "json"])
        .write_stdin(stdin.to_vec())
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "stats {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// People and connections, the counts a partial read changes.
fn counts(v: &serde_json::Value) -> (u64, u64) {
    (v["nodes"].as_u64().unwrap(), v["edges"].as_u64().unwrap())
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// A generated graph in every format the loaders read, with its counts read from the file.
/// A file's format name and its bytes.
type Encoded = (String, Vec<u8>);

fn formats(dir: &Path) -> (Vec<Encoded>, (u64, u64)) {
    let txt = crate::ba_graph(dir, 3000, 4, 11);
    let from_file = counts(&stats_json(&[txt.to_str().unwrap()], b""));
    let mut files = Vec::new();
    for ext in ["txt", "json", "nrg"] {
        let path = dir.join(format!("g.{ext}"));
        crate::convert(&txt, &path);
        files.push((ext.to_string(), std::fs::read(&path).unwrap()));
    }
    let edges = std::fs::read_to_string(&txt).unwrap();
    let mut gml = String::from("graph [\n");
    for line in edges.lines().filter(|l| !l.starts_with('#')) {
        let mut it = line.split_whitespace();
        let (a, b) = (it.next().unwrap(), it.next().unwrap());
        gml.push_str(&format!("  edge [ source {a} target {b} ]\n"));
    }
    let ids: std::collections::BTreeSet<&str> = edges
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| l.split_whitespace().take(2))
        .collect();
    let nodes: String = ids
        .iter()
        .map(|id| format!("  node [ id {id} ]\n"))
        .collect();
    gml = gml.replacen("graph [\n", &format!("graph [\n{nodes}"), 1) + "]\n";
    files.push(("gml".into(), gml.into_bytes()));
    let gz: Vec<Encoded> = files
        .iter()
        .map(|(ext, b)| (format!("{ext}.gz"), gzip(b)))
        .collect();
    files.extend(gz);
    (files, from_file)
}

#[test]
fn every_format_is_read_whole_from_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let (files, expected) = formats(dir.path());
    for (ext, bytes) in &files {
        for input in ["-", "/dev/stdin"] {
            let got = counts(&stats_json(&[input], bytes));
            assert_eq!(got, expected, "{ext} through {input}");
        }
    }
}

#[test]
fn a_linkedin_export_and_its_zip_are_read_whole_from_a_pipe() {
    let archive = sample().join("amir-dahlberg-13ea");
    let csv = std::fs::read(archive.join("Connections.csv")).unwrap();
    let on_disk = counts(&stats_json(
        &[archive.join("Connections.csv").to_str().unwrap()],
        b"",
    ));
    assert_eq!(counts(&stats_json(&["-"], &csv)), on_disk);
    assert_eq!(counts(&stats_json(&["-"], &gzip(&csv))), on_disk);
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("a.zip");
    crate::zip_dir(&archive, &zip, "Basic_LinkedInDataExport");
    let zipped = std::fs::read(&zip).unwrap();
    assert_eq!(counts(&stats_json(&["-"], &zipped)), on_disk);
}

#[test]
fn the_audit_reads_its_archive_from_a_pipe() {
    let csv = std::fs::read(sample().join("amir-dahlberg-13ea/Connections.csv")).unwrap();
    let out = netreach()
        .args(["audit", "-", "--format", "json"])
        .write_stdin(csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let audit: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(audit["connections"].as_u64(), Some(219));
}

#[test]
fn a_truncated_gzip_pipe_is_an_error_not_a_partial_result() {
    let edges: Vec<u8> = (0..20000u32)
        .flat_map(|i| format!("{i} {}\n", i + 1).into_bytes())
        .collect();
    let gz = gzip(&edges);
    netreach()
        .args(["stats", "-"])
        .write_stdin(gz[..gz.len() / 2].to_vec())
        .assert()
        .code(1)
        .stderr(predicates::str::contains("<stdin>:"));
}
