"""Proposal intake: read any table people send, map its columns, validate, report, store.

The public API, implemented in the sub-modules:

- :func:`read_table` / :func:`list_sheets`: a file (path or bytes) to a polars
  DataFrame of text cells; format, delimiter and encoding detected.
- :func:`map_columns`: headers in Spanish or English to proposal fields.
- :func:`read_proposals`: a file to ``(accepted proposals, report)``.
- :func:`import_proposals`: the same into a :class:`~workbench.store.Store`,
  with the report stored as an event; :func:`stored_report` reads it back.
- :func:`find_personal` / :func:`mask_personal`: e-mails, phones and cédulas in text.
- :func:`content_hash`: what makes two proposals the same one;
  :func:`near_duplicate_groups` / :func:`merge_proposals`: the nearly same ones.
"""

from workbench.intake.columns import EXTRA, FIELDS, map_columns
from workbench.intake.duplicates import merge_proposals, near_duplicate_groups
from workbench.intake.encoding import decode_bytes, repair_text
from workbench.intake.hashing import content_hash, content_hashes
from workbench.intake.importing import (
    ImportResult,
    import_proposals,
    prepare_import,
    read_proposals,
    stored_report,
    write_report_csv,
)
from workbench.intake.personal import find_personal, is_valid_cedula, mask_personal
from workbench.intake.progress import ImportProgress
from workbench.intake.readers import (
    FORMATS,
    ROW_COLUMN,
    Limits,
    detect_format,
    list_sheets,
    read_table,
)
from workbench.intake.validation import OUTCOMES, render_report, validate

__all__ = [
    "EXTRA",
    "FIELDS",
    "FORMATS",
    "OUTCOMES",
    "ROW_COLUMN",
    "ImportProgress",
    "ImportResult",
    "Limits",
    "content_hash",
    "content_hashes",
    "decode_bytes",
    "detect_format",
    "find_personal",
    "import_proposals",
    "is_valid_cedula",
    "list_sheets",
    "map_columns",
    "mask_personal",
    "merge_proposals",
    "near_duplicate_groups",
    "prepare_import",
    "read_proposals",
    "read_table",
    "render_report",
    "repair_text",
    "stored_report",
    "validate",
    "write_report_csv",
]
