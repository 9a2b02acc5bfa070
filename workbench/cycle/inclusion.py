"""Inclusion indicators: who is under-represented against a call's targets.

For each target of a call (a canton, parish, sector, government level or
gender with the minimum share the call aims at) this compares the share it
actually has among the call's proposals and among the participants of the
call's sessions. Shares of proposals are over active proposals submitted in
the call's window (all active proposals when the call has no dates); gender
among proposals is counted over proposers (read as counts only: no personal
field leaves this function). Participants are the members who scored or
weighed in the call's sessions, or every member when the call has none yet.
"""

from __future__ import annotations

import polars as pl

from workbench.cycle.calls import call_sessions, call_targets
from workbench.errors import NotFoundError
from workbench.i18n import N_
from workbench.store import Store

__all__ = [
    "INCLUSION_COLUMNS",
    "inclusion_indicators",
    "participants_in",
    "participation_counts",
]

#: Columns of :func:`inclusion_indicators`.
INCLUSION_COLUMNS: tuple[str, ...] = (
    "dimension",
    "value",
    "name",
    "target_share",
    "proposals",
    "proposals_share",
    "participants",
    "participants_share",
    "proposals_under",
    "participants_under",
)


def _call_proposals(store: Store, call: dict) -> pl.DataFrame:
    proposals = store.read(
        "proposals",
        where={"status": "active"},
        columns=["id", "canton_code", "parish_code", "sector", "submitted_at"],
    )
    if call["opens_on"] is not None and call["closes_on"] is not None:
        day = pl.col("submitted_at").dt.date()
        proposals = proposals.filter(
            pl.col("submitted_at").is_null()
            | ((day >= call["opens_on"]) & (day <= call["closes_on"]))
        )
    return proposals


def _call_participants(store: Store, call_id: str) -> pl.DataFrame:
    return participants_in(store, call_sessions(store, call_id))


def participants_in(store: Store, sessions: list[str]) -> pl.DataFrame:
    """Members who scored or weighed in ``sessions`` (every member when none is given).

    Only the columns the indicators need (no names): ``id, sector, level,
    territory_code, gender, role, canton_code, parish_code``.
    """
    members = store.read(
        "participants", columns=["id", "sector", "level", "territory_code", "gender", "role"]
    ).filter(pl.col("role") == "member")
    if sessions:
        active: set[str] = set()
        for session_id in sessions:
            for table in ("scores", "weights"):
                active |= set(
                    store.read(table, where={"session_id": session_id}, columns=["participant_id"])[
                        "participant_id"
                    ].to_list()
                )
        members = members.filter(pl.col("id").is_in(sorted(active)))
    return members.with_columns(
        pl.when(pl.col("territory_code").str.len_chars() >= 4)
        .then(pl.col("territory_code").str.slice(0, 4))
        .alias("canton_code"),
        pl.when(pl.col("territory_code").str.len_chars() == 6)
        .then(pl.col("territory_code"))
        .alias("parish_code"),
    )


def _shares(
    frame: pl.DataFrame, column: str | None, dimension: str, *, keep_missing: bool = False
) -> pl.DataFrame:
    schema = {"dimension": pl.String, "value": pl.String, "count": pl.Int64, "share": pl.Float64}
    if column is None or column not in frame.columns or frame.height == 0:
        return pl.DataFrame(schema=schema)
    total = frame.height
    counts = frame.group_by(pl.col(column).cast(pl.String).alias("value")).agg(
        pl.len().cast(pl.Int64).alias("count")
    )
    if not keep_missing:
        counts = counts.drop_nulls("value")
    return counts.with_columns(
        pl.lit(dimension).alias("dimension"), (pl.col("count") / total).alias("share")
    ).select(list(schema))


_PROPOSAL_COLUMN = {"canton": "canton_code", "parish": "parish_code", "sector": "sector"}
_PARTICIPANT_COLUMN = {
    "canton": "canton_code",
    "parish": "parish_code",
    "sector": "sector",
    "level": "level",
    "gender": "gender",
}


def participation_counts(
    store: Store, call_id: str | None = None, *, sessions: list[str] | None = None
) -> pl.DataFrame:
    """Participants of a call's sessions per dimension and value (counts only).

    ``value`` is null for participants who did not state it (or, for
    government level, who do not belong to a government).
    """
    if sessions is None:
        sessions = call_sessions(store, call_id) if call_id else []
    people = participants_in(store, sessions)
    return pl.concat(
        [
            _shares(people, column, dim, keep_missing=True)
            for dim, column in _PARTICIPANT_COLUMN.items()
        ]
    ).sort(["dimension", "count", "value"], descending=[False, True, False], nulls_last=True)


def inclusion_indicators(store: Store, call_id: str) -> pl.DataFrame:
    """Each target of the call against its share among proposals and participants.

    Returns
    -------
    polars.DataFrame
        One row per target, columns :data:`INCLUSION_COLUMNS`; ``*_under`` is
        true when the observed share is below ``target_share`` (null when the
        dimension does not apply, such as government level for proposals).
        Rows with something under-represented come first.
    """
    found = store.read("calls", where={"id": call_id})
    if not found.height:
        raise NotFoundError(N_("There is no call {call_id}."), call_id=call_id)
    call = found.row(0, named=True)
    targets = call_targets(store, call_id)
    proposals = _call_proposals(store, call)
    people = _call_participants(store, call_id)
    genders = store.read("proposers", columns=["proposal_id", "gender"]).filter(
        pl.col("proposal_id").is_in(proposals["id"].implode())
    )
    prop_shares = pl.concat(
        [_shares(proposals, col, dim) for dim, col in _PROPOSAL_COLUMN.items()]
        + [_shares(genders, "gender", "gender")]
    ).rename({"count": "proposals", "share": "proposals_share"})
    people_shares = pl.concat(
        [_shares(people, col, dim) for dim, col in _PARTICIPANT_COLUMN.items()]
    ).rename({"count": "participants", "share": "participants_share"})
    applies_to_proposals = pl.col("dimension") != "level"
    names = store.read("territories", columns=["code", "name"]).rename(
        {"code": "value", "name": "place"}
    )
    out = (
        targets.rename({"min_share": "target_share"})
        .join(prop_shares, on=["dimension", "value"], how="left")
        .join(people_shares, on=["dimension", "value"], how="left")
        .join(names, on="value", how="left")
        .with_columns(
            pl.when(pl.col("dimension").is_in(["canton", "parish"]))
            .then(pl.col("place"))
            .otherwise(pl.col("value"))
            .alias("name"),
            pl.when(applies_to_proposals).then(pl.col("proposals").fill_null(0)),
            pl.when(applies_to_proposals).then(pl.col("proposals_share").fill_null(0.0)),
            pl.col("participants").fill_null(0),
            pl.col("participants_share").fill_null(0.0),
        )
        .with_columns(
            (pl.col("proposals_share") < pl.col("target_share")).alias("proposals_under"),
            (pl.col("participants_share") < pl.col("target_share")).alias("participants_under"),
        )
        .select(INCLUSION_COLUMNS)
    )
    flagged = out["proposals_under"].fill_null(False) | out["participants_under"]
    return (
        out.with_columns(flagged.alias("_flag"))
        .sort(["_flag", "dimension", "value"], descending=[True, False, False])
        .drop("_flag")
    )
