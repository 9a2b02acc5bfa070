"""Actor network metrics against published values, networkx itself, and hand-worked examples."""

from __future__ import annotations

import itertools

import networkx as nx
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.actors import ActorNetwork, brokerage_roles, fragmentation, key_players
from workbench.actors.closeness import closeness


def _frames(graph: nx.Graph, level=None, kind="collaboration"):
    nodes = sorted(graph.nodes)
    actors = pl.DataFrame(
        {
            "id": nodes,
            "name": nodes,
            "level": [level(n) if level else None for n in nodes],
            "type": ["community"] * len(nodes),
        },
        schema_overrides={"level": pl.String},
    )
    ties = pl.DataFrame(
        {
            "source": [u for u, _ in graph.edges],
            "target": [v for _, v in graph.edges],
            "kind": [kind] * graph.number_of_edges(),
            "directed": [graph.is_directed()] * graph.number_of_edges(),
        },
        schema_overrides={"source": pl.String, "target": pl.String},
    )
    return actors, ties


@pytest.fixture(scope="module")
def florentine():
    graph = nx.florentine_families_graph()
    net = ActorNetwork.from_frames(*_frames(graph))
    return graph, net.metrics().sort("id")


# Wasserman and Faust (1994), Social Network Analysis, ch. 5: standardised actor
# betweenness and closeness of Padgett's Florentine marriage network (Pucci, isolated, left out).
PUBLISHED_BETWEENNESS = {
    "Medici": 0.522,
    "Guadagni": 0.255,
    "Albizzi": 0.212,
    "Salviati": 0.143,
    "Ridolfi": 0.114,
    "Pazzi": 0.0,
}
PUBLISHED_CLOSENESS = {"Medici": 0.560, "Ridolfi": 0.500, "Albizzi": 0.483, "Pazzi": 0.286}
PUBLISHED_DEGREE = {"Medici": 6, "Guadagni": 4, "Strozzi": 4, "Pazzi": 1}


def _value(frame: pl.DataFrame, actor: str, column: str):
    return frame.filter(pl.col("id") == actor)[column].item()


def test_florentine_medici_have_the_highest_betweenness_and_published_values(florentine):
    _, metrics = florentine
    top = metrics.sort("betweenness", descending=True)["id"][0]
    assert top == "Medici"
    for family, value in PUBLISHED_BETWEENNESS.items():
        assert _value(metrics, family, "betweenness") == pytest.approx(value, abs=5e-4)
    for family, value in PUBLISHED_CLOSENESS.items():
        assert _value(metrics, family, "closeness") == pytest.approx(value, abs=5e-4)
    for family, value in PUBLISHED_DEGREE.items():
        assert _value(metrics, family, "degree") == value


def test_florentine_metrics_equal_networkx_on_the_plain_graph(florentine):
    graph, metrics = florentine
    expected = {
        "eigenvector": nx.eigenvector_centrality_numpy(graph),
        "pagerank": nx.pagerank(graph),
        "constraint": nx.constraint(graph),
        "effective_size": nx.effective_size(graph),
        "closeness": nx.closeness_centrality(graph),
    }
    for column, values in expected.items():
        for family, value in values.items():
            assert _value(metrics, family, column) == pytest.approx(value, abs=1e-6), column
    # unit weights: weighted and unweighted agree
    for name in ("betweenness", "closeness", "pagerank", "eigenvector"):
        assert metrics[name].to_list() == pytest.approx(metrics[f"{name}_weighted"].to_list())
    assert metrics["component"].unique().to_list() == [0]
    assert not metrics["isolate"].any()
    assert metrics["community"].n_unique() > 1


def test_burt_constraint_and_effective_size_of_a_star_follow_the_textbook():
    # a centre with k unconnected contacts: constraint 1/k, effective size k; contacts 1 and 1
    star = nx.star_graph(4)
    star = nx.relabel_nodes(star, {i: f"n{i}" for i in star})
    metrics = ActorNetwork.from_frames(*_frames(star)).metrics()
    assert _value(metrics, "n0", "constraint") == pytest.approx(0.25)
    assert _value(metrics, "n0", "effective_size") == pytest.approx(4.0)
    assert _value(metrics, "n1", "constraint") == pytest.approx(1.0)
    assert _value(metrics, "n1", "effective_size") == pytest.approx(1.0)


def test_weights_change_weighted_betweenness_only():
    # a-b-c-d with a strong shortcut a-d: shortest by steps through a-d, by distance around
    actors = pl.DataFrame(
        {"id": list("abcd"), "name": list("ABCD"), "level": [None] * 4, "type": ["private"] * 4},
        schema_overrides={"level": pl.String},
    )
    ties = pl.DataFrame(
        {
            "source": ["a", "b", "c", "a"],
            "target": ["b", "c", "d", "d"],
            "kind": ["collaboration"] * 4,
            "weight": [5.0, 5.0, 5.0, 0.5],
        }
    )
    metrics = ActorNetwork.from_frames(actors, ties).metrics()
    assert _value(metrics, "b", "betweenness_weighted") > _value(metrics, "b", "betweenness")
    assert _value(metrics, "a", "strength") == pytest.approx(5.5)


def test_closeness_equals_networkx_on_random_directed_and_weighted_graphs():
    for seed in range(6):
        graph = nx.gnp_random_graph(30, 0.08, seed=seed, directed=seed % 2 == 0)
        for u, v in graph.edges:
            graph[u][v]["length"] = 1 + (u * 7 + v) % 4 / 2
        for distance in (None, "length"):
            ours = closeness(graph, distance=distance)
            theirs = nx.closeness_centrality(graph, distance=distance)
            assert ours == pytest.approx(theirs)


def test_brokerage_counts_match_a_hand_worked_example():
    # groups: X = a1 a2 a3, Y = b1 b2, Z = c1
    arcs = [
        ("a1", "a2"),
        ("a2", "a3"),
        ("b1", "a2"),
        ("a2", "b2"),
        ("b2", "a3"),
        ("a1", "c1"),
        ("c1", "b1"),
    ]
    groups = {"a1": "X", "a2": "X", "a3": "X", "b1": "Y", "b2": "Y", "c1": "Z"}
    roles = brokerage_roles(nx.DiGraph(arcs), groups)
    by_id = {row["id"]: row for row in roles.iter_rows(named=True)}
    # a2 brokers four open two-paths:
    #   a1 -> a2 -> a3  X X X coordinator     a1 -> a2 -> b2  X X Y representative
    #   b1 -> a2 -> a3  Y X X gatekeeper      b1 -> a2 -> b2  Y X Y itinerant
    assert by_id["a2"] == {
        "id": "a2",
        "coordinator": 1,
        "itinerant": 1,
        "gatekeeper": 1,
        "representative": 1,
        "liaison": 0,
        "total": 4,
    }
    # c1: a1 -> c1 -> b1 (X Z Y) liaison; b1: c1 -> b1 -> a2 (Z Y X) liaison
    assert by_id["c1"]["liaison"] == 1 and by_id["c1"]["total"] == 1
    assert by_id["b1"]["liaison"] == 1 and by_id["b1"]["total"] == 1
    # b2: a2 -> b2 -> a3 is closed by the arc a2 -> a3, so it brokers nothing
    assert by_id["b2"]["total"] == 0
    assert by_id["a1"]["total"] == by_id["a3"]["total"] == 0


def test_brokerage_by_level_counts_undirected_ties_both_ways():
    actors = pl.DataFrame(
        {
            "id": ["n", "p", "q", "r"],
            "name": ["N", "P", "Q", "R"],
            "level": ["national", "provincial", "parish", "provincial"],
            "type": ["public"] * 4,
        }
    )
    ties = pl.DataFrame(
        {"source": ["n", "p", "p"], "target": ["p", "q", "r"], "kind": ["coordination"] * 3}
    )
    net = ActorNetwork.from_frames(actors, ties)
    table = net.brokerage(by="level")
    p = table.filter(pl.col("id") == "p").row(0, named=True)
    # n-p-q both ways: 2 liaison; n-p-r and q-p-r both ways: representative and gatekeeper
    assert p["liaison"] == 2
    assert p["representative"] == 2 and p["gatekeeper"] == 2
    assert p["coordinator"] == p["itinerant"] == 0
    assert table.columns == [
        "id",
        "name",
        "level",
        "coordinator",
        "itinerant",
        "gatekeeper",
        "representative",
        "liaison",
        "total",
    ]
    by_type = net.brokerage(by="type")
    assert by_type.filter(pl.col("id") == "p")["coordinator"].item() == 6


def test_level_matrix_shows_levels_with_no_tie_between_them():
    actors = pl.DataFrame(
        {
            "id": ["n1", "p1", "p2", "q1", "q2"],
            "name": ["N1", "P1", "P2", "Q1", "Q2"],
            "level": ["national", "provincial", "provincial", "parish", "parish"],
            "type": ["public"] * 5,
        }
    )
    ties = pl.DataFrame(
        {
            "source": ["n1", "p1", "p1"],
            "target": ["p1", "q1", "p2"],
            "kind": ["coordination", "funding", "coordination"],
        }
    )
    net = ActorNetwork.from_frames(actors, ties)
    matrix = net.level_matrix()
    cell = {row["level"]: row for row in matrix.iter_rows(named=True)}
    assert cell["national"]["provincial"] == cell["provincial"]["national"] == 0.5
    assert cell["provincial"]["provincial"] == 1.0
    assert cell["parish"]["provincial"] == 0.25
    assert cell["parish"]["national"] == 0.0
    assert cell["none"]["none"] is None  # nobody outside government
    counts = net.level_matrix(value="ties")
    assert counts.filter(pl.col("level") == "parish")["provincial"].item() == 1.0
    assert net.unlinked("parish", "provincial")["id"].to_list() == ["q2"]


def test_ego_network_follows_the_direction_asked():
    actors = pl.DataFrame(
        {"id": list("abcd"), "name": list("ABCD"), "level": [None] * 4, "type": ["private"] * 4},
        schema_overrides={"level": pl.String},
    )
    ties = pl.DataFrame(
        {
            "source": ["a", "c", "b"],
            "target": ["b", "a", "d"],
            "kind": ["funding", "funding", "information"],
        }
    )
    net = ActorNetwork.from_frames(actors, ties)
    assert net.ego("a", direction="out").actors["id"].to_list() == ["a", "b"]
    assert net.ego("a", direction="in").actors["id"].to_list() == ["a", "c"]
    assert net.ego("a").actors["id"].to_list() == ["a", "b", "c"]
    assert net.ego("a", radius=2, direction="out").actors["id"].to_list() == ["a", "b", "d"]
    assert net.ego("a", radius=2, direction="out").ties.height == 2


def test_isolates_components_and_conflict_ties_left_out_of_metrics():
    actors = pl.DataFrame(
        {"id": list("abcde"), "name": list("ABCDE"), "level": [None] * 5, "type": ["private"] * 5},
        schema_overrides={"level": pl.String},
    )
    ties = pl.DataFrame(
        {
            "source": ["a", "c", "a"],
            "target": ["b", "d", "e"],
            "kind": ["collaboration"] * 2 + ["conflict"],
        }
    )
    net = ActorNetwork.from_frames(actors, ties)
    assert net.isolates() == ["e"]
    assert net.isolates(kinds=["collaboration", "conflict"]) == []
    pieces = net.components()
    assert pieces["size"].to_list() == [2, 2, 1]
    metrics = net.metrics()
    assert _value(metrics, "e", "isolate") is True
    assert _value(metrics, "e", "constraint") is None
    assert _value(metrics, "a", "component") != _value(metrics, "c", "component")
    assert net.graph.has_edge("a", "e")  # the graph keeps every tie


def test_key_players_greedy_first_choice_is_the_best_single_removal():
    for seed in range(4):
        graph = nx.relabel_nodes(
            nx.connected_watts_strogatz_graph(40, 4, 0.1, seed=seed), lambda i: f"v{i:02d}"
        )
        best = max(
            sorted(graph.nodes),
            key=lambda node: fragmentation(graph.subgraph(set(graph) - {node})),
        )
        found = key_players(graph, 2)
        assert found["id"][0] == best
        assert found["fragmentation"][0] == pytest.approx(
            fragmentation(graph.subgraph(set(graph) - {best}))
        )
    florentine = nx.florentine_families_graph()
    assert key_players(florentine, 1)["id"][0] == "Medici"
    assert fragmentation(nx.star_graph(3).subgraph([1, 2, 3])) == 1.0


@st.composite
def _networks(draw):
    n = draw(st.integers(min_value=2, max_value=10))
    ids = [f"x{i}" for i in range(n)]
    pairs = list(itertools.combinations(ids, 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs)))
    kinds = draw(
        st.lists(
            st.sampled_from(["collaboration", "funding", "information"]),
            min_size=len(chosen),
            max_size=len(chosen),
        )
    )
    weights = draw(st.lists(st.integers(1, 5), min_size=len(chosen), max_size=len(chosen)))
    levels = draw(
        st.lists(
            st.sampled_from(["national", "provincial", "parish", None]), min_size=n, max_size=n
        )
    )
    actors = pl.DataFrame(
        {"id": ids, "name": ids, "level": levels, "type": ["public"] * n},
        schema_overrides={"level": pl.String},
    )
    ties = pl.DataFrame(
        {
            "source": [a for a, _ in chosen],
            "target": [b for _, b in chosen],
            "kind": kinds,
            "weight": [float(w) for w in weights],
        },
        schema={"source": pl.String, "target": pl.String, "kind": pl.String, "weight": pl.Float64},
    )
    return actors, ties, draw(st.randoms(use_true_random=False))


@settings(max_examples=40, deadline=None)
@given(_networks())
def test_results_do_not_depend_on_the_order_of_input_rows(data):
    actors, ties, rnd = data
    first = ActorNetwork.from_frames(actors, ties)
    order_a = list(range(actors.height))
    order_t = list(range(ties.height))
    rnd.shuffle(order_a)
    rnd.shuffle(order_t)
    second = ActorNetwork.from_frames(actors[order_a], ties[order_t])
    assert first.metrics().equals(second.metrics())
    assert first.brokerage().equals(second.brokerage())
    assert first.level_matrix().equals(second.level_matrix())
    metrics = first.metrics()
    # sanity over any input: shares between 0 and 1, degrees as the graph says
    assert metrics["betweenness"].is_between(0, 1).all()
    assert metrics["closeness"].is_between(0, 1).all()
    assert metrics["pagerank"].sum() == pytest.approx(1.0)
    degrees = dict(first.undirected().degree)
    assert metrics["degree"].to_list() == [degrees[i] for i in metrics["id"]]


def test_an_empty_network_has_empty_results():
    actors = pl.DataFrame(
        schema={"id": pl.String, "name": pl.String, "level": pl.String, "type": pl.String}
    )
    ties = pl.DataFrame(schema={"source": pl.String, "target": pl.String, "kind": pl.String})
    net = ActorNetwork.from_frames(actors, ties)
    assert net.metrics().is_empty()
    assert net.brokerage().is_empty()
    assert net.level_matrix().height == 5


@pytest.mark.parametrize("dense_up_to", [10_000, 10], ids=["lapack", "arpack"])
def test_eigenvector_centrality_is_networkxs_and_the_same_on_every_call(monkeypatch, dense_up_to):
    from workbench.actors import eigenvector

    monkeypatch.setattr(eigenvector, "DENSE_UP_TO", dense_up_to)
    graph = nx.gnm_random_graph(60, 240, seed=3)
    for u, v in graph.edges:
        graph.edges[u, v]["weight"] = 1 + (u * v) % 5
    for weight in (None, "weight"):
        expected = nx.eigenvector_centrality_numpy(graph, weight=weight)
        runs = [eigenvector.eigenvector_centrality(graph, weight=weight) for _ in range(5)]
        assert all(run == runs[0] for run in runs)  # bit for bit
        assert runs[0] == pytest.approx(expected, abs=1e-9)
