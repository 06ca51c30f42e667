//! Communities against independent oracles: a naive modularity, connectivity by petgraph,
//! planted groups recovered (NMI), a hand-computed participation coefficient, NetworkX's own
//! modularity, and the same answer for any thread count.

use std::collections::BTreeMap;
use std::path::Path;

use netreach::community::{self, Options};
use netreach::graph::Csr;
use rand::{RngExt, SeedableRng};

use crate::netreach;

/// Q = (1/2m) Σ_ij [A_ij − γ k_i k_j / 2m] δ(c_i, c_j), over every ordered pair.
fn naive_modularity(csr: &Csr, membership: &[u32], gamma: f64) -> f64 {
    let n = csr.node_count() as u32;
    let m2 = 2.0 * csr.edge_count() as f64;
    let mut q = 0.0;
    for i in 0..n {
        for j in 0..n {
            if membership[i as usize] != membership[j as usize] {
                continue;
            }
            let a = f64::from(u8::from(csr.neighbors(i).contains(&j)));
            q += a - gamma * csr.degree(i) as f64 * csr.degree(j) as f64 / m2;
        }
    }
    q / m2
}

fn load(path: &Path) -> netreach::graph::Network {
    netreach::io::load(path, &Default::default()).unwrap()
}

/// A planted partition: `groups` groups of `size`, each pair linked with `p_in` inside a group
/// and `p_out` across (seeded), as an edge list; returns the file and each node's group.
fn planted(
    dir: &Path,
    groups: u32,
    size: u32,
    p_in: f64,
    p_out: f64,
) -> (std::path::PathBuf, Vec<u32>) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
    let n = groups * size;
    let mut text = String::new();
    for i in 0..n {
        for j in i + 1..n {
            let p = if i / size == j / size { p_in } else { p_out };
            if rng.random::<f64>() < p {
                text.push_str(&format!("{i}\t{j}\n"));
            }
        }
    }
    let path = dir.join("planted.txt");
    std::fs::write(&path, text).unwrap();
    (path, (0..n).map(|i| i / size).collect())
}

/// Normalised mutual information of two labellings (arithmetic mean normalisation).
fn nmi(a: &[u32], b: &[u32]) -> f64 {
    let n = a.len() as f64;
    let mut joint: BTreeMap<(u32, u32), f64> = BTreeMap::new();
    let mut pa: BTreeMap<u32, f64> = BTreeMap::new();
    let mut pb: BTreeMap<u32, f64> = BTreeMap::new();
    for (&x, &y) in a.iter().zip(b) {
        *joint.entry((x, y)).or_default() += 1.0 / n;
        *pa.entry(x).or_default() += 1.0 / n;
        *pb.entry(y).or_default() += 1.0 / n;
    }
    let h = |p: &BTreeMap<u32, f64>| -p.values().map(|&x| x * x.ln()).sum::<f64>();
    let mi: f64 = joint
        .iter()
        .map(|(&(x, y), &p)| p * (p / (pa[&x] * pb[&y])).ln())
        .sum();
    2.0 * mi / (h(&pa) + h(&pb))
}

#[test]
fn modularity_is_the_naive_formula_and_every_community_is_connected() {
    let dir = tempfile::tempdir().unwrap();
    for (nodes, m, seed) in [(300, 2, 1), (500, 1, 2), (400, 3, 3)] {
        let network = load(&crate::ba_graph(dir.path(), nodes, m, seed));
        for gamma in [0.5, 1.0, 2.0] {
            let c = community::detect(
                &network.csr,
                Options {
                    resolution: gamma,
                    seed,
                },
            );
            let naive = naive_modularity(&network.csr, &c.membership, gamma);
            assert!(
                (c.modularity - naive).abs() < 1e-9,
                "{} vs {naive}",
                c.modularity
            );
            // Each community is one connected piece: petgraph's components of the subgraph.
            for k in 0..c.sizes.len() as u32 {
                let inside: Vec<(u32, u32)> = network
                    .csr
                    .edges()
                    .filter(|&(u, v)| {
                        c.membership[u as usize] == k && c.membership[v as usize] == k
                    })
                    .collect();
                let mut g = petgraph::graph::UnGraph::<(), ()>::from_edges(&inside);
                g.retain_nodes(|_, i| c.membership.get(i.index()) == Some(&k));
                assert_eq!(petgraph::algo::connected_components(&g), 1, "community {k}");
                assert_eq!(g.node_count(), c.sizes[k as usize]);
            }
            // Numbered by size, largest first.
            assert!(c.sizes.windows(2).all(|w| w[0] >= w[1]));
        }
    }
}

#[test]
fn planted_groups_are_recovered() {
    let dir = tempfile::tempdir().unwrap();
    let (path, truth) = planted(dir.path(), 8, 60, 0.3, 0.004);
    let network = load(&path);
    let found = community::detect(&network.csr, Options::default());
    // Node ids are label ranks; labels are integers 0..n, so ids are the planted indices.
    let score = nmi(&found.membership, &truth);
    assert!(score > 0.97, "NMI {score}");
    assert_eq!(found.sizes.len(), 8);
}

#[test]
fn the_participation_coefficient_of_a_hand_made_example() {
    // 0 knows 1, 2 (circle A) and 3, 4 (circle B); 5 knows only 1 (circle A).
    let (csr, _) = Csr::from_pairs(6, &[0, 1, 0, 2, 0, 3, 0, 4, 1, 5, 1, 2, 3, 4]);
    let membership = [0, 0, 0, 1, 1, 0];
    let p = community::participation(&csr, &membership);
    assert!((p[0] - 0.5).abs() < 1e-12, "1 − (2/4)² − (2/4)²");
    assert_eq!(p[5], 0.0);
    // 1 knows 0, 2 and 5, all in A.
    assert_eq!(p[1], 0.0);
}

#[test]
fn the_same_communities_for_any_thread_count_and_a_seed_that_changes_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::ba_graph(dir.path(), 3000, 3, 4);
    let p = path.to_str().unwrap();
    let csv = |threads: &str, seed: &str| {
        let out = netreach()
            .args([
                "-j",
                threads,
                "communities",
                p,
                "--seed",
                seed,
                "--format",
                "csv",
            ])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    let one = csv("1", "42");
    assert_eq!(one, csv("2", "42"));
    assert_eq!(one, csv("2", "42"));
    assert_ne!(one, csv("2", "7"), "another seed, another (valid) answer");
    let text = String::from_utf8(one).unwrap();
    assert!(text.starts_with("node_id,community\n0,"));
    assert_eq!(text.lines().count(), 3001);
}

#[test]
fn a_persons_circles_and_who_leads_to_the_others() {
    // Two triangles joined by 2–3, and a third triangle reached through 5–6.
    let (csr, _) = Csr::from_pairs(
        9,
        &[
            0, 1, 1, 2, 0, 2, 2, 3, 3, 4, 4, 5, 3, 5, 5, 6, 6, 7, 7, 8, 6, 8,
        ],
    );
    let membership = [0, 0, 0, 1, 1, 1, 2, 2, 2];
    let circles = community::circles(&csr, &membership, 2);
    assert!(circles[0].own && circles[0].contacts == 2 && circles[0].community == 0);
    assert_eq!((circles[1].community, circles[1].contacts), (1, 1));
    assert_eq!((circles[1].distance, circles[1].via), (Some(1), Some(3)));
    assert_eq!((circles[2].community, circles[2].contacts), (2, 0));
    assert_eq!((circles[2].distance, circles[2].via), (Some(3), Some(3)));
}

#[test]
#[ignore = "needs NETREACH_DATA_DIR (the shared real graphs) and NETREACH_PYTHON (networkx)"]
fn networkx_agrees_on_the_modularity_of_real_graphs() {
    let dir = tempfile::tempdir().unwrap();
    for (file, floor) in [
        ("karate_zachary.konect.txt", 0.4197),
        ("facebook_combined.txt.gz", 0.83),
        ("ca-GrQc.txt", 0.86),
    ] {
        let input = crate::data_dir().join(file);
        let csv = dir.path().join("c.csv");
        let doc = crate::json(&["communities", input.to_str().unwrap(), "--format", "json"]);
        let ours = doc["modularity"].as_f64().unwrap();
        assert!(ours >= floor, "{file}: {ours}");
        netreach()
            .args([
                "communities",
                input.to_str().unwrap(),
                "-o",
                csv.to_str().unwrap(),
            ])
            .assert()
            .success();
        let script = "import sys, csv, gzip, networkx as nx\n\
            rows = list(csv.DictReader(open(sys.argv[2])))\n\
            opener = gzip.open if sys.argv[1].endswith('.gz') else open\n\
            g = nx.Graph()\n\
            for line in opener(sys.argv[1], 'rt'):\n\
            \x20   if line[:1] in '#%' or not line.strip(): continue\n\
            \x20   a, b = line.replace(',', ' ').split()[:2]\n\
            \x20   g.add_nodes_from([a, b])\n\
            \x20   if a != b: g.add_edge(a, b)\n\
            groups = {}\n\
            for r in rows: groups.setdefault(r['community'], set()).add(r['node_id'])\n\
            parts = list(groups.values())\n\
            print(nx.community.modularity(g, parts), all(nx.is_connected(g.subgraph(p)) for p in parts))";
        let text = crate::python_script(script, &[&input, &csv]);
        let (q, connected) = text.trim().split_once(' ').unwrap();
        let q: f64 = q.parse().unwrap();
        assert!(
            (q - ours).abs() < 1e-6,
            "{file}: networkx {q}, netreach {ours}"
        );
        assert_eq!(connected, "True", "{file}");
    }
}

#[test]
fn convert_carries_the_community_and_the_report_shows_the_circles() {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::ba_graph(dir.path(), 500, 2, 6);
    let json = dir.path().join("g.json");
    netreach()
        .args([
            "convert",
            path.to_str().unwrap(),
            "-o",
            json.to_str().unwrap(),
            "--communities",
        ])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let csv = netreach()
        .args(["communities", path.to_str().unwrap(), "--format", "csv"])
        .output()
        .unwrap()
        .stdout;
    let from_csv: Vec<String> = String::from_utf8(csv)
        .unwrap()
        .lines()
        .skip(1)
        .map(String::from)
        .collect();
    let from_json: Vec<String> = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| format!("{},{}", n["id"], n["community"]))
        .collect();
    assert_eq!(from_json, from_csv);
    netreach()
        .args([
            "convert",
            path.to_str().unwrap(),
            "-o",
            "x.txt",
            "--communities",
        ])
        .assert()
        .failure()
        .code(1)
        .stderr(predicates::str::contains(
            "--communities needs node attributes",
        ));
    let (_d, out, md) = crate::report_md(&crate::sample(), &["--ego", "Vera Haddad"]);
    assert!(md.contains("## Your circles"), "{md}");
    assert!(
        md.contains("| 2 (yours) |") || md.contains(" (yours) |"),
        "{md}"
    );
    assert!(out.join("circles.png").exists() && out.join("circles.json").exists());
}
