"""Spreadsheet-safe cells: the ONE place where exports neutralise formula-like text.

A spreadsheet runs a cell whose text starts with ``=``, ``+``, ``-`` or ``@``
(and, in some programs, a tab or carriage return) as a formula: a proposal
written as ``=HYPERLINK("http://...")`` would become a live link, or worse,
when a planner opens the open data in Excel or LibreOffice (CSV injection,
OWASP). Every CSV and XLSX the workbench writes goes through
:func:`safe_frame` (or :func:`write_csv`, which calls it): text that starts
with one of those characters gets a leading apostrophe, which spreadsheets
read as "this is text". Numbers stay numbers: only text columns change.

Other capabilities that export CSV or XLSX should call these functions too.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

__all__ = ["FORMULA_PREFIXES", "neutralise", "neutralise_expr", "safe_frame", "write_csv"]

#: First characters that make a spreadsheet evaluate a cell.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

_PATTERN = r"^[=+\-@\t\r]"


def neutralise(value: object) -> object:
    """``value`` with a leading apostrophe when it is text a spreadsheet would run.

    Examples
    --------
    >>> neutralise("=1+1")
    "'=1+1"
    >>> neutralise("Riego")
    'Riego'
    >>> neutralise(-3)
    -3
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_expr(column: str) -> pl.Expr:
    """A polars expression that neutralises the text column ``column`` (vectorised)."""
    col = pl.col(column)
    return pl.when(col.str.contains(_PATTERN)).then(pl.lit("'") + col).otherwise(col).alias(column)


def safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with every text cell neutralised; other columns untouched.

    Lists and structs of text are cast to JSON-like text first, so that no
    text reaches a spreadsheet un-neutralised.
    """
    exprs = []
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            exprs.append(neutralise_expr(name))
        elif isinstance(dtype, pl.List | pl.Struct | pl.Array | pl.Object):
            exprs.append(
                pl.col(name)
                .map_elements(lambda v: None if v is None else str(v), return_dtype=pl.String)
                .pipe(lambda e, n=name: e.alias(n))
            )
        elif dtype == pl.Categorical or isinstance(dtype, pl.Enum):
            exprs.append(pl.col(name).cast(pl.String))
    if not exprs:
        return frame
    out = frame.with_columns(exprs)
    # columns just cast to text need the same treatment
    late = [n for n in out.columns if out.schema[n] == pl.String and frame.schema[n] != pl.String]
    return out.with_columns([neutralise_expr(n) for n in late]) if late else out


def write_csv(frame: pl.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as UTF-8 CSV with formula-like text neutralised. Returns the path."""
    path = Path(path)
    safe_frame(frame).write_csv(path)
    return path
