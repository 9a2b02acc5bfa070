"""The session's gate at commit time: a lock, a close or the end of the time box that
commits before an answer refuses it (never an "ok"); the time box locks scoring through
the event log and the facilitator sees it, extends it or unlocks."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest

from tests.conftest import BACKENDS, _new_url
from workbench.errors import PermissionDeniedError
from workbench.session import (
    Ack,
    ScoreAnswer,
    enforce_time_box,
    extend_time_box,
    facilitator,
    lifecycle,
    open_session,
    self_register,
    session_state,
    set_locked,
    submit_score,
    submit_scores,
    submit_weights,
)
from workbench.session import answers as answers_module
from workbench.store import Store
from workbench.store.seed import load_sample
from workbench.ui.session_writer import enqueue

ANA = facilitator("ana")
AGENDA = ["P0001", "P0002", "P0003"]


@pytest.fixture(scope="module", params=BACKENDS)
def table(request, tmp_path_factory):
    url = _new_url(request.param, request, tmp_path_factory.mktemp("gate"))
    with Store(url) as s:
        load_sample(s)
        yield s


@pytest.fixture
def live(table):
    state = open_session(
        table, ANA, title="Mesa", proposals=AGENDA, criteria=["empleo"], time_box_minutes=30
    )
    member, _ = self_register(table, state.join_code, name="Rosa Quishpe", level="parish")
    return table, state, member


def new_id() -> str:
    return uuid.uuid4().hex


def stored_ids(store: Store, session_id: str) -> set[str]:
    return set(store.read("session_answers", where={"session_id": session_id})["answer_id"])


@pytest.fixture
def later(monkeypatch):
    """Move the session clock ``minutes`` ahead (the store's timestamps stay real)."""

    def move(minutes: float) -> None:
        moved = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=minutes)
        monkeypatch.setattr(lifecycle, "now", lambda: moved)

    return move


def test_a_lock_committed_between_the_check_and_the_commit_refuses_the_group(live, monkeypatch):
    store, state, member = live
    real = answers_module.session_state

    def state_then_lock(store_, session_id):
        seen = real(store_, session_id)  # open: the early check lets the answers through
        set_locked(store_, ANA, session_id, True)  # the facilitator locks before the commit
        return seen

    monkeypatch.setattr(answers_module, "session_state", state_then_lock)
    batch = [ScoreAnswer(member, state.id, p, "empleo", 3, new_id()) for p in AGENDA]
    out = submit_scores(store, batch)
    assert all(isinstance(r, PermissionDeniedError) for r in out), out
    assert stored_ids(store, state.id) == set()
    assert store.count("scores", where={"session_id": state.id}) == 0


def test_a_lock_committed_before_a_single_answer_commits_refuses_it(live, monkeypatch):
    store, state, member = live
    real = answers_module.session_state

    def state_then_lock(store_, session_id):
        seen = real(store_, session_id)
        set_locked(store_, ANA, session_id, True)
        return seen

    monkeypatch.setattr(answers_module, "session_state", state_then_lock)
    answer_id = new_id()
    with pytest.raises(PermissionDeniedError):
        submit_score(
            store,
            member,
            state.id,
            proposal_id="P0001",
            criterion_id="empleo",
            value=4,
            answer_id=answer_id,
        )
    assert answer_id not in stored_ids(store, state.id)


def test_answers_queued_in_the_writer_when_the_lock_comes_are_refused(live):
    store, state, member = live
    release = threading.Event()
    results: dict[str, object] = {}
    finished = threading.Semaphore(0)

    def done_for(answer_id: str, hold: bool = False):
        def done(result) -> None:
            results[answer_id] = result
            finished.release()
            if hold:  # the writer thread waits here: the next answers stay queued
                release.wait(timeout=30)

        return done

    first = new_id()
    enqueue(
        store, ScoreAnswer(member, state.id, "P0001", "empleo", 5, first), done_for(first, True)
    )
    assert finished.acquire(timeout=30)
    queued = [new_id() for _ in range(3)]
    for answer_id, proposal in zip(queued, AGENDA, strict=True):
        enqueue(
            store,
            ScoreAnswer(member, state.id, proposal, "empleo", 2, answer_id),
            done_for(answer_id),
        )
    set_locked(store, ANA, state.id, True)
    release.set()
    for _ in queued:
        assert finished.acquire(timeout=30)
    assert isinstance(results[first], Ack)
    assert all(isinstance(results[a], PermissionDeniedError) for a in queued)
    assert stored_ids(store, state.id) == {first}


def test_the_end_of_the_time_box_refuses_answers_and_locks_through_the_log(live, later):
    store, state, member = live
    ok = submit_score(
        store,
        member,
        state.id,
        proposal_id="P0001",
        criterion_id="empleo",
        value=3,
        answer_id=new_id(),
    )
    assert isinstance(ok, Ack)
    later(31)
    assert session_state(store, state.id).time_up
    late = [ScoreAnswer(member, state.id, "P0002", "empleo", 4, new_id())]
    (refused,) = submit_scores(store, late)
    assert isinstance(refused, PermissionDeniedError)
    assert refused.render("es") == "Terminó el tiempo para calificar."
    assert refused.render("en") == "The time for scoring is over."
    with pytest.raises(PermissionDeniedError):
        submit_weights(store, member, state.id, {"empleo": 100}, answer_id=new_id())
    # the refusal locked the session, once, as an event of the time box
    after = session_state(store, state.id)
    assert after.locked and not after.accepts_answers
    ended = store.events(kind="session.time-box-ended")
    ended = ended.filter(ended["subject"].str.contains(state.id))
    assert ended.height == 1 and ended["actor"][0] == lifecycle.TIME_BOX_ACTOR
    enforce_time_box(store, state.id)  # idempotent
    assert store.events(kind="session.time-box-ended")["subject"].str.contains(state.id).sum() == 1
    # the facilitator gives ten more minutes: scoring resumes
    extended = extend_time_box(store, ANA, state.id, 10)
    assert not extended.locked and not extended.time_up and extended.accepts_answers
    (accepted,) = submit_scores(
        store, [ScoreAnswer(member, state.id, "P0002", "empleo", 4, new_id())]
    )
    assert isinstance(accepted, Ack)
    kinds = store.events(subject=f"sessions:{state.id}")["kind"].to_list()
    assert "session.time-box-extended" in kinds


def test_unlocking_after_the_time_box_hands_the_session_to_the_facilitator(live, later):
    store, state, member = live
    later(45)
    assert enforce_time_box(store, state.id).locked
    resumed = set_locked(store, ANA, state.id, False)
    assert not resumed.locked and resumed.ends_at is None and resumed.accepts_answers
    assert (
        "session.time-box-cleared" in store.events(subject=f"sessions:{state.id}")["kind"].to_list()
    )
    answer = ScoreAnswer(member, state.id, "P0003", "empleo", 1, new_id())
    assert isinstance(submit_scores(store, [answer])[0], Ack)


def test_only_facilitators_extend_the_time_box(live):
    store, state, member = live
    with pytest.raises(PermissionDeniedError):
        extend_time_box(store, member, state.id, 10)
    with pytest.raises(Exception, match="1440"):
        extend_time_box(store, ANA, state.id, 0)


def test_the_facilitators_console_shows_the_end_of_the_time_box(live, later):
    from workbench.ui.session_facilitator import FacilitatorConsole

    store, state, _ = live
    console = FacilitatorConsole(store=store, principal=ANA, lang="es", session_id=state.id)
    text = " ".join(str(getattr(o, "object", "")) for o in console.join.select())
    assert "terminó el tiempo" not in text.lower()
    later(31)
    console.refresh()
    assert session_state(store, state.id).locked
    text = " ".join(str(getattr(o, "object", "")) for o in console.join.select())
    assert "terminó el tiempo para calificar" in text.lower()
    names = [b.name for b in console.controls if hasattr(b, "name")]
    assert "Reanudar la calificación" in names and "10 minutos más" in names
