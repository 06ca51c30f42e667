//! Seeded synthetic networks: Barabási–Albert graphs for benchmarks, and a professional network
//! written as LinkedIn exports for the bundled sample. Same seed, same output, on any machine.

use chrono::{Days, NaiveDate};
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rustc_hash::{FxHashMap, FxHashSet};

/// A Barabási–Albert graph: a star on `m + 1` nodes, then each new node links to `m` distinct
/// earlier nodes chosen with probability proportional to degree (as NetworkX's
/// `barabasi_albert_graph`). Returns endpoint pairs `[u0, v0, u1, v1, …]`.
pub fn barabasi_albert(nodes: u32, m: u32, seed: u64) -> Vec<u32> {
    let m = m.max(1).min(nodes.saturating_sub(1));
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pairs = Vec::with_capacity(2 * m as usize * nodes as usize);
    // Every endpoint once per incident edge: sampling from it is sampling by degree.
    let mut endpoints: Vec<u32> = Vec::with_capacity(2 * m as usize * nodes as usize);
    for v in 1..=m {
        pairs.extend([0, v]);
        endpoints.extend([0, v]);
    }
    let mut chosen: Vec<u32> = Vec::with_capacity(m as usize);
    for new in (m + 1)..nodes {
        chosen.clear();
        while chosen.len() < m as usize {
            let t = endpoints[rng.random_range(0..endpoints.len())];
            if !chosen.contains(&t) {
                chosen.push(t);
            }
        }
        for &t in &chosen {
            pairs.extend([new, t]);
            endpoints.extend([new, t]);
        }
    }
    pairs
}

/// One invented person of the professional model.
#[derive(Clone, Debug)]
pub struct SyntheticPerson {
    /// Given name.
    pub first: String,
    /// Family name (sometimes with a post-nominal and a comma).
    pub last: String,
    /// Profile URL, with percent-encoded non-ASCII as LinkedIn writes it.
    pub url: String,
    /// Company.
    pub company: String,
    /// Position (its words carry the field).
    pub position: String,
    /// Field index into [`FIELDS`].
    pub field: usize,
    /// Region (a city, say): most connections stay inside it, companies belong to one.
    pub region: usize,
}

/// A professional network: people, undirected edges and the date each edge was made.
#[derive(Clone, Debug)]
pub struct Professional {
    /// Everyone.
    pub people: Vec<SyntheticPerson>,
    /// Edges `(u, v, connected on)`, `u < v`, no duplicates.
    pub edges: Vec<(u32, u32, NaiveDate)>,
}

/// Fields and the titles people in them hold.
pub const FIELDS: &[(&str, &[&str])] = &[
    (
        "engineering",
        &[
            "Software Engineer",
            "Staff Engineer",
            "Engineering Manager",
            "Site Reliability Engineer",
        ],
    ),
    (
        "data",
        &[
            "Data Scientist",
            "Data Engineer",
            "Analytics Lead",
            "Machine Learning Engineer",
        ],
    ),
    (
        "sales",
        &[
            "Account Executive",
            "Sales Manager",
            "Business Developer",
            "Key Account Manager",
        ],
    ),
    (
        "marketing",
        &[
            "Marketing Manager",
            "Content Strategist",
            "Growth Marketer",
            "Brand Lead",
        ],
    ),
    (
        "finance",
        &["Financial Analyst", "Controller", "CFO", "Accountant"],
    ),
    (
        "recruiting",
        &[
            "Technical Recruiter",
            "Talent Acquisition Partner",
            "HR Business Partner",
            "Head of People",
        ],
    ),
    (
        "design",
        &[
            "Product Designer",
            "UX Researcher",
            "Design Lead",
            "Visual Designer",
        ],
    ),
    (
        "product",
        &[
            "Product Manager",
            "Product Owner",
            "Head of Product",
            "Program Manager",
        ],
    ),
];

const FIRST: &[&str] = &[
    "Ada", "Bo", "Cleo", "Dag", "Edda", "Finn", "Greta", "Hugo", "Ines", "Jonas", "Karin", "Lars",
    "Maja", "Nils", "Olga", "Per", "Rut", "Sven", "Tove", "Ulf", "Vera", "Wilma", "Zoë", "José",
    "Søren", "Anaïs", "Björn", "Élise", "Amir", "Priya", "Kenji", "Lucía", "Noor", "Tomasz",
    "Aino", "Malik", "Ying", "Dario", "Freya", "Oskar",
];
const LAST: &[&str] = &[
    "Almqvist",
    "Berglund",
    "Castell",
    "Dahlberg",
    "Ekholm",
    "Frost",
    "Granlund",
    "Hedin",
    "Isaksson",
    "Jarl",
    "Kvist",
    "Lindqvist",
    "Mårtensson",
    "Norén",
    "Orrby",
    "Pettersén",
    "Quist",
    "Rydén",
    "Sandell",
    "Tornberg",
    "Ullman",
    "Vinter",
    "Wahl",
    "Öberg",
    "Example",
    "Sample",
    "Tester",
    "Moreau",
    "Okafor",
    "Tanaka",
    "Kowalski",
    "Haddad",
];
const COMPANY_STEMS: &[&str] = &[
    "Acme",
    "Globex",
    "Initech",
    "Umbrella",
    "Hooli",
    "Vandelay",
    "Stark",
    "Wayne",
    "Tyrell",
    "Cyberdyne",
    "Soylent",
    "Aperture",
    "Massive",
    "Gringotts",
    "Monarch",
    "Nakatomi",
    "Oscorp",
    "Pied Piper",
    "Wonka",
    "Zorg",
];
const COMPANY_SUFFIXES: &[&str] = &[
    "AB",
    "Inc.",
    "Labs",
    "Group",
    "Systems",
    "Consulting",
    "& Co",
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

/// A URL slug as LinkedIn writes it: lower case, non-ASCII percent-encoded with upper-case hex.
fn slug(first: &str, last: &str, tag: u32) -> String {
    let raw = format!("{first}-{last}-{tag:x}").to_lowercase();
    percent_encoding::utf8_percent_encode(&raw, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%2D", "-")
}

fn invent_people(
    rng: &mut ChaCha8Rng,
    n: usize,
    companies: &[(String, usize)],
    regions: usize,
) -> Vec<SyntheticPerson> {
    // Company c belongs to region c mod regions; person i lives in region i mod regions.
    let local: Vec<Vec<usize>> = (0..regions)
        .map(|r| (r..companies.len()).step_by(regions).collect())
        .collect();
    (0..n)
        .map(|i| {
            let first = pick(rng, FIRST).to_string();
            let mut last = pick(rng, LAST).to_string();
            if rng.random_bool(0.03) {
                last.push_str(", PhD");
            }
            let region = i % regions;
            let here = &local[region];
            let (company, home_field) = &companies[here[zipf_index(rng, here.len())]];
            let field = if rng.random_bool(0.6) {
                *home_field
            } else {
                rng.random_range(0..FIELDS.len())
            };
            let position = pick(rng, FIELDS[field].1).to_string();
            let url = format!(
                "https://www.linkedin.com/in/{}",
                slug(&first, last.trim_end_matches(", PhD"), 0x1000 + i as u32)
            );
            SyntheticPerson {
                first,
                last,
                url,
                company: company.clone(),
                position,
                field,
                region,
            }
        })
        .collect()
}

/// An index in `0..len` with probability ∝ 1/(i+1) (heavy-tailed company sizes).
fn zipf_index(rng: &mut ChaCha8Rng, len: usize) -> usize {
    let h: f64 = (1..=len).map(|i| 1.0 / i as f64).sum();
    let mut x = rng.random::<f64>() * h;
    for i in 0..len {
        x -= 1.0 / (i + 1) as f64;
        if x <= 0.0 {
            return i;
        }
    }
    len - 1
}

/// People per region of [`professional`].
pub const PEOPLE_PER_REGION: usize = 1000;

/// Regions in a network of `n` people: one per [`PEOPLE_PER_REGION`], from 1 to 16.
pub fn region_count(n: usize) -> usize {
    (n / PEOPLE_PER_REGION).clamp(1, 16)
}

/// People to draw from in proportion to their activity weights.
struct Pool {
    members: Vec<u32>,
    cumulative: Vec<f64>,
}

impl Pool {
    fn new(members: Vec<u32>, weight: &[f64]) -> Pool {
        let mut acc = 0.0;
        let cumulative = members
            .iter()
            .map(|&u| {
                acc += weight[u as usize];
                acc
            })
            .collect();
        Pool {
            members,
            cumulative,
        }
    }

    fn draw(&self, rng: &mut ChaCha8Rng) -> u32 {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        self.members[preferential(rng, &self.cumulative, total) as usize]
    }
}

/// Generates a professional network of `n` people: regions (one per 1,000 people) holding
/// their own companies, companies as communities with heavy-tailed sizes, heavy-tailed
/// activity (degrees), same-field preference, triadic closure inside companies, 2 % of
/// connections across regions, and connection dates spread over 2008–2026.
pub fn professional(n: usize, mean_degree: f64, seed: u64) -> Professional {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let regions = region_count(n);
    let company_count = (n / 25).clamp(3, 2000).max(regions);
    let companies: Vec<(String, usize)> = (0..company_count)
        .map(|i| {
            let stem = COMPANY_STEMS[i % COMPANY_STEMS.len()];
            let name = if i < COMPANY_STEMS.len() {
                format!("{stem} {}", pick(&mut rng, COMPANY_SUFFIXES))
            } else {
                format!(
                    "{stem} {} {}",
                    i / COMPANY_STEMS.len() + 1,
                    pick(&mut rng, COMPANY_SUFFIXES)
                )
            };
            (name, rng.random_range(0..FIELDS.len()))
        })
        .collect();
    let people = invent_people(&mut rng, n, &companies, regions);
    let weight = activity_weights(&mut rng, n);
    let set = draw_edges(&mut rng, &people, &weight, mean_degree);
    let mut pairs: Vec<(u32, u32)> = set.into_iter().collect();
    pairs.sort_unstable();
    close_triads(&mut rng, &mut pairs, &people, n);
    let start = NaiveDate::from_ymd_opt(2008, 1, 1).unwrap_or_default();
    let span = NaiveDate::from_ymd_opt(2026, 10, 31)
        .unwrap_or_default()
        .signed_duration_since(start)
        .num_days() as u64;
    let edges = pairs
        .into_iter()
        .map(|(u, v)| (u, v, start + Days::new(rng.random_range(0..=span))))
        .collect();
    Professional { people, edges }
}

/// Heavy-tailed activity: Pareto(α = 2.1) weights, capped at 40 times the mean so that the
/// busiest people hold tens of times the mean degree (LinkedIn caps connections too) rather
/// than most of the network.
fn activity_weights(rng: &mut ChaCha8Rng, n: usize) -> Vec<f64> {
    let mut weight: Vec<f64> = (0..n)
        .map(|_| (1.0 - rng.random::<f64>()).powf(-1.0 / 1.1))
        .collect();
    let cap = 40.0 * weight.iter().sum::<f64>() / n.max(1) as f64;
    weight.iter_mut().for_each(|w| *w = w.min(cap));
    weight
}

/// Draws `n · mean_degree / 2` distinct connections: one end by activity, the other half the
/// time a colleague, else by activity in the same region (same field preferred), and 2 % of
/// the time by activity anywhere.
fn draw_edges(
    rng: &mut ChaCha8Rng,
    people: &[SyntheticPerson],
    weight: &[f64],
    mean_degree: f64,
) -> rustc_hash::FxHashSet<(u32, u32)> {
    let n = people.len();
    let mut by_company: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
    let mut by_region: Vec<Vec<u32>> =
        vec![Vec::new(); people.iter().map(|p| p.region + 1).max().unwrap_or(1)];
    for (i, p) in people.iter().enumerate() {
        by_company
            .entry(p.company.as_str())
            .or_default()
            .push(i as u32);
        by_region[p.region].push(i as u32);
    }
    let everyone = Pool::new((0..n as u32).collect(), weight);
    let regions: Vec<Pool> = by_region
        .into_iter()
        .map(|m| Pool::new(m, weight))
        .collect();
    let mut set = rustc_hash::FxHashSet::default();
    let target_edges = (n as f64 * mean_degree / 2.0) as usize;
    let mut guard = 0usize;
    while set.len() < target_edges && guard < target_edges * 20 {
        guard += 1;
        let u = everyone.draw(rng);
        let person = &people[u as usize];
        let v = match rng.random_range(0..50) {
            0..25 => *pick(rng, &by_company[person.company.as_str()]),
            25..40 => {
                let cand = regions[person.region].draw(rng);
                if people[cand as usize].field != person.field {
                    continue;
                }
                cand
            }
            40..49 => regions[person.region].draw(rng),
            _ => everyone.draw(rng),
        };
        if u != v {
            set.insert((u.min(v), u.max(v)));
        }
    }
    set
}

/// Adds coworker-of-coworker edges (triadic closure inside companies).
fn close_triads(
    rng: &mut ChaCha8Rng,
    pairs: &mut Vec<(u32, u32)>,
    people: &[SyntheticPerson],
    n: usize,
) {
    let mut adj: Vec<Vec<u32>> = vec![Vec::new(); n];
    for &(u, v) in pairs.iter() {
        adj[u as usize].push(v);
        adj[v as usize].push(u);
    }
    let mut extra = Vec::new();
    for (u, neighbours) in adj.iter().enumerate() {
        if neighbours.len() < 2 {
            continue;
        }
        for _ in 0..(neighbours.len() / 4).max(1) {
            let a = *pick(rng, neighbours);
            let b = *pick(rng, neighbours);
            let same = people[a as usize].company == people[b as usize].company
                && people[u].company == people[a as usize].company;
            if a != b && same {
                extra.push((a.min(b), a.max(b)));
            }
        }
    }
    pairs.extend(extra);
    pairs.sort_unstable();
    pairs.dedup();
}

fn preferential(rng: &mut ChaCha8Rng, cumulative: &[f64], total: f64) -> u32 {
    let x = rng.random::<f64>() * total;
    cumulative
        .partition_point(|&c| c < x)
        .min(cumulative.len() - 1) as u32
}

/// Owners per region in [`pick_owners`].
pub const OWNERS_PER_REGION: usize = 3;

/// Chooses `k` export owners: a snowball of [`OWNERS_PER_REGION`] in each of the first few
/// regions, so that exports overlap within a region the way a team's do and only here and
/// there across regions, the way a club's members' do.
pub fn pick_owners(net: &Professional, k: usize, seed: u64) -> Vec<u32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x6f776e657273);
    let n = net.people.len();
    let mut adj: Vec<Vec<u32>> = vec![Vec::new(); n];
    for &(u, v, _) in &net.edges {
        adj[u as usize].push(v);
        adj[v as usize].push(u);
    }
    let mut by_degree: Vec<u32> = (0..n as u32).collect();
    by_degree.sort_by_key(|&u| (std::cmp::Reverse(adj[u as usize].len()), u));
    let regions = net.people.iter().map(|p| p.region + 1).max().unwrap_or(1);
    let mut owners: Vec<u32> = Vec::with_capacity(k);
    let mut region = 0;
    while owners.len() < k.min(n) && region < n {
        let size = if region + 1 >= regions {
            k - owners.len()
        } else {
            OWNERS_PER_REGION
        };
        let size = size.min(k - owners.len());
        snowball(
            &adj,
            &by_degree,
            net,
            region % regions,
            size,
            &mut owners,
            &mut rng,
        );
        region += 1;
    }
    owners
}

/// Adds `size` owners from `region` to `owners`: a person of moderate degree (about the 5th
/// percentile from the top of the region), then contacts of those chosen, in the region and
/// with at most 400 connections.
fn snowball(
    adj: &[Vec<u32>],
    by_degree: &[u32],
    net: &Professional,
    region: usize,
    size: usize,
    owners: &mut Vec<u32>,
    rng: &mut ChaCha8Rng,
) {
    let local: Vec<u32> = by_degree
        .iter()
        .copied()
        .filter(|&u| net.people[u as usize].region == region && !owners.contains(&u))
        .collect();
    let Some(&start) = local.get(local.len() / 20) else {
        return;
    };
    let first = owners.len();
    owners.push(start);
    let mut guard = 0;
    while owners.len() - first < size && guard < 100 * size {
        guard += 1;
        let from = owners[rng.random_range(first..owners.len())];
        let mut candidates: Vec<u32> = adj[from as usize]
            .iter()
            .copied()
            .filter(|&c| {
                !owners.contains(&c)
                    && net.people[c as usize].region == region
                    && adj[c as usize].len() <= 400
            })
            .collect();
        candidates.shuffle(rng);
        if let Some(&c) = candidates.first() {
            owners.push(c);
        }
    }
}

/// Gives each of `owners` at least `contacts` connections (at most everyone else): the extra
/// ones are people drawn uniformly at random, dated uniformly over 2008–2026, from a stream of
/// their own (so the rest of the network is the same as without). Exports as large as a
/// recruiter's, for benchmarks of merged folders.
pub fn widen_owners(net: &mut Professional, owners: &[u32], contacts: usize, seed: u64) {
    let n = net.people.len();
    let want = contacts.min(n.saturating_sub(1));
    let mut neighbours: FxHashMap<u32, FxHashSet<u32>> =
        owners.iter().map(|&o| (o, FxHashSet::default())).collect();
    for &(u, v, _) in &net.edges {
        for (a, b) in [(u, v), (v, u)] {
            if let Some(set) = neighbours.get_mut(&a) {
                set.insert(b);
            }
        }
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x7769_6465);
    let start = NaiveDate::from_ymd_opt(2008, 1, 1).unwrap_or_default();
    let span = NaiveDate::from_ymd_opt(2026, 10, 31)
        .unwrap_or_default()
        .signed_duration_since(start)
        .num_days() as u64;
    for &owner in owners {
        let mut have = neighbours[&owner].len();
        while have < want {
            let other = rng.random_range(0..n as u32);
            let pair = (owner.min(other), owner.max(other));
            if other == owner || neighbours[&owner].contains(&other) {
                continue;
            }
            neighbours.get_mut(&owner).map(|s| s.insert(other));
            if let Some(s) = neighbours.get_mut(&other) {
                s.insert(owner);
            }
            have += 1;
            let on = start + Days::new(rng.random_range(0..=span));
            net.edges.push((pair.0, pair.1, on));
        }
    }
    net.edges.sort_unstable_by_key(|&(u, v, _)| (u, v));
}

/// Nodes per deterministic work chunk of the large generator (its own RNG stream each).
const CHUNK: usize = 1 << 14;

fn chunk_rng(seed: u64, stream: u64, chunk: usize) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream.wrapping_mul(0x1_0000_0000) + chunk as u64);
    rng
}

/// Index of the first cumulative value above `x` (sampling in proportion to weights).
fn pick_cumulative(cumulative: &[f64], x: f64) -> usize {
    cumulative
        .partition_point(|&c| c <= x)
        .min(cumulative.len().saturating_sub(1))
}

/// A large professional network as endpoint pairs, for benchmarks (no names): `nodes` people in
/// companies of Zipf-distributed size, heavy-tailed activity (Pareto α = 2.5 weights,
/// Chung–Lu-style endpoint choice), 60 % of edges inside the company, then triadic closure (each
/// person introduces pairs of their contacts, about 10 % more edges). Parallel in fixed chunks
/// with their own seeded streams, so the output is the same for any thread count.
pub fn professional_large(nodes: u32, mean_degree: f64, seed: u64) -> Vec<u32> {
    let n = nodes.max(2) as usize;
    let companies = (n / 50).max(1);
    let attrs = large_attributes(n, companies, seed);
    let choice = EndpointChoice::new(&attrs, companies);
    let mut pairs = large_pairs(&attrs, &choice, mean_degree, seed);
    let extra = large_introductions(n, &pairs, seed);
    pairs.extend(extra);
    pairs
}

/// Company (Zipf, exponent 1) and Pareto(α = 2.5) weight of each of `n` nodes.
fn large_attributes(n: usize, companies: usize, seed: u64) -> Vec<(u32, f64)> {
    use rayon::prelude::*;
    let zipf: Vec<f64> = (0..companies)
        .scan(0.0, |acc, i| {
            *acc += 1.0 / (i + 1) as f64;
            Some(*acc)
        })
        .collect();
    let ztotal = zipf[companies - 1];
    (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .flat_map_iter(|c| {
            let mut rng = chunk_rng(seed, 1, c);
            let len = CHUNK.min(n - c * CHUNK);
            (0..len)
                .map(|_| {
                    let company = pick_cumulative(&zipf, rng.random::<f64>() * ztotal) as u32;
                    let weight = (1.0 - rng.random::<f64>()).powf(-1.0 / 2.5);
                    (company, weight)
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Members of each company with their cumulative weights, and the global cumulative weights:
/// what choosing an endpoint by weight (inside the company or anywhere) needs.
struct EndpointChoice {
    members: Vec<u32>,
    start: Vec<usize>,
    member_cum: Vec<f64>,
    global_cum: Vec<f64>,
    total: f64,
}

impl EndpointChoice {
    fn new(attrs: &[(u32, f64)], companies: usize) -> EndpointChoice {
        let n = attrs.len();
        let mut members: Vec<u32> = (0..n as u32).collect();
        members.sort_by_key(|&v| (attrs[v as usize].0, v));
        let mut start = vec![0usize; companies + 1];
        for &v in &members {
            start[attrs[v as usize].0 as usize + 1] += 1;
        }
        for i in 0..companies {
            start[i + 1] += start[i];
        }
        let mut member_cum = vec![0f64; n];
        for c in 0..companies {
            let mut acc = 0.0;
            for i in start[c]..start[c + 1] {
                acc += attrs[members[i] as usize].1;
                member_cum[i] = acc;
            }
        }
        let global_cum: Vec<f64> = attrs
            .iter()
            .scan(0.0, |acc, a| {
                *acc += a.1;
                Some(*acc)
            })
            .collect();
        let total = global_cum[n - 1];
        EndpointChoice {
            members,
            start,
            member_cum,
            global_cum,
            total,
        }
    }

    /// The other end of a stub of a member of `company`: 60 % a colleague, else anyone.
    fn other_end(&self, company: u32, rng: &mut ChaCha8Rng) -> u32 {
        let (lo, hi) = (
            self.start[company as usize],
            self.start[company as usize + 1],
        );
        if hi - lo > 1 && rng.random::<f64>() < 0.6 {
            // Cumulative weights restart at every company.
            let span = &self.member_cum[lo..hi];
            let x = rng.random::<f64>() * span[span.len() - 1];
            self.members[lo + pick_cumulative(span, x)]
        } else {
            pick_cumulative(&self.global_cum, rng.random::<f64>() * self.total) as u32
        }
    }
}

/// The Chung–Lu-style edges: each node sends stubs in proportion to its weight.
fn large_pairs(
    attrs: &[(u32, f64)],
    choice: &EndpointChoice,
    mean_degree: f64,
    seed: u64,
) -> Vec<u32> {
    use rayon::prelude::*;
    let n = attrs.len();
    let stubs_per_weight = mean_degree / 2.0 / (choice.total / n as f64);
    (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .flat_map_iter(|c| {
            let mut rng = chunk_rng(seed, 2, c);
            let mut out = Vec::new();
            for (u, &(company, weight)) in attrs.iter().enumerate().skip(c * CHUNK).take(CHUNK) {
                let expected = weight * stubs_per_weight;
                let stubs =
                    expected.floor() as usize + usize::from(rng.random::<f64>() < expected.fract());
                for _ in 0..stubs {
                    let v = choice.other_end(company, &mut rng);
                    out.push(u as u32);
                    out.push(v);
                }
            }
            out
        })
        .collect()
}

/// Triadic closure on the graph so far: a fifth of the people introduce pairs of their
/// contacts (a quarter of their degree).
fn large_introductions(n: usize, pairs: &[u32], seed: u64) -> Vec<u32> {
    use rayon::prelude::*;
    let (csr, _) = crate::graph::Csr::from_pairs(n, pairs);
    (0..n.div_ceil(CHUNK))
        .into_par_iter()
        .flat_map_iter(|c| {
            let mut rng = chunk_rng(seed, 3, c);
            let mut out = Vec::new();
            for u in c * CHUNK..(c * CHUNK + CHUNK).min(n) {
                let row = csr.neighbors(u as u32);
                if row.len() >= 2 && rng.random::<f64>() < 0.2 {
                    let introductions = (row.len() / 4).max(1);
                    for _ in 0..introductions {
                        let (a, b) = (
                            row[rng.random_range(0..row.len())],
                            row[rng.random_range(0..row.len())],
                        );
                        if a != b {
                            out.push(a);
                            out.push(b);
                        }
                    }
                }
            }
            out
        })
        .collect()
}
