//! Every shape of `Connections.csv` seen in real files (tests/fixtures/linkedin/README.md), each
//! with the counts it must give; archives as ZIP, folder and a team's folder of archives; and a
//! property test that re-encoding a valid export never changes the network.

use std::path::Path;

use proptest::prelude::*;

use crate::{fixture, json, netreach};

/// `(fixture, people incl. owner, hidden rows, blank rows, row problems, encoding, delimiter,
/// header, date order fragment)`.
type Shape = (
    &'static str,
    u64,
    u64,
    u64,
    u64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const SHAPES: &[Shape] = &[
    (
        "current.csv",
        8,
        1,
        0,
        0,
        "UTF-8",
        ",",
        "standard",
        "no numeric dates",
    ),
    (
        "bom_crlf.csv",
        8,
        1,
        0,
        0,
        "UTF-8 with BOM",
        ",",
        "standard",
        "no numeric dates",
    ),
    (
        "unicode_text_utf16le.txt",
        8,
        1,
        0,
        0,
        "UTF-16LE with BOM",
        "\\t",
        "standard",
        "no numeric",
    ),
    (
        "utf16be.csv",
        8,
        1,
        0,
        0,
        "UTF-16BE with BOM",
        ",",
        "standard",
        "no numeric",
    ),
    (
        "cp1252_semicolon.csv",
        8,
        1,
        0,
        0,
        "windows-1252",
        ";",
        "standard",
        "day first",
    ),
    (
        "latin1.csv",
        8,
        1,
        0,
        0,
        "windows-1252",
        ",",
        "standard",
        "no numeric",
    ),
    (
        "mac_roman.csv",
        8,
        1,
        0,
        0,
        "macintosh",
        ",",
        "standard",
        "no numeric",
    ),
    (
        "mixed_utf8_cp1252.csv",
        8,
        1,
        0,
        0,
        "UTF-8, 2 rows decoded as windows-1252",
        ",",
        "standard",
        "no numeric",
    ),
    (
        "no_url_2021.csv",
        5,
        1,
        0,
        0,
        "UTF-8",
        ",",
        "standard",
        "no numeric",
    ),
    (
        "contacts_pre2018.csv",
        4,
        0,
        0,
        0,
        "UTF-8",
        ",",
        "standard",
        "month first",
    ),
    (
        "archive_2018.csv",
        4,
        0,
        0,
        0,
        "UTF-8",
        ",",
        "standard",
        "month first",
    ),
    (
        "excel_notes_lowercase.csv",
        4,
        0,
        0,
        0,
        "UTF-8",
        ",",
        "standard",
        "no numeric",
    ),
    (
        "no_last_name_extra_columns.csv",
        4,
        0,
        0,
        0,
        "UTF-8",
        ",",
        "standard",
        "no numeric",
    ),
    (
        "headerless.csv",
        4,
        1,
        0,
        0,
        "UTF-8",
        ",",
        "none",
        "no numeric",
    ),
    (
        "bom_blank_lines.csv",
        3,
        0,
        0,
        0,
        "UTF-8 with BOM",
        ",",
        "standard",
        "no numeric",
    ),
    (
        "dates_day_first.csv",
        4,
        0,
        0,
        0,
        "UTF-8",
        ",",
        "standard",
        "day first",
    ),
    (
        "dates_ambiguous_us.csv",
        3,
        0,
        0,
        0,
        "UTF-8",
        ",",
        "standard",
        "month first (11/4/18 = 4 Nov), decided by separator",
    ),
    (
        "dates_mixed.csv",
        8,
        0,
        0,
        1,
        "UTF-8",
        ",",
        "standard",
        "month first",
    ),
    (
        "dates_localised.csv",
        7,
        0,
        0,
        0,
        "UTF-8",
        ";",
        "standard",
        "no numeric",
    ),
    (
        "url_encoded_spaces.csv",
        4,
        0,
        0,
        0,
        "UTF-8",
        ",",
        "standard",
        "no numeric",
    ),
    (
        "trailing_separators.csv",
        3,
        0,
        300,
        0,
        "UTF-8",
        ",",
        "standard",
        "no numeric",
    ),
];

fn skipped(doc: &serde_json::Value, fragment: &str) -> u64 {
    doc["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["reason"].as_str().unwrap().contains(fragment))
        .map(|s| s["count"].as_u64().unwrap())
        .sum()
}

fn stats(path: &Path) -> serde_json::Value {
    json(&[
        "stats",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--top",
        "50",
    ])
}

fn names(doc: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = doc["top_by_degree"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

#[test]
fn every_real_shape_loads_with_its_counts() {
    for &(file, people, hidden, blank, problems, encoding, delimiter, header, order) in SHAPES {
        let doc = stats(&fixture("linkedin").join(file));
        assert_eq!(doc["nodes"], people, "{file}");
        assert_eq!(doc["edges"], people - 1, "{file}: a star");
        assert_eq!(skipped(&doc, "hidden rows"), hidden, "{file}");
        assert_eq!(skipped(&doc, "empty rows"), blank, "{file}");
        let found: u64 = doc["row_problems"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["count"].as_u64().unwrap())
            .sum();
        assert_eq!(found, problems, "{file}: {}", doc["row_problems"]);
        let input = &doc["inputs"][0];
        assert_eq!(input["encoding"], encoding, "{file}");
        assert_eq!(input["delimiter"], delimiter, "{file}");
        assert_eq!(input["header"], header, "{file}");
        let dates = input["date_order"].as_str().unwrap();
        assert!(dates.contains(order), "{file}: {dates}");
    }
}

#[test]
fn every_encoding_gives_the_same_people_with_their_names_intact() {
    let expected = names(&stats(&fixture("linkedin/current.csv")));
    assert!(expected.contains(&"Åsa Öberg".to_string()), "{expected:?}");
    assert!(
        expected.contains(&"Chloé Ørsted".to_string()),
        "{expected:?}"
    );
    for file in [
        "bom_crlf.csv",
        "unicode_text_utf16le.txt",
        "utf16be.csv",
        "cp1252_semicolon.csv",
        "latin1.csv",
        "mac_roman.csv",
        "mixed_utf8_cp1252.csv",
    ] {
        let doc = stats(&fixture("linkedin").join(file));
        assert_eq!(names(&doc), expected, "{file}");
    }
}

/// `Connected On` of each person as the GraphML writer sees it (node-link JSON carries it).
fn dates_of(path: &Path) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.json");
    crate::convert(path, &out);
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    let mut dates: Vec<(String, String)> = doc["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| {
            let date = n["connected_on"].as_str()?;
            Some((n["id"].as_str()?.to_string(), date.to_string()))
        })
        .collect();
    dates.sort();
    dates
}

#[test]
fn every_date_shape_reads_as_the_same_day() {
    let want = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = pairs
            .iter()
            .map(|(slug, d)| (format!("linkedin.com/in/{slug}"), d.to_string()))
            .collect();
        v.sort();
        v
    };
    let ada_bo_cy =
        |a: &str, b: &str, c: &str| want(&[("ada-example", a), ("bo-tester", b), ("cy-doe", c)]);
    let dir = fixture("linkedin");
    assert_eq!(
        dates_of(&dir.join("dates_day_first.csv")),
        ada_bo_cy("2013-03-08", "2024-01-27", "2016-04-01")
    );
    assert_eq!(
        dates_of(&dir.join("excel_notes_lowercase.csv")),
        ada_bo_cy("2024-11-25", "2022-09-09", "2019-01-30")
    );
    assert_eq!(
        dates_of(&dir.join("dates_ambiguous_us.csv")),
        want(&[("ada-example", "2013-08-03"), ("bo-tester", "2016-01-04")])
    );
    assert_eq!(
        dates_of(&dir.join("dates_mixed.csv")),
        want(&[
            ("ada-example", "2024-11-25"),
            ("bo-tester", "2024-01-27"),
            ("cy-doe", "2024-11-25"),
            ("di-roe", "2024-11-25"),
            ("ed-poe", "2024-11-25"),
            ("fa-low", "2024-11-05"),
        ])
    );
    assert_eq!(
        dates_of(&dir.join("dates_localised.csv")),
        want(&[
            ("ada-example", "2009-10-30"),
            ("bo-tester", "2021-05-03"),
            ("cy-doe", "2019-10-12"),
            ("di-roe", "2020-12-01"),
            ("ed-poe", "2020-12-04"),
            ("fa-low", "2018-05-02"),
        ])
    );
    let cp1252 = dates_of(&dir.join("cp1252_semicolon.csv"));
    assert_eq!(cp1252, dates_of(&dir.join("current.csv")));
}

#[test]
fn encoded_spaces_in_slugs_are_three_people_not_errors() {
    let doc = stats(&fixture("linkedin/url_encoded_spaces.csv"));
    let ids: Vec<&str> = doc["top_by_degree"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["node_id"].as_str().unwrap())
        .collect();
    for id in [
        "linkedin.com/in/john%20doe",
        "linkedin.com/in/john%C2%A0doe",
        "linkedin.com/in/johndoe",
    ] {
        assert!(ids.contains(&id), "{id} in {ids:?}");
    }
}

#[test]
fn anonymised_exports_and_non_exports_are_clear_errors() {
    let out = netreach()
        .args([
            "stats",
            fixture("linkedin/anonymised.csv").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("anonymised.csv:1: the header has no name or profile URL column"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);
}

#[test]
fn connections_csv_by_name_or_with_owner_is_never_read_as_an_edge_list() {
    let dir = tempfile::tempdir().unwrap();
    let named = dir.path().join("Connections.csv");
    std::fs::write(&named, "1 2\n2 3\n").unwrap();
    let edges = dir.path().join("edges.txt");
    std::fs::write(&edges, "1 2\n2 3\n").unwrap();
    for args in [
        vec!["stats", named.to_str().unwrap()],
        vec!["stats", edges.to_str().unwrap(), "--owner", "Ada"],
    ] {
        let out = netreach().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("not a LinkedIn Connections.csv export"),
            "{stderr}"
        );
    }
}

#[test]
fn an_edge_list_with_an_export_header_suggests_the_linkedin_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("people.txt");
    std::fs::write(&path, "First Name Last Name\nAda Bo\n").unwrap();
    let out = netreach()
        .args([
            "stats",
            path.to_str().unwrap(),
            "--input-format",
            "edgelist",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("people.txt:1:") && stderr.contains("--input-format linkedin"),
        "{stderr}"
    );
}

fn without_inputs(mut doc: serde_json::Value) -> serde_json::Value {
    doc.as_object_mut().unwrap().remove("inputs");
    doc
}

#[test]
fn an_archive_zip_equals_its_unpacked_connections_with_the_same_owner() {
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("Basic_LinkedInDataExport_11-25-2024.zip");
    crate::zip_dir(
        &fixture("archive"),
        &zip_path,
        "Basic_LinkedInDataExport_11-25-2024",
    );
    let from_zip = stats(&zip_path);
    let from_folder = stats(&fixture("archive"));
    let connections = fixture("archive/Connections.csv");
    let from_csv = json(&[
        "stats",
        connections.to_str().unwrap(),
        "--owner",
        "Maja Lind",
        "--format",
        "json",
        "--top",
        "50",
    ]);
    assert_eq!(
        without_inputs(from_zip.clone()),
        without_inputs(from_folder)
    );
    assert_eq!(without_inputs(from_zip.clone()), without_inputs(from_csv));
    // the owner is named by Profile.csv
    assert!(names(&from_zip).contains(&"Maja Lind".to_string()));
    let inside = from_zip["inputs"][0]["file"].as_str().unwrap();
    assert!(
        inside.ends_with("Basic_LinkedInDataExport_11-25-2024/Connections.csv"),
        "{inside}"
    );
    // every command takes the archive; --owner's default ego is Profile.csv's owner
    let reach = json(&[
        "reach",
        zip_path.to_str().unwrap(),
        "--owner",
        "Maja Lind",
        "--format",
        "json",
    ]);
    assert_eq!(reach["rings"][0]["count"], 7, "{reach}");
}

#[test]
fn a_team_folder_of_zips_and_unpacked_archives_merges_on_profile_urls() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    let header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n";
    let profile = |first: &str, last: &str| {
        format!("First Name,Last Name,Headline\n{first},{last},Engineer\n")
    };
    // Ada's archive as a ZIP; Bo's unpacked into his own folder; Cy's export with owner.txt
    let ada = dir.path().join("ada");
    std::fs::create_dir_all(&ada).unwrap();
    std::fs::write(ada.join("Connections.csv"), format!("{header}Bo,Tester,https://www.linkedin.com/in/bo-tester,,Globex,Lead,05 Nov 2024\nDi,Roe,https://www.linkedin.com/in/di-roe,,Umbrella,Analyst,01 Feb 2023\n")).unwrap();
    std::fs::write(ada.join("Profile.csv"), profile("Ada", "Example")).unwrap();
    std::fs::create_dir_all(&team).unwrap();
    crate::zip_dir(
        &ada,
        &team.join("Complete_LinkedInDataExport_11-25-2024.zip"),
        "Complete_LinkedInDataExport_11-25-2024",
    );
    let bo = team.join("bo/Basic_LinkedInDataExport_10-01-2024");
    std::fs::create_dir_all(&bo).unwrap();
    std::fs::write(bo.join("Connections.csv"), format!("{header}Ada,Example,https://www.linkedin.com/in/ada-example,,Acme,Engineer,05 Nov 2024\nEd,Poe,https://www.linkedin.com/in/ed-poe,,Hooli,Designer,03 Mar 2022\n")).unwrap();
    std::fs::write(bo.join("Profile.csv"), profile("Bo", "Tester")).unwrap();
    let cy = team.join("cy");
    std::fs::create_dir_all(&cy).unwrap();
    std::fs::write(
        cy.join("Connections.csv"),
        format!("{header}Ed,Poe,https://www.linkedin.com/in/ed-poe,,Hooli,Designer,03 Mar 2021\n"),
    )
    .unwrap();
    std::fs::write(
        cy.join("owner.txt"),
        "url: https://www.linkedin.com/in/cy-doe\n",
    )
    .unwrap();
    let doc = stats(&team);
    // Ada, Bo (joined by name to the URLs the others list), Cy, Di, Ed
    assert_eq!(doc["nodes"], 5, "{doc}");
    assert_eq!(doc["edges"], 4);
    assert_eq!(doc["identity"]["exports"], 3);
    assert_eq!(doc["identity"]["owners_matched_by_name"], 2);
    let reach = json(&[
        "reach",
        team.to_str().unwrap(),
        "--ego",
        "Ada Example",
        "--format",
        "json",
    ]);
    let n: Vec<u64> = reach["rings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["count"].as_u64().unwrap())
        .collect();
    assert_eq!(
        n,
        vec![2, 1, 1],
        "Ada → Bo, Di; Ed through Bo; Cy through Ed"
    );
}

#[test]
fn a_thirty_thousand_row_export_loads_with_a_bad_row_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Connections.csv");
    let mut text =
        String::from("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n");
    for i in 0..30_000 {
        let date = if i == 12_345 {
            "someday"
        } else {
            "25 Nov 2024"
        };
        text.push_str(&format!(
            "P{i},Q,https://www.linkedin.com/in/p-{i},,Acme,Engineer,{date}\n"
        ));
    }
    std::fs::write(&path, text).unwrap();
    let doc = stats(&path);
    assert_eq!(doc["nodes"], 30_001);
    let problem = &doc["row_problems"][0];
    assert_eq!(problem["count"], 1);
    assert_eq!(
        problem["first_lines"][0],
        format!("{}:12347", path.display())
    );
}

// ---- re-encoding never changes the network -------------------------------------------------

/// The base export: invented people, every quirk (quoted commas, doubled quotes, padded names,
/// percent-encoded slugs, a hidden row), dates with a day above 12 so any numeric order is
/// decidable.
const BASE: &[[&str; 7]] = &[
    [
        "Ada",
        "Example",
        "https://www.linkedin.com/in/ada-example-1a2b3c",
        "",
        "Acme, Inc.",
        "Staff Engineer",
        "2024-11-25",
    ],
    [
        " Bo ",
        "Tester, PhD",
        "https://www.linkedin.com/in/bo-tester",
        "bo@example.com",
        "Globex",
        "Head of \"Platform\"",
        "2024-11-05",
    ],
    [
        "René",
        "Müller",
        "https://www.linkedin.com/in/ren%C3%A9-m%C3%BCller",
        "",
        "Siemens AG",
        "Director",
        "2024-01-27",
    ],
    ["", "", "", "", "", "", "2021-03-12"],
    [
        "Åsa",
        "Öberg",
        "https://www.linkedin.com/in/%C3%A5sa-%C3%B6berg",
        "",
        "Ericsson AB",
        "Recruiter, Tech",
        "2019-12-31",
    ],
    [
        "Chloé",
        "Ørsted",
        "https://www.linkedin.com/in/chlo%C3%A9-%C3%B8rsted",
        "",
        "Ørsted A/S",
        "Senior Analyst",
        "2013-03-08",
    ],
];

/// Date formats to rewrite `Connected On` in (chrono syntax).
const DATE_FORMATS: &[&str] = &[
    "%d %b %Y",
    "%-d %b %Y",
    "%d-%b-%y",
    "%-d-%b-%Y",
    "%-m/%-d/%y, %-I:%M %p",
    "%-m/%-d/%y",
    "%-m/%-d/%Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%b %-d, %Y",
];

#[derive(Clone, Debug)]
struct Variant {
    encoding: u8, // 0 UTF-8, 1 UTF-8 BOM, 2 UTF-16LE BOM, 3 UTF-16BE BOM, 4 cp1252, 5 Mac Roman
    delimiter: u8, // 0 ',', 1 ';', 2 tab
    crlf: bool,
    preamble: u8, // 0 LinkedIn's, 1 Excel's "Notes:,,,,,,", 2 none
    header: u8,   // 0 standard, 1 removed, 2 lower case
    date_format: usize,
}

fn variants() -> impl Strategy<Value = Variant> {
    (
        0u8..6,
        0u8..3,
        any::<bool>(),
        0u8..3,
        0u8..3,
        0..DATE_FORMATS.len(),
    )
        .prop_map(
            |(encoding, delimiter, crlf, preamble, header, date_format)| Variant {
                encoding,
                delimiter,
                crlf,
                preamble,
                header,
                date_format,
            },
        )
}

fn render(v: &Variant) -> Vec<u8> {
    let delimiter = [b',', b';', b'\t'][v.delimiter as usize];
    let mut csv = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let header = [
        "First Name",
        "Last Name",
        "URL",
        "Email Address",
        "Company",
        "Position",
        "Connected On",
    ];
    match v.header {
        0 => csv.write_record(header).unwrap(),
        2 => csv.write_record(header.map(str::to_lowercase)).unwrap(),
        _ => {}
    }
    for row in BASE {
        let date = chrono::NaiveDate::parse_from_str(row[6], "%Y-%m-%d").unwrap();
        let date = date.and_hms_opt(9, 52, 0).unwrap();
        let mut fields = row.map(str::to_string);
        fields[6] = date.format(DATE_FORMATS[v.date_format]).to_string();
        csv.write_record(&fields).unwrap();
    }
    let body = String::from_utf8(csv.into_inner().unwrap()).unwrap();
    let preamble = match v.preamble {
        0 => {
            "Notes:\n\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n\n"
        }
        1 => "Notes:,,,,,,\n",
        _ => "",
    };
    let mut text = format!("{preamble}{body}");
    if v.crlf {
        text = text.replace('\n', "\r\n");
    }
    encode(&text, v.encoding)
}

fn encode(text: &str, encoding: u8) -> Vec<u8> {
    match encoding {
        0 => text.as_bytes().to_vec(),
        1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        2 => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        3 => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        4 => encoding_rs::WINDOWS_1252.encode(text).0.into_owned(),
        _ => encoding_rs::MACINTOSH.encode(text).0.into_owned(),
    }
}

/// What must not change: the stats document without the fields naming encoding and dialect,
/// and every person's label, name, company, position and date.
fn fingerprint(bytes: &[u8]) -> (serde_json::Value, Vec<String>) {
    let path = Path::new("Connections.csv");
    let network = netreach::io::exports::read_file(path, bytes, Some("Maja Lind")).unwrap();
    let summary = serde_json::to_value(netreach::stats::summarize(&network, 50)).unwrap();
    let people = (0..network.node_count() as u32)
        .map(|u| format!("{}|{:?}", network.labels.get(u), network.people.get(u)))
        .collect();
    (without_inputs(summary), people)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn re_encoding_an_export_gives_the_same_network(v in variants()) {
        let base = Variant { encoding: 0, delimiter: 0, crlf: false, preamble: 0, header: 0, date_format: 0 };
        let want = fingerprint(&render(&base));
        prop_assert_eq!(fingerprint(&render(&v)), want, "{:?}", v);
    }
}
