"""The theme each proposal belongs to now: the contract other capabilities read.

Actors, prioritisation, live sessions and reports group proposals by theme
through :func:`current_themes` only, so that they do not depend on how themes
are fitted and stored.
"""

from __future__ import annotations

import polars as pl

from workbench.store import Store

__all__ = ["THEME_COLUMNS", "current_themes"]

#: Columns of :func:`current_themes`, with their types.
THEME_COLUMNS: dict[str, pl.DataType] = {
    "proposal_id": pl.String(),
    "theme_id": pl.Int64(),
    "theme": pl.String(),
    "confidence": pl.Float64(),
}


def current_themes(store: Store) -> pl.DataFrame:
    """The current theme of every active proposal.

    Until a theme model has been fitted and stored, proposals are grouped by
    their declared sector (``theme_id`` numbers the sectors in alphabetical
    order, proposals without one share the theme ``"(sin sector)"``) and the
    confidence is null.

    Parameters
    ----------
    store
        The table's store.

    Returns
    -------
    polars.DataFrame
        One row per active proposal, sorted by ``proposal_id``, with the
        columns of :data:`THEME_COLUMNS`.
    """
    proposals = store.read("proposals", columns=["id", "sector", "status"])
    active = proposals.filter(pl.col("status") == "active")
    sectors = active.select(pl.col("sector").fill_null("(sin sector)").alias("theme"), "id")
    names = sectors.get_column("theme").unique().sort()
    ids = pl.DataFrame({"theme": names, "theme_id": pl.int_range(len(names), eager=True)})
    return (
        sectors.join(ids, on="theme", how="left")
        .select(
            pl.col("id").alias("proposal_id"),
            pl.col("theme_id").cast(pl.Int64),
            "theme",
            pl.lit(None, dtype=pl.Float64).alias("confidence"),
        )
        .sort("proposal_id")
    )
