"""Counts that describe the table at a glance, for the overview and the reports."""

from __future__ import annotations

import polars as pl

from workbench.store import Store

__all__ = ["PUBLIC_PROPOSAL_COLUMNS", "proposals_by_canton", "public_proposals", "table_counts"]

#: Columns of a proposal that any view may show (no personal data lives in ``proposals``).
PUBLIC_PROPOSAL_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "text",
    "canton",
    "parish",
    "sector",
    "organisation",
)


def table_counts(store: Store) -> dict[str, int]:
    """Number of active proposals, actors, ties, members, criteria and sessions."""
    return {
        "proposals": store.count("proposals", where={"status": "active"}),
        "actors": store.count("actors"),
        "ties": store.count("ties"),
        "participants": store.count("participants"),
        "criteria": store.count("criteria"),
        "sessions": store.count("sessions"),
    }


def _with_place_names(proposals: pl.DataFrame, territories: pl.DataFrame) -> pl.DataFrame:
    names = territories.select("code", "name")
    return proposals.join(
        names.rename({"code": "canton_code", "name": "canton"}), on="canton_code", how="left"
    ).join(names.rename({"code": "parish_code", "name": "parish"}), on="parish_code", how="left")


def public_proposals(proposals: pl.DataFrame, territories: pl.DataFrame) -> pl.DataFrame:
    """Active proposals with canton and parish names, only the public columns, by id.

    Examples
    --------
    >>> props = pl.DataFrame({"id": ["P1"], "title": ["Riego"], "text": ["Canal"],
    ...     "canton_code": ["1702"], "parish_code": [None], "sector": ["agricultura"],
    ...     "organisation": [None], "status": ["active"]})
    >>> terr = pl.DataFrame({"code": ["1702"], "name": ["Cayambe"]})
    >>> public_proposals(props, terr)["canton"].to_list()
    ['Cayambe']
    """
    active = proposals.filter(pl.col("status") == "active")
    return _with_place_names(active, territories).select(PUBLIC_PROPOSAL_COLUMNS).sort("id")


def proposals_by_canton(proposals: pl.DataFrame, territories: pl.DataFrame) -> pl.DataFrame:
    """Active proposals per canton, every canton listed (zero included), most first.

    Proposals without a canton are counted under ``canton = None``.
    """
    cantons = territories.filter(pl.col("kind") == "canton").select(
        pl.col("code").alias("canton_code"), pl.col("name").alias("canton")
    )
    counts = (
        proposals.filter(pl.col("status") == "active")
        .group_by("canton_code")
        .agg(pl.len().alias("proposals"))
    )
    listed = cantons.join(counts, on="canton_code", how="left").with_columns(
        pl.col("proposals").fill_null(0).cast(pl.Int64)
    )
    unplaced = counts.filter(pl.col("canton_code").is_null())
    if unplaced.height:
        listed = pl.concat(
            [
                listed,
                unplaced.select(
                    "canton_code",
                    pl.lit(None, pl.String).alias("canton"),
                    pl.col("proposals").cast(pl.Int64),
                ),
            ]
        )
    return listed.sort(["proposals", "canton_code"], descending=[True, False], nulls_last=True)
