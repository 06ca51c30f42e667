//! Connector measures against brute force on random graphs, and the CLI on fixtures.

// Brute-force oracles index several per-node tables at once.
#![allow(clippy::needless_range_loop)]

use std::collections::BTreeSet;

use netreach::bfs::BfsScratch;
use netreach::connectors::{
    articulation_flags, betweenness, bridge_list, core_numbers, ego_connectors,
};
use netreach::graph::Csr;
use proptest::prelude::*;

use crate::{fixture, json, netreach, network};

fn graph_strategy() -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
    (2usize..30).prop_flat_map(|n| {
        (
            Just(n),
            proptest::collection::vec((0..n as u32, 0..n as u32), 0..(3 * n)),
        )
    })
}

fn distances(g: &Csr, s: u32) -> Vec<usize> {
    let mut d = vec![usize::MAX; g.node_count()];
    BfsScratch::new(g.node_count()).visit(g, s, usize::MAX, |v, k| d[v as usize] = k);
    d
}

fn without_edge(g: &Csr, a: u32, b: u32) -> Csr {
    let pairs: Vec<u32> = g
        .edges()
        .filter(|&(u, v)| (u, v) != (a.min(b), a.max(b)))
        .flat_map(|(u, v)| [u, v])
        .collect();
    Csr::from_pairs(g.node_count(), &pairs).0
}

fn reach(d: &[usize], k: usize) -> u64 {
    d.iter().filter(|&&x| x >= 1 && x <= k).count() as u64
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn exclusive_reach_and_loss_equal_brute_force((n, edges) in graph_strategy(), ego in 0u32..30) {
        let net = network(n, &edges);
        let g = &net.csr;
        let ego = ego % n as u32;
        let result = ego_connectors(&net, ego);
        let d = distances(g, ego);
        let contacts = g.neighbors(ego).to_vec();
        let from: Vec<Vec<usize>> = contacts.iter().map(|&c| distances(g, c)).collect();
        let n2 = d.iter().filter(|&&x| x == 2).count() as u64;
        let mut sum_excl2 = 0;
        for (i, &c) in contacts.iter().enumerate() {
            let row = result.contacts.iter().find(|x| x.person.node_id.to_string() == c.to_string()).unwrap();
            // exclusive: the first hops of shortest paths are exactly {c}
            let first_hops = |v: usize, dist: usize| -> BTreeSet<usize> {
                (0..contacts.len()).filter(|&j| from[j][v] == dist - 1).collect()
            };
            let excl = |k: usize| (0..n).filter(|&v| d[v] == k && first_hops(v, k) == BTreeSet::from([i])).count() as u64;
            prop_assert_eq!(row.exclusive_2, excl(2), "exclusive_2 of {}", c);
            prop_assert_eq!(row.exclusive_3, excl(3), "exclusive_3 of {}", c);
            let after = distances(&without_edge(g, ego, c), ego);
            prop_assert_eq!(row.loss_2, reach(&d, 2) - reach(&after, 2), "loss_2 of {}", c);
            prop_assert_eq!(row.loss_3, reach(&d, 3) - reach(&after, 3), "loss_3 of {}", c);
            prop_assert!(row.loss_2 >= row.exclusive_2 && row.loss_3 >= row.exclusive_3);
            sum_excl2 += row.exclusive_2;
        }
        prop_assert!(sum_excl2 <= n2);
        prop_assert_eq!(result.rings, [reach(&d, 1), d.iter().filter(|&&x| x == 2).count() as u64, d.iter().filter(|&&x| x == 3).count() as u64]);
        // those who carry the reach first: loss_2 + loss_3, then exclusive_2 + exclusive_3, descending
        let key = |c: &netreach::connectors::Contact| (c.loss_2 + c.loss_3, c.exclusive_2 + c.exclusive_3);
        prop_assert!(result.contacts.windows(2).all(|w| key(&w[0]) >= key(&w[1])));
    }

    #[test]
    fn betweenness_equals_pair_counting((n, edges) in graph_strategy()) {
        let net = network(n, &edges);
        let g = &net.csr;
        // σ and d for all pairs by BFS with path counting
        let mut dist = vec![vec![usize::MAX; n]; n];
        let mut sigma = vec![vec![0f64; n]; n];
        for s in 0..n {
            dist[s][s] = 0;
            sigma[s][s] = 1.0;
            let mut queue = vec![s];
            let mut head = 0;
            while head < queue.len() {
                let v = queue[head];
                head += 1;
                for &w in g.neighbors(v as u32) {
                    let w = w as usize;
                    if dist[s][w] == usize::MAX {
                        dist[s][w] = dist[s][v] + 1;
                        queue.push(w);
                    }
                    if dist[s][w] == dist[s][v] + 1 {
                        sigma[s][w] += sigma[s][v];
                    }
                }
            }
        }
        let mut naive = vec![0f64; n];
        for s in 0..n {
            for t in (s + 1)..n {
                if dist[s][t] == usize::MAX { continue; }
                for v in 0..n {
                    if v != s && v != t && dist[s][v] != usize::MAX && dist[v][t] != usize::MAX && dist[s][v] + dist[v][t] == dist[s][t] {
                        naive[v] += sigma[s][v] * sigma[v][t] / sigma[s][t];
                    }
                }
            }
        }
        let ours = betweenness(g);
        for v in 0..n {
            prop_assert!((ours.raw[v] - naive[v]).abs() < 1e-9 * naive[v].max(1.0), "node {}: {} vs {}", v, ours.raw[v], naive[v]);
        }
        // serial == parallel, to the bit
        let serial = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap().install(|| betweenness(g));
        prop_assert_eq!(serial.raw, ours.raw);
    }

    #[test]
    fn cores_bridges_and_articulation_points_equal_brute_force((n, edges) in graph_strategy()) {
        let net = network(n, &edges);
        let g = &net.csr;
        // core number by peeling: largest k whose k-core keeps the node
        let mut naive_core = vec![0u32; n];
        for k in 1..=n as u32 {
            let mut alive = vec![true; n];
            loop {
                let drop: Vec<usize> = (0..n).filter(|&v| alive[v] && g.neighbors(v as u32).iter().filter(|&&w| alive[w as usize]).count() < k as usize).collect();
                if drop.is_empty() { break; }
                for v in drop { alive[v] = false; }
            }
            for v in 0..n { if alive[v] { naive_core[v] = k; } }
        }
        prop_assert_eq!(core_numbers(g), naive_core);
        let components = |h: &Csr, skip: Option<u32>| {
            let mut seen = vec![false; n];
            let mut count = 0;
            for s in 0..n as u32 {
                if seen[s as usize] || Some(s) == skip { continue; }
                count += 1;
                let mut stack = vec![s];
                seen[s as usize] = true;
                while let Some(v) = stack.pop() {
                    for &w in h.neighbors(v) {
                        if !seen[w as usize] && Some(w) != skip { seen[w as usize] = true; stack.push(w); }
                    }
                }
            }
            count
        };
        let base = components(g, None);
        let naive_bridges: Vec<(u32, u32)> = g.edges().filter(|&(u, v)| components(&without_edge(g, u, v), None) > base).collect();
        prop_assert_eq!(bridge_list(g), naive_bridges);
        let flags = articulation_flags(g);
        for v in 0..n as u32 {
            // removing v removes one component (v's own) if v was isolated
            let isolated = g.degree(v) == 0;
            let after = components(g, Some(v)) + usize::from(isolated);
            prop_assert_eq!(flags[v as usize], after > base, "node {}", v);
        }
    }
}

#[test]
fn connectors_cli_on_the_fixture() {
    let dir = fixture("exports");
    let doc = json(&[
        "connectors",
        dir.to_str().unwrap(),
        "--ego",
        "Alice A",
        "--format",
        "json",
    ]);
    assert_eq!(doc["rings"], serde_json::json!([3, 4, 0]));
    let first = &doc["contacts"][0];
    // bob and erik would each cost alice two people (bob: two at distance 2; erik: himself and
    // one at distance 3), and bob reaches two of them alone: bob leads
    assert_eq!(first["node_id"], "linkedin.com/in/bob-b");
    let all = json(&[
        "connectors",
        dir.to_str().unwrap(),
        "--all",
        "--format",
        "json",
        "--by",
        "betweenness",
    ]);
    assert_eq!(all["betweenness_method"]["kind"], "exact");
    assert_eq!(all["rows"][0]["node_id"], "linkedin.com/in/bob-b");
    netreach()
        .args([
            "connectors",
            dir.to_str().unwrap(),
            "--all",
            "--sampled",
            "--epsilon",
            "0.05",
        ])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "betweenness sampled: within ±0.05 of exact",
        ));
    netreach()
        .args(["connectors", dir.to_str().unwrap(), "--all", "--format", "csv", "--by", "node"])
        .assert()
        .success()
        .stdout(predicates::str::starts_with("node_id,name,betweenness,betweenness_raw,constraint,effective_size,participation,core_number,is_articulation,key_score,exporter\n"));
    netreach()
        .args([
            "connectors",
            dir.to_str().unwrap(),
            "--all",
            "--sampled",
            "--epsilon",
            "2",
        ])
        .assert()
        .code(2);
}

#[test]
fn the_ego_table_names_people_and_leads_with_who_carries_the_reach() {
    let s = crate::sample();
    let out = String::from_utf8(crate::stdout_of(&[
        "connectors",
        s.to_str().unwrap(),
        "--ego",
        "Amir Dahlberg (Initech AB)",
    ]))
    .unwrap();
    assert!(
        out.starts_with("Key connectors of Amir Dahlberg (Initech AB): "),
        "{out}"
    );
    // no internal key shows; a company or profile URL in parentheses only tells namesakes
    // apart: the bare name is then ambiguous to `--ego` (an independent check)
    assert!(
        !out.contains("name:")
            && out.matches("linkedin.com/in/").count()
                == out.matches("(https://www.linkedin.com/in/").count(),
        "{out}"
    );
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("│ ") && !l.contains("contact"))
        .collect();
    for line in &rows {
        let person = line
            .trim_start_matches("│ ")
            .split(" ┆")
            .next()
            .unwrap()
            .trim();
        let bare = person.split(" (").next().unwrap();
        let resolved = crate::netreach()
            .args([
                "reach",
                s.to_str().unwrap(),
                "--ego",
                bare,
                "--format",
                "json",
            ])
            .output()
            .unwrap();
        assert_eq!(
            person != bare,
            !resolved.status.success(),
            "{person}: shown with a tag exactly when its name is shared"
        );
    }
    let first_row = out
        .lines()
        .find(|l| l.starts_with("│ ") && !l.contains("contact"))
        .unwrap();
    assert!(first_row.contains("Nils Hedin"), "{first_row}");
    // Only the contacts who carry more than themselves, the rest counted in one line.
    let carriers = crate::json(&[
        "connectors",
        s.to_str().unwrap(),
        "--ego",
        "Amir Dahlberg (Initech AB)",
        "--format",
        "json",
    ])["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            let n = |k: &str| c[k].as_u64().unwrap();
            n("loss_2") + n("loss_3") > 2 || n("exclusive_2") + n("exclusive_3") > 0
        })
        .count();
    assert_eq!(
        out.lines().filter(|l| l.starts_with("│ ")).count() - 1,
        carriers.min(20),
        "header + the contacts who carry others"
    );
    assert!(out.contains("carry only themselves"), "{out}");
}

#[test]
fn sampled_betweenness_checks_its_memory_before_sampling() {
    // A path of 100,000 people loads within 12 MiB, but two samplers need about 14 MiB: one
    // clear error, exit code 1, no output file.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("path.txt");
    let edges: String = (0..99_999).map(|i| format!("{i} {}\n", i + 1)).collect();
    std::fs::write(&input, edges).unwrap();
    let out = dir.path().join("out.csv");
    let run = |limit: &str| {
        netreach()
            .args(["-j", "2", "--memory-limit", limit, "connectors"])
            .arg(&input)
            .args([
                "--all",
                "--sampled",
                "--epsilon",
                "0.5",
                "--format",
                "csv",
                "-o",
            ])
            .arg(&out)
            .output()
            .unwrap()
    };
    let refused = run("12M");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("netreach: sampled betweenness needs about")
            && stderr.lines().count() == 1,
        "{stderr}"
    );
    assert!(!out.exists());
    assert!(run("64M").status.success());
    assert!(out.exists());
}

#[test]
fn the_sampled_header_says_how_the_run_stopped() {
    // At ε = 0.9 the fixed size (4 paths) is below one block: no check is planned.
    let s = crate::sample();
    let coarse = String::from_utf8(crate::stdout_of(&[
        "connectors",
        s.to_str().unwrap(),
        "--all",
        "--sampled",
        "--epsilon",
        "0.9",
    ]))
    .unwrap();
    assert!(
        coarse.contains("shortest paths sampled, the full Riondato–Kornaropoulos size)"),
        "{coarse}"
    );
    let fine = String::from_utf8(crate::stdout_of(&[
        "connectors",
        s.to_str().unwrap(),
        "--all",
        "--sampled",
    ]))
    .unwrap();
    assert!(
        fine.contains("stopped at a planned check; at most"),
        "{fine}"
    );
}
