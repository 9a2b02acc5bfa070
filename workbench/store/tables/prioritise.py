"""Tables of prioritisation (issue 5), schema version 6.

Runs, results and portfolio selections. Tables are declared on
:data:`workbench.store.schema.metadata`, listed in :data:`TABLES`, and
created in older databases by :func:`migrate`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic.operations import Operations

from workbench.store.ddl import create_tables
from workbench.store.schema import TZ, metadata

__all__ = [
    "TABLES",
    "VERSION",
    "migrate",
    "prioritise_results",
    "prioritise_runs",
    "prioritise_selections",
]

#: Schema version that adds these tables.
VERSION = 6

#: One saved prioritisation: the method, aggregation, weights and parameters used.
prioritise_runs = sa.Table(
    "prioritise_runs",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column(
        "session_id", sa.String(40), sa.ForeignKey("sessions.id"), nullable=False, index=True
    ),
    sa.Column("method", sa.String(30), nullable=False),
    sa.Column("aggregation", sa.String(20), nullable=False, server_default="mean"),
    sa.Column("weights", sa.JSON, nullable=False),  # {criterion_id: weight}
    sa.Column("params", sa.JSON, nullable=True),  # budget, seed, thresholds...
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
)

#: Each proposal's score and rank in a run (null when it had no score).
prioritise_results = sa.Table(
    "prioritise_results",
    metadata,
    sa.Column("run_id", sa.String(40), sa.ForeignKey("prioritise_runs.id"), primary_key=True),
    sa.Column("proposal_id", sa.String(40), sa.ForeignKey("proposals.id"), primary_key=True),
    sa.Column("rank", sa.Integer, nullable=True),
    sa.Column("score", sa.Float, nullable=True),
    sa.Column("n_scorers", sa.Integer, nullable=False, server_default="0"),
    sa.Column("contributions", sa.JSON, nullable=True),  # {criterion_id: contribution}
)

#: Portfolio selections of a run, one row per proposal and rule
#: (``value`` = budgeted optimum, ``greedy`` = greedy approval, ``mes`` = equal shares).
prioritise_selections = sa.Table(
    "prioritise_selections",
    metadata,
    sa.Column("run_id", sa.String(40), sa.ForeignKey("prioritise_runs.id"), primary_key=True),
    sa.Column("rule", sa.String(20), primary_key=True),
    sa.Column("proposal_id", sa.String(40), sa.ForeignKey("proposals.id"), primary_key=True),
    sa.Column("selected", sa.Boolean, nullable=False),
    sa.Column("cost", sa.Float, nullable=True),
    sa.Column("budget", sa.Float, nullable=False),
)

#: The tables this capability adds, in creation order.
TABLES: tuple[sa.Table, ...] = (prioritise_runs, prioritise_results, prioritise_selections)


def migrate(op: Operations) -> None:
    """Version 6: create the prioritise tables."""
    create_tables(op, TABLES)
