"""The session report in HTML and PDF, read back: sections, pictures, pages, escaped text."""

from __future__ import annotations

import re

import polars as pl
import pypdf
import pytest

from tests.conftest import BACKENDS, HOSTILE_TEXTS, _new_url
from tests.cycle_fixtures import fill_cycle_store, small_ranking
from workbench.i18n import gettext
from workbench.reports.session_report import (
    SECTIONS,
    build_session_report,
    network_gaps,
    render_html,
    write_html,
    write_pdf,
)
from workbench.store import Store, now


@pytest.fixture(scope="module", params=BACKENDS)
def report_store(request, tmp_path_factory):
    url = _new_url(request.param, request, tmp_path_factory.mktemp("report"))
    with Store(url) as s:
        fill_cycle_store(s)
        s.insert(
            "proposals",
            [
                {"id": f"PX{i}", "title": t, "text": t, "canton_code": "1701", "created_at": now()}
                for i, t in enumerate(HOSTILE_TEXTS)
            ],
            actor="test:hostile",
        )
        yield s


@pytest.mark.parametrize("lang", ["es", "en"])
def test_html_report_has_every_section_with_pictures(report_store, tmp_path, lang):
    ranking, portfolio = small_ranking(report_store)
    ranking = ranking.vstack(
        ranking.head(1).with_columns(proposal_id=pl.lit("PX0"), rank=pl.lit(99, pl.Int64))
    )
    report = build_session_report(
        report_store, "S2026-01", ranking=ranking, portfolio=portfolio, lang=lang
    )
    page = write_html(report, tmp_path / "report.html").read_text(encoding="utf-8")
    for key, heading in SECTIONS.items():
        match = re.search(rf'<section id="{key}"><h2>(.*?)</h2>(.*?)</section>', page, re.S)
        assert match, key
        assert match.group(1) == gettext(heading, lang).replace("&", "&amp;")
    pictures = re.findall(r'<img alt="[^"]+" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(pictures) >= 6  # participation, themes, network, ranking, portfolio, agreements
    # nothing is fetched from anywhere: no http(s) sources, no scripts
    assert not re.search(r'src="https?:', page) and "<script" not in page
    # citizens' markup arrives escaped
    assert "&lt;script&gt;" in page
    assert "<img src=x" not in page
    # the network gaps of the sample are named
    assert "Malchinguí" in page and "Hilos de Esperanza" in page
    # agreements and the ranking's sensitivity are in
    assert "AC-04" in page
    assert gettext("few scorers ({n})", lang, n=2) in page


def test_report_without_ranking_says_so(report_store, monkeypatch):
    from workbench.reports import sources

    monkeypatch.setattr(sources, "prioritise_module", lambda: None)  # as if not installed
    report = build_session_report(report_store, "S2026-01", lang="en")
    page = render_html(report)
    assert "No ranking yet" in page
    assert "No portfolio yet" in page


def test_pdf_report_reads_back_with_its_sections(report_store, tmp_path):
    ranking, portfolio = small_ranking(report_store)
    report = build_session_report(
        report_store, "S2026-01", ranking=ranking, portfolio=portfolio, lang="es"
    )
    path = write_pdf(report, tmp_path / "report.pdf")
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) >= 4
    text = " ".join(page.extract_text() for page in reader.pages)
    for heading in SECTIONS.values():
        assert gettext(heading, "es") in text
    images = sum(len(page.images) for page in reader.pages)
    assert images >= 6
    assert "AC-02" in text


def test_network_gaps_find_isolates_cut_parishes_and_missing_level_pairs():
    actors = pl.DataFrame(
        {
            "id": ["N", "P", "C", "Q", "Z"],
            "name": ["Nacional", "Provincia", "Cantón", "Parroquia", "Sola"],
            "level": ["national", "provincial", "cantonal", "parish", None],
        }
    )
    ties = pl.DataFrame({"source": ["N", "P", "C"], "target": ["P", "C", "Q"]})
    gaps = network_gaps(actors, ties, "en")
    assert any("Sola" in g and "no tie at all" in g for g in gaps)
    assert any("Parroquia" in g and "provincial" in g for g in gaps)
    missing = [g for g in gaps if g.startswith("No tie between")]
    # N-P, P-C, C-Q are tied; N-C, N-Q, P-Q are not
    assert len(missing) == 3


def test_a_long_ranking_shows_the_first_fifty_and_points_to_the_open_data(report_store):
    ranking, _portfolio = small_ranking(report_store, n=60)
    report = build_session_report(report_store, "S2026-01", ranking=ranking, lang="en")
    _caption, table = report.sections["ranking"]["tables"][0]
    assert table.height == 50
    assert table["Rank"].to_list() == list(range(1, 51))
    assert any("rankings.csv" in note for note in report.sections["ranking"]["notes"])


def test_an_empty_table_still_gives_a_report_and_a_public_page(store, tmp_path):
    from workbench.reports.open_data import write_open_data
    from workbench.reports.planning import write_planning_workbook
    from workbench.store.seed import ensure_reference_data
    from workbench.ui.cycle_public import PublicDashboard

    ensure_reference_data(store)
    report = build_session_report(store, lang="en")
    page = render_html(report)
    assert "No ranking yet" in page and "No agreements recorded yet" in page
    write_pdf(report, tmp_path / "r.pdf")
    write_open_data(store, tmp_path / "open")
    assert pl.read_csv(tmp_path / "open" / "proposals.csv").height == 0
    sheets = pl.read_excel(write_planning_workbook(store, tmp_path / "p.xlsx"), sheet_id=0)
    assert set(sheets) == {"Portafolio", "Notas", "Columnas"}
    dashboard = PublicDashboard(store=store, lang="en")
    assert dashboard.open_calls().height == 0 and dashboard.portfolio() is None
    dashboard.__panel__()


def test_report_shows_the_sessions_real_ranking_and_portfolio(report_store):
    from workbench.prioritise import current_portfolio, current_ranking

    first = current_ranking(report_store, "S2026-01")["proposal_id"][0]
    funded = current_portfolio(report_store, "S2026-01")["selected"].sum()
    report = build_session_report(report_store, "S2026-01", lang="en")
    _caption, table = report.sections["ranking"]["tables"][0]
    assert table["Proposal"][0] == first
    _caption, chosen = report.sections["portfolio"]["tables"][0]
    assert chosen.height == funded
    assert len(report.sections["ranking"]["charts"]) == 1
