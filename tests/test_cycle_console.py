"""The facilitator's cycle console without a browser: follow-up recorded in the event log
under the facilitator's name, refused moves shown as one message, new agreements, phases."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.cycle_fixtures import fill_cycle_store
from workbench.cycle import SAMPLE_CALL_ID, agreement_history
from workbench.store import Store
from workbench.ui.cycle_console import CycleConsole


@pytest.fixture
def console(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'c.db'}") as store:
        fill_cycle_store(store)
        yield CycleConsole(store=store, lang="en", user="ana")


def test_it_opens_on_the_newest_call_with_its_indicators_and_agreements(console):
    assert console.call_id == SAMPLE_CALL_ID
    assert len(console._inclusion.value) == 11
    assert sorted(console._agreements.value["id"]) == ["AC-01", "AC-02", "AC-03", "AC-04", "AC-05"]
    assert console._phase.object == "Phase: Follow-up"
    console.__panel__()


def test_a_follow_up_is_recorded_under_the_facilitators_name(console):
    console.agreement_id = "AC-03"
    assert console.record_status("in_planning", "Reunión con la Dirección")
    history = agreement_history(console.store, "AC-03")
    assert history["status"].to_list() == ["pending", "in_planning"]
    assert history["actor"][-1] == "facilitator:ana"
    assert list(console._history.value["note"])[-1] == "Reunión con la Dirección"
    assert console._message.alert_type == "success"


def test_a_refused_move_shows_one_message_and_changes_nothing(console):
    console.agreement_id = "AC-04"  # done: final
    before = agreement_history(console.store, "AC-04").height
    assert not console.record_status("pending", None)
    assert console._message.alert_type == "danger"
    assert "cannot become" in console._message.object
    assert agreement_history(console.store, "AC-04").height == before


def test_a_new_agreement_needs_a_title_and_then_is_followed(console):
    assert console.new_agreement("  ", "A013", None) is None
    assert "needs a title" in console._message.object
    new = console.new_agreement("Plan de riego <b>2027</b>", "A013", dt.date(2027, 1, 31))
    assert new is not None and console.agreement_id == new
    assert new in list(console._agreements.value["id"])
    row = console.store.get("agreements", {"id": new})
    assert row["call_id"] == SAMPLE_CALL_ID and row["due_on"] == dt.date(2027, 1, 31)


def test_the_call_moves_forward_to_closed_and_no_further(console):
    console.advance_phase()
    assert console._phase.object == "Phase: Closed"
    console.advance_phase()
    assert console._message.alert_type == "warning"
    assert console.store.events(kind="cycle.call.phase").height == 2  # sample + this one
