"""Tables of live sessions (issue 6), schema version 7.

Member access, the idempotency record of answers, the controls of a running
session (lock, reveal) and the proposals members submit during a session.
Tables are declared on :data:`workbench.store.schema.metadata`, listed in
:data:`TABLES`, and created in older databases by :func:`migrate`.

The core tables ``sessions``, ``participants``, ``scores`` and ``weights`` hold
the session itself, the members and their answers.
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
    "session_answers",
    "session_controls",
    "session_members",
    "session_proposals",
]

#: Schema version that adds these tables.
VERSION = 7

#: Who may take part in a session, and the hash of each member's access key.
session_members = sa.Table(
    "session_members",
    metadata,
    sa.Column("session_id", sa.String(40), sa.ForeignKey("sessions.id"), primary_key=True),
    sa.Column("participant_id", sa.String(40), sa.ForeignKey("participants.id"), primary_key=True),
    # sha256 of the member's key: the key itself is never stored
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("registered_by", sa.String(20), nullable=False),  # facilitator, self
    sa.Column("joined_at", TZ, nullable=False),
)

#: Every answer applied, by the id its sender gave it: a resend is recognised, not re-applied.
session_answers = sa.Table(
    "session_answers",
    metadata,
    sa.Column("answer_id", sa.String(64), primary_key=True),
    sa.Column("session_id", sa.String(40), sa.ForeignKey("sessions.id"), nullable=False),
    sa.Column("participant_id", sa.String(40), sa.ForeignKey("participants.id"), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # score, weights
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("received_at", TZ, nullable=False),
    sa.Index("ix_session_answers_session_participant", "session_id", "participant_id"),
)

#: The controls of a running session; their history is in the event log.
session_controls = sa.Table(
    "session_controls",
    metadata,
    sa.Column("session_id", sa.String(40), sa.ForeignKey("sessions.id"), primary_key=True),
    sa.Column("locked", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("revealed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("updated_at", TZ, nullable=False),
)

#: Proposals members submitted during a session (the proposal itself is in ``proposals``).
session_proposals = sa.Table(
    "session_proposals",
    metadata,
    sa.Column("proposal_id", sa.String(40), sa.ForeignKey("proposals.id"), primary_key=True),
    sa.Column("session_id", sa.String(40), sa.ForeignKey("sessions.id"), nullable=False),
    sa.Column("participant_id", sa.String(40), sa.ForeignKey("participants.id"), nullable=False),
    sa.Column("submitted_at", TZ, nullable=False),
)

#: The tables this capability adds, in creation order.
TABLES: tuple[sa.Table, ...] = (
    session_members,
    session_answers,
    session_controls,
    session_proposals,
)


def migrate(op: Operations) -> None:
    """Version 7: create the session tables."""
    create_tables(op, TABLES)
