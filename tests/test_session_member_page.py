"""The member's page, light for a room of phones: the first screen only, the agenda read
once per process and shared, a periodic refresh that touches nothing when nothing changed."""

from __future__ import annotations

import datetime as dt
import json

import panel as pn
import pytest

from workbench.session import (
    authenticate_member,
    facilitator,
    lifecycle,
    open_session,
    register_member,
    reveal_results,
    submit_proposal,
)
from workbench.store import Store
from workbench.store.seed import load_sample
from workbench.ui import session_member
from workbench.ui.session_member import MemberConsole, shared_agenda

ANA = facilitator("ana")
AGENDA = ["P0001", "P0002", "P0003"]


@pytest.fixture(scope="module")
def table(tmp_path_factory):
    folder = tmp_path_factory.mktemp("member-page")
    with Store(f"sqlite:///{folder / 'workbench.db'}") as store:
        load_sample(store)
        yield store


@pytest.fixture
def room(table, monkeypatch):
    monkeypatch.setattr(session_member, "_STATE_TTL", 0.0)  # read the state at every look
    state = open_session(
        table, ANA, title="Mesa", proposals=AGENDA, criteria=["empleo"], time_box_minutes=30
    )
    keys = [register_member(table, ANA, state.id, participant_id=p)[1] for p in ("M01", "M02")]
    return table, state, keys


def console_for(store, state, key) -> MemberConsole:
    return MemberConsole(store=store, lang="es", join_code=state.join_code, key=key)


def test_the_first_screen_only_is_built_and_other_tabs_on_demand(room):
    store, state, keys = room
    console = console_for(store, state, keys[0])
    assert [len(console.tabs[i]) for i in (1, 2)] == [0, 0]
    assert len(console.scoring) > 0  # the first proposal, ready to score
    weights = console.tab(1)
    assert any(isinstance(w, pn.widgets.IntInput) for w in weights.select())
    console.tabs.active = 2  # opening the tab builds it
    assert any(isinstance(w, pn.widgets.TextAreaInput) for w in console.tabs[2].select())


def test_member_pages_share_one_agenda_until_it_changes(room):
    store, state, keys = room
    first, second = console_for(store, state, keys[0]), console_for(store, state, keys[1])
    assert first._agenda is second._agenda
    member = authenticate_member(store, state.join_code, keys[0])
    made = submit_proposal(
        store,
        member,
        state.id,
        title="Riego comunitario",
        text="Un sistema de riego por goteo para las comunidades de la parroquia.",
    )
    third = console_for(store, state, keys[1])
    assert third._agenda is not first._agenda
    assert made["proposal_id"] in third._agenda.proposals["id"].to_list()
    assert shared_agenda(store, session_member.shared_state(store, state.id)) is third._agenda


def test_the_periodic_refresh_sends_nothing_when_nothing_changed(room):
    store, state, keys = room
    console = console_for(store, state, keys[0])
    console.tabs.active = 3
    shown = list(console.results_area.objects)
    banner = (console.banner.object, console.banner.visible)
    console._refresh_state()
    assert console.results_area.objects == shown  # the same panes, not new ones
    assert (console.banner.object, console.banner.visible) == banner
    reveal_results(store, ANA, state.id)
    console._refresh_state()
    assert isinstance(console.results_area[0], pn.widgets.Tabulator)


def test_an_answer_after_the_time_box_is_refused_and_the_page_says_why(room, monkeypatch):
    store, state, keys = room
    console = console_for(store, state, keys[0])
    moved = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=31)
    monkeypatch.setattr(lifecycle, "now", lambda: moved)
    console.outbox.value = json.dumps({"id": "late-answer-1", "p": "P0001", "c": "empleo", "v": 4})
    assert dict(json.loads(console.acks.value)) == {"late-answer-1": "refused"}
    assert "Terminó el tiempo para calificar." in console.status.object
    console._refresh_state()
    assert console.banner.visible and "Terminó el tiempo" in console.banner.object
