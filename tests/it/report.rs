//! The one-command report and charts: every referenced file exists, every PNG decodes at its
//! size, names from input files are inert, pseudonyms replace names, output is deterministic.

use std::path::Path;

use crate::{fixture, netreach, sample};

fn png_size(path: &Path) -> (u32, u32) {
    let decoder = png::Decoder::new(std::fs::File::open(path).unwrap());
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader
        .next_frame(&mut buf)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (info.width, info.height)
}

/// Every `src="…"` and `href="…"` target of an HTML page.
fn references(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for key in ["src=\"", "href=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(key) {
            rest = &rest[i + key.len()..];
            let end = rest.find('"').unwrap();
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

#[test]
fn report_on_the_sample_is_complete() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    netreach()
        .args([
            "report",
            sample().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let refs = references(&html);
    assert!(
        refs.iter().filter(|r| r.ends_with(".png")).count() >= 5,
        "{refs:?}"
    );
    for r in &refs {
        assert!(
            !r.contains("://"),
            "the report must not load anything from the network: {r}"
        );
        assert!(
            out.join(r).is_file(),
            "index.html references a missing file {r}"
        );
    }
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "png") {
            assert_eq!(png_size(&path), (1200, 720), "{}", path.display());
        }
    }
    assert!(out.join("report.md").is_file());
    assert!(
        html.contains("not predict LinkedIn's search rank")
            || html.contains("do not predict LinkedIn&apos;s search rank")
    );
}

#[test]
fn charts_are_deterministic_and_svg_works() {
    let dir = tempfile::tempdir().unwrap();
    let s = sample();
    let (a, b, c) = (
        dir.path().join("a.png"),
        dir.path().join("b.png"),
        dir.path().join("c.svg"),
    );
    for out in [&a, &b, &c] {
        netreach()
            .args([
                "plot",
                "growth",
                s.to_str().unwrap(),
                "--ego",
                "Amir Dahlberg (Initech AB)",
                "--seeds",
                "3",
                "-o",
                out.to_str().unwrap(),
            ])
            .assert()
            .success();
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(std::fs::read_to_string(&c).unwrap().starts_with("<svg"));
    netreach()
        .args([
            "plot",
            "growth",
            s.to_str().unwrap(),
            "-o",
            a.to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("give --ego"));
}

const HOSTILE: &str = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\
<script>alert(1)</script>,Evil,https://www.linkedin.com/in/evil,,\"=HYPERLINK(\"\"http://x\"\")\",@SUM(A1),25 Nov 2024\n\
Ada,Example,https://www.linkedin.com/in/ada,,Acme,Engineer,24 Nov 2024\n";

#[test]
fn hostile_names_are_inert_in_html_csv_and_markdown() {
    // Two owners, so that the report is the network report with its CSV tables.
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    let me = team.join("me");
    std::fs::create_dir_all(&me).unwrap();
    std::fs::write(me.join("Connections.csv"), HOSTILE).unwrap();
    std::fs::write(
        me.join("owner.txt"),
        "url: https://www.linkedin.com/in/me\n",
    )
    .unwrap();
    let ada = team.join("ada");
    std::fs::create_dir_all(&ada).unwrap();
    std::fs::write(
        ada.join("Connections.csv"),
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nMe,Myself,https://www.linkedin.com/in/me,,Acme,Lead,01 Jan 2024\nZed,Far,https://www.linkedin.com/in/zed,,Initech,Analyst,01 Jan 2024\n",
    )
    .unwrap();
    std::fs::write(
        ada.join("owner.txt"),
        "url: https://www.linkedin.com/in/ada\n",
    )
    .unwrap();
    // The hostile contact exported too, so that they carry someone (Zoe) and are listed among
    // the key connectors.
    let evil = team.join("evil");
    std::fs::create_dir_all(&evil).unwrap();
    std::fs::write(
        evil.join("Connections.csv"),
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\nZoe,Near,https://www.linkedin.com/in/zoe,,Initech,Analyst,01 Jan 2024\n",
    )
    .unwrap();
    std::fs::write(
        evil.join("owner.txt"),
        "url: https://www.linkedin.com/in/evil\n",
    )
    .unwrap();
    let out = dir.path().join("r");
    netreach()
        .args([
            "report",
            team.to_str().unwrap(),
            "--ego",
            "https://www.linkedin.com/in/me",
            "--out",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("<script"), "raw script tag in the HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(!md.contains("<script"), "raw script tag in the Markdown");
    let csv = std::fs::read_to_string(out.join("connectors.csv")).unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(csv.contains("'@SUM(A1)"), "{csv}");
    assert!(!csv.lines().any(|l| {
        l.split(',')
            .any(|cell| cell.starts_with('=') || cell.starts_with('@'))
    }));
}

#[test]
fn control_characters_in_names_are_escaped_on_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("Connections.csv");
    std::fs::write(
        &file,
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n\u{1b}[31mRed,Bell\u{7},https://www.linkedin.com/in/red,,Acme,Lead,01 Jan 2024\n",
    )
    .unwrap();
    let out = crate::stdout_of(&["stats", file.to_str().unwrap()]);
    let text = String::from_utf8(out).unwrap();
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "raw control characters: {text:?}"
    );
    assert!(text.contains("\\u{1b}[31mRed"), "{text}");
}

fn pseudonymised_report(out: &std::path::Path, extra: &[&str]) {
    let input = fixture("exports");
    let mut args = vec![
        "report",
        input.to_str().unwrap(),
        "--pseudonymise",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    netreach().args(&args).assert().success();
}

#[test]
fn pseudonymised_report_holds_no_names_and_is_keyed() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    std::fs::write(&key, b"a secret of at least sixteen bytes").unwrap();
    let key = key.to_str().unwrap();
    let (out, again, unkeyed) = (
        dir.path().join("r"),
        dir.path().join("r2"),
        dir.path().join("r3"),
    );
    pseudonymised_report(&out, &["--pseudonym-key", key, "--pseudonymise-companies"]);
    pseudonymised_report(
        &again,
        &["--pseudonym-key", key, "--pseudonymise-companies"],
    );
    pseudonymised_report(&unkeyed, &[]);
    // the same key gives the same report, byte for byte
    for entry in std::fs::read_dir(&out).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_owned();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            bytes,
            std::fs::read(again.join(&name)).unwrap(),
            "{name:?} differs between two keyed runs"
        );
        if path.extension().is_some_and(|e| e != "png") {
            let text = String::from_utf8(bytes).unwrap();
            for secret in [
                "Alice", "Carol", "Nina", "alice-a", "carol-c", "bob-b", "Initech", "Umbrella",
                "Globex",
            ] {
                assert!(
                    !text.contains(secret),
                    "{secret} appears in {}",
                    path.display()
                );
            }
        }
    }
    // without a key, no pseudonym of the keyed report appears: the two cannot be linked
    let keyed = std::fs::read_to_string(out.join("report.md")).unwrap();
    let fresh = std::fs::read_to_string(unkeyed.join("report.md")).unwrap();
    let pseudonyms: Vec<&str> = keyed
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("person-"))
        .collect();
    assert!(!pseudonyms.is_empty());
    assert!(
        pseudonyms.iter().all(|p| !fresh.contains(p)),
        "an unkeyed report repeats a keyed pseudonym"
    );
}

#[test]
fn report_with_no_arguments_works_from_any_folder() {
    let elsewhere = tempfile::tempdir().unwrap();
    netreach()
        .current_dir(elsewhere.path())
        .arg("report")
        .assert()
        .success()
        .stderr(predicates::str::contains("made the bundled sample"));
    let made = std::fs::read_to_string(elsewhere.path().join("reports/sample/report.md")).unwrap();
    let (_dir, _out, bundled) = crate::report_md(&crate::sample(), &[]);
    // The same report but for the line naming the source.
    let body = |md: &str| -> Vec<String> {
        md.lines()
            .filter(|l| {
                !l.starts_with("# netreach report: ")
                    && !l.starts_with("This report was made by netreach from")
            })
            .map(str::to_string)
            .collect()
    };
    assert_eq!(body(&made), body(&bundled));
}

#[test]
fn pseudonymised_reports_can_coarsen_or_drop_titles() {
    let s = crate::sample();
    for (choice, kept) in [("coarse", true), ("drop", false)] {
        let (_dir, out, md) =
            crate::report_md(&s, &["--pseudonymise", "--pseudonymise-titles", choice]);
        let csv = std::fs::read_to_string(out.join("connectors.csv")).unwrap();
        for title in [
            "Design Lead",
            "HR Business Partner",
            "Account Executive",
            "Controller",
        ] {
            assert!(
                !md.contains(title) && !csv.contains(title),
                "{choice}: {title} left in"
            );
        }
        assert_eq!(
            md.contains("| senior, design |") || csv.contains("\"senior, design\""),
            kept,
            "{choice}"
        );
    }
}

/// Opens `page` in headless Chromium at `width` pixels, with a script that checks it, and
/// returns what the script found: `images broken, widest element, page width, page scroll
/// width, people with a hover name`.
fn browser_check(chromium: &std::ffi::OsStr, page: &Path, width: u32) -> [u64; 5] {
    let html = std::fs::read_to_string(page).unwrap();
    let script = "<script>window.addEventListener('load',()=>{\
        const W=document.documentElement.clientWidth;\
        const broken=[...document.images].filter(i=>!(i.complete&&i.naturalWidth>0)).length;\
        let widest=0;for(const e of document.body.querySelectorAll('*')){\
          if(e.parentElement&&e.parentElement.closest('table'))continue;\
          widest=Math.max(widest,Math.ceil(e.getBoundingClientRect().width));}\
        const titled=document.querySelectorAll('figure svg circle title').length;\
        const p=document.createElement('pre');p.id='check';\
        p.textContent=[broken,widest,W,document.documentElement.scrollWidth,titled].join(' ');\
        document.body.appendChild(p);});</script>";
    let checked = page.with_file_name("check.html");
    std::fs::write(
        &checked,
        html.replace("</body>", &format!("{script}</body>")),
    )
    .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={width},900"))
        .arg(format!("file://{}", checked.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let found = dom
        .split("<pre id=\"check\">")
        .nth(1)
        .and_then(|rest| rest.split("</pre>").next())
        .unwrap_or_else(|| {
            panic!(
                "no check in the page: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let numbers: Vec<u64> = found.split(' ').map(|n| n.parse().unwrap()).collect();
    numbers.try_into().unwrap()
}

#[test]
#[ignore = "needs NETREACH_CHROMIUM, a headless Chromium; CI installs Debian's and runs it with --include-ignored"]
fn the_report_reads_in_a_real_browser_on_a_desktop_and_a_phone() {
    let chromium = std::env::var_os("NETREACH_CHROMIUM")
        .expect("NETREACH_CHROMIUM is not set to a Chromium binary (see README, Tests)");
    let (_dir, out, _md) = crate::report_md(&crate::sample(), &[]);
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    let network = crate::json(&[
        "stats",
        crate::sample().to_str().unwrap(),
        "--format",
        "json",
    ]);
    let people = network["nodes"].as_u64().unwrap();
    // A known person's name is in the picture as hover text.
    assert!(
        html.contains("<title>Nils Hedin</title>"),
        "no hover names in the inline SVG"
    );
    for width in [1280, 390] {
        let [broken, widest, page, scroll, titled] =
            browser_check(&chromium, &out.join("index.html"), width);
        assert_eq!(broken, 0, "{width}px: images that did not load");
        assert!(
            widest <= page,
            "{width}px: an element is {widest}px on a {page}px page"
        );
        assert!(
            scroll <= page,
            "{width}px: the page scrolls sideways ({scroll} > {page})"
        );
        // Two pictures of everyone: "Who sits where" and "Your circles".
        assert_eq!(
            titled,
            2 * people,
            "{width}px: every person in both pictures has a hover name"
        );
    }
}
