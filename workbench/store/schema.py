"""The tables of the workbench, as SQLAlchemy Core metadata.

This module describes the *current* schema (version :data:`SCHEMA_VERSION`).
A new database is created from it; an older one is brought to it by
:mod:`workbench.store.migrations`. A change here needs a migration there, and
``tests/test_migrations.py`` checks that both give the same tables.
Versions 1-2 are the core tables below; from version 3 on, each capability
adds its tables in a module of :mod:`workbench.store.tables`.

Personal data of proposers sits alone in ``proposers``: views for members and
the public never select from it.
"""

from __future__ import annotations

import sqlalchemy as sa

__all__ = [
    "PERSONAL_TABLES",
    "SCHEMA_VERSION",
    "TZ",
    "actors",
    "criteria",
    "events",
    "metadata",
    "participants",
    "proposals",
    "proposers",
    "schema_info",
    "scores",
    "sessions",
    "territories",
    "ties",
    "weights",
]

SCHEMA_VERSION = 8

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: Timestamps are stored with their time zone (UTC).
TZ = sa.DateTime(timezone=True)
_TZ = TZ

schema_info = sa.Table(
    "schema_info",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("upgraded_at", _TZ, nullable=False),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", _TZ, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(100), nullable=False, index=True),
    sa.Column("subject", sa.String(300), nullable=False, index=True),
    sa.Column("before", sa.JSON, nullable=True),
    sa.Column("after", sa.JSON, nullable=True),
)

territories = sa.Table(
    "territories",
    metadata,
    sa.Column("code", sa.String(6), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),  # province, canton, parish
    sa.Column("parent_code", sa.String(6), sa.ForeignKey("territories.code"), nullable=True),
    sa.Column("area", sa.String(10), nullable=True),  # urban, rural (parishes)
)

proposals = sa.Table(
    "proposals",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("title", sa.String(500), nullable=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("canton_code", sa.String(6), sa.ForeignKey("territories.code"), nullable=True),
    sa.Column("parish_code", sa.String(6), sa.ForeignKey("territories.code"), nullable=True),
    sa.Column("territory_raw", sa.String(300), nullable=True),
    sa.Column("sector", sa.String(200), nullable=True),
    sa.Column("organisation", sa.String(300), nullable=True),
    sa.Column("submitted_at", _TZ, nullable=True),
    sa.Column("source", sa.String(300), nullable=True),
    sa.Column("source_row", sa.Integer, nullable=True),
    sa.Column("estimated_cost", sa.Float, nullable=True),
    sa.Column("beneficiaries", sa.Integer, nullable=True),
    sa.Column("status", sa.String(20), nullable=False, server_default="active"),
    sa.Column("merged_into", sa.String(40), sa.ForeignKey("proposals.id"), nullable=True),
    sa.Column("content_hash", sa.String(64), nullable=True, index=True),
    sa.Column("extra", sa.JSON, nullable=True),
    sa.Column("created_at", _TZ, nullable=False),
)

proposers = sa.Table(
    "proposers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "proposal_id",
        sa.String(40),
        sa.ForeignKey("proposals.id"),
        nullable=False,
        index=True,
    ),
    sa.Column("name", sa.String(300), nullable=True),
    sa.Column("email", sa.String(300), nullable=True),
    sa.Column("phone", sa.String(60), nullable=True),
    sa.Column("id_number", sa.String(40), nullable=True),
    sa.Column("gender", sa.String(30), nullable=True),
)

actors = sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("level", sa.String(20), nullable=True),
    sa.Column("territory_code", sa.String(6), sa.ForeignKey("territories.code"), nullable=True),
    sa.Column("sector", sa.String(200), nullable=True),
    sa.Column("influence", sa.Float, nullable=True),
    sa.Column("extra", sa.JSON, nullable=True),
)

ties = sa.Table(
    "ties",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(40), sa.ForeignKey("actors.id"), nullable=False, index=True),
    sa.Column("target", sa.String(40), sa.ForeignKey("actors.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("weight", sa.Float, nullable=False, server_default="1"),
    sa.Column("directed", sa.Boolean, nullable=False, server_default=sa.true()),
)

criteria = sa.Table(
    "criteria",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("definition", sa.Text, nullable=True),
    sa.Column("direction", sa.Integer, nullable=False),  # +1 benefit, -1 cost
    sa.Column("scale", sa.String(40), nullable=False),
    sa.Column("min_value", sa.Float, nullable=True),
    sa.Column("max_value", sa.Float, nullable=True),
    sa.Column("unit", sa.String(40), nullable=True),
    # proposal column the values come from (estimated_cost, beneficiaries); None: scored by members
    sa.Column("attribute", sa.String(40), nullable=True),
    sa.Column("thresholds", sa.JSON, nullable=True),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    sa.CheckConstraint("direction IN (-1, 1)", name="direction"),
)

participants = sa.Table(
    "participants",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("organisation", sa.String(300), nullable=True),
    sa.Column("sector", sa.String(200), nullable=True),
    sa.Column("level", sa.String(20), nullable=True),
    sa.Column("territory_code", sa.String(6), sa.ForeignKey("territories.code"), nullable=True),
    sa.Column("gender", sa.String(30), nullable=True),
    sa.Column("role", sa.String(20), nullable=False, server_default="member"),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("status", sa.String(20), nullable=False, server_default="draft"),
    sa.Column("join_code", sa.String(20), nullable=True, unique=True),
    sa.Column("opened_at", _TZ, nullable=True),
    sa.Column("closed_at", _TZ, nullable=True),
    sa.Column("time_box_minutes", sa.Integer, nullable=True),
    sa.Column("agenda", sa.JSON, nullable=True),
)

scores = sa.Table(
    "scores",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.String(40), sa.ForeignKey("sessions.id"), nullable=False),
    sa.Column("participant_id", sa.String(40), sa.ForeignKey("participants.id"), nullable=False),
    sa.Column("proposal_id", sa.String(40), sa.ForeignKey("proposals.id"), nullable=False),
    sa.Column("criterion_id", sa.String(40), sa.ForeignKey("criteria.id"), nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("at", _TZ, nullable=False),
    sa.UniqueConstraint("session_id", "participant_id", "proposal_id", "criterion_id"),
)

weights = sa.Table(
    "weights",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("session_id", sa.String(40), sa.ForeignKey("sessions.id"), nullable=False),
    sa.Column("participant_id", sa.String(40), sa.ForeignKey("participants.id"), nullable=False),
    sa.Column("criterion_id", sa.String(40), sa.ForeignKey("criteria.id"), nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("method", sa.String(20), nullable=False, server_default="points"),
    sa.Column("at", _TZ, nullable=False),
    sa.UniqueConstraint("session_id", "participant_id", "criterion_id"),
)

#: Tables holding personal data: only facilitator views may read them.
PERSONAL_TABLES: frozenset[str] = frozenset({"proposers"})

# Each capability declares its own tables on ``metadata`` in workbench.store.tables;
# importing them here makes ``metadata`` the whole current schema.
from workbench.store import tables as _tables  # noqa: E402, F401
