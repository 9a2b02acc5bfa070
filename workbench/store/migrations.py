"""Schema versions and in-place upgrades of older databases.

A new database is created from :mod:`workbench.store.schema` and stamped with
:data:`~workbench.store.schema.SCHEMA_VERSION`. An older one is upgraded by
running, in one transaction, every migration above its version. Migrations
use alembic's :class:`~alembic.operations.Operations` for dialect-aware DDL
(SQLite and PostgreSQL), without alembic's script directory: the workbench
keeps its own small ledger in ``schema_info``.

Adding a migration: bump ``SCHEMA_VERSION`` in ``schema.py``, describe the
change there, and add a function here registered under the new number. The
tables of each capability come with their own migration, in
:mod:`workbench.store.tables`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy.engine import Connection, Engine

from workbench.errors import StoreError
from workbench.i18n import N_
from workbench.store import schema
from workbench.store.engine import WRITE
from workbench.store.tables import MODULES

__all__ = ["MIGRATIONS", "database_version", "upgrade"]

Migration = Callable[[Operations], None]


def _v2_content_hash_gender_attribute(op: Operations) -> None:
    """Version 2: proposals carry a content hash (re-imports add nothing); proposers a
    gender (for inclusion indicators); criteria may read their values from a proposal column.
    """
    op.add_column("proposals", sa.Column("content_hash", sa.String(64), nullable=True))
    op.create_index("ix_proposals_content_hash", "proposals", ["content_hash"])
    op.add_column("proposers", sa.Column("gender", sa.String(30), nullable=True))
    op.add_column("criteria", sa.Column("attribute", sa.String(40), nullable=True))


#: Version number -> migration that brings a database from the version below to it.
MIGRATIONS: dict[int, Migration] = {
    2: _v2_content_hash_gender_attribute,
    **{module.VERSION: module.migrate for module in MODULES},
}


def database_version(connection: Connection) -> int | None:
    """The schema version recorded in the database; ``None`` for an empty database.

    Raises
    ------
    StoreError
        When the database holds tables but no workbench version (not ours).
    """
    inspector = sa.inspect(connection)
    tables = set(inspector.get_table_names())
    if "schema_info" not in tables:
        if tables:
            raise StoreError(
                N_("The database holds tables that are not the workbench's: {tables}."),
                tables=", ".join(sorted(tables)[:5]),
            )
        return None
    version = connection.execute(
        sa.select(sa.func.max(schema.schema_info.c.version))
    ).scalar_one_or_none()
    return int(version) if version is not None else None


def upgrade(engine: Engine) -> tuple[int | None, int]:
    """Create or upgrade the database behind ``engine`` to the current schema.

    Safe to call from several processes at once: the work runs under the
    database's write lock and checks the version again once it holds it.

    Returns
    -------
    tuple
        ``(version before, version after)``; the first is ``None`` for a new database.

    Raises
    ------
    StoreError
        When the database was written by a newer workbench or is not a workbench database.
    """
    target = schema.SCHEMA_VERSION
    with engine.connect().execution_options(**WRITE) as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(74657)"))
        found = database_version(connection)
        if found is None:
            schema.metadata.create_all(connection)
            _stamp(connection, target)
            return None, target
        if found > target:
            raise StoreError(
                N_(
                    "The database has schema version {found}, newer than this workbench "
                    "({target}): update the workbench."
                ),
                found=found,
                target=target,
            )
        if found < target:
            operations = Operations(MigrationContext.configure(connection))
            for version in range(found + 1, target + 1):
                MIGRATIONS[version](operations)
                _stamp(connection, version)
        return found, target


def _stamp(connection: Connection, version: int) -> None:
    connection.execute(
        schema.schema_info.insert().values(version=version, upgraded_at=dt.datetime.now(dt.UTC))
    )
