"""The graph the NetworkX backend works on: netreach's compact graph (CSR with 32-bit ids)
and the original node objects, in NetworkX's node order."""

from . import _native


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
        """Reads ``G``'s adjacency in Rust (no per-edge Python work when the nodes are
        ``0..n-1`` in order; one dictionary lookup per neighbour otherwise)."""
        nodes = list(G._adj)
        index = None if _is_range(nodes) else {v: i for i, v in enumerate(nodes)}
        native = _native.from_adjacency(G._adj, index, G.is_directed())
        self_loops = sum(1 for v, nbrs in G._adj.items() if v in nbrs)
        return cls(native, nodes, self_loops=self_loops, graph=G.graph)

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
