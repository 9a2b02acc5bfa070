"""The store: the one place that speaks SQL, and the event log every change goes through.

Every write happens in a :class:`Transaction` that records, in the same
database transaction, an event ``(id, at, actor, kind, subject, before, after)``
for the change. Reads return polars DataFrames.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from workbench.config import database_url, parse_database_url
from workbench.errors import InputError, NotFoundError, StoreError
from workbench.i18n import N_
from workbench.store import migrations, schema
from workbench.store.engine import WRITE, create_engine
from workbench.store.frames import frame_from_rows, rows_from_frame, writer_value

__all__ = ["INSERT_CHUNK", "ROW_DETAIL_LIMIT", "Store", "Transaction", "default_actor", "now"]

#: Inserts of up to this many rows keep the rows themselves in their event;
#: larger batches keep their keys (the rows are in the table, and every later
#: change to them is an event with its own before and after).
ROW_DETAIL_LIMIT = 200

#: Large inserts go to the database in chunks of this many rows (progress is reported per chunk).
INSERT_CHUNK = 10_000


def now() -> dt.datetime:
    """The current time in UTC, as stored in every timestamp column."""
    return dt.datetime.now(dt.UTC)


def default_actor() -> str:
    """The actor recorded for changes made from the command line."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"cli:{user}"


def _key_text(values: Sequence[Any]) -> str:
    return "|".join("" if v is None else str(v) for v in values)


class Transaction:
    """Writes that commit together with their events; obtained from :meth:`Store.transaction`.

    Parameters
    ----------
    connection
        An open connection inside a transaction.
    actor
        Who makes the changes (``"facilitator:ana"``, ``"member:M07"``, ``"cli:root"``).
    """

    def __init__(self, connection: Connection, actor: str) -> None:
        self.connection = connection
        self.actor = actor
        self.at = now()

    # -- events ---------------------------------------------------------------------------
    def record(
        self,
        kind: str,
        subject: str,
        *,
        before: Any = None,
        after: Any = None,
    ) -> int:
        """Append one event and return its id."""
        result = self.connection.execute(
            schema.events.insert().values(
                at=self.at,
                actor=self.actor,
                kind=kind,
                subject=subject,
                before=before,
                after=after,
            )
        )
        return int(result.inserted_primary_key[0])

    # -- writes ---------------------------------------------------------------------------
    def insert(
        self,
        table: str,
        rows: pl.DataFrame | Iterable[Mapping[str, Any]],
        *,
        kind: str | None = None,
        subject: str | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> list[str]:
        """Insert ``rows`` into ``table`` and record one event for the batch.

        Parameters
        ----------
        table
            Table name.
        rows
            A DataFrame (JSON columns as JSON text) or mappings.
        kind, subject
            Of the event; default ``"<table>.insert"`` and the table name.
        progress
            Called as ``progress(rows_done, rows_total)`` after each chunk of
            :data:`INSERT_CHUNK` rows is written (the rows commit with the transaction).

        Returns
        -------
        list of str
            The primary keys of the inserted rows, as text.
        """
        tbl = _table(table)
        pk = [c.name for c in tbl.primary_key.columns]
        bulk = {"sqlite": _insert_frame_sqlite, "postgresql": _insert_frame_postgresql}.get(
            self.connection.dialect.name
        )
        if (
            bulk is not None
            and isinstance(rows, pl.DataFrame)
            and rows.height > ROW_DETAIL_LIMIT
            and all(name in rows.columns for name in pk)
        ):
            keys = bulk(self.connection, tbl, rows, progress)
            after: dict[str, Any] = {"count": len(keys), "keys": keys}
            self.record(kind or f"{table}.insert", subject or table, after=after)
            return keys
        records = rows_from_frame(rows, tbl)
        if not records:
            return []
        if all(name in records[0] for name in pk):
            for start in range(0, len(records), INSERT_CHUNK):
                chunk = records[start : start + INSERT_CHUNK]
                if self.connection.dialect.name == "sqlite" and len(chunk) > ROW_DETAIL_LIMIT:
                    _executemany_sqlite(self.connection, tbl, chunk)
                else:
                    self.connection.execute(tbl.insert(), chunk)
                if progress is not None:
                    progress(start + len(chunk), len(records))
            keys = [_key_text([r.get(name) for name in pk]) for r in records]
        else:  # autoincrement keys: insert one by one to learn them
            keys = []
            for done, record in enumerate(records, start=1):
                result = self.connection.execute(tbl.insert().values(**record))
                keys.append(_key_text(result.inserted_primary_key))
                if progress is not None and (done % INSERT_CHUNK == 0 or done == len(records)):
                    progress(done, len(records))
        after = {"count": len(records), "keys": keys}
        if len(records) <= ROW_DETAIL_LIMIT:
            after["rows"] = records
        self.record(kind or f"{table}.insert", subject or table, after=after)
        return keys

    def update(
        self,
        table: str,
        key: Mapping[str, Any],
        changes: Mapping[str, Any],
        *,
        kind: str | None = None,
    ) -> dict[str, Any]:
        """Change one row; the event keeps the row before and after. Returns the row before.

        Raises
        ------
        NotFoundError
            When no row has ``key``.
        """
        tbl = _table(table)
        before = self._one(tbl, key, for_update=True)
        values = rows_from_frame([dict(changes)], tbl)[0]
        self.connection.execute(tbl.update().where(*_where(tbl, key)).values(**values))
        after = {**before, **values}
        self.record(
            kind or f"{table}.update",
            f"{table}:{_key_text(key.values())}",
            before=before,
            after=after,
        )
        return before

    def upsert(
        self,
        table: str,
        row: Mapping[str, Any],
        *,
        key: Sequence[str],
        kind: str | None = None,
    ) -> dict[str, Any] | None:
        """Insert ``row``, or replace the row with the same ``key`` columns.

        The event keeps the replaced row as ``before``, so no earlier answer
        is lost from the log. Returns the replaced row, or ``None``.
        """
        tbl = _table(table)
        record = rows_from_frame([dict(row)], tbl)[0]
        where = {name: record[name] for name in key}
        existing = self._maybe_one(tbl, where, for_update=True)
        if existing is None:
            self.connection.execute(tbl.insert().values(**record))
            after = record
        else:
            changes = {k: v for k, v in record.items() if k not in key}
            self.connection.execute(tbl.update().where(*_where(tbl, where)).values(**changes))
            after = {**existing, **changes}
        self.record(
            kind or f"{table}.upsert",
            f"{table}:{_key_text(where.values())}",
            before=existing,
            after=after,
        )
        return existing

    def delete(self, table: str, key: Mapping[str, Any], *, kind: str | None = None) -> dict:
        """Delete one row; the event keeps it as ``before``. Returns the deleted row."""
        tbl = _table(table)
        before = self._one(tbl, key, for_update=True)
        self.connection.execute(tbl.delete().where(*_where(tbl, key)))
        self.record(kind or f"{table}.delete", f"{table}:{_key_text(key.values())}", before=before)
        return before

    # -- helpers --------------------------------------------------------------------------
    def _maybe_one(
        self, tbl: sa.Table, key: Mapping[str, Any], *, for_update: bool = False
    ) -> dict[str, Any] | None:
        statement = sa.select(tbl).where(*_where(tbl, key))
        if for_update and self.connection.dialect.name == "postgresql":
            statement = statement.with_for_update()
        row = self.connection.execute(statement).mappings().first()
        if row is None:
            return None
        return rows_from_frame([dict(row)], tbl)[0]

    def _one(self, tbl: sa.Table, key: Mapping[str, Any], *, for_update: bool = False) -> dict:
        row = self._maybe_one(tbl, key, for_update=for_update)
        if row is None:
            raise NotFoundError(
                N_("No {table} with {key}."), table=tbl.name, key=_key_text(key.values())
            )
        return row


def _executemany_sqlite(connection: Connection, tbl: sa.Table, records: list[dict]) -> None:
    """Bulk insert into SQLite straight through the driver's ``executemany``.

    Same statement and the same type conversions as ``connection.execute(tbl.insert(),
    records)`` (each column's bind processor for this dialect), without SQLAlchemy's
    per-row parameter handling, which dominated large imports. Rows must share their keys;
    when they do not, the SQLAlchemy path is used.
    """
    names = list(records[0])
    if any(len(record) != len(names) or record.keys() != records[0].keys() for record in records):
        connection.execute(tbl.insert(), records)
        return
    dialect = connection.dialect
    processors = [tbl.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    columns = []
    for name, process in zip(names, processors, strict=True):
        values = [record[name] for record in records]
        if process is not None:
            values = [process(value) for value in values]
        columns.append(values)
    preparer = dialect.identifier_preparer
    statement = "INSERT INTO {table} ({columns}) VALUES ({marks})".format(
        table=preparer.format_table(tbl),
        columns=", ".join(preparer.quote(name) for name in names),
        marks=", ".join("?" for _ in names),
    )
    connection.exec_driver_sql(statement, list(zip(*columns, strict=True)))


def _check_columns(tbl: sa.Table, frame: pl.DataFrame) -> None:
    unknown = set(frame.columns) - set(tbl.columns.keys())
    if unknown:
        raise KeyError(f"{tbl.name} has no column(s) {sorted(unknown)}")


def _insert_frame_sqlite(
    connection: Connection,
    tbl: sa.Table,
    frame: pl.DataFrame,
    progress: Callable[[int, int], None] | None,
) -> list[str]:
    """Bulk insert of a DataFrame into SQLite, column by column, straight into ``executemany``.

    Stores exactly what the row path (``rows_from_frame`` and each column's bind
    processor) stores, but converts each *distinct* value once instead of every
    cell, passes JSON text through once it parses (the row path parses it and
    writes it again), and builds the keys for the event with polars. Returns the keys.
    """
    _check_columns(tbl, frame)
    dialect = connection.dialect
    columns = []
    for name in frame.columns:
        series = frame.get_column(name)
        sql_type = tbl.c[name].type
        process = sql_type.dialect_impl(dialect).bind_processor(dialect)
        if isinstance(sql_type, sa.JSON) and series.dtype == pl.String:
            columns.append(_json_texts(series, process))
        elif process is None and not isinstance(sql_type, sa.JSON | sa.DateTime):
            columns.append(series.to_list())
        elif (
            isinstance(sql_type, sa.Float)
            and not sql_type.asdecimal
            and series.dtype in (pl.Float64, pl.Float32)
        ):
            columns.append(series.to_list())  # already floats: the processor is float()
        else:
            texts = _datetime_texts(series, sql_type, process)
            if texts is None:
                texts = _bound_values(series.to_list(), sql_type, process)
            columns.append(texts)
    preparer = dialect.identifier_preparer
    statement = "INSERT INTO {table} ({columns}) VALUES ({marks})".format(
        table=preparer.format_table(tbl),
        columns=", ".join(preparer.quote(name) for name in frame.columns),
        marks=", ".join("?" for _ in frame.columns),
    )
    rows = list(zip(*columns, strict=True))
    for start in range(0, len(rows), INSERT_CHUNK):
        connection.exec_driver_sql(statement, rows[start : start + INSERT_CHUNK])
        if progress is not None:
            progress(min(start + INSERT_CHUNK, len(rows)), len(rows))
    return _frame_keys(frame, [c.name for c in tbl.primary_key.columns])


_JSON_STRING = r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"'
_JSON_SCALAR = (
    rf"(?:{_JSON_STRING}|null|true|false|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"
)
_JSON_MEMBER = rf"{_JSON_STRING} ?: ?{_JSON_SCALAR}"
#: A flat JSON object (string keys; string, number, boolean or null values): strict JSON,
#: which :func:`json.loads` always parses, so such text needs no parsing to be trusted.
_FLAT_JSON_OBJECT = rf"^\{{(?:{_JSON_MEMBER}(?:, ?{_JSON_MEMBER})*)?\}}$"


def _insert_frame_postgresql(
    connection: Connection,
    tbl: sa.Table,
    frame: pl.DataFrame,
    progress: Callable[[int, int], None] | None,
) -> list[str]:
    """Bulk insert of a DataFrame into PostgreSQL with ``COPY ... FROM STDIN`` (psycopg).

    Stores what the row path stores: JSON text kept when it parses (other text as a
    JSON string, nulls as the row path binds them), timestamps as UTC instants, other
    values as polars gives them. Returns the keys.
    """
    _check_columns(tbl, frame)
    dialect = connection.dialect
    columns = []
    for name in frame.columns:
        series = frame.get_column(name)
        sql_type = tbl.c[name].type
        process = sql_type.dialect_impl(dialect).bind_processor(dialect)
        if isinstance(sql_type, sa.JSON) and series.dtype == pl.String:
            columns.append(_json_texts(series, process))
        elif isinstance(sql_type, sa.DateTime) and isinstance(series.dtype, pl.Datetime):
            utc = (
                series.dt.replace_time_zone("UTC")
                if series.dtype.time_zone is None
                else series.dt.convert_time_zone("UTC")
            )
            columns.append(utc.to_list())
        elif process is None and not isinstance(sql_type, sa.JSON | sa.DateTime):
            columns.append(series.to_list())
        else:
            columns.append(_bound_values(series.to_list(), sql_type, process))
    preparer = dialect.identifier_preparer
    statement = "COPY {table} ({columns}) FROM STDIN".format(
        table=preparer.format_table(tbl),
        columns=", ".join(preparer.quote(name) for name in frame.columns),
    )
    rows = list(zip(*columns, strict=True))
    driver_error = dialect.loaded_dbapi.Error
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for start in range(0, len(rows), INSERT_CHUNK):
                for row in rows[start : start + INSERT_CHUNK]:
                    copy.write_row(row)
                if progress is not None:
                    progress(min(start + INSERT_CHUNK, len(rows)), len(rows))
    except driver_error as exc:  # as SQLAlchemy would raise it (IntegrityError...)
        raise sa.exc.DBAPIError.instance(statement, None, exc, driver_error) from None
    finally:
        cursor.close()
    return _frame_keys(frame, [c.name for c in tbl.primary_key.columns])


def _json_texts(series: pl.Series, process) -> list[Any]:
    """JSON text kept as it is when it parses; other text stored as a JSON string, as the row
    path does (it parses the text, or keeps it as a string, then serialises).

    Flat objects (what polars' ``json_encode`` writes for extra attributes) are recognised
    by a vectorised pattern; the rest are parsed one by one.
    """
    values = series.to_list()
    flat = series.str.contains(_FLAT_JSON_OBJECT).fill_null(False)
    out: list[Any] = list(values)
    for i in (~flat).arg_true().to_list():
        value = values[i]
        if value is None:
            out[i] = process(None) if process else None
            continue
        try:
            json.loads(value)
        except ValueError:
            out[i] = process(value) if process else value
    return out


def _datetime_texts(series: pl.Series, sql_type: sa.types.TypeEngine, process) -> list | None:
    """SQLite's text for a timestamp column, formatted by polars; ``None`` when not applicable.

    The store keeps timestamps as UTC. The format is checked against the column's own bind
    processor on a sample of the values: if they ever differ, the caller takes the exact path.
    """
    if not isinstance(sql_type, sa.DateTime) or not isinstance(series.dtype, pl.Datetime):
        return None
    utc = (
        series.dt.replace_time_zone("UTC")
        if series.dtype.time_zone is None
        else series.dt.convert_time_zone("UTC")
    )
    texts = utc.dt.strftime("%Y-%m-%d %H:%M:%S.%6f").to_list()
    for i in {0, series.len() // 2, series.len() - 1}:
        value = series[i]
        if value is not None and process(writer_value(sql_type, value)) != texts[i]:
            return None
    null = process(None)
    return [null if text is None else text for text in texts] if null is not None else texts


def _bound_values(values: list[Any], sql_type: sa.types.TypeEngine, process) -> list[Any]:
    """``process(writer_value(value))`` for each value, computed once per distinct value."""

    def bind(value: Any) -> Any:
        value = writer_value(sql_type, value)
        return process(value) if process else value

    try:
        done = {value: bind(value) for value in set(values)}
    except TypeError:  # unhashable values (lists, dicts): one by one
        return [bind(value) for value in values]
    return [done[value] for value in values]


def _frame_keys(frame: pl.DataFrame, pk: list[str]) -> list[str]:
    """The keys of ``frame``'s rows as :func:`_key_text` writes them."""
    if all(frame.schema[name] == pl.String or frame.schema[name].is_integer() for name in pk):
        return (
            frame.select(
                pl.concat_str(
                    [pl.col(name).cast(pl.String).fill_null("") for name in pk], separator="|"
                )
            )
            .to_series()
            .to_list()
        )
    return [_key_text(row) for row in frame.select(pk).iter_rows()]


def _table(name: str) -> sa.Table:
    try:
        return schema.metadata.tables[name]
    except KeyError:
        raise NotFoundError(N_("There is no table named {table}."), table=name) from None


def _where(tbl: sa.Table, key: Mapping[str, Any]) -> list[sa.ColumnElement[bool]]:
    if not key:
        raise InputError(N_("A row must be named by its key."))
    try:
        return [tbl.c[name] == value for name, value in key.items()]
    except KeyError as exc:
        raise NotFoundError(
            N_("{table} has no column {column}."), table=tbl.name, column=str(exc)
        ) from None


class Store:
    """The workbench database: SQLite by default, PostgreSQL when ``WORKBENCH_DB`` says so.

    Opening a store creates the database or upgrades an older one in place.

    Parameters
    ----------
    url
        Database URL; default from ``WORKBENCH_DB`` / ``WORKBENCH_DATA``.

    Raises
    ------
    ConfigError
        When the URL is malformed or the data folder cannot be written.
    StoreError
        When the database cannot be reached or is not a workbench database.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with Store(f"sqlite:///{folder / 'wb.db'}") as store:
    ...     with store.transaction("doctest") as tx:
    ...         _ = tx.insert("territories", [{"code": "17", "name": "Pichincha",
    ...                                        "kind": "province"}])
    ...     store.read("territories")["name"].to_list()
    ['Pichincha']
    """

    def __init__(self, url: str | URL | None = None) -> None:
        if url is None:
            self.url = database_url()
        elif isinstance(url, str):
            self.url = parse_database_url(url)
        else:
            self.url = url
        self.engine = create_engine(self.url)
        try:
            self.versions = migrations.upgrade(self.engine)
        except (OperationalError, DBAPIError) as exc:
            self.engine.dispose()
            raise StoreError(
                N_("Cannot open the database {url}: {reason}"),
                url=self.url.render_as_string(hide_password=True),
                reason=_reason(exc),
            ) from None

    # -- lifecycle ------------------------------------------------------------------------
    @property
    def backend(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self.url.get_backend_name()

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url.render_as_string(hide_password=True)!r})"

    # -- writing --------------------------------------------------------------------------
    @contextmanager
    def transaction(self, actor: str) -> Iterator[Transaction]:
        """A write transaction: every change and its event commit together, or none does.

        Raises
        ------
        StoreError
            When the database refuses the change (a broken constraint, a lost connection).
        """
        try:
            with (
                self.engine.connect().execution_options(**WRITE) as connection,
                connection.begin(),
            ):
                yield Transaction(connection, actor)
        except IntegrityError as exc:
            raise StoreError(
                N_("The change breaks a rule of the data: {reason}"), reason=_reason(exc)
            ) from None
        except (OperationalError, DBAPIError) as exc:
            raise StoreError(
                N_("The database could not save the change: {reason}"), reason=_reason(exc)
            ) from None

    def insert(self, table: str, rows, *, actor: str, kind: str | None = None) -> list[str]:
        """Insert rows in a transaction of their own; see :meth:`Transaction.insert`."""
        with self.transaction(actor) as tx:
            return tx.insert(table, rows, kind=kind)

    def update(self, table: str, key, changes, *, actor: str, kind: str | None = None) -> dict:
        """Update one row in a transaction of its own; see :meth:`Transaction.update`."""
        with self.transaction(actor) as tx:
            return tx.update(table, key, changes, kind=kind)

    def upsert(self, table: str, row, *, key, actor: str, kind: str | None = None):
        """Insert or replace one row in a transaction of its own; see :meth:`Transaction.upsert`."""
        with self.transaction(actor) as tx:
            return tx.upsert(table, row, key=key, kind=kind)

    def delete(self, table: str, key, *, actor: str, kind: str | None = None) -> dict:
        """Delete one row in a transaction of its own; see :meth:`Transaction.delete`."""
        with self.transaction(actor) as tx:
            return tx.delete(table, key, kind=kind)

    def record(self, kind: str, subject: str, *, actor: str, before=None, after=None) -> int:
        """Append one event in a transaction of its own; see :meth:`Transaction.record`."""
        with self.transaction(actor) as tx:
            return tx.record(kind, subject, before=before, after=after)

    # -- reading --------------------------------------------------------------------------
    def query(self, statement: sa.Select) -> pl.DataFrame:
        """Run a SQLAlchemy ``select`` and return its rows as a DataFrame."""
        try:
            with self.engine.connect() as connection:
                result = connection.execute(statement)
                return frame_from_rows(result.all(), list(statement.selected_columns))
        except (OperationalError, DBAPIError) as exc:
            raise StoreError(
                N_("The database could not be read: {reason}"), reason=_reason(exc)
            ) from None

    def read(
        self,
        table: str,
        *,
        where: Mapping[str, Any] | None = None,
        columns: Sequence[str] | None = None,
    ) -> pl.DataFrame:
        """Rows of ``table`` (optionally only those equal to ``where``), ordered by key.

        Parameters
        ----------
        table
            Table name, for example ``"proposals"``.
        where
            Column values the rows must have; a list or tuple value means "one of".
        columns
            Columns to return; default all.
        """
        tbl = _table(table)
        selected = [tbl.c[name] for name in columns] if columns else list(tbl.columns)
        statement = sa.select(*selected).order_by(*tbl.primary_key.columns)
        for name, value in (where or {}).items():
            column = tbl.c[name]
            if isinstance(value, list | tuple | set | frozenset):
                statement = statement.where(column.in_(list(value)))
            elif value is None:
                statement = statement.where(column.is_(None))
            else:
                statement = statement.where(column == value)
        return self.query(statement)

    def get(self, table: str, key: Mapping[str, Any]) -> dict[str, Any] | None:
        """One row by its key as a dict, or ``None``."""
        frame = self.read(table, where=key)
        return frame.row(0, named=True) if frame.height else None

    def count(self, table: str, *, where: Mapping[str, Any] | None = None) -> int:
        """Number of rows in ``table`` equal to ``where``."""
        tbl = _table(table)
        statement = sa.select(sa.func.count()).select_from(tbl)
        for name, value in (where or {}).items():
            statement = statement.where(tbl.c[name] == value)
        with self.engine.connect() as connection:
            return int(connection.execute(statement).scalar_one())

    def events(
        self,
        *,
        kind: str | None = None,
        subject: str | None = None,
        after_id: int | None = None,
    ) -> pl.DataFrame:
        """The event log in order; ``before`` and ``after`` as JSON text.

        Parameters
        ----------
        kind
            Only events of this kind; a trailing ``*`` matches a prefix (``"themes.*"``).
        subject
            Only events about this subject.
        after_id
            Only events newer than this id.
        """
        ev = schema.events
        statement = sa.select(*ev.columns).order_by(ev.c.id)
        if kind is not None:
            if kind.endswith("*"):
                statement = statement.where(ev.c.kind.startswith(kind[:-1], autoescape=True))
            else:
                statement = statement.where(ev.c.kind == kind)
        if subject is not None:
            statement = statement.where(ev.c.subject == subject)
        if after_id is not None:
            statement = statement.where(ev.c.id > after_id)
        return self.query(statement)


def _reason(exc: Exception) -> str:
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__
