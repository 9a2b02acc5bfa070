"""``workbench export``: the files it writes read back, and one clear line for each misuse."""

from __future__ import annotations

import os
import subprocess
import sys

import polars as pl
import pypdf
import pytest

from tests.cycle_fixtures import fill_cycle_store
from workbench.store import Store


def _run(*args: str, data, lang: str = "en"):
    env = {**os.environ, "WORKBENCH_DATA": str(data), "WORKBENCH_DB": "", "WORKBENCH_LANG": lang}
    return subprocess.run(
        [sys.executable, "-m", "workbench.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd="/",
    )


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    with Store(f"sqlite:///{folder / 'workbench.db'}") as store:
        fill_cycle_store(store)
    return folder


def test_export_public_writes_open_data_and_report(data, tmp_path):
    out = tmp_path / "public"
    result = _run("export", "--public", str(out), data=data)
    assert result.returncode == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    assert {"proposals.csv", "agreements.json", "data_dictionary.csv", "report.html"} <= names
    assert "report.pdf" in names
    assert f"Wrote {len(names)} files" in result.stdout
    page = (out / "report.html").read_text(encoding="utf-8")
    assert '<section id="agreements">' in page
    assert len(pypdf.PdfReader(out / "report.pdf").pages) >= 3
    assert pl.read_csv(out / "agreements.csv").height == 5


def test_export_planning_writes_the_workbook_in_spanish(data, tmp_path):
    path = tmp_path / "plan.xlsx"
    result = _run("--lang", "es", "export", "--planning", str(path), data=data)
    assert result.returncode == 0, result.stderr
    sheets = pl.read_excel(path, sheet_id=0)
    assert {"Portafolio", "Notas", "Columnas"} <= set(sheets)
    assert "libro de planificación" in result.stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), "Say what to export"),
        (("--planning", "plan.csv"), "must be an .xlsx file"),
        (("--public", "/proc/no/such/dir"), "Cannot write to the folder"),
        (("--planning", "x.xlsx", "--session", "S404"), "There is no session S404"),
    ],
)
def test_export_misuse_prints_one_clear_line(data, args, expected):
    result = _run("export", *args, data=data)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert expected in lines[0]
