"""The themes explorer driven without a browser: fit, operations, filters, heatmap, errors."""

from __future__ import annotations

import polars as pl
import pytest

from tests.themes_support import add_sample_proposals
from workbench.themes import current_themes, history
from workbench.themes.views import territory_matrix
from workbench.ui.themes_explorer import ThemesExplorer

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def explorer(store):
    add_sample_proposals(store, 90)
    view = ThemesExplorer(store=store, lang="es", actor="facilitator:test")
    view._n_themes.value = 4
    view.fit()
    return view


def test_fit_fills_every_view(explorer):
    assert explorer._themes.height == 4
    assert len(explorer._themes_table.value) == 4
    assert len(explorer._table.value) == 90
    # the plots hold every placed proposal and every territory-theme pair
    assert len(explorer._map.source.data["id"]) == 90
    n_cantons = explorer._territories.filter(pl.col("kind") == "canton").height
    assert len(explorer._heat.source.data["proposals"]) == n_cantons * 4
    # the page renders (Bokeh models are built, as the served page does)
    assert explorer.__panel__().get_root() is not None
    assert set(explorer._table.value.columns) >= {"id", "theme", "confidence", "text"}
    assert explorer._status.alert_type == "success"


def test_operations_are_events_and_undoable(explorer):
    store = explorer.store
    first = explorer.theme
    explorer.rename("Agua y riego")
    assert "Agua y riego" in set(current_themes(store)["theme"])
    explorer.split(2)
    assert explorer._themes.height == 5
    # change a proposal's theme in the table, as a facilitator does
    row = explorer._table.value.iloc[0]
    target = explorer._themes.filter(pl.col("name") != row["theme"])["name"][0]

    class Edit:
        column, row, value = "theme", 0, target

    explorer._proposal_edited(Edit)
    moved = current_themes(store).filter(pl.col("proposal_id") == row["id"])
    assert moved["theme"][0] == target
    kinds = history(store)["kind"].to_list()
    assert kinds == ["themes.rename", "themes.split", "themes.move"]
    for _ in kinds:
        explorer.undo()
    assert history(store).is_empty()
    assert explorer._themes.height == 4
    assert explorer.theme == first
    assert "Agua y riego" not in set(current_themes(store)["theme"])


def test_a_bad_operation_shows_one_clear_message(explorer):
    explorer.split(500)
    assert explorer._status.alert_type == "danger"
    assert "no se puede dividir" in explorer._status.object
    explorer.rename("   ")
    assert "entre 1 y 300" in explorer._status.object


def test_filters_and_heatmap_show_territories_with_no_proposals(explorer):
    cantons = set(explorer._proposals["canton_code"].drop_nulls())
    code = sorted(cantons)[0]
    explorer.canton = code
    assert set(explorer._table.value["canton"]) == set(
        explorer._proposals.filter(pl.col("canton_code") == code)["canton"]
    )
    matrix = territory_matrix(
        explorer.shown(), explorer._territories, explorer._themes, level="canton"
    )
    n_cantons = explorer._territories.filter(pl.col("kind") == "canton").height
    assert matrix.height == n_cantons * explorer._themes.height
    assert (matrix["proposals"] == 0).any()
    assert matrix["proposals"].sum() == explorer.shown().height
    explorer.canton = ""
    explorer.low_confidence_only = True
    assert (explorer._table.value["confidence"] < 0.5).all()


def test_before_a_fit_the_explorer_says_what_to_do(store):
    add_sample_proposals(store, 10)
    view = ThemesExplorer(store=store, lang="en")
    assert view._themes.is_empty()
    assert "Group into themes" in view._status.object
    assert view._split_button.disabled
    assert len(view._map.source.data["id"]) == 0  # nothing placed yet: an empty map
    assert view.__panel__().get_root() is not None


def _views_agree_with_the_store(view: ThemesExplorer) -> None:
    """The table, the theme list counts, the map and the heatmap say what the store says."""
    truth = current_themes(view.store)
    theme_of = dict(zip(truth["proposal_id"], truth["theme"], strict=True))
    table = view._table.value
    assert dict(zip(table["id"], table["theme"], strict=True)) == theme_of
    counts = truth.group_by("theme_id").len()
    listed = view._themes_table.value
    size = dict(zip(counts["theme_id"], counts["len"], strict=True))
    assert set(size) <= set(listed["id"])  # a theme may be listed with no proposal left
    assert {t: int(n) for t, n in zip(listed["id"], listed["proposals"], strict=True)} == {
        t: size.get(t, 0) for t in listed["id"]
    }
    data = view._map.source.data
    assert dict(zip(data["id"], data["theme"], strict=True)) == theme_of
    id_of = dict(zip(truth["proposal_id"], truth["theme_id"], strict=True))
    assert [view._map.colour(id_of[p]) for p in data["id"]] == list(data["colour"])
    shown = set(id_of.values())  # themes shown have distinct colours (up to 20)
    assert len({view._map.colour(t) for t in shown}) == min(len(shown), 20)
    heat = view._heat.source.data
    per_theme: dict[str, int] = {}
    for name, n in zip(heat["theme"], heat["proposals"], strict=True):
        per_theme[name] = per_theme.get(name, 0) + int(n)
    placed = view._proposals.filter(pl.col("canton_code").is_not_null())
    expected = placed.group_by("theme").len()
    assert {k: v for k, v in per_theme.items() if v} == dict(
        zip(expected["theme"], expected["len"], strict=True)
    )


def test_views_stay_consistent_after_each_operation(explorer):
    _views_agree_with_the_store(explorer)
    themes = explorer._themes["id"].to_list()
    explorer.theme = themes[0]
    moved = explorer._table.value["id"].iloc[-1]
    explorer.move([moved], themes[1])
    assert (
        current_themes(explorer.store).filter(pl.col("proposal_id") == moved)["theme_id"].item()
        == themes[1]
    )
    _views_agree_with_the_store(explorer)
    explorer.rename("Riego comunitario")
    _views_agree_with_the_store(explorer)
    explorer.merge([themes[2]])
    _views_agree_with_the_store(explorer)
    explorer.theme = themes[1]
    explorer.split(2)
    _views_agree_with_the_store(explorer)
    explorer.toggle_lock()
    _views_agree_with_the_store(explorer)
    explorer._seed_name.value = "Turismo"
    explorer._seed_words.value = "turismo, guías"
    explorer.seed()
    _views_agree_with_the_store(explorer)
    for _ in range(6):
        explorer.undo()
        _views_agree_with_the_store(explorer)
    assert history(explorer.store).is_empty()


def test_changes_made_elsewhere_reach_the_views(explorer):
    from workbench.themes import operations as ops

    store = explorer.store
    themes = explorer._themes["id"].to_list()
    some = explorer._proposals.filter(pl.col("theme_id") == themes[0])["id"].head(3).to_list()
    ops.move(store, some, themes[1], actor="facilitator:other")  # another session, the CLI
    ops.rename(store, themes[1], "Cambiado en otra sesión", actor="facilitator:other")
    explorer._sync()
    _views_agree_with_the_store(explorer)
    assert "Cambiado en otra sesión" in set(explorer._table.value["theme"])
    ops.undo(store, actor="facilitator:other")
    ops.undo(store, actor="facilitator:other")
    explorer._sync()
    _views_agree_with_the_store(explorer)
    assert "Cambiado en otra sesión" not in set(explorer._table.value["theme"])


def test_a_refit_moves_the_map_points(explorer):
    before = dict(zip(explorer._map.source.data["id"], explorer._map.source.data["x"], strict=True))
    explorer.store.update(
        "proposals", {"id": "P0001"}, {"text": "Turismo comunitario"}, actor="test"
    )
    explorer._n_themes.value = 3
    explorer.fit()
    _views_agree_with_the_store(explorer)
    data = explorer._map.source.data
    after = dict(zip(data["id"], data["x"], strict=True))
    stored = current_themes(explorer.store)
    assert set(after) == set(stored["proposal_id"])
    assert after != before  # new positions were sent, not only new colours
    shown = dict(zip(explorer._table.value["id"], explorer._table.value["text"], strict=True))
    assert shown["P0001"].endswith("Turismo comunitario")


def test_proposals_grouped_in_another_session_appear(explorer):
    from tests.themes_support import add_sample_proposals
    from workbench.themes import assign_new

    store = explorer.store
    add_sample_proposals(store, 5, skip=90)  # arrive during the session
    assert assign_new(store, actor="facilitator:other") == 5  # assigned elsewhere
    explorer._sync()
    _views_agree_with_the_store(explorer)
    assert len(explorer._table.value) == 95


def test_theme_colours_are_distinct_and_kept():
    from workbench.ui.themes_plots import ThemeColours

    colour = ThemeColours()
    colour.assign([1, 2, 3])
    first = colour(1)
    colour.assign([1, 21, 41, 61])  # ids that share a remainder by 20
    assert colour(1) == first  # a theme keeps its colour
    assert len({colour(t) for t in (1, 21, 41, 61)}) == 4
    assert colour(-1) == colour(None) != first  # unassigned proposals are grey
