"""A session's life: open with an agenda, lock and unlock scoring, reveal results, close.

Every step is one transaction with its event, so the log tells the whole
story of a session and a restarted server resumes where it stopped.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlalchemy as sa

from workbench.errors import (
    InputError,
    NotFoundError,
    PermissionDeniedError,
    StoreError,
    WorkbenchError,
)
from workbench.i18n import N_
from workbench.session.access import Principal, require_facilitator
from workbench.session.keys import new_join_code, normalise_code
from workbench.store import Store, Transaction, now
from workbench.store.frames import to_utc
from workbench.store.schema import sessions
from workbench.store.tables.session import session_controls
from workbench.themes.current import current_themes

__all__ = [
    "TIME_BOX_ACTOR",
    "TIME_UP",
    "SessionState",
    "close_session",
    "enforce_time_box",
    "extend_time_box",
    "find_session",
    "open_session",
    "refusal_at_commit",
    "reveal_results",
    "scoring_refusal",
    "session_state",
    "set_locked",
]


@dataclass(frozen=True)
class SessionState:
    """What a session is now.

    Attributes
    ----------
    id, title, join_code
        The session.
    status
        ``"open"`` or ``"closed"`` (``"draft"`` before opening).
    locked
        Whether scoring is paused by the facilitator.
    revealed
        Whether members and the public may see the results.
    proposals, criteria, themes
        The agenda: proposal ids in scope (including those members added),
        criterion ids members score, theme names in scope.
    opened_at, ends_at
        Opening time and end of the time box (``None`` without a time box).
    """

    id: str
    title: str
    join_code: str | None
    status: str
    locked: bool
    revealed: bool
    proposals: tuple[str, ...]
    criteria: tuple[str, ...]
    themes: tuple[str, ...]
    opened_at: dt.datetime | None
    ends_at: dt.datetime | None

    @property
    def time_up(self) -> bool:
        """Whether the session's time box has ended (never without a time box)."""
        return self.ends_at is not None and now() >= self.ends_at

    @property
    def accepts_answers(self) -> bool:
        """Whether members may score now."""
        return self.status == "open" and not self.locked and not self.time_up


#: The actor of the events the time box itself causes.
TIME_BOX_ACTOR = "system:time-box"
#: Why answers are refused once the time box has ended.
TIME_UP = N_("The time for scoring is over.")


def _scored_criteria(store: Store) -> list[str]:
    frame = store.read("criteria", columns=["id", "attribute", "position"])
    return frame.filter(pl.col("attribute").is_null()).sort("position", "id")["id"].to_list()


def open_session(
    store: Store,
    principal: Principal,
    *,
    title: str,
    themes: Sequence[str] = (),
    proposals: Sequence[str] = (),
    criteria: Sequence[str] = (),
    time_box_minutes: int | None = None,
    session_id: str | None = None,
) -> SessionState:
    """Open a session with its agenda and a new join code.

    Parameters
    ----------
    store
        The table's store.
    principal
        Must be a facilitator.
    title
        Shown to members and on the projector.
    themes
        Theme names (from :func:`workbench.themes.current_themes`) whose proposals are in scope.
    proposals
        Further proposal ids in scope.
    criteria
        Criterion ids members score; default every criterion scored by members.
    time_box_minutes
        Length of the session; ``None`` for no time box.
    session_id
        Default: ``S`` followed by the date and a random suffix.

    Raises
    ------
    InputError
        When the agenda is empty or names unknown themes, proposals or criteria.
    """
    require_facilitator(principal)
    title = str(title or "").strip()
    if not title:
        raise InputError(N_("A session needs a title."))
    if time_box_minutes is not None and not 0 < int(time_box_minutes) <= 24 * 60:
        raise InputError(N_("The time box must be between 1 and 1440 minutes."))
    theme_frame = current_themes(store)
    unknown = sorted(set(themes) - set(theme_frame["theme"].to_list()))
    if unknown:
        raise InputError(N_("Unknown themes: {names}."), names=", ".join(unknown))
    in_scope = set(theme_frame.filter(pl.col("theme").is_in(list(themes)))["proposal_id"])
    known = set(store.read("proposals", columns=["id"])["id"])
    missing = sorted(set(proposals) - known)
    if missing:
        raise InputError(N_("Unknown proposals: {ids}."), ids=", ".join(missing[:10]))
    in_scope |= set(proposals)
    if not in_scope:
        raise InputError(N_("The agenda has no proposals: choose themes or proposals."))
    scored = _scored_criteria(store)
    chosen = list(criteria) or scored
    bad = sorted(set(chosen) - set(scored))
    if bad:
        raise InputError(N_("Unknown or not scorable criteria: {ids}."), ids=", ".join(bad))
    opened = now()
    # 32 random bits: with 16 a day of many sessions (tests open ~100 in one table)
    # drew the same id about once in thirteen runs
    session_id = session_id or f"S{opened:%Y%m%d}-{secrets.token_hex(4).upper()}"
    agenda = {
        "themes": sorted(set(themes)),
        "proposals": sorted(in_scope),
        "criteria": [c for c in scored if c in set(chosen)],
    }
    for _attempt in range(5):  # a join code already in use: draw another
        code = new_join_code()
        if store.count("sessions", where={"join_code": code}) == 0:
            break
    with store.transaction(principal.actor) as tx:
        tx.insert(
            "sessions",
            [
                {
                    "id": session_id,
                    "title": title,
                    "status": "open",
                    "join_code": code,
                    "opened_at": opened,
                    "time_box_minutes": time_box_minutes,
                    "agenda": agenda,
                }
            ],
            kind="session.open",
            subject=f"session:{session_id}",
        )
        tx.insert(
            "session_controls",
            [{"session_id": session_id, "locked": False, "revealed": False, "updated_at": opened}],
            kind="session.controls",
            subject=f"session:{session_id}",
        )
    return session_state(store, session_id)


def _controls(store: Store, session_id: str) -> dict[str, Any]:
    row = store.get("session_controls", {"session_id": session_id})
    return row or {"locked": False, "revealed": False}


def _set_control(store: Store, principal: Principal, session_id: str, **changes: bool) -> None:
    require_facilitator(principal)
    state = session_state(store, session_id)
    kind = "session." + "-".join(f"{k}={v}".lower() for k, v in changes.items())
    with store.transaction(principal.actor) as tx:
        if store.get("session_controls", {"session_id": session_id}) is None:
            tx.insert(
                "session_controls",
                [
                    {
                        "session_id": session_id,
                        "locked": state.locked,
                        "revealed": state.revealed,
                        "updated_at": now(),
                    }
                ],
            )
        tx.update(
            "session_controls",
            {"session_id": session_id},
            {**changes, "updated_at": now()},
            kind=kind,
        )
        if changes.get("locked") is False and state.time_up:
            # the facilitator resumes scoring past the time box: from now on she decides
            tx.update(
                "sessions",
                {"id": session_id},
                {"time_box_minutes": None},
                kind="session.time-box-cleared",
            )


def set_locked(store: Store, principal: Principal, session_id: str, locked: bool) -> SessionState:
    """Pause (``locked=True``) or resume scoring. Facilitators only.

    Resuming after the time box has ended removes the time box (the facilitator
    decides from then on); :func:`extend_time_box` gives more time instead.
    """
    _set_control(store, principal, session_id, locked=bool(locked))
    return session_state(store, session_id)


def enforce_time_box(store: Store, session_id: str) -> SessionState:
    """Lock scoring once the time box has ended, as an event of its own (idempotent).

    Answers are refused past the time box whether or not this ran (the check
    is made when they are committed, see :func:`refusal_at_commit`); this puts
    the end of the time box in the event log (kind ``session.time-box-ended``,
    actor :data:`TIME_BOX_ACTOR`) and shows the session as locked to everyone.
    The facilitator's console and the answer writer call it.
    """
    state = session_state(store, session_id)
    if state.status != "open" or state.locked or not state.time_up:
        return state
    with store.transaction(TIME_BOX_ACTOR) as tx:
        if refusal_at_commit(tx, session_id) is None or _locked_in(tx, session_id):
            return session_state(store, session_id)  # extended or locked meanwhile
        if store.get("session_controls", {"session_id": session_id}) is None:
            tx.insert(
                "session_controls",
                [
                    {
                        "session_id": session_id,
                        "locked": True,
                        "revealed": False,
                        "updated_at": now(),
                    }
                ],
                kind="session.time-box-ended",
                subject=f"session:{session_id}",
            )
        else:
            tx.update(
                "session_controls",
                {"session_id": session_id},
                {"locked": True, "updated_at": now()},
                kind="session.time-box-ended",
            )
    return session_state(store, session_id)


def extend_time_box(
    store: Store, principal: Principal, session_id: str, minutes: int
) -> SessionState:
    """Give the session ``minutes`` more; scoring locked by the time box resumes.

    Past the end of the time box the new end is ``minutes`` from now.
    Facilitators only; one transaction, with events.

    Raises
    ------
    InputError
        When ``minutes`` is not between 1 and 1440.
    """
    require_facilitator(principal)
    if not 0 < int(minutes) <= 24 * 60:
        raise InputError(N_("The time box must be between 1 and 1440 minutes."))
    state = session_state(store, session_id)
    if state.status != "open":
        raise PermissionDeniedError(N_("This session is closed."))
    opened = state.opened_at or now()
    start = max(state.ends_at or now(), now())
    total = int((start - opened).total_seconds() // 60) + int(minutes)
    with store.transaction(principal.actor) as tx:
        tx.update(
            "sessions",
            {"id": session_id},
            {"time_box_minutes": max(total, 1)},
            kind="session.time-box-extended",
        )
        if state.time_up and state.locked:
            tx.update(
                "session_controls",
                {"session_id": session_id},
                {"locked": False, "updated_at": now()},
                kind="session.locked=false",
            )
    return session_state(store, session_id)


def _locked_in(tx: Transaction, session_id: str) -> bool:
    statement = sa.select(session_controls.c.locked).where(
        session_controls.c.session_id == session_id
    )
    if tx.connection.dialect.name == "postgresql":
        statement = statement.with_for_update(read=True)
    return bool(tx.connection.execute(statement).scalar())


def scoring_refusal(status: str, locked: bool, time_up: bool) -> PermissionDeniedError | None:
    """Why a session with this status and controls refuses answers (``None``: it takes them)."""
    if status != "open":
        return PermissionDeniedError(N_("This session is closed."))
    if locked:
        return PermissionDeniedError(N_("Scoring is paused by the facilitator."))
    if time_up:
        return PermissionDeniedError(TIME_UP)
    return None


def refusal_at_commit(tx: Transaction, session_id: str) -> WorkbenchError | None:
    """Why the session refuses answers, read inside the transaction that would commit them.

    ``None`` when it takes answers. Reading the session and its controls in
    the writing transaction (``BEGIN IMMEDIATE`` on SQLite, shared row locks on
    PostgreSQL) means that an answer committed after the facilitator's lock,
    the close or the end of the time box is refused, never acknowledged.
    """
    statement = sa.select(
        sessions.c.status, sessions.c.opened_at, sessions.c.time_box_minutes
    ).where(sessions.c.id == session_id)
    if tx.connection.dialect.name == "postgresql":
        statement = statement.with_for_update(read=True)
    row = tx.connection.execute(statement).first()
    if row is None:
        return NotFoundError(N_("There is no session {id}."), id=session_id)
    if row.status != "open":
        return scoring_refusal(row.status, False, False)
    opened = to_utc(row.opened_at)
    minutes = row.time_box_minutes
    time_up = bool(
        opened is not None and minutes and now() >= opened + dt.timedelta(minutes=int(minutes))
    )
    return scoring_refusal(row.status, _locked_in(tx, session_id), time_up)


def reveal_results(
    store: Store, principal: Principal, session_id: str, revealed: bool = True
) -> SessionState:
    """Show (or hide again) the results to members and the public. Facilitators only."""
    _set_control(store, principal, session_id, revealed=bool(revealed))
    return session_state(store, session_id)


def close_session(store: Store, principal: Principal, session_id: str) -> SessionState:
    """Close the session: no more answers; results stay as they are. Facilitators only."""
    require_facilitator(principal)
    state = session_state(store, session_id)
    if state.status != "closed":
        store.update(
            "sessions",
            {"id": session_id},
            {"status": "closed", "closed_at": now()},
            actor=principal.actor,
            kind="session.close",
        )
    return session_state(store, session_id)


def _agenda(raw: Any) -> dict[str, list[str]]:
    if raw is None:
        return {}
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise StoreError(N_("The agenda of the session is not valid JSON.")) from None
    return raw if isinstance(raw, dict) else {}


def session_state(store: Store, session_id: str) -> SessionState:
    """The session ``session_id`` as it is now (anyone may read this).

    Raises
    ------
    NotFoundError
        When there is no such session.
    """
    row = store.get("sessions", {"id": session_id})
    if row is None:
        raise NotFoundError(N_("There is no session {id}."), id=session_id)
    agenda = _agenda(row["agenda"])
    controls = _controls(store, session_id)
    added = store.read(
        "session_proposals", where={"session_id": session_id}, columns=["proposal_id"]
    )
    proposals = list(agenda.get("proposals") or [])
    if not proposals and not agenda:  # sessions loaded from a spreadsheet: what was scored
        proposals = store.read("scores", where={"session_id": session_id}, columns=["proposal_id"])[
            "proposal_id"
        ].to_list()
    proposals = sorted(set(proposals) | set(added["proposal_id"].to_list()))
    criteria = list(agenda.get("criteria") or []) or _scored_criteria(store)
    opened = row["opened_at"]
    minutes = row["time_box_minutes"]
    ends = opened + dt.timedelta(minutes=int(minutes)) if opened is not None and minutes else None
    return SessionState(
        id=row["id"],
        title=row["title"],
        join_code=row["join_code"],
        status=row["status"],
        locked=bool(controls["locked"]),
        revealed=bool(controls["revealed"]),
        proposals=tuple(proposals),
        criteria=tuple(criteria),
        themes=tuple(agenda.get("themes") or ()),
        opened_at=opened,
        ends_at=ends,
    )


def find_session(store: Store, join_code: str) -> SessionState:
    """The session a join code opens.

    Raises
    ------
    NotFoundError
        When no session has this code (the message does not say more).
    """
    code = normalise_code(join_code)
    frame = store.read("sessions", where={"join_code": code}, columns=["id"]) if code else None
    if frame is None or frame.height == 0:
        raise NotFoundError(N_("No session has the code {code}."), code=code or "-")
    return session_state(store, frame["id"][0])
