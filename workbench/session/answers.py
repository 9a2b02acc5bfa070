"""Members' answers: scores and weights, idempotent and acknowledged only after commit.

Each answer carries an id chosen by its sender (the member's browser). The id
is recorded in ``session_answers`` in the same transaction as the answer, so a
resend after a dropped connection is recognised and not applied twice. A new
answer to the same proposal and criterion replaces the old score (one score
per member, proposal and criterion); the event log keeps both.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from workbench.errors import InputError, PermissionDeniedError, StoreError, WorkbenchError
from workbench.i18n import N_
from workbench.session.access import Principal, require_member
from workbench.session.lifecycle import (
    TIME_UP,
    SessionState,
    enforce_time_box,
    refusal_at_commit,
    scoring_refusal,
    session_state,
)
from workbench.store import Store, now

__all__ = [
    "POINTS_TOTAL",
    "Ack",
    "ScoreAnswer",
    "my_answers",
    "submit_score",
    "submit_scores",
    "submit_weights",
    "weights_from_pairs",
]

#: Points a member shares out among the criteria when weighting by points.
POINTS_TOTAL = 100

_ANSWER_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


@dataclass(frozen=True)
class Ack:
    """The acknowledgement of an answer, given only after it is committed.

    Attributes
    ----------
    answer_id
        The id the sender gave the answer.
    duplicate
        ``True`` when this id had already been applied (a resend): nothing changed.
    replaced
        ``True`` when the answer replaced an earlier one of the member.
    """

    answer_id: str
    duplicate: bool = False
    replaced: bool = False


def _check_answer_id(answer_id: str) -> str:
    answer_id = str(answer_id or "")
    if not _ANSWER_ID.match(answer_id):
        raise InputError(N_("An answer needs an id of 8 to 64 letters, digits, - or _."))
    return answer_id


def _open_for(store: Store, principal: Principal, session_id: str) -> SessionState:
    require_member(principal, session_id)
    state = session_state(store, session_id)
    refusal = scoring_refusal(state.status, state.locked, state.time_up)
    if refusal is not None:
        raise refusal
    key = {"session_id": session_id, "participant_id": principal.name}
    if store.count("session_members", where=key) == 0:
        raise PermissionDeniedError(N_("This member key is not valid for this session."))
    return state


def _already_applied(store: Store, answer_id: str, principal: Principal) -> Ack | None:
    row = store.get("session_answers", {"answer_id": answer_id})
    if row is None:
        return None
    if row["participant_id"] != principal.name:
        raise InputError(N_("An answer needs an id of 8 to 64 letters, digits, - or _."))
    return Ack(answer_id, duplicate=True)


def _apply(store: Store, principal: Principal, answer: dict, writes) -> Ack:
    """Record ``answer`` and run ``writes(tx)`` in one transaction; a resend is a no-op.

    The session's state is checked again inside the transaction: an answer
    that would commit after a lock, a close or the end of the time box is refused.
    """
    done = _already_applied(store, answer["answer_id"], principal)
    if done is not None:
        return done
    try:
        with store.transaction(principal.actor) as tx:
            refusal = refusal_at_commit(tx, answer["session_id"])
            if refusal is not None:
                raise refusal  # rolls the transaction back: nothing written
            # first, so that a concurrent resend fails here before writing anything
            tx.insert("session_answers", [answer], kind="session.answer")
            replaced = writes(tx)
    except StoreError:
        done = _already_applied(store, answer["answer_id"], principal)
        if done is not None:
            return done
        raise
    return Ack(answer["answer_id"], replaced=bool(replaced))


@dataclass(frozen=True)
class ScoreAnswer:
    """One score as a member's page sends it (see :func:`submit_score`)."""

    principal: Principal
    session_id: str
    proposal_id: str
    criterion_id: str
    value: float
    answer_id: str


def _score_rows(
    store: Store,
    answer: ScoreAnswer,
    state: SessionState | None = None,
    criteria: dict[str, dict] | None = None,
):
    """Check one score; return its ``scores`` row and ``session_answers`` row."""
    answer_id = _check_answer_id(answer.answer_id)
    principal, session_id = answer.principal, answer.session_id
    state = state or _open_for(store, principal, session_id)
    proposal_id, criterion_id = answer.proposal_id, answer.criterion_id
    if proposal_id not in state.proposals:
        raise InputError(N_("Proposal {id} is not on this session's agenda."), id=proposal_id)
    if criterion_id not in state.criteria:
        raise InputError(N_("Criterion {id} is not scored in this session."), id=criterion_id)
    if criteria is None:
        criterion = store.get("criteria", {"id": criterion_id}) or {}
    else:
        criterion = criteria.get(criterion_id, {})
    try:
        value = float(answer.value)
    except (TypeError, ValueError):
        raise InputError(N_("A score must be a number.")) from None
    low, high = criterion.get("min_value"), criterion.get("max_value")
    if value != value or (low is not None and value < low) or (high is not None and value > high):
        raise InputError(
            N_("A score on {criterion} goes from {low} to {high}."),
            criterion=criterion.get("name", criterion_id),
            low=low,
            high=high,
        )
    at = now()
    row = {
        "session_id": session_id,
        "participant_id": principal.name,
        "proposal_id": proposal_id,
        "criterion_id": criterion_id,
        "value": value,
        "at": at,
    }
    record = {
        "answer_id": answer_id,
        "session_id": session_id,
        "participant_id": principal.name,
        "kind": "score",
        "subject": f"{proposal_id}|{criterion_id}",
        "received_at": at,
    }
    return row, record


def _write_score(tx, row: dict) -> bool:
    before = tx.upsert(
        "scores",
        row,
        key=["session_id", "participant_id", "proposal_id", "criterion_id"],
        kind="session.score",
    )
    return before is not None


def submit_score(
    store: Store,
    principal: Principal,
    session_id: str,
    *,
    proposal_id: str,
    criterion_id: str,
    value: float,
    answer_id: str,
) -> Ack:
    """Score one proposal on one criterion; a later score replaces this one.

    Parameters
    ----------
    principal
        Must be a member of ``session_id``.
    value
        Within the criterion's scale (``min_value`` to ``max_value``).
    answer_id
        Chosen by the sender, 8 to 64 of ``[A-Za-z0-9_-]``; resending the
        same answer with the same id changes nothing.

    Returns
    -------
    Ack
        Given after the score and its event are committed.

    Raises
    ------
    PermissionDeniedError
        Not a member of this session, session closed, or scoring paused.
    InputError
        Proposal or criterion not on the agenda, value off the scale, bad id.
    """
    answer = ScoreAnswer(principal, session_id, proposal_id, criterion_id, value, answer_id)
    row, record = _score_rows(store, answer)
    return _apply(store, principal, record, lambda tx: _write_score(tx, row))


#: Seconds a server process reuses what it read of a session to check answers early.
_VIEW_TTL = 2.0
_views: dict[tuple[int, str], _SessionView] = {}


@dataclass(frozen=True)
class _SessionView:
    """What the early check of answers needs of a session, shared by a process's batches."""

    read_at: float
    state: SessionState
    members: frozenset[str]
    criteria: dict[str, dict]


def _session_view(store: Store, session_id: str, *, fresh: bool = False) -> _SessionView:
    key = (id(store), session_id)
    view = _views.get(key)
    if fresh or view is None or time.monotonic() - view.read_at > _VIEW_TTL:
        state = session_state(store, session_id)
        members = store.read(
            "session_members", where={"session_id": session_id}, columns=["participant_id"]
        )["participant_id"]
        criteria = store.read("criteria", where={"id": list(state.criteria)})
        view = _views[key] = _SessionView(
            read_at=time.monotonic(),
            state=state,
            members=frozenset(members),
            criteria={row["id"]: row for row in criteria.iter_rows(named=True)},
        )
    return view


def _early_check(store: Store, view: _SessionView, answer: ScoreAnswer) -> tuple[dict, dict]:
    """Refuse what can be refused before the transaction; the transaction checks again."""
    state = view.state
    refusal = scoring_refusal(state.status, state.locked, state.time_up)
    if refusal is not None:
        raise refusal
    if answer.principal.name not in view.members:
        raise PermissionDeniedError(N_("This member key is not valid for this session."))
    return _score_rows(store, answer, state, view.criteria)


def submit_scores(store: Store, answers: Sequence[ScoreAnswer]) -> list[Ack | WorkbenchError]:
    """Apply many scores in one transaction (group commit); one result per answer, in order.

    A server receiving answers from many phones at once commits them together:
    one commit (one ``fsync`` on SQLite) instead of one per answer. Each answer
    is checked as by :func:`submit_score`; a refused one gets its error and does
    not stop the others. Resends (an id already applied, or twice in the
    batch) are acknowledged as duplicates. If the shared transaction fails, the
    answers are applied one by one.

    Returns
    -------
    list
        For each answer, its :class:`Ack` (after the commit) or the
        :class:`~workbench.errors.WorkbenchError` that refused it.
    """
    results: list[Ack | WorkbenchError | None] = [None] * len(answers)
    fresh: set[str] = set()  # sessions read from the database during this call
    ids = [str(a.answer_id) for a in answers]
    applied = store.read(
        "session_answers", where={"answer_id": ids}, columns=["answer_id", "participant_id"]
    )
    owners = dict(applied.iter_rows())
    pending: list[tuple[int, dict, dict]] = []
    seen: set[str] = set()
    time_up: set[str] = set()
    for i, answer in enumerate(answers):
        try:
            answer_id = _check_answer_id(answer.answer_id)
            principal, session_id = answer.principal, answer.session_id
            require_member(principal, session_id)
            if answer_id in owners or answer_id in seen:
                if owners.get(answer_id, principal.name) != principal.name:
                    raise InputError(
                        N_("An answer needs an id of 8 to 64 letters, digits, - or _.")
                    )
                results[i] = Ack(answer_id, duplicate=True)
                continue
            try:
                view = _session_view(store, session_id, fresh=session_id in fresh)
                row, record = _early_check(store, view, answer)
            except WorkbenchError:
                if session_id in fresh:
                    raise
                # the shared view may be a moment old (an unlock, a new member or proposal
                # just now): a refusal is only given on what the database says now
                fresh.add(session_id)
                view = _session_view(store, session_id, fresh=True)
                row, record = _early_check(store, view, answer)
        except WorkbenchError as exc:
            if getattr(exc, "message", None) == TIME_UP:
                time_up.add(answer.session_id)
            results[i] = exc
            continue
        seen.add(answer_id)
        pending.append((i, row, record))
    if pending:
        try:
            with store.transaction("session:group-commit") as tx:
                # checked again inside the transaction that commits: a lock, a close or
                # the end of the time box committed before it refuses these answers
                sessions = {row["session_id"] for _, row, _ in pending}
                refusals = {sid: refusal_at_commit(tx, sid) for sid in sessions}
                accepted = []
                for i, row, record in pending:
                    refusal = refusals[row["session_id"]]
                    if refusal is None:
                        accepted.append((i, row, record))
                    else:
                        results[i] = refusal
                        if refusal.message == TIME_UP:
                            time_up.add(row["session_id"])
                replaced = []
                for _, row, record in accepted:
                    tx.actor = f"member:{row['participant_id']}"
                    tx.insert("session_answers", [record], kind="session.answer")
                    replaced.append(_write_score(tx, row))
            for (i, _, record), was in zip(accepted, replaced, strict=True):
                results[i] = Ack(record["answer_id"], replaced=was)
        except StoreError:  # a concurrent resend, most likely: one by one
            for i, row, record in pending:
                answer = answers[i]
                try:
                    results[i] = _apply(
                        store, answer.principal, record, lambda tx, row=row: _write_score(tx, row)
                    )
                except WorkbenchError as exc:
                    results[i] = exc
    for session_id in time_up:  # the end of the time box goes into the event log, once
        enforce_time_box(store, session_id)
    return [r for r in results if r is not None]


def submit_weights(
    store: Store,
    principal: Principal,
    session_id: str,
    weights: Mapping[str, float],
    *,
    method: str = "points",
    answer_id: str,
) -> Ack:
    """Give the member's weights of the criteria (all of them at once).

    Parameters
    ----------
    weights
        Criterion id to non-negative weight. With ``method="points"`` they must
        add up to :data:`POINTS_TOTAL`; ``"pairwise"`` weights come from
        :func:`weights_from_pairs`.
    """
    answer_id = _check_answer_id(answer_id)
    if method not in ("points", "pairwise"):
        raise InputError(N_("Unknown weighting method {method}."), method=str(method))
    state = _open_for(store, principal, session_id)
    values = {str(k): float(v) for k, v in dict(weights).items()}
    if set(values) != set(state.criteria):
        raise InputError(N_("Give a weight to every criterion of the session, and only to them."))
    if any(v < 0 or v != v for v in values.values()):
        raise InputError(N_("Weights cannot be negative."))
    if method == "points" and abs(sum(values.values()) - POINTS_TOTAL) > 1e-6:
        raise InputError(
            N_("The points must add up to {total}; they add up to {sum}."),
            total=POINTS_TOTAL,
            sum=round(sum(values.values()), 2),
        )
    at = now()
    answer = {
        "answer_id": answer_id,
        "session_id": session_id,
        "participant_id": principal.name,
        "kind": "weights",
        "subject": method,
        "received_at": at,
    }

    def writes(tx) -> bool:
        replaced = False
        for criterion_id, value in sorted(values.items()):
            before = tx.upsert(
                "weights",
                {
                    "session_id": session_id,
                    "participant_id": principal.name,
                    "criterion_id": criterion_id,
                    "value": value,
                    "method": method,
                    "at": at,
                },
                key=["session_id", "participant_id", "criterion_id"],
                kind="session.weight",
            )
            replaced = replaced or before is not None
        return replaced

    return _apply(store, principal, answer, writes)


def weights_from_pairs(criteria: list[str], choices: Mapping[tuple[str, str], str | None]) -> dict:
    """Weights (summing to :data:`POINTS_TOTAL`) from a short pairwise form.

    For each pair the member says which criterion matters more, or neither
    (``None``: as important). A criterion scores 1 per pair won and 1/2 per tie,
    plus 1/2 so that none gets zero; scores are scaled to 100 points.

    Examples
    --------
    >>> weights_from_pairs(["a", "b"], {("a", "b"): "a"})
    {'a': 75.0, 'b': 25.0}
    """
    wins = dict.fromkeys(criteria, 0.5)
    for first, second in itertools.combinations(criteria, 2):
        choice = choices.get((first, second), choices.get((second, first)))
        if choice is None:
            wins[first] += 0.5
            wins[second] += 0.5
        elif choice in (first, second):
            wins[choice] += 1.0
        else:
            raise InputError(N_("Unknown criterion {id}."), id=str(choice))
    total = sum(wins.values())
    return {c: round(POINTS_TOTAL * w / total, 6) for c, w in wins.items()}


def my_answers(store: Store, principal: Principal, session_id: str) -> dict[str, pl.DataFrame]:
    """The member's own scores and weights in this session (what a reconnecting member sees).

    Returns
    -------
    dict
        ``"scores"`` (proposal_id, criterion_id, value) and ``"weights"``
        (criterion_id, value, method).
    """
    require_member(principal, session_id)
    key = {"session_id": session_id, "participant_id": principal.name}
    return {
        "scores": store.read("scores", where=key, columns=["proposal_id", "criterion_id", "value"]),
        "weights": store.read("weights", where=key, columns=["criterion_id", "value", "method"]),
    }
