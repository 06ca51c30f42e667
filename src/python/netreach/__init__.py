"""netreach from Python: professional-network reach on netreach's Rust engine.

    >>> import netreach
    >>> net = netreach.load("data/sample")          # any input the CLI reads
    >>> net.reach("Amir Dahlberg")["rings"][1]["count"]    # 2nd-degree contacts
    >>> df = net.reach_all()                        # n1, n2, n3, reach_3 of everyone (pandas)

and, with NetworkX, the backend ``netreach``:

    >>> nx.betweenness_centrality(G, backend="netreach")
"""

from ._native import __version__, set_memory_limit
from .network import Network, from_edges, from_networkx, load

__all__ = ["Network", "load", "from_edges", "from_networkx", "set_memory_limit", "__version__"]
