//! What a person meets first on real exports: rows re-saved in odd shapes, warnings that reach
//! every command, output files in the format their name says, errors before loading.

use std::path::Path;

use predicates::str::contains;

use crate::{netreach, sample};

const HEADER: &str = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";

fn export(rows: &str) -> Vec<u8> {
    format!("{HEADER}{rows}").into_bytes()
}

#[test]
fn a_row_wrapped_whole_in_quotes_is_unwrapped() {
    let bytes = export(
        "\"Ada,Example,https://www.linkedin.com/in/ada,,Acme, \"\"Digital Products & Tech, Student\"\",07 May 2021\"\n\
         Bo,Berg,https://www.linkedin.com/in/bo,,Initech,Engineer,08 May 2021\n",
    );
    let export = netreach::io::linkedin::parse(Path::new("c.csv"), &bytes).unwrap();
    let ada = &export.rows[0];
    assert_eq!(ada.name, "Ada Example");
    assert_eq!(ada.company, "Acme");
    assert_eq!(ada.position, "Digital Products & Tech, Student");
    assert!(ada.connected_on.is_some());
    assert_eq!(export.rows.len(), 2);
    let unwrapped = export
        .problems
        .0
        .iter()
        .find(|p| p.reason.contains("wrapped"))
        .expect("counted in the load report");
    assert_eq!(unwrapped.count, 1);
    assert_eq!(unwrapped.first_lines, ["c.csv:2"]);
}

#[test]
fn a_stray_quote_costs_its_line_only() {
    let mut rows =
        String::from("Ada,\"Example,https://www.linkedin.com/in/ada,,Acme,Eng,07 May 2021\n");
    for i in 0..40 {
        rows.push_str(&format!(
            "P{i},Q,https://www.linkedin.com/in/p{i},,Acme,Eng,07 May 2021\n"
        ));
    }
    let export = netreach::io::linkedin::parse(Path::new("c.csv"), &export(&rows)).unwrap();
    assert_eq!(
        export.rows.len(),
        40,
        "every line after the stray quote is read"
    );
    let cut = &export.problems.0[0];
    assert!(cut.reason.contains("quote not closed"), "{}", cut.reason);
    assert_eq!(cut.first_lines, ["c.csv:2"]);
}

#[test]
fn row_problems_are_warned_about_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Connections.csv");
    std::fs::write(
        &path,
        export(
            "Ada,E,https://www.linkedin.com/in/ada,,Acme,Eng,07 May 2021\n\
             Bo,E,https://www.linkedin.com/in/bo,,Acme,Eng,yesterday\n",
        ),
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let out = dir.path().join("out.json");
    let o = out.to_str().unwrap();
    for args in [
        vec!["stats", p, "-o", o],
        vec!["reach", p],
        vec!["reach", p, "--format", "csv"],
        vec!["audit", p, "--format", "json"],
        vec!["connectors", p, "--ego", "Ada E"],
        vec!["curve", p],
    ] {
        netreach()
            .args(&args)
            .assert()
            .success()
            .stderr(contains("warning: 1 row had a problem (first at "))
            .stderr(contains("Connections.csv:3"))
            .stderr(contains("see `netreach stats"));
    }
}

#[test]
fn the_output_file_name_chooses_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample();
    let s = s.to_str().unwrap();
    let csv = dir.path().join("reach.csv");
    netreach()
        .args(["reach", s, "--all", "-o", csv.to_str().unwrap()])
        .assert()
        .success();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("node_id,n1,n2,n3,reach_3\n"), "{text:.80}");
    assert!(!text.contains('│'));
    let json = dir.path().join("stats.json");
    netreach()
        .args(["stats", s, "-o", json.to_str().unwrap()])
        .assert()
        .success();
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(doc["command"], "stats");
    let md = dir.path().join("stats.md");
    netreach()
        .args(["stats", s, "-o", md.to_str().unwrap()])
        .assert()
        .success();
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(text.contains("| people "), "{text}");
    assert!(!text.contains('│'));
    // A --format that contradicts the name is a command-line error, and nothing is written.
    let clash = dir.path().join("clash.csv");
    netreach()
        .args([
            "reach",
            s,
            "--all",
            "--format",
            "json",
            "-o",
            clash.to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(contains("contradicts"));
    assert!(!clash.exists());
}

#[test]
fn command_line_errors_come_before_loading() {
    // The input does not exist: a usage error must still be the answer (exit 2), not a
    // missing file (exit 1) found while loading.
    netreach()
        .args([
            "reach",
            "no/such/input.csv",
            "--ego",
            "x",
            "--list",
            "5",
            "--depth",
            "3",
        ])
        .assert()
        .code(2)
        .stderr(contains("--list 5 is beyond --depth 3"));
    netreach()
        .args([
            "stats",
            "no/such/input.csv",
            "--format",
            "csv",
            "-o",
            "x.json",
        ])
        .assert()
        .code(2);
}

#[test]
fn reach_on_a_single_export_measures_its_owner() {
    let export = sample().join("amir-dahlberg-13ea");
    netreach()
        .args(["reach", export.to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains("Reach of Amir Dahlberg"))
        .stdout(contains("One export shows your 1st-degree contacts only"));
}

#[test]
fn the_unnamed_owner_is_you_in_every_human_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Connections.csv");
    std::fs::copy(sample().join("amir-dahlberg-13ea/Connections.csv"), &path).unwrap();
    let p = path.to_str().unwrap();
    for args in [
        vec!["audit", p],
        vec!["reach", p],
        vec!["stats", p],
        vec!["connectors", p],
        vec!["curve", p],
    ] {
        let out = netreach().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(!text.contains("owner:"), "{args:?}: {text}");
    }
    let (_dir, _out, md) = crate::report_md(&path, &[]);
    assert!(!md.contains("owner:"), "{md}");
    assert!(md.contains("your own LinkedIn archive"), "{md}");
    // "you" names the owner back.
    netreach()
        .args(["reach", p, "--ego", "you"])
        .assert()
        .success()
        .stdout(contains("Reach of you"));
}

#[test]
fn per_person_commands_agree() {
    let export = sample().join("amir-dahlberg-13ea");
    let e = export.to_str().unwrap();
    // Every per-person command defaults to the owner of a single export.
    for cmd in [
        "reach",
        "connectors",
        "whatif",
        "visibility",
        "recommend",
        "curve",
    ] {
        netreach()
            .args([cmd, e])
            .assert()
            .success()
            .stderr(contains("the owner of this export"));
    }
    // --top 0 is "all" everywhere.
    let s = sample();
    let s = s.to_str().unwrap();
    let all_stats = crate::stdout_of(&["stats", s, "--top", "0"]);
    assert!(String::from_utf8_lossy(&all_stats).contains("│ 1252 "));
    let amir = "Amir Dahlberg (Initech AB)";
    let rows = |args: &[&str]| {
        String::from_utf8_lossy(&crate::stdout_of(args))
            .lines()
            .count()
    };
    assert!(
        rows(&["reach", s, "--ego", amir, "--list", "2", "--top", "0"])
            > rows(&["reach", s, "--ego", amir, "--list", "2"])
    );
    // Adding a contact one already has says so.
    netreach()
        .args(["whatif", s, "--ego", amir, "--add", "Nils Hedin"])
        .assert()
        .code(1)
        .stderr(contains("already a contact"));
}

#[test]
fn whose_export_to_ask_for_is_not_name_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Connections.csv");
    // Twelve directors at twelve companies: the older the connection, the earlier the name.
    let mut rows = String::new();
    for (i, name) in [
        "Ada", "Bo", "Cy", "Dag", "Eva", "Finn", "Gun", "Hans", "Ines", "Jan", "Kim", "Lo",
    ]
    .iter()
    .enumerate()
    {
        rows.push_str(&format!(
            "{name},Test,https://www.linkedin.com/in/{name},,Firm {i},Director,0{} Jan 20{}\n",
            1 + i % 9,
            10 + i
        ));
    }
    std::fs::write(&path, export(&rows)).unwrap();
    let audit = crate::json(&["audit", path.to_str().unwrap(), "--format", "json"]);
    let picks: Vec<&str> = audit["ask_next"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        picks[0], "Lo Test",
        "the newest connection first: {picks:?}"
    );
    assert!(audit["ask_next"][0]["score"].as_f64() > audit["ask_next"][1]["score"].as_f64());
    // Without dates everyone ties: the table says so instead of presenting an order.
    let undated: String = rows
        .lines()
        .map(|l| l.rsplit_once(',').unwrap().0.to_string() + ",\n")
        .collect();
    std::fs::write(&path, export(&undated)).unwrap();
    netreach()
        .args(["audit", path.to_str().unwrap()])
        .assert()
        .success()
        .stdout(contains("tie with 11 other contacts"));
}

#[test]
fn reach_lists_say_through_whom_and_visibility_shows_introductions_first() {
    let s = sample();
    let s = s.to_str().unwrap();
    let amir = "Amir Dahlberg (Initech AB)";
    let network = netreach::io::load(&sample(), &Default::default()).unwrap();
    let ego = network.resolve(amir).unwrap();
    let csv = crate::stdout_of(&["reach", s, "--ego", amir, "--list", "2", "--format", "csv"]);
    let text = String::from_utf8(csv).unwrap();
    let mut lines = text.lines();
    assert!(lines.next().unwrap().ends_with(",distance,degree,via"));
    let mut rows = 0;
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        let person = network.labels.find(fields[0]).unwrap();
        let via = network.labels.find(fields[fields.len() - 1]).unwrap();
        assert!(network.csr.has_edge(ego, via), "{line}: via is a contact");
        assert!(network.csr.has_edge(via, person), "{line}: via knows them");
        rows += 1;
    }
    assert!(rows > 20);
    let table = crate::stdout_of(&[
        "visibility",
        s,
        "--ego",
        amir,
        "--target",
        "recruiters",
        "--top",
        "3",
    ]);
    let table = String::from_utf8(table).unwrap();
    let first_row = table
        .lines()
        .find(|l| l.starts_with('│') && !l.contains("person"))
        .unwrap();
    assert!(
        first_row.contains("┆ 2 ") || first_row.contains("┆ 3 "),
        "{table}"
    );
    assert!(table.contains("more targets"), "{table}");
}

/// Three people's exports that share five contacts: no single contact of an owner carries more
/// than themselves, but the five together carry the whole 3rd degree.
pub fn three_exports_sharing_five(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("team");
    let url = |who: &str| format!("https://www.linkedin.com/in/{who}");
    for owner in ["ann", "ben", "cai"] {
        let folder = root.join(owner);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("owner.txt"),
            format!("url: {}\nname: {} Owner\n", url(owner), owner),
        )
        .unwrap();
        let mut rows = String::new();
        for s in 1..=5 {
            rows.push_str(&format!(
                "Shared,S{s},{},,Hub Co,Engineer,01 Jan 2020\n",
                url(&format!("shared-{s}"))
            ));
        }
        for i in 1..=12 {
            let who = format!("{owner}-contact-{i}");
            rows.push_str(&format!(
                "Own{i},{owner},{},,Firm {owner},Analyst,01 Jan 2021\n",
                url(&who)
            ));
        }
        std::fs::write(folder.join("Connections.csv"), export(&rows)).unwrap();
    }
    root
}

#[test]
fn when_nobody_carries_more_than_themselves_the_shared_contacts_are_shown_together() {
    let dir = tempfile::tempdir().unwrap();
    let team = three_exports_sharing_five(dir.path());
    let t = team.to_str().unwrap();
    let out = crate::stdout_of(&["connectors", t, "--ego", "ann Owner"]);
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.contains("No single contact of ann Owner carries more than themselves"),
        "{text}"
    );
    assert!(
        text.contains("the 5 contacts shared with other exports"),
        "{text}"
    );
    // Without the five, ann loses the other two owners and their 24 contacts within 3 hops
    // (and the five themselves).
    let doc = crate::json(&["connectors", t, "--ego", "ann Owner", "--format", "json"]);
    let bridges = &doc["bridges"];
    assert_eq!(bridges["contacts"].as_array().unwrap().len(), 5);
    assert_eq!(bridges["loss_3"], 5 + 2 + 24);
    assert_eq!(bridges["loss_2"], 5 + 2);
    assert_eq!(
        bridges["contacts"][0]["leads_to"].as_array().unwrap().len(),
        2
    );
    // The report says the same, and draws the group.
    let (_d, out_dir, md) = crate::report_md(&team, &["--ego", "ann Owner"]);
    assert!(
        md.contains("No single contact of ann Owner carries more than themselves"),
        "{md}"
    );
    assert!(out_dir.join("connectors.png").exists());
}

#[test]
fn the_field_is_inferred_from_the_contacts_when_nothing_else_says_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Connections.csv");
    let mut rows = String::new();
    for i in 0..6 {
        rows.push_str(&format!(
            "D{i},X,https://www.linkedin.com/in/d{i},,Acme,Data Scientist,01 Jan 2020\n"
        ));
    }
    rows.push_str("Ed,Y,https://www.linkedin.com/in/ed,,Acme,Head of Data,01 Jan 2020\n");
    rows.push_str("Sal,Z,https://www.linkedin.com/in/sal,,Acme,Account Executive,01 Jan 2020\n");
    std::fs::write(&path, export(&rows)).unwrap();
    let p = path.to_str().unwrap();
    let a = crate::json(&["audit", p, "--format", "json"]);
    assert_eq!(a["field"], "data");
    assert!(a["field_source"].as_str().unwrap().starts_with("inferred"));
    assert_eq!(a["in_field"], 7);
    assert_eq!(a["heavy_in_field"][0]["people"][0]["name"], "Ed Y");
    netreach()
        .args(["audit", p])
        .assert()
        .success()
        .stdout(contains(
            "the most common field among your contacts; give --field to change it",
        ));
}

#[test]
fn sentences_count_in_words_people_can_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Connections.csv");
    std::fs::write(
        &path,
        export("Ada,E,https://www.linkedin.com/in/ada,,Acme,Engineer,01 Jan 2020\n"),
    )
    .unwrap();
    let audit = String::from_utf8(crate::stdout_of(&["audit", path.to_str().unwrap()])).unwrap();
    assert!(audit.contains("Size: 1 contact: below"), "{audit}");
    assert!(
        !audit.contains("1 contacts") && !audit.contains("1 people"),
        "{audit}"
    );
    let (_d, _o, md) = crate::report_md(&path, &[]);
    assert!(
        md.contains("`netreach report FOLDER`") && !md.contains("\\`"),
        "{md}"
    );
    // Thousands separators in sentences as in tables.
    let big = sample().join("amir-dahlberg-13ea");
    let text = String::from_utf8(crate::stdout_of(&["curve", big.to_str().unwrap()])).unwrap();
    assert!(text.contains("219 contacts are added"), "{text}");
}

#[test]
fn a_30000_row_audit_fits_two_screens_and_its_tables_fit_120_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Connections.csv");
    let titles = [
        "Technical Recruiter",
        "Data Scientist",
        "Head of Sales",
        "Software Engineer",
        "Talent Sourcer",
    ];
    let mut rows = String::new();
    for i in 0..30_000 {
        rows.push_str(&format!(
            "P{i},Q,https://www.linkedin.com/in/p{i},,Company {} AB,{},{:02} Jan {}\n",
            i % 700,
            titles[i % titles.len()],
            1 + i % 28,
            2008 + i % 18
        ));
    }
    std::fs::write(&path, export(&rows)).unwrap();
    let out = netreach()
        .env("COLUMNS", "120")
        .args(["audit", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() <= 150, "{} lines:\n{text}", lines.len());
    for line in lines.iter().filter(|l| l.starts_with(['┌', '│', '╞', '└'])) {
        assert!(line.chars().count() <= 120, "{line}");
    }
    // The stats table of a folder: paths without the folder they share.
    let team = three_exports_sharing_five(dir.path());
    let stats = netreach()
        .env("COLUMNS", "120")
        .args(["stats", team.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8(stats.stdout).unwrap();
    assert!(text.contains("│ ann/Connections.csv"), "{text}");
    assert!(!text.contains(team.to_str().unwrap()), "{text}");
}
