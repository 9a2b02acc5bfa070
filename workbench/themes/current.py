"""The theme each proposal belongs to now: the contract other capabilities read.

Actors, prioritisation, live sessions and reports group proposals by theme
through :func:`current_themes` only, so that they do not depend on how themes
are fitted and stored.
"""

from __future__ import annotations

import polars as pl

from workbench.store import Store

__all__ = ["THEME_COLUMNS", "current_subthemes", "current_themes"]

#: Columns of :func:`current_themes`, with their types.
THEME_COLUMNS: dict[str, pl.DataType] = {
    "proposal_id": pl.String(),
    "theme_id": pl.Int64(),
    "theme": pl.String(),
    "confidence": pl.Float64(),
}


def current_themes(store: Store) -> pl.DataFrame:
    """The current theme of every active proposal.

    When a theme model has been fitted and stored (``workbench themes fit``,
    the themes explorer), each proposal's stored theme is returned, with the
    facilitator's edits applied: ``theme`` is the theme's current name and
    ``confidence`` the model's confidence in the assignment (1.0 for a
    proposal moved by hand). An active proposal that arrived after the fit
    and has not been assigned yet has ``theme_id`` -1, the theme
    ``"(sin asignar)"`` and a null confidence, so none is left out.

    Until a model has been fitted, proposals are grouped by their declared
    sector (``theme_id`` numbers the sectors in alphabetical order, proposals
    without one share the theme ``"(sin sector)"``) and the confidence is null.

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
    if store.count("theme_assignments"):
        return _fitted(store, active)
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


def current_subthemes(store: Store) -> pl.DataFrame:
    """The current sub-theme of every active proposal that has one.

    Returns
    -------
    polars.DataFrame
        Columns ``proposal_id, theme_id, subtheme_id, subtheme``, sorted by
        ``proposal_id``; empty before a model is fitted.
    """
    assignments = store.read(
        "theme_assignments", columns=["proposal_id", "theme_id", "subtheme_id"]
    )
    names = store.read("themes", columns=["id", "name"])
    active = store.read("proposals", where={"status": "active"}, columns=["id"])
    return (
        assignments.filter(pl.col("subtheme_id").is_not_null())
        .join(active, left_on="proposal_id", right_on="id", how="semi")
        .join(names.rename({"id": "subtheme_id", "name": "subtheme"}), on="subtheme_id", how="left")
        .select("proposal_id", "theme_id", "subtheme_id", "subtheme")
        .sort("proposal_id")
    )


def _fitted(store: Store, active: pl.DataFrame) -> pl.DataFrame:
    assignments = store.read(
        "theme_assignments",
        columns=["proposal_id", "theme_id", "confidence", "moved_by_hand"],
    )
    names = store.read("themes", columns=["id", "name"])
    return (
        active.select(pl.col("id").alias("proposal_id"))
        .join(assignments, on="proposal_id", how="left")
        .join(names.rename({"id": "theme_id", "name": "theme"}), on="theme_id", how="left")
        .select(
            "proposal_id",
            pl.col("theme_id").fill_null(-1).cast(pl.Int64),
            pl.col("theme").fill_null("(sin asignar)"),
            pl.when(pl.col("moved_by_hand"))
            .then(1.0)
            .otherwise(pl.col("confidence"))
            .cast(pl.Float64)
            .alias("confidence"),
        )
        .sort("proposal_id")
    )
