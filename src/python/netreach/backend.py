"""The NetworkX backend ``netreach``: NetworkX's functions with NetworkX's exact semantics and
return types, computed on netreach's compact graph.

Use it per call, ``nx.betweenness_centrality(G, backend="netreach")``, or for every call
with ``nx.config.backend_priority = ["netreach"]``. A graph is converted once and cached on
``G.__networkx_cache__`` as NetworkX caches converted graphs. What the backend does not do
(weights, directed graphs, multigraphs, self-loops where they change the answer, ...) it
declines in ``can_run``, and NetworkX runs its own code.
"""

import math

import networkx as nx
import numpy as np

from .backend_info import FUNCTIONS
from .graph import NetreachGraph

__all__ = ["BackendInterface"]


# ---------------------------------------------------------------------------------------
# What can run: the checks behind `can_run`.


def _graph_of(args, kwargs):
    if args:
        return args[0]
    return kwargs.get("G")


def _argument(name, position, args, kwargs, default=None):
    """An argument of the NetworkX call by name or position (the graph is position 0)."""
    if name in kwargs:
        return kwargs[name]
    if len(args) > position:
        return args[position]
    return default


#: Per function: (arguments that must be None, by name and position), whether self-loops
#: change NetworkX's answer (then the backend declines graphs that have them).
_RULES = {
    "betweenness_centrality": ((("weight", 3),), False),
    "closeness_centrality": ((("distance", 2),), False),
    "harmonic_centrality": ((("distance", 2), ("sources", 3)), False),
    "single_source_shortest_path_length": ((), False),
    "descendants_at_distance": ((), False),
    "core_number": ((), True),
    "constraint": ((("weight", 2),), True),
    "effective_size": ((("weight", 2),), True),
    "bridges": ((), True),
    "has_bridges": ((), True),
    "articulation_points": ((), True),
    "biconnected_components": ((), True),
    "connected_components": ((), False),
    "number_connected_components": ((), False),
}


def can_run(name, args, kwargs):
    """Whether the backend computes exactly what NetworkX would; a reason string if not."""
    if name not in _RULES:
        return f"netreach does not implement {name}"
    G = _graph_of(args, kwargs)
    if isinstance(G, NetreachGraph):
        loops = G.self_loops
    else:
        if G.is_multigraph():
            return "multigraphs are not supported"
        if G.is_directed():
            return "directed graphs are not supported"
        loops = None
    unsupported, loops_matter = _RULES[name]
    for arg, position in unsupported:
        if _argument(arg, position, args, kwargs) is not None:
            return f"`{arg}` is not supported"
    if loops_matter:
        if loops is None:
            loops = sum(1 for v, nbrs in G._adj.items() if v in nbrs)
        if loops:
            return "graphs with self-loops are not supported here"
    return True


def should_run(name, args, kwargs):
    """Whether running here is worth a conversion: not for one search from one source on a
    NetworkX graph (the conversion reads every edge; NetworkX's search reads only the
    reachable part)."""
    G = _graph_of(args, kwargs)
    if name in ("single_source_shortest_path_length", "descendants_at_distance"):
        if not isinstance(G, NetreachGraph):
            return "one search from one source costs less than converting the graph"
    return True


# ---------------------------------------------------------------------------------------
# Results in NetworkX's shapes.


def _by_node(G, values):
    """``{node: value}`` in NetworkX's node order, with Python scalars."""
    return dict(zip(G.nodes, values.tolist()))


def _position(G, node, error):
    try:
        return G.index[node]
    except (KeyError, TypeError):
        raise error from None


# ---------------------------------------------------------------------------------------
# Centralities.


def betweenness_centrality(G, k=None, normalized=True, weight=None, endpoints=False, seed=None):
    """NetworkX's ``betweenness_centrality``: the dependencies of every source (or of the
    ``k`` sources NetworkX itself would draw with ``seed``), rescaled as NetworkX does."""
    n = len(G)
    if k == n:
        k = None
    if k is None:
        sampled = None
        # Exact betweenness counts each unordered pair once; NetworkX accumulates ordered pairs.
        raw, _, _ = G._native.betweenness(False, 0.5, 0.5, 0)
        acc = 2.0 * raw
    else:
        seed = nx.utils.create_py_random_state(seed)
        sampled = seed.sample(list(G.nodes), k)
        sources = np.fromiter((G.index[s] for s in sampled), dtype=np.uint32, count=len(sampled))
        acc = G._native.source_betweenness(sources)
    if endpoints:
        acc = acc + _endpoint_counts(G, sampled)
    return _rescale(G, acc, normalized, endpoints, sampled)


def _endpoint_counts(G, sampled):
    """What NetworkX's endpoint accumulation adds: each source counts the nodes it reaches,
    and each node counts the sources (other than itself) that reach it."""
    component, sizes = G._native.components()
    if sampled is None:
        return 2.0 * (sizes[component] - 1).astype(np.float64)
    is_source = np.zeros(len(G), dtype=bool)
    is_source[[G.index[s] for s in sampled]] = True
    sources_in = np.bincount(component[is_source], minlength=len(sizes))
    reached = sizes[component] - 1
    return (is_source * reached + sources_in[component] - is_source).astype(np.float64)


def _rescale(G, acc, normalized, endpoints, sampled):
    """NetworkX's rescaling of ordered-pair dependencies for an undirected graph (its
    ``_rescale``: the scale for all sources or a sample, with and without endpoints)."""
    N = len(G) if endpoints else len(G) - 1
    if N < 2:
        return _by_node(G, acc)
    k = None if sampled is None else len(sampled)
    K = N if k is None else k
    if k is None or endpoints:
        scale = 1 / (K * (N - 1)) if normalized else N / (K * 2)
        return _by_node(G, acc * scale if scale != 1 else acc)
    if normalized:
        source_scale = 1 / ((K - 1) * (N - 1)) if K > 1 else math.nan
        other_scale = 1 / (K * (N - 1))
    else:
        source_scale = N / ((K - 1) * 2) if K > 1 else math.nan
        other_scale = N / (K * 2)
    scale = np.full(len(G), other_scale)
    scale[[G.index[s] for s in sampled]] = source_scale
    return _by_node(G, acc * scale)


def closeness_centrality(G, u=None, distance=None, wf_improved=True):
    """NetworkX's ``closeness_centrality`` from every node's ring counts at full depth:
    r / T, times r / (n - 1) with ``wf_improved`` (r people reachable, T their distances)."""
    if u is not None:
        source = _position(G, u, nx.NodeNotFound(f"Source {u} is not in G"))
        return G._native.closeness_of(source, wf_improved)
    return _by_node(G, G._native.closeness(wf_improved))


def harmonic_centrality(G, nbunch=None, distance=None, sources=None):
    """NetworkX's ``harmonic_centrality`` (every node a source): sum_k n_k / k."""
    _, _, harmonic = G._native.distance_sums()
    values = _by_node(G, harmonic)
    if nbunch is None:
        return values
    # NetworkX's `nbunch_iter` semantics: a node, or an iterable of nodes (unknown ones skipped).
    if nbunch in G:
        return {nbunch: values[nbunch]}
    try:
        return {v: values[v] for v in set(nbunch) if v in values}
    except TypeError:
        raise nx.NetworkXError(f"nbunch is not a node or a sequence of nodes: {nbunch}") from None


# ---------------------------------------------------------------------------------------
# Searches.


def _search_depth(cutoff, n):
    """The deepest level NetworkX's level-by-level search reaches with ``cutoff``."""
    if cutoff is None:
        return n
    if cutoff <= 0:
        return 0
    return min(n, math.ceil(cutoff))


def single_source_shortest_path_length(G, source, cutoff=None):
    """NetworkX's ``single_source_shortest_path_length``: ``{node: distance}`` in
    breadth-first order."""
    s = _position(G, source, nx.NodeNotFound(f"Source {source} is not in G"))
    nodes, dist = G._native.bfs(s, _search_depth(cutoff, len(G)))
    names = G.nodes
    return {names[i]: d for i, d in zip(nodes.tolist(), dist.tolist())}


def descendants_at_distance(G, source, distance):
    """NetworkX's ``descendants_at_distance`` for an undirected graph."""
    s = _position(G, source, nx.NetworkXError(f"The node {source} is not in the graph."))
    if distance < 0:
        return set()
    nodes, dist = G._native.bfs(s, _search_depth(distance, len(G)))
    names = G.nodes
    return {names[i] for i in nodes[dist == distance].tolist()}


# ---------------------------------------------------------------------------------------
# Structure.


def core_number(G):
    """NetworkX's ``core_number`` (Batagelj-Zaversnik)."""
    return _by_node(G, G._native.core_numbers())


def _burt(G, nodes, column):
    values = _by_node(G, G._native.burt()[column])
    if nodes is None:
        return values
    return {v: values[v] for v in nodes}


def effective_size(G, nodes=None, weight=None):
    """NetworkX's ``effective_size`` (Burt; NaN for isolated nodes)."""
    return _burt(G, nodes, 0)


def constraint(G, nodes=None, weight=None):
    """NetworkX's ``constraint`` (Burt; NaN for isolated nodes)."""
    return _burt(G, nodes, 1)


def _bridge_pairs(G, root):
    """Bridges as position pairs (u < v), only those in ``root``'s component when given."""
    pairs = G._native.bridges().reshape(-1, 2)
    if root is not None:
        r = _position(G, root, nx.NodeNotFound(f"Root node {root} is not in graph"))
        component, _ = G._native.components()
        pairs = pairs[component[pairs[:, 0]] == component[r]]
    return pairs.tolist()


def bridges(G, root=None):
    """NetworkX's ``bridges``: a generator of edges ``(u, v)``, u before v in the graph's node
    order (as NetworkX's edge iteration gives them)."""
    names = G.nodes
    for u, v in _bridge_pairs(G, root):
        yield names[u], names[v]


def has_bridges(G, root=None):
    """NetworkX's ``has_bridges``."""
    return len(_bridge_pairs(G, root)) > 0


def articulation_points(G):
    """NetworkX's ``articulation_points``: a generator of nodes, each once."""
    names = G.nodes
    return (names[i] for i in G._native.articulation_points().tolist())


def biconnected_components(G):
    """NetworkX's ``biconnected_components``: a generator of node sets (two or more nodes)."""
    names = G.nodes
    return ({names[i] for i in block.tolist()} for block in G._native.blocks())


def connected_components(G):
    """NetworkX's ``connected_components``: a generator of node sets, in the order of their
    first node."""
    component, sizes = G._native.components()
    members = [[] for _ in range(len(sizes))]
    for v, c in zip(G.nodes, component.tolist()):
        members[c].append(v)
    return (set(m) for m in members)


def number_connected_components(G):
    """NetworkX's ``number_connected_components``."""
    return len(G._native.components()[1])


# ---------------------------------------------------------------------------------------
# The interface NetworkX loads.


class BackendInterface:
    """The ``networkx.backends`` entry point: conversions, ``can_run``/``should_run`` and the
    functions."""

    @staticmethod
    def convert_from_nx(
        G,
        edge_attrs=None,
        node_attrs=None,
        preserve_edge_attrs=False,
        preserve_node_attrs=False,
        preserve_graph_attrs=False,
        name=None,
        graph_name=None,
    ):
        if isinstance(G, NetreachGraph):
            return G
        if G.is_multigraph() or G.is_directed():
            raise NotImplementedError("netreach converts undirected simple graphs only")
        return NetreachGraph.from_networkx(G)

    @staticmethod
    def convert_to_nx(obj, *, name=None):
        if isinstance(obj, NetreachGraph):
            return obj.to_networkx()
        return obj

    can_run = staticmethod(can_run)
    should_run = staticmethod(should_run)


for _name in FUNCTIONS:
    setattr(BackendInterface, _name, staticmethod(globals()[_name]))
del _name
