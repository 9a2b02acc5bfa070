"""Calls for proposals and their dissemination plan; the phases of the table's cycle."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import polars as pl

from workbench.errors import InputError, NotFoundError
from workbench.i18n import N_
from workbench.store import Store, now

__all__ = [
    "PHASES",
    "PHASE_LABELS",
    "TARGET_DIMENSIONS",
    "call_channels",
    "call_sessions",
    "call_targets",
    "calls",
    "create_call",
    "link_session",
    "set_phase",
]

#: The phases of a call, in order: the cycle of the table.
PHASES: tuple[str, ...] = ("intake", "sessions", "agreements", "follow_up", "closed")

#: Phase names for people (English msgids).
PHASE_LABELS: dict[str, str] = {
    "intake": N_("Intake of proposals"),
    "sessions": N_("Sessions"),
    "agreements": N_("Agreements"),
    "follow_up": N_("Follow-up"),
    "closed": N_("Closed"),
}

#: What a dissemination target can aim at.
TARGET_DIMENSIONS: tuple[str, ...] = ("canton", "parish", "sector", "level", "gender")


def _date(value: Any, field: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            N_("The date «{value}» in {field} is not a date (use YYYY-MM-DD)."),
            value=str(value),
            field=field,
        ) from None


def _check_span(start: dt.date | None, end: dt.date | None, what: str) -> None:
    if start and end and end < start:
        raise InputError(
            N_("{what} ends ({end}) before it starts ({start})."),
            what=what,
            end=end.isoformat(),
            start=start.isoformat(),
        )


def _channel_rows(call_id: str, channels: Iterable[Mapping[str, Any]]) -> list[dict]:
    rows = []
    for number, channel in enumerate(channels, start=1):
        name = str(channel.get("channel") or "").strip()
        if not name:
            raise InputError(N_("Dissemination channel {n} has no name."), n=number)
        starts = _date(channel.get("starts_on"), "starts_on")
        ends = _date(channel.get("ends_on"), "ends_on")
        _check_span(starts, ends, name)
        rows.append(
            {
                "call_id": call_id,
                "channel": name,
                "audience": channel.get("audience"),
                "territory_code": channel.get("territory_code"),
                "starts_on": starts,
                "ends_on": ends,
                "notes": channel.get("notes"),
            }
        )
    return rows


def _target_rows(call_id: str, targets: Iterable[Mapping[str, Any]]) -> list[dict]:
    rows, seen = [], set()
    for target in targets:
        dimension = str(target.get("dimension") or "")
        if dimension not in TARGET_DIMENSIONS:
            raise InputError(
                N_("Unknown target dimension «{dimension}»: use one of {allowed}."),
                dimension=dimension,
                allowed=", ".join(TARGET_DIMENSIONS),
            )
        value = str(target.get("value") or "").strip()
        share = target.get("min_share")
        try:
            share = float(share)
        except (TypeError, ValueError):
            share = float("nan")
        if not value or not 0.0 <= share <= 1.0:
            raise InputError(
                N_("Target {dimension}=«{value}» needs a value and a share between 0 and 1."),
                dimension=dimension,
                value=value,
            )
        if (dimension, value) in seen:
            raise InputError(
                N_("Target {dimension}=«{value}» is given twice."), dimension=dimension, value=value
            )
        seen.add((dimension, value))
        rows.append(
            {"call_id": call_id, "dimension": dimension, "value": value, "min_share": share}
        )
    return rows


def create_call(
    store: Store,
    call_id: str,
    title: str,
    *,
    description: str | None = None,
    opens_on: dt.date | str | None = None,
    closes_on: dt.date | str | None = None,
    channels: Iterable[Mapping[str, Any]] = (),
    targets: Iterable[Mapping[str, Any]] = (),
    actor: str,
) -> str:
    """Create a call for proposals with its dissemination plan, in one transaction.

    Parameters
    ----------
    store
        The table's store.
    call_id, title, description
        The call.
    opens_on, closes_on
        Dates of the intake window (``YYYY-MM-DD`` or dates).
    channels
        Dissemination channels: mappings with ``channel`` and optional
        ``audience``, ``territory_code``, ``starts_on``, ``ends_on``, ``notes``.
    targets
        Mappings with ``dimension`` (one of :data:`TARGET_DIMENSIONS`),
        ``value`` (a DPA code for cantons and parishes, else the sector, level or
        gender as stored) and ``min_share`` (0 to 1): the share of proposals and
        of participants the call aims at for that group.
    actor
        Who creates it.

    Returns
    -------
    str
        The call's id.
    """
    call_id = str(call_id or "").strip()
    if not call_id or not str(title or "").strip():
        raise InputError(N_("A call needs an id and a title."))
    if store.count("calls", where={"id": call_id}):
        raise InputError(N_("There is already a call {call_id}."), call_id=call_id)
    opens, closes = _date(opens_on, "opens_on"), _date(closes_on, "closes_on")
    _check_span(opens, closes, call_id)
    channel_rows = _channel_rows(call_id, channels)
    target_rows = _target_rows(call_id, targets)
    with store.transaction(actor) as tx:
        tx.insert(
            "calls",
            [
                {
                    "id": call_id,
                    "title": title.strip(),
                    "description": description,
                    "phase": PHASES[0],
                    "opens_on": opens,
                    "closes_on": closes,
                    "created_at": now(),
                }
            ],
            kind="cycle.call.create",
            subject=f"calls:{call_id}",
        )
        if channel_rows:
            tx.insert("call_channels", channel_rows, kind="cycle.call.channels")
        if target_rows:
            tx.insert("call_targets", target_rows, kind="cycle.call.targets")
    return call_id


def set_phase(store: Store, call_id: str, phase: str, *, actor: str) -> str:
    """Move a call to ``phase``; the cycle only goes forward. Returns the phase before."""
    if phase not in PHASES:
        raise InputError(
            N_("Unknown phase «{phase}»: use one of {allowed}."),
            phase=phase,
            allowed=", ".join(PHASES),
        )
    current = _call(store, call_id)["phase"]
    if PHASES.index(phase) < PHASES.index(current):
        raise InputError(
            N_("The call {call_id} is in phase {current}; it cannot go back to {phase}."),
            call_id=call_id,
            current=current,
            phase=phase,
        )
    if phase != current:
        store.update(
            "calls", {"id": call_id}, {"phase": phase}, actor=actor, kind="cycle.call.phase"
        )
    return current


def link_session(store: Store, call_id: str, session_id: str, *, actor: str) -> None:
    """Record that session ``session_id`` deliberates on the proposals of ``call_id``."""
    _call(store, call_id)
    if not store.count("sessions", where={"id": session_id}):
        raise NotFoundError(N_("There is no session {session_id}."), session_id=session_id)
    if store.count("call_sessions", where={"call_id": call_id, "session_id": session_id}):
        return
    store.insert(
        "call_sessions",
        [{"call_id": call_id, "session_id": session_id}],
        actor=actor,
        kind="cycle.call.session",
    )


def _call(store: Store, call_id: str) -> dict:
    found = store.read("calls", where={"id": call_id})
    if not found.height:
        raise NotFoundError(N_("There is no call {call_id}."), call_id=call_id)
    return found.row(0, named=True)


def calls(store: Store) -> pl.DataFrame:
    """Every call, newest opening first."""
    return store.read("calls").sort(["opens_on", "id"], descending=True, nulls_last=True)


def call_channels(store: Store, call_id: str) -> pl.DataFrame:
    """The dissemination channels of a call, by start date."""
    return (
        store.read("call_channels", where={"call_id": call_id})
        .sort(["starts_on", "id"], nulls_last=True)
        .drop("id")
    )


def call_targets(store: Store, call_id: str) -> pl.DataFrame:
    """The targets of a call (dimension, value, min_share)."""
    return (
        store.read("call_targets", where={"call_id": call_id})
        .sort(["dimension", "value"])
        .select("call_id", "dimension", "value", "min_share")
    )


def call_sessions(store: Store, call_id: str) -> list[str]:
    """Ids of the sessions linked to a call."""
    return sorted(store.read("call_sessions", where={"call_id": call_id})["session_id"].to_list())
