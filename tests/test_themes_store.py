"""Themes kept in the store: fit, the current_themes contract, late proposals, refits."""

from __future__ import annotations

import polars as pl
import pytest

from tests.themes_support import add_sample_proposals
from workbench.errors import InputError
from workbench.themes import (
    THEME_COLUMNS,
    assign_new,
    current_subthemes,
    current_themes,
    fit_store,
    load_state,
    lock,
    move,
)


@pytest.fixture
def themed_store(store):
    """A store with 120 sample proposals fitted into 5 themes."""
    add_sample_proposals(store, 120)
    fit_store(store, actor="test", n_themes=5)
    return store


def test_current_themes_returns_the_fitted_themes_for_every_active_proposal(themed_store):
    themes = current_themes(themed_store)
    assert dict(themes.schema) == THEME_COLUMNS
    active = themed_store.read("proposals", where={"status": "active"}, columns=["id"])
    assert themes["proposal_id"].to_list() == sorted(active["id"].to_list())
    stored, _ = load_state(themed_store)
    top = stored.filter(pl.col("parent_id").is_null())
    assert top.height == 5
    # names are the stored themes' names, not sectors
    names = dict(zip(top["id"], top["name"], strict=True))
    for theme_id, theme in themes.select("theme_id", "theme").unique().iter_rows():
        assert names[theme_id] == theme
    assert themes["confidence"].is_between(0, 1).all()
    sub = current_subthemes(themed_store)
    assert set(sub["proposal_id"]) <= set(themes["proposal_id"])
    assert (
        sub.join(themes, on="proposal_id")
        .filter(pl.col("theme_id") != pl.col("theme_id_right"))
        .is_empty()
    )


def test_fit_is_one_event_and_withdrawn_proposals_are_left_out(themed_store):
    fits = themed_store.events(kind="themes.fit")
    assert fits.height == 1
    themed_store.update("proposals", {"id": "P0001"}, {"status": "withdrawn"}, actor="test")
    assert "P0001" not in current_themes(themed_store)["proposal_id"].to_list()


def test_late_proposals_join_existing_themes_without_moving_others(themed_store):
    before = current_themes(themed_store)
    assert assign_new(themed_store, actor="test") == 0
    add_sample_proposals(themed_store, 6, skip=400)
    late = current_themes(themed_store).filter(pl.col("theme_id") == -1)
    assert late.height == 6  # present, marked unassigned, until assigned
    assert assign_new(themed_store, actor="test") == 6
    after = current_themes(themed_store)
    assert after.filter(pl.col("theme_id") == -1).is_empty()
    assert set(after["theme_id"]) <= set(before["theme_id"])
    assert (
        after.join(before, on="proposal_id")
        .filter(pl.col("theme_id") != pl.col("theme_id_right"))
        .is_empty()
    )


def test_refit_keeps_locked_themes_and_hand_moved_proposals(themed_store):
    themes = current_themes(themed_store)
    locked_id = int(themes["theme_id"][0])
    lock(themed_store, locked_id, actor="test")
    members = set(themes.filter(pl.col("theme_id") == locked_id)["proposal_id"])
    other = themes.filter(pl.col("theme_id") != locked_id)
    moved_id, target = str(other["proposal_id"][0]), int(other["theme_id"][-1])
    if int(other["theme_id"][0]) == target:
        target = int(other.filter(pl.col("theme_id") != target)["theme_id"][0])
    move(themed_store, [moved_id], target, actor="test")
    fit_store(themed_store, actor="test", n_themes=4, random_state=3)
    again = current_themes(themed_store)
    assert set(again.filter(pl.col("theme_id") == locked_id)["proposal_id"]) == members
    assert again.filter(pl.col("proposal_id") == moved_id)["theme_id"][0] == target
    stored, _ = load_state(themed_store)
    assert stored.filter(pl.col("id") == locked_id)["locked"][0]


def test_fitting_an_empty_store_is_a_clear_error(store):
    with pytest.raises(InputError, match="no active proposals"):
        fit_store(store, actor="test")
    assert current_themes(store).is_empty()
