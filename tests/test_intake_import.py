"""Importing into the store: one transaction, report as an event, re-import adds nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import polars as pl

from workbench.intake import import_proposals, stored_report
from workbench.store.seed import sample_dir

CSV = (
    "Título;Propuesta;Cantón;Parroquia;Nombre;Correo;Teléfono\n"
    "Riego;Reservorio comunitario para regar;Pedro Moncayo;Tupigachi;Ana Pérez;ana@x.ec;"
    "0991234567\n"
    "Feria;Feria de productores del valle;Mejía;;Luis Gómez;luis@x.ec;\n"
    "Riego;Reservorio comunitario para regar;Pedro Moncayo;Tupigachi;Rosa Toapanta;rosa@x.ec;\n"
    "Acopio;Centro de acopio, escribir a coop@leche.ec;Guayaquil;;;;\n"
    ";;;;;;\n"
).encode("cp1252")


def test_import_stores_proposals_proposers_flags_and_report(store):
    result = import_proposals(store, CSV, actor="test:intake", file_name="llamado.csv")
    assert result.counts == {"read": 5, "accepted": 3, "warnings": 1, "rejected": 2}
    assert result.summary("en") == "read 5, accepted 3, warnings 1, rejected 2"
    proposals = store.read("proposals").sort("source_row")
    assert proposals.height == 3
    assert proposals["source"].to_list() == ["llamado.csv"] * 3
    assert proposals["content_hash"].null_count() == 0
    riego = proposals.row(0, named=True)
    assert (riego["canton_code"], riego["parish_code"]) == ("1704", "170454")
    # the duplicate row's author is kept on the proposal it repeats
    authors = store.read("proposers", where={"proposal_id": riego["id"]})
    assert sorted(authors["name"].to_list()) == ["Ana Pérez", "Rosa Toapanta"]
    # the e-mail in the text went to proposers, masked in the text
    acopio = proposals.row(2, named=True)
    assert "coop@leche.ec" not in acopio["text"]
    found = store.read("proposers", where={"proposal_id": acopio["id"]})
    assert found["email"].to_list() == ["coop@leche.ec"]
    flags = store.read("intake_flags")
    assert sorted(flags["kind"].to_list()) == ["personal.masked", "territory.unknown"]
    assert "coop@leche" not in "".join(flags["detail"].to_list())
    # the report is an event, and renders in both languages
    events = store.events(kind="intake.report")
    assert events.height == 1
    after = json.loads(events["after"].item())
    assert after["counts"]["read"] == 5 and len(after["report"]["row"]) == 5
    report = stored_report(store, result.batch_id, "es")
    assert report["outcome"].to_list().count("rechazada") == 2
    assert "Duplicado de la fila 2." in report["reason"].to_list()
    batch = store.get("intake_batches", {"id": result.batch_id})
    assert batch["rows_read"] == 5 and batch["event_id"] == int(events["id"].item())


def test_same_file_twice_adds_nothing(store):
    first = import_proposals(store, CSV, actor="test:intake")
    counts = {t: store.count(t) for t in ("proposals", "proposers", "intake_flags")}
    second = import_proposals(store, CSV, actor="test:intake")
    assert {t: store.count(t) for t in counts} == counts
    assert second.counts["rejected"] == second.counts["read"] == 5
    assert second.batch_id != first.batch_id
    assert second.added == {"proposals": 0, "proposers": 0, "flags": 0}


def test_dry_run_writes_nothing(store):
    before = store.events().height
    result = import_proposals(store, CSV, actor="test:intake", dry_run=True)
    assert result.counts["read"] == 5
    assert store.count("proposals") == 0
    assert store.events().height == before + 1  # only the gazetteer loaded on first use


def test_sample_proposals_are_recognised_in_a_sample_store(sample_store):
    result = import_proposals(
        sample_store, sample_dir() / "proposals.csv", actor="test", dry_run=True
    )
    report = result.validated.report
    assert result.counts["accepted"] == 0
    assert report["outcome"].to_list() == ["rejected"] * report.height


def _cli(*args, cwd, db):
    env = {**os.environ, "WORKBENCH_LANG": "en", "WORKBENCH_DB": db}
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_cli_import_summary_report_and_errors(tmp_path):
    db = f"sqlite:///{tmp_path / 'wb.db'}"
    path = tmp_path / "llamado.csv"
    path.write_bytes(CSV)
    out = tmp_path / "report.csv"
    done = _cli("import", str(path), "--report", str(out), cwd=tmp_path, db=db)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "read 5, accepted 3, warnings 1, rejected 2"
    report = pl.read_csv(out)
    assert report.columns == ["row", "outcome", "reason", "proposal_id"]
    assert report.height == 5
    again = _cli("--lang", "es", "import", str(path), "--dry-run", cwd=tmp_path, db=db)
    assert again.stdout.splitlines()[0] == "leídas 5, aceptadas 0, advertencias 0, rechazadas 5"
    garbage = tmp_path / "datos.csv"
    garbage.write_bytes(bytes(range(256)) * 100)
    bad = _cli("import", str(garbage), cwd=tmp_path, db=db)
    assert bad.returncode == 2
    lines = [line for line in bad.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "not text" in lines[0] and "Traceback" not in bad.stderr
    missing = _cli("import", str(tmp_path / "nope.xlsx"), cwd=tmp_path, db=db)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    mapped = tmp_path / "raro.csv"
    mapped.write_text("A,B\nx,Un texto largo de propuesta\n", encoding="utf-8")
    unmapped = _cli("import", str(mapped), cwd=tmp_path, db=db)
    assert unmapped.returncode == 2 and "--map COLUMN=text" in unmapped.stderr
    ok = _cli("import", str(mapped), "--map", "B=text", "--map", "A=title", cwd=tmp_path, db=db)
    assert ok.returncode == 0 and ok.stdout.startswith("read 1, accepted 1")


def test_cli_imports_a_sheet_of_an_xls_workbook(tmp_path):
    import datetime as dt

    from tests.intake_files import xls_bytes

    db = f"sqlite:///{tmp_path / 'wb.db'}"
    path = tmp_path / "junta_parroquial.xls"
    path.write_bytes(
        xls_bytes(
            {
                "Notas": [["Revisado en sesión"]],
                "Propuestas": [
                    [],
                    ["Título", "Propuesta", "Cantón", "Fecha", "Costo"],
                    [
                        "Vivero",
                        "Vivero de plantas nativas en Tabacundo",
                        "Tabacundo",
                        dt.date(2026, 3, 2),
                        800,
                    ],
                    ["Feria", "Feria de productores de Machachi", "Machachi", "ayer", "mucho"],
                ],
            }
        )
    )
    unread = _cli("import", str(path), cwd=tmp_path, db=db)  # the first sheet holds no proposals
    assert unread.returncode == 2 and "--map COLUMN=text" in unread.stderr
    out = tmp_path / "informe.csv"
    done = _cli(
        "import", str(path), "--sheet", "Propuestas", "--report", str(out), cwd=tmp_path, db=db
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "read 2, accepted 2, warnings 1, rejected 0"
    report = pl.read_csv(out)
    assert report["row"].to_list() == [3, 4]
    assert "Date not understood: ayer" in report["reason"][1]
    assert "Cost not understood: mucho" in report["reason"][1]
    by_number = _cli("import", str(path), "--sheet", "2", cwd=tmp_path, db=db)
    assert by_number.stdout.splitlines()[0] == "read 2, accepted 0, warnings 0, rejected 2"
    missing = _cli("import", str(path), "--sheet", "Hoja3", cwd=tmp_path, db=db)
    assert missing.returncode == 2 and "no sheet Hoja3" in missing.stderr


def test_cli_refuses_an_unwritable_report_before_importing(tmp_path):
    db = f"sqlite:///{tmp_path / 'wb.db'}"
    path = tmp_path / "llamado.csv"
    path.write_bytes(CSV)
    done = _cli(
        "import", str(path), "--report", str(tmp_path / "no" / "r.csv"), cwd=tmp_path, db=db
    )
    assert done.returncode == 2 and done.stdout == ""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "The report cannot be written" in lines[0]
    from workbench.store import Store

    with Store(db) as store:
        assert store.count("proposals") == 0  # nothing imported: running it again is safe


def test_bulk_author_ids_leave_the_id_sequence_usable(store):
    """Authors are stored in bulk with ids drawn ahead; later inserts still get fresh ids."""
    result = import_proposals(store, CSV, actor="test", file_name="llamado.csv")
    ids = store.read("proposers")["id"].to_list()
    assert len(ids) == result.added["proposers"] == len(set(ids))
    keep = store.read("proposals")["id"][0]
    store.insert("proposers", [{"proposal_id": keep, "name": "Otra Persona"}], actor="test")
    later = store.read("proposers", where={"name": "Otra Persona"})["id"].item()
    assert later > max(ids)
    again = import_proposals(store, CSV.replace(b"Ana P", b"Ana Q"), actor="t", file_name="b.csv")
    assert again.added["proposers"] == 1  # the one new author, with a fresh id
    assert store.read("proposers")["id"].n_unique() == len(ids) + 2
