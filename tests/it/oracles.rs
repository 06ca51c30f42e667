//! Oracle tests that need no external data: Burt's measures and the key score against naive
//! definitions, sampled betweenness against brute-force pair counting within its (ε, δ) bound,
//! and HyperBall within its stated standard error, all on small generated graphs.

use netreach::graph::Csr;
use proptest::prelude::*;

fn graph(n: usize, edges: &[(u32, u32)]) -> Csr {
    let pairs: Vec<u32> = edges.iter().flat_map(|&(a, b)| [a, b]).collect();
    Csr::from_pairs(n, &pairs).0
}

fn small_graphs() -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
    (2usize..24).prop_flat_map(|n| {
        let edge = (0..n as u32, 0..n as u32);
        (Just(n), proptest::collection::vec(edge, 0..(3 * n)))
    })
}

/// Burt's constraint and effective size by their definitions (NetworkX's, unweighted).
fn naive_burt(g: &Csr, i: u32) -> Option<(f64, f64)> {
    let ni = g.neighbors(i);
    if ni.is_empty() {
        return None;
    }
    let p = |a: u32, b: u32| {
        if g.neighbors(a).contains(&b) {
            1.0 / g.degree(a) as f64
        } else {
            0.0
        }
    };
    let constraint = ni
        .iter()
        .map(|&j| {
            let indirect: f64 = ni
                .iter()
                .filter(|&&q| q != j)
                .map(|&q| p(i, q) * p(q, j))
                .sum();
            (p(i, j) + indirect).powi(2)
        })
        .sum();
    let ties = ni
        .iter()
        .flat_map(|&a| ni.iter().map(move |&b| (a, b)))
        .filter(|&(a, b)| a < b && g.neighbors(a).contains(&b))
        .count() as f64;
    let n = ni.len() as f64;
    Some((constraint, n - 2.0 * ties / n))
}

/// Mid-rank percentiles by counting: (values below + half the other equal ones) / (n − 1).
fn naive_ranks(values: &[f64]) -> Vec<f64> {
    let n = values.len();
    values
        .iter()
        .map(|&v| {
            let below = values.iter().filter(|&&x| x < v).count() as f64;
            let equal = values.iter().filter(|&&x| x == v).count() as f64 - 1.0;
            if n > 1 {
                (below + equal / 2.0) / (n - 1) as f64
            } else {
                0.0
            }
        })
        .collect()
}

proptest! {
    #[test]
    fn burt_measures_equal_their_definitions((n, edges) in small_graphs()) {
        let g = graph(n, &edges);
        let burt = netreach::connectors::burt_all(&g);
        for i in 0..n as u32 {
            match (burt[i as usize], naive_burt(&g, i)) {
                (None, None) => {}
                (Some(b), Some((c, e))) => {
                    prop_assert!((b.constraint - c).abs() < 1e-12, "constraint of {i}: {} vs {c}", b.constraint);
                    prop_assert!((b.effective_size - e).abs() < 1e-12, "effective size of {i}: {} vs {e}", b.effective_size);
                }
                (a, b) => prop_assert!(false, "node {i}: {a:?} vs {b:?}"),
            }
        }
    }

    #[test]
    fn the_key_score_is_its_documented_formula((n, edges) in small_graphs()) {
        let g = graph(n, &edges);
        let b = netreach::connectors::betweenness(&g);
        let burt = netreach::connectors::burt_all(&g);
        let art = netreach::connectors::articulation_flags(&g);
        let communities = netreach::community::detect(&g, Default::default());
        let part = netreach::community::participation(&g, &communities.membership);
        let score = netreach::connectors::key_scores(&b.normalised, &burt, &part, &art);
        let lowest = f64::NEG_INFINITY;
        let rb = naive_ranks(&b.normalised);
        let re = naive_ranks(&burt.iter().map(|m| m.map_or(lowest, |m| m.effective_size)).collect::<Vec<_>>());
        let rc = naive_ranks(&burt.iter().map(|m| m.map_or(lowest, |m| -m.constraint)).collect::<Vec<_>>());
        let rp = naive_ranks(&part);
        for i in 0..n {
            let want = ((rb[i] + re[i] + rc[i] + rp[i]) / 4.0 + if art[i] { 0.25 } else { 0.0 }) / 1.25;
            prop_assert!((score[i] - want).abs() < 1e-12, "node {i}: {} vs {want}", score[i]);
            prop_assert!((0.0..=1.0).contains(&score[i]));
        }
    }
}

/// From `s`: every node's distance (`usize::MAX` if unreached), its number of shortest paths,
/// and the nodes in the order a queue reached them.
fn paths_from(g: &Csr, s: u32) -> (Vec<usize>, Vec<f64>, Vec<u32>) {
    let n = g.node_count();
    let (mut dist, mut sigma, mut order) = (vec![usize::MAX; n], vec![0f64; n], vec![s]);
    (dist[s as usize], sigma[s as usize]) = (0, 1.0);
    let mut head = 0;
    while let Some(&u) = order.get(head) {
        head += 1;
        for &v in g.neighbors(u) {
            if dist[v as usize] == usize::MAX {
                dist[v as usize] = dist[u as usize] + 1;
                order.push(v);
            }
            if dist[v as usize] == dist[u as usize] + 1 {
                sigma[v as usize] += sigma[u as usize];
            }
        }
    }
    (dist, sigma, order)
}

/// Textbook Brandes from one source: δ_s(v) for every v ≠ s, added to `acc`.
fn textbook_brandes(g: &Csr, s: u32, acc: &mut [f64]) {
    let (dist, sigma, order) = paths_from(g, s);
    let mut delta = vec![0.0; g.node_count()];
    for &w in order.iter().rev() {
        for &v in g.neighbors(w) {
            if dist[v as usize] + 1 == dist[w as usize] {
                delta[v as usize] +=
                    sigma[v as usize] / sigma[w as usize] * (1.0 + delta[w as usize]);
            }
        }
        if w != s {
            acc[w as usize] += delta[w as usize];
        }
    }
}

#[test]
fn batched_brandes_equals_the_textbook_on_long_and_dense_levels() {
    // A long cycle (levels of a few nodes among 43,000: put in node order by a sort) joined to
    // a BA graph (levels of thousands: put in order from a bit set), so both ways of ordering
    // a level run, in batches of sources from both parts.
    let (ring, ba) = (40_000u32, 3_000u32);
    let mut pairs = netreach::generate::barabasi_albert(ba, 3, 7);
    for v in 0..ring {
        pairs.extend([ba + v, ba + (v + 1) % ring]);
    }
    pairs.extend([0, ba]);
    let g = Csr::from_pairs((ba + ring) as usize, &pairs).0;
    let sources: Vec<u32> = (0..70).chain(ba..ba + 70).chain([ba + ring / 2]).collect();
    let batched = netreach::connectors::source_betweenness(&g, &sources);
    let mut textbook = vec![0.0; g.node_count()];
    for &s in &sources {
        textbook_brandes(&g, s, &mut textbook);
    }
    for (v, (b, t)) in batched.iter().zip(&textbook).enumerate() {
        assert!(
            (b - t).abs() <= 1e-9 * t.abs().max(1.0),
            "node {v}: {b} against {t}"
        );
    }
}

/// Betweenness by brute force: for every unordered pair s < t, the share of shortest s–t
/// paths through v, from all-pairs BFS distances and path counts; NetworkX's normalisation.
fn brute_force_betweenness(g: &Csr) -> Vec<f64> {
    let n = g.node_count();
    let all: Vec<_> = (0..n as u32).map(|s| paths_from(g, s)).collect();
    let mut b = vec![0.0; n];
    for s in 0..n {
        for t in s + 1..n {
            let d = all[s].0[t];
            if d == usize::MAX {
                continue;
            }
            for v in (0..n).filter(|&v| v != s && v != t) {
                if all[s].0[v] != usize::MAX && all[s].0[v] + all[v].0[t] == d {
                    b[v] += all[s].1[v] * all[v].1[t] / all[s].1[t];
                }
            }
        }
    }
    let scale = if n > 2 {
        2.0 / ((n - 1) as f64 * (n - 2) as f64)
    } else {
        1.0
    };
    b.iter().map(|x| x * scale).collect()
}

#[test]
fn exact_betweenness_equals_brute_force_pair_counting() {
    let g = graph(
        120,
        &pairs_of(&netreach::generate::barabasi_albert(120, 2, 5)),
    );
    let exact = netreach::connectors::betweenness(&g).normalised;
    for (a, b) in exact.iter().zip(brute_force_betweenness(&g)) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }
}

/// The largest absolute difference between estimates and exact values.
fn worst_error(estimates: &[f64], exact: &[f64]) -> f64 {
    estimates
        .iter()
        .zip(exact)
        .map(|(a, e)| (a - e).abs())
        .fold(0.0, f64::max)
}

fn pairs_of(flat: &[u32]) -> Vec<(u32, u32)> {
    flat.chunks_exact(2).map(|p| (p[0], p[1])).collect()
}

#[test]
fn sampled_betweenness_holds_its_epsilon_delta_bound() {
    // ε = 0.05, δ = 0.2: at least 80 % of seeded runs must have every node within ε.
    let (epsilon, delta, runs) = (0.05, 0.2, 20u64);
    let g = graph(
        150,
        &pairs_of(&netreach::generate::barabasi_albert(150, 2, 11)),
    );
    let exact = brute_force_betweenness(&g);
    let good = (1..=runs)
        .filter(|&seed| {
            let b = netreach::connectors::betweenness_sampled(&g, epsilon, delta, seed);
            let worst = worst_error(&b.normalised, &exact);
            worst <= epsilon
        })
        .count() as f64;
    assert!(
        good >= (1.0 - delta) * runs as f64,
        "only {good} of {runs} runs within ε"
    );
}

#[test]
#[allow(clippy::needless_range_loop)] // k indexes both the exact and the estimated rows
fn hyperball_stays_within_its_stated_standard_error() {
    let n = 3000;
    let g = graph(
        n,
        &pairs_of(&netreach::generate::barabasi_albert(n as u32, 3, 3)),
    );
    let sources: Vec<u32> = (0..n as u32).collect();
    let exact = netreach::reach::rings_of(&g, &sources, 3);
    for seed in [1u64, 2] {
        let approx = netreach::hyperball::approx_reach(&g, 8, seed);
        for k in 1..3 {
            let within = (0..n)
                .filter(|&u| {
                    let truth = exact[u * 3 + k] as f64;
                    let est = approx.rings[u][k] as f64;
                    (est - truth).abs() <= 2.0 * approx.standard_error[u][k - 1] + 0.5
                })
                .count();
            let share = within as f64 / n as f64;
            assert!(
                share >= 0.93,
                "seed {seed} n{}: {:.1}% within 2 standard errors",
                k + 1,
                100.0 * share
            );
        }
    }
}

/// Graphs with the shapes that exact speed-ups must keep exact: a random core, pendant trees
/// hanging off it (degree-1 nodes and chains), and a second random block joined to the core
/// through one node (an articulation point), sometimes a separate component.
fn shaped_graphs() -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
    (3usize..14, 0usize..12, 2usize..10, any::<bool>()).prop_flat_map(
        |(core, tree, block, apart)| {
            let n = core + tree + block;
            let core_edges =
                proptest::collection::vec((0..core as u32, 0..core as u32), core..3 * core);
            // Tree node core + i hangs off any earlier node.
            let parents: Vec<_> = (0..tree).map(|i| 0..(core + i) as u32).collect();
            let first = (core + tree) as u32;
            let block_edges =
                proptest::collection::vec((first..n as u32, first..n as u32), block..3 * block);
            (core_edges, parents, block_edges).prop_map(move |(mut edges, parents, block_edges)| {
                for (i, p) in parents.into_iter().enumerate() {
                    edges.push(((core + i) as u32, p));
                }
                edges.extend(block_edges);
                if !apart {
                    edges.push((0, first)); // the block hangs off core node 0
                }
                (n, edges)
            })
        },
    )
}

fn betweenness_with_threads(g: &Csr, threads: usize) -> Vec<f64> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| netreach::connectors::betweenness(g).normalised)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Exact betweenness is brute-force pair counting on graphs with pendant trees and
    /// articulation points, and the same bits on one thread as on three.
    #[test]
    fn exact_betweenness_is_pair_counting_and_serial_equals_parallel((n, edges) in shaped_graphs()) {
        let g = graph(n, &edges);
        let serial = betweenness_with_threads(&g, 1);
        for (v, (a, b)) in serial.iter().zip(brute_force_betweenness(&g)).enumerate() {
            prop_assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "node {v}: {a} vs {b}");
        }
        let parallel = betweenness_with_threads(&g, 3);
        let bits = |x: &[f64]| x.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
        prop_assert_eq!(bits(&serial), bits(&parallel));
    }
}

#[test]
fn the_planned_checks_keep_the_epsilon_delta_bound_with_fewer_samples() {
    // ε = 0.01, δ = 0.2 on BA-10k: at least 80 % of seeded runs have every node within ε of
    // the exact value, and most stop at a check, well before the fixed
    // Riondato–Kornaropoulos size for the same (ε, δ).
    use netreach::connectors::BetweennessMethod;
    let (epsilon, delta, runs) = (0.01, 0.2, 10u64);
    let n = 10_000;
    let g = graph(
        n,
        &pairs_of(&netreach::generate::barabasi_albert(n as u32, 5, 42)),
    );
    let exact = netreach::connectors::betweenness(&g).normalised;
    let (mut good, mut early) = (0, 0);
    for seed in 1..=runs {
        let b = netreach::connectors::betweenness_sampled(&g, epsilon, delta, seed);
        let BetweennessMethod::Sampled {
            samples,
            vertex_diameter_bound,
            ..
        } = b.method
        else {
            panic!("sampled");
        };
        let scale = (n as f64 - 2.0) / n as f64;
        let fixed =
            netreach::connectors::sample_size(epsilon * scale, delta, vertex_diameter_bound);
        early += usize::from(2 * samples < fixed);
        let worst = worst_error(&b.normalised, &exact);
        good += usize::from(worst <= epsilon);
    }
    assert!(
        good as f64 >= (1.0 - delta) * runs as f64,
        "only {good} of {runs} runs within ε"
    );
    assert!(
        early * 2 >= runs as usize,
        "only {early} of {runs} runs stopped at under half the fixed size"
    );
}

/// Each node's reachable count, distance sum and Σ 1/d from a plain BFS per node, in the order
/// distances grow.
fn naive_distance_sums(g: &Csr) -> Vec<(u64, u64, f64)> {
    (0..g.node_count() as u32)
        .map(|s| {
            let rings = netreach::reach::rings(g, s, g.node_count());
            let (mut r, mut t, mut h) = (0, 0, 0.0);
            for (k, &count) in (1u64..).zip(&rings) {
                r += count;
                t += k * count;
                h += count as f64 / k as f64;
            }
            (r, t, h)
        })
        .collect()
}

fn distance_sums_with_threads(g: &Csr, threads: usize) -> netreach::reach::DistanceSums {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| netreach::reach::distance_sums(g))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Closeness and harmonic sums from full-depth rings (leaves folded onto their
    /// neighbours, sources in neighbourhood order, middle levels pulled) are a BFS per node's,
    /// on graphs with pendant trees, blocks and separate components; the same bits on one
    /// thread as on three.
    #[test]
    fn distance_sums_are_a_bfs_per_node((n, edges) in shaped_graphs()) {
        let g = graph(n, &edges);
        let sums = distance_sums_with_threads(&g, 1);
        for (v, (r, t, h)) in naive_distance_sums(&g).into_iter().enumerate() {
            prop_assert_eq!(sums.reached[v], r, "node {}", v);
            prop_assert_eq!(sums.total_distance[v], t, "node {}", v);
            prop_assert!((sums.harmonic[v] - h).abs() <= 1e-12 * h.max(1.0), "node {v}");
        }
        prop_assert_eq!(sums, distance_sums_with_threads(&g, 3));
    }
}

#[test]
fn distance_sums_on_a_graph_of_many_batches() {
    // 3,000 nodes: several batches of 512 sources, leaves and a separate path.
    let mut edges: Vec<(u32, u32)> = (1..2600u32).map(|v| (v, (v * 7919) % v)).collect();
    edges.extend((2600..2999u32).map(|v| (v, v + 1)));
    edges.extend((0..2600u32).step_by(3).map(|v| (v, (v * 31 + 17) % 2600)));
    let g = graph(3000, &edges);
    let sums = netreach::reach::distance_sums(&g);
    for (v, (r, t, h)) in naive_distance_sums(&g).into_iter().enumerate() {
        assert_eq!(
            (sums.reached[v], sums.total_distance[v]),
            (r, t),
            "node {v}"
        );
        assert!(
            (sums.harmonic[v] - h).abs() <= 1e-12 * h.max(1.0),
            "node {v}"
        );
    }
}
