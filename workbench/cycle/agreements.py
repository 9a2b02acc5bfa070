"""Agreements of the table: a responsible actor, a due date, a status and its history.

The history of an agreement is the event log: creating it records
``cycle.agreement.create`` and every status change is an update of its row
recorded as ``cycle.agreement.status`` with the row before and after.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import polars as pl

from workbench.cycle.calls import _date
from workbench.errors import InputError, NotFoundError
from workbench.i18n import N_, translator
from workbench.store import Store, now

__all__ = [
    "AGREEMENT_STATUSES",
    "STATUS_LABELS",
    "TRANSITIONS",
    "add_agreement",
    "agreement_history",
    "agreements",
    "set_agreement_status",
    "status_named",
]

#: Statuses of an agreement, in the order work moves through them.
AGREEMENT_STATUSES: tuple[str, ...] = ("pending", "in_planning", "in_execution", "done", "dropped")

#: Status names for people (English msgids).
STATUS_LABELS: dict[str, str] = {
    "pending": N_("Pending"),
    "in_planning": N_("In planning"),
    "in_execution": N_("In execution"),
    "done": N_("Done"),
    "dropped": N_("Dropped"),
}


def status_named(lang: str = "es", column: str = "status") -> pl.Expr:
    """An expression that names the agreement status in ``column`` for people.

    Unknown statuses are kept as they are. The result keeps the column's name.

    Examples
    --------
    >>> frame = pl.DataFrame({"status": ["done", "pending"]})
    >>> frame.select(status_named("en"))["status"].to_list()
    ['Done', 'Pending']
    """
    _ = translator(lang)
    labels = {key: _(label) for key, label in STATUS_LABELS.items()}
    return pl.col(column).replace_strict(labels, default=pl.col(column))


#: Allowed moves. ``done`` is final; a dropped agreement can be taken up again.
TRANSITIONS: dict[str, frozenset[str]] = {
    "pending": frozenset({"in_planning", "in_execution", "done", "dropped"}),
    "in_planning": frozenset({"pending", "in_execution", "done", "dropped"}),
    "in_execution": frozenset({"in_planning", "done", "dropped"}),
    "done": frozenset(),
    "dropped": frozenset({"pending", "in_planning"}),
}

_CREATE = "cycle.agreement.create"
_STATUS = "cycle.agreement.status"


def _check_status(status: str) -> None:
    if status not in AGREEMENT_STATUSES:
        raise InputError(
            N_("Unknown agreement status «{status}»: use one of {allowed}."),
            status=status,
            allowed=", ".join(AGREEMENT_STATUSES),
        )


def add_agreement(
    store: Store,
    title: str,
    responsible_actor_id: str,
    *,
    due_on: dt.date | str | None = None,
    call_id: str | None = None,
    session_id: str | None = None,
    proposal_id: str | None = None,
    description: str | None = None,
    status: str = "pending",
    agreement_id: str | None = None,
    actor: str,
) -> str:
    """Record an agreement of the table. Returns its id.

    Raises
    ------
    InputError
        Without a title, or with an unknown status.
    NotFoundError
        When the responsible actor, call, session or proposal does not exist.
    """
    if not str(title or "").strip():
        raise InputError(N_("An agreement needs a title."))
    _check_status(status)
    for table, key, label in (
        ("actors", responsible_actor_id, N_("actor")),
        ("calls", call_id, N_("call")),
        ("sessions", session_id, N_("session")),
        ("proposals", proposal_id, N_("proposal")),
    ):
        if (key is not None or table == "actors") and not store.count(table, where={"id": key}):
            raise NotFoundError(N_("There is no {what} {key}."), what=label, key=str(key))
    agreement_id = agreement_id or f"AC-{uuid.uuid4().hex[:8]}"
    if store.count("agreements", where={"id": agreement_id}):
        raise InputError(N_("There is already an agreement {id}."), id=agreement_id)
    stamp = now()
    with store.transaction(actor) as tx:
        tx.insert(
            "agreements",
            [
                {
                    "id": agreement_id,
                    "call_id": call_id,
                    "session_id": session_id,
                    "title": title.strip(),
                    "description": description,
                    "proposal_id": proposal_id,
                    "responsible_actor_id": responsible_actor_id,
                    "due_on": _date(due_on, "due_on"),
                    "status": status,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            ],
            kind=_CREATE,
            subject=f"agreements:{agreement_id}",
        )
    return agreement_id


def set_agreement_status(
    store: Store, agreement_id: str, status: str, *, note: str | None = None, actor: str
) -> str:
    """Move an agreement to ``status`` (with a follow-up note). Returns the status before.

    Raises
    ------
    InputError
        For an unknown status or a move :data:`TRANSITIONS` does not allow.
    """
    _check_status(status)
    found = store.read("agreements", where={"id": agreement_id})
    if not found.height:
        raise NotFoundError(N_("There is no agreement {id}."), id=agreement_id)
    current = found["status"][0]
    if status != current and status not in TRANSITIONS[current]:
        raise InputError(
            N_("An agreement that is {current} cannot become {status}."),
            current=current,
            status=status,
        )
    store.update(
        "agreements",
        {"id": agreement_id},
        {"status": status, "note": note, "updated_at": now()},
        actor=actor,
        kind=_STATUS,
    )
    return current


def agreements(store: Store, *, today: dt.date | None = None) -> pl.DataFrame:
    """Every agreement with its responsible actor's name and level, and whether it is overdue.

    ``overdue`` is true for an agreement past its due date that is neither
    done nor dropped.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    table = store.read("agreements")
    actors = store.read("actors", columns=["id", "name", "level", "type"]).rename(
        {
            "id": "responsible_actor_id",
            "name": "responsible_actor",
            "level": "responsible_level",
            "type": "responsible_type",
        }
    )
    return (
        table.join(actors, on="responsible_actor_id", how="left")
        .with_columns(
            (
                pl.col("due_on").is_not_null()
                & (pl.col("due_on") < today)
                & ~pl.col("status").is_in(["done", "dropped"])
            ).alias("overdue")
        )
        .sort(["due_on", "id"], nulls_last=True)
    )


def agreement_history(store: Store, agreement_id: str | None = None) -> pl.DataFrame:
    """Status history from the event log, oldest first.

    Columns ``agreement_id, at, actor, status, note``.
    """
    events = store.events(kind="cycle.agreement.*")
    if agreement_id is not None:
        events = events.filter(pl.col("subject") == f"agreements:{agreement_id}")
    rows = []
    for event in events.iter_rows(named=True):
        after = json.loads(event["after"]) if event["after"] else {}
        if event["kind"] == _CREATE:
            row = (after.get("rows") or [{}])[0]
        elif event["kind"] == _STATUS:
            row = after
        else:
            continue
        rows.append(
            {
                "agreement_id": event["subject"].split(":", 1)[1],
                "at": event["at"],
                "actor": event["actor"],
                "status": row.get("status"),
                "note": row.get("note"),
            }
        )
    schema = {
        "agreement_id": pl.String,
        "at": pl.Datetime("us", "UTC"),
        "actor": pl.String,
        "status": pl.String,
        "note": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")
