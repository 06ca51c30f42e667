//! Criterion benches of the kernels on seeded generated graphs: CSR build, single-source BFS,
//! and MS-BFS all-node reach at several batch widths.

// criterion's macros generate undocumented public items.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use netreach::bfs::BfsScratch;
use netreach::generate::barabasi_albert;
use netreach::graph::Csr;
use netreach::reach::rings_of_with;
use std::hint::black_box;

fn ba(nodes: u32, m: u32) -> (Vec<u32>, Csr) {
    let pairs = barabasi_albert(nodes, m, 42);
    let (g, _) = Csr::from_pairs(nodes as usize, &pairs);
    (pairs, g)
}

fn build(c: &mut Criterion) {
    let (pairs, _) = ba(100_000, 10);
    c.bench_function("csr build BA 100k/1M", |b| {
        b.iter(|| Csr::from_pairs(100_000, black_box(&pairs)))
    });
}

fn single_source(c: &mut Criterion) {
    let (_, g) = ba(100_000, 10);
    let mut scratch = BfsScratch::new(g.node_count());
    let mut s = 0u32;
    c.bench_function("single-source rings depth 3 BA 100k/1M", |b| {
        b.iter(|| {
            s = (s + 7919) % 100_000;
            scratch.rings(&g, black_box(s), 3)
        })
    });
}

fn ms_bfs(c: &mut Criterion) {
    let (_, g) = ba(20_000, 10);
    let sources: Vec<u32> = (0..1024).map(|i| i * 19).collect();
    let mut group = c.benchmark_group("ms-bfs 1024 sources depth 3 BA 20k/200k");
    group.sample_size(10);
    group.bench_function("W=1", |b| {
        b.iter(|| rings_of_with::<1>(&g, black_box(&sources), 3))
    });
    group.bench_function("W=2", |b| {
        b.iter(|| rings_of_with::<2>(&g, black_box(&sources), 3))
    });
    group.bench_function("W=4", |b| {
        b.iter(|| rings_of_with::<4>(&g, black_box(&sources), 3))
    });
    group.bench_function("W=8", |b| {
        b.iter(|| rings_of_with::<8>(&g, black_box(&sources), 3))
    });
    group.finish();
}

criterion_group!(benches, build, single_source, ms_bfs);
criterion_main!(benches);
