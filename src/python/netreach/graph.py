"""The graph the NetworkX backend works on: netreach's compact graph (CSR with 32-bit ids)
and the original node objects, in NetworkX's node order."""

from itertools import chain

import numpy as np

from . import _native


def native_from_networkx(G):
    """netreach's network of a NetworkX graph and its nodes in NetworkX's order (node ``i`` is
    ``nodes[i]``). The adjacency is flattened into arrays by numpy's ``fromiter`` over the
    adjacency dicts (no per-edge Python code when the nodes are ``0..n-1`` in order, one
    dictionary lookup per neighbour otherwise), and Rust sorts the rows."""
    adj = G._adj
    nodes = list(adj)
    degrees = np.fromiter(map(len, adj.values()), dtype=np.int64, count=len(nodes))
    neighbours = chain.from_iterable(adj.values())
    if not _is_range(nodes):
        neighbours = map({v: i for i, v in enumerate(nodes)}.__getitem__, neighbours)
    targets = np.fromiter(neighbours, dtype=np.int64, count=int(degrees.sum()))
    return _native.from_rows(degrees, targets, G.is_directed()), nodes


class NetreachGraph:
    """An undirected simple graph converted once from a NetworkX graph.

    Node ``i`` of the compact graph is ``nodes[i]``, the i-th node of the NetworkX graph, so
    every result comes back keyed by the original node objects in NetworkX's order.
    """

    __networkx_backend__ = "netreach"

    def __init__(self, native, nodes, *, self_loops=0, graph=None):
        self._native = native
        self.nodes = nodes
        self.self_loops = self_loops
        self.graph = dict(graph or {})
        self._index = None

    @classmethod
    def from_networkx(cls, G):
        """Converts ``G`` (undirected, simple) once; see :func:`native_from_networkx`."""
        native, nodes = native_from_networkx(G)
        return cls(native, nodes, self_loops=native.self_loops, graph=G.graph)

    @property
    def index(self):
        """Node object -> position (built on first use)."""
        if self._index is None:
            self._index = {v: i for i, v in enumerate(self.nodes)}
        return self._index

    def __len__(self):
        return len(self.nodes)

    def __iter__(self):
        return iter(self.nodes)

    def __contains__(self, node):
        try:
            return node in self.index
        except TypeError:  # unhashable
            return False

    def number_of_nodes(self):
        return len(self.nodes)

    def number_of_edges(self):
        return self._native.edge_count

    def is_directed(self):
        return False

    def is_multigraph(self):
        return False

    def to_networkx(self):
        """The graph as a NetworkX ``Graph`` (self-loops were dropped on the way in)."""
        import networkx as nx

        G = nx.Graph(**self.graph)
        G.add_nodes_from(self.nodes)
        nodes = self.nodes
        for i in range(len(nodes)):
            G.add_edges_from((nodes[i], nodes[j]) for j in self._native.neighbors(i).tolist() if j > i)
        return G


def _is_range(nodes):
    """Whether the nodes are the integers 0..n-1 in order (then no index is needed)."""
    return all(type(v) is int and v == i for i, v in enumerate(nodes))
