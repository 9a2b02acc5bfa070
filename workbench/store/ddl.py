"""Small DDL helpers shared by the migrations of each capability's tables."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from alembic.operations import Operations

__all__ = ["create_tables"]


def create_tables(op: Operations, tables: Iterable[sa.Table]) -> None:
    """Create ``tables`` (with their indexes and constraints) in the migration's connection.

    A migration that only adds new tables creates them from their current
    definition; a later change to one of them needs a migration of its own.
    """
    bind = op.get_bind()
    for table in tables:
        table.create(bind, checkfirst=False)
