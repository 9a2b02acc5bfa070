"""Helpers shared by the themes tests: a small themed store from the sample proposals."""

from __future__ import annotations

import polars as pl

from workbench.store import Store, now
from workbench.store.seed import ensure_reference_data, read_sample_table, sample_dir

__all__ = ["add_sample_proposals", "generating_themes"]


def add_sample_proposals(store: Store, n: int | None = None, *, skip: int = 0) -> pl.DataFrame:
    """Insert ``n`` sample proposals (after ``skip``) into ``store``; returns them."""
    ensure_reference_data(store)
    proposals = read_sample_table(sample_dir() / "proposals.csv", "proposals")
    proposals = proposals.slice(skip, n).with_columns(
        created_at=pl.lit(now(), dtype=pl.Datetime("us", "UTC"))
    )
    store.insert("proposals", proposals, actor="test")
    return proposals


def generating_themes() -> dict[str, str]:
    """proposal id -> the theme the sample generator wrote it from."""
    labels = pl.read_csv(sample_dir() / "labels.csv")
    return dict(zip(labels["proposal_id"], labels["theme"], strict=True))
