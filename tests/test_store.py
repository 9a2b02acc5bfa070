"""The store on SQLite and PostgreSQL: typed reads, writes with their events, rollbacks."""

from __future__ import annotations

import json

import polars as pl
import pytest
import sqlalchemy as sa

from workbench.errors import NotFoundError, StoreError
from workbench.store import ROW_DETAIL_LIMIT, Store, now
from workbench.store.seed import ensure_reference_data


def _proposal(pid: str, text: str = "Canal de riego para Tupigachi", **extra) -> dict:
    return {"id": pid, "text": text, "canton_code": "1704", "created_at": now(), **extra}


def test_empty_read_keeps_columns_and_types(store: Store):
    frame = store.read("proposals")
    assert frame.height == 0
    assert frame.schema["text"] == pl.String
    assert frame.schema["estimated_cost"] == pl.Float64
    assert frame.schema["created_at"] == pl.Datetime("us", "UTC")


def test_insert_records_one_event_with_the_rows(store: Store):
    ensure_reference_data(store)
    store.insert("proposals", [_proposal("P1"), _proposal("P2")], actor="tester")
    events = store.events(kind="proposals.insert")
    assert events.height == 1
    after = json.loads(events["after"][0])
    assert after["count"] == 2
    assert after["keys"] == ["P1", "P2"]
    assert [row["id"] for row in after["rows"]] == ["P1", "P2"]
    assert events["actor"][0] == "tester"
    assert events["before"][0] is None


def test_large_insert_keeps_keys_not_rows(store: Store):
    ensure_reference_data(store)
    rows = [_proposal(f"P{i:04d}") for i in range(ROW_DETAIL_LIMIT + 1)]
    store.insert("proposals", rows, actor="tester")
    after = json.loads(store.events(kind="proposals.insert")["after"][0])
    assert after["count"] == ROW_DETAIL_LIMIT + 1
    assert len(after["keys"]) == ROW_DETAIL_LIMIT + 1
    assert "rows" not in after
    assert store.count("proposals") == ROW_DETAIL_LIMIT + 1


def test_update_event_keeps_before_and_after(store: Store):
    ensure_reference_data(store)
    store.insert("proposals", [_proposal("P1", sector="agricultura")], actor="a")
    before = store.update("proposals", {"id": "P1"}, {"sector": "turismo"}, actor="b")
    assert before["sector"] == "agricultura"
    assert store.get("proposals", {"id": "P1"})["sector"] == "turismo"
    event = store.events(kind="proposals.update").row(0, named=True)
    assert event["subject"] == "proposals:P1"
    assert json.loads(event["before"])["sector"] == "agricultura"
    assert json.loads(event["after"])["sector"] == "turismo"
    assert event["actor"] == "b"


def test_update_of_missing_row_is_a_clear_error(store: Store):
    with pytest.raises(NotFoundError, match="No proposals with P404"):
        store.update("proposals", {"id": "P404"}, {"sector": "x"}, actor="a")


def test_upsert_replaces_and_the_log_keeps_both_answers(store: Store):
    ensure_reference_data(store)
    with store.transaction("setup") as tx:
        tx.insert("proposals", [_proposal("P1")])
        tx.insert("participants", [{"id": "M1", "name": "Ana"}])
        tx.insert("criteria", [{"id": "empleo", "name": "Empleo", "direction": 1, "scale": "1-5"}])
        tx.insert("sessions", [{"id": "S1", "title": "Mesa"}])
    key = ("session_id", "participant_id", "proposal_id", "criterion_id")
    score = {
        "session_id": "S1",
        "participant_id": "M1",
        "proposal_id": "P1",
        "criterion_id": "empleo",
        "at": now(),
    }
    assert store.upsert("scores", {**score, "value": 2}, key=key, actor="member:M1") is None
    replaced = store.upsert("scores", {**score, "value": 5}, key=key, actor="member:M1")
    assert replaced["value"] == 2
    stored = store.read("scores")
    assert stored.height == 1
    assert stored["value"].to_list() == [5.0]
    events = store.events(kind="scores.upsert")
    values = [json.loads(a)["value"] for a in events["after"]]
    assert values == [2, 5]
    assert json.loads(events["before"][1])["value"] == 2


def test_failed_transaction_leaves_neither_rows_nor_events(store: Store):
    ensure_reference_data(store)
    events_before = store.events().height
    with pytest.raises(StoreError), store.transaction("a") as tx:
        tx.insert("proposals", [_proposal("P1")])
        tx.insert("proposals", [_proposal("P1")])  # duplicate key
    assert store.count("proposals") == 0
    assert store.events().height == events_before


def test_foreign_keys_are_enforced(store: Store):
    with pytest.raises(StoreError, match="rule of the data"):
        store.insert("proposals", [_proposal("P1", canton_code="9999")], actor="a")


def test_delete_keeps_the_row_in_its_event(store: Store):
    ensure_reference_data(store)
    store.insert("proposals", [_proposal("P1")], actor="a")
    store.delete("proposals", {"id": "P1"}, actor="b")
    assert store.count("proposals") == 0
    before = json.loads(store.events(kind="proposals.delete")["before"][0])
    assert before["text"].startswith("Canal de riego")


def test_events_filter_by_kind_prefix_and_id(store: Store):
    first = store.record(
        "themes.rename", "theme:1", actor="f", before={"name": "a"}, after={"name": "b"}
    )
    store.record("themes.merge", "theme:2", actor="f")
    store.record("sessions.open", "session:S1", actor="f")
    assert store.events(kind="themes.*")["kind"].to_list() == ["themes.rename", "themes.merge"]
    assert store.events(after_id=first).height == 2
    assert store.events(subject="session:S1").height == 1


def test_unknown_table_is_a_clear_error(store: Store):
    with pytest.raises(NotFoundError, match="no table named nope"):
        store.read("nope")


def test_non_ascii_text_round_trips(store: Store):
    ensure_reference_data(store)
    text = "Ñukanchik yaku: riego para Cangahua, año 2026 — «minga» 🌱"
    store.insert("proposals", [_proposal("P1", text=text)], actor="a")
    assert store.get("proposals", {"id": "P1"})["text"] == text
    assert json.loads(store.events()["after"][-1])["rows"][0]["text"] == text


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'wal.db'}") as s, s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_query_accepts_a_select(store: Store):
    ensure_reference_data(store)
    from workbench.store.schema import territories

    cantons = store.query(
        sa.select(territories.c.code, territories.c.name).where(territories.c.kind == "canton")
    )
    assert cantons.height == 8
    assert cantons.columns == ["code", "name"]


def test_a_large_insert_round_trips_every_type(store: Store):
    """Bulk inserts (a faster driver path on SQLite) keep JSON, timestamps, floats and nulls."""
    import datetime as dt

    ensure_reference_data(store)
    n = ROW_DETAIL_LIMIT * 2 + 7
    base = dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.UTC)
    rows = [
        {
            "id": f"B{i:05d}",
            "text": f"Propuesta {i} — riego en Cangahua",
            "canton_code": "1702" if i % 3 else None,
            "submitted_at": base + dt.timedelta(minutes=i) if i % 4 else None,
            "estimated_cost": i * 1.5 if i % 5 else None,
            "extra": {"origen": "llamado", "fila": i, "tags": ["agua", "ñ"]} if i % 2 else None,
            "created_at": base,
        }
        for i in range(n)
    ]
    store.insert("proposals", pl.DataFrame(rows), actor="t")
    back = store.read("proposals").sort("id")
    assert back.height == n
    for row, stored in zip(rows, back.iter_rows(named=True), strict=True):
        for name, value in row.items():
            got = stored[name]
            if name == "extra" and got is not None:  # JSON reads back as its text
                got = json.loads(got)
            assert got == value, (name, got, value)
    assert back["status"].unique().to_list() == ["active"]  # server default filled
