"""Facilitator operations on stored themes: each one event, each undoable, locks respected."""

from __future__ import annotations

import json

import polars as pl
import pytest

from tests.themes_support import add_sample_proposals
from workbench.errors import InputError, NotFoundError
from workbench.themes import (
    current_themes,
    fit_store,
    history,
    load_state,
    lock,
    merge,
    move,
    seed_theme,
    undo,
)


@pytest.fixture
def themed_store(store):
    add_sample_proposals(store, 120)
    fit_store(store, actor="test", n_themes=5)
    return store


def snapshot(store) -> tuple[list, list]:
    themes, assign = load_state(store)
    return (
        themes.drop("created_at").sort("id").rows(),
        assign.sort("proposal_id").rows(),
    )


def test_merge_then_undo_restores_everything(themed_store):
    start = snapshot(themed_store)
    ids = current_themes(themed_store)["theme_id"].unique().sort().to_list()
    sizes = current_themes(themed_store).group_by("theme_id").len()
    expected = int(sizes.filter(pl.col("theme_id").is_in(ids[:2]))["len"].sum())
    merge(themed_store, [ids[1]], into=ids[0], actor="facilitator:ana")
    after = current_themes(themed_store)
    assert ids[1] not in set(after["theme_id"])
    assert after.filter(pl.col("theme_id") == ids[0]).height == expected
    event = themed_store.events(kind="themes.merge")
    assert event.height == 1 and event["actor"][0] == "facilitator:ana"
    assert json.loads(event["after"][0])["op"] == {"merged": [ids[1]], "into": ids[0]}
    assert undo(themed_store, actor="facilitator:ana") == event["id"][0]
    assert snapshot(themed_store) == start
    assert themed_store.events(kind="themes.undo").height == 1
    assert undo(themed_store, actor="facilitator:ana") is None


def test_seeded_theme_takes_its_examples_and_like_proposals(themed_store):
    examples = ["P0005", "P0032"]  # tourism proposals of the sample
    new_id = seed_theme(
        themed_store,
        "Turismo comunitario",
        keywords=["turismo comunitario", "guías nativos"],
        examples=examples,
        actor="test",
    )
    themes = current_themes(themed_store)
    members = themes.filter(pl.col("theme_id") == new_id)
    assert set(examples) <= set(members["proposal_id"])
    assert members["theme"].unique().to_list() == ["Turismo comunitario"]
    _, assign = load_state(themed_store)
    moved = assign.filter(pl.col("proposal_id").is_in(examples))["moved_by_hand"]
    assert moved.all()
    undo(themed_store, actor="test")
    assert new_id not in set(current_themes(themed_store)["theme_id"])


def test_locked_theme_refuses_moves_until_unlocked(themed_store):
    themes = current_themes(themed_store)
    locked_id = int(themes["theme_id"][0])
    other = themes.filter(pl.col("theme_id") != locked_id)
    lock(themed_store, locked_id, actor="test")
    with pytest.raises(InputError, match="locked"):
        move(themed_store, [other["proposal_id"][0]], locked_id, actor="test")
    with pytest.raises(InputError, match="locked"):
        merge(themed_store, [int(other["theme_id"][0])], into=locked_id, actor="test")
    lock(themed_store, locked_id, False, actor="test")
    move(themed_store, [other["proposal_id"][0]], locked_id, actor="test")
    assert history(themed_store)["kind"].to_list() == ["themes.lock", "themes.lock", "themes.move"]


def test_unknown_theme_or_proposal_is_a_clear_error(themed_store):
    with pytest.raises(NotFoundError, match="no theme 999"):
        merge(themed_store, [999], into=int(current_themes(themed_store)["theme_id"][0]), actor="t")
    with pytest.raises(NotFoundError, match="P9999"):
        move(themed_store, ["P9999"], int(current_themes(themed_store)["theme_id"][0]), actor="t")
