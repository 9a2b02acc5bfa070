"""No personal data in any public output: markers planted in every personal field are
searched for in the open data, the planning workbook, the HTML and PDF reports and the
public dashboard's content."""

from __future__ import annotations

import zipfile

import polars as pl
import pypdf
import pytest

from tests.conftest import BACKENDS, _new_url
from tests.cycle_fixtures import fill_cycle_store, small_ranking
from tests.privacy_markers import MARKER, plant_markers
from workbench.reports.open_data import write_open_data
from workbench.reports.planning import write_planning_workbook
from workbench.reports.session_report import build_session_report, write_html, write_pdf
from workbench.store import Store


@pytest.fixture(scope="module", params=BACKENDS)
def marked_store(request, tmp_path_factory):
    url = _new_url(request.param, request, tmp_path_factory.mktemp("privacy"))
    with Store(url) as s:
        fill_cycle_store(s)
        assert plant_markers(s) > 100
        yield s


def _text_of(path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    if path.suffix == ".pdf":
        reader = pypdf.PdfReader(path)
        return " ".join(page.extract_text() for page in reader.pages)
    return path.read_text(encoding="utf-8")


def test_the_markers_are_in_the_private_tables(marked_store):
    names = marked_store.read("proposers")["name"].str.to_lowercase()
    assert names.str.contains(MARKER).all()
    texts = marked_store.read("proposals")["text"].str.to_lowercase()
    assert texts.str.contains(MARKER).sum() == 40


@pytest.mark.parametrize("with_ranking", [True, False])
def test_no_public_artefact_holds_a_marker(marked_store, tmp_path, with_ranking):
    ranking, portfolio = small_ranking(marked_store) if with_ranking else (None, None)
    written = write_open_data(marked_store, tmp_path, ranking=ranking, portfolio=portfolio)
    written.append(
        write_planning_workbook(
            marked_store, tmp_path / "plan.xlsx", ranking=ranking, portfolio=portfolio
        )
    )
    for lang in ("es", "en"):
        report = build_session_report(
            marked_store, "S2026-01", ranking=ranking, portfolio=portfolio, lang=lang
        )
        written.append(write_html(report, tmp_path / f"report-{lang}.html"))
        written.append(write_pdf(report, tmp_path / f"report-{lang}.pdf"))
    assert {p.suffix for p in written} == {".csv", ".json", ".xlsx", ".html", ".pdf"}
    for path in written:
        text = _text_of(path).lower()
        assert MARKER not in text, f"personal data in {path.name}"
    # the signed proposals are still there, with the signature masked
    proposals = pl.read_csv(tmp_path / "proposals.csv", infer_schema=False)
    assert proposals["text"].str.contains("[dato personal]", literal=True).sum() >= 40


def test_the_public_dashboard_holds_no_marker(marked_store):
    from workbench.ui.cycle_public import PublicDashboard

    dashboard = PublicDashboard(store=marked_store, lang="es")
    frames = [dashboard.open_calls(), dashboard.agreements(), *dashboard._data.values()]
    portfolio = dashboard.portfolio()
    if portfolio is not None:
        frames.append(portfolio)
    for frame in frames:
        for column in frame.columns:
            values = frame[column].cast(pl.String).drop_nulls().str.to_lowercase()
            assert not values.str.contains(MARKER).any(), column
