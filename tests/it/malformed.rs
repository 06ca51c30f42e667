//! Malformed inputs: each gives one line `netreach: FILE:LINE: reason` on stderr, exit code 1,
//! no panic and no output file.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{fixture, netreach};

const PREAMBLE: &str = "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n";
const HEADER: &str = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn linkedin(rows: &str) -> Vec<u8> {
    format!("{PREAMBLE}{HEADER}{rows}").into_bytes()
}

/// `(file name, contents, extra arguments, expected line (0: any), expected reason fragment)`.
type Case = (&'static str, Vec<u8>, Vec<&'static str>, u64, &'static str);

fn corpus() -> Vec<Case> {
    let long_line = {
        let mut v = b"1 2\n".to_vec();
        v.extend(std::iter::repeat_n(b'7', 2 << 20));
        v
    };
    let valid_gz = gzip(
        &(0..20000)
            .map(|i| format!("{i}\t{}\n", i + 1))
            .collect::<String>()
            .into_bytes(),
    );
    vec![
        ("empty.txt", vec![], vec![], 1, "no edges found (empty file)"),
        ("header_only.csv", b"id_1,id_2\n".to_vec(), vec![], 1, "no edges found (header only)"),
        ("only_comments.txt", b"# a\n% b\n".to_vec(), vec![], 2, "no edges found (only comments"),
        ("one_column.txt", b"1 2\n3\n".to_vec(), vec![], 2, "expected two node ids"),
        ("wrong_id.txt", b"1 2\n3 x\n".to_vec(), vec![], 2, "'x' is not a node id"),
        ("nul.txt", b"1 2\n3\x004 5\n".to_vec(), vec![], 2, "is not a node id"),
        ("nul_strings.txt", b"a b\nc\x00 d\n".to_vec(), vec![], 2, "NUL byte"),
        ("binary_junk.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR".to_vec(), vec![], 1, "expected two node ids"),
        ("not_utf8.txt", b"alice bob\ncaf\xe9 bob\n".to_vec(), vec![], 2, "not valid UTF-8"),
        ("truncated.txt.gz", valid_gz[..valid_gz.len() / 2].to_vec(), vec![], 0, "cannot read input"),
        ("corrupted.txt.gz", [&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3][..], b"this is not deflate data"].concat(), vec![], 1, "cannot read input"),
        ("long_line.txt", long_line, vec![], 2, "line longer than 1 MiB"),
        ("li_dup_header.csv", b"First Name,Last Name,URL,URL,Connected On\nA,B,https://www.linkedin.com/in/a,https://www.linkedin.com/in/a,25 Nov 2024\n".to_vec(), vec![], 1, "column 'URL' appears twice"),
        ("li_not_export.csv", b"1,2\n2,3\n".to_vec(), vec!["--input-format", "linkedin"], 1, "not a LinkedIn Connections.csv export"),
        ("li_nul.csv", linkedin("Ada,E,https://www.linkedin.com/in/ada,,Ac\x00me,Eng,25 Nov 2024\n"), vec![], 5, "NUL byte"),
        ("bad.json", b"{\"nodes\": [{\"id\": 1},\n".to_vec(), vec![], 2, "invalid JSON"),
        ("unclosed.gml", b"graph [\n node [ id 1 ]\n".to_vec(), vec![], 3, "unexpected end of file"),
        ("undeclared.gml", b"graph [\n node [ id 1 ]\n edge [ source 1 target 2 ]\n]\n".to_vec(), vec![], 3, "refers to node 2"),
        ("deep.gml", format!("graph [ {}", "a [ ".repeat(200)).into_bytes(), vec![], 1, "nested too deeply"),
        ("not_utf8.gml", b"graph [\n node [ id 1 label \"\xff\" ]\n]\n".to_vec(), vec![], 2, "not valid UTF-8"),
        ("string.gml", b"graph [\n node [ id 1 label \"open ]\n]\n".to_vec(), vec![], 2, "string is not closed"),
        // LinkedIn export eras (shared/docs/linkedin-export.md §3) and hostile rows
        ("li_preamble_only.csv", PREAMBLE.as_bytes().to_vec(), vec![], 1, "not a LinkedIn Connections.csv export"),
        // node-link JSON
        ("junk.json", b"\x00\x01\x02".to_vec(), vec![], 1, "invalid JSON"),
        ("empty.json", Vec::new(), vec![], 1, "invalid JSON: EOF while parsing"),
        ("node_type.json", br#"{"nodes": [1]}"#.to_vec(), vec![], 1, "expected a node object"),
        ("float_id.json", br#"{"nodes": [{"id": 1.5}], "edges": []}"#.to_vec(), vec![], 1, "expected an integer or string node id"),
        ("not_utf8.json", b"{\"nodes\": [{\"id\": \"\xff\"}], \"edges\": []}".to_vec(), vec![], 1, "invalid JSON"),
        ("edge_type.json", b"{\"nodes\": [{\"id\": 1}],\n \"edges\": [7]}".to_vec(), vec![], 2, "expected an edge object"),
        // GML
        ("empty.gml", Vec::new(), vec![], 1, "no 'graph [ … ]' block"),
        ("junk.gml", b"\x00\x01graph".to_vec(), vec![], 1, "expected a key"),
        ("dup_node.gml", b"graph [\n node [ id 1 ]\n node [ id 1 ]\n]\n".to_vec(), vec![], 3, "node id 1 appears twice"),
        ("no_target.gml", b"graph [\n node [ id 1 ]\n edge [ source 1 ]\n]\n".to_vec(), vec![], 3, "edge has no 'target'"),
        ("no_id.gml", b"graph [\n node [ label \"x\" ]\n]\n".to_vec(), vec![], 2, "node has no 'id'"),
        ("huge_id.gml", b"graph [\n node [ id 99999999999999999999999 ]\n]\n".to_vec(), vec![], 2, "node 'id' is not an integer"),
        // edge lists
        ("blank.txt", b"\n\n\n".to_vec(), vec![], 3, "no edges found (only comments or blank lines)"),
        ("bom_only.txt", b"\xEF\xBB\xBF".to_vec(), vec![], 1, "no edges found (empty file)"),
        ("gz_of_junk.txt.gz", gzip(&[0x80, 0xff, 0xfe, b' ', 0xc3, b'\n']), vec![], 1, "node id is not valid UTF-8"),
        ("gz_of_nothing.txt.gz", gzip(b""), vec![], 1, "no edges found (empty file)"),
        ("gz_trailing_junk.txt.gz", [gzip(b"1 2\n"), b"garbage".to_vec()].concat(), vec![], 0, "cannot read input"),
        ("negative_after_int.txt", b"1 2\n-3 4\n".to_vec(), vec![], 2, "'-3' is not a node id like the earlier rows"),
        ("past_u64_after_int.txt", b"1 2\n18446744073709551616 3\n".to_vec(), vec![], 2, "'18446744073709551616' is not a node id"),
        ("empty_string_id.txt", b"a b\n\"\" c\n".to_vec(), vec![], 2, "empty node id"),
    ]
}

/// Invalid command-line values: clap's usage error, exit code 2, nothing written.
fn cli_values() -> Vec<(Vec<&'static str>, &'static str)> {
    let s = "SAMPLE";
    vec![
        (
            vec!["reach", s, "--ego", "x", "--depth", "0"],
            "0 is not in 1..=64",
        ),
        (
            vec!["reach", s, "--ego", "x", "--depth", "1000"],
            "1000 is not in 1..=64",
        ),
        (
            vec!["reach", s, "--ego", "x", "--depth", "-1"],
            "unexpected argument '-1'",
        ),
        (vec!["-j", "0", "stats", s], "0 is not in 1..=1024"),
        (vec!["--threads", "many", "stats", s], "invalid digit"),
        (
            vec!["connectors", s, "--all", "--sampled", "--epsilon", "0"],
            "strictly between 0 and 1",
        ),
        (
            vec!["connectors", s, "--all", "--sampled", "--epsilon", "1.5"],
            "strictly between 0 and 1",
        ),
        (
            vec!["connectors", s, "--all", "--sampled", "--delta", "2"],
            "strictly between 0 and 1",
        ),
        (
            vec!["connectors", s, "--all", "--sampled", "--epsilon", "NaN"],
            "strictly between 0 and 1",
        ),
        (
            vec!["recommend", s, "--ego", "x", "--top", "many"],
            "is not a number of rows (0 for all)",
        ),
        (
            vec!["recommend", s, "--ego", "x", "--from", "4"],
            "4 is not in 2..=3",
        ),
        (
            vec!["recommend", s, "--ego", "x", "--mutuals", "5..2"],
            "is not a band LO..HI",
        ),
        (
            vec!["reach", s, "--all", "--approx", "--registers", "3"],
            "use a power of two from 16 to 65536",
        ),
        (
            vec!["reach", s, "--all", "--approx", "--registers", "100000"],
            "use a power of two from 16 to 65536",
        ),
        (
            vec!["--memory-limit", "lots", "stats", s],
            "'lots' is not a size",
        ),
        (
            vec!["--memory-limit", "0", "stats", s],
            "not a usable memory size",
        ),
        (
            vec!["stats", s, "--input-format", "xml"],
            "unknown input format 'xml'",
        ),
        (
            vec!["plot", "growth", s, "--width", "10"],
            "10 is not in 200..=8000",
        ),
        (
            vec!["stats", s, "--format", "yaml"],
            "invalid value 'yaml' for '--format",
        ),
        (
            vec!["visibility", s, "--ego", "x", "--target", "company="],
            "is not a target",
        ),
        (
            vec!["curve", s, "--ego", "x", "--seeds", "0"],
            "0 is not in 1..=1000",
        ),
    ]
}

/// Requests that parse but do not fit the network: one line, exit code 1, nothing written.
/// `IDS_*` are id files written by the test (see `with_sample`).
fn bad_requests() -> Vec<(Vec<&'static str>, &'static str)> {
    let s = "SAMPLE";
    vec![
        (
            vec!["reach", s, "--sources", "IDS_NOT_UTF8"],
            "ids-not-utf8.txt:3: not valid UTF-8",
        ),
        (
            vec!["reach", s, "--sources", "IDS_EMPTY"],
            "ids-empty.txt: lists no node ids",
        ),
        (
            vec!["reach", s, "--sources", "IDS_UNKNOWN"],
            "ids-unknown.txt:2: no node with id 'nobody'",
        ),
        (
            vec!["reach", s, "--sources", "0"],
            "--sources 0 asks for the reach of nobody",
        ),
        (
            vec!["reach", s, "--ego", "Nobody Here"],
            "no person matches 'Nobody Here'",
        ),
        (
            vec!["connectors", s, "--ego", "\u{1b}[31mred"],
            "no person matches '\\u{1b}[31mred'",
        ),
        (
            vec!["--memory-limit", "1K", "stats", s],
            "more than the 1.0 KiB of --memory-limit",
        ),
        (
            vec![
                "--memory-limit",
                "2M",
                "reach",
                s,
                "--all",
                "--approx",
                "--registers",
                "65536",
            ],
            "HyperBall with 65536 registers per person needs about",
        ),
    ]
}

/// Runs one command-line case with `-o FILE`: the exit code, the first line of stderr and no
/// output file. Exit code 1 is netreach's own single line; 2 is clap's usage error.
fn check_cli_case(out_file: &Path, args: &[&str], code: i32, reason: &str) {
    let args = with_sample(args, out_file.parent().unwrap());
    let out = netreach()
        .args(&args)
        .args(["-o", out_file.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    let first = stderr.lines().next().unwrap_or_default();
    let prefix = if code == 2 { "error: " } else { "netreach: " };
    assert!(
        first.starts_with(prefix) && first.contains(reason),
        "{args:?}: {stderr}"
    );
    assert!(
        code == 2 || stderr.lines().count() == 1,
        "{args:?}: {stderr}"
    );
    assert!(!out_file.exists(), "{args:?} wrote a file");
}

#[test]
fn invalid_command_line_values_exit_2_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (args, reason) in cli_values() {
        check_cli_case(&dir.path().join("out.json"), &args, 2, reason);
    }
}

#[test]
fn requests_that_do_not_fit_exit_1_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for (args, reason) in bad_requests() {
        check_cli_case(&dir.path().join("out.json"), &args, 1, reason);
    }
}

#[test]
fn the_corpus_keeps_at_least_fifty_hostile_inputs() {
    let total = corpus().len() + cli_values().len() + bad_requests().len();
    assert!(total >= 50, "only {total} cases");
}

/// Replaces `SAMPLE` by the bundled sample and `IDS_*` by id files written into `ids_dir`.
fn with_sample(args: &[&str], ids_dir: &Path) -> Vec<String> {
    let ids_file = |name: &str, bytes: &[u8]| {
        let path = ids_dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path.to_string_lossy().into_owned()
    };
    args.iter()
        .map(|a| match *a {
            "SAMPLE" => crate::sample().to_string_lossy().into_owned(),
            "IDS_NOT_UTF8" => ids_file("ids-not-utf8.txt", b"# ids\n\n\xff\xfe\n"),
            "IDS_EMPTY" => ids_file("ids-empty.txt", b"# nobody\n\n"),
            "IDS_UNKNOWN" => ids_file("ids-unknown.txt", b"# ids\nnobody\n"),
            other => other.to_string(),
        })
        .collect()
}

fn check_one_line_error(path: &Path, args: &[&str], line: u64, reason: &str) {
    let dir = path.parent().unwrap();
    let out_file = dir.join("out.json");
    let mut cmd = netreach();
    cmd.args([
        "stats",
        path.to_str().unwrap(),
        "--format",
        "json",
        "-o",
        out_file.to_str().unwrap(),
    ])
    .args(args);
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{}: {stderr}", path.display());
    assert_eq!(
        stderr.lines().count(),
        1,
        "{}: one line expected, got {stderr}",
        path.display()
    );
    let prefix = format!("netreach: {}:", path.display());
    assert!(stderr.starts_with(&prefix), "{stderr}");
    let rest = &stderr[prefix.len()..];
    let (line_text, message) = rest.split_once(": ").unwrap_or(("", rest));
    let got_line: u64 = line_text
        .parse()
        .unwrap_or_else(|_| panic!("no line number in {stderr}"));
    if line > 0 {
        assert_eq!(got_line, line, "{stderr}");
    }
    assert!(
        message.contains(reason),
        "{}: expected '{reason}' in {stderr}",
        path.display()
    );
    assert!(
        !out_file.exists(),
        "an output file was written for {}",
        path.display()
    );
}

#[test]
fn malformed_inputs_give_one_line_file_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cases = corpus();
    assert!(cases.len() >= 40);
    for (name, bytes, args, line, reason) in cases {
        let sub = dir.path().join(name.replace('.', "_"));
        std::fs::create_dir(&sub).unwrap();
        let path = sub.join(name);
        std::fs::write(&path, bytes).unwrap();
        check_one_line_error(&path, &args, line, reason);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// `(file name, contents, expected problem fragment, expected first line, people loaded)`.
type RowCase = (&'static str, Vec<u8>, &'static str, u64, u64);

/// Rows with a problem: the file loads, the row is kept or skipped, and `stats` names the
/// problem with its first line.
fn row_problem_corpus() -> Vec<RowCase> {
    let row = |r: &str| {
        linkedin(&format!(
            "Ada,E,https://www.linkedin.com/in/ada,,Acme,Eng,25 Nov 2024\n{r}"
        ))
    };
    vec![
        ("li_columns.csv", row("Bo,Example,https://www.linkedin.com/in/bo,,Acme,Engineer\n"), "fewer fields than the header", 6, 3),
        ("li_extra_field.csv", row("Bo,Example,https://www.linkedin.com/in/bo,,Acme,Engineer,Lead,25 Nov 2024\n"), "more fields than the header", 6, 2),
        ("li_date.csv", row("Bo,Example,https://www.linkedin.com/in/bo,,Acme,Engineer,yesterday\n"), "'Connected On' is not a date", 6, 3),
        ("li_date_range.csv", row("Bo,E,https://www.linkedin.com/in/bo,,Acme,Eng,01 Jan 1990\n"), "before 2003 or after 2100", 6, 3),
        ("li_date_future.csv", row("Bo,E,https://www.linkedin.com/in/bo,,Acme,Eng,25 Nov 2999\n"), "before 2003 or after 2100", 6, 3),
        ("li_empty_date.csv", row("Bo,E,https://www.linkedin.com/in/bo,,Acme,Eng,\n"), "no 'Connected On' date", 6, 3),
        ("li_quote.csv", row("Bo,\"Unclosed,https://www.linkedin.com/in/bo,,Acme,Eng,25 Nov 2024\nCy,D,https://www.linkedin.com/in/cy,,Acme,Eng,25 Nov 2024\n"), "quote not closed", 6, 3),
        ("li_wrapped.csv", row("\"Bo,Example,https://www.linkedin.com/in/bo,,Acme, \"\"Digital Products & Tech, Student\"\",07 May 2021\"\n"), "whole row wrapped", 6, 3),
        ("li_bad_url.csv", row("Bo,E,not a url,,Acme,Eng,25 Nov 2024\n"), "profile URL that is not a URL", 6, 3),
        ("li_no_name.csv", row(",,,,Acme,Eng,25 Nov 2024\n"), "no name and no profile URL", 6, 2),
        ("li_2018.csv", b"First Name,Last Name,Email Address,Company,Position,Connected On\nAda,E,,Acme,Eng,\"11/4/18, 9:52 AM\"\nBo,E,,Acme,Eng,\"13/45/18, 9:52 AM\"\n".to_vec(), "'Connected On' is not a date", 3, 3),
        ("li_spreadsheet.csv", b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\nAda,E,https://www.linkedin.com/in/ada,,Acme,Eng,32-Feb-22\r\n".to_vec(), "'Connected On' is not a date", 2, 2),
        ("li_nine_columns.csv", b"First Name,Last Name,Address,Email Address,Company,Position,Connected On,Websites,Instant Messengers\r\nAda,E,,,Acme,Eng,\"11/04/18, 09:52 AM\",\",\r\n".to_vec(), "quote not closed", 2, 1),
        ("li_enormous_row.csv", row(&format!("Bo,{},https://www.linkedin.com/in/bo,,Acme,Eng,25 Nov 2024\n", "x".repeat(3 << 20))), "row longer than 64 KiB", 6, 2),
        ("li_long_field.csv", row(&format!("Bo,E,https://www.linkedin.com/in/bo,,{},Eng,25 Nov 2024\n", "x".repeat(2000))), "field over 1,024 characters", 6, 3),
    ]
}

#[test]
fn bad_rows_are_counted_with_their_lines_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, reason, line, people) in row_problem_corpus() {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = netreach()
            .args(["stats", path.to_str().unwrap(), "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["nodes"], people, "{name}");
        let problems = json["row_problems"].as_array().unwrap();
        let problem = problems
            .iter()
            .find(|p| p["reason"].as_str().unwrap().contains(reason))
            .unwrap_or_else(|| panic!("{name}: no '{reason}' in {problems:?}"));
        assert_eq!(problem["count"], 1, "{name}");
        let first = format!("{}:{line}", path.display());
        assert_eq!(problem["first_lines"][0], first.as_str(), "{name}");
    }
}

#[test]
fn one_bad_row_among_good_exports_names_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let root: PathBuf = dir.path().join("exports");
    copy_dir(&fixture("exports"), &root);
    let bad = root.join("zed");
    std::fs::create_dir(&bad).unwrap();
    std::fs::write(
        bad.join("owner.txt"),
        "url: https://www.linkedin.com/in/zed\n",
    )
    .unwrap();
    std::fs::write(
        bad.join("Connections.csv"),
        linkedin("Ada,E,https://www.linkedin.com/in/ada,,Acme,Eng,31 Feb 2024\n"),
    )
    .unwrap();
    let out = netreach()
        .args(["stats", root.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let place = format!("{}:5", bad.join("Connections.csv").display());
    assert!(stdout.contains("'Connected On' is not a date"), "{stdout}");
    assert!(stdout.contains(&place), "{stdout}");
}

#[test]
fn bad_owner_file_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("exports");
    copy_dir(&fixture("exports"), &root);
    std::fs::write(
        root.join("bob/owner.txt"),
        "url: https://www.linkedin.com/in/bob-b\nrole: admin\n",
    )
    .unwrap();
    let out = netreach()
        .args(["stats", root.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bob/owner.txt:2: unknown key 'role'"),
        "{stderr}"
    );
}

#[test]
fn directory_without_exports_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let out = netreach()
        .args(["stats", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1);
    assert!(stderr.contains("no exports found"), "{stderr}");
}

#[test]
fn node_link_json_structure_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, reason) in [
        ("a.json", r#"{"links": []}"#, "needs a 'nodes' array"),
        (
            "b.json",
            r#"{"nodes": [{"id": 1}], "links": [{"source": 1, "target": 9}]}"#,
            "not a listed node",
        ),
        (
            "c.json",
            r#"{"nodes": [{"id": 1}, {"id": 1}], "links": []}"#,
            "appears twice",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let out = netreach()
            .args(["stats", path.to_str().unwrap()])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with(&format!("netreach: {}: ", path.display()))
                && stderr.contains(reason),
            "{stderr}"
        );
    }
}
