//! The binary cache: round trips give byte-identical analyses; damaged files are rejected.

use crate::{fixture, netreach, sample, stdout_of};

#[test]
fn cache_round_trip_gives_identical_output() {
    let dir = tempfile::tempdir().unwrap();
    let graph = crate::ba_graph(dir.path(), 2000, 3, 42);
    for input in [graph.clone(), sample(), fixture("exports")] {
        let cache = dir.path().join("g.nrg");
        crate::convert(&input, &cache);
        for args in [
            vec!["reach", "--all", "--format", "csv"],
            vec!["connectors", "--all", "--format", "csv"],
        ] {
            let (i, c) = (input.to_str().unwrap(), cache.to_str().unwrap());
            let with = |path: &str| {
                let mut a = vec![args[0], path];
                a.extend(&args[1..]);
                stdout_of(&a)
            };
            assert_eq!(with(i), with(c), "{args:?} on {i}");
        }
        // the load report survives too (stats prints it)
        let a = String::from_utf8(stdout_of(&[
            "stats",
            input.to_str().unwrap(),
            "--format",
            "json",
        ]))
        .unwrap();
        let b = String::from_utf8(stdout_of(&[
            "stats",
            cache.to_str().unwrap(),
            "--format",
            "json",
        ]))
        .unwrap();
        assert_eq!(a, b);
    }
}

#[test]
fn damaged_caches_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("s.nrg");
    crate::convert(&sample(), &cache);
    let good = std::fs::read(&cache).unwrap();
    let mut cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.nrg",
            good[..good.len() / 2].to_vec(),
            "truncated",
        ),
        ("tail.nrg", good[..good.len() - 1].to_vec(), "truncated"),
        (
            "longer.nrg",
            [good.clone(), vec![0]].concat(),
            "do not match the file length",
        ),
        ("empty.nrg", Vec::new(), "truncated"),
    ];
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    cases.push(("flipped.nrg", flipped, "checksum mismatch"));
    let mut version = good.clone();
    version[8] = 99;
    cases.push(("version.nrg", version, "format version 99"));
    let mut magic = good.clone();
    magic[0] = b'X';
    cases.push(("magic.nrg", magic, "wrong signature"));
    let mut huge = good.clone();
    huge[16..24].copy_from_slice(&u64::MAX.to_le_bytes());
    cases.push(("huge.nrg", huge, "do not match the file length"));
    for (name, bytes, reason) in cases {
        assert_rejected(&dir.path().join(name), &bytes, reason);
    }
}

/// Writes `bytes` to `path`; `stats` on it must fail with one line naming the file and `reason`.
fn assert_rejected(path: &std::path::Path, bytes: &[u8], reason: &str) {
    std::fs::write(path, bytes).unwrap();
    let out = netreach()
        .args(["stats", path.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let name = path.display();
    assert_eq!(out.status.code(), Some(1), "{name}: {stderr}");
    assert!(
        stderr.contains(reason) && stderr.starts_with(&format!("netreach: {name}: ")),
        "{name}: {stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
}

/// Caches with a valid checksum whose structure is wrong (as a tool other than netreach might
/// write them): every analysis invariant is checked on load, not just the checksum.
#[test]
fn crafted_caches_with_valid_checksums_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("two.txt");
    std::fs::write(&text, "0 1\n2 3\n").unwrap();
    let cache = dir.path().join("two.nrg");
    crate::convert(&text, &cache);
    let good = std::fs::read(&cache).unwrap();
    let put = |bytes: &mut Vec<u8>, at: usize, value: &[u8]| {
        bytes[at..at + value.len()].copy_from_slice(value);
    };
    let resealed = |mut bytes: Vec<u8>| {
        let body = bytes.len() - 4;
        let crc = crc32fast::hash(&bytes[8..body]);
        bytes[body..].copy_from_slice(&crc.to_le_bytes());
        bytes
    };
    // Header 64 bytes, then 5 row offsets of 8 bytes; targets [1, 0, 3, 2] follow.
    let targets = 64 + 5 * 8;
    let with_targets = |t: [u32; 4]| {
        let mut bytes = good.clone();
        for (i, v) in t.iter().enumerate() {
            put(&mut bytes, targets + 4 * i, &v.to_le_bytes());
        }
        resealed(bytes)
    };
    assert_eq!(
        with_targets([1, 0, 3, 2]),
        good,
        "the layout assumed here is the writer's"
    );
    // String labels (kind 2) whose section is shorter than its own offset table; 24 bytes
    // moved to the people section keep the sizes adding up to the file's length.
    let short_labels = {
        let mut bytes = good.clone();
        let people = u64::from_le_bytes(bytes[40..48].try_into().unwrap());
        put(&mut bytes, 12, &2u32.to_le_bytes());
        put(&mut bytes, 32, &8u64.to_le_bytes());
        put(&mut bytes, 40, &(people + 24).to_le_bytes());
        resealed(bytes)
    };
    for (name, bytes, reason) in [
        (
            "one_way.nrg",
            with_targets([1, 2, 3, 2]),
            "stored in one direction only",
        ),
        (
            "loop.nrg",
            with_targets([0, 0, 3, 2]),
            "links a node to itself",
        ),
        (
            "out_of_range.nrg",
            with_targets([1, 0, 9, 2]),
            "out of range",
        ),
        ("short_labels.nrg", short_labels, "inconsistent header"),
    ] {
        assert_rejected(&dir.path().join(name), &bytes, reason);
    }
}

/// A cache written with `--order` loads as the same network, answers every command the same
/// way, and a damaged order is rejected; a version-1 cache (no order field) still loads.
#[test]
fn ordered_and_version_one_caches_load_as_the_same_network() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.nrg");
    crate::convert(&sample(), &plain);
    let answers = |cache: &std::path::Path| {
        let c = cache.to_str().unwrap();
        [
            stdout_of(&["stats", c, "--format", "json"]),
            stdout_of(&["reach", c, "--all", "--format", "csv"]),
            stdout_of(&["connectors", c, "--all", "--format", "csv"]),
        ]
    };
    let expected = answers(&plain);
    for order in ["communities", "bfs", "rcm", "degree"] {
        let ordered = dir.path().join(format!("{order}.nrg"));
        netreach()
            .args(["convert", sample().to_str().unwrap(), "--order", order])
            .args(["-o", ordered.to_str().unwrap()])
            .assert()
            .success();
        assert_ne!(
            std::fs::read(&ordered).unwrap(),
            std::fs::read(&plain).unwrap()
        );
        assert!(answers(&ordered) == expected, "--order {order}");
    }
    // Version 1: no order size in the header (bytes 56..64), version field 1.
    let good = std::fs::read(&plain).unwrap();
    let mut v1 = [&good[..56], &good[64..]].concat();
    v1[8..12].copy_from_slice(&1u32.to_le_bytes());
    let body = v1.len() - 4;
    let crc = crc32fast::hash(&v1[8..body]);
    v1[body..].copy_from_slice(&crc.to_le_bytes());
    let old = dir.path().join("v1.nrg");
    std::fs::write(&old, &v1).unwrap();
    assert!(answers(&old) == expected, "version 1");
    // An order that repeats a node, checksum intact.
    let ordered = std::fs::read(dir.path().join("bfs.nrg")).unwrap();
    let mut bad = ordered.clone();
    let last = bad.len() - 8; // the last order entry, before the CRC
    let first = last - 4 * (u64::from_le_bytes(good[16..24].try_into().unwrap()) as usize - 1);
    let repeated: [u8; 4] = bad[first..first + 4].try_into().unwrap();
    bad[last..last + 4].copy_from_slice(&repeated);
    let body = bad.len() - 4;
    let crc = crc32fast::hash(&bad[8..body]);
    bad[body..].copy_from_slice(&crc.to_le_bytes());
    assert_rejected(
        &dir.path().join("bad-order.nrg"),
        &bad,
        "the order is not a renumbering",
    );
}
