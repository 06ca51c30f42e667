//! Introductions, ties and a team's overlap, against independent oracles: petgraph's simple
//! paths, set intersections and brute-force counts.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use netreach::intro::{Introductions, overlap, ties};
use predicates::str::contains;
use rustc_hash::FxHashMap;

use crate::{netreach, sample};

#[test]
fn shortest_paths_are_petgraphs_simple_paths_of_that_length() {
    let dir = tempfile::tempdir().unwrap();
    let path = crate::ba_graph(dir.path(), 300, 2, 9);
    let network = netreach::io::load(&path, &Default::default()).unwrap();
    let edges: Vec<(u32, u32)> = network.csr.edges().collect();
    let graph = petgraph::graph::UnGraph::<(), ()>::from_edges(&edges);
    let none = FxHashMap::default();
    let ego = 17;
    let intro = Introductions::new(&network, ego, &none);
    let mut checked = 0;
    for t in (0..300u32).step_by(7) {
        let Some(target) = intro.target(t, 1_000_000) else {
            continue;
        };
        let d = target.distance as usize;
        let ours: BTreeSet<Vec<u32>> = target.path_ids.iter().cloned().collect();
        let theirs: BTreeSet<Vec<u32>> =
            petgraph::algo::all_simple_paths::<Vec<_>, _, std::hash::RandomState>(
                &graph,
                petgraph::graph::NodeIndex::new(ego as usize),
                petgraph::graph::NodeIndex::new(t as usize),
                0,
                Some(d - 1),
            )
            .filter(|p: &Vec<_>| p.len() == d + 1)
            .map(|p| p.iter().map(|n| n.index() as u32).collect())
            .collect();
        assert_eq!(ours, theirs, "paths to {t}");
        let firsts: HashSet<u32> = theirs.iter().map(|p| p[1]).collect();
        assert_eq!(target.introducers, if d == 1 { 0 } else { firsts.len() });
        checked += 1;
    }
    assert!(checked > 20);
}

const HEADER: &str = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";

/// One person's export folder `root/who`: `owner.txt` naming them (by `name` when given) and
/// `Connections.csv` holding `contacts` (rows under [`HEADER`]).
fn export(root: &Path, who: &str, name: Option<&str>, contacts: &str) -> std::path::PathBuf {
    let folder = root.join(who);
    std::fs::create_dir_all(&folder).unwrap();
    let mut owner = format!("url: https://www.linkedin.com/in/{who}\n");
    if let Some(name) = name {
        owner.push_str(&format!("name: {name}\n"));
    }
    std::fs::write(folder.join("owner.txt"), owner).unwrap();
    std::fs::write(
        folder.join("Connections.csv"),
        format!("{HEADER}{contacts}"),
    )
    .unwrap();
    folder
}

/// Two exports: mine, and Zed's, the one colleague of Dag at Ericsson. Both Ada (first by
/// name) and Zed know Dag's colleague route, but only Zed is someone I write to.
fn team(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("team");
    let me = export(
        &root,
        "me",
        Some("Me Myself"),
        "Ada,Alpha,https://www.linkedin.com/in/ada,,Acme,Engineer,01 Jan 2020\nZed,Zulu,https://www.linkedin.com/in/zed,,Initech,Engineer,01 Jan 2020\n",
    );
    std::fs::write(
        me.join("messages.csv"),
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS\n\
         c1,,Me Myself,https://www.linkedin.com/in/me,Zed Zulu,https://www.linkedin.com/in/zed,2024-01-02 10:00:00 UTC,,Hi,INBOX,\n\
         c1,,Zed Zulu,https://www.linkedin.com/in/zed,Me Myself,https://www.linkedin.com/in/me,2024-01-03 10:00:00 UTC,,Hello,INBOX,\n",
    )
    .unwrap();
    for (owner, contacts) in [
        (
            "ada",
            "Dag,Wahl,https://www.linkedin.com/in/dag,,Ericsson AB,Engineering Manager,01 Jan 2021\nMe,Myself,https://www.linkedin.com/in/me,,Home,Lead,01 Jan 2020\n",
        ),
        (
            "zed",
            "Dag,Wahl,https://www.linkedin.com/in/dag,,Ericsson AB,Engineering Manager,01 Jan 2021\nMe,Myself,https://www.linkedin.com/in/me,,Home,Lead,01 Jan 2020\nUlla,Ek,https://www.linkedin.com/in/ulla,,ERICSSON,Recruiter,01 Jan 2021\n",
        ),
    ] {
        export(&root, owner, None, contacts);
    }
    root
}

/// A job list `text` written to `dir/jobs.csv`.
fn job_list(dir: &Path, text: &str) -> std::path::PathBuf {
    let jobs = dir.join("jobs.csv");
    std::fs::write(&jobs, text).unwrap();
    jobs
}

#[test]
fn messages_pick_the_introducer_name_order_would_not() {
    let dir = tempfile::tempdir().unwrap();
    let root = team(dir.path());
    let r = root.to_str().unwrap();
    let doc = crate::json(&[
        "intro",
        r,
        "--ego",
        "Me Myself",
        "--company",
        "ericsson ab",
        "--format",
        "json",
    ]);
    assert_eq!(doc["strength_known"], true);
    let dag = doc["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Dag Wahl")
        .unwrap();
    assert_eq!(dag["distance"], 2);
    assert_eq!(dag["introducers"], 2, "Ada and Zed could both introduce");
    assert_eq!(
        dag["paths"][0],
        serde_json::json!(["you", "Zed Zulu", "Dag Wahl"])
    );
    // "Ericsson AB", "ERICSSON" and "ericsson ab" are one company.
    assert_eq!(doc["companies"][0]["within_2"], 2);
    assert_eq!(doc["companies"][0]["introducers"], 2);
    netreach()
        .args(["intro", r, "--ego", "Me Myself", "--to", "Dag Wahl"])
        .assert()
        .success()
        .stdout(contains(
            "you → Zed Zulu → Dag Wahl (Ericsson AB, Engineering Manager)",
        ));
}

/// A chain of three exports: I know only Bo; Bo knows Ann and Cal, who both know Tia. By id
/// and name Ann comes first; Bo's own archive says Bo writes to Cal. `bo_writes` leaves Bo's
/// messages out.
fn chain(dir: &Path, bo_writes: bool) -> std::path::PathBuf {
    let root = dir.join(if bo_writes { "chain" } else { "chain-quiet" });
    let person = |who: &str, name: &str| {
        let (first, last) = name.split_once(' ').unwrap();
        format!("{first},{last},https://www.linkedin.com/in/{who},,Acme,Engineer,01 Jan 2020\n")
    };
    let exports = [
        ("me", "Me Myself", person("bo", "Bo Berg")),
        (
            "bo",
            "Bo Berg",
            person("ann", "Ann Able") + &person("cal", "Cal Zed") + &person("me", "Me Myself"),
        ),
        (
            "tia",
            "Tia Tall",
            person("ann", "Ann Able") + &person("cal", "Cal Zed"),
        ),
    ];
    for (who, name, contacts) in exports {
        export(&root, who, Some(name), &contacts);
    }
    let messages = if bo_writes {
        "c9,,Bo Berg,https://www.linkedin.com/in/bo,Cal Zed,https://www.linkedin.com/in/cal,2024-03-02 10:00:00 UTC,,Hi,INBOX,\n\
         c9,,Cal Zed,https://www.linkedin.com/in/cal,Bo Berg,https://www.linkedin.com/in/bo,2024-03-03 10:00:00 UTC,,Hello,INBOX,\n"
    } else {
        ""
    };
    std::fs::write(
        root.join("bo").join("messages.csv"),
        format!("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS\n{messages}"),
    )
    .unwrap();
    root
}

fn best_path_to_tia(root: &Path) -> serde_json::Value {
    let doc = crate::json(&[
        "intro",
        root.to_str().unwrap(),
        "--ego",
        "Me Myself",
        "--to",
        "Tia Tall",
        "--format",
        "json",
    ]);
    assert_eq!(doc["targets"][0]["distance"], 3);
    doc
}

#[test]
fn the_introducers_own_archive_picks_the_next_hop() {
    let dir = tempfile::tempdir().unwrap();
    let quiet = best_path_to_tia(&chain(dir.path(), false));
    assert_eq!(
        quiet["targets"][0]["paths"][0],
        serde_json::json!(["you", "Bo Berg", "Ann Able", "Tia Tall"]),
        "without Bo's messages the ids decide"
    );
    let doc = best_path_to_tia(&chain(dir.path(), true));
    assert_eq!(doc["introducers_with_strength"], 1);
    let tia = &doc["targets"][0];
    assert_eq!(
        tia["paths"][0],
        serde_json::json!(["you", "Bo Berg", "Cal Zed", "Tia Tall"])
    );
    assert_eq!(tia["introducers"], 1);
    assert!(tia["next_hop_strength"].as_f64().unwrap() > 2.0, "{tia}");
    let root = chain(dir.path(), true);
    netreach()
        .args([
            "intro",
            root.to_str().unwrap(),
            "--ego",
            "Me Myself",
            "--to",
            "Tia Tall",
        ])
        .assert()
        .success()
        .stdout(contains("you → Bo Berg → Cal Zed → Tia Tall"))
        .stdout(contains("1 introducer is a fellow exporter"));
}

#[test]
fn a_job_list_comes_back_row_for_row_with_its_columns() {
    let dir = tempfile::tempdir().unwrap();
    let root = team(dir.path());
    let jobs = job_list(
        dir.path(),
        "Title;Företag;Link\n=HYPERLINK(\"x\");Ericsson;https://jobs.example/1\nCook;Nobody Ltd;\nEngineer;ericsson ab;https://jobs.example/3\n",
    );
    let out = crate::stdout_of(&[
        "intro",
        root.to_str().unwrap(),
        "--ego",
        "Me Myself",
        "--jobs",
        jobs.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "Title,Företag,Link,within_1,within_2,within_3,introducers,best_path"
    );
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[1].starts_with("\"'=HYPERLINK(\"\"x\"\")\",Ericsson,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[1]
            .ends_with(",0,2,2,2,\"you → Zed Zulu → Dag Wahl (Ericsson AB, Engineering Manager)\""),
        "{}",
        lines[1]
    );
    assert_eq!(lines[2], "Cook,Nobody Ltd,,0,0,0,0,");
    assert!(lines[3].starts_with("Engineer,ericsson ab,"));
    // No company column: one line naming the file and the headers it saw.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "Title,Place\nCook,Here\n").unwrap();
    netreach()
        .args([
            "intro",
            root.to_str().unwrap(),
            "--ego",
            "Me Myself",
            "--jobs",
            bad.to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stderr(contains(
            "bad.csv:1: no company column: the headers are 'Title', 'Place'",
        ));
}

#[test]
fn ties_count_mutual_connections_as_set_intersections() {
    let network = netreach::io::load(&sample(), &Default::default()).unwrap();
    let ego = network.resolve("Amir Dahlberg (Initech AB)").unwrap();
    let none = FxHashMap::default();
    let mine: HashSet<u32> = network.csr.neighbors(ego).iter().copied().collect();
    for t in ties(&network, ego, &none) {
        let theirs: HashSet<u32> = network.csr.neighbors(t.person.id).iter().copied().collect();
        assert_eq!(t.mutual_connections, mine.intersection(&theirs).count());
        assert_eq!(t.interaction, "unknown");
    }
}

#[test]
fn overlap_counts_match_brute_force() {
    let network = netreach::io::load(&sample(), &Default::default()).unwrap();
    let o = overlap(&network);
    let owners = network.exporters();
    let set = |v: u32| -> HashSet<u32> { network.csr.neighbors(v).iter().copied().collect() };
    let names = network.names();
    for p in &o.pairs {
        let a = owners.iter().find(|&&x| names.show(x) == p.a).unwrap();
        let b = owners.iter().find(|&&x| names.show(x) == p.b).unwrap();
        assert_eq!(p.shared, set(*a).intersection(&set(*b)).count());
    }
    assert_eq!(o.pairs.len(), owners.len() * (owners.len() - 1) / 2);
    let brute: usize = (0..network.node_count() as u32)
        .filter(|&v| {
            owners
                .iter()
                .filter(|&&o| network.csr.has_edge(o, v))
                .count()
                >= 3
        })
        .count();
    assert_eq!(o.super_connectors.len(), brute);
}

#[test]
fn the_report_answers_do_you_know_anyone_here() {
    let dir = tempfile::tempdir().unwrap();
    let root = team(dir.path());
    let (_d, out, md) = crate::report_md(&root, &["--ego", "Me Myself", "--company", "Ericsson"]);
    assert!(md.contains("## Do you know anyone here?"), "{md}");
    assert!(md.contains("| Ericsson | 2 | 0 | 2 | 2 | 2 |"), "{md}");
    assert!(md.contains("you → Zed Zulu → Dag Wahl"), "{md}");
    assert!(out.join("intro.json").exists());
}

#[test]
fn one_export_shows_the_first_degree_at_the_company_and_a_folder_its_overlap() {
    let export = sample().join("amir-dahlberg-13ea");
    let (_d, _o, md) = crate::report_md(&export, &["--company", "Wayne Labs"]);
    assert!(md.contains("## Do you know anyone here?"), "{md}");
    assert!(md.contains("| Wayne Labs | 1 | Tove Hedin |"), "{md}");
    assert!(md.contains("One export shows your 1st-degree contacts only"));
    let (_d2, out, merged) = crate::report_md(&sample(), &[]);
    assert!(merged.contains("## The team's overlap"), "{merged}");
    let o: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("overlap.json")).unwrap()).unwrap();
    assert_eq!(o["owners"].as_array().unwrap().len(), 24);
}

#[test]
fn the_report_takes_a_job_list_and_draws_the_paths() {
    let dir = tempfile::tempdir().unwrap();
    let root = team(dir.path());
    let jobs = job_list(
        dir.path(),
        "Title;Employer;Link\nEngineer;ERICSSON AB;https://jobs/1\n=cmd|' /C calc'!A0;Nowhere Inc;https://jobs/2\n",
    );
    let (_d, out, md) = crate::report_md(
        &root,
        &["--ego", "Me Myself", "--jobs", jobs.to_str().unwrap()],
    );
    assert!(md.contains("| Title | company | within 3 hops |"), "{md}");
    assert!(
        md.contains("| Engineer | ERICSSON AB | 2 | 2 | you → Zed Zulu → Dag Wahl (Ericsson AB, Engineering Manager) |"),
        "{md}"
    );
    assert!(md.contains("| Nowhere Inc | 0 | 0 | 0 | 0 | 0 |"), "{md}");
    // jobs.csv: the list row for row, every column kept, formulas neutralised.
    let csv = std::fs::read_to_string(out.join("jobs.csv")).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert_eq!(
        lines[0],
        "Title,Employer,Link,within_1,within_2,within_3,introducers,best_path"
    );
    assert!(lines[2].starts_with("'=cmd"), "{csv}");
    // The picture: me, Zed (the introducer messages pick) and Dag, each named on hover.
    assert!(out.join("intro-paths.png").exists());
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let svg_start = html.find("<svg").unwrap();
    let pictures: Vec<&str> = html[svg_start..].split("<svg").collect();
    let paths = pictures
        .iter()
        .find(|s| s.contains("Who could introduce you"))
        .expect("the paths picture is inline");
    for name in [
        "Me Myself",
        "Zed Zulu",
        "you → Zed Zulu → Dag Wahl (Ericsson AB, Engineering Manager)",
    ] {
        assert!(
            paths.contains(&format!("<title>{name}</title>")),
            "{name}: {paths}"
        );
    }
    assert!(
        !paths.contains("<title>Ada Alpha</title>"),
        "only the best path is drawn"
    );
    let drawn: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("intro-paths.json")).unwrap()).unwrap();
    let people: Vec<&str> = drawn["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["person"].as_str().unwrap())
        .collect();
    assert_eq!(people, ["Dag Wahl", "Ulla Ek"], "{drawn}");
}

#[test]
fn a_pseudonymised_report_answers_the_same_question_without_names() {
    let dir = tempfile::tempdir().unwrap();
    let root = team(dir.path());
    let (_d, out, md) = crate::report_md(
        &root,
        &[
            "--ego",
            "Me Myself",
            "--company",
            "ericsson",
            "--pseudonymise",
            "--pseudonymise-companies",
        ],
    );
    // The same counts as in the clear (2 people within 2 hops, 2 could introduce), found
    // after every name and company was replaced.
    let row = md
        .lines()
        .find(|l| l.starts_with("| company-"))
        .unwrap_or_else(|| panic!("{md}"));
    assert!(row.ends_with("| 2 | 0 | 2 | 2 | 2 |"), "{row}");
    for clear in ["Zed", "Dag", "Ericsson", "ERICSSON", "Me Myself"] {
        for file in ["report.md", "index.html", "intro.json", "intro-paths.json"] {
            let text = std::fs::read_to_string(out.join(file)).unwrap();
            assert!(!text.contains(clear), "{clear} in {file}");
        }
    }
}

/// The documented rank of a path, computed naively from its people (smaller is better).
fn naive_rank(
    network: &netreach::graph::Network,
    strength: &FxHashMap<u32, netreach::intro::Strength>,
    theirs: &FxHashMap<u32, FxHashMap<u32, netreach::intro::Strength>>,
    p: &[u32],
) -> (i64, bool, i64, bool, i64, i64, Vec<u32>) {
    // Strongest first: minus the strength in thousandths (unknown is last, by the flag).
    let n = |v: u32| -> BTreeSet<u32> { network.csr.neighbors(v).iter().copied().collect() };
    let thousandths = |s: Option<f64>| s.map_or(0, |s| (s * 1000.0).round() as i64);
    let a = p[1];
    let first = strength.get(&a).and_then(|s| s.score);
    let next = p
        .get(2)
        .and_then(|b| theirs.get(&a).and_then(|m| m.get(b)))
        .and_then(|s| s.score);
    let second = if p.len() > 3 {
        n(a).intersection(&n(p[2])).count()
    } else {
        0
    };
    let with_ego = n(p[0]).intersection(&n(a)).count();
    (
        if first.is_some() {
            -thousandths(first)
        } else {
            i64::MAX
        },
        first.is_none(),
        if next.is_some() {
            -thousandths(next)
        } else {
            i64::MAX
        },
        next.is_none(),
        -(second as i64),
        -(with_ego as i64),
        p.to_vec(),
    )
}

#[test]
fn best_paths_come_in_the_documented_order_without_enumerating_them() {
    use rand::{RngExt, SeedableRng};
    let dir = tempfile::tempdir().unwrap();
    let path = crate::ba_graph(dir.path(), 400, 3, 5);
    let network = netreach::io::load(&path, &Default::default()).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    let ego = 11;
    let score = |rng: &mut rand_chacha::ChaCha8Rng| netreach::intro::Strength {
        // Coarse values, so that ties fall through to the next criterion.
        score: (rng.random_range(0..3) > 0).then(|| f64::from(rng.random_range(0..4u8)) / 2.0),
        evidence: Default::default(),
    };
    let strength: FxHashMap<u32, _> = network
        .csr
        .neighbors(ego)
        .iter()
        .map(|&c| (c, score(&mut rng)))
        .collect();
    let theirs: FxHashMap<u32, FxHashMap<u32, _>> = network
        .csr
        .neighbors(ego)
        .iter()
        .step_by(2)
        .map(|&c| {
            let own = network
                .csr
                .neighbors(c)
                .iter()
                .map(|&d| (d, score(&mut rng)));
            (c, own.collect())
        })
        .collect();
    let intro =
        Introductions::new(&network, ego, &strength).with_introducer_strengths(theirs.clone());
    let mut checked = 0;
    for t in 0..400u32 {
        let Some(target) = intro.target(t, 1_000_000) else {
            continue;
        };
        let mut expected = target.path_ids.clone();
        expected.sort_by_cached_key(|p| naive_rank(&network, &strength, &theirs, p));
        assert_eq!(target.path_ids, expected, "paths to {t}");
        let best = intro.target(t, 2).unwrap();
        assert_eq!(
            best.path_ids[..],
            expected[..expected.len().min(2)],
            "best 2 to {t}"
        );
        checked += usize::from(expected.len() > 1);
    }
    assert!(checked > 50, "{checked} targets with a choice of paths");
}

#[test]
fn a_companys_introducers_are_the_contacts_one_hop_nearer_someone_there() {
    let network = netreach::io::load(&sample(), &Default::default()).unwrap();
    let edges: Vec<(u32, u32)> = network.csr.edges().collect();
    let graph = petgraph::graph::UnGraph::<(), ()>::from_edges(&edges);
    let hops = |from: u32| {
        petgraph::algo::dijkstra(
            &graph,
            petgraph::graph::NodeIndex::new(from as usize),
            None,
            |_| 1u32,
        )
    };
    let ego = network.resolve("Vera Haddad").unwrap();
    let from_ego = hops(ego);
    let none = FxHashMap::default();
    let intro = Introductions::new(&network, ego, &none);
    let companies: Vec<String> = [
        "Initech AB",
        "Wayne Labs",
        "Stark AB",
        "Gringotts Labs",
        "Nowhere",
    ]
    .map(String::from)
    .to_vec();
    let summaries = intro.summaries(&companies);
    for (company, summary) in companies.iter().zip(&summaries) {
        let there: Vec<u32> = (0..network.node_count() as u32)
            .filter(|&v| v != ego)
            .filter(|&v| {
                network.people.company(v).is_some_and(|c| {
                    netreach::audit::keywords::normalise_company(c)
                        == netreach::audit::keywords::normalise_company(company)
                })
            })
            .collect();
        let d = |v: u32| {
            from_ego
                .get(&petgraph::graph::NodeIndex::new(v as usize))
                .copied()
        };
        let far: Vec<(u32, u32)> = there
            .iter()
            .filter_map(|&t| d(t).filter(|&k| (2..=3).contains(&k)).map(|k| (t, k)))
            .collect();
        let introducers = network
            .csr
            .neighbors(ego)
            .iter()
            .filter(|&&a| {
                let from_a = hops(a);
                far.iter().any(|&(t, k)| {
                    from_a.get(&petgraph::graph::NodeIndex::new(t as usize)) == Some(&(k - 1))
                })
            })
            .count();
        assert_eq!(summary.introducers, introducers, "{company}");
        assert_eq!(summary.people, there.len(), "{company}");
        assert_eq!(
            summary.within_3,
            there
                .iter()
                .filter(|&&t| d(t).is_some_and(|k| k <= 3))
                .count()
        );
        // The summary agrees with the company's own answer.
        assert_eq!(&intro.company(company, 1).1, summary);
    }
    assert!(summaries[0].introducers > 0 && summaries[4].people == 0);
}
