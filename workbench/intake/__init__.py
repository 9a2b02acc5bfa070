"""Proposal intake: read any table people send, map its columns, validate, report, store.

Public API (implementation in the sub-modules):

- :func:`read_table` / :func:`list_sheets`: a file (path or bytes) to a polars
  DataFrame of text cells, format and encoding detected.
"""

from workbench.intake.encoding import decode_bytes, repair_text
from workbench.intake.readers import (
    FORMATS,
    ROW_COLUMN,
    Limits,
    detect_format,
    list_sheets,
    read_table,
)

__all__ = [
    "FORMATS",
    "ROW_COLUMN",
    "Limits",
    "decode_bytes",
    "detect_format",
    "list_sheets",
    "read_table",
    "repair_text",
]
