"""The native API against the CLI: the same numbers, byte for byte, on the bundled sample and
the shared real graphs; errors with the CLI's messages; results independent of threads."""

import json
from pathlib import Path

import numpy as np
import pytest

import netreach

REPO = Path(__file__).resolve().parents[2]
REAL_GRAPHS = ["karate_zachary.konect.txt", "ca-GrQc.txt", "lastfm_asia_edges.csv", "facebook_combined.txt.gz"]


def rows_by_id(frame):
    return {str(row["node_id"]): row for row in frame.to_dict("records")}


def assert_reach_equals_cli(network, path, cli_csv, depth=3):
    frame = network.reach_all(depth=depth)
    expected = cli_csv("reach", path, "--all", "--depth", depth)
    assert len(frame) == len(expected) == network.number_of_nodes()
    columns = [f"n{k}" for k in range(1, depth + 1)] + [f"reach_{depth}"]
    assert list(frame.columns) == ["node_id"] + columns
    for got, want in zip(frame.to_dict("records"), expected):
        assert str(got["node_id"]) == want["node_id"]
        assert [int(got[c]) for c in columns] == [int(want[c]) for c in columns]


@pytest.mark.parametrize("name", REAL_GRAPHS)
def test_everyones_reach_is_the_clis_on_real_graphs(name, data_dir, cli_csv):
    path = data_dir / name
    assert_reach_equals_cli(netreach.load(path), path, cli_csv)


def test_everyones_reach_on_the_sample_at_depth_4(sample, cli_csv):
    assert_reach_equals_cli(netreach.load(sample), sample, cli_csv, depth=4)


def test_stats_is_the_clis_json(sample, cli_json):
    assert netreach.load(sample).stats() == cli_json("stats", sample)


def test_one_persons_reach_and_connectors_are_the_clis_json(sample, cli_json):
    network = netreach.load(sample)
    ego = "https://www.linkedin.com/in/amir-dahlberg-13ea"
    assert network.reach(ego) == cli_json("reach", sample, "--ego", ego)
    assert network.connectors(ego) == cli_json("connectors", sample, "--ego", ego)
    assert network.recommend(ego, k=5) == cli_json("recommend", sample, "--ego", ego, "--top", 5)


@pytest.mark.parametrize("name", ["karate_zachary.konect.txt", "ca-GrQc.txt", "facebook_combined.txt.gz"])
def test_betweenness_is_the_clis(name, data_dir, cli_csv):
    path = data_dir / name
    network = netreach.load(path)
    exact = rows_by_id(network.betweenness())
    for row in cli_csv("connectors", path, "--all"):
        got = exact[row["node_id"]]
        assert got["betweenness"] == float(row["betweenness"])
        assert got["betweenness_raw"] == float(row["betweenness_raw"])
    sampled = network.betweenness(sampled=True, epsilon=0.05, delta=0.1, seed=3)
    assert sampled.attrs["method"]["kind"] == "sampled"
    by_id = rows_by_id(sampled)
    for row in cli_csv("connectors", path, "--all", "--sampled", "--epsilon", 0.05, "--seed", 3):
        assert by_id[row["node_id"]]["betweenness"] == float(row["betweenness"])


def test_results_do_not_depend_on_threads(data_dir):
    network = netreach.load(data_dir / "ca-GrQc.txt")
    one = network.reach_all(threads=1)
    two = network.reach_all(threads=2)
    assert one.equals(two)
    assert network.betweenness(threads=1).equals(network.betweenness(threads=2))


def test_from_edges_is_the_edge_list(data_dir):
    path = data_dir / "karate_zachary.konect.txt"
    pairs = [line.split()[:2] for line in path.read_text().splitlines() if line and line[0] not in "%#"]
    u = np.array([int(a) for a, _ in pairs])
    v = np.array([int(b) for _, b in pairs])
    from_arrays = netreach.Network.from_edges(u, v)
    assert from_arrays.reach_all().equals(netreach.load(path).reach_all())
    assert from_arrays.number_of_edges() == 78


def test_from_edges_refuses_what_is_not_an_id():
    with pytest.raises(ValueError, match="non-negative"):
        netreach.from_edges([0, -1], [1, 2])
    with pytest.raises(ValueError, match="integers"):
        netreach.from_edges([0.5], [1.0])
    with pytest.raises(ValueError, match="equally long"):
        netreach.from_edges([0, 1], [1])


def test_a_networkx_graph_keeps_its_node_objects():
    nx = pytest.importorskip("networkx")
    G = nx.Graph(name="g")
    G.add_edge("ann", ("bo", 2), weight=3)
    G.add_edge(("bo", 2), 7.5, label="x")
    G.add_edge("ann", "ann")  # a self-loop: dropped
    G.add_node("alone", role="isolated")
    network = netreach.Network.from_networkx(G)
    frame = network.reach_all()
    assert list(frame["node_id"]) == ["ann", ("bo", 2), 7.5, "alone"]
    assert list(frame["n1"]) == [1, 2, 1, 0]
    assert list(frame["n2"]) == [1, 0, 1, 0]
    assert network.number_of_edges() == 2
    assert network.reach(("bo", 2))["rings"][0]["count"] == 2
    with pytest.raises(ValueError, match="not a node"):
        network.reach("nobody")


def test_a_directed_networkx_graph_is_read_as_undirected():
    nx = pytest.importorskip("networkx")
    D = nx.DiGraph([(2, 1), (1, 0)])
    frame = netreach.from_networkx(D).reach_all()
    assert list(frame["node_id"]) == [2, 1, 0]
    assert list(frame["n1"]) == [1, 2, 1]


def test_errors_carry_the_clis_messages(tmp_path, cli):
    missing = tmp_path / "missing.txt"
    with pytest.raises(FileNotFoundError) as error:
        netreach.load(missing)
    assert str(error.value) == cli("stats", missing, check=False).stderr.strip().removeprefix("netreach: ")
    bad = tmp_path / "bad.txt"
    bad.write_text("1 2\n2 3\n3 x\n")
    with pytest.raises(ValueError) as error:
        netreach.load(bad)
    assert f"{bad}:3:" in str(error.value)
    assert str(error.value) == cli("stats", bad, check=False).stderr.strip().removeprefix("netreach: ")
    with pytest.raises(ValueError, match="unknown"):
        netreach.load(bad, format="unknown")


def test_a_bad_row_in_an_export_is_read_around_and_said(cli):
    export = REPO / "tests" / "fixtures" / "linkedin" / "dates_mixed.csv"
    said = cli("stats", export).stderr.strip().splitlines()[-1].removeprefix("netreach: ")
    with pytest.warns(UserWarning) as caught:
        network = netreach.load(export)
    assert f"netreach: {said}" in [str(w.message) for w in caught]
    assert f"{export}:8:" in said
    assert network.stats() == json.loads(cli("stats", export, "--format", "json").stdout)


def test_an_unknown_person_is_a_value_error(sample):
    with pytest.raises(ValueError, match="Nobody Atall"):
        netreach.load(sample).reach("Nobody Atall")


def test_the_memory_limit_raises_memory_error(data_dir):
    network = netreach.load(data_dir / "ca-GrQc.txt")
    netreach.set_memory_limit("1K")
    try:
        with pytest.raises(MemoryError):
            network.reach_all()
    finally:
        netreach.set_memory_limit(None)
    assert len(network.reach_all()) == network.number_of_nodes()


def test_approximate_reach_is_the_clis(data_dir, cli_csv):
    path = data_dir / "ca-GrQc.txt"
    frame = rows_by_id(netreach.load(path).reach_all(approx=True, seed=5))
    for row in cli_csv("reach", path, "--all", "--approx", "--seed", 5):
        got = frame[row["node_id"]]
        assert [int(got[c]) for c in ("n1", "n2", "n3")] == [int(row[c]) for c in ("n1", "n2", "n3")]
        # The CSV writes standard errors to one decimal.
        assert f"{got['n2_se']:.1f}" == row["n2_se"] and f"{got['n3_se']:.1f}" == row["n3_se"]


EGO = "https://www.linkedin.com/in/amir-dahlberg-13ea"


def test_the_audit_of_an_archive_is_the_clis(sample, cli_json):
    member = sample / "amir-dahlberg-13ea"
    with pytest.warns(UserWarning, match="ego: Amir Dahlberg"):
        assert netreach.load(member).audit() == cli_json("audit", member)
    assert netreach.load(sample).audit(EGO, field="data") == cli_json("audit", sample, "--ego", EGO, "--field", "data")


def test_introductions_ties_and_overlap_are_the_clis(sample, cli, cli_json, tmp_path):
    network = netreach.load(sample)
    ids_file = tmp_path / "targets.txt"
    ids_file.write_text("# two people\nlinkedin.com/in/ada-moreau-2a7a\nlinkedin.com/in/kenji-tornberg-1a4d\n")
    jobs_file = tmp_path / "jobs.csv"
    jobs_file.write_text("Title;Företag;Link\nEngineer;Initech AB;https://jobs.example/1\nCook;Nobody Ltd;\n")
    assert network.intro(EGO, companies="Initech AB") == cli_json("intro", sample, "--ego", EGO, "--company", "Initech AB")
    other = "https://www.linkedin.com/in/kenji-tornberg-1a4d"
    assert network.intro(EGO, companies=["Wayne Labs", "initech ab"], to=other, paths=2) == cli_json(
        "intro", sample, "--ego", EGO, "--company", "Wayne Labs", "--company", "initech ab", "--to", other, "--paths", 2
    )
    assert network.intro(EGO, target=["company=initech", "position~lead"], paths=1) == cli_json(
        "intro", sample, "--ego", EGO, "--target", "company=initech", "--target", "position~lead", "--paths", 1
    )
    with pytest.raises(ValueError, match="no person matches the target"):
        network.intro(EGO, target="company=No Such Company Ltd")
    with pytest.raises(ValueError, match="is not a target"):
        network.intro(EGO, target="colour=blue")
    assert network.intro(EGO, to=other, target_ids=["linkedin.com/in/ada-moreau-2a7a", other]) == json.loads(
        cli("intro", sample, "--ego", EGO, "--to", other, "--target-file", ids_file, "--format", "json").stdout
    )
    assert network.intro(EGO, jobs=jobs_file) == cli_json("intro", sample, "--ego", EGO, "--jobs", jobs_file)
    assert network.ties(EGO) == cli_json("ties", sample, "--ego", EGO)
    assert network.overlap() == cli_json("overlap", sample)
    with pytest.raises(ValueError, match="overlap compares several"):
        netreach.load(sample / "amir-dahlberg-13ea").overlap()
    with pytest.raises(ValueError, match="loaded input"):
        netreach.from_edges([0, 1], [1, 2]).audit(0)


def test_the_report_is_the_clis(sample, cli, tmp_path):
    index = netreach.load(sample).report(tmp_path / "py", companies=["Initech AB"])
    assert index.is_file()
    cli("report", sample, "--out", tmp_path / "cli", "--company", "Initech AB")
    made = sorted(p.name for p in (tmp_path / "py").iterdir())
    assert made == sorted(p.name for p in (tmp_path / "cli").iterdir())
    for name in ["report.md", "index.html", "reach_all.csv"]:
        if (tmp_path / "cli" / name).exists():
            assert (tmp_path / "py" / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name
    with pytest.raises(ValueError, match="titles"):
        netreach.load(sample).report(tmp_path / "x", titles="blur")


def test_recommend_for_a_target_group_is_the_clis(sample, cli, cli_json, tmp_path):
    network = netreach.load(sample)
    by_specs = network.recommend(EGO, k=4, target=["field=design"])
    assert by_specs == cli_json("recommend", sample, "--ego", EGO, "--top", 4, "--target", "field=design")
    assert by_specs["picks"], "the group has people beyond three hops to gain"
    assert by_specs != network.recommend(EGO, k=4), "a target group changes the ranking"
    # Three people four hops from the ego.
    people = [
        "linkedin.com/in/edda-castell-2335",
        "linkedin.com/in/oskar-hedin-16a5",
        "linkedin.com/in/noor-tornberg-2d1d",
    ]
    ids_file = tmp_path / "targets.txt"
    ids_file.write_text("\n".join(people) + "\n")
    by_ids = network.recommend(EGO, k=3, target_ids=people)
    assert by_ids["picks"]
    from_file = json.loads(
        cli("recommend", sample, "--ego", EGO, "--top", 3, "--target-file", ids_file, "--format", "json").stdout
    )
    # The group is named by where it came from; everything else is the CLI's.
    assert by_ids.pop("measure") == "targets within 3 hops (the ids given)"
    assert from_file.pop("measure").startswith("targets within 3 hops (ids in ")
    assert by_ids == from_file
    with pytest.raises(ValueError, match="not both"):
        network.recommend(EGO, target="recruiters", target_ids=people)


def test_recommend_takes_the_clis_other_options(sample, cli_json):
    network = netreach.load(sample)
    plain = network.recommend(EGO, k=3)
    far = network.recommend(EGO, k=3, from_distance=3, include_exporters=True)
    assert far == cli_json("recommend", sample, "--ego", EGO, "--top", 3, "--from", 3, "--include-exporters")
    assert far["picks"] and far["picks"] != plain["picks"]
    # Distance-2 candidates here share one contact with the ego: a band above leaves none.
    banded = network.recommend(EGO, k=3, mutuals=(2, 3))
    assert banded == cli_json("recommend", sample, "--ego", EGO, "--top", 3, "--mutuals", "2..3")
    assert plain["picks"] and not banded["picks"]
    with pytest.raises(ValueError, match="distance 2 or 3"):
        network.recommend(EGO, from_distance=4)
    with pytest.raises(ValueError, match="low end"):
        network.recommend(EGO, mutuals=(5, 2))


def test_whatif_is_the_clis(sample, cli_json):
    network = netreach.load(sample)
    far = "linkedin.com/in/edda-castell-2335"  # four hops from the ego
    contact = "linkedin.com/in/vera-hedin-12d2"
    got = network.whatif(EGO, add=far, remove=[contact], target="field=design")
    assert got == cli_json(
        "whatif", sample, "--ego", EGO, "--add", far, "--remove", contact, "--target", "field=design"
    )
    assert got["target"] == "field=design" and got["change"] != [0, 0, 0, 0]
    everyone = network.whatif(EGO, add=[far])
    assert everyone == cli_json("whatif", sample, "--ego", EGO, "--add", far)
    assert everyone["target_size"] > got["target_size"]
    with pytest.raises(ValueError, match="not a connection of"):
        network.whatif(EGO, remove=far)
    with pytest.raises(ValueError, match="that is the ego"):
        network.whatif(EGO, add=EGO)
    with pytest.raises(ValueError, match="already a contact"):
        network.whatif(EGO, add=contact)


def test_recommend_on_one_export_says_what_it_cannot_show(sample, cli_json):
    member = sample / "amir-dahlberg-13ea"
    with pytest.warns(UserWarning, match="ego:"):
        got = netreach.load(member).recommend()
    assert got == cli_json("recommend", member)
    assert got["picks"] == [] and "note" in got
