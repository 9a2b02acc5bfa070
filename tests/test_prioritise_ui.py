"""The prioritiser components driven without a browser."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from workbench.prioritise import ahp_weights, current_ranking
from workbench.store.seed import load_sample
from workbench.ui import Prioritiser, WeightEditor
from workbench.ui.tables import data_table

NAMES = ["a", "b", "c", "d"]


def test_points_mode_gives_normalised_points():
    editor = WeightEditor(names=NAMES, initial=[0.4, 0.3, 0.2, 0.1], lang="en")
    np.testing.assert_allclose(editor.weights, [0.4, 0.3, 0.2, 0.1])
    editor._sliders[0].value = 0
    np.testing.assert_allclose(editor.weights, [0, 0.5, 1 / 3, 1 / 6])


def test_ahp_grid_updates_consistency_live_and_points_at_the_bad_judgement():
    editor = WeightEditor(names=NAMES, initial=[0.4, 0.3, 0.2, 0.1], lang="en", mode="ahp")
    np.testing.assert_allclose(editor.weights, ahp_weights(editor.pairwise())[0])
    good = editor.consistency
    editor.set_judgement(0, 3, 1 / 9)  # d far above a contradicts a > b > c > d
    assert editor.consistency > good and editor.consistency > 0.1
    assert "inconsistent" in editor._cr.object
    assert "a against d" in editor._hint.object
    es = WeightEditor(names=NAMES, lang="es", mode="ahp")
    assert "Razón de consistencia" in es._cr.object


@pytest.fixture
def loaded(store):
    load_sample(store)
    return store


def test_prioritiser_follows_weights_and_budget(loaded):
    view = Prioritiser(store=loaded, lang="en", samples=300)
    # starts from the group weights: same order as the contract
    contract = current_ranking(loaded, view.session_id).filter(pl.col("rank") <= 10)
    shown = view._rank_table.value
    assert shown["proposal_id"].head(10).tolist() == contract["proposal_id"].to_list()
    j = view._problem.criterion_ids.index("costo")
    for k, slider in enumerate(view.weights._sliders):
        slider.value = 100 if k == j else 0
    cheapest = (
        view._ranking.filter(pl.col("score").is_not_null() & pl.col("estimated_cost").is_not_null())
        .sort("estimated_cost")
        .get_column("proposal_id")[0]
    )
    assert view._rank_table.value["proposal_id"].iloc[0] == cheapest
    view.budget = 50_000
    assert view._portfolio_table.value["estimated_cost"].sum() <= 50_000
    assert "equal shares" in view._rules_text.object
    tabs = view.__panel__()
    assert len(tabs) == 6


def test_criteria_editor_writes_events_and_refuses_bad_direction(loaded):
    view = Prioritiser(store=loaded, lang="en", samples=200)
    frame = view._criteria_table.value.copy()
    frame.loc[frame["id"] == "empleo", "name"] = "Empleo digno"
    view._criteria_table.value = frame
    assert view._on_save_criteria() == 1
    assert loaded.get("criteria", {"id": "empleo"})["name"] == "Empleo digno"
    assert loaded.events(kind="criteria.edit").height == 1
    frame.loc[frame["id"] == "empleo", "direction"] = 0
    view._criteria_table.value = frame
    assert view._on_save_criteria() == 0
    assert view._message.visible and "Direction" in view._message.object
    assert loaded.get("criteria", {"id": "empleo"})["direction"] == 1


def test_tables_refuse_html():
    with pytest.raises(ValueError):
        data_table(pl.DataFrame({"x": ["<b>"]}), formatters={"x": "html"})


def test_disagreement_aggregation_and_portfolio_limits(loaded):
    view = Prioritiser(store=loaded, lang="en", samples=200)
    disputed = view._disagreement.value
    assert {"spread", "iqr", "n"} <= set(disputed.columns)
    assert disputed["spread"].dropna().is_monotonic_decreasing
    mean_first = view._rank_table.value["score"].tolist()
    view.aggregation = "median"
    assert view._rank_table.value["score"].tolist() != mean_first
    view.budget = 400_000
    view.group_by, view.max_per_group = "canton", 2
    chosen = view._portfolio_table.value
    assert chosen["canton_code"].value_counts().max() <= 2
    view.min_per_group = 5  # more than the budget can give every canton
    assert view._portfolio_message.visible
    assert "No portfolio meets" in view._portfolio_message.object
    view.min_per_group = 0
    assert not view._portfolio_message.visible


def test_save_run_from_the_app_and_smaa_without_preferences(loaded):
    from workbench.prioritise.runs import load_run

    view = Prioritiser(store=loaded, lang="en", samples=200)
    view.weights._sliders[0].value = 0
    run_id = view._on_save_run()
    run, results, _selections = load_run(loaded, run_id)
    weights = (
        run["weights"]
        if isinstance(run["weights"], dict)
        else __import__("json").loads(run["weights"])
    )
    assert weights[view._problem.criterion_ids[0]] == 0
    assert run_id in view._saved.object
    shown = view._rank_table.value[["proposal_id", "rank"]].dropna()
    saved = results.to_pandas()[["proposal_id", "rank"]].dropna()
    assert shown["proposal_id"].tolist()[:10] == saved["proposal_id"].tolist()[:10]
    before = view._smaa_pane.object
    view.no_preferences = True
    assert view._smaa_pane.object is not before


def test_prioritiser_on_an_empty_table(store):
    view = Prioritiser(store=store, lang="en")
    shown = view.__panel__()
    assert "no session with criteria yet" in shown.object


def test_method_switch_says_which_proposals_it_cannot_rank(loaded):
    view = Prioritiser(store=loaded, lang="en", samples=200)
    assert "never zero" in view._method_note.object
    view.method = "vikor"
    assert "Not ranked by this method" in view._method_note.object
    ranked = view._rank_table.value.dropna(subset=["rank"])
    assert 0 < len(ranked) < (view._problem.proposals["n_scorers"] > 0).sum()


def test_group_weights_are_shown(loaded):
    view = Prioritiser(store=loaded, lang="en", samples=200)
    table = view._group_table.value
    np.testing.assert_allclose(table["weight"].sum(), 1.0, atol=0.01)
    assert (table["spread"] > 0).all() and len(table) == len(view._problem.criterion_ids)


def test_charts_do_not_share_proposal_axes(loaded):
    """Each chart lists its own proposals: linked axes once put the ranking's first 15
    (some left out of SMAA for missing values) on the acceptability heatmap."""
    view = Prioritiser(store=loaded, lang="en", samples=200)
    for chart in (view._contrib_chart(), view._smaa_chart()):
        assert chart.opts.get("plot").kwargs.get("shared_axes") is False
    heat = view._smaa_chart()
    _x, _s, _ids, left_out = view._smaa_inputs()
    assert not set(heat.data["proposal_id"]) & set(left_out.to_list())


def test_prioritiser_picks_the_scored_session_and_survives_an_empty_one(loaded):
    loaded.insert(
        "sessions",
        [{"id": "S2099-01", "title": "Borrador", "opened_at": __import__("workbench.store",
          fromlist=["now"]).now()}],
        actor="test",
    )  # fmt: skip
    assert Prioritiser(store=loaded, lang="en", samples=200).session_id == "S2026-01"
    empty = Prioritiser(store=loaded, lang="en", session_id="S2099-01", samples=200)
    assert empty._sweep_summary == "" and empty._rank_table.value["score"].isna().all()
