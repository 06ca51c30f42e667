//! Snapshots (insta) of the sample report's Markdown and HTML, built through the library so
//! that the input's path on this machine does not enter them. A change to any sentence, table
//! or figure reference shows as a diff to review (`cargo insta review`); CI fails on one.

use netreach::io::LoadOptions;
use netreach::reach::Everyone;
use netreach::report::{self, Options};

fn sample_report() -> report::Document {
    sample_network_report().1
}

fn sample_network_report() -> (Vec<u64>, report::Document) {
    let network = netreach::io::load(&crate::sample(), &LoadOptions::default()).unwrap();
    let egos = report::default_egos(&network).unwrap();
    let everyone = Everyone::compute(&network.csr);
    let options = Options {
        source: "data/sample".into(),
        pseudonymised: false,
        seeds: 20,
    };
    let reach = netreach::reach::rings(&network.csr, egos[0], 3);
    (
        reach,
        report::network_report(&network, &egos, &everyone, &options).unwrap(),
    )
}

#[test]
fn the_sample_report_reads_as_reviewed() {
    let doc = sample_report();
    insta::assert_snapshot!("sample_report_md", report::markdown::render(&doc));
    insta::assert_snapshot!("sample_report_html", report::html::render(&doc));
}

#[test]
fn the_sample_report_shows_the_product() {
    let (reach, doc) = sample_network_report();
    let md = report::markdown::render(&doc);
    // the acceptance of issue 14: partial reach, at least five positive gains, a picture,
    // no internal key
    let people = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            report::Block::Table(t) if t.header[0] == "measure" => Some(t.rows[0][1].clone()),
            _ => None,
        })
        .unwrap()
        .replace(',', "")
        .parse::<u64>()
        .unwrap();
    assert!(
        (reach.iter().sum::<u64>() as f64) < 0.9 * people as f64,
        "{reach:?} of {people}"
    );
    let gains = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            report::Block::Table(t) if t.header.last().is_some_and(|h| h == "people gained") => {
                Some(t.rows.clone())
            }
            _ => None,
        })
        .unwrap();
    // Fellow exporters are left out (they would win by construction): what remains gains
    // someone, and nobody in it is marked an exporter.
    assert!(
        !gains.is_empty()
            && gains
                .iter()
                .all(|r| r[5] != "0" && !r[1].contains("(exporter)")),
        "{gains:?}"
    );
    assert!(md.contains("fellow exporters are left out"), "{md}");
    assert!(doc.files.iter().any(|f| f.name == "network.png"));
    assert!(doc.files.iter().any(|f| f.name == "network.svg"));
    assert!(!md.contains("name:") && !md.contains("](linkedin.com"));
    for line in md.lines() {
        // a profile URL only in its public form, beside a name it tells apart
        if let Some(i) = line.find("linkedin.com/in/") {
            assert!(line[..i].ends_with("(https://www."), "{line}");
        }
    }
}
