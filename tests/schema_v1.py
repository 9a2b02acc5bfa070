"""The workbench schema as it was at version 1, frozen, to test upgrades in place.

Never edit: it stands for databases already out in the world.
"""

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)
TZ = sa.DateTime(timezone=True)

sa.Table(
    "schema_info",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("upgraded_at", TZ, nullable=False),
)
sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", TZ, nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(100), nullable=False, index=True),
    sa.Column("subject", sa.String(300), nullable=False, index=True),
    sa.Column("before", sa.JSON),
    sa.Column("after", sa.JSON),
)
sa.Table(
    "territories",
    metadata,
    sa.Column("code", sa.String(6), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("parent_code", sa.String(6), sa.ForeignKey("territories.code")),
    sa.Column("area", sa.String(10)),
)
sa.Table(
    "proposals",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("title", sa.String(500)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("canton_code", sa.String(6), sa.ForeignKey("territories.code")),
    sa.Column("parish_code", sa.String(6), sa.ForeignKey("territories.code")),
    sa.Column("territory_raw", sa.String(300)),
    sa.Column("sector", sa.String(200)),
    sa.Column("organisation", sa.String(300)),
    sa.Column("submitted_at", TZ),
    sa.Column("source", sa.String(300)),
    sa.Column("source_row", sa.Integer),
    sa.Column("estimated_cost", sa.Float),
    sa.Column("beneficiaries", sa.Integer),
    sa.Column("status", sa.String(20), nullable=False, server_default="active"),
    sa.Column("merged_into", sa.String(40), sa.ForeignKey("proposals.id")),
    sa.Column("extra", sa.JSON),
    sa.Column("created_at", TZ, nullable=False),
)
sa.Table(
    "proposers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "proposal_id", sa.String(40), sa.ForeignKey("proposals.id"), nullable=False, index=True
    ),
    sa.Column("name", sa.String(300)),
    sa.Column("email", sa.String(300)),
    sa.Column("phone", sa.String(60)),
    sa.Column("id_number", sa.String(40)),
)
sa.Table(
    "actors",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("type", sa.String(40), nullable=False),
    sa.Column("level", sa.String(20)),
    sa.Column("territory_code", sa.String(6), sa.ForeignKey("territories.code")),
    sa.Column("sector", sa.String(200)),
    sa.Column("influence", sa.Float),
    sa.Column("extra", sa.JSON),
)
sa.Table(
    "ties",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(40), sa.ForeignKey("actors.id"), nullable=False, index=True),
    sa.Column("target", sa.String(40), sa.ForeignKey("actors.id"), nullable=False, index=True),
    sa.Column("kind", sa.String(30), nullable=False),
    sa.Column("weight", sa.Float, nullable=False, server_default="1"),
    sa.Column("directed", sa.Boolean, nullable=False, server_default=sa.true()),
)
sa.Table(
    "criteria",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("definition", sa.Text),
    sa.Column("direction", sa.Integer, nullable=False),
    sa.Column("scale", sa.String(40), nullable=False),
    sa.Column("min_value", sa.Float),
    sa.Column("max_value", sa.Float),
    sa.Column("unit", sa.String(40)),
    sa.Column("thresholds", sa.JSON),
    sa.Column("position", sa.Integer, nullable=False, server_default="0"),
    sa.CheckConstraint("direction IN (-1, 1)", name="direction"),
)
sa.Table(
    "participants",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name", sa.String(300), nullable=False),
    sa.Column("organisation", sa.String(300)),
    sa.Column("sector", sa.String(200)),
    sa.Column("level", sa.String(20)),
    sa.Column("territory_code", sa.String(6), sa.ForeignKey("territories.code")),
    sa.Column("gender", sa.String(30)),
    sa.Column("role", sa.String(20), nullable=False, server_default="member"),
)
sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("status", sa.String(20), nullable=False, server_default="draft"),
    sa.Column("join_code", sa.String(20), unique=True),
    sa.Column("opened_at", TZ),
    sa.Column("closed_at", TZ),
    sa.Column("time_box_minutes", sa.Integer),
    sa.Column("agenda", sa.JSON),
)
for _name in ("scores", "weights"):
    _cols = [
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(40), sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column(
            "participant_id", sa.String(40), sa.ForeignKey("participants.id"), nullable=False
        ),
    ]
    if _name == "scores":
        _cols += [
            sa.Column("proposal_id", sa.String(40), sa.ForeignKey("proposals.id"), nullable=False)
        ]
    _cols += [
        sa.Column("criterion_id", sa.String(40), sa.ForeignKey("criteria.id"), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
    ]
    if _name == "weights":
        _cols += [sa.Column("method", sa.String(20), nullable=False, server_default="points")]
    _cols += [sa.Column("at", TZ, nullable=False)]
    _key = (
        ["session_id", "participant_id", "proposal_id", "criterion_id"]
        if _name == "scores"
        else ["session_id", "participant_id", "criterion_id"]
    )
    sa.Table(_name, metadata, *_cols, sa.UniqueConstraint(*_key))
