//! Replays every committed fuzz input through the fuzz targets' own checks, on the stable
//! toolchain: the corpora (`tests/fuzz/corpus/TARGET/`) and every input that once crashed a
//! target (`tests/fuzz/regressions/TARGET/`, named after what it found).

use std::path::{Path, PathBuf};

#[path = "../fuzz/harness.rs"]
mod harness;

type Entry = fn(&[u8]);

const TARGETS: [(&str, Entry); 7] = [
    ("edgelist", harness::edgelist),
    ("linkedin", harness::linkedin),
    ("exports", harness::exports),
    ("nodelink", harness::nodelink),
    ("gml", harness::gml),
    ("cache", harness::cache),
    ("archive", harness::archive),
];

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file());
    files.sort();
    files
}

fn replay(kind: &str, must_exist: bool) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(kind);
    let mut total = 0;
    for (target, entry) in TARGETS {
        let files = files_in(&root.join(target));
        assert!(
            !must_exist || !files.is_empty(),
            "no {kind} inputs for fuzz target {target}"
        );
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| entry(&bytes));
            assert!(outcome.is_ok(), "{} panicked", file.display());
            total += 1;
        }
    }
    total
}

#[test]
fn every_fuzz_corpus_input_passes_the_targets_checks() {
    let replayed = replay("corpus", true);
    println!("replayed {replayed} corpus inputs");
}

#[test]
fn every_input_that_once_crashed_a_target_passes_now() {
    let replayed = replay("regressions", false);
    println!("replayed {replayed} former crashes");
}
