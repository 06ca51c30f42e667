#!/usr/bin/env python3
"""Side-by-side benchmark of netreach against the peer libraries, written to reports/bench/.

    python3 benches/peers.py reach GRAPH [GRAPH ...] [--peers igraph] [--out reports/bench]
    python3 benches/peers.py load GRAPH [--repeat 3]
    python3 benches/peers.py betweenness GRAPH [...] [--exact-peers igraph,rustworkx,graphtool] [--no-exact GRAPH,...]
    python3 benches/peers.py suite [--max-edges 10000000]

`reach` times all-node n1, n2, n3 with netreach (-j1 and -j2, compute only, the graph already
loaded) and with each peer (compute only, via ../shared/peers/reach.py) in the same run, then
writes a Markdown report with the ratios, the command, the git revision and the machine.
`load` records `netreach bench load` (MB/s of input, peak memory against graph bytes).

The peers' Python comes from ../shared/peers/setup.sh (a virtual environment outside the repo).
"""
import argparse
import datetime
import os
import platform
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS_DIR = os.path.normpath(os.path.join(ROOT, "..", "shared", "peers"))
NETREACH = os.path.join(ROOT, "target", "release", "netreach")


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def machine():
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.node()}: {os.cpu_count()} cores, {cpu}, {mem:.1f} GiB, {platform.platform()}"


def revision():
    rev = sh(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"]).strip()
    dirty = sh(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"]).strip()
    return rev + ("+dirty" if dirty else "")


def netreach_reach(graph, threads, repeat=3):
    out = sh([NETREACH, "bench", "reach", graph, "--thread-counts", str(threads), "--repeat", str(repeat)])
    for line in out.splitlines():
        cells = [c.strip() for c in re.split(r"[│┆]", line) if c.strip()]
        if len(cells) == 6 and cells[0] == str(threads):
            # Seconds from sources / (sources per second): the seconds column has 3 decimals,
            # too coarse for graphs searched in a few milliseconds.
            sources = int(cells[3].replace(",", ""))
            return sources / float(cells[5]), int(cells[1])
    raise SystemExit(f"could not read netreach output:\n{out}")


def peers_python():
    """The peers' virtual environment (made by ../shared/peers/setup.sh when missing)."""
    python = os.path.join(PEERS_DIR, ".venv", "bin", "python")
    if not os.access(python, os.X_OK):
        sh(["bash", os.path.join(PEERS_DIR, "setup.sh")])
    return python


def peer_seconds(python, script, graph, peer, extra, column):
    """Runs a ../shared/peers script for one peer; returns the number in `column` of its row."""
    out = sh([python, os.path.join(PEERS_DIR, script), graph, "--peers", peer, *extra,
              "--out", os.path.join(ROOT, "target", "peers")], cwd=PEERS_DIR)
    for line in out.splitlines():
        cells = line.split()
        if cells and cells[0] == peer:
            return float(cells[column])
    raise SystemExit(f"could not read {peer} output:\n{out}")


def peer_reach(python, graph, peer, sources="all"):
    return peer_seconds(python, "reach.py", graph, peer, ["--sources", sources], 4)


def peer_exact(python, graph, peer):
    if peer == "graphtool":
        return graphtool_exact(graph)
    return peer_seconds(python, "betweenness.py", graph, peer, ["--approx", "0"], 3)


def graphtool_exact(graph, threads=2):
    """graph-tool's exact betweenness (OpenMP, `threads` threads) with the SYSTEM python, where
    Debian's python3-graph-tool lives (`WITH_GRAPHTOOL=1 bash ../shared/peers/setup.sh`)."""
    try:
        out = sh(["/usr/bin/python3", os.path.join(PEERS_DIR, "gt_peer.py"), graph, "--metrics",
                  "betweenness", "--threads", str(threads), "--out", os.path.join(ROOT, "target", "peers")],
                 cwd=PEERS_DIR)
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        raise SystemExit(f"graph-tool peer failed (install it: WITH_GRAPHTOOL=1 bash ../shared/peers/setup.sh): {e}")
    for line in out.splitlines():
        cells = line.split()
        if cells and cells[0] == "graphtool-betweenness":
            return float(cells[4])
    raise SystemExit(f"could not read graph-tool output:\n{out}")


def ratio(theirs, ours):
    """`theirs / ours` as '12.3x', or 'n/a' when our time is below the timer's resolution."""
    return f"{theirs / ours:.1f}x" if ours > 0 else "n/a"


def write_report(kind, body, args):
    os.makedirs(args.out, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%M")
    path = os.path.join(args.out, f"{stamp}-{kind}.md")
    text = (f"# {kind} benchmark, {stamp} UTC\n\n"
            f"- command: `python3 benches/{os.path.basename(__file__)} {' '.join(sys.argv[1:])}`\n"
            f"- revision: `{revision()}`\n- machine: {machine()}\n"
            f"- load average before: {os.getloadavg()[0]:.2f}\n"
            + (f"- note: {args.note}\n" if args.note else "") + f"\n{body}\n")
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)
    print(text)
    print(f"written to {os.path.relpath(path, ROOT)}")


def reach(args):
    python = peers_python()
    rows = ["| graph | netreach -j1 (s) | netreach -j2 (s) | W | " +
            " | ".join(f"{p} (s) | ratio {p} / netreach -j1 | ratio {p} / netreach -j2" for p in args.peers) + " |",
            "|---|---:|---:|---:|" + "---:|---:|---:|" * len(args.peers)]
    for graph in args.graphs:
        t1, w = netreach_reach(graph, 1, args.repeat)
        t2, _ = netreach_reach(graph, 2, args.repeat)
        cells = [os.path.basename(graph), f"{t1:.4f}", f"{t2:.4f}", str(w)]
        for peer in args.peers:
            tp = peer_reach(python, graph, peer)
            cells += [f"{tp:.4f}", ratio(tp, t1), ratio(tp, t2)]
        rows.append("| " + " | ".join(cells) + " |")
        print(rows[-1], flush=True)
    body = ("All-node exact n1, n2, n3, compute only (graph already in memory), same machine, same "
            f"run. netreach: median of {args.repeat} (`netreach bench reach GRAPH --thread-counts T --repeat {args.repeat}`); "
            "peers: one run of `../shared/peers/reach.py GRAPH --peers PEER` (its `compute_s`).\n\n"
            + "\n".join(rows))
    write_report("reach", body, args)


KADABRA = """
import sys, time
sys.path.insert(0, sys.argv[1])
from common import load, build
import networkit as nk
labels, u, v, _ = load(sys.argv[2])
g = build("networkit", len(labels), u, v)
t = time.perf_counter()
a = nk.centrality.KadabraBetweenness(g, err=float(sys.argv[3]), delta=0.1)
a.run()
print(time.perf_counter() - t, a.getNumberOfIterations())
"""


def sampled_side_by_side(python, graph, repeat):
    """netreach sampled (-j2, ε = 0.01) and Kadabra in alternation, `repeat` times each: the
    medians and the per-round ratios Kadabra / netreach."""
    ours, theirs, ratios, samples = [], [], [], ""
    for _ in range(repeat):
        out = sh([NETREACH, "bench", "betweenness", graph, "--no-exact", "--epsilon", "0.01",
                  "--thread-counts", "2"])
        row = next(l for l in out.splitlines() if l.startswith("│ 2"))
        cells = [c.strip() for c in re.split(r"[│┆]", row)][1:-1]
        samples = cells[2]
        kt, kiter = sh([python, "-c", KADABRA, PEERS_DIR, graph, "0.01"]).split()
        ours.append(float(cells[3]))
        theirs.append((float(kt), kiter))
        ratios.append(float(kt) / float(cells[3]))
    med = lambda xs: sorted(xs)[len(xs) // 2]
    return med(ours), samples, med([t for t, _ in theirs]), theirs[0][1], sorted(ratios)


def exact_side_by_side(python, graph, peer, repeat):
    """netreach exact (-j2) and an exact peer in alternation, `repeat` times each: the peer's
    median and the per-round ratios peer / netreach, sorted."""
    theirs, ratios = [], []
    for _ in range(repeat):
        out = sh([NETREACH, "bench", "betweenness", graph, "--thread-counts", "2"])
        row = next(l for l in out.splitlines() if l.startswith("│ 2"))
        ours = float([c.strip() for c in re.split(r"[│┆]", row)][1:-1][3])
        tp = peer_exact(python, graph, peer)
        theirs.append(tp)
        ratios.append(tp / ours)
    return sorted(theirs)[len(theirs) // 2], sorted(ratios)


def netreach_betweenness(graph, exact):
    cmd = [NETREACH, "bench", "betweenness", graph, "--thread-counts", "1,2", "--epsilon", "0.01"]
    out = sh(cmd + ([] if exact else ["--no-exact"]))
    times = {}
    for line in out.splitlines():
        if not line.startswith("│"):
            continue
        cells = [c.strip() for c in re.split(r"[│┆]", line)][1:-1]
        if len(cells) == 5 and cells[0] in ("1", "2"):
            kind = "exact" if cells[1].startswith("exact") else "sampled"
            times[(kind, int(cells[0]))] = (float(cells[3]), cells[2], cells[4])
    return times


def betweenness(args):
    python = peers_python()
    no_exact = {os.path.basename(g) for g in args.no_exact}
    rows = ["| graph | netreach exact -j1 (s) | netreach exact -j2 (s) | " +
            " | ".join(f"{p} exact (s) | {p} / netreach -j2" for p in args.exact_peers) +
            " | netreach sampled -j2 (s), samples, max error vs exact | Kadabra (s), samples | Kadabra / netreach sampled |",
            "|---|---:|---:|" + "---:|---:|" * len(args.exact_peers) + "---|---|---:|"]
    for graph in args.graphs:
        name = os.path.basename(graph)
        exact = name not in no_exact
        ours = netreach_betweenness(graph, exact)
        cells = [name]
        if exact:
            e1, e2 = ours[("exact", 1)][0], ours[("exact", 2)][0]
            cells += [f"{e1:.3f}", f"{e2:.3f}"]
            for peer in args.exact_peers:
                tp, peer_ratios = exact_side_by_side(python, graph, peer, args.repeat)
                spread = f"{peer_ratios[0]:.1f}–{peer_ratios[-1]:.1f}"
                cells += [f"{tp:.3f}", f"{ratio(tp, e2)} ({spread})"]
        else:
            cells += ["not run", "not run"] + ["not run", ""] * len(args.exact_peers)
        _, _, err = ours[("sampled", 2)]
        st, samples, kt, kiter, ratios = sampled_side_by_side(python, graph, args.repeat)
        spread = f"{ratios[0]:.1f}–{ratios[-1]:.1f}"
        cells += [f"{st:.3f}, {samples}, {err or 'n/a'}", f"{kt:.3f}, {kiter}",
                  f"{ratio(kt, st)} ({spread})"]
        rows.append("| " + " | ".join(cells) + " |")
        print(rows[-1], flush=True)
    body = ("Betweenness, compute only, same machine, same run. netreach: `netreach bench betweenness GRAPH "
            "--thread-counts 1,2 --epsilon 0.01` (exact Brandes; sampled Riondato–Kornaropoulos with "
            "bidirectional BFS, ε = 0.01, δ = 0.1, seed 1; error = max |sampled − exact| on the normalised "
            "scale). Exact peers: `../shared/peers/betweenness.py GRAPH --peers PEER --approx 0` (igraph 1 "
            "thread, rustworkx 2 threads); graph-tool: `/usr/bin/python3 ../shared/peers/gt_peer.py GRAPH --metrics "
            "betweenness --threads 2` (Debian's python3-graph-tool, OpenMP); each exact peer runs in "
            f"alternation with netreach exact -j2, {args.repeat} rounds: the peer's median, its ratio to "
            "the -j2 column, and the range of the per-round ratios in brackets. Kadabra: networkit `KadabraBetweenness(err=0.01, delta=0.1)`, 2 "
            f"threads. Sampled: netreach -j2 and Kadabra in alternation, {args.repeat} rounds; the medians, and "
            "the ratio of the medians with the range of the per-round ratios in brackets; the error column "
            "is from the -j1/-j2 run next to exact.\n\n" + "\n".join(rows))
    write_report("betweenness", body, args)


def suite(args):
    """Generated professional networks of growing size: netreach and the peers on the same
    files in one run (all-node reach on a seeded sample of sources, sampled betweenness)."""
    python = peers_python()
    work = os.path.join(ROOT, "target", "peers-suite")
    os.makedirs(work, exist_ok=True)
    rows = ["| edges | sources | netreach reach -j2 (s) | igraph reach (s) | igraph / netreach | "
            "ε | netreach sampled betweenness -j2 (s) | Kadabra (s) | Kadabra / netreach |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    edges = 100_000
    while edges <= args.max_edges:
        graph = os.path.join(work, f"professional-{edges}.txt")
        sh([NETREACH, "generate", "professional", "--nodes", str(edges // 10), "--seed", "42", "-o", graph])
        sources = "2000"
        out = sh([NETREACH, "-j", "2", "bench", "reach", graph, "--sources", sources, "--thread-counts", "2"])
        ours = next(float([c.strip() for c in re.split(r"[│┆]", l)][1:-1][4]) for l in out.splitlines() if l.startswith("│ 2"))
        theirs = peer_reach(python, graph, "igraph", sources)
        eps = "0.01" if edges <= 2_000_000 else "0.05"
        bt = sh([NETREACH, "-j", "2", "bench", "betweenness", graph, "--no-exact", "--epsilon", eps, "--thread-counts", "2"])
        ours_bt = next(float([c.strip() for c in re.split(r"[│┆]", l)][1:-1][3]) for l in bt.splitlines() if l.startswith("│ 2"))
        kt, _ = sh([python, "-c", KADABRA, PEERS_DIR, graph, eps]).split()
        rows.append(f"| {edges:,} | {sources} | {ours:.3f} | {theirs:.3f} | {ratio(theirs, ours)} | {eps} | {ours_bt:.3f} | {float(kt):.3f} | {ratio(float(kt), ours_bt)} |")
        print(rows[-1], flush=True)
        os.remove(graph)
        edges *= 10
    body = ("Generated professional networks (`netreach generate professional --nodes E/10 --seed 42`), "
            "the same files for every tool, compute only. Reach: n1, n2, n3 of a seeded sample of 2,000 "
            "sources (`netreach bench reach FILE --sources 2000`; `../shared/peers/reach.py FILE --peers igraph "
            "--sources 2000`). Betweenness: netreach's Riondato–Kornaropoulos sampling against networkit's "
            "KadabraBetweenness with the same ε and δ = 0.1 (both 2 threads). NetworkX and NetworKit's exact "
            "reach are left out: on these sizes they take minutes to hours (see ../shared/peers/RESULTS.md).\n\n"
            + "\n".join(rows))
    write_report("suite-peers", body, args)


def load(args):
    rows = []
    for graph in args.graphs:
        for threads in (1, 2):
            out = sh([NETREACH, "-j", str(threads), "bench", "load", graph, "--repeat", str(args.repeat)])
            rows.append(f"### {os.path.basename(graph)}, -j{threads}\n\n```\n{out.strip()}\n```\n")
    write_report("load", "`netreach -j T bench load GRAPH`\n\n" + "\n".join(rows), args)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["reach", "load", "betweenness", "suite"])
    ap.add_argument("graphs", nargs="*")
    ap.add_argument("--max-edges", type=int, default=10_000_000, help="suite: the largest graph")
    ap.add_argument("--peers", default="igraph", type=lambda s: [p for p in s.split(",") if p])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--exact-peers", default="igraph,rustworkx,graphtool",
                    type=lambda s: [p for p in s.split(",") if p],
                    help="exact betweenness peers: igraph, rustworkx, graphtool (system python3)")
    ap.add_argument("--no-exact", default="", type=lambda s: [p for p in s.split(",") if p],
                    help="graphs (file names) to time only sampled betweenness on")
    ap.add_argument("--note", default="", help="a line for the report (how the graphs were made)")
    ap.add_argument("--out", default=os.path.join(ROOT, "reports", "bench"))
    args = ap.parse_args()
    args.graphs = [os.path.abspath(g) for g in args.graphs]
    if not os.access(NETREACH, os.X_OK):
        sh(["cargo", "build", "--release"], cwd=ROOT)
    {"reach": reach, "load": load, "betweenness": betweenness, "suite": suite}[args.kind](args)


if __name__ == "__main__":
    main()
