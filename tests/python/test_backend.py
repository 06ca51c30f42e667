"""The NetworkX backend against NetworkX itself on the shared real graphs and on graphs with
everything a NetworkX graph may carry (attributes, self-loops, isolated and non-integer
nodes); what it declines falls back to NetworkX."""

import math
import random

import pytest

nx = pytest.importorskip("networkx")

from netreach.backend import BackendInterface  # noqa: E402


def assert_close(got, want, tol=1e-9):
    assert got.keys() == want.keys()
    for v in want:
        if isinstance(want[v], float) and math.isnan(want[v]):
            assert math.isnan(got[v]), v
        else:
            assert got[v] == pytest.approx(want[v], rel=tol, abs=tol), v


def real_graph(data_dir, name):
    path = data_dir / name
    if name.endswith(".gml"):
        return nx.read_gml(path)
    G = nx.Graph()
    for line in path.read_text().splitlines():
        if line and line[0] not in "%#" and not line.startswith("node"):
            a, b = line.replace(",", " ").split()[:2]
            G.add_edge(int(a), int(b))
    G.remove_edges_from(list(nx.selfloop_edges(G)))
    return G


def odd_graph():
    """Attributes, a self-loop, isolated nodes and nodes of several types."""
    G = nx.les_miserables_graph()  # string nodes, weighted edges
    G.add_edge("Valjean", "Valjean")
    G.add_edge(("a", 1), "Valjean", colour="red")
    G.add_edge(("a", 1), 3.5)
    G.add_nodes_from(["alone", 42], kind="isolated")
    return G


@pytest.fixture(params=["karate", "lesmis", "odd", "ba"])
def graph(request, data_dir):
    if request.param == "karate":
        return real_graph(data_dir, "karate_zachary.konect.txt")
    if request.param == "lesmis":
        return real_graph(data_dir, "lesmis.gml")
    if request.param == "odd":
        return odd_graph()
    return nx.barabasi_albert_graph(300, 2, seed=4)


@pytest.mark.parametrize("normalized", [True, False])
@pytest.mark.parametrize("endpoints", [True, False])
def test_betweenness_is_networkxs(graph, normalized, endpoints):
    args = {"normalized": normalized, "endpoints": endpoints}
    want = nx.betweenness_centrality(graph, **args)
    assert_close(nx.betweenness_centrality(graph, backend="netreach", **args), want)


@pytest.mark.parametrize("endpoints", [True, False])
@pytest.mark.parametrize("k", [1, 7, 40])
def test_sampled_betweenness_draws_networkxs_sources(graph, k, endpoints):
    args = {"k": min(k, len(graph)), "endpoints": endpoints}
    want = nx.betweenness_centrality(graph, seed=random.Random(11), **args)
    got = nx.betweenness_centrality(graph, backend="netreach", seed=random.Random(11), **args)
    assert_close(got, want)
    assert_close(nx.betweenness_centrality(graph, backend="netreach", seed=3, normalized=False, **args),
                 nx.betweenness_centrality(graph, seed=3, normalized=False, **args))


def test_sampled_betweenness_on_a_real_graph(data_dir):
    G = real_graph(data_dir, "ca-GrQc.txt")
    want = nx.betweenness_centrality(G, k=150, seed=8)
    assert_close(nx.betweenness_centrality(G, k=150, seed=8, backend="netreach"), want)


@pytest.mark.parametrize("wf_improved", [True, False])
def test_closeness_and_harmonic_are_networkxs(graph, wf_improved):
    want = nx.closeness_centrality(graph, wf_improved=wf_improved)
    assert_close(nx.closeness_centrality(graph, wf_improved=wf_improved, backend="netreach"), want)
    some = list(graph)[3]
    assert nx.closeness_centrality(graph, u=some, backend="netreach") == pytest.approx(
        nx.closeness_centrality(graph, u=some)
    )
    assert_close(nx.harmonic_centrality(graph, backend="netreach"), nx.harmonic_centrality(graph))
    nbunch = list(graph)[:5]
    assert_close(nx.harmonic_centrality(graph, nbunch=nbunch, backend="netreach"),
                 nx.harmonic_centrality(graph, nbunch=nbunch))


def test_closeness_and_harmonic_on_a_real_graph(data_dir):
    G = real_graph(data_dir, "ca-GrQc.txt")  # many components: wf_improved matters
    assert_close(nx.closeness_centrality(G, backend="netreach"), nx.closeness_centrality(G))
    assert_close(nx.harmonic_centrality(G, backend="netreach"), nx.harmonic_centrality(G))


@pytest.mark.parametrize("cutoff", [None, 0, 1, 2, 2.5, -1])
def test_searches_are_networkxs(graph, cutoff):
    source = list(graph)[1]
    want = nx.single_source_shortest_path_length(graph, source, cutoff=cutoff)
    got = nx.single_source_shortest_path_length(graph, source, cutoff=cutoff, backend="netreach")
    assert got == want
    assert list(got)[0] == source
    if cutoff is not None:
        assert nx.descendants_at_distance(graph, source, cutoff, backend="netreach") == \
            nx.descendants_at_distance(graph, source, cutoff)
    with pytest.raises(nx.NodeNotFound):
        nx.single_source_shortest_path_length(graph, "nobody", backend="netreach")


def without_self_loops(G):
    H = G.copy()
    H.remove_edges_from(list(nx.selfloop_edges(H)))
    return H


def test_structure_is_networkxs(graph):
    G = without_self_loops(graph)
    assert nx.core_number(G, backend="netreach") == nx.core_number(G)
    assert_close(nx.constraint(G, backend="netreach"), nx.constraint(G))
    assert_close(nx.effective_size(G, backend="netreach"), nx.effective_size(G))
    some = list(G)[:4]
    assert_close(nx.constraint(G, nodes=some, backend="netreach"), nx.constraint(G, nodes=some))
    as_set = lambda edges: {frozenset(e) for e in edges}  # noqa: E731
    assert as_set(nx.bridges(G, backend="netreach")) == as_set(nx.bridges(G))
    assert nx.has_bridges(G, backend="netreach") == nx.has_bridges(G)
    root = list(G)[-1]
    assert list(nx.bridges(G, root, backend="netreach")) == list(nx.bridges(G, root))
    with pytest.raises(nx.NodeNotFound):
        nx.has_bridges(G, root="nobody", backend="netreach")
    points = list(nx.articulation_points(G, backend="netreach"))
    assert len(points) == len(set(points)) and set(points) == set(nx.articulation_points(G))
    blocks = lambda it: sorted(map(frozenset, it), key=sorted_key)  # noqa: E731
    assert blocks(nx.biconnected_components(G, backend="netreach")) == blocks(nx.biconnected_components(G))
    components = list(nx.connected_components(graph, backend="netreach"))
    assert components == list(nx.connected_components(graph))
    assert nx.number_connected_components(graph, backend="netreach") == nx.number_connected_components(graph)


def sorted_key(block):
    return sorted(map(repr, block))


def test_what_the_backend_does_not_do_is_declined():
    G = nx.path_graph(4)
    assert BackendInterface.can_run("betweenness_centrality", (G,), {}) is True
    assert isinstance(BackendInterface.can_run("betweenness_centrality", (G,), {"weight": "w"}), str)
    assert isinstance(BackendInterface.can_run("closeness_centrality", (G,), {"distance": "w"}), str)
    assert isinstance(BackendInterface.can_run("betweenness_centrality", (nx.MultiGraph(G),), {}), str)
    assert isinstance(BackendInterface.can_run("core_number", (nx.DiGraph(G),), {}), str)
    looped = G.copy()
    looped.add_edge(1, 1)
    assert isinstance(BackendInterface.can_run("core_number", (looped,), {}), str)
    assert BackendInterface.can_run("closeness_centrality", (looped,), {}) is True
    assert isinstance(BackendInterface.can_run("pagerank", (G,), {}), str)


def test_declined_calls_fall_back_to_networkx():
    D = nx.gn_graph(60, seed=2)
    nx.config.backend_priority.algos = ["netreach"]
    try:
        assert nx.betweenness_centrality(D) == nx.betweenness_centrality(D, backend="networkx")
        G = nx.karate_club_graph()  # weighted: asked with weight, it is NetworkX's
        assert nx.betweenness_centrality(G, weight="weight") == \
            nx.betweenness_centrality(G, weight="weight", backend="networkx")
    finally:
        nx.config.backend_priority.algos = []


def test_a_graph_is_converted_once_and_cached():
    G = nx.barabasi_albert_graph(200, 3, seed=1)
    nx.betweenness_centrality(G, backend="netreach")
    cache = G.__networkx_cache__["backends"]["netreach"]
    converted = list(cache.values())
    assert len(converted) == 1
    with pytest.warns(UserWarning, match="cache"):
        nx.closeness_centrality(G, backend="netreach")
    assert list(cache.values()) == converted
    G.add_edge(0, 199)  # a mutation clears the cache: the next call converts again
    assert nx.closeness_centrality(G, backend="netreach") == pytest.approx(nx.closeness_centrality(G))


def test_the_converted_graph_comes_back_as_networkx():
    G = odd_graph()
    back = BackendInterface.convert_to_nx(BackendInterface.convert_from_nx(G))
    assert set(back) == set(G)
    assert {frozenset(e) for e in back.edges} == {frozenset(e) for e in G.edges if e[0] != e[1]}
