//! The Python package (`pip install .`): its pytest suite (the native API against this CLI, the
//! NetworkX backend against NetworkX) and NetworkX's own test modules run with the backend.
//! They need a Python where the package is installed (`NETREACH_PACKAGE_PYTHON`; `.ci/run`
//! builds the wheel into a fresh virtual environment), so they are `#[ignore]`d, and fail when
//! run without it.

use std::process::Command;

/// The Python with the netreach package, networkx and pytest installed.
fn package_python() -> std::ffi::OsString {
    std::env::var_os("NETREACH_PACKAGE_PYTHON").expect(
        "NETREACH_PACKAGE_PYTHON is not set to a Python with `pip install .[test]` (see README, Python)",
    )
}

/// Runs pytest with `args` from the repository; returns its output, failing the test if it
/// failed.
fn pytest(args: &[&str], env: &[(&str, &str)]) -> String {
    let out = Command::new(package_python())
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .args(args)
        .envs(env.iter().copied())
        .env("NETREACH_BIN", assert_cmd::cargo::cargo_bin("netreach"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("python runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "pytest {args:?} failed:\n{text}");
    text
}

#[test]
#[ignore = "needs NETREACH_PACKAGE_PYTHON (the installed Python package) and NETREACH_DATA_DIR"]
fn the_python_package_passes_its_tests() {
    let data = crate::data_dir();
    let out = pytest(
        &["tests/python"],
        &[
            ("NETREACH_DATA_DIR", data.to_str().unwrap()),
            ("NETREACH_REQUIRE_DATA", "1"),
        ],
    );
    assert!(out.contains(" passed"), "{out}");
    assert!(!out.contains("skipped"), "{out}");
}

/// NetworkX's test modules for the functions the backend implements.
const NETWORKX_TESTS: [&str; 10] = [
    "networkx.algorithms.centrality.tests.test_betweenness_centrality",
    "networkx.algorithms.centrality.tests.test_closeness_centrality",
    "networkx.algorithms.centrality.tests.test_harmonic_centrality",
    "networkx.algorithms.shortest_paths.tests.test_unweighted",
    "networkx.algorithms.traversal.tests.test_bfs",
    "networkx.algorithms.tests.test_core",
    "networkx.algorithms.tests.test_structuralholes",
    "networkx.algorithms.tests.test_bridges",
    "networkx.algorithms.components.tests.test_biconnected",
    "networkx.algorithms.components.tests.test_connected",
];

#[test]
#[ignore = "needs NETREACH_PACKAGE_PYTHON (the installed Python package with networkx)"]
fn networkx_own_tests_pass_with_the_backend() {
    let mut args = vec!["--pyargs"];
    args.extend(NETWORKX_TESTS);
    // NetworkX's test mode converts every graph argument and calls the backend; the debug log
    // says which calls the backend ran, so a backend that declined everything cannot pass.
    args.extend([
        "--log-level=DEBUG",
        "-o",
        "log_cli=true",
        "--log-cli-level=DEBUG",
    ]);
    let out = pytest(
        &args,
        &[
            ("NETWORKX_TEST_BACKEND", "netreach"),
            ("NETWORKX_FALLBACK_TO_NX", "True"),
        ],
    );
    assert!(out.contains(" passed") && !out.contains(" failed"), "{out}");
    let listed = Command::new(package_python())
        .args([
            "-c",
            "from netreach.backend_info import FUNCTIONS; print(*FUNCTIONS)",
        ])
        .output()
        .expect("python runs");
    let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
    let functions: Vec<&str> = listed.split_whitespace().collect();
    assert!(functions.len() >= 14, "{listed}");
    for function in functions {
        let used = format!("Using backend 'netreach' for call to '{function}'");
        assert!(
            out.contains(&used),
            "NetworkX's tests never ran {function} on the backend"
        );
    }
}
