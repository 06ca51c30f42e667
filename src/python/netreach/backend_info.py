"""What the NetworkX backend `netreach` implements, for NetworkX's `networkx.backend_info`
entry point.

NetworkX reads this while it is still being imported, so this module imports nothing from
NetworkX and nothing heavy: it is plain data.
"""

#: The functions the backend implements, with what each adds to NetworkX's documentation.
FUNCTIONS = {
    "betweenness_centrality": (
        "Batched Brandes (64 sources per pass over the graph), exact over every source or "
        "over NetworkX's own sample of `k` sources (drawn with `seed` as NetworkX draws "
        "them). Unweighted, undirected graphs only; others fall back to NetworkX."
    ),
    "closeness_centrality": (
        "From every node's ring counts n_1, n_2, ... at full depth (one bit-parallel search "
        "per 256 sources): closeness = r / T with r = sum n_k and T = sum k n_k, times "
        "r / (n - 1) with `wf_improved`. Unweighted, undirected graphs only."
    ),
    "harmonic_centrality": (
        "sum_k n_k / k from every node's ring counts at full depth. Unweighted, undirected "
        "graphs, every node a source."
    ),
    "single_source_shortest_path_length": "Breadth-first search on the compact graph.",
    "descendants_at_distance": "Breadth-first search on the compact graph (undirected graphs).",
    "core_number": "Batagelj-Zaversnik on the compact graph (no self-loops).",
    "constraint": "Burt's constraint by sorted-row intersections (unweighted, undirected).",
    "effective_size": "Burt's effective size by sorted-row intersections (unweighted, undirected).",
    "bridges": "Tarjan's bridges on the compact graph (undirected graphs, no self-loops).",
    "has_bridges": "Tarjan's bridges on the compact graph (undirected graphs, no self-loops).",
    "articulation_points": "Hopcroft-Tarjan on the compact graph (undirected graphs).",
    "biconnected_components": "Iterative Hopcroft-Tarjan on the compact graph.",
    "connected_components": "Breadth-first labelling of the compact graph.",
    "number_connected_components": "Breadth-first labelling of the compact graph.",
}


def get_info():
    """The backend's description for NetworkX (`networkx.backend_info`)."""
    return {
        "backend_name": "netreach",
        "project": "netreach",
        "package": "netreach",
        "short_summary": "Bit-parallel searches on a compact graph, in Rust.",
        "functions": {
            name: {"additional_docs": docs} for name, docs in FUNCTIONS.items()
        },
    }
