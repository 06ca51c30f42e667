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

/// Connected components by one breadth-first search per unreached node, numbered in order of
/// their smallest node: the reference for `stats::components`.
fn components_by_bfs(g: &Csr) -> (Vec<u32>, Vec<usize>) {
    let n = g.node_count();
    let mut component = vec![u32::MAX; n];
    let mut sizes = Vec::new();
    for start in 0..n as u32 {
        if component[start as usize] != u32::MAX {
            continue;
        }
        let id = sizes.len() as u32;
        component[start as usize] = id;
        let mut queue = vec![start];
        let mut head = 0;
        while let Some(&u) = queue.get(head) {
            head += 1;
            for &v in g.neighbors(u) {
                if component[v as usize] == u32::MAX {
                    component[v as usize] = id;
                    queue.push(v);
                }
            }
        }
        sizes.push(queue.len());
    }
    (component, sizes)
}

/// `components` with `threads` workers.
fn components_with(g: &Csr, threads: usize) -> (Vec<u32>, Vec<usize>) {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(|| netreach::stats::components(g))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn components_are_those_of_a_bfs_for_any_thread_count((n, edges) in graph_strategy()) {
        let g = build(n, &edges);
        let expected = components_by_bfs(&g);
        prop_assert_eq!(&components_with(&g, 1), &expected);
        prop_assert_eq!(&components_with(&g, 3), &expected);
    }
}

/// Large enough for the union–find's threads to race: a giant component (a preferential
/// attachment graph over the even ids) and 30,000 small ones (paths and stars over the odd
/// ids, some linked to the giant one), ids interleaved.
#[test]
fn components_of_a_large_graph_are_those_of_a_bfs_for_any_thread_count() {
    let giant = netreach::generate::barabasi_albert(100_000, 2, 11);
    let mut pairs: Vec<u32> = giant.iter().map(|&u| 2 * u).collect();
    for i in 0..100_000u32 {
        let odd = 2 * i + 1;
        match i % 10 {
            0 => {}
            1..=6 => pairs.extend([odd, odd - 2]),
            7 => pairs.extend([odd, 2 * (i * 7 % 100_000)]),
            _ => pairs.extend([odd, 2 * (i - i % 10) + 1]),
        }
    }
    let (g, _) = Csr::from_pairs(200_000, &pairs);
    let expected = components_by_bfs(&g);
    assert!(expected.1.len() > 1_000, "{} components", expected.1.len());
    for threads in [1, 2, 3] {
        assert_eq!(components_with(&g, threads), expected, "{threads} threads");
    }
}
