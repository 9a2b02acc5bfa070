"""Where the workbench keeps its data, read from the environment.

``WORKBENCH_DB``
    A database URL. ``sqlite:///path/file.db`` or ``postgresql://user@host/db``.
    When unset, an SQLite file ``workbench.db`` inside ``WORKBENCH_DATA``.
``WORKBENCH_DATA``
    The data folder: the SQLite file and caches. Default: ``workbench-data`` in the
    source checkout the package runs from (so apps, notebooks and the command line
    share one database whatever their working folder), else ``~/.local/share/mesa-workbench``.
``WORKBENCH_LANG``
    Language of command-line messages, ``es`` (default) or ``en``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from workbench.errors import ConfigError
from workbench.i18n import N_

__all__ = ["data_dir", "database_url", "ensure_writable_dir", "parse_database_url"]

_CHECKOUT = Path(__file__).resolve().parents[1]


def _default_data_dir() -> Path:
    if (_CHECKOUT / "pyproject.toml").exists():
        return _CHECKOUT / "workbench-data"
    return Path.home() / ".local" / "share" / "mesa-workbench"


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The data folder named by ``WORKBENCH_DATA`` (not created here)."""
    env = os.environ if environ is None else environ
    raw = env.get("WORKBENCH_DATA")
    return Path(raw).expanduser().absolute() if raw else _default_data_dir()


def ensure_writable_dir(path: Path) -> Path:
    """Create ``path`` if needed and check that files can be written in it.

    Raises
    ------
    ConfigError
        When the folder cannot be created or written.
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path, prefix=".write-test-"):
            pass
    except OSError as exc:
        raise ConfigError(
            N_("Cannot write to the data folder {path}: {reason}"),
            path=str(path),
            reason=exc.strerror or str(exc),
        ) from None
    return path


def database_url(environ: Mapping[str, str] | None = None) -> URL:
    """The database URL from ``WORKBENCH_DB``, or the default SQLite file.

    ``postgresql://`` URLs are given the psycopg 3 driver.

    Raises
    ------
    ConfigError
        When ``WORKBENCH_DB`` is not a URL of a supported database.
    """
    env = os.environ if environ is None else environ
    raw = (env.get("WORKBENCH_DB") or "").strip()
    if not raw:
        return make_url(f"sqlite:///{data_dir(env) / 'workbench.db'}")
    return parse_database_url(raw)


def parse_database_url(raw: str) -> URL:
    """Check a database URL given by a user and return it with its driver set."""
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError):
        raise ConfigError(
            N_(
                "WORKBENCH_DB is not a database URL: {value!r}. "
                "Use sqlite:///path/file.db or postgresql://user@host/database."
            ),
            value=raw,
        ) from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if url.database in (None, ""):
            raise ConfigError(
                N_("WORKBENCH_DB names no SQLite file: {value!r}. Use sqlite:///path/file.db."),
                value=raw,
            )
        return url.set(drivername="sqlite")
    if backend == "postgresql":
        if not url.database:
            raise ConfigError(
                N_("WORKBENCH_DB names no PostgreSQL database: {value!r}."), value=raw
            )
        return url.set(drivername="postgresql+psycopg")
    raise ConfigError(
        N_("WORKBENCH_DB uses an unsupported database {backend!r}: use sqlite or postgresql."),
        backend=backend,
    )
