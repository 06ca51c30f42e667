#!/usr/bin/env python3
"""The NetworkX backend `netreach` side by side with the other NetworkX backends, in one run.

    ../shared/peers/.venv/bin/pip install .          # the package into the peers' Python
    WITH_NXBACKENDS=1 bash ../shared/peers/setup.sh  # franken_networkx, nx-rustworkx
    ../shared/peers/.venv/bin/python benches/nx_backends.py GRAPH [GRAPH ...] [--repeat 3]

Every function is called the way a NetworkX user calls it, `nx.f(G, backend=B)`, on a fresh
copy of the graph (so the conversion from NetworkX is part of the time: "cold"), then again on
the same copy (NetworkX's cache of converted graphs: "warm"). Median of --repeat runs; plain
NetworkX once, and only on graphs up to --networkx-max-edges for the all-pairs functions (it
takes minutes there). Each backend's result is checked against netreach's (same keys, values
within 1e-9). Writes reports/bench/DATE-nx-backends.md with the command, the git revision
and the machine.
"""
import argparse
import datetime
import math
import os
import statistics
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from peers import PEERS_DIR, ROOT, machine, revision  # noqa: E402

sys.path.insert(0, PEERS_DIR)
import common  # noqa: E402
import networkx as nx  # noqa: E402

warnings.filterwarnings("ignore", message=".*cache.*")

#: (function, extra arguments, whether it visits every pair: NetworkX itself is slow there).
FUNCTIONS = [
    ("betweenness_centrality", {}, True),
    ("closeness_centrality", {}, True),
    ("harmonic_centrality", {}, True),
    ("core_number", {}, False),
    ("constraint", {}, False),
    ("effective_size", {}, False),
    ("bridges", {}, False),
    ("articulation_points", {}, False),
    ("biconnected_components", {}, False),
    ("connected_components", {}, False),
    ("number_connected_components", {}, False),
    ("single_source_shortest_path_length", {"source": 0}, False),
    ("descendants_at_distance", {"source": 0, "distance": 2}, False),
]

BACKENDS = ["netreach", "franken_networkx", "rustworkx", "networkx"]


def implements(backend, name):
    if backend == "networkx":
        return True
    info = nx.utils.backends.backend_info.get(backend, {})
    return name in info.get("functions", {})


def call(G, name, extra, backend):
    result = getattr(nx, name)(G, **extra, backend=backend)
    # Generators are consumed, as a caller would.
    if not isinstance(result, (dict, int, float, bool, set)):
        result = list(result)
    return result


def normalised(result):
    """A comparable form: dicts as they are, collections of node sets/edges as sets."""
    if isinstance(result, dict):
        return result
    if isinstance(result, list):
        return {frozenset(x) if isinstance(x, (set, tuple, frozenset)) else x for x in result}
    return result


def agrees(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return False
        for k in a:
            x, y = a[k], b[k]
            if isinstance(x, float) and math.isnan(x):
                if not (isinstance(y, float) and math.isnan(y)):
                    return False
            elif abs(x - y) > 1e-9 * max(1.0, abs(x)):
                return False
        return True
    return a == b


def timed(G, name, extra, backend, repeat):
    """Median cold and warm seconds; a call over 10 s is not repeated and has no warm run."""
    cold, warm, result = [], [], None
    for _ in range(repeat):
        H = G.copy()
        start = time.perf_counter()
        result = call(H, name, extra, backend)
        cold.append(time.perf_counter() - start)
        if cold[-1] > 10:
            return cold[-1], math.nan, result
        start = time.perf_counter()
        call(H, name, extra, backend)
        warm.append(time.perf_counter() - start)
    return statistics.median(cold), statistics.median(warm), result


def conversion_seconds(G, backend, repeat):
    interface = nx.utils.backends._load_backend(backend)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        interface.convert_from_nx(G, edge_attrs=None, node_attrs=None, preserve_edge_attrs=False,
                                  preserve_node_attrs=False, preserve_graph_attrs=False,
                                  name=None, graph_name=None)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_graph(path, args, out):
    labels, u, v, _ = common.load(path)
    G = nx.Graph()
    G.add_nodes_from(range(len(labels)))
    G.add_edges_from(zip(u.tolist(), v.tolist()))
    name = os.path.basename(path)
    backends = [b for b in args.backends.split(",") if b == "networkx" or b in nx.utils.backends.backends]
    out.append(f"\n## {name}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges\n")
    out.append("Conversion from the NetworkX graph alone (median): " + ", ".join(
        f"{b} {conversion_seconds(G, b, args.repeat):.4f} s" for b in backends if b != "networkx"
    ) + "\n")
    out.append("| function | " + " | ".join(f"{b} cold / warm (s)" for b in backends)
               + " | fastest other, cold | netreach faster by |")
    out.append("|---|" + "---|" * (len(backends) + 2))
    for fname, extra, all_pairs in FUNCTIONS:
        cells, reference, cold_of = [], None, {}
        for b in backends:
            if not implements(b, fname):
                cells.append("not implemented")
                continue
            if b == "networkx" and all_pairs and G.number_of_edges() > args.networkx_max_edges:
                cells.append("skipped (hours)")
                continue
            repeat = 1 if b == "networkx" else args.repeat
            cold, warm, result = timed(G, fname, extra, b, repeat)
            result = normalised(result)
            if reference is None:
                reference = result
            ok = agrees(result, reference)
            cold_of[b] = cold
            cells.append(f"{cold:.4f} / {warm:.4f}" + ("" if ok else " DIFFERS"))
            print(f"{name} {fname} {b}: cold {cold:.4f} s, warm {warm:.4f} s{'' if ok else ' DIFFERS'}",
                  flush=True)
        others = {b: t for b, t in cold_of.items() if b != "netreach"}
        if others and "netreach" in cold_of:
            best = min(others, key=others.get)
            ratio = f"{others[best] / cold_of['netreach']:.1f}×"
            fastest = f"{best} {others[best]:.4f}"
        else:
            ratio, fastest = "–", "–"
        out.append(f"| {fname} | " + " | ".join(cells) + f" | {fastest} | {ratio} |")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("graphs", nargs="+")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--backends", default=",".join(BACKENDS))
    p.add_argument("--networkx-max-edges", type=int, default=100_000)
    p.add_argument("--out", default=None)
    args = p.parse_args()
    import netreach
    versions = {m: __import__(m).__version__ for m in ["networkx", "netreach"]}
    for m in ["franken_networkx", "nx_rustworkx"]:
        try:
            versions[m] = getattr(__import__(m), "__version__", "?")
        except ImportError:
            versions[m] = "not installed"
    now = datetime.datetime.now(datetime.timezone.utc)
    out = [
        f"# NetworkX backends side by side ({now:%Y-%m-%d %H:%M} UTC)\n",
        f"Command: `python benches/nx_backends.py {' '.join(sys.argv[1:])}`  ",
        f"Revision: {revision()}  ",
        f"Machine: {machine()}  ",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()) + "\n",
        "Cold = a fresh copy of the graph, so the conversion from NetworkX is included; warm = the "
        "same call again on that copy (NetworkX's cache of converted graphs). Median of the runs; "
        "NetworkX once. Threads: every backend as it comes (netreach uses all cores).",
    ]
    _ = netreach
    for path in args.graphs:
        bench_graph(path, args, out)
    target = args.out or os.path.join(ROOT, "reports", "bench", f"{now:%Y-%m-%dT%H%M}-nx-backends.md")
    with open(target, "w") as f:
        f.write("\n".join(out) + "\n")
    print("\n".join(out))
    print(f"\nwritten to {target}")


if __name__ == "__main__":
    main()
