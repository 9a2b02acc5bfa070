"""Tables of the table's management cycle (issue 7), schema version 8.

A call for proposals (``calls``) with its dissemination plan: the channels it
is spread through (``call_channels``) and the shares of proposals and
participants it aims at per canton, parish, sector, government level or
gender (``call_targets``); the sessions it feeds (``call_sessions``); and the
agreements a session reaches (``agreements``), each with a responsible actor,
a due date and a status. An agreement's history is the event log: every
status change is an update of its row, recorded with the row before and
after, so no extra history table is needed.

Tables are declared on :data:`workbench.store.schema.metadata`, listed in
:data:`TABLES`, and created in older databases by :func:`migrate`.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic.operations import Operations

from workbench.store.ddl import create_tables
from workbench.store.schema import TZ, metadata

__all__ = [
    "TABLES",
    "VERSION",
    "agreements",
    "call_channels",
    "call_sessions",
    "call_targets",
    "calls",
    "migrate",
]

#: Schema version that adds these tables.
VERSION = 8

calls = sa.Table(
    "calls",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("description", sa.Text, nullable=True),
    # intake, sessions, agreements, follow_up, closed
    sa.Column("phase", sa.String(20), nullable=False, server_default="intake"),
    sa.Column("opens_on", sa.Date, nullable=True),
    sa.Column("closes_on", sa.Date, nullable=True),
    sa.Column("created_at", TZ, nullable=False),
)

call_channels = sa.Table(
    "call_channels",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("call_id", sa.String(40), sa.ForeignKey("calls.id"), nullable=False, index=True),
    # radio, web, social media, parish assembly, WhatsApp, press, posters...
    sa.Column("channel", sa.String(100), nullable=False),
    sa.Column("audience", sa.String(300), nullable=True),
    sa.Column("territory_code", sa.String(6), sa.ForeignKey("territories.code"), nullable=True),
    sa.Column("starts_on", sa.Date, nullable=True),
    sa.Column("ends_on", sa.Date, nullable=True),
    sa.Column("notes", sa.Text, nullable=True),
)

call_targets = sa.Table(
    "call_targets",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("call_id", sa.String(40), sa.ForeignKey("calls.id"), nullable=False, index=True),
    # canton, parish, sector, level, gender
    sa.Column("dimension", sa.String(20), nullable=False),
    sa.Column("value", sa.String(200), nullable=False),
    # the share (0..1) of proposals and of participants the call aims at
    sa.Column("min_share", sa.Float, nullable=False),
    sa.UniqueConstraint("call_id", "dimension", "value"),
)

call_sessions = sa.Table(
    "call_sessions",
    metadata,
    sa.Column("call_id", sa.String(40), sa.ForeignKey("calls.id"), primary_key=True),
    sa.Column("session_id", sa.String(40), sa.ForeignKey("sessions.id"), primary_key=True),
)

agreements = sa.Table(
    "agreements",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("call_id", sa.String(40), sa.ForeignKey("calls.id"), nullable=True, index=True),
    sa.Column("session_id", sa.String(40), sa.ForeignKey("sessions.id"), nullable=True),
    sa.Column("title", sa.String(500), nullable=False),
    sa.Column("description", sa.Text, nullable=True),
    sa.Column("proposal_id", sa.String(40), sa.ForeignKey("proposals.id"), nullable=True),
    sa.Column("responsible_actor_id", sa.String(40), sa.ForeignKey("actors.id"), nullable=False),
    sa.Column("due_on", sa.Date, nullable=True),
    # pending, in_planning, in_execution, done, dropped
    sa.Column("status", sa.String(20), nullable=False, server_default="pending"),
    # what the last follow-up said (public)
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("updated_at", TZ, nullable=False),
)

#: The tables this capability adds, in creation order.
TABLES: tuple[sa.Table, ...] = (calls, call_channels, call_targets, call_sessions, agreements)


def migrate(op: Operations) -> None:
    """Version 8: create the cycle tables."""
    create_tables(op, TABLES)
