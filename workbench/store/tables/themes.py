"""Tables of themes (issue 8), schema version 4.

Cached text representations, themes, assignments. Tables are declared on
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
VERSION = 4

#: The tables this capability adds, in creation order.
TABLES: tuple[sa.Table, ...] = ()


def migrate(op: Operations) -> None:
    """Version 4: create the themes tables."""
    create_tables(op, TABLES)
