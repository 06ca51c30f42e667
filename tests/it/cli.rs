//! Command-line behaviour: exit codes, output files, determinism, round trips.

use std::process::Command;

use netreach::io::{LoadOptions, load};
use predicates::str::contains;

use crate::{fixture, netreach, sample, stdout_of};

#[test]
fn usage_errors_exit_2() {
    netreach().assert().code(2);
    // `reach x.txt` with no --ego/--all measures the owner of a single export: it loads.
    netreach()
        .args(["reach", "x.txt", "--ego", "1", "--depth", "0"])
        .assert()
        .code(2);
    netreach()
        .args(["reach", "x.txt", "--ego", "1", "--depth", "1000"])
        .assert()
        .code(2);
    netreach()
        .args(["stats", "x.txt", "--format", "xml"])
        .assert()
        .code(2);
    netreach()
        .args(["-j", "0", "stats", "x.txt"])
        .assert()
        .code(2);
    netreach()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(contains("Exit codes"));
}

#[test]
fn missing_input_exits_1_with_the_path() {
    netreach()
        .args(["stats", "no/such/file.txt"])
        .assert()
        .code(1)
        .stderr(contains("netreach: no/such/file.txt: "));
}

#[test]
fn output_is_identical_for_any_thread_count_and_run() {
    let dir = tempfile::tempdir().unwrap();
    let graph = crate::ba_graph(dir.path(), 3000, 4, 3);
    let sample = sample();
    let owner = "Priya Moreau";
    for (input, ego, other) in [
        (graph.to_str().unwrap(), "7", "2500"),
        (sample.to_str().unwrap(), owner, "Tomasz Castell"),
    ] {
        for cmd in [
            vec!["reach", input, "--all", "--format", "csv"],
            vec!["stats", input, "--format", "json"],
            vec!["reach", input, "--sources", "100", "--format", "json"],
            vec!["reach", input, "--all", "--approx", "--format", "csv"],
            vec![
                "reach", input, "--ego", ego, "--list", "2", "--format", "json",
            ],
            vec!["connectors", input, "--ego", ego, "--format", "json"],
            vec!["connectors", input, "--all", "--format", "csv"],
            vec![
                "connectors",
                input,
                "--all",
                "--sampled",
                "--epsilon",
                "0.05",
                "--format",
                "csv",
            ],
            vec![
                "whatif", input, "--ego", ego, "--add", other, "--format", "json",
            ],
            vec!["visibility", input, "--ego", ego, "--format", "json"],
            vec![
                "recommend",
                input,
                "--ego",
                ego,
                "--top",
                "5",
                "--format",
                "json",
            ],
            vec![
                "curve", input, "--ego", ego, "--seeds", "3", "--format", "json",
            ],
        ] {
            let one: Vec<&str> = ["-j", "1"]
                .iter()
                .copied()
                .chain(cmd.iter().copied())
                .collect();
            let two: Vec<&str> = ["-j", "2"]
                .iter()
                .copied()
                .chain(cmd.iter().copied())
                .collect();
            let a = stdout_of(&one);
            assert_eq!(a, stdout_of(&two), "{cmd:?}: -j1 and -j2 differ");
            assert_eq!(a, stdout_of(&two), "{cmd:?}: two runs differ");
        }
    }
}

/// Files written by `convert` and `report` are byte-identical for -j1 and -j2.
#[test]
fn written_files_are_identical_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let sample = sample();
    let run = |threads: &str| -> Vec<(String, Vec<u8>)> {
        let out = dir.path().join(format!("j{threads}"));
        std::fs::create_dir(&out).unwrap();
        for ext in ["json", "graphml", "txt", "nrg"] {
            let file = out.join(format!("sample.{ext}"));
            netreach()
                .args(["-j", threads, "convert", sample.to_str().unwrap()])
                .args(["-o", file.to_str().unwrap()])
                .assert()
                .success();
        }
        let report = out.join("report");
        netreach()
            .args(["-j", threads, "report", sample.to_str().unwrap()])
            .args(["--out", report.to_str().unwrap()])
            .assert()
            .success();
        let mut files: Vec<(String, Vec<u8>)> = Vec::new();
        for dir in [&out, &report] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_file() {
                    let name = path.strip_prefix(&out).unwrap().display().to_string();
                    files.push((name, std::fs::read(&path).unwrap()));
                }
            }
        }
        files.sort();
        files
    };
    let (one, two) = (run("1"), run("2"));
    assert!(one.len() > 10, "only {} files", one.len());
    assert_eq!(one.len(), two.len());
    for ((name, a), (_, b)) in one.iter().zip(&two) {
        assert!(a == b, "{name} differs between -j1 and -j2");
    }
}

#[test]
fn generators_are_seeded() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for out in [&a, &b] {
        netreach()
            .args([
                "generate",
                "linkedin",
                "--people",
                "400",
                "--owners",
                "3",
                "--seed",
                "5",
                "--out",
                out.to_str().unwrap(),
            ])
            .assert()
            .success();
    }
    let list = |d: &std::path::Path| {
        let mut names: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    assert_eq!(list(&a), list(&b));
    for name in list(&a) {
        let file =
            |d: &std::path::Path| std::fs::read(d.join(&name).join("Connections.csv")).unwrap();
        assert_eq!(file(&a), file(&b));
    }
}

#[test]
fn output_files_are_written_whole_and_readable() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stats.json");
    netreach()
        .args([
            "stats",
            fixture("exports").to_str().unwrap(),
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout("");
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(doc["command"], "stats");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with(".netreach-")
        })
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode & 0o044,
            0o044,
            "output should be readable by others like any new file (mode {mode:o})"
        );
    }
}

#[test]
fn edge_list_to_node_link_json_and_back_is_the_same_graph() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("g.txt");
    std::fs::write(&text, "# test\n5 9\n9 5\n9 12\n12 12\n40 5\n77 78\n").unwrap();
    let json = dir.path().join("g.json");
    crate::convert(&text, &json);
    let a = load(&text, &LoadOptions::default()).unwrap();
    let b = load(&json, &LoadOptions::default()).unwrap();
    assert_eq!(a.csr, b.csr);
    assert_eq!(a.labels, b.labels);
    // string labels and attributes survive too
    let json2 = dir.path().join("e.json");
    netreach()
        .args([
            "convert",
            fixture("exports").to_str().unwrap(),
            "-o",
            json2.to_str().unwrap(),
        ])
        .assert()
        .success();
    let c = load(&fixture("exports"), &LoadOptions::default()).unwrap();
    let d = load(&json2, &LoadOptions::default()).unwrap();
    assert_eq!(c.csr, d.csr);
    assert_eq!(c.labels, d.labels);
    assert_eq!(c.people, d.people);
}

#[test]
#[ignore = "needs NETREACH_PYTHON, a Python with networkx; CI installs one and runs it with --include-ignored"]
fn graphml_opens_in_networkx_with_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.graphml");
    netreach()
        .args([
            "convert",
            fixture("exports").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let script = "import sys, networkx as nx\ng = nx.read_graphml(sys.argv[1])\nprint(g.number_of_nodes(), g.number_of_edges(), g.nodes['linkedin.com/in/carol-c']['name'], g.nodes['linkedin.com/in/carol-c']['degree'])";
    assert_eq!(
        crate::python_script(script, &[&out]).trim(),
        "8 8 Carol C 4"
    );
}

#[test]
fn reach_table_and_list_render() {
    let dir = fixture("exports");
    netreach()
        .args([
            "reach",
            dir.to_str().unwrap(),
            "--ego",
            "Alice A",
            "--list",
            "1",
        ])
        .assert()
        .success()
        .stdout(contains("Reach of Alice A within 3 hops"))
        .stdout(contains("People at distance 1 (3)"));
    netreach()
        .args(["reach", dir.to_str().unwrap(), "--all"])
        .assert()
        .success()
        .stdout(contains("Widest reach"));
}

/// Whether `dir` holds a temporary output file with bytes in it: a write is under way.
fn writing_in(dir: &std::path::Path) -> bool {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| {
            e.file_name().to_string_lossy().starts_with(".netreach-")
                && e.metadata().is_ok_and(|m| m.len() > 0)
        })
}

/// Starts `netreach ARGS`, waits until a temporary output file in `dir` has bytes in it (the
/// write is under way), and kills it (SIGKILL) there. Returns whether the kill landed while
/// writing (false when the run ended first).
fn kill_mid_write(args: &[&str], dir: &std::path::Path) -> bool {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("netreach"))
        .args(args)
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    let landed = loop {
        if writing_in(dir) {
            let _ = child.kill();
            break true;
        }
        if child.try_wait().unwrap().is_some() || start.elapsed().as_secs() > 60 {
            break false;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    let _ = child.kill();
    let _ = child.wait();
    landed
}

/// Starts `netreach ARGS` and kills it (SIGKILL) after `delay_ms`.
fn run_and_kill(args: &[&str], delay_ms: u64) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("netreach"))
        .args(args)
        .stderr(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(delay_ms));
    let _ = child.kill();
    let _ = child.wait();
}

/// Removes temporary files a SIGKILL left behind, so the next run's write can be seen.
fn clear_temporaries(dir: &std::path::Path) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.file_name().to_string_lossy().starts_with(".netreach-") {
            let _ = std::fs::remove_file(e.path());
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[test]
fn a_killed_run_leaves_the_old_file_or_the_whole_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ba.txt");
    let args = [
        "generate",
        "ba",
        "--nodes",
        "1000000",
        "--m",
        "10",
        "-o",
        out.to_str().unwrap(),
    ];
    let mut landed = 0;
    for delay_ms in [0u64, 200, 1500] {
        std::fs::write(&out, "# old\n1 2\n").unwrap();
        clear_temporaries(dir.path());
        if delay_ms == 0 {
            // killed while the temporary file is being written: the old file must be intact
            landed += u32::from(kill_mid_write(&args, dir.path()));
        } else {
            run_and_kill(&args, delay_ms);
        }
        let text = std::fs::read_to_string(&out).unwrap();
        let lines = text.lines().count();
        // either untouched, or complete: header plus 9,999,900 edges (a star of 11, then 10 per node)
        assert!(
            text == "# old\n1 2\n" || lines == 1 + 9_999_900,
            "after {delay_ms} ms: a file of {lines} lines"
        );
    }
    assert_eq!(landed, 1, "no kill landed while the file was being written");
}

#[test]
fn a_killed_cache_write_leaves_the_old_cache_or_the_whole_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let old_text = dir.path().join("old.txt");
    std::fs::write(&old_text, "1 2\n2 3\n").unwrap();
    let out = dir.path().join("ba.nrg");
    let out_arg = out.to_str().unwrap();
    let mut landed = 0;
    for delay_ms in [0u64, 400, 2000] {
        netreach()
            .args(["convert", old_text.to_str().unwrap(), "-o", out_arg])
            .assert()
            .success();
        clear_temporaries(dir.path());
        let args = [
            "generate", "ba", "--nodes", "1000000", "--m", "10", "-o", out_arg,
        ];
        if delay_ms == 0 {
            landed += u32::from(kill_mid_write(&args, dir.path()));
        } else {
            run_and_kill(&args, delay_ms);
        }
        let summary = crate::json(&["stats", out_arg, "--format", "json"]);
        let edges = summary["edges"].as_u64().unwrap();
        assert!(
            edges == 2 || edges == 9_999_900,
            "after {delay_ms} ms: a cache of {edges} edges"
        );
    }
    assert_eq!(
        landed, 1,
        "no kill landed while the cache was being written"
    );
}

/// Every file of a report folder decodes whole; returns the sorted file names.
fn whole_report(report: &std::path::Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(report).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&path).unwrap();
        match path.extension().and_then(|e| e.to_str()) {
            Some("png") => {
                let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
                let mut reader = decoder.read_info().unwrap();
                let mut buf = vec![0; reader.output_buffer_size()];
                reader
                    .next_frame(&mut buf)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            Some("json") => {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            Some("html") => assert!(bytes.ends_with(b"</html>\n"), "{name} is cut short"),
            _ => assert!(
                bytes.is_empty() || bytes.ends_with(b"\n"),
                "{name} is cut short"
            ),
        }
        names.push(name);
    }
    names.sort();
    names
}

#[test]
fn a_killed_report_leaves_the_old_folder_or_the_whole_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let sample = sample();
    let report = dir.path().join("report");
    let args = [
        "report",
        sample.to_str().unwrap(),
        "--out",
        report.to_str().unwrap(),
    ];
    netreach().args(args).assert().success();
    let complete = whole_report(&report);
    assert!(complete.contains(&"index.html".to_string()) && complete.len() > 10);
    let mut landed = 0;
    for delay_ms in [0u64, 0, 150, 400, 1000] {
        if delay_ms == 0 {
            // killed while the new folder is being written beside the old one
            landed += u32::from(kill_mid_write(&args, dir.path()));
        } else {
            run_and_kill(&args, delay_ms);
        }
        // the old folder, or the complete new one: never a mix, never a part
        assert_eq!(whole_report(&report), complete, "after {delay_ms} ms");
        clear_temporaries(dir.path());
    }
    assert!(
        landed > 0,
        "no kill landed while the report was being written"
    );
}

#[test]
fn an_export_with_linkedins_cap_of_30000_connections_loads() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Connections.csv");
    let mut text =
        String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for i in 0..30_000 {
        text.push_str(&format!(
            "P{i},Q,https://www.linkedin.com/in/p-{i},,\"Co, {}\",Engineer,05 Mar 2023\n",
            i % 97
        ));
    }
    std::fs::write(&file, text).unwrap();
    let out = netreach()
        .args([
            "stats",
            file.to_str().unwrap(),
            "--owner",
            "Me",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["nodes"].as_u64(), doc["edges"].as_u64()),
        (Some(30_001), Some(30_000))
    );
}

#[test]
fn packed_registers_give_the_same_approximate_reach_csv() {
    let dir = tempfile::tempdir().unwrap();
    let graph = crate::ba_graph(dir.path(), 2000, 3, 4);
    let g = graph.to_str().unwrap();
    let bytes = crate::stdout_of(&["reach", g, "--all", "--approx", "--format", "csv"]);
    let packed = crate::stdout_of(&[
        "reach", g, "--all", "--approx", "--packed", "--format", "csv",
    ]);
    assert!(bytes == packed, "--packed changed the estimates");
}

#[test]
fn graphml_round_trips_with_attributes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.graphml");
    crate::convert(&crate::sample(), &out);
    let a = load(&crate::sample(), &LoadOptions::default()).unwrap();
    let b = load(&out, &LoadOptions::default()).unwrap();
    assert_eq!(a.csr, b.csr);
    assert_eq!(a.labels, b.labels);
    for v in 0..a.node_count() as u32 {
        assert_eq!(a.people.name(v), b.people.name(v));
        assert_eq!(a.people.company(v), b.people.company(v));
        assert_eq!(a.people.is_owner(v), b.people.is_owner(v));
    }
}

#[test]
#[ignore = "needs NETREACH_PYTHON, a Python with networkx; CI installs one and runs it with --include-ignored"]
fn graphml_written_by_networkx_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("karate.graphml");
    // Directed, weighted and labelled: every note and attribute path.
    let script = "import sys, networkx as nx\ng = nx.DiGraph(nx.karate_club_graph())\nfor v in g: g.nodes[v]['label'] = f'member {v}'\nnx.write_graphml(g, sys.argv[1])";
    crate::python_script(script, &[&path]);
    let out = netreach()
        .args(["stats", path.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (doc["nodes"].as_u64(), doc["edges"].as_u64()),
        (Some(34), Some(78))
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("read as undirected"), "{stderr}");
    assert!(stderr.contains("weights were ignored"), "{stderr}");
    let network = load(&path, &LoadOptions::default()).unwrap();
    assert_eq!(
        network.people.name(network.resolve("33").unwrap()),
        Some("member 33")
    );
}
