"""The native API: a loaded network and the questions the CLI answers, as Python values.

Every method is one call into the Rust library (the GIL released while it runs), with the
CLI's defaults; ``threads=`` is the CLI's ``-j``. Numbers are the CLI's, byte for byte:
documents are the CLI's ``--format json`` output parsed, tables its CSV columns.
"""

import json
import warnings

import numpy as np

from . import _native
from .graph import native_from_networkx


def load(path, owner=None, format=None):
    """Loads any input the CLI reads: a LinkedIn ``Connections.csv``, an archive (ZIP or
    folder), a folder of several people's exports, an edge list (optionally gzipped),
    node-link JSON, GML, GraphML or a ``.nrg`` cache. ``owner`` is the CLI's ``--owner``,
    ``format`` its ``--input-format`` (edgelist, linkedin, json, gml, graphml, nrg).

    Raises FileNotFoundError, ValueError (a bad file, with ``file:line``) or MemoryError with
    the CLI's message. Rows read around are reported as a warning, as the CLI reports them on
    stderr."""
    native = _native.load(str(path), owner, format)
    network = Network(native, path=path, owner=owner, format=format)
    _warn(native.load_notes())
    return network


def from_edges(u, v):
    """A network from two arrays of non-negative integer ids (edge ``u[i]``–``v[i]``),
    undirected, duplicates merged and self-loops dropped; people are labelled by their ids."""
    u = np.asarray(u)
    v = np.asarray(v)
    if u.shape != v.shape or u.ndim != 1:
        raise ValueError(f"u and v must be one-dimensional and equally long ({u.shape}, {v.shape})")
    for a in (u, v):
        if a.size and not np.issubdtype(a.dtype, np.integer):
            raise ValueError(f"node ids must be integers, not {a.dtype}")
        if a.size and a.min() < 0:
            raise ValueError("node ids must be non-negative integers")
    native = _native.from_int_pairs(
        np.ascontiguousarray(u, dtype=np.uint64), np.ascontiguousarray(v, dtype=np.uint64)
    )
    return Network(native)


def from_networkx(G):
    """A network from a NetworkX graph: any node objects (they come back as the labels),
    attributes ignored, directed graphs read as undirected, self-loops dropped."""
    native, nodes = native_from_networkx(G)
    return Network(native, nodes=nodes)


def _warn(notes):
    """What the CLI says on stderr, as Python warnings."""
    for note in notes:
        warnings.warn(f"netreach: {note}", stacklevel=3)


def _frame(columns):
    """A pandas DataFrame when pandas is installed, else the dict of numpy arrays."""
    try:
        import pandas as pd
    except ImportError:
        return columns
    return pd.DataFrame(columns)


class Network:
    """A network loaded by netreach (see :func:`load`, :func:`from_edges`,
    :func:`from_networkx`)."""

    def __init__(self, native, *, nodes=None, path=None, owner=None, format=None):
        self._native = native
        self._nodes = nodes
        self._path = path
        self._owner = owner
        self._format = format
        self._index = None

    @classmethod
    def from_edges(cls, u, v):
        """See :func:`from_edges`."""
        return from_edges(u, v)

    @classmethod
    def from_networkx(cls, G):
        """See :func:`from_networkx`."""
        return from_networkx(G)

    def __repr__(self):
        return f"<netreach.Network: {self.number_of_nodes():,} people, {self.number_of_edges():,} connections>"

    def number_of_nodes(self):
        return self._native.node_count

    def number_of_edges(self):
        return self._native.edge_count

    @property
    def node_ids(self):
        """Each person's id as the input wrote it (node objects for a NetworkX graph), in
        netreach's order: the order of every table's rows."""
        if self._nodes is not None:
            return list(self._nodes)
        labels = self._native.labels()
        return labels.tolist() if isinstance(labels, np.ndarray) else labels

    def _id(self, ego):
        """netreach's id of a person: a node object of a NetworkX graph, else what the CLI's
        ``--ego`` takes (an id, a profile URL or a name)."""
        if self._nodes is not None:
            if self._index is None:
                self._index = {node: i for i, node in enumerate(self._nodes)}
            try:
                return self._index[ego]
            except (KeyError, TypeError):
                raise ValueError(f"{ego!r} is not a node of this network") from None
        return self._native.resolve(str(ego))

    def _ego(self, ego):
        """The ego of a question about one person: ``ego``, else the input's owner, else the
        owner of a single export (said as a warning, as the CLI says it on stderr)."""
        if ego is not None:
            return self._id(ego)
        ego, notes = self._native.ego_of(None)
        _warn(notes)
        return ego

    def stats(self, top=10, threads=None):
        """``netreach stats --format json``: people, connections, components, degrees, the
        best-connected people, skipped rows."""
        return json.loads(self._native.stats_json(top, threads))

    def reach(self, ego=None, depth=3, threads=None):
        """``netreach reach --ego EGO --format json``: n_1..n_depth with companies and
        positions, and where the reach stands among the others."""
        return json.loads(self._native.reach_json(self._ego(ego), depth, threads))

    def reach_all(self, depth=3, approx=False, registers=256, seed=1, threads=None):
        """``netreach reach --all``: n1..n_depth and reach_depth of everyone, exact, or
        estimated by HyperBall with ``approx=True`` (depth 3; adds standard errors n2_se and
        n3_se). A pandas DataFrame (a dict of numpy arrays without pandas)."""
        columns = {"node_id": self.node_ids}
        if approx:
            if depth != 3:
                raise ValueError("approx computes n1, n2, n3: use depth=3")
            rings, errors, _, _ = self._native.approx_rings(registers, seed, threads)
            rings = rings.reshape(-1, 3)
            errors = errors.reshape(-1, 2)
        else:
            rings = self._native.rings(depth, threads).reshape(-1, depth)
        for k in range(rings.shape[1]):
            columns[f"n{k + 1}"] = rings[:, k]
        columns[f"reach_{depth}"] = rings.sum(axis=1)
        if approx:
            columns["n2_se"] = errors[:, 0]
            columns["n3_se"] = errors[:, 1]
        return _frame(columns)

    def betweenness(self, sampled=False, epsilon=0.01, delta=0.1, seed=1, threads=None):
        """Betweenness of everyone (``connectors --all``): exact, or sampled so that every
        normalised score is within ``epsilon`` of the exact one with probability 1 - delta.
        Columns ``betweenness`` (NetworkX's normalised scale) and ``betweenness_raw`` (each
        unordered pair once); ``.attrs["method"]`` says how it was computed."""
        raw, normalised, method = self._native.betweenness(sampled, epsilon, delta, seed, threads)
        frame = _frame(
            {"node_id": self.node_ids, "betweenness": normalised, "betweenness_raw": raw}
        )
        if hasattr(frame, "attrs"):
            frame.attrs["method"] = json.loads(method)
        return frame

    def connectors(self, ego=None, threads=None):
        """``netreach connectors --ego EGO --format json``: each contact's exclusive 2nd- and
        3rd-degree reach and the reach lost without them, and the ego's Burt measures."""
        return json.loads(self._native.connectors_json(self._ego(ego), threads))

    def recommend(self, ego=None, k=10, target=(), target_ids=None, from_distance=2,
                  mutuals=None, include_exporters=False, threads=None):
        """``netreach recommend --ego EGO --top K --target ... --format json``: the next best
        connections by exact gain in reach_3, chosen greedily as a set; with a target group,
        by gain in visibility to it.

        ``target`` holds ``--target`` specs, all required (``"recruiters"``,
        ``"company=NAME"``, ``"position~WORD"``, ``"field=NAME"``); ``target_ids`` lists the
        group's people instead (ids, names or profile URLs, as ``--target-file`` does).
        ``from_distance`` is ``--from`` (candidates at distance 2 or 3), ``mutuals`` a band
        ``(lo, hi)`` of mutual contacts (``--mutuals LO..HI``), ``include_exporters``
        ``--include-exporters``."""
        if isinstance(target, str):
            target = [target]
        ids = None if target_ids is None else [self._id(x) for x in target_ids]
        band = None if mutuals is None else (int(mutuals[0]), int(mutuals[1]))
        doc = self._native.recommend_json(
            self._ego(ego), k, list(target), ids, from_distance, band, include_exporters, threads
        )
        return json.loads(doc)

    def whatif(self, ego=None, add=(), remove=(), target=(), target_ids=None, threads=None):
        """``netreach whatif --ego EGO --add ... --remove ... --target ... --format json``: n1,
        n2, n3, reach_3 and visibility to a target group (everyone without one) before and
        after the ego connects with ``add`` and drops ``remove`` (ids, names or profile URLs).
        ``target`` and ``target_ids`` are as in :meth:`recommend`. Asking to remove someone
        who is not a contact, or to add the ego or a contact, raises ``ValueError``."""
        if isinstance(add, str):
            add = [add]
        if isinstance(remove, str):
            remove = [remove]
        if isinstance(target, str):
            target = [target]
        ids = None if target_ids is None else [self._id(x) for x in target_ids]
        doc = self._native.whatif_json(
            self._ego(ego),
            [self._id(x) for x in add],
            [self._id(x) for x in remove],
            list(target),
            ids,
            threads,
        )
        return json.loads(doc)

    def audit(self, ego=None, field=None, years=10, threads=None):
        """``netreach audit --format json``: the personal audit of the ego's own archive (the
        loaded ZIP, archive folder or export; in a folder of several, the ego's). ``field``
        is the CLI's ``--field`` (default: inferred), ``years`` its ``--years``."""
        return json.loads(self._native.audit_json(self._ego(ego), field, years, threads))

    def intro(self, ego=None, companies=(), to=None, target=(), target_ids=None, jobs=None,
              paths=3, threads=None):
        """``netreach intro --company ... --to ... --target ... --format json``: who could
        introduce the ego to the people at ``companies`` (names compared as the audit compares
        them), to the person ``to`` and to the people of a target group, best paths ranked by
        tie strength from the archives.

        ``target`` holds ``--target`` specs, all required (``"recruiters"``,
        ``"company=NAME"``, ``"position~WORD"``, ``"field=NAME"``); ``target_ids`` lists the
        group's people instead (ids, names or profile URLs, as ``--target-file`` does).
        ``jobs`` is a job list's path (``--jobs``): the result is then its rows with the
        introduction columns added, as ``{"jobs": [...]}``, and the other questions are not
        asked."""
        if isinstance(companies, str):
            companies = [companies]
        if isinstance(target, str):
            target = [target]
        if jobs is not None:
            doc, notes = self._native.intro_jobs_json(self._ego(ego), str(jobs), threads)
        else:
            person = None if to is None else self._id(to)
            ids = None if target_ids is None else [self._id(x) for x in target_ids]
            doc, notes = self._native.intro_json(
                self._ego(ego), list(companies), person, list(target), ids, paths, threads
            )
        _warn(notes)
        return json.loads(doc)

    def ties(self, ego=None, threads=None):
        """``netreach ties --format json``: the ego's contacts by mutual connections and
        interaction, grouped strong / moderately weak / weakest."""
        doc, notes = self._native.ties_json(self._ego(ego), threads)
        _warn(notes)
        return json.loads(doc)

    def overlap(self):
        """``netreach overlap --format json``: shared contacts between the owners of a
        folder of several people's exports."""
        return json.loads(self._native.overlap_json())

    def report(self, out_dir, ego=None, companies=(), jobs=None, pseudonymise=False,
               pseudonym_key=None, pseudonymise_companies=False, titles="keep", seeds=20,
               threads=None):
        """``netreach report INPUT --out OUT_DIR``: the report folder (``index.html``,
        ``report.md``, every chart as PNG and the CSV/JSON behind it), written atomically.
        The arguments are the CLI's flags. Returns the path of ``index.html``."""
        if isinstance(companies, str):
            companies = [companies]
        _, notes = self._native.report(
            str(out_dir), None if ego is None else str(ego), list(companies),
            None if jobs is None else str(jobs), pseudonymise,
            None if pseudonym_key is None else str(pseudonym_key), pseudonymise_companies,
            titles, seeds, threads,
        )
        _warn(notes)
        from pathlib import Path
        return Path(out_dir) / "index.html"
