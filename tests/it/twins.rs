//! Twin classes: every class holds true twins and no two classes could merge, and every
//! person's reach found through the classes equals a BFS per person, for any thread count, on
//! random graphs with planted twins and on a merged-exports-shaped graph large enough for the
//! policy to fold.

use netreach::graph::{Csr, Twins};
use netreach::reach::{
    DistanceSums, distance_sums, distance_sums_by_class, folds_twins, rings_of,
    rings_of_everyone_by_class,
};

use crate::locality::{rings_one_by_one, with_threads};
use proptest::prelude::*;
use rand::SeedableRng;

/// People, edges, and clones `(person, closed)`.
type Planted = (usize, Vec<(u32, u32)>, Vec<(u32, bool)>);

/// A random graph on `n` people, then `clones` more: clone `(x, closed)` knows whom x knows
/// (and x itself when `closed`), so twin classes of both kinds and of several sizes appear
/// (clones of clones too).
fn with_twins(n: usize, edges: &[(u32, u32)], clones: &[(u32, bool)]) -> Csr {
    let mut rows: Vec<Vec<u32>> = vec![Vec::new(); n];
    for &(a, b) in edges {
        if a != b {
            rows[a as usize].push(b);
            rows[b as usize].push(a);
        }
    }
    for &(x, closed) in clones {
        let x = x as usize % rows.len();
        let y = rows.len() as u32;
        let mut row = rows[x].clone();
        if closed {
            row.push(x as u32);
        }
        for &v in &row {
            rows[v as usize].push(y);
        }
        rows.push(row);
    }
    let pairs: Vec<u32> = rows
        .iter()
        .enumerate()
        .flat_map(|(u, row)| row.iter().flat_map(move |&v| [u as u32, v]))
        .collect();
    Csr::from_pairs(rows.len(), &pairs).0
}

fn planted() -> impl Strategy<Value = Planted> {
    (1usize..40).prop_flat_map(|n| {
        let edge = (0..n as u32, 0..n as u32);
        let clone = (0..2 * n as u32, any::<bool>());
        (
            Just(n),
            proptest::collection::vec(edge, 0..(3 * n)),
            proptest::collection::vec(clone, 0..n),
        )
    })
}

/// N[u] = N[v] (closed) or N(u) = N(v) ≠ ∅ (open), by sets.
fn twins_by_definition(g: &Csr, u: u32, v: u32, closed: bool) -> bool {
    let set = |x: u32| -> std::collections::BTreeSet<u32> {
        let mut s: std::collections::BTreeSet<u32> = g.neighbors(x).iter().copied().collect();
        if closed {
            s.insert(x);
        }
        s
    };
    (closed || g.degree(u) > 0) && set(u) == set(v)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn classes_hold_exactly_the_twins((n, edges, clones) in planted()) {
        let g = with_twins(n, &edges, &clones);
        let t = Twins::find(&g);
        prop_assert!(t.quotient.validate().is_ok());
        prop_assert_eq!(t.size.iter().map(|&s| s as usize).sum::<usize>(), g.node_count());
        let mut first_of = vec![u32::MAX; t.class_count()];
        for u in 0..g.node_count() as u32 {
            let c = t.class_of[u as usize] as usize;
            if first_of[c] == u32::MAX {
                first_of[c] = u;
            } else {
                prop_assert!(twins_by_definition(&g, first_of[c], u, t.closed[c]), "{u} is no twin of {}", first_of[c]);
            }
        }
        // No two classes could be one: their first members are twins of neither kind.
        for a in 0..first_of.len() {
            for b in a + 1..first_of.len() {
                let (x, y) = (first_of[a], first_of[b]);
                prop_assert!(!twins_by_definition(&g, x, y, true) && !twins_by_definition(&g, x, y, false), "classes {a} and {b} are twins");
            }
        }
        // The quotient's edges are the classes' members' edges.
        for (u, v) in g.edges() {
            let (a, b) = (t.class_of[u as usize], t.class_of[v as usize]);
            prop_assert!(a == b || t.quotient.has_edge(a, b));
        }
    }

    #[test]
    fn distance_sums_through_classes_are_a_bfs_per_person_for_any_thread_count((n, edges, clones) in planted()) {
        let g = with_twins(n, &edges, &clones);
        let expected = sums_one_by_one(&g);
        let one = with_threads(1, || distance_sums_by_class(&g));
        same_sums(&one, &expected)?;
        let three = with_threads(3, || distance_sums_by_class(&g));
        prop_assert_eq!(&one.reached, &three.reached);
        prop_assert_eq!(&one.total_distance, &three.total_distance);
        prop_assert_eq!(bits(&one.harmonic), bits(&three.harmonic));
    }

    #[test]
    fn reach_through_classes_is_a_bfs_per_person_for_any_thread_count((n, edges, clones) in planted(), depth in 1usize..5) {
        let g = with_twins(n, &edges, &clones);
        let expected = rings_one_by_one(&g, depth);
        prop_assert_eq!(&with_threads(1, || rings_of_everyone_by_class(&g, depth)), &expected);
        prop_assert_eq!(&with_threads(3, || rings_of_everyone_by_class(&g, depth)), &expected);
    }
}

/// Every person's distance sums from one plain BFS each: the oracle (terms in distance order).
fn sums_one_by_one(g: &Csr) -> DistanceSums {
    let n = g.node_count();
    let mut sums = DistanceSums {
        reached: vec![0; n],
        total_distance: vec![0; n],
        harmonic: vec![0.0; n],
    };
    let mut dist = vec![u64::MAX; n];
    for s in 0..n as u32 {
        let mut ring = vec![0u64];
        let mut order = vec![s];
        dist[s as usize] = 0;
        let mut head = 0;
        while let Some(&u) = order.get(head) {
            head += 1;
            for &v in g.neighbors(u) {
                if dist[v as usize] == u64::MAX {
                    let d = dist[u as usize] + 1;
                    dist[v as usize] = d;
                    order.push(v);
                    if ring.len() <= d as usize {
                        ring.push(0);
                    }
                    ring[d as usize] += 1;
                }
            }
        }
        for (k, &count) in (1u64..).zip(&ring[1..]) {
            sums.reached[s as usize] += count;
            sums.total_distance[s as usize] += k * count;
            sums.harmonic[s as usize] += count as f64 / k as f64;
        }
        for &u in &order {
            dist[u as usize] = u64::MAX;
        }
    }
    sums
}

/// Reached and total distance exactly, harmonic sums to the last few bits.
fn same_sums(got: &DistanceSums, expected: &DistanceSums) -> Result<(), TestCaseError> {
    prop_assert_eq!(&got.reached, &expected.reached);
    prop_assert_eq!(&got.total_distance, &expected.total_distance);
    for (u, (a, b)) in got.harmonic.iter().zip(&expected.harmonic).enumerate() {
        prop_assert!(
            (a - b).abs() <= 1e-12 * b.max(1.0),
            "person {}: {} against {}",
            u,
            a,
            b
        );
    }
    Ok(())
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// A merged folder's shape: `owners` exporters who know each other a little, each with
/// contacts of their own (leaves: one open twin class per owner) and contacts shared by a few
/// owners; ids shuffled by construction order.
fn merged_exports(owners: usize, contacts: usize, seed: u64) -> Csr {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut pairs: Vec<u32> = Vec::new();
    for a in 0..owners as u32 {
        for b in a + 1..owners as u32 {
            if rng.random_bool(0.2) {
                pairs.extend([a, b]);
            }
        }
    }
    let n = owners + contacts;
    for c in owners..n {
        let known_by = if rng.random_bool(0.8) {
            1
        } else {
            rng.random_range(2..4)
        };
        for _ in 0..known_by {
            pairs.extend([rng.random_range(0..owners) as u32, c as u32]);
        }
    }
    Csr::from_pairs(n, &pairs).0
}

#[test]
fn merged_exports_fold_and_give_a_bfs_per_person_for_any_thread_count() {
    let g = merged_exports(40, 12_000, 7);
    assert!(
        folds_twins(&g),
        "the policy should fold a merged folder's twins"
    );
    assert!(Twins::find(&g).class_count() * 4 < g.node_count());
    let everyone: Vec<u32> = (0..g.node_count() as u32).collect();
    let expected = rings_one_by_one(&g, 3);
    for threads in [1, 2, 3] {
        assert_eq!(
            with_threads(threads, || rings_of(&g, &everyone, 3)),
            expected,
            "{threads} threads"
        );
    }
}

#[test]
fn distance_sums_of_classes_with_no_one_else_are_their_own() {
    // A triangle (one closed class that knows no other class), two people who know only
    // each other, a star's leaves (open twins) and an isolated person.
    let g = Csr::from_pairs(10, &[0, 1, 1, 2, 2, 0, 3, 4, 5, 6, 5, 7, 5, 8]).0;
    let got = distance_sums_by_class(&g);
    same_sums(&got, &sums_one_by_one(&g)).unwrap();
    assert_eq!(got.reached, [2, 2, 2, 1, 1, 3, 3, 3, 3, 0]);
    assert_eq!(got.total_distance, [2, 2, 2, 1, 1, 3, 5, 5, 5, 0]);
}

#[test]
fn merged_exports_distance_sums_fold_and_equal_the_plain_search() {
    // Closeness and harmonic centrality of a merged folder through twin classes (the policy
    // folds it) against a BFS per person, with 1 and 3 threads.
    let g = merged_exports(30, 9_000, 11);
    assert!(folds_twins(&g));
    let expected = sums_one_by_one(&g);
    let one = with_threads(1, || distance_sums(&g));
    same_sums(&one, &expected).unwrap();
    let three = with_threads(3, || distance_sums(&g));
    assert_eq!(one.total_distance, three.total_distance);
    assert_eq!(bits(&one.harmonic), bits(&three.harmonic));
}

#[test]
fn graphs_without_many_twins_keep_their_graph() {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    let n = 10_000u32;
    let pairs: Vec<u32> = (0..n * 4)
        .flat_map(|_| [rng.random_range(0..n), rng.random_range(0..n)])
        .collect();
    let (g, _) = Csr::from_pairs(n as usize, &pairs);
    assert!(!folds_twins(&g));
    let everyone: Vec<u32> = (0..n).collect();
    assert_eq!(
        rings_of(&g, &everyone, 3),
        rings_of_everyone_by_class(&g, 3)
    );
}

/// From the command line: `reach --all` on a merged-exports edge list (searched by twin class,
/// as `bench reach` says) writes the same CSV as `reach --sources` naming everyone in reverse
/// order (searched person by person, no folding).
#[test]
fn reach_all_by_class_equals_reach_of_every_source_from_the_cli() {
    let g = merged_exports(30, 9_000, 11);
    let dir = tempfile::tempdir().unwrap();
    let edges = dir.path().join("merged.txt");
    let text: String = g.edges().map(|(u, v)| format!("{u}\t{v}\n")).collect();
    std::fs::write(&edges, text).unwrap();
    let ids = dir.path().join("ids.txt");
    let reversed: String = (0..g.node_count())
        .rev()
        .map(|u| format!("{u}\n"))
        .collect();
    std::fs::write(&ids, reversed).unwrap();
    let edges = edges.to_str().unwrap();
    let bench = String::from_utf8(crate::stdout_of(&[
        "bench", "reach", edges, "--repeat", "1",
    ]))
    .unwrap();
    assert!(bench.contains("searched by twin class"), "{bench}");
    let all = crate::stdout_of(&["reach", edges, "--all", "--format", "csv"]);
    let each = crate::stdout_of(&[
        "reach",
        edges,
        "--sources",
        ids.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(
        String::from_utf8(all).unwrap(),
        String::from_utf8(each).unwrap()
    );
}
