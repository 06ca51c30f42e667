//! Property tests on random small graphs against independent oracles: petgraph's own
//! traversal (Dijkstra with unit weights on the same CSR), a naive edge set, single-source BFS.

use std::collections::BTreeSet;

use netreach::graph::Csr;
use netreach::reach::{rings, rings_of_with};
use petgraph::algo::dijkstra;
use proptest::prelude::*;

fn graph_strategy() -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
    (1usize..48).prop_flat_map(|n| {
        let edge = (0..n as u32, 0..n as u32);
        (Just(n), proptest::collection::vec(edge, 0..(3 * n)))
    })
}

fn build(n: usize, edges: &[(u32, u32)]) -> Csr {
    let pairs: Vec<u32> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
    Csr::from_pairs(n, &pairs).0
}

/// n_1..n_depth from petgraph's Dijkstra (unit weights) on the same structure.
fn petgraph_rings(g: &Csr, source: u32, depth: usize) -> Vec<u64> {
    let dist = dijkstra(g, source, None, |_| 1u32);
    let mut counts = vec![0u64; depth];
    for (_, d) in dist {
        if d >= 1 && d as usize <= depth {
            counts[d as usize - 1] += 1;
        }
    }
    counts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn csr_is_the_simple_undirected_graph((n, edges) in graph_strategy()) {
        let g = build(n, &edges);
        prop_assert!(g.validate().is_ok());
        let naive: BTreeSet<(u32, u32)> = edges.iter().filter(|(a, b)| a != b).map(|&(a, b)| (a.min(b), a.max(b))).collect();
        let ours: BTreeSet<(u32, u32)> = g.edges().collect();
        prop_assert_eq!(ours, naive);
    }

    #[test]
    fn single_source_rings_equal_petgraph((n, edges) in graph_strategy(), depth in 1usize..6) {
        let g = build(n, &edges);
        for s in 0..n as u32 {
            prop_assert_eq!(rings(&g, s, depth), petgraph_rings(&g, s, depth));
        }
    }

    #[test]
    fn ms_bfs_rows_equal_single_source_rows((n, edges) in graph_strategy(), depth in 1usize..5) {
        let g = build(n, &edges);
        let sources: Vec<u32> = (0..n as u32).chain(0..n as u32 / 2).collect(); // repeats too
        let one = rings_of_with::<1>(&g, &sources, depth);
        let two = rings_of_with::<2>(&g, &sources, depth);
        prop_assert_eq!(&one, &two);
        for (i, &s) in sources.iter().enumerate() {
            let single = rings(&g, s, depth);
            prop_assert_eq!(&one[i * depth..(i + 1) * depth], single.as_slice());
        }
    }

    #[test]
    fn all_node_rows_with_symmetric_counting_equal_single_source((n, edges) in graph_strategy(), depth in 1usize..5) {
        let g = build(n, &edges);
        // every node in order: the last level counts each pair once, for both ends
        let everyone: Vec<u32> = (0..n as u32).collect();
        let rows = netreach::reach::rings_of(&g, &everyone, depth);
        for s in 0..n as u32 {
            let single = rings(&g, s, depth);
            prop_assert_eq!(&rows[s as usize * depth..(s as usize + 1) * depth], single.as_slice());
        }
        prop_assert_eq!(rings_of_with::<1>(&g, &everyone, depth), rows);
    }

    #[test]
    fn edge_list_text_loads_to_the_same_graph((n, edges) in graph_strategy(), offset in 0u64..1_000_000) {
        prop_assume!(!edges.is_empty());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.txt");
        let text: String = edges.iter().map(|&(a, b)| format!("{} {}\r\n", a as u64 + offset, b as u64 + offset)).collect();
        std::fs::write(&path, format!("# random\n{text}")).unwrap();
        let net = netreach::io::load(&path, &Default::default()).unwrap();
        // ids are the ranks of the labels that occur
        let used: BTreeSet<u32> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
        let rank = |x: u32| used.iter().position(|&u| u == x).unwrap() as u32;
        let remapped: Vec<(u32, u32)> = edges.iter().map(|&(a, b)| (rank(a), rank(b))).collect();
        prop_assert_eq!(&net.csr, &build(used.len(), &remapped));
        let _ = n;
    }
}
