"""Where the reports get what other capabilities compute: ranking, portfolio, actor links.

This is the ONE place that knows whether :mod:`workbench.prioritise` is
installed (the reports degrade to a clear "no ranking yet" note when it is
not, or when a session has no ranking) and where actor-to-proposal links are
stored. Report builders also accept frames directly, which is how the tests
and notebooks can pass a ranking of their own.
"""

from __future__ import annotations

import importlib
from types import ModuleType

import polars as pl
import sqlalchemy as sa

from workbench.store import Store, schema

__all__ = [
    "RANKING_COLUMNS",
    "actor_links",
    "has_actor_links",
    "latest_session_id",
    "normalise_ranking",
    "portfolio_of",
    "prioritise_module",
    "ranking_of",
]

#: Columns every ranking frame has (``contrib_<criterion>`` columns come on top).
RANKING_COLUMNS: tuple[str, ...] = ("proposal_id", "rank", "score")


def prioritise_module() -> ModuleType | None:
    """:mod:`workbench.prioritise` when it is installed, else ``None``."""
    try:
        module = importlib.import_module("workbench.prioritise")
    except ImportError:
        return None
    if not hasattr(module, "current_ranking"):
        return None
    return module


def latest_session_id(store: Store) -> str | None:
    """The session reports describe by default: the latest one opened (or any, by id)."""
    sessions = store.read("sessions", columns=["id", "opened_at"])
    if not sessions.height:
        return None
    return sessions.sort(["opened_at", "id"], descending=True, nulls_last=True)["id"][0]


def _usable(frame: object) -> pl.DataFrame | None:
    if isinstance(frame, pl.DataFrame) and frame.height and "proposal_id" in frame.columns:
        return frame
    return None


#: Columns of a ranking the reports use besides ``contrib_<criterion>``.
_RANKING_KEEP = ("proposal_id", "rank", "score", "theme_id", "n_scorers", "confidence")


def normalise_ranking(frame: pl.DataFrame | None) -> pl.DataFrame | None:
    """Only the ranked proposals (rank not null), best first, with the columns reports use.

    :func:`workbench.prioritise.current_ranking` lists every active proposal
    (unscored ones with a null rank) and carries proposal attributes the
    reports join themselves; this keeps ``proposal_id, rank, score``,
    ``theme_id``, ``n_scorers``, ``confidence`` when present, and the
    ``contrib_*`` columns. ``None`` when nothing is ranked.
    """
    frame = _usable(frame)
    if frame is None or not {"rank", "score"} <= set(frame.columns):
        return None
    keep = [c for c in frame.columns if c in _RANKING_KEEP or c.startswith("contrib_")]
    ranked = frame.filter(pl.col("rank").is_not_null()).select(keep)
    ranked = ranked.with_columns(pl.col("rank").cast(pl.Int64)).sort("rank")
    return ranked if ranked.height else None


def ranking_of(store: Store, session_id: str | None) -> pl.DataFrame | None:
    """The current ranking of a session, or ``None`` when there is none (yet).

    Columns as :func:`workbench.prioritise.current_ranking` gives them:
    ``proposal_id, rank, score, theme_id, n_scorers, contrib_<criterion>...``.
    """
    module = prioritise_module()
    if module is None or session_id is None:
        return None
    try:
        frame = module.current_ranking(store, session_id)
    except LookupError:  # NotFoundError: nothing ranked for that session
        return None
    return normalise_ranking(frame)


def portfolio_of(
    store: Store, session_id: str | None, budget: float | None = None
) -> pl.DataFrame | None:
    """The current portfolio (``proposal_id, selected, cost, rank``), or ``None``."""
    module = prioritise_module()
    if module is None or session_id is None or not hasattr(module, "current_portfolio"):
        return None
    try:
        frame = module.current_portfolio(store, session_id, budget=budget)
    except LookupError:
        return None
    return _usable(frame)


def has_actor_links() -> bool:
    """Whether the schema has the actors capability's ``actor_links`` table."""
    return _links_table() is not None


def _links_table() -> sa.Table | None:
    table = schema.metadata.tables.get("actor_links")
    if table is None or not {"actor_id", "subject_kind", "subject_id", "relation"} <= set(
        table.c.keys()
    ):
        return None
    return table


def actor_links(store: Store) -> pl.DataFrame:
    """Links of actors to proposals (``actor_id, proposal_id, relation``).

    From the actors capability's ``actor_links`` table: links to a proposal
    as they are, links to a theme spread over the theme's proposals (themes as
    :func:`workbench.themes.current_themes` gives them); plus each
    agreement's responsible actor as a ``responsible`` link. Relations used by
    the reports: ``could_execute`` and ``responsible`` (who can carry it) and
    ``could_cofinance`` (who can co-finance it).
    """
    schema_ = {"actor_id": pl.String, "proposal_id": pl.String, "relation": pl.String}
    frames = []
    table = _links_table()
    if table is not None:
        links = store.query(
            sa.select(table.c.actor_id, table.c.subject_kind, table.c.subject_id, table.c.relation)
        )
        frames.append(
            links.filter(pl.col("subject_kind") == "proposal").select(
                "actor_id", pl.col("subject_id").alias("proposal_id"), "relation"
            )
        )
        by_theme = links.filter(pl.col("subject_kind") == "theme")
        if by_theme.height:
            from workbench.themes import current_themes

            themes = current_themes(store).select(
                "proposal_id", pl.col("theme_id").cast(pl.String).alias("subject_id")
            )
            frames.append(
                by_theme.join(themes, on="subject_id").select("actor_id", "proposal_id", "relation")
            )
    agreed = store.read("agreements", columns=["responsible_actor_id", "proposal_id"])
    frames.append(
        agreed.drop_nulls("proposal_id").select(
            pl.col("responsible_actor_id").alias("actor_id"),
            "proposal_id",
            pl.lit("responsible").alias("relation"),
        )
    )
    frames = [f.select(list(schema_)).cast(schema_) for f in frames]
    return pl.concat(frames).unique().sort(list(schema_))
