"""The intake component without a browser: load, map, check, download, accept."""

from __future__ import annotations

import pytest

from tests.intake_files import xlsx_bytes
from workbench.ui.intake_panel import IntakePanel

CSV = (
    "Título;Propuesta;Cantón;Correo;<img src=x onerror=alert(1)>\n"
    "Riego;Reservorio comunitario para el verano;Tabacundo;ana@x.ec;a\n"
    "Feria;Feria de productores los sábados;Guayaquil;;b\n"
    ";;;;\n"
).encode("cp1252")


@pytest.fixture
def panel(store):
    return IntakePanel(store=store, lang="en", actor="facilitator:test")


def test_load_check_download_accept(panel, store):
    panel.load(CSV, "llamado.csv")
    assert panel.sheet_select.visible is False
    assert panel.preview.value.shape == (3, 5)
    # column names come from the file: escaped for Tabulator's HTML header
    assert (
        panel.preview.titles["<img src=x onerror=alert(1)>"] == "&lt;img src=x onerror=alert(1)&gt;"
    )
    assert panel.mapping["Propuesta"] == "text" and panel.mapping["Correo"] == "email"
    assert not panel.check_button.disabled and panel.accept_button.disabled
    result = panel.check()
    assert result.counts == {"read": 3, "accepted": 2, "warnings": 1, "rejected": 1}
    assert panel.summary.object == "read 3, accepted 2, warnings 1, rejected 1"
    assert list(panel.report_table.value["outcome"]) == [
        "accepted",
        "accepted with warnings",
        "rejected",
    ]
    csv_bytes = panel._report_csv().getvalue()
    assert csv_bytes.startswith(b"\xef\xbb\xbfrow,outcome,reason,proposal_id")
    assert store.count("proposals") == 0  # checking stores nothing
    assert panel.progress.value == 100 and panel.progress.visible
    values, texts = [], []
    panel.progress.param.watch(lambda e: values.append(e.new), "value")
    panel.progress_text.param.watch(lambda e: texts.append(e.new), "object")
    panel.accept()
    assert panel.stored and store.count("proposals") == 2
    assert "Saved 2 proposals" in panel.status.object
    assert panel.accept_button.disabled
    # a measured bar: from 0 up to 100, with the rows written while saving
    assert values[0] == 0 and values[-1] == 100 and values == sorted(values)
    assert panel.progress.visible and not panel.progress.active
    # 2 proposals, 1 author, 1 review flag (the unknown place)
    assert "Saving: 4 of 4 rows (100 %)" in texts
    assert texts[-1] == "Import finished (100 %)"


def test_mapping_change_and_unreadable_file(panel, store):
    panel.load(b"A;B\nx;Un texto de propuesta suficiente\n", "raro.csv")
    assert panel.check() is None
    assert panel.status.alert_type == "danger" and "--map COLUMN=text" in panel.status.object
    panel.mapping_box.objects[1].value = "text"
    assert panel.mapping["B"] == "text"
    assert panel.check().counts["accepted"] == 1
    panel.load(bytes(range(256)) * 20, "basura.csv")
    assert panel.status.alert_type == "danger" and "not text" in panel.status.object
    assert "basura.csv" in panel.status.object  # the file's name, not "(upload)"
    assert panel.check_button.disabled


def test_workbook_sheet_picker(panel):
    data = xlsx_bytes(
        {"Instrucciones": [["Lea esto"]], "Datos": [["Propuesta"], ["Un vivero comunitario"]]}
    )
    panel.load(data, "libro.xlsx")
    assert panel.sheet_select.visible and panel.sheet_select.options == ["Instrucciones", "Datos"]
    panel.sheet_select.value = "Datos"
    assert panel.sheet == "Datos" and panel.mapping == {"Propuesta": "text"}
    assert panel.check().counts["accepted"] == 1


def test_duplicates_panel_merges_a_group(store):
    from workbench.intake import import_proposals
    from workbench.ui.intake_duplicates import DuplicatesPanel

    text = "Construir un reservorio comunitario para regar los cultivos en los meses secos"
    data = f"propuesta;nombre\n{text};Ana\n{text}.;Luis\nFeria de productores;Rosa\n".encode()
    import_proposals(store, data, actor="test", file_name="a.csv")
    panel = DuplicatesPanel(store=store, lang="en", actor="facilitator:test")
    assert len(panel.group_select.options) == 1
    assert len(panel.members.value) == 2 and not panel.merge_button.disabled
    keep = panel.keep_select.options[1]
    panel.keep_select.value = keep
    record = panel.merge()
    assert record["kept"] == keep
    assert panel.group_select.options == [] and panel.merge_button.disabled
    assert "Merged 1 proposals" in panel.status.object
    assert sorted(store.read("proposers", where={"proposal_id": keep})["name"]) == ["Ana", "Luis"]


def test_very_wide_files_get_a_bounded_number_of_selectors(panel):
    header = ";".join(["Propuesta", *[f"c{i}" for i in range(300)]])
    row = ";".join(["Un vivero comunitario", *["v"] * 300])
    panel.load(f"{header}\n{row}\n".encode(), "ancho.csv")
    assert len(panel.mapping_box.objects) == 80
    assert len(panel.mapping) == 301
    assert panel.check().counts["accepted"] == 1
