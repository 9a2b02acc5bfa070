"""The actor network in the store: import, edits as events, links to themes, coverage, export."""

from __future__ import annotations

import networkx as nx
import polars as pl
import pytest

from workbench.actors.coverage import suggest_brokers, theme_actors, theme_coverage
from workbench.actors.storage import (
    add_actor,
    add_tie,
    edit_actor,
    import_network,
    link_actor,
    load_network,
    read_links,
    remove_tie,
    set_stance,
    unlink_actor,
)
from workbench.errors import InputError, NotFoundError
from workbench.store.seed import ensure_reference_data
from workbench.themes import current_themes

WHO = "facilitator:test"


def _actors():
    return pl.DataFrame(
        {
            "id": ["P1", "C1", "Q1", "Q2", "S1"],
            "name": ["Prefectura", "GAD Cayambe", "GAD Olmedo", "GAD Ayora", "Asociación <b>x</b>"],
            "type": ["public", "public", "public", "public", "popular_economy"],
            "level": ["provincial", "cantonal", "parish", "parish", None],
            "sector": ["planificación", None, None, None, "textil"],
        }
    )


def test_import_adds_rows_as_one_event_and_reports_flagged_rows(store):
    ensure_reference_data(store)
    ties = pl.DataFrame(
        {
            "source": ["P1", "C1", "Q1", "Q1"],
            "target": ["C1", "Q1", "Q1", "ZZ"],
            "kind": ["coordination", "funding", "coordination", "information"],
        }
    )
    report = import_network(store, _actors(), ties, actor=WHO)
    assert (report.actors_added, report.ties_added) == (5, 2)
    assert report.flagged["problem"].to_list() == ["self_loop", "unknown_actor"]
    events = store.events(kind="actors.import")
    assert events.height == 2  # one for the actors, one for the ties, same transaction
    net = load_network(store)
    assert net.actors.height == 5 and net.ties.height == 2
    # re-importing the same ties adds nothing: they are duplicates of the held ones
    again = import_network(store, None, ties.head(2), actor=WHO)
    assert again.ties_added == 0
    assert again.flagged["problem"].to_list() == ["duplicate_tie", "duplicate_tie"]
    # a known id is updated, not duplicated
    renamed = _actors().head(1).with_columns(name=pl.lit("Gobierno de Pichincha"))
    assert import_network(store, renamed, None, actor=WHO).actors_updated == 1
    assert store.get("actors", {"id": "P1"})["name"] == "Gobierno de Pichincha"


def test_every_edit_is_an_event_and_bad_edits_are_clear_errors(store):
    ensure_reference_data(store)
    import_network(store, _actors(), None, actor=WHO)
    add_actor(
        store,
        {"id": "U1", "name": "Universidad", "type": "Academia", "level": ""},
        actor=WHO,
    )
    assert store.get("actors", {"id": "U1"})["type"] == "academia"
    with pytest.raises(InputError):
        add_actor(store, {"id": "U1", "name": "Otra", "type": "academia", "level": None}, actor=WHO)
    with pytest.raises(InputError):
        add_actor(store, {"id": "U2", "name": "Otra", "type": "martian", "level": None}, actor=WHO)
    edit_actor(store, "Q1", {"influence": 2.5, "level": "Parroquial"}, actor=WHO)
    assert store.get("actors", {"id": "Q1"})["influence"] == 2.5
    with pytest.raises(InputError):
        edit_actor(store, "Q1", {"influence": 7}, actor=WHO)
    with pytest.raises(NotFoundError):
        edit_actor(store, "NOPE", {"influence": 1}, actor=WHO)
    add_tie(store, "P1", "Q1", "funding", weight=3, actor=WHO)
    with pytest.raises(InputError):
        add_tie(store, "P1", "Q1", "funding", actor=WHO)  # duplicate
    with pytest.raises(InputError):
        add_tie(store, "P1", "P1", "funding", actor=WHO)
    with pytest.raises(InputError):
        add_tie(store, "P1", "Q2", "funding", weight=-2, actor=WHO)
    tie_id = int(store.read("ties")["id"][0])
    remove_tie(store, tie_id, actor=WHO)
    with pytest.raises(NotFoundError):
        remove_tie(store, tie_id, actor=WHO)
    kinds = store.events()["kind"].to_list()
    for kind in ("actors.add", "actors.edit", "ties.add", "ties.remove"):
        assert kind in kinds
    removed = store.events(kind="ties.remove").row(0, named=True)
    assert removed["actor"] == WHO


def test_links_and_stances_are_events_and_feed_theme_coverage(store):
    ensure_reference_data(store)
    import_network(store, _actors(), None, actor=WHO)
    link_actor(store, "P1", "theme", "3", "could_execute", actor=WHO)
    link_actor(store, "P1", "theme", "3", "could_execute", actor=WHO)  # twice: no change
    link_actor(store, "Q1", "tema", "3", "Se opone", actor=WHO)
    assert store.count("actor_links") == 2
    assert store.events(kind="actors.link").height == 2
    with pytest.raises(InputError):
        link_actor(store, "P1", "theme", "3", "loves", actor=WHO)
    with pytest.raises(NotFoundError):
        link_actor(store, "P1", "proposal", "P9999", "proposes", actor=WHO)
    unlink_actor(store, "Q1", "theme", "3", "opposes", actor=WHO)
    assert store.count("actor_links") == 1
    set_stance(store, "Q1", "3", -1, actor=WHO)
    set_stance(store, "Q1", "3", 2, actor=WHO)
    assert store.read("actor_stances")["stance"].to_list() == [2]
    with pytest.raises(InputError):
        set_stance(store, "Q1", "3", 5, actor=WHO)
    themes = pl.DataFrame(
        {"proposal_id": ["X"], "theme_id": [3], "theme": ["riego"], "confidence": [None]},
        schema_overrides={"confidence": pl.Float64},
    )
    coverage = theme_coverage(load_network(store).actors, read_links(store), themes)
    by_level = dict(zip(coverage["level"].to_list(), coverage["actors"].to_list(), strict=True))
    assert by_level == {"national": 0, "provincial": 1, "cantonal": 0, "parish": 0, "none": 0}


def test_sample_network_shows_the_planted_gaps(sample_store):
    net = load_network(sample_store)
    assert net.flagged.is_empty()
    assert (net.actors.height, net.ties.height) == (65, 157)
    unlinked = net.unlinked("parish", "provincial")["name"].to_list()
    assert sorted(unlinked) == [
        "GAD Parroquial de Gualea",
        "GAD Parroquial de Malchinguí",
        "GAD Parroquial de Tocachi",
    ]
    assert len(net.isolates()) == 2
    matrix = net.level_matrix()
    assert matrix.filter(pl.col("level") == "parish")["national"].item() == 0.0
    metrics = net.metrics()
    # the provincial directorates broker between levels (the sample's design)
    top = metrics.sort("betweenness", descending=True).head(3)
    assert set(top["level"].to_list()) == {"provincial"}


def test_sample_links_reach_themes_through_current_themes(sample_store):
    links = read_links(sample_store)
    assert links.height == 208
    themes = current_themes(sample_store)
    per_theme = theme_actors(links, themes)
    assert per_theme["theme"].n_unique() > 3
    coverage = theme_coverage(load_network(sample_store).actors, links, themes)
    assert coverage.height == themes["theme_id"].n_unique() * 5
    assert (coverage["actors"] == 0).any()  # some theme has nobody at some level
    net = load_network(sample_store)
    lonely = net.isolates()[0]
    theme_id = per_theme["theme_id"][0]
    carriers = per_theme.filter(pl.col("theme_id") == theme_id)["actor_id"].to_list()
    brokers = suggest_brokers(net, lonely, carriers)
    assert 0 < brokers.height <= 5
    assert not set(brokers["id"]) & set(carriers)
    graph = net.undirected()
    for row in brokers.iter_rows(named=True):
        assert row["theme_actors_reached"] == sum(
            1 for m in graph.neighbors(row["id"]) if m in carriers
        )
    reached = brokers["theme_actors_reached"].to_list()
    assert reached == sorted(reached, reverse=True)


def test_exports_open_again_with_networkx(sample_store, tmp_path):
    net = load_network(sample_store)
    gexf = nx.read_gexf(net.to_gexf(tmp_path / "map.gexf"))
    graphml = nx.read_graphml(net.to_graphml(tmp_path / "map.graphml"))
    for graph in (gexf, graphml):
        assert graph.number_of_nodes() == 65
        assert graph.number_of_edges() == 157
    node = graphml.nodes["A012"]
    assert node["level"] == "provincial" and "betweenness" in node
    kinds = {d["kind"] for _, _, d in graphml.edges(data=True)}
    assert kinds == {"collaboration", "funding", "information", "coordination", "conflict"}
    paths = net.to_csv(tmp_path / "csv")
    assert pl.read_csv(paths["ties"]).height == 157
    assert pl.read_csv(paths["metrics"]).height == 65
