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

__all__ = ["frame_from_rows", "polars_dtype", "rows_from_frame", "to_utc"]


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
    records = rows.to_dicts() if isinstance(rows, pl.DataFrame) else [dict(r) for r in rows]
    known = table.columns
    out = []
    for record in records:
        unknown = set(record) - set(known.keys())
        if unknown:
            raise KeyError(f"{table.name} has no column(s) {sorted(unknown)}")
        out.append({name: _writer(known[name].type, value) for name, value in record.items()})
    return out


def _writer(sql_type: sa.types.TypeEngine, value: Any) -> Any:
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
