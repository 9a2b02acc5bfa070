"""``workbench export``: open data, reports, planning workbook (see ``reports.cli_export``)."""

from workbench.reports.cli_export import register, run

__all__ = ["register", "run"]
