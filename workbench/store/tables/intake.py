"""Tables of proposal intake (issue 3), schema version 3.

Import batches, reports and review flags. Tables are declared on
:data:`workbench.store.schema.metadata`, listed in :data:`TABLES`, and
created in older databases by :func:`migrate`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic.operations import Operations

from workbench.store.ddl import create_tables
from workbench.store.schema import TZ, metadata

__all__ = ["TABLES", "VERSION", "intake_batches", "intake_flags", "migrate"]

#: Schema version that adds these tables.
VERSION = 3

#: One row per imported file (or upload): where it came from and what happened to its rows.
intake_batches = sa.Table(
    "intake_batches",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("file_name", sa.String(300), nullable=False),
    sa.Column("sheet", sa.String(200), nullable=True),
    sa.Column("format", sa.String(10), nullable=False),
    sa.Column("file_hash", sa.String(64), nullable=False, index=True),
    sa.Column("imported_at", TZ, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("rows_read", sa.Integer, nullable=False),
    sa.Column("accepted", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Integer, nullable=False),
    sa.Column("rejected", sa.Integer, nullable=False),
    sa.Column("mapping", sa.JSON, nullable=True),
    sa.Column("event_id", sa.Integer, nullable=True),  # the intake.report event
)

#: What a facilitator should review: unknown or ambiguous places, personal data
#: found in text, near-duplicate groups. ``detail`` never holds personal data.
intake_flags = sa.Table(
    "intake_flags",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("batch_id", sa.String(40), sa.ForeignKey("intake_batches.id"), nullable=True),
    sa.Column("proposal_id", sa.String(40), sa.ForeignKey("proposals.id"), nullable=False),
    sa.Column("source_row", sa.Integer, nullable=True),
    sa.Column("kind", sa.String(40), nullable=False, index=True),
    sa.Column("detail", sa.JSON, nullable=True),
    sa.Column("status", sa.String(20), nullable=False, server_default="open"),
)

#: The tables this capability adds, in creation order.
TABLES: tuple[sa.Table, ...] = (intake_batches, intake_flags)


def migrate(op: Operations) -> None:
    """Version 3: create the intake tables."""
    create_tables(op, TABLES)
