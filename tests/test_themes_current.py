"""The theme contract other capabilities read, before any model is fitted."""

import polars as pl

from workbench.themes import THEME_COLUMNS, current_themes


def test_every_active_proposal_has_one_theme_grouped_by_sector(sample_store):
    themes = current_themes(sample_store)
    proposals = sample_store.read("proposals")
    active = proposals.filter(pl.col("status") == "active")
    assert dict(themes.schema) == THEME_COLUMNS
    assert themes["proposal_id"].to_list() == sorted(active["id"].to_list())
    joined = themes.join(active.select("id", "sector"), left_on="proposal_id", right_on="id")
    # one theme per sector, and one sector per theme
    pairs = joined.select("theme_id", "sector").unique()
    assert pairs["theme_id"].n_unique() == pairs.height == active["sector"].n_unique()


def test_a_store_without_proposals_gives_an_empty_frame(store):
    themes = current_themes(store)
    assert themes.is_empty()
    assert dict(themes.schema) == THEME_COLUMNS
