//! Locality orders: every order is a permutation, relabelling and its inverse restore the
//! graph and every output, and all-node reach in the locality order equals a BFS per node for
//! any thread count.

use netreach::bfs::locality_order;
use netreach::graph::{Csr, Order, Permutation};
use netreach::reach::{rings, rings_of};
use proptest::prelude::*;
use rand::SeedableRng;
use rand::seq::SliceRandom;

use crate::data_dir;

fn graph(n: usize, edges: &[(u32, u32)]) -> Csr {
    let pairs: Vec<u32> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
    Csr::from_pairs(n, &pairs).0
}

/// A ring lattice of `n` people (each linked to the next `k`) with a few long-range links,
/// ids shuffled: neighbourhoods are small and local, the ids carry none of it, so the
/// locality policy renumbers.
fn shuffled_lattice(n: usize, k: usize, seed: u64) -> Csr {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let mut ids: Vec<u32> = (0..n as u32).collect();
    ids.shuffle(&mut rng);
    let mut edges = Vec::new();
    for i in 0..n {
        for j in 1..=k {
            edges.push((ids[i], ids[(i + j) % n]));
        }
        if rng.random_bool(0.02) {
            edges.push((ids[i], ids[rng.random_range(0..n)]));
        }
    }
    graph(n, &edges)
}

/// `f` on a rayon pool of `threads` workers.
pub fn with_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

fn rings_with_threads(csr: &Csr, depth: usize, threads: usize) -> Vec<u64> {
    let everyone: Vec<u32> = (0..csr.node_count() as u32).collect();
    with_threads(threads, || rings_of(csr, &everyone, depth))
}

/// n_1..n_depth of every node from one plain BFS each: the oracle.
pub fn rings_one_by_one(csr: &Csr, depth: usize) -> Vec<u64> {
    (0..csr.node_count() as u32)
        .flat_map(|s| rings(csr, s, depth))
        .collect()
}

fn small_graphs() -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
    (1usize..60).prop_flat_map(|n| {
        let edge = (0..n as u32, 0..n as u32);
        (Just(n), proptest::collection::vec(edge, 0..(3 * n)))
    })
}

proptest! {
    #[test]
    fn every_order_is_a_permutation_whose_inverse_restores_graph_and_reach(
        (n, edges) in small_graphs()
    ) {
        let csr = graph(n, &edges);
        let before = rings_of(&csr, &(0..n as u32).collect::<Vec<_>>(), 3);
        for order in Order::ALL {
            let p = order.of(&csr);
            let mut ids = p.old_of_new().to_vec();
            ids.sort_unstable();
            prop_assert_eq!(ids, (0..n as u32).collect::<Vec<_>>());
            let relabelled = csr.relabelled(&p);
            prop_assert!(relabelled.validate().is_ok());
            prop_assert_eq!(&relabelled.relabelled(&p.inverse()), &csr);
            let everyone: Vec<u32> = (0..n as u32).collect();
            let after = p.restore(&rings_of(&relabelled, &everyone, 3), 3);
            prop_assert_eq!(&after, &before, "{:?}", order);
        }
    }
}

#[test]
fn the_policy_renumbers_scattered_ids_and_keeps_local_ones() {
    let scattered = shuffled_lattice(3_000, 3, 7);
    assert!(locality_order(&scattered, 256).is_some());
    let local = graph(
        3_000,
        &(0..3_000u32)
            .flat_map(|i| (1..=3).map(move |j| (i, (i + j) % 3_000)))
            .collect::<Vec<_>>(),
    );
    assert!(locality_order(&local, 256).is_none());
    assert!(
        locality_order(&graph(3_000, &[]), 256).is_none(),
        "nobody connected"
    );
}

#[test]
fn reach_in_the_locality_order_is_a_bfs_per_node_for_any_thread_count() {
    // 3,000 people: W = 4 (12 batches); 70,000: W = 2 (547 batches).
    for (n, depth) in [(3_000, 3), (3_000, 5), (70_000, 3)] {
        let csr = shuffled_lattice(n, 3, n as u64);
        assert!(locality_order(&csr, 128).is_some(), "{n} people");
        let one = rings_with_threads(&csr, depth, 1);
        assert_eq!(
            one,
            rings_one_by_one(&csr, depth),
            "{n} people, depth {depth}"
        );
        assert_eq!(one, rings_with_threads(&csr, depth, 3));
    }
}

#[test]
fn restore_puts_rows_back_under_their_old_ids() {
    let p = Permutation::from_old_of_new(vec![1, 2, 0]).unwrap();
    assert_eq!(p.restore(&[10, 20, 30], 1), [30, 10, 20]);
    assert_eq!(p.apply(&[30, 10, 20], 1), [10, 20, 30]);
}

#[test]
#[ignore = "needs the shared graphs in NETREACH_DATA_DIR; CI runs it with --include-ignored"]
fn shared_graphs_give_the_same_reach_in_every_order() {
    let dir = data_dir();
    for file in [
        "ca-GrQc.txt",
        "lastfm_asia_edges.csv",
        "facebook_combined.txt.gz",
    ] {
        let network = netreach::io::load(&dir.join(file), &Default::default()).unwrap();
        let csr = &network.csr;
        let everyone: Vec<u32> = (0..csr.node_count() as u32).collect();
        let plain = rings_one_by_one(csr, 3);
        assert_eq!(rings_with_threads(csr, 3, 2), plain, "{file}");
        for order in Order::ALL {
            let p = order.of(csr);
            let local = csr.relabelled(&p);
            assert_eq!(
                p.restore(&rings_of(&local, &everyone, 3), 3),
                plain,
                "{file} {order:?}"
            );
        }
    }
}

/// `bench limits` measures the machine and the four kernels and says how close they run: the
/// work it reports is what the kernels counted, not a fixed figure. On a connected graph every
/// arc is followed at least once by all-node reach and twice (forward and backward) by
/// Brandes, and every sampled path reads at least the row of one of its ends.
#[test]
fn bench_limits_reports_counted_work_for_every_kernel() {
    let dir = tempfile::tempdir().unwrap();
    let ba = crate::ba_graph(dir.path(), 2_000, 3, 5);
    let out = crate::stdout_of(&["bench", "limits", ba.to_str().unwrap(), "--repeat", "1"]);
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("sequential read"), "{text}");
    let row = |kernel: &str| -> Vec<String> {
        let line = text
            .lines()
            .find(|l| l.contains(kernel))
            .unwrap_or_else(|| panic!("no {kernel} row in\n{text}"));
        line.split(['│', '┆'])
            .map(|c| c.trim().to_string())
            .collect()
    };
    let number = |cell: &str| -> u64 { cell.replace(',', "").parse().unwrap() };
    // 2,000 people, 3 per newcomer: 5,991 connections, 11,982 arcs, degree at least 3.
    assert!(number(&row("all-node reach")[3]) >= 11_982);
    let brandes = row("exact betweenness");
    assert!(number(&brandes[3]) >= 2 * 11_982);
    // Bytes are 12 per row read plus 16 per lane operation: the counted run counts those too.
    assert!(
        number(&brandes[4]) > 12 * number(&brandes[3]),
        "{brandes:?}"
    );
    let sampled = row("sampled betweenness (ε = 0.01");
    let paths: u64 = number(
        sampled[1]
            .rsplit(", ")
            .next()
            .and_then(|p| p.strip_suffix(" paths)"))
            .unwrap(),
    );
    assert!(paths > 0, "{sampled:?}");
    assert!(number(&sampled[3]) >= 3 * paths, "{sampled:?}");
    row("HyperBall (256 registers");
}
