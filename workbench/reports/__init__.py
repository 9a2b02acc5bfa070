"""Reports, summaries and exports of the table's work."""

from workbench.reports.summary import (
    PUBLIC_PROPOSAL_COLUMNS,
    proposals_by_canton,
    public_proposals,
    table_counts,
)

__all__ = ["PUBLIC_PROPOSAL_COLUMNS", "proposals_by_canton", "public_proposals", "table_counts"]
