//! The Python module `netreach._native` (cargo feature `python`, built by maturin from
//! `pyproject.toml`): conversion in and out, exceptions, and the GIL released around library
//! calls. No analysis logic lives here: each function is a library call the CLI makes too, and
//! the Python package (`src/python/netreach/`) shapes the results (pandas, NetworkX's types).
//!
//! Arrays cross as numpy arrays (copied once into numpy's memory); documents cross as the JSON
//! text the CLI writes with `--format json`, so a Python result and the CLI's output are one
//! serialisation.

use std::path::PathBuf;
use std::sync::Arc;

use numpy::{IntoPyArray, PyArray1, PyReadonlyArray1};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::connectors;
use crate::graph::{Csr, Labels, Network};
use crate::io::LoadOptions;
use crate::reach;
use crate::render::json_document;
use crate::tasks;

mod build;
mod support;

use build::{from_int_pairs, from_rows, load, set_memory_limit};
use support::{anyhow_err, compute, ensure, in_pool, json_err, py_err, titles_of};

/// A loaded network (immutable; shared by the Python objects that hold it).
#[pyclass(name = "Network", module = "netreach._native", frozen)]
pub struct PyNetwork {
    net: Arc<Network>,
    /// The input it was loaded from, and `--owner` (the audit, the report and tie strengths
    /// read the archives in it); `None` for a network built from arrays or NetworkX.
    input: Option<(PathBuf, LoadOptions)>,
}

impl PyNetwork {
    fn new(net: Network) -> PyNetwork {
        PyNetwork {
            net: Arc::new(net),
            input: None,
        }
    }

    /// The input path, for the questions that read the archives in it.
    fn input_path(&self, what: &str) -> PyResult<&std::path::Path> {
        match &self.input {
            Some((path, _)) => Ok(path),
            None => Err(PyValueError::new_err(format!(
                "{what} reads the LinkedIn archives of a loaded input: use netreach.load(path)"
            ))),
        }
    }

    /// [`reach::distance_sums`] after the memory check, without the GIL.
    fn all_distance_sums(
        &self,
        py: Python<'_>,
        threads: Option<usize>,
    ) -> PyResult<reach::DistanceSums> {
        let csr = self.csr();
        compute(py, threads, || {
            let workers = rayon::current_num_threads();
            ensure(
                reach::DistanceSums::memory_bytes(csr.node_count(), csr.arc_count(), workers),
                "distance sums of everyone",
            )?;
            Ok(reach::distance_sums(csr))
        })
    }

    fn owner(&self) -> Option<&str> {
        self.input.as_ref().and_then(|(_, o)| o.owner.as_deref())
    }

    fn csr(&self) -> &Csr {
        &self.net.csr
    }

    fn check_node(&self, node: u32) -> PyResult<()> {
        if (node as usize) < self.net.node_count() {
            Ok(())
        } else {
            Err(PyValueError::new_err(format!("no node with id {node}")))
        }
    }

    /// The ego's tie strengths and those of fellow exporters, from the loaded input's
    /// archives (none for a network built in memory), as `intro` ranks introducers.
    fn tie_strengths(&self, ego: u32, notes: &mut Vec<String>) -> tasks::AllStrengths {
        match &self.input {
            Some((input, _)) => tasks::all_tie_strengths(&self.net, input, ego, notes),
            None => Default::default(),
        }
    }

    /// The target group of `intro`'s `--target` specs or `--target-file` ids, as the CLI
    /// builds it (`None` when neither is given).
    fn target_group(
        &self,
        specs: &[String],
        ids: Option<&[u32]>,
    ) -> PyResult<Option<crate::whatif::TargetGroup>> {
        use crate::whatif::{Criterion, TargetGroup};
        if let Some(ids) = ids {
            if !specs.is_empty() {
                return Err(PyValueError::new_err(
                    "give target specs or target ids, not both",
                ));
            }
            if ids.is_empty() {
                return Err(PyValueError::new_err("the target id list is empty"));
            }
            ids.iter().try_for_each(|&id| self.check_node(id))?;
            let n = self.net.node_count();
            return Ok(Some(TargetGroup::ids(n, ids, "the ids given")));
        }
        if specs.is_empty() {
            return Ok(None);
        }
        let criteria = specs
            .iter()
            .map(|spec| Criterion::parse(spec).map_err(PyValueError::new_err))
            .collect::<PyResult<Vec<_>>>()?;
        TargetGroup::matching_someone(&self.net, &criteria)
            .map(Some)
            .map_err(PyValueError::new_err)
    }
}

#[pymethods]
impl PyNetwork {
    /// Number of people.
    #[getter]
    fn node_count(&self) -> usize {
        self.net.node_count()
    }

    /// Number of connections (undirected, merged, no self-links).
    #[getter]
    fn edge_count(&self) -> usize {
        self.csr().edge_count()
    }

    /// The original labels in node-id order: a numpy array of integers or a list of strings.
    fn labels<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match &self.net.labels {
            Labels::Int(v) => v.clone().into_pyarray(py).into_any(),
            Labels::Str(v) => PyList::new(py, v.iter().map(|s| &**s))?.into_any(),
        })
    }

    /// Self-loops the build dropped.
    #[getter]
    fn self_loops(&self) -> u64 {
        self.net.report.build.self_loops
    }

    /// What the CLI says on stderr after loading this input: the loader's notes (a directed
    /// input read as undirected, weights ignored, …) and the summary of rows read around with
    /// the first `file:line`.
    fn load_notes(&self) -> Vec<String> {
        match &self.input {
            Some((path, _)) => tasks::load_notes(&self.net, path),
            None => Vec::new(),
        }
    }

    /// Neighbours of a node, by id.
    fn neighbors<'py>(&self, py: Python<'py>, node: u32) -> PyResult<Bound<'py, PyArray1<u32>>> {
        self.check_node(node)?;
        Ok(self.csr().neighbors(node).to_vec().into_pyarray(py))
    }

    /// The node a name, profile URL or id names (the CLI's `--ego`).
    fn resolve(&self, query: &str) -> PyResult<u32> {
        self.net.resolve(query).map_err(py_err)
    }

    /// `netreach stats --format json`.
    #[pyo3(signature = (top, threads=None))]
    fn stats_json(&self, py: Python<'_>, top: usize, threads: Option<usize>) -> PyResult<String> {
        let net = &self.net;
        let summary = compute(py, threads, || Ok(crate::stats::summarize(net, top)))?;
        let doc = json_document("stats", &summary).map_err(json_err)?;
        Ok(doc.to_string())
    }

    /// `netreach reach --ego … --format json`: rings with breakdowns, ranked among the others
    /// (not in a single export, which is a star).
    #[pyo3(signature = (ego, depth, threads=None))]
    fn reach_json(
        &self,
        py: Python<'_>,
        ego: u32,
        depth: usize,
        threads: Option<usize>,
    ) -> PyResult<String> {
        self.check_node(ego)?;
        let net = &self.net;
        let body = compute(py, threads, || {
            tasks::ego_reach::<()>(net, ego, depth, true, None)
        })?;
        let doc = json_document("reach", &body).map_err(json_err)?;
        Ok(doc.to_string())
    }

    /// n_1..n_depth of every person (exact, `reach --all`), flattened by person.
    #[pyo3(signature = (depth, threads=None))]
    fn rings<'py>(
        &self,
        py: Python<'py>,
        depth: usize,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyArray1<u64>>> {
        let csr = self.csr();
        let counts = compute(py, threads, || {
            let n = csr.node_count();
            let workers = rayon::current_num_threads();
            ensure(
                reach::memory_bytes(n, csr.arc_count(), n, depth, workers),
                "exact reach of everyone",
            )?;
            let sources: Vec<u32> = (0..n as u32).collect();
            Ok(reach::rings_of(csr, &sources, depth))
        })?;
        Ok(counts.into_pyarray(py))
    }

    /// n1, n2, n3 of every person estimated by HyperBall (`reach --all --approx`): the rings
    /// (flattened by person), their standard errors (n2, n3), registers and relative error.
    #[allow(clippy::type_complexity)]
    #[pyo3(signature = (registers, seed, threads=None))]
    fn approx_rings<'py>(
        &self,
        py: Python<'py>,
        registers: u32,
        seed: u64,
        threads: Option<usize>,
    ) -> PyResult<(
        Bound<'py, PyArray1<u64>>,
        Bound<'py, PyArray1<f64>>,
        usize,
        f64,
    )> {
        if !registers.is_power_of_two() || !(16..=65_536).contains(&registers) {
            return Err(PyValueError::new_err(
                "registers must be a power of two from 16 to 65536",
            ));
        }
        let bits = registers.trailing_zeros();
        let csr = self.csr();
        let r = compute(py, threads, || {
            ensure(
                crate::hyperball::memory_bytes(csr.node_count(), bits),
                "HyperBall",
            )?;
            Ok(crate::hyperball::approx_reach(csr, bits, seed))
        })?;
        let rings: Vec<u64> = r.rings.iter().flatten().copied().collect();
        let errors: Vec<f64> = r.standard_error.iter().flatten().copied().collect();
        Ok((
            rings.into_pyarray(py),
            errors.into_pyarray(py),
            r.registers,
            r.relative_standard_error,
        ))
    }

    /// Betweenness of every node (`connectors --all`): exact, or sampled with an (ε, δ)
    /// guarantee. Returns the unordered-pair scores, NetworkX's normalised ones, and how they
    /// were computed (JSON).
    #[pyo3(signature = (sampled, epsilon, delta, seed, threads=None))]
    #[allow(clippy::type_complexity)]
    fn betweenness<'py>(
        &self,
        py: Python<'py>,
        sampled: bool,
        epsilon: f64,
        delta: f64,
        seed: u64,
        threads: Option<usize>,
    ) -> PyResult<(Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>, String)> {
        if sampled && !(epsilon > 0.0 && epsilon < 1.0 && delta > 0.0 && delta < 1.0) {
            return Err(PyValueError::new_err(
                "epsilon and delta must lie strictly between 0 and 1",
            ));
        }
        let csr = self.csr();
        let b = compute(py, threads, || {
            let workers = rayon::current_num_threads();
            if sampled {
                ensure(
                    connectors::sampled_memory_bytes(csr, workers),
                    "sampled betweenness",
                )?;
                Ok(connectors::betweenness_sampled(csr, epsilon, delta, seed))
            } else {
                ensure(
                    connectors::betweenness_memory_bytes(csr, workers),
                    "exact betweenness",
                )?;
                Ok(connectors::betweenness(csr))
            }
        })?;
        let method = serde_json::to_string(&b.method).map_err(json_err)?;
        Ok((
            b.raw.into_pyarray(py),
            b.normalised.into_pyarray(py),
            method,
        ))
    }

    /// Σ over `sources` of each node's dependency δ_s(v), ordered pairs (Brandes from the
    /// given sources only: NetworkX's `betweenness_centrality(G, k)` before its rescaling).
    #[pyo3(signature = (sources, threads=None))]
    fn source_betweenness<'py>(
        &self,
        py: Python<'py>,
        sources: PyReadonlyArray1<'py, u32>,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let sources = sources.as_slice()?.to_vec();
        for &s in &sources {
            self.check_node(s)?;
        }
        let csr = self.csr();
        let acc = compute(py, threads, || {
            let workers = rayon::current_num_threads();
            ensure(
                connectors::betweenness_memory_bytes(csr, workers),
                "betweenness",
            )?;
            Ok(connectors::source_betweenness(csr, &sources))
        })?;
        Ok(acc.into_pyarray(py))
    }

    /// Every node's distance sums from its full-depth ring counts: people reachable, the sum
    /// of their distances, and Σ n_k / k (closeness and harmonic centrality).
    #[allow(clippy::type_complexity)]
    #[pyo3(signature = (threads=None))]
    fn distance_sums<'py>(
        &self,
        py: Python<'py>,
        threads: Option<usize>,
    ) -> PyResult<(
        Bound<'py, PyArray1<u64>>,
        Bound<'py, PyArray1<u64>>,
        Bound<'py, PyArray1<f64>>,
    )> {
        let sums = self.all_distance_sums(py, threads)?;
        Ok((
            sums.reached.into_pyarray(py),
            sums.total_distance.into_pyarray(py),
            sums.harmonic.into_pyarray(py),
        ))
    }

    /// Closeness of every node (NetworkX's, with or without `wf_improved`).
    #[pyo3(signature = (wf_improved, threads=None))]
    fn closeness<'py>(
        &self,
        py: Python<'py>,
        wf_improved: bool,
        threads: Option<usize>,
    ) -> PyResult<Bound<'py, PyArray1<f64>>> {
        let sums = self.all_distance_sums(py, threads)?;
        Ok(sums.closeness(wf_improved).into_pyarray(py))
    }

    /// Closeness of one node, from one breadth-first search.
    fn closeness_of(&self, py: Python<'_>, source: u32, wf_improved: bool) -> PyResult<f64> {
        self.check_node(source)?;
        let csr = self.csr();
        let (reached, total) = py.detach(|| {
            let mut scratch = crate::bfs::BfsScratch::new(csr.node_count());
            let (mut reached, mut total) = (0u64, 0u64);
            scratch.visit(csr, source, csr.node_count(), |_, d| {
                reached += u64::from(d > 0);
                total += d as u64;
            });
            (reached, total)
        });
        Ok(reach::closeness(
            csr.node_count(),
            reached,
            total,
            wf_improved,
        ))
    }

    /// The nodes within `depth` hops of `source` in breadth-first order, and their distances.
    #[allow(clippy::type_complexity)]
    fn bfs<'py>(
        &self,
        py: Python<'py>,
        source: u32,
        depth: usize,
    ) -> PyResult<(Bound<'py, PyArray1<u32>>, Bound<'py, PyArray1<u32>>)> {
        self.check_node(source)?;
        let csr = self.csr();
        let (nodes, dist) = py.detach(|| {
            let mut scratch = crate::bfs::BfsScratch::new(csr.node_count());
            let (mut nodes, mut dist) = (Vec::new(), Vec::new());
            scratch.visit(csr, source, depth, |v, d| {
                nodes.push(v);
                dist.push(d as u32);
            });
            (nodes, dist)
        });
        Ok((nodes.into_pyarray(py), dist.into_pyarray(py)))
    }

    /// Core number of every node (Batagelj–Zaversnik).
    fn core_numbers<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<u32>> {
        let csr = self.csr();
        py.detach(|| connectors::core_numbers(csr)).into_pyarray(py)
    }

    /// Burt's effective size and constraint of every node (NaN for isolated nodes).
    #[allow(clippy::type_complexity)]
    fn burt<'py>(&self, py: Python<'py>) -> (Bound<'py, PyArray1<f64>>, Bound<'py, PyArray1<f64>>) {
        let csr = self.csr();
        let all = py.detach(|| connectors::burt_all(csr));
        let size = all
            .iter()
            .map(|b| b.as_ref().map_or(f64::NAN, |b| b.effective_size));
        let constraint = all
            .iter()
            .map(|b| b.as_ref().map_or(f64::NAN, |b| b.constraint));
        (
            size.collect::<Vec<_>>().into_pyarray(py),
            constraint.collect::<Vec<_>>().into_pyarray(py),
        )
    }

    /// Bridges as a flat array of endpoint pairs (u < v, sorted).
    fn bridges<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<u32>> {
        let csr = self.csr();
        let list = py.detach(|| connectors::bridge_list(csr));
        let flat: Vec<u32> = list.into_iter().flat_map(|(u, v)| [u, v]).collect();
        flat.into_pyarray(py)
    }

    /// Articulation points in increasing id.
    fn articulation_points<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray1<u32>> {
        let csr = self.csr();
        let flags = py.detach(|| connectors::articulation_flags(csr));
        let points: Vec<u32> = (0..flags.len() as u32)
            .filter(|&u| flags[u as usize])
            .collect();
        points.into_pyarray(py)
    }

    /// Biconnected blocks (two or more nodes each), each in increasing id.
    fn blocks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let csr = self.csr();
        let blocks = py.detach(|| connectors::biconnected_blocks(csr));
        PyList::new(py, blocks.into_iter().map(|b| b.into_pyarray(py)))
    }

    /// The connected component of every node (numbered by first node) and each one's size.
    #[allow(clippy::type_complexity)]
    fn components<'py>(
        &self,
        py: Python<'py>,
    ) -> (Bound<'py, PyArray1<u32>>, Bound<'py, PyArray1<u64>>) {
        let csr = self.csr();
        let (component, sizes) = py.detach(|| crate::stats::components(csr));
        let sizes: Vec<u64> = sizes.into_iter().map(|s| s as u64).collect();
        (component.into_pyarray(py), sizes.into_pyarray(py))
    }

    /// `netreach connectors --ego … --format json`: each contact's exclusive reach and loss.
    #[pyo3(signature = (ego, threads=None))]
    fn connectors_json(
        &self,
        py: Python<'_>,
        ego: u32,
        threads: Option<usize>,
    ) -> PyResult<String> {
        self.check_node(ego)?;
        let net = &self.net;
        let result = compute(py, threads, || {
            let workers = rayon::current_num_threads();
            ensure(
                connectors::ego_memory_bytes(net.node_count(), workers),
                "the key connectors of one person",
            )?;
            Ok(connectors::ego_connectors(net, ego))
        })?;
        let doc = json_document("connectors", &result).map_err(json_err)?;
        Ok(doc.to_string())
    }

    /// The ego of a question about one person: `ego` (id, profile URL or name), else the
    /// input's owner, else the owner of a single export (the CLI's rule), with what it says.
    #[pyo3(signature = (ego=None))]
    fn ego_of(&self, ego: Option<&str>) -> PyResult<(u32, Vec<String>)> {
        let mut notes = Vec::new();
        let id = tasks::ego(&self.net, ego, self.owner(), &mut notes).map_err(py_err)?;
        Ok((id, notes))
    }

    /// `netreach audit --format json`: the personal audit of the ego's own archive.
    #[pyo3(signature = (ego, field=None, years=10, threads=None))]
    fn audit_json(
        &self,
        py: Python<'_>,
        ego: u32,
        field: Option<String>,
        years: u32,
        threads: Option<usize>,
    ) -> PyResult<String> {
        self.check_node(ego)?;
        let input = self.input_path("the audit")?;
        let net = &self.net;
        let audit = compute(py, threads, || {
            tasks::audit(net, input, None, ego, field, years)
        })?;
        let doc = json_document("audit", &audit).map_err(json_err)?;
        Ok(doc.to_string())
    }

    /// `netreach intro --ego … --company … --to … --target … --format json`, with the notes it
    /// says. `targets` are `--target` specs (all required), `target_ids` the ids of
    /// `--target-file`.
    #[pyo3(signature = (ego, companies, to=None, targets=Vec::new(), target_ids=None, paths=3, threads=None))]
    #[allow(clippy::too_many_arguments)]
    fn intro_json(
        &self,
        py: Python<'_>,
        ego: u32,
        companies: Vec<String>,
        to: Option<u32>,
        targets: Vec<String>,
        target_ids: Option<Vec<u32>>,
        paths: usize,
        threads: Option<usize>,
    ) -> PyResult<(String, Vec<String>)> {
        self.check_node(ego)?;
        if let Some(to) = to {
            self.check_node(to)?;
        }
        let group = self.target_group(&targets, target_ids.as_deref())?;
        let in_group = group.as_ref().map(|g| move |v: u32| g.contains(v));
        let net = &self.net;
        let (doc, notes) = compute(py, threads, || {
            let mut notes = Vec::new();
            let (strength, theirs) = self.tie_strengths(ego, &mut notes);
            let intro = crate::intro::Introductions::new(net, ego, &strength)
                .with_introducer_strengths(theirs);
            let ask = tasks::IntroAsk {
                companies: &companies,
                to,
                in_group: in_group.as_ref().map(|f| f as &dyn Fn(u32) -> bool),
                keep: paths.max(1),
            };
            let known = strength.values().any(|s| s.score.is_some());
            let doc = tasks::introductions(net, &intro, ego, known, &ask, &mut notes);
            Ok((doc, notes))
        })?;
        let doc = json_document("intro", &doc).map_err(json_err)?;
        Ok((doc.to_string(), notes))
    }

    /// `netreach intro --ego … --jobs FILE --format json`: the job list's rows with the
    /// introduction columns added, with the notes it says.
    #[pyo3(signature = (ego, jobs, threads=None))]
    fn intro_jobs_json(
        &self,
        py: Python<'_>,
        ego: u32,
        jobs: PathBuf,
        threads: Option<usize>,
    ) -> PyResult<(String, Vec<String>)> {
        self.check_node(ego)?;
        let jobs = crate::intro::JobList::read(&jobs).map_err(anyhow_err)?;
        let (rows, notes) = compute(py, threads, || {
            let mut notes = Vec::new();
            let (strength, theirs) = self.tie_strengths(ego, &mut notes);
            let intro = crate::intro::Introductions::new(&self.net, ego, &strength)
                .with_introducer_strengths(theirs);
            Ok((jobs.with_introductions(&intro), notes))
        })?;
        let body = crate::intro::JobList::rows_json(&rows);
        let doc = json_document("intro", &body).map_err(json_err)?;
        Ok((doc.to_string(), notes))
    }

    /// `netreach ties --ego … --format json`, with the notes it says.
    #[pyo3(signature = (ego, threads=None))]
    fn ties_json(
        &self,
        py: Python<'_>,
        ego: u32,
        threads: Option<usize>,
    ) -> PyResult<(String, Vec<String>)> {
        self.check_node(ego)?;
        let net = &self.net;
        let input = self.input.as_ref().map(|(p, _)| p.as_path());
        let (ties, notes) = compute(py, threads, || {
            let mut notes = Vec::new();
            let strength = match input {
                Some(input) => tasks::tie_strengths(net, input, ego, &mut notes),
                None => Default::default(),
            };
            Ok((crate::intro::ties(net, ego, &strength), notes))
        })?;
        let body = serde_json::json!({ "ego": net.display_name(ego), "ties": ties });
        let doc = json_document("ties", &body).map_err(json_err)?;
        Ok((doc.to_string(), notes))
    }

    /// `netreach overlap --format json`: a team's shared contacts (a folder of exports).
    fn overlap_json(&self) -> PyResult<String> {
        let input = self.input_path("overlap")?;
        let overlap = tasks::overlap(&self.net, input).map_err(py_err)?;
        let doc = json_document("overlap", &overlap).map_err(json_err)?;
        Ok(doc.to_string())
    }

    /// `netreach report INPUT --out DIR …`: the whole report folder from the loaded input.
    /// Returns the number of files written and the notes the CLI prints.
    #[pyo3(signature = (out_dir, ego=None, companies=Vec::new(), jobs=None, pseudonymise=false, pseudonym_key=None, pseudonymise_companies=false, titles="keep", seeds=20, threads=None))]
    #[allow(clippy::too_many_arguments)]
    fn report(
        &self,
        py: Python<'_>,
        out_dir: PathBuf,
        ego: Option<String>,
        companies: Vec<String>,
        jobs: Option<PathBuf>,
        pseudonymise: bool,
        pseudonym_key: Option<PathBuf>,
        pseudonymise_companies: bool,
        titles: &str,
        seeds: usize,
        threads: Option<usize>,
    ) -> PyResult<(usize, Vec<String>)> {
        let Some((input, load)) = &self.input else {
            return Err(PyValueError::new_err(
                "report reads a loaded input: use netreach.load(path)",
            ));
        };
        let request = tasks::ReportRequest {
            input: input.clone(),
            load: load.clone(),
            ego,
            companies,
            jobs,
            pseudonymise: pseudonymise || pseudonym_key.is_some(),
            pseudonym_key,
            pseudonymise_companies,
            titles: titles_of(titles)?,
            seeds: seeds.max(1),
            source: None,
        };
        let run = || {
            let mut notes = Vec::new();
            let doc = tasks::report(&request, &mut notes)?;
            let written = tasks::write_report(&doc, &out_dir)?;
            anyhow::Ok((written, notes))
        };
        let outcome = py.detach(|| in_pool(threads, run))?;
        outcome.map_err(anyhow_err)
    }

    /// `netreach recommend --ego … --top K [--target …] --format json`: next best connections
    /// by exact gain in reach_3 (or in visibility to a target group, given as `--target`
    /// specs or as ids), chosen greedily as a set (exporters of a merged folder left out).
    /// `from_distance` is `--from` (2 or 3), `mutuals` `--mutuals LO..HI`, and
    /// `include_exporters` `--include-exporters`.
    #[pyo3(signature = (ego, top, targets=Vec::new(), target_ids=None, from_distance=2,
        mutuals=None, include_exporters=false, threads=None))]
    #[allow(clippy::too_many_arguments)]
    fn recommend_json(
        &self,
        py: Python<'_>,
        ego: u32,
        top: usize,
        targets: Vec<String>,
        target_ids: Option<Vec<u32>>,
        from_distance: u32,
        mutuals: Option<(usize, usize)>,
        include_exporters: bool,
        threads: Option<usize>,
    ) -> PyResult<String> {
        self.check_node(ego)?;
        if !(2..=3).contains(&from_distance) {
            return Err(PyValueError::new_err(format!(
                "from_distance {from_distance}: candidates come from distance 2 or 3"
            )));
        }
        if let Some((lo, hi)) = mutuals.filter(|(lo, hi)| lo > hi) {
            return Err(PyValueError::new_err(format!(
                "mutuals ({lo}, {hi}): the band's low end is above its high end"
            )));
        }
        let group = self.target_group(&targets, target_ids.as_deref())?;
        let net = &self.net;
        let result = compute(py, threads, || {
            let exporters = if include_exporters {
                Vec::new()
            } else {
                net.exporters()
            };
            let options = crate::whatif::RecommendOptions {
                top,
                from: from_distance,
                mutuals,
                target: group.as_ref(),
                leave_out: &exporters,
            };
            tasks::recommend(net, ego, &options)
        })?;
        let doc = match result {
            Some(picks) => json_document("recommend", &picks),
            None => json_document("recommend", &tasks::one_export_recommendation()),
        }
        .map_err(json_err)?;
        Ok(doc.to_string())
    }

    /// `netreach whatif --ego … --add … --remove … [--target …] --format json`: n1..n3,
    /// reach_3 and visibility to the target group (everyone without one) before and after.
    #[pyo3(signature = (ego, add, remove, targets=Vec::new(), target_ids=None, threads=None))]
    #[allow(clippy::too_many_arguments)]
    fn whatif_json(
        &self,
        py: Python<'_>,
        ego: u32,
        add: Vec<u32>,
        remove: Vec<u32>,
        targets: Vec<String>,
        target_ids: Option<Vec<u32>>,
        threads: Option<usize>,
    ) -> PyResult<String> {
        self.check_node(ego)?;
        add.iter()
            .chain(&remove)
            .try_for_each(|&v| self.check_node(v))?;
        let net = &self.net;
        if let Some(why) = crate::whatif::unaskable_change(net, ego, &add, &remove) {
            return Err(PyValueError::new_err(why));
        }
        let group = self.target_group(&targets, target_ids.as_deref())?;
        let group = group.unwrap_or_else(|| crate::whatif::TargetGroup::everyone(net.node_count()));
        let result = compute(py, threads, || {
            Ok(crate::whatif::whatif(net, ego, &add, &remove, &group))
        })?;
        let doc = json_document("whatif", &result).map_err(json_err)?;
        Ok(doc.to_string())
    }
}
/// The module: `netreach._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyNetwork>()?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(from_int_pairs, m)?)?;
    m.add_function(wrap_pyfunction!(from_rows, m)?)?;
    m.add_function(wrap_pyfunction!(set_memory_limit, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
