"""The table's cycle: calls with their dissemination plan, agreements and their history,
inclusion indicators against the call's targets."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from tests.conftest import BACKENDS, _new_url
from tests.cycle_fixtures import fill_cycle_store
from workbench.cycle import (
    AGREEMENT_STATUSES,
    SAMPLE_CALL_ID,
    TRANSITIONS,
    add_agreement,
    agreement_history,
    agreements,
    call_channels,
    call_sessions,
    call_targets,
    calls,
    create_call,
    inclusion_indicators,
    participation_counts,
    set_agreement_status,
    set_phase,
)
from workbench.errors import InputError, NotFoundError
from workbench.store import Store


@pytest.fixture(scope="module", params=BACKENDS)
def cycle_store(request, tmp_path_factory):
    url = _new_url(request.param, request, tmp_path_factory.mktemp("cycle"))
    with Store(url) as s:
        yield fill_cycle_store(s)


def test_the_sample_call_has_its_plan_and_session(cycle_store):
    call = calls(cycle_store).filter(pl.col("id") == SAMPLE_CALL_ID).row(0, named=True)
    assert call["phase"] == "follow_up"
    assert call["opens_on"] == dt.date(2026, 3, 1)
    channels = call_channels(cycle_store, SAMPLE_CALL_ID)
    assert channels.height == 4
    assert channels["starts_on"].is_sorted()
    targets = call_targets(cycle_store, SAMPLE_CALL_ID)
    assert set(targets["dimension"]) == {"canton", "parish", "sector", "level", "gender"}
    assert call_sessions(cycle_store, SAMPLE_CALL_ID) == ["S2026-01"]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"targets": [{"dimension": "religion", "value": "x", "min_share": 0.1}]}, "dimension"),
        ({"targets": [{"dimension": "gender", "value": "mujer", "min_share": 1.5}]}, "share"),
        (
            {
                "targets": [
                    {"dimension": "gender", "value": "mujer", "min_share": 0.5},
                    {"dimension": "gender", "value": "mujer", "min_share": 0.4},
                ]
            },
            "twice",
        ),
        ({"opens_on": "2026-05-01", "closes_on": "2026-04-01"}, "before it starts"),
        ({"opens_on": "1 de marzo"}, "not a date"),
        ({"channels": [{"channel": " "}]}, "no name"),
    ],
)
def test_a_bad_call_is_refused_with_one_clear_message_and_nothing_stored(store, kwargs, fragment):
    with pytest.raises(InputError, match=fragment):
        create_call(store, "C1", "Convocatoria", actor="test", **kwargs)
    assert store.count("calls") == 0
    assert store.count("call_targets") == 0


def test_the_cycle_only_moves_forward(store):
    create_call(store, "C1", "Convocatoria", actor="test")
    assert set_phase(store, "C1", "sessions", actor="test") == "intake"
    with pytest.raises(InputError, match="cannot go back"):
        set_phase(store, "C1", "intake", actor="test")
    with pytest.raises(InputError):
        set_phase(store, "C1", "party", actor="test")
    with pytest.raises(NotFoundError):
        set_phase(store, "C9", "sessions", actor="test")
    assert store.events(kind="cycle.call.phase").height == 1


def test_agreement_history_comes_from_the_event_log(cycle_store):
    history = agreement_history(cycle_store, "AC-02")
    assert history["status"].to_list() == ["pending", "in_planning", "in_execution"]
    assert history["at"].is_sorted()
    current = agreements(cycle_store).filter(pl.col("id") == "AC-02").row(0, named=True)
    assert current["status"] == history["status"][-1]
    assert current["note"] == history["note"][-1]
    assert current["responsible_level"] == "provincial"


def test_agreement_transitions_are_enforced(store):
    from workbench.store.seed import ensure_reference_data

    ensure_reference_data(store)
    store.insert("actors", [{"id": "A1", "name": "GAD", "type": "public"}], actor="test")
    agreement = add_agreement(store, "Acuerdo", "A1", due_on="2026-06-01", actor="test")
    for status in AGREEMENT_STATUSES:
        allowed = status in TRANSITIONS["pending"] or status == "pending"
        if not allowed:
            with pytest.raises(InputError):
                set_agreement_status(store, agreement, status, actor="test")
    set_agreement_status(store, agreement, "done", note="hecho", actor="test")
    for status in AGREEMENT_STATUSES:
        if status != "done":
            with pytest.raises(InputError, match="cannot become"):
                set_agreement_status(store, agreement, status, actor="test")
    with pytest.raises(InputError, match="Unknown agreement status"):
        set_agreement_status(store, agreement, "forgotten", actor="test")
    assert agreement_history(store, agreement)["status"].to_list() == ["pending", "done"]


def test_an_agreement_needs_an_existing_responsible_actor(store):
    with pytest.raises(NotFoundError, match="actor"):
        add_agreement(store, "Acuerdo", "A404", actor="test")
    assert store.count("agreements") == 0


def test_overdue_means_past_due_and_still_open(cycle_store):
    table = agreements(cycle_store, today=dt.date(2026, 10, 1)).select("id", "overdue")
    overdue = dict(table.iter_rows())
    # AC-01 due 2026-09-30 in planning; AC-04 due earlier but done; AC-05 dropped
    assert overdue == {"AC-01": True, "AC-02": True, "AC-03": False, "AC-04": False, "AC-05": False}


def test_inclusion_indicators_compare_shares_with_the_targets(cycle_store):
    table = inclusion_indicators(cycle_store, SAMPLE_CALL_ID)
    targets = call_targets(cycle_store, SAMPLE_CALL_ID)
    assert table.height == targets.height
    proposals = cycle_store.read("proposals", where={"status": "active"})
    day = proposals["submitted_at"].dt.date()
    in_window = proposals.filter(
        proposals["submitted_at"].is_null()
        | ((day >= dt.date(2026, 3, 1)) & (day <= dt.date(2026, 4, 30)))
    )
    members = cycle_store.read("participants").filter(pl.col("role") == "member")
    scorers = set(cycle_store.read("scores")["participant_id"]) | set(
        cycle_store.read("weights")["participant_id"]
    )
    members = members.filter(pl.col("id").is_in(sorted(scorers)))
    for row in table.iter_rows(named=True):
        if row["dimension"] == "canton":
            expected = (in_window["canton_code"] == row["value"]).sum() / in_window.height
            assert row["proposals_share"] == pytest.approx(expected)
            assert row["name"] != row["value"]  # a place name, not the code
        if row["dimension"] == "gender":
            expected = (members["gender"] == row["value"]).sum() / members.height
            assert row["participants_share"] == pytest.approx(expected)
        if row["dimension"] == "level":
            assert row["proposals_share"] is None and row["proposals_under"] is None
        assert row["participants_under"] == (row["participants_share"] < row["target_share"])
        if row["proposals_share"] is not None:
            assert row["proposals_under"] == (row["proposals_share"] < row["target_share"])
    flagged = (table["proposals_under"].fill_null(False) | table["participants_under"]).to_list()
    assert flagged == sorted(flagged, reverse=True)  # under-represented first


def test_participation_counts_add_up_to_the_members_who_took_part(cycle_store):
    counts = participation_counts(cycle_store, SAMPLE_CALL_ID)
    totals = counts.group_by("dimension").agg(pl.col("count").sum(), pl.col("share").sum())
    assert totals["count"].n_unique() == 1
    assert totals["share"].to_list() == pytest.approx([1.0] * totals.height)
    assert "name" not in counts.columns
