"""Live sessions (library): agenda, members, idempotent scoring, roles, results, accounts."""

from __future__ import annotations

import stat
import threading
import uuid

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import BACKENDS, _new_url
from workbench.errors import InputError, NotFoundError, PermissionDeniedError
from workbench.session import (
    RESULT_COLUMNS,
    add_account,
    authenticate_member,
    close_session,
    facilitator,
    find_session,
    members,
    my_answers,
    open_session,
    progress,
    public,
    qr_svg,
    register_member,
    results,
    reveal_results,
    self_register,
    session_state,
    set_locked,
    submit_proposal,
    submit_score,
    submit_weights,
    verify_password,
    weights_from_pairs,
)
from workbench.store import Store
from workbench.store.seed import load_sample

ANA = facilitator("ana")
AGENDA = ["P0001", "P0002", "P0003"]


@pytest.fixture(scope="module", params=BACKENDS)
def table(request, tmp_path_factory):
    """The sample table, on each backend; every test opens its own session in it."""
    url = _new_url(request.param, request, tmp_path_factory.mktemp("session"))
    with Store(url) as s:
        load_sample(s)
        yield s


def new_id() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def live(table):
    state = open_session(
        table, ANA, title="Mesa de prueba", proposals=AGENDA, criteria=["empleo", "inclusion"]
    )
    member, key = self_register(table, state.join_code, name="Rosa Quishpe", level="parish")
    return table, state, member, key


def test_open_session_has_agenda_code_and_controls(live):
    store, state, _, _ = live
    assert state.status == "open" and not state.locked and not state.revealed
    assert state.proposals == tuple(AGENDA)
    assert state.criteria == ("empleo", "inclusion")
    assert len(state.join_code) == 6
    assert find_session(store, state.join_code.lower()).id == state.id
    assert store.events(subject=f"session:{state.id}").height >= 2


def test_open_session_by_theme_takes_the_themes_proposals(table):
    from workbench.themes import current_themes

    themes = current_themes(table)
    theme = themes["theme"][0]
    state = open_session(table, ANA, title="Por tema", themes=[theme], time_box_minutes=30)
    expected = sorted(themes.filter(pl.col("theme") == theme)["proposal_id"])
    assert list(state.proposals) == expected
    assert state.ends_at is not None and state.themes == (theme,)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"title": ""},
        {"title": "x"},
        {"title": "x", "proposals": ["NOPE"]},
        {"title": "x", "themes": ["no such theme"]},
        {"title": "x", "proposals": AGENDA, "criteria": ["costo_nope"]},
        {"title": "x", "proposals": AGENDA, "time_box_minutes": 0},
    ],
)
def test_open_session_refuses_a_bad_agenda(table, kwargs):
    with pytest.raises(InputError):
        open_session(table, ANA, **kwargs)


def test_members_join_by_code_and_key(live):
    store, state, member, key = live
    assert authenticate_member(store, state.join_code, key) == member
    with pytest.raises(PermissionDeniedError):
        authenticate_member(store, state.join_code, "wrong-key")
    with pytest.raises(NotFoundError):
        authenticate_member(store, "ZZZZZZ", key)
    pid, key2 = register_member(store, ANA, state.id, participant_id="M01")
    assert authenticate_member(store, state.join_code, key2).name == "M01"
    # the key is stored only as a hash
    stored = store.read("session_members", where={"session_id": state.id})
    assert key not in stored["token_hash"].to_list() and key2 not in stored["token_hash"].to_list()
    # a new registration replaces the key
    _, key3 = register_member(store, ANA, state.id, participant_id="M01")
    with pytest.raises(PermissionDeniedError):
        authenticate_member(store, state.join_code, key2)
    assert authenticate_member(store, state.join_code, key3).name == pid


def test_self_registration_checks_the_profile(live):
    store, state, _, _ = live
    with pytest.raises(InputError):
        self_register(store, state.join_code, name="  ")
    with pytest.raises(InputError):
        self_register(store, state.join_code, name="Luis", level="galactic")
    with pytest.raises(InputError):
        self_register(store, state.join_code, name="Luis", territory_code="999999")


def test_a_new_score_replaces_the_old_and_the_log_keeps_both(live):
    store, state, member, _ = live
    args = {"proposal_id": "P0001", "criterion_id": "empleo"}
    first = submit_score(store, member, state.id, value=2, answer_id=new_id(), **args)
    second = submit_score(store, member, state.id, value=5, answer_id=new_id(), **args)
    assert not first.replaced and second.replaced
    rows = store.read("scores", where={"session_id": state.id, "participant_id": member.name})
    assert rows.height == 1 and rows["value"][0] == 5
    events = store.events(kind="session.score")
    mine = events.filter(pl.col("actor") == member.actor)
    assert mine.height == 2
    assert '"value": 2.0' in str(mine["after"][0]) or "2.0" in str(mine["after"][0])
    assert mine["before"][1] is not None


def test_a_resent_answer_is_applied_once(live):
    store, state, member, _ = live
    answer = new_id()
    args = {"proposal_id": "P0002", "criterion_id": "inclusion", "answer_id": answer}
    first = submit_score(store, member, state.id, value=4, **args)
    again = submit_score(store, member, state.id, value=1, **args)  # same id: ignored
    assert not first.duplicate and again.duplicate
    row = store.read("scores", where={"session_id": state.id, "proposal_id": "P0002"})
    assert row["value"].to_list() == [4]
    assert store.count("session_answers", where={"answer_id": answer}) == 1


def test_concurrent_resends_store_one_answer(live):
    store, state, member, _ = live
    answer = new_id()
    acks, errors = [], []

    def send():
        try:
            acks.append(
                submit_score(
                    store,
                    member,
                    state.id,
                    proposal_id="P0003",
                    criterion_id="empleo",
                    value=3,
                    answer_id=answer,
                )
            )
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(not a.duplicate for a in acks) == 1 and len(acks) == 6
    assert store.count("session_answers", where={"answer_id": answer}) == 1
    events = store.events(kind="session.score").filter(pl.col("actor") == member.actor)
    assert events.height == 1


@pytest.mark.parametrize(
    ("proposal", "criterion", "value", "answer"),
    [
        ("P0001", "empleo", 9, "a" * 12),
        ("P0001", "empleo", 0, "b" * 12),
        ("P0001", "empleo", "x", "c" * 12),
        ("P0999", "empleo", 3, "d" * 12),
        ("P0001", "costo", 3, "e" * 12),
        ("P0001", "empleo", 3, "bad id!"),
    ],
)
def test_bad_scores_are_refused(live, proposal, criterion, value, answer):
    store, state, member, _ = live
    with pytest.raises(InputError):
        submit_score(
            store,
            member,
            state.id,
            proposal_id=proposal,
            criterion_id=criterion,
            value=value,
            answer_id=answer,
        )
    assert store.count("scores", where={"session_id": state.id}) == 0


def test_lock_unlock_and_close(live):
    store, state, member, _ = live
    args = {"proposal_id": "P0001", "criterion_id": "empleo", "value": 3}
    assert set_locked(store, ANA, state.id, True).locked
    with pytest.raises(PermissionDeniedError):
        submit_score(store, member, state.id, answer_id=new_id(), **args)
    assert not set_locked(store, ANA, state.id, False).locked
    submit_score(store, member, state.id, answer_id=new_id(), **args)
    assert close_session(store, ANA, state.id).status == "closed"
    with pytest.raises(PermissionDeniedError):
        submit_score(store, member, state.id, answer_id=new_id(), **args)
    kinds = store.events(subject=f"session_controls:{state.id}")["kind"].to_list()
    assert kinds == ["session.locked=true", "session.locked=false"]


def test_weights_by_points_and_pairs(live):
    store, state, member, _ = live
    with pytest.raises(InputError):
        submit_weights(store, member, state.id, {"empleo": 50, "inclusion": 40}, answer_id=new_id())
    with pytest.raises(InputError):
        submit_weights(store, member, state.id, {"empleo": 100}, answer_id=new_id())
    submit_weights(store, member, state.id, {"empleo": 70, "inclusion": 30}, answer_id=new_id())
    pairs = weights_from_pairs(["empleo", "inclusion"], {("inclusion", "empleo"): "inclusion"})
    assert pairs == {"empleo": 25.0, "inclusion": 75.0}
    ack = submit_weights(store, member, state.id, pairs, method="pairwise", answer_id=new_id())
    assert ack.replaced
    mine = my_answers(store, member, state.id)["weights"]
    assert dict(zip(mine["criterion_id"], mine["value"], strict=True)) == pairs
    assert set(mine["method"]) == {"pairwise"}


@given(
    st.lists(st.sampled_from(["a", "b", "c", "d", None]), min_size=6, max_size=6),
)
@settings(max_examples=50, deadline=None)
def test_pairwise_weights_always_share_100_points(choices):
    import itertools

    criteria = ["a", "b", "c", "d"]
    pairs = list(itertools.combinations(criteria, 2))
    given_choices = {
        pair: (choice if choice in pair else None)
        for pair, choice in zip(pairs, choices, strict=True)
    }
    weights = weights_from_pairs(criteria, given_choices)
    assert abs(sum(weights.values()) - 100) < 1e-3
    assert all(w > 0 for w in weights.values())
    # the order of the criteria does not change the weights
    assert weights_from_pairs(list(reversed(criteria)), given_choices) == pytest.approx(weights)


def test_a_reconnecting_member_sees_earlier_answers(live):
    store, state, member, key = live
    submit_score(
        store,
        member,
        state.id,
        proposal_id="P0003",
        criterion_id="inclusion",
        value=2,
        answer_id=new_id(),
    )
    again = authenticate_member(store, state.join_code, key)
    scores = my_answers(store, again, state.id)["scores"]
    assert scores.select("proposal_id", "criterion_id", "value").rows() == [
        ("P0003", "inclusion", 2.0)
    ]


def test_results_are_aggregates_and_wait_for_reveal(live):
    store, state, member, _ = live
    other, _ = self_register(store, state.join_code, name="Jorge Tipán")
    for who, value in ((member, 5), (other, 3)):
        for criterion in ("empleo", "inclusion"):
            submit_score(
                store,
                who,
                state.id,
                proposal_id="P0002",
                criterion_id=criterion,
                value=value,
                answer_id=new_id(),
            )
    submit_score(
        store,
        other,
        state.id,
        proposal_id="P0001",
        criterion_id="empleo",
        value=5,
        answer_id=new_id(),
    )
    board = results(store, ANA, state.id)
    assert board.columns == list(RESULT_COLUMNS)
    # the ranking is prioritise's current_ranking, restricted to the proposals scored
    assert sorted(board["proposal_id"].to_list()) == ["P0001", "P0002"]
    assert board["rank"].to_list() == [1, 2]
    members_by_proposal = dict(zip(board["proposal_id"], board["members"], strict=True))
    assert members_by_proposal == {"P0001": 1, "P0002": 2}
    assert board["score"].is_not_null().all()
    for who in (member, public()):
        with pytest.raises(PermissionDeniedError):
            results(store, who, state.id)
    reveal_results(store, ANA, state.id)
    assert results(store, member, state.id).equals(board)
    assert results(store, public(), state.id).equals(board)


def test_forbidden_paths_for_members_and_public(live):
    store, state, member, _ = live
    other_session = open_session(store, ANA, title="Otra", proposals=AGENDA)
    for who in (member, public()):
        for action in (
            lambda w: open_session(store, w, title="x", proposals=AGENDA),
            lambda w: set_locked(store, w, state.id, True),
            lambda w: reveal_results(store, w, state.id),
            lambda w: close_session(store, w, state.id),
            lambda w: progress(store, w, state.id),
            lambda w: members(store, w, state.id),
            lambda w: register_member(store, w, state.id, name="Intruso"),
            lambda w: submit_score(
                store,
                w,
                other_session.id,
                proposal_id="P0001",
                criterion_id="empleo",
                value=3,
                answer_id=new_id(),
            ),
            lambda w: my_answers(store, w, other_session.id),
        ):
            with pytest.raises(PermissionDeniedError):
                action(who)
    reveal_results(store, ANA, other_session.id)
    with pytest.raises(PermissionDeniedError):  # a member of one session, results of another
        results(store, member, other_session.id)
    assert session_state(store, state.id).status == "open"
    assert not session_state(store, state.id).locked


def test_results_and_progress_never_carry_personal_data(live):
    store, state, member, _ = live
    submit_score(
        store,
        member,
        state.id,
        proposal_id="P0001",
        criterion_id="empleo",
        value=4,
        answer_id=new_id(),
    )
    reveal_results(store, ANA, state.id)
    board = results(store, member, state.id)
    assert "participant_id" not in board.columns
    text = board.write_csv()
    assert "Rosa" not in text and member.name not in text
    proposers = store.read("proposers", where={"proposal_id": AGENDA})
    for column in ("name", "email", "phone", "id_number"):
        for value in proposers[column].drop_nulls():
            assert value not in text
    table = progress(store, ANA, state.id)
    row = table.filter(pl.col("participant_id") == member.name).row(0, named=True)
    assert row["scores"] == 1 and row["expected"] == 6 and row["name"] == "Rosa Quishpe"


def test_member_proposal_is_validated_and_joins_the_agenda_with_a_theme(live):
    store, state, member, _ = live
    with pytest.raises(InputError):
        submit_proposal(store, member, state.id, text="corta")
    with pytest.raises(InputError):
        submit_proposal(store, member, state.id, text="x" * 30, canton_code="999")
    text = "Centro de acopio de leche para productores de la parroquia, con tanque de frío"
    made = submit_proposal(store, member, state.id, text=text, sector="agricultura")
    assert made["theme"] is not None and not made["duplicate"]
    assert made["proposal_id"] in session_state(store, state.id).proposals
    again = submit_proposal(store, member, state.id, text=text.upper(), sector="agricultura")
    assert again["duplicate"] and again["proposal_id"] == made["proposal_id"]
    with pytest.raises(PermissionDeniedError):
        submit_proposal(store, public(), state.id, text=text)
    # through the intake's validation: markup to text, personal data out of the text
    hostile = "Vivero <b>comunitario</b> de plantas nativas; escribir a rosa.q@correo.ec"
    made = submit_proposal(store, member, state.id, title="<i>Vivero</i>", text=hostile)
    row = store.get("proposals", {"id": made["proposal_id"]})
    assert "<b>" not in row["text"] and "rosa.q@correo.ec" not in row["text"]
    assert row["title"] == "Vivero"
    found = store.read("proposers", where={"proposal_id": made["proposal_id"]})
    assert found["email"].to_list() == ["rosa.q@correo.ec"]


def test_accounts_hold_salted_hashes(tmp_path):
    path = tmp_path / "users.json"
    add_account("ana", "correct horse", path=path)
    add_account("luis", "correct horse", path=path)
    text = path.read_text()
    assert "correct horse" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert verify_password("ana", "correct horse", path=path) == "facilitator"
    assert verify_password("ana", "wrong horse!", path=path) is None
    assert verify_password("nobody", "correct horse", path=path) is None
    import json

    hashes = [a["hash"] for a in json.loads(text).values()]
    assert hashes[0] != hashes[1]  # same password, different salt
    with pytest.raises(InputError):
        add_account("ana", "short", path=path)
    with pytest.raises(InputError):
        add_account("a b", "long enough", path=path)


def test_join_qr_code_is_an_svg():
    svg = qr_svg("http://127.0.0.1:5006/member?code=K7MPQ2")
    assert svg.lstrip().startswith("<svg") and "<path" in svg


def test_group_commit_applies_each_answer_once_and_refuses_bad_ones(live):
    from workbench.session import ScoreAnswer, submit_scores

    store, state, member, _ = live
    other, _ = self_register(store, state.join_code, name="Jorge Tipán")
    outsider = public()
    same = new_id()
    answers = [
        ScoreAnswer(member, state.id, "P0001", "empleo", 4, same),
        ScoreAnswer(member, state.id, "P0001", "empleo", 4, same),  # resent in the batch
        ScoreAnswer(other, state.id, "P0001", "empleo", 2, new_id()),
        ScoreAnswer(member, state.id, "P0001", "empleo", 9, new_id()),  # off the scale
        ScoreAnswer(outsider, state.id, "P0001", "empleo", 3, new_id()),  # not a member
        ScoreAnswer(other, state.id, "P0001", "empleo", 5, new_id()),  # replaces 2
    ]
    out = submit_scores(store, answers)
    assert [type(r).__name__ for r in out] == [
        "Ack",
        "Ack",
        "Ack",
        "InputError",
        "PermissionDeniedError",
        "Ack",
    ]
    assert not out[0].duplicate and out[1].duplicate and out[5].replaced
    scores = store.read("scores", where={"session_id": state.id}).sort("participant_id")
    assert dict(zip(scores["participant_id"], scores["value"], strict=True)) == {
        member.name: 4.0,
        other.name: 5.0,
    }
    # resending the whole batch changes nothing
    again = submit_scores(store, answers)
    assert all(r.duplicate for r in again if not isinstance(r, Exception))
    assert store.count("session_answers", where={"session_id": state.id}) == 3
    events = store.events(kind="session.score")
    assert set(events["actor"]) >= {member.actor, other.actor}
