"""Tables of management cycle (issue 7), schema version 8.

Calls, dissemination, agreements and follow-up. Tables are declared on
:data:`workbench.store.schema.metadata`, listed in :data:`TABLES`, and
created in older databases by :func:`migrate`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic.operations import Operations

from workbench.store.ddl import create_tables
from workbench.store.schema import TZ, metadata  # noqa: F401 - used by table definitions

__all__ = ["TABLES", "VERSION", "migrate"]

#: Schema version that adds these tables.
VERSION = 8

#: The tables this capability adds, in creation order.
TABLES: tuple[sa.Table, ...] = ()


def migrate(op: Operations) -> None:
    """Version 8: create the cycle tables."""
    create_tables(op, TABLES)
