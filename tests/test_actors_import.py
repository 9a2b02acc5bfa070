"""Actors and ties imported from CSV and XLSX files through the intake readers."""

from __future__ import annotations

import io

import polars as pl
import pytest

from workbench.actors.importing import import_files, read_actors, read_ties
from workbench.actors.storage import load_network
from workbench.errors import InputError
from workbench.store.seed import ensure_reference_data

ACTORS_CSV = (
    "Código;Nombre;Tipo;Nivel;Influencia\n"
    "P1;Prefectura de Pichincha;Público;Provincial;4,5\n"
    "Q1;GAD Parroquial de Olmedo;público;parroquial;2\n"
    "S1;Asociación Textil;EPS;;\n"
    "Q1;Repetido;público;parroquial;1\n"
    "X1;Sin tipo;marciano;nacional;1\n"
).encode("cp1252")

TIES_CSV = (
    "origen,destino,tipo,peso\n"
    "P1,Q1,Coordinación,3\n"
    "Q1,S1,financiamiento,\n"
    "S1,ZZ,colaboración,1\n"
    "P1,P1,colaboración,1\n"
    "P1,S1,colaboración,-2\n"
).encode()


def test_spanish_headers_and_words_from_a_cp1252_csv(store):
    actors = read_actors(ACTORS_CSV)
    assert {"id", "name", "type", "level", "influence", "_row"} <= set(actors.columns)
    ensure_reference_data(store)
    report = import_files(store, ACTORS_CSV, TIES_CSV, actor="facilitator:test")
    assert (report.actors_added, report.ties_added) == (3, 2)
    flagged = {(r["table"], r["row"], r["problem"]) for r in report.flagged.iter_rows(named=True)}
    # rows are numbered by their line in the file (header on line 1)
    assert flagged == {
        ("actors", 5, "duplicate_actor"),
        ("actors", 6, "unknown_type"),
        ("ties", 3, "missing_weight"),
        ("ties", 4, "unknown_actor"),
        ("ties", 5, "self_loop"),
        ("ties", 6, "bad_weight"),
    }
    net = load_network(store)
    assert net.actors.filter(pl.col("id") == "P1")["influence"].item() == 4.5
    assert set(net.ties["kind"]) == {"coordination", "funding"}
    assert store.events(kind="actors.import").height == 2


def test_ties_from_an_xlsx_workbook(store):
    ensure_reference_data(store)
    import_files(store, ACTORS_CSV, None, actor="facilitator:test")
    buffer = io.BytesIO()
    pl.DataFrame(
        {
            "Desde": ["P1", "S1"],
            "Hacia": ["S1", "Q1"],
            "Tipo de vínculo": ["Información", "conflicto"],
        }
    ).write_excel(buffer, worksheet="vinculos")
    ties = read_ties(buffer.getvalue(), sheet="vinculos")
    assert ties.select("source", "target", "kind").rows() == [
        ("P1", "S1", "Información"),
        ("S1", "Q1", "conflicto"),
    ]
    report = import_files(store, None, buffer.getvalue(), actor="facilitator:test", ties_sheet=0)
    assert report.ties_added == 2 and report.flagged.is_empty()
    kinds = load_network(store).ties.sort("kind")["kind"].to_list()
    assert kinds == ["conflict", "information"]


def test_unreadable_files_and_missing_columns_are_one_clear_error(store):
    with pytest.raises(InputError):
        import_files(store, b"\x00\x01\x02garbage", None, actor="facilitator:test")
    with pytest.raises(InputError, match="lacks the column source"):
        import_files(store, None, b"a;b\n1;2\n", actor="facilitator:test")
