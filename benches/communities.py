#!/usr/bin/env python3
"""Leiden communities, netreach side by side with igraph and NetworKit, in one run.

    ../shared/peers/.venv/bin/python benches/communities.py GRAPH [GRAPH ...] [--repeat 3]

For each graph: netreach (`netreach bench communities`, compute only, -j1 and -j2, checked
identical) and, on the same machine in the same run, igraph Louvain (community_multilevel),
igraph Leiden to convergence (objective modularity, n_iterations=-1), NetworKit PLM and
ParallelLeiden (2 threads). Median compute time of --repeat runs and the modularity of the last
run (igraph's own `modularity`). Writes reports/bench/DATE-communities.md with the command,
the git revision and the machine.
"""
import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from peers import NETREACH, PEERS_DIR, ROOT, machine, revision, sh  # noqa: E402

sys.path.insert(0, PEERS_DIR)
import common  # noqa: E402


def timed(run, repeat):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def netreach(path, repeat):
    out = sh([NETREACH, "bench", "communities", path, "--repeat", str(repeat)])
    rows = [l for l in out.splitlines() if l.startswith("│")]
    cells = [[c.strip() for c in r.strip("│").split("┆")] for r in rows[1:]]
    return [(f"netreach -j{c[0]}", float(c[1]), float(c[2]), int(c[3])) for c in cells]


def peers(path, repeat):
    import igraph as ig
    import networkit as nk
    labels, u, v, _ = common.load(path)
    n = len(labels)
    g = common.build("igraph", n, u, v)
    out = []
    t, p = timed(lambda: g.community_multilevel(), repeat)
    out.append(("igraph Louvain", t, g.modularity(p.membership), len(p)))
    t, p = timed(lambda: g.community_leiden(objective_function="modularity", n_iterations=-1), repeat)
    out.append(("igraph Leiden (to convergence)", t, g.modularity(p.membership), len(p)))
    nk.setNumberOfThreads(2)
    h = common.build("networkit", n, u, v)
    for name, algo in [("NetworKit PLM (2 threads)", lambda: nk.community.PLM(h, refine=False)),
                       ("NetworKit ParallelLeiden (2 threads)", lambda: nk.community.ParallelLeiden(h))]:
        def run():
            a = algo()
            a.run()
            return a.getPartition()
        t, p = timed(run, repeat)
        member = [p.subsetOf(i) for i in range(n)]
        out.append((name, t, g.modularity(member), p.numberOfSubsets()))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("graphs", nargs="+")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", default=os.path.join(ROOT, "reports", "bench"))
    args = ap.parse_args()
    lines = [
        "# Communities: netreach Leiden against igraph and NetworKit",
        "",
        f"- command: `{' '.join([os.path.basename(sys.executable)] + sys.argv)}`",
        f"- revision: `{revision()}`",
        f"- machine: {machine()}",
        f"- median of {args.repeat} runs, compute only (graph loaded); modularity of the last run "
        "by igraph's `modularity` for the peers, netreach's own for netreach (checked equal to "
        "a naive formula in the tests)",
        "",
    ]
    for path in args.graphs:
        rows = netreach(path, args.repeat) + peers(path, args.repeat)
        lines += [f"## {os.path.basename(path)}", "",
                  "| method | seconds | modularity | communities |", "|---|---:|---:|---:|"]
        lines += [f"| {m} | {t:.3f} | {q:.4f} | {k} |" for m, t, q, k in rows]
        lines.append("")
        print("\n".join(lines[-len(rows) - 4:]))
    os.makedirs(args.out, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y-%m-%dT%H%M")
    target = os.path.join(args.out, f"{stamp}-communities.md")
    with open(target, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
