"""Reports, summaries and exports of the table's work.

Every CSV or XLSX export goes through :mod:`workbench.reports.safe_cells`.
"""

from workbench.reports.open_data import OPEN_DATA_FILES, open_data_frames, write_open_data
from workbench.reports.planning import planning_table, write_planning_workbook
from workbench.reports.safe_cells import neutralise, safe_frame, write_csv
from workbench.reports.summary import (
    PUBLIC_PROPOSAL_COLUMNS,
    proposals_by_canton,
    public_proposals,
    table_counts,
)

__all__ = [
    "OPEN_DATA_FILES",
    "PUBLIC_PROPOSAL_COLUMNS",
    "neutralise",
    "open_data_frames",
    "planning_table",
    "proposals_by_canton",
    "public_proposals",
    "safe_frame",
    "table_counts",
    "write_csv",
    "write_open_data",
    "write_planning_workbook",
]
