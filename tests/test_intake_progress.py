"""Progress of an import: stages in order, a percentage that never goes down and ends at 100."""

from __future__ import annotations

import pytest

import workbench.store.store
from workbench.intake import ImportProgress, import_proposals, prepare_import
from workbench.intake.progress import StageProgress

PLACES = ["Tabacundo", "Cayambe", "Machachi", "Sangolquí", "Quito", "Lugar Inventado"]


def _csv(n: int) -> bytes:
    lines = ["Propuesta;Cantón;Nombre;Correo"]
    for i in range(n):
        contact = " Llamar al 0991234567" if i % 10 == 0 else ""
        lines.append(
            f"Propuesta número {i} para un reservorio comunitario{contact};"
            f"{PLACES[i % len(PLACES)]};Persona {i};p{i}@correo.ec"
        )
    lines.append(lines[1])  # a duplicate row: rejected, not stored
    return "\n".join(lines).encode("utf-8")


def _check_monotonic(seen: list[ImportProgress]) -> None:
    percents = [p.percent for p in seen]
    assert percents == sorted(percents)
    assert percents[0] == 0 and percents[-1] == 100
    assert seen[-1].stage == "done"


def test_import_reports_every_stage_and_the_rows_written(store, monkeypatch):
    monkeypatch.setattr(workbench.store.store, "INSERT_CHUNK", 100)
    seen: list[ImportProgress] = []
    result = import_proposals(
        store, _csv(450), actor="test", file_name="p.csv", progress=seen.append
    )
    _check_monotonic(seen)
    order = list(dict.fromkeys(p.stage for p in seen))
    assert order == ["read", "check", "territory", "store", "done"]
    writes = [p for p in seen if p.stage == "store"]
    # 450 authors + 45 phones found in texts; 75 unknown places + 45 masked phones flagged
    assert result.added == {"proposals": 450, "proposers": 495, "flags": 120}
    stored = 450 + 495 + 120
    assert {p.total for p in writes} == {stored}
    done = [p.done for p in writes]
    assert done[0] == 0 and done[-1] == stored and done == sorted(done)
    assert len(writes) > 5  # chunk by chunk, not only at the start and the end
    assert seen[-1].done == seen[-1].total == result.counts["read"] == 451
    assert store.count("proposals") == 450


def test_checking_only_ends_at_100_without_a_store_stage():
    seen: list[ImportProgress] = []
    result = prepare_import(_csv(30), progress=seen.append)
    _check_monotonic(seen)
    assert {p.stage for p in seen} == {"read", "check", "territory", "done"}
    assert result.counts["read"] == 31


def test_a_failed_read_reports_no_end(tmp_path):
    from workbench.errors import InputError

    seen: list[ImportProgress] = []
    with pytest.raises(InputError):
        prepare_import(b"\x00\x01\x02" * 100, file_name="x.csv", progress=seen.append)
    assert all(p.percent < 100 for p in seen)


def test_stage_shares_follow_the_stages_of_the_run():
    seen: list[ImportProgress] = []
    stages = StageProgress(seen.append, ("read", "store"))
    stages("read", 1, 1)
    stages("check", 5, 10)  # not in this run: ignored
    stages("store", 5, 10)
    stages("store", 2, 10)  # never goes back
    stages.finish(7)
    assert [p.percent for p in seen] == [28.57, 64.29, 64.29, 100.0]
