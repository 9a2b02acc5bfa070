"""Tables of themes (issue 8), schema version 4.

- ``theme_vectors``: text representations (sentence embeddings) cached by the
  content hash of the text and the name of the model that made them, so each
  text is embedded once.
- ``themes``: the themes and sub-themes (``parent_id``) of the fitted model,
  with their facilitator-edited name, suggested name, distinctive words,
  representative proposals, lock flag and centroid (used to assign proposals
  that arrive later without reshuffling the others).
- ``theme_assignments``: one row per assigned proposal: theme, sub-theme,
  confidence, whether the facilitator moved it by hand, and its place on the
  2-D map.

Besides the declarations, this module holds the few bulk writes the themes
capability needs (whole snapshots replaced in one transaction with one event),
because only ``workbench/store`` speaks SQL.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl
import sqlalchemy as sa
from alembic.operations import Operations

from workbench.store.ddl import create_tables
from workbench.store.frames import rows_from_frame
from workbench.store.schema import TZ, metadata

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "TABLES",
    "THEME_TABLE_COLUMNS",
    "VERSION",
    "migrate",
    "read_vectors",
    "replace_rows",
    "write_vectors",
]

#: Schema version that adds these tables.
VERSION = 4

theme_vectors = sa.Table(
    "theme_vectors",
    metadata,
    sa.Column("content_hash", sa.String(64), primary_key=True),
    sa.Column("model", sa.String(60), primary_key=True),
    sa.Column("dim", sa.Integer, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),  # float32, little-endian
)

themes = sa.Table(
    "themes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("parent_id", sa.Integer, nullable=True, index=True),  # set on sub-themes
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("suggested_name", sa.String(300), nullable=True),
    sa.Column("keywords", sa.JSON, nullable=True),  # list of readable words
    sa.Column("representatives", sa.JSON, nullable=True),  # list of proposal ids
    sa.Column("locked", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("status", sa.String(20), nullable=False, server_default="active"),
    sa.Column("seed", sa.JSON, nullable=True),  # keywords or examples of a seeded theme
    sa.Column("centroid", sa.JSON, nullable=True),  # list of floats (embedding space)
    sa.Column("created_at", TZ, nullable=False),
)

theme_assignments = sa.Table(
    "theme_assignments",
    metadata,
    sa.Column("proposal_id", sa.String(40), sa.ForeignKey("proposals.id"), primary_key=True),
    sa.Column("theme_id", sa.Integer, nullable=False, index=True),
    sa.Column("subtheme_id", sa.Integer, nullable=True),
    sa.Column("confidence", sa.Float, nullable=True),
    sa.Column("moved_by_hand", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("x", sa.Float, nullable=True),
    sa.Column("y", sa.Float, nullable=True),
)

#: The tables this capability adds, in creation order.
TABLES: tuple[sa.Table, ...] = (theme_vectors, themes, theme_assignments)

#: Columns of ``themes`` and ``theme_assignments``, in order.
THEME_TABLE_COLUMNS: tuple[str, ...] = tuple(c.name for c in themes.columns)
ASSIGNMENT_COLUMNS: tuple[str, ...] = tuple(c.name for c in theme_assignments.columns)

_CHUNK = 900  # below SQLite's bound-parameter limit


def migrate(op: Operations) -> None:
    """Version 4: create the themes tables."""
    create_tables(op, TABLES)


# -- embeddings cache ------------------------------------------------------------------------
def read_vectors(store, hashes: Sequence[str], model: str) -> dict[str, np.ndarray]:
    """Cached vectors of ``model`` for the content ``hashes`` that have one."""
    found: dict[str, np.ndarray] = {}
    unique = sorted(set(hashes))
    tv = theme_vectors
    with store.engine.connect() as connection:
        for start in range(0, len(unique), _CHUNK):
            chunk = unique[start : start + _CHUNK]
            statement = sa.select(tv.c.content_hash, tv.c.vector).where(
                tv.c.model == model, tv.c.content_hash.in_(chunk)
            )
            for content_hash, blob in connection.execute(statement):
                found[content_hash] = np.frombuffer(bytes(blob), dtype="<f4")
    return found


def write_vectors(store, vectors: Mapping[str, np.ndarray], model: str, *, actor: str) -> int:
    """Cache ``vectors`` (content hash -> vector) of ``model``; one event for the batch.

    Hashes already cached are skipped. Returns the number of vectors written.
    """
    have = read_vectors(store, list(vectors), model)
    rows = [
        {
            "content_hash": h,
            "model": model,
            "dim": int(np.asarray(v).size),
            "vector": np.asarray(v, dtype="<f4").tobytes(),
        }
        for h, v in sorted(vectors.items())
        if h not in have
    ]
    if not rows:
        return 0
    with store.transaction(actor) as tx:
        tx.connection.execute(theme_vectors.insert(), rows)
        tx.record("themes.vectors", f"theme_vectors:{model}", after={"count": len(rows)})
    return len(rows)


# -- snapshots ---------------------------------------------------------------------------------
def replace_rows(
    store,
    *,
    actor: str,
    kind: str,
    subject: str,
    theme_ids: Iterable[int],
    proposal_ids: Iterable[str],
    new_themes: pl.DataFrame | Sequence[Mapping[str, Any]],
    new_assignments: pl.DataFrame | Sequence[Mapping[str, Any]],
    before: Any = None,
    after: Any = None,
    replace_all: bool = False,
) -> int:
    """Replace themes and assignments in one transaction that records one event.

    Rows of ``themes`` with an id in ``theme_ids`` and of ``theme_assignments``
    with a proposal in ``proposal_ids`` are deleted, then ``new_themes`` and
    ``new_assignments`` inserted. With ``replace_all`` every row of both tables
    is replaced. The caller passes the event's ``before``/``after`` (snapshots
    that make it undoable). Returns the event id.
    """
    theme_rows = rows_from_frame(new_themes, themes)
    for row in theme_rows:  # snapshots from the event log carry timestamps as text
        if isinstance(row.get("created_at"), str):
            row["created_at"] = dt.datetime.fromisoformat(row["created_at"])
    assignment_rows = rows_from_frame(new_assignments, theme_assignments)
    theme_ids = sorted({int(i) for i in theme_ids})
    proposal_ids = sorted({str(p) for p in proposal_ids})
    with store.transaction(actor) as tx:
        connection = tx.connection
        if replace_all:
            connection.execute(theme_assignments.delete())
            connection.execute(themes.delete())
        else:
            for start in range(0, len(proposal_ids), _CHUNK):
                chunk = proposal_ids[start : start + _CHUNK]
                connection.execute(
                    theme_assignments.delete().where(theme_assignments.c.proposal_id.in_(chunk))
                )
            for start in range(0, len(theme_ids), _CHUNK):
                chunk = theme_ids[start : start + _CHUNK]
                connection.execute(themes.delete().where(themes.c.id.in_(chunk)))
        if theme_rows:
            connection.execute(themes.insert(), theme_rows)
        if assignment_rows:
            connection.execute(theme_assignments.insert(), assignment_rows)
        return tx.record(kind, subject, before=before, after=after)
