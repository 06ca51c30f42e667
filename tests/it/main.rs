//! The one integration-test binary: CLI behaviour, loaders on fixtures and on the real graphs
//! in `NETREACH_DATA_DIR`, property tests against petgraph and naive oracles.

mod audit;
mod cache;
mod cli;
mod cluster;
mod communities;
mod connectors;
mod consistency;
mod exports;
mod front_door;
mod fuzz_corpus;
mod intro;
mod linkedin_shapes;
mod locality;
mod malformed;
mod oracles;
mod percentile;
mod pipes;
mod properties;
mod python_package;
mod real_data;
mod reliability;
mod report;
mod snapshots;
mod twins;
mod whatif;

use std::path::{Path, PathBuf};

/// The `netreach` binary under test.
pub fn netreach() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("netreach").expect("binary builds")
}

/// The real-graph directory from `NETREACH_DATA_DIR`. The tests that need it are `#[ignore]`d
/// (so a plain `cargo test` says they were not run, instead of passing them silently) and CI
/// runs them with `--include-ignored`; run that way without the data, they fail.
pub fn data_dir() -> PathBuf {
    match std::env::var_os("NETREACH_DATA_DIR") {
        Some(dir) if Path::new(&dir).is_dir() => PathBuf::from(dir),
        _ => panic!(
            "NETREACH_DATA_DIR is not set to the shared graphs' directory (see README, Tests)"
        ),
    }
}

/// Runs `script` with `args` in the Python with networkx from `NETREACH_PYTHON` (the tests
/// that need it are `#[ignore]`d; CI installs one and runs them with `--include-ignored`);
/// it must succeed. Its standard output.
pub fn python_script(script: &str, args: &[&Path]) -> String {
    let python = std::env::var_os("NETREACH_PYTHON")
        .expect("NETREACH_PYTHON is not set to a Python with networkx (see README, Tests)");
    let result = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    String::from_utf8_lossy(&result.stdout).into_owned()
}

/// A file under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The bundled sample under `data/`.
pub fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sample")
}

/// Runs `netreach convert INPUT -o OUTPUT`, which must succeed.
pub fn convert(input: &std::path::Path, output: &std::path::Path) {
    netreach()
        .args([
            "convert",
            input.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ])
        .assert()
        .success();
}

/// Runs `netreach ARGS`, which must succeed, and returns its standard output.
pub fn stdout_of(args: &[&str]) -> Vec<u8> {
    let out = netreach().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "netreach {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Runs `netreach ARGS` and parses its JSON standard output.
pub fn json(args: &[&str]) -> serde_json::Value {
    let out = netreach().args(args).output().expect("runs");
    assert!(
        out.status.success(),
        "netreach {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

/// A network with integer labels 0..n from an edge list (for property tests).
pub fn network(n: usize, edges: &[(u32, u32)]) -> netreach::graph::Network {
    use netreach::graph::{Csr, Labels, LoadReport, Network, People};
    let pairs: Vec<u32> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
    Network {
        csr: Csr::from_pairs(n, &pairs).0,
        labels: Labels::Int((0..n as u64).collect()),
        people: People::default(),
        report: LoadReport::default(),
        dates: Default::default(),
    }
}

/// Writes the files of `dir` into a ZIP the way LinkedIn's archive holds them: inside a folder
/// named `inner` (the archive's name).
pub fn zip_dir(dir: &Path, zip_path: &Path, inner: &str) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(zip_path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files {
        let name = format!("{inner}/{}", file.file_name().unwrap().to_string_lossy());
        zip.start_file(name, options).unwrap();
        zip.write_all(&std::fs::read(&file).unwrap()).unwrap();
    }
    zip.finish().unwrap();
}

/// Runs `netreach report INPUT` into a temporary folder, which must succeed, and returns the
/// folder (kept alive by the returned guard) and its `report.md`.
pub fn report_md(input: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("r");
    let mut args = vec![
        "report",
        input.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    netreach().args(&args).assert().success();
    let md = std::fs::read_to_string(out_dir.join("report.md")).unwrap();
    (dir, out_dir, md)
}

/// `generate ba --nodes NODES --m M --seed SEED` written to `dir/ba.txt`.
pub fn ba_graph(dir: &Path, nodes: u32, m: u32, seed: u64) -> PathBuf {
    let path = dir.join("ba.txt");
    netreach()
        .args([
            "generate",
            "ba",
            "--nodes",
            &nodes.to_string(),
            "--m",
            &m.to_string(),
        ])
        .args(["--seed", &seed.to_string(), "-o", path.to_str().unwrap()])
        .assert()
        .success();
    path
}
