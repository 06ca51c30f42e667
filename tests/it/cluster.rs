//! The cluster engine (feature `cluster`): every process × worker layout gives the
//! single-machine bytes, and a run killed mid-way resumes from its checkpoint to the same bytes.
//! All processes run on loopback ports chosen free.

#[cfg(not(feature = "cluster"))]
#[test]
#[ignore = "the cluster tests need a build with --features cluster (CI runs them)"]
fn cluster_tests_need_the_cluster_feature() {
    panic!("run the tests with `cargo test --release --features cluster`");
}

#[cfg(feature = "cluster")]
mod with_cluster {
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    use crate::{convert, data_dir, netreach, stdout_of};

    /// The layouts the issue names: processes × worker threads.
    const LAYOUTS: [(usize, usize); 4] = [(1, 2), (2, 1), (2, 2), (3, 1)];

    /// A seeded BA graph as a `.nrg` cache in `dir`.
    fn generated_cache(dir: &Path) -> PathBuf {
        let txt = dir.join("ba.txt");
        netreach()
            .args([
                "generate", "ba", "--nodes", "3000", "--m", "4", "--seed", "7", "-o",
            ])
            .arg(&txt)
            .assert()
            .success();
        let nrg = dir.join("ba.nrg");
        convert(&txt, &nrg);
        nrg
    }

    /// `netreach -j T cluster-local --processes P -- ARGS -o OUT`: the bytes process 0 wrote.
    fn cluster_output(processes: usize, threads: usize, args: &[&str], out: &Path) -> Vec<u8> {
        let _ = std::fs::remove_file(out);
        let run = netreach()
            .args(["-j", &threads.to_string(), "cluster-local", "--processes"])
            .arg(processes.to_string())
            .arg("--")
            .args(args)
            .arg("-o")
            .arg(out)
            .output()
            .expect("runs");
        assert!(
            run.status.success(),
            "{processes}×{threads} {args:?} failed: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        std::fs::read(out).expect("process 0 wrote the output")
    }

    /// Exact and HyperBall `reach --all`, and `stats`, in every layout equal the single
    /// process's output byte for byte.
    fn assert_layouts_match(nrg: &Path, dir: &Path, with_stats: bool) {
        assert_layouts_give(nrg, nrg, dir, with_stats);
    }

    /// The jobs of [`assert_layouts_match`] on `nrg`.
    fn jobs(nrg: &Path, with_stats: bool) -> Vec<Vec<String>> {
        let input = nrg.to_str().unwrap();
        let mut jobs: Vec<Vec<&str>> = vec![
            vec!["reach", input, "--all", "--format", "csv"],
            vec!["reach", input, "--all", "--approx", "--format", "csv"],
            // 4,096 registers: 256 nodes per message, so a round's registers take several.
            vec![
                "reach",
                input,
                "--all",
                "--approx",
                "--registers",
                "4096",
                "--format",
                "csv",
            ],
        ];
        if with_stats {
            jobs.push(vec!["stats", input, "--format", "json"]);
        }
        jobs.into_iter()
            .map(|j| j.into_iter().map(String::from).collect())
            .collect()
    }

    /// Every job run by the cluster on `nrg` in every layout gives the single process's bytes
    /// on `reference`.
    fn assert_layouts_give(reference: &Path, nrg: &Path, dir: &Path, with_stats: bool) {
        for (expected, job) in jobs(reference, with_stats)
            .iter()
            .zip(jobs(nrg, with_stats))
        {
            let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
            let single = stdout_of(&expected);
            let job: Vec<&str> = job.iter().map(String::as_str).collect();
            for (p, t) in LAYOUTS {
                let got = cluster_output(p, t, &job, &dir.join("out"));
                assert!(got == single, "{p}×{t} {job:?} differs from one process");
            }
        }
    }

    /// What a cluster log line's `[…, X sent, packed from Y]` says, in bytes.
    fn sent_and_unpacked(line: &str) -> (f64, f64) {
        let bytes = |text: &str| {
            let (value, unit) = text.trim().split_once(' ').expect("value and unit");
            let scale = match unit {
                "bytes" => 1.0,
                "KiB" => 1024.0,
                "MiB" => 1024.0 * 1024.0,
                other => panic!("unit {other}"),
            };
            value.parse::<f64>().unwrap() * scale
        };
        let tail = line.rsplit_once(" s, ").expect("elapsed, then bytes").1;
        let (sent, unpacked) = tail.split_once(" sent, packed from ").expect("both sizes");
        (bytes(sent), bytes(unpacked.trim_end_matches(']')))
    }

    /// Rows between processes travel compressed: each process logs fewer bytes sent than the
    /// rows had (HyperBall's registers shrink several times), and the output is unchanged.
    #[test]
    fn rows_between_processes_are_compressed() {
        let dir = tempfile::tempdir().unwrap();
        let nrg = generated_cache(dir.path());
        let input = nrg.to_str().unwrap();
        for job in [
            vec!["reach", input, "--all", "--approx", "--format", "csv"],
            vec!["reach", input, "--all", "--format", "csv"],
        ] {
            let out = dir.path().join("out.csv");
            let run = netreach()
                .args(["-j", "1", "cluster-local", "--processes", "2", "--"])
                .args(&job)
                .arg("-o")
                .arg(&out)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&run.stderr);
            assert!(run.status.success(), "{stderr}");
            assert!(
                std::fs::read(&out).unwrap() == stdout_of(&job),
                "{job:?} differs"
            );
            for process in ["process 0 worker 0", "process 1 worker 1"] {
                let last = stderr
                    .lines()
                    .rfind(|l| l.contains(process) && l.contains("packed from"))
                    .unwrap_or_else(|| panic!("{process} logs its bytes: {stderr}"));
                let (sent, unpacked) = sent_and_unpacked(last);
                assert!(unpacked > 0.0 && sent * 2.0 < unpacked, "{job:?}: {last}");
            }
        }
    }

    /// A cache whose rows are stored in a locality order gives the plain cache's bytes in
    /// every layout (outputs, HyperBall's hashes and the summary's ranking use the network's
    /// own ids).
    #[test]
    fn a_cache_in_locality_order_gives_the_same_bytes_in_every_layout() {
        let dir = tempfile::tempdir().unwrap();
        let plain = generated_cache(dir.path());
        let ordered = dir.path().join("ordered.nrg");
        netreach()
            .args(["convert", plain.to_str().unwrap(), "--order", "bfs", "-o"])
            .arg(&ordered)
            .assert()
            .success();
        assert_layouts_give(&plain, &ordered, dir.path(), true);
    }

    #[test]
    fn every_layout_gives_the_single_machine_bytes_on_a_generated_graph() {
        let dir = tempfile::tempdir().unwrap();
        let nrg = generated_cache(dir.path());
        assert_layouts_match(&nrg, dir.path(), true);
    }

    #[test]
    #[ignore = "needs NETREACH_DATA_DIR (the shared real graphs)"]
    fn every_layout_gives_the_single_machine_bytes_on_ego_facebook() {
        let dir = tempfile::tempdir().unwrap();
        let nrg = dir.path().join("facebook.nrg");
        convert(&data_dir().join("facebook_combined.txt.gz"), &nrg);
        assert_layouts_match(&nrg, dir.path(), true);
    }

    /// `count` loopback addresses free now.
    fn free_hosts(dir: &Path, count: usize) -> (PathBuf, Vec<String>) {
        let listeners: Vec<_> = (0..count)
            .map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap())
            .collect();
        let hosts: Vec<String> = listeners
            .iter()
            .map(|l| l.local_addr().unwrap().to_string())
            .collect();
        let file = dir.join("hosts.txt");
        std::fs::write(&file, hosts.join("\n") + "\n").unwrap();
        (file, hosts)
    }

    /// One process of a cluster run, started by hand (so that the test can kill it).
    fn process(args: &[&str], hosts: &Path, i: usize) -> Child {
        Command::new(env!("CARGO_BIN_EXE_netreach"))
            .args(["-j", "1"])
            .args(args)
            .arg("--hosts")
            .arg(hosts)
            .args(["--process", &i.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starts")
    }

    /// Waits until `path` exists (a finished round's checkpoint), at most 30 s.
    fn wait_for(path: &Path) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !path.exists() {
            assert!(
                Instant::now() < deadline,
                "{} never appeared",
                path.display()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn a_killed_hyperball_run_resumes_from_its_checkpoint_to_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let nrg = generated_cache(dir.path());
        let (out, ckpt) = (dir.path().join("out.csv"), dir.path().join("ckpt"));
        let job = [
            "reach",
            nrg.to_str().unwrap(),
            "--all",
            "--approx",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
            "--checkpoint",
            ckpt.to_str().unwrap(),
        ];
        let slow: Vec<&str> = job
            .iter()
            .copied()
            .chain(["--round-delay-ms", "800"])
            .collect();
        let (hosts, addresses) = free_hosts(dir.path(), 3);
        let mut children: Vec<Child> = (0..3).map(|i| process(&slow, &hosts, i)).collect();
        wait_for(&ckpt.join("hyperball-w1-r1.bin"));
        children[1].kill().unwrap();
        let _ = children[1].wait();
        for i in [0, 2] {
            let result = children
                .remove(if i == 0 { 0 } else { 1 })
                .wait_with_output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&result.stderr);
            assert_eq!(result.status.code(), Some(1), "process {i}: {stderr}");
            let named = format!("process 1 ({}) is gone", addresses[1]);
            assert!(
                stderr.contains(&named),
                "process {i} should name the lost peer: {stderr}"
            );
            assert!(!stderr.contains("panicked"), "no panic trace: {stderr}");
        }
        assert!(!out.exists(), "a failed run writes no output");
        // Start all three again with the same checkpoint: it resumes and finishes.
        let got = resume(
            (3, 1),
            &job[..6],
            &out,
            &ckpt,
            "resumed from the checkpoint of round",
        );
        assert!(got == stdout_of(&job[..6]), "the resumed run differs");
    }

    /// Runs `job` with `layout` and the checkpoint `ckpt`; it must succeed and say `says` on
    /// stderr. Returns what process 0 wrote to `out`.
    fn resume(
        layout: (usize, usize),
        job: &[&str],
        out: &Path,
        ckpt: &Path,
        says: &str,
    ) -> Vec<u8> {
        let run = netreach()
            .args(["-j", &layout.1.to_string(), "cluster-local", "--processes"])
            .arg(layout.0.to_string())
            .arg("--")
            .args(job)
            .arg("-o")
            .arg(out)
            .arg("--checkpoint")
            .arg(ckpt)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        std::fs::read(out).unwrap()
    }

    #[test]
    fn an_exact_run_resumes_after_its_finished_batches() {
        let dir = tempfile::tempdir().unwrap();
        let nrg = generated_cache(dir.path());
        let (out, ckpt) = (dir.path().join("out.csv"), dir.path().join("ckpt"));
        let job = ["reach", nrg.to_str().unwrap(), "--all", "--format", "csv"];
        let slow: Vec<&str> = job
            .iter()
            .copied()
            .chain([
                "-o",
                out.to_str().unwrap(),
                "--checkpoint",
                ckpt.to_str().unwrap(),
            ])
            .chain(["--round-delay-ms", "300"])
            .collect();
        let (hosts, _) = free_hosts(dir.path(), 2);
        let mut children: Vec<Child> = (0..2).map(|i| process(&slow, &hosts, i)).collect();
        // 3,000 nodes are 12 batches of 256: kill after the third is logged.
        let log = ckpt.join("exact.bin");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::fs::metadata(&log).map_or(0, |m| m.len()) < 64 + 3 * 256 * 3 * 8 {
            assert!(Instant::now() < deadline, "no batch finished");
            std::thread::sleep(Duration::from_millis(20));
        }
        children[0].kill().unwrap();
        let _ = children[0].wait();
        let other = children.remove(1).wait_with_output().unwrap();
        assert_eq!(other.status.code(), Some(1));
        // Resume with another layout: exact batches do not depend on it.
        let got = resume((1, 2), &job, &out, &ckpt, "resumed after");
        assert!(got == stdout_of(&job), "the resumed exact run differs");
    }

    #[test]
    fn cluster_runs_explain_what_they_cannot_do() {
        let dir = tempfile::tempdir().unwrap();
        let nrg = generated_cache(dir.path());
        let txt = dir.path().join("ba.txt");
        let (hosts, _) = free_hosts(dir.path(), 1);
        let hosts = hosts.to_str().unwrap();
        let fails = |args: &[&str], message: &str| {
            let run = netreach().args(args).output().unwrap();
            assert_eq!(run.status.code(), Some(1), "{args:?}");
            let stderr = String::from_utf8_lossy(&run.stderr);
            assert!(stderr.contains(message), "{args:?}: {stderr}");
        };
        let t = txt.to_str().unwrap();
        let n = nrg.to_str().unwrap();
        fails(
            &["reach", t, "--all", "--hosts", hosts, "--process", "0"],
            "reads a .nrg cache",
        );
        fails(
            &["reach", n, "--all", "--hosts", hosts, "--process", "3"],
            "not in the host file",
        );
        fails(
            &["reach", n, "--ego", "1", "--hosts", hosts, "--process", "0"],
            "computes --all",
        );
        let approx = ["--memory-limit", "1M", "reach", n, "--all", "--approx"];
        let one = [&approx[..], &["--hosts", hosts, "--process", "0"]].concat();
        fails(&one, "more than the 1.0 MiB of --memory-limit");
        let bad = dir.path().join("bad-hosts.txt");
        std::fs::write(&bad, "# cluster\n127.0.0.1:7000\nnode-two\n").unwrap();
        let bad = bad.to_str().unwrap();
        fails(
            &["stats", n, "--hosts", bad, "--process", "0"],
            "bad-hosts.txt:3: 'node-two' is not host:port",
        );
    }
}
