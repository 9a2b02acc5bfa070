"""Engines for SQLite and PostgreSQL with the settings the workbench relies on.

SQLite runs in WAL mode with foreign keys enforced and ``synchronous=FULL``,
so that a write acknowledged after commit survives a crash of the server
process. pysqlite's own transaction handling is switched off and SQLAlchemy
emits ``BEGIN`` itself (the recipe in SQLAlchemy's SQLite dialect notes);
write transactions use ``BEGIN IMMEDIATE`` so that several server processes
sharing one file queue for the write lock instead of failing on upgrade.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine

from workbench.config import ensure_writable_dir
from workbench.errors import ConfigError
from workbench.i18n import N_

__all__ = ["WRITE", "create_engine", "json_default", "json_dumps"]

#: Execution option that marks a connection as a writer (``BEGIN IMMEDIATE`` on SQLite).
WRITE = {"workbench_write": True}

_BUSY_TIMEOUT_MS = 30_000


def json_default(value: Any) -> Any:
    """Serialise values that :mod:`json` does not know (dates, numpy scalars, sets)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    item = getattr(value, "item", None)  # numpy scalar
    if callable(item):
        return item()
    tolist = getattr(value, "tolist", None)  # numpy array
    if callable(tolist):
        return tolist()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def json_dumps(value: Any) -> str:
    """JSON text with non-ASCII kept readable, as stored in JSON columns."""
    return json.dumps(value, default=json_default, ensure_ascii=False)


def create_engine(url: URL) -> Engine:
    """An engine for ``url`` configured for the workbench.

    Raises
    ------
    ConfigError
        When the SQLite file's folder cannot be written.
    """
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return sa.create_engine(
        url,
        json_serializer=json_dumps,
        pool_pre_ping=True,
        pool_size=5,
        max_overflow=10,
    )


def _sqlite_engine(url: URL) -> Engine:
    from pathlib import Path

    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        path = Path(database).expanduser().absolute()
        ensure_writable_dir(path.parent)
        if path.exists() and not _writable(path):
            raise ConfigError(N_("The database file {path} cannot be written."), path=str(path))
        url = url.set(database=str(path))
    engine = sa.create_engine(
        url,
        json_serializer=json_dumps,
        connect_args={"timeout": _BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised on every connect
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        if connection.get_execution_options().get("workbench_write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


def _writable(path) -> bool:
    import os

    return os.access(path, os.W_OK)
