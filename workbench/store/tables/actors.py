"""Tables of actor network (issue 4), schema version 5.

Links of actors to themes and proposals, stances. Tables are declared on
:data:`workbench.store.schema.metadata`, listed in :data:`TABLES`, and
created in older databases by :func:`migrate`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic.operations import Operations

from workbench.store.ddl import create_tables
from workbench.store.schema import TZ, metadata  # noqa: F401 - used by table definitions

__all__ = ["TABLES", "VERSION", "actor_links", "actor_stances", "migrate"]

#: Schema version that adds these tables.
VERSION = 5

#: Actors linked to a theme or a proposal: who proposes, could execute, could co-finance
#: or opposes it. ``subject_id`` is a proposal id, or a theme id as text.
actor_links = sa.Table(
    "actor_links",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("actor_id", sa.String(40), sa.ForeignKey("actors.id"), nullable=False, index=True),
    sa.Column("subject_kind", sa.String(10), nullable=False),
    sa.Column("subject_id", sa.String(40), nullable=False),
    sa.Column("relation", sa.String(20), nullable=False),
    sa.UniqueConstraint("actor_id", "subject_kind", "subject_id", "relation"),
    sa.CheckConstraint("subject_kind IN ('theme', 'proposal')", name="subject_kind"),
    sa.CheckConstraint(
        "relation IN ('proposes', 'could_execute', 'could_cofinance', 'opposes')",
        name="relation",
    ),
)

#: An actor's stance on a theme, from -2 (strongly against) to +2 (strongly for).
actor_stances = sa.Table(
    "actor_stances",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("actor_id", sa.String(40), sa.ForeignKey("actors.id"), nullable=False, index=True),
    sa.Column("theme_id", sa.String(40), nullable=False),
    sa.Column("stance", sa.Integer, nullable=False),
    sa.UniqueConstraint("actor_id", "theme_id"),
    sa.CheckConstraint("stance BETWEEN -2 AND 2", name="stance"),
)

#: The tables this capability adds, in creation order.
TABLES: tuple[sa.Table, ...] = (actor_links, actor_stances)


def migrate(op: Operations) -> None:
    """Version 5: create the actors tables."""
    create_tables(op, TABLES)
