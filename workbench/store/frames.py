"""Conversion between database rows and polars DataFrames.

Modules hand each other polars DataFrames; only the store sees rows. Dtypes
come from the SQL column types, so an empty result still has its columns and
types. JSON columns travel as JSON text (``pl.String``); timestamps are UTC.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl
import sqlalchemy as sa

from workbench.store.engine import json_dumps

__all__ = ["frame_from_rows", "polars_dtype", "rows_from_frame", "to_utc", "writer_value"]


def polars_dtype(sql_type: sa.types.TypeEngine) -> pl.DataType:
    """The polars dtype that holds values of ``sql_type``."""
    if isinstance(sql_type, sa.Boolean):
        return pl.Boolean()
    if isinstance(sql_type, sa.Integer):
        return pl.Int64()
    if isinstance(sql_type, sa.Float | sa.Numeric):
        return pl.Float64()
    if isinstance(sql_type, sa.DateTime):
        return pl.Datetime("us", "UTC")
    if isinstance(sql_type, sa.Date):
        return pl.Date()
    return pl.String()  # String, Text, JSON (as text), anything else


def to_utc(value: dt.datetime | None) -> dt.datetime | None:
    """``value`` as an aware UTC datetime (naive values are taken as UTC)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def frame_from_rows(
    rows: Iterable[Sequence[Any]], columns: Sequence[sa.ColumnElement[Any]]
) -> pl.DataFrame:
    """A DataFrame from result ``rows`` typed by the selected ``columns``."""
    names = [column.key or column.name for column in columns]
    schema = {name: polars_dtype(column.type) for name, column in zip(names, columns, strict=True)}
    converters = [_reader(column.type) for column in columns]
    data = [
        [convert(value) for convert, value in zip(converters, row, strict=True)] for row in rows
    ]
    return pl.DataFrame(data, schema=schema, orient="row")


def _reader(sql_type: sa.types.TypeEngine):
    if isinstance(sql_type, sa.JSON):
        return lambda value: None if value is None else json_dumps(value)
    if isinstance(sql_type, sa.DateTime):
        return to_utc
    if isinstance(sql_type, sa.Float | sa.Numeric):
        return lambda value: None if value is None else float(value)
    return lambda value: value


def rows_from_frame(
    rows: pl.DataFrame | Iterable[Mapping[str, Any]], table: sa.Table
) -> list[dict[str, Any]]:
    """Rows ready for ``table.insert()``: unknown columns refused, JSON text parsed.

    Raises
    ------
    KeyError
        When a row names a column that ``table`` does not have.
    """
    known = table.columns
    if isinstance(rows, pl.DataFrame):
        return _rows_from_polars(rows, table)
    records = [dict(r) for r in rows]
    out = []
    for record in records:
        unknown = set(record) - set(known.keys())
        if unknown:
            raise KeyError(f"{table.name} has no column(s) {sorted(unknown)}")
        out.append({name: writer_value(known[name].type, value) for name, value in record.items()})
    return out


def _rows_from_polars(frame: pl.DataFrame, table: sa.Table) -> list[dict[str, Any]]:
    """:func:`rows_from_frame` for a DataFrame, converting column by column.

    Only JSON and timestamp columns need a conversion per value; the others go
    as polars gives them, which saves a Python call per cell on large inserts.
    """
    known = table.columns
    unknown = set(frame.columns) - set(known.keys())
    if unknown:
        raise KeyError(f"{table.name} has no column(s) {sorted(unknown)}")
    columns = []
    for name in frame.columns:
        sql_type = known[name].type
        values = frame.get_column(name).to_list()
        if isinstance(sql_type, sa.JSON | sa.DateTime):
            values = [writer_value(sql_type, value) for value in values]
        columns.append(values)
    names = frame.columns
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def writer_value(sql_type: sa.types.TypeEngine, value: Any) -> Any:
    """``value`` as the database driver takes it for a column of ``sql_type``.

    JSON text is parsed (text that is not JSON stays a string), timestamps become
    aware UTC, dates midnight UTC, numpy scalars Python numbers.
    """
    if value is None:
        return None
    if isinstance(sql_type, sa.JSON) and isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    if isinstance(sql_type, sa.DateTime) and isinstance(value, dt.datetime):
        return to_utc(value)
    if isinstance(sql_type, sa.DateTime) and isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    item = getattr(value, "item", None)  # numpy scalars
    return item() if callable(item) else value
