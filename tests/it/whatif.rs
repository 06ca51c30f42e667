//! What-if, visibility, recommendations and growth curves against brute force.

use std::collections::BTreeSet;

use netreach::bfs::BfsScratch;
use netreach::graph::Csr;
use netreach::whatif::{self, Order, RecommendOptions, TargetGroup};
use proptest::prelude::*;

use crate::{fixture, json, netreach, network, sample};

fn graph_strategy() -> impl Strategy<Value = (usize, Vec<(u32, u32)>)> {
    (3usize..24).prop_flat_map(|n| {
        (
            Just(n),
            proptest::collection::vec((0..n as u32, 0..n as u32), 0..(2 * n)),
        )
    })
}

fn reach3(g: &Csr, ego: u32) -> u64 {
    netreach::reach::rings(g, ego, 3).iter().sum()
}

/// reach_3 of `ego` after adding edges ego–t for t in `added`, by rebuilding the graph.
fn reach3_with(n: usize, edges: &[(u32, u32)], ego: u32, added: &[u32]) -> u64 {
    let mut all = edges.to_vec();
    all.extend(added.iter().map(|&t| (ego, t)));
    reach3(&network(n, &all).csr, ego)
}

fn subsets(items: &[u32], k: usize) -> Vec<Vec<u32>> {
    if k == 0 {
        return vec![vec![]];
    }
    let mut out = Vec::new();
    for (i, &x) in items.iter().enumerate() {
        for mut rest in subsets(&items[i + 1..], k - 1) {
            rest.insert(0, x);
            out.push(rest);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    #[test]
    fn greedy_recommendations_match_brute_force((n, edges) in graph_strategy(), ego in 0u32..24, from in 2u32..4) {
        let net = network(n, &edges);
        let ego = ego % n as u32;
        let opts = RecommendOptions { top: 3, from, mutuals: None, target: None, leave_out: &[] };
        let ours = whatif::recommend(&net, ego, &opts);
        let naive = whatif::recommend_naive(&net, ego, &opts);
        // first pick (and the whole greedy sequence) equals the naive method
        prop_assert_eq!(&ours.picks, &naive.picks);
        // gains never increase, and the reported totals are real
        prop_assert!(ours.picks.windows(2).all(|w| w[0].gain >= w[1].gain));
        let chosen: Vec<u32> = ours.picks.iter().map(|p| p.person.node_id.to_string().parse().unwrap()).collect();
        prop_assert_eq!(ours.after, reach3_with(n, &edges, ego, &chosen));
        // (1 − 1/e) of the best set of the same size
        let dist = whatif::distances_after(&net.csr, ego, &[], &[], 3);
        let cands: Vec<u32> = (0..n as u32).filter(|&v| dist[v as usize] == from).collect();
        let k = chosen.len();
        if k > 0 {
            let best = subsets(&cands, k).iter().map(|s| reach3_with(n, &edges, ego, s)).max().unwrap();
            let base = ours.before as f64;
            prop_assert!((ours.after as f64 - base) >= (1.0 - 1.0 / std::f64::consts::E) * (best as f64 - base) - 1e-9);
        }
    }

    #[test]
    fn whatif_predictions_equal_recomputing_from_scratch((n, edges) in graph_strategy(), ego in 0u32..24, pick in proptest::collection::vec(0u32..24, 0..4)) {
        let net = network(n, &edges);
        let ego = ego % n as u32;
        let contacts = net.csr.neighbors(ego).to_vec();
        let remove: Vec<u32> = contacts.iter().copied().filter(|c| pick.contains(c)).collect();
        let add: Vec<u32> = pick.iter().map(|&p| p % n as u32).filter(|&t| t != ego && !contacts.contains(&t)).collect::<BTreeSet<_>>().into_iter().collect();
        let result = whatif::whatif(&net, ego, &add, &remove, &TargetGroup::everyone(n));
        let mut changed: Vec<(u32, u32)> = net.csr.edges().filter(|&(u, v)| !((u == ego && remove.contains(&v)) || (v == ego && remove.contains(&u)))).collect();
        changed.extend(add.iter().map(|&t| (ego, t)));
        let truth = netreach::reach::rings(&network(n, &changed).csr, ego, 3);
        prop_assert_eq!(result.after.rings.to_vec(), truth);
        prop_assert_eq!(result.before.rings.to_vec(), netreach::reach::rings(&net.csr, ego, 3));
    }

    #[test]
    fn visibility_is_symmetric((n, edges) in graph_strategy(), ego in 0u32..24) {
        let net = network(n, &edges);
        let ego = ego % n as u32;
        let v = whatif::visibility(&net, ego, &TargetGroup::everyone(n));
        let mut scratch = BfsScratch::new(n);
        for t in 0..n as u32 {
            if t == ego { continue; }
            // ego within k hops of t, seen from t
            let mut from_t = usize::MAX;
            scratch.visit(&net.csr, t, 3, |x, d| if x == ego { from_t = d });
            let seen = v.reached.iter().find(|r| r.node_id.to_string() == t.to_string()).map(|r| r.distance as usize);
            prop_assert_eq!(seen, (from_t <= 3).then_some(from_t), "target {}", t);
            if let Some(r) = v.reached.iter().find(|r| r.node_id.to_string() == t.to_string()) {
                // the contact through whom is a contact one hop closer to t
                let via: u32 = r.via.to_string().parse().unwrap();
                prop_assert!(net.csr.has_edge(ego, via));
            }
        }
    }

    #[test]
    fn growth_curves_are_monotone_and_end_at_reach((n, edges) in graph_strategy(), ego in 0u32..24) {
        let net = network(n, &edges);
        let ego = ego % n as u32;
        let r = whatif::growth_curves(&net, ego, &[Order::Random, Order::Degree, Order::Greedy], 4, &TargetGroup::everyone(n));
        let rings = netreach::reach::rings(&net.csr, ego, 3);
        for c in &r.curves {
            prop_assert!(c.points.windows(2).all(|w| w[0].reach_3 <= w[1].reach_3 && w[0].reach_2 <= w[1].reach_2));
            if let Some(last) = c.points.last() {
                prop_assert_eq!(last.reach_3, (rings[0] + rings[1] + rings[2]) as f64);
                prop_assert_eq!(last.reach_2, (rings[0] + rings[1]) as f64);
            }
            // each point equals reach with exactly those contacts (checked for the degree order)
            if c.order == Order::Degree {
                let mut order = net.csr.neighbors(ego).to_vec();
                order.sort_by_key(|&x| (std::cmp::Reverse(net.csr.degree(x)), x));
                for (i, p) in c.points.iter().enumerate() {
                    let kept: Vec<(u32, u32)> = net.csr.edges().filter(|&(u, v)| (u != ego && v != ego) || order[..=i].contains(&if u == ego { v } else { u })).collect();
                    prop_assert_eq!(p.reach_3, reach3(&network(n, &kept).csr, ego) as f64);
                }
            }
        }
    }
}

#[test]
fn whatif_recommend_and_curve_cli_on_the_sample() {
    let s = sample();
    let s = s.to_str().unwrap();
    let doc = json(&[
        "whatif",
        s,
        "--ego",
        "Amir Dahlberg (Initech AB)",
        "--add",
        "Priya Tornberg",
        "--target",
        "position~recruit",
        "--format",
        "json",
    ]);
    assert_eq!(doc["change"][0], 1);
    assert!(
        doc["after"]["visibility"][1].as_f64().unwrap()
            >= doc["before"]["visibility"][1].as_f64().unwrap()
    );
    // an owner who does not yet reach everyone
    let rec = json(&[
        "recommend",
        s,
        "--ego",
        "Kenji Tornberg",
        "--top",
        "3",
        "--include-exporters",
        "--format",
        "json",
    ]);
    let picks = rec["picks"].as_array().unwrap();
    assert!(
        !picks.is_empty()
            && picks[0]["node_id"].is_string()
            && picks[0]["gain"].as_u64().unwrap() > 0
    );
    let curve = json(&[
        "curve",
        s,
        "--ego",
        "Amir Dahlberg (Initech AB)",
        "--seeds",
        "3",
        "--format",
        "json",
    ]);
    let orders: Vec<&str> = curve["curves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["order"].as_str().unwrap())
        .collect();
    assert_eq!(
        orders,
        vec!["random", "degree", "greedy", "field", "chronological"]
    );
    assert_eq!(curve["curves"][0]["marks"][0][0], 50);
    netreach()
        .args([
            "recommend",
            s,
            "--ego",
            "Amir Dahlberg (Initech AB)",
            "--mutuals",
            "5..2",
        ])
        .assert()
        .code(2);
    netreach()
        .args([
            "whatif",
            s,
            "--ego",
            "Amir Dahlberg (Initech AB)",
            "--target",
            "field=astrology",
        ])
        .assert()
        .code(2);
    let vis = json(&[
        "visibility",
        fixture("exports").to_str().unwrap(),
        "--ego",
        "Bob B",
        "--target",
        "company=initech",
        "--format",
        "json",
    ]);
    assert_eq!(vis["target_size"], 3);
    let reached = vis["reached"].as_array().unwrap();
    assert_eq!(reached.len(), 3);
    // Bob's URL-less "Sam Same" row is his own contact; the two Sams with URLs are Carol's
    assert_eq!(reached[0]["distance"], 1);
    let sam1 = reached
        .iter()
        .find(|r| r["node_id"] == "linkedin.com/in/sam-1")
        .unwrap();
    assert_eq!(
        (sam1["distance"].as_u64(), sam1["via"].as_str()),
        (Some(2), Some("linkedin.com/in/carol-c"))
    );
}

#[test]
fn whatif_speaks_in_names_and_words() {
    let s = crate::sample();
    let out = String::from_utf8(crate::stdout_of(&[
        "whatif",
        s.to_str().unwrap(),
        "--ego",
        "Amir Dahlberg (Initech AB)",
        "--add",
        "Priya Tornberg",
    ]))
    .unwrap();
    assert!(
        out.starts_with("What if Amir Dahlberg (Initech AB) connected with Priya Tornberg"),
        "{out}"
    );
    assert!(
        !out.contains("[\"") && !out.contains("linkedin.com/in/"),
        "{out}"
    );
    assert!(
        out.contains("share of the group within 1 hop ")
            && out.contains("2nd-degree contacts (n2)"),
        "{out}"
    );
}
