"""Storage: SQLite by default, PostgreSQL when ``WORKBENCH_DB`` says so, and the event log."""

from workbench.store.migrations import database_version, upgrade
from workbench.store.schema import PERSONAL_TABLES, SCHEMA_VERSION
from workbench.store.store import (
    INSERT_CHUNK,
    ROW_DETAIL_LIMIT,
    Store,
    Transaction,
    default_actor,
    now,
)

__all__ = [
    "INSERT_CHUNK",
    "PERSONAL_TABLES",
    "ROW_DETAIL_LIMIT",
    "SCHEMA_VERSION",
    "Store",
    "Transaction",
    "database_version",
    "default_actor",
    "now",
    "upgrade",
]
