"""Tables of data, always showing cells as plain text.

Citizens' text is data, never markup: Tabulator's default ``plaintext``
formatter escapes cell values, and nothing here sets an ``html`` formatter.
:func:`data_table` refuses one, so that no component can opt in by accident.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import panel as pn
import polars as pl

__all__ = ["data_table", "to_pandas"]


def to_pandas(frame: pl.DataFrame):
    """``frame`` as pandas for Panel widgets that need it (Tabulator)."""
    return frame.to_pandas()


def _refuse_html(formatters: Mapping[str, Any] | None) -> None:
    for column, formatter in (formatters or {}).items():
        kind = formatter if isinstance(formatter, str) else getattr(formatter, "type", None)
        if kind is None and isinstance(formatter, Mapping):
            kind = formatter.get("type")
        if kind == "html":
            raise ValueError(f"column {column!r}: html formatters are not allowed")


def data_table(
    frame: pl.DataFrame,
    *,
    titles: Mapping[str, str] | None = None,
    editable: bool = False,
    page_size: int = 20,
    **params: Any,
) -> pn.widgets.Tabulator:
    """A paginated Tabulator over ``frame`` with plain-text cells.

    Parameters
    ----------
    frame
        The rows to show.
    titles
        Column titles (translated) by column name.
    editable
        Whether cells can be edited (columns can still be locked with ``editors``).
    page_size
        Rows per page; pages are sent on demand, which keeps phones responsive.
    **params
        Further Tabulator parameters.
    """
    _refuse_html(params.get("formatters"))
    params.setdefault("pagination", "remote")
    params.setdefault("show_index", False)
    params.setdefault("sizing_mode", "stretch_width")
    params.setdefault("layout", "fit_data_table")
    return pn.widgets.Tabulator(
        to_pandas(frame),
        disabled=not editable,
        page_size=page_size,
        titles=dict(titles or {}),
        **params,
    )
