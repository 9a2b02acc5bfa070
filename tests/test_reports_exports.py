"""Open data and the planning workbook, read back: every row there, nothing a spreadsheet
would run, no personal data, columns explained."""

from __future__ import annotations

import json

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import BACKENDS, _new_url
from tests.cycle_fixtures import FORMULA_TEXTS, fill_cycle_store, small_ranking
from workbench.reports import sources
from workbench.reports.anonymise import MASK, personal_values, scrub
from workbench.reports.open_data import OPEN_DATA_FILES, write_open_data
from workbench.reports.planning import sheet_name, write_planning_workbook
from workbench.reports.safe_cells import FORMULA_PREFIXES, neutralise, safe_frame, write_csv
from workbench.store import Store
from workbench.themes import current_themes


@pytest.fixture(scope="module", params=BACKENDS)
def cycle_store(request, tmp_path_factory):
    url = _new_url(request.param, request, tmp_path_factory.mktemp("reports"))
    with Store(url) as s:
        yield fill_cycle_store(s)


# -- safe cells ---------------------------------------------------------------------------
@given(st.text())
def test_no_neutralised_text_starts_a_formula_and_other_text_is_untouched(text):
    out = neutralise(text)
    assert not out.startswith(FORMULA_PREFIXES)
    if text.startswith(FORMULA_PREFIXES):
        assert out == "'" + text
    else:
        assert out == text


@given(st.lists(st.text(), min_size=1, max_size=20))
def test_safe_frame_matches_neutralise_cell_by_cell(values):
    frame = pl.DataFrame({"t": values, "n": list(range(len(values)))})
    safe = safe_frame(frame)
    assert safe["t"].to_list() == [neutralise(v) for v in values]
    assert safe["n"].to_list() == frame["n"].to_list()


def test_csv_written_safely_reads_back_as_text_not_formulas(tmp_path):
    frame = pl.DataFrame({"t": list(FORMULA_TEXTS), "x": [-1.5] * len(FORMULA_TEXTS)})
    back = pl.read_csv(write_csv(frame, tmp_path / "f.csv"))
    assert back["t"].to_list() == ["'" + t for t in FORMULA_TEXTS]
    assert back["x"].to_list() == [-1.5] * len(FORMULA_TEXTS)  # numbers stay numbers


# -- anonymisation ------------------------------------------------------------------------
def test_scrub_masks_known_people_and_personal_patterns():
    frame = pl.DataFrame(
        {
            "t": [
                "Firmado: MAYRA ANDRANGO FARINANGO",
                "llamar al 0991234567 o +593 99 123 4567",
                "correo ana.perez@gmail.com, cédula 1712345678",
                "Riego por aspersión para 120 familias",
            ]
        }
    )
    values = personal_values(pl.DataFrame({"name": ["Mayra Andrango Farinango", "Li"]}))
    assert values == ["Mayra Andrango Farinango"]  # too short a value is not searched
    out = frame.select(scrub("t", values))["t"].to_list()
    assert out[0] == f"Firmado: {MASK}"
    assert "099" not in out[1] and "593" not in out[1]
    assert "@" not in out[2] and "1712345678" not in out[2]
    assert out[3] == "Riego por aspersión para 120 familias"


# -- open data ----------------------------------------------------------------------------
def test_open_data_reads_back_complete_and_safe(cycle_store, tmp_path):
    ranking, portfolio = small_ranking(cycle_store)
    written = write_open_data(cycle_store, tmp_path, ranking=ranking, portfolio=portfolio)
    names = {p.name for p in written}
    for name in (*OPEN_DATA_FILES, "data_dictionary"):
        assert {f"{name}.csv", f"{name}.json"} <= names
    proposals = pl.read_csv(tmp_path / "proposals.csv", infer_schema=False)
    active = cycle_store.read("proposals", where={"status": "active"})
    assert sorted(proposals["id"].to_list()) == sorted(active["id"].to_list())
    as_json = json.loads((tmp_path / "proposals.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in as_json] == proposals["id"].to_list()
    # formula-like cells are neutralised in the CSV, kept as written in JSON
    planted = proposals.filter(pl.col("id").str.starts_with("PF")).sort("id")
    for column in ("title", "text", "organisation"):
        assert planted[column].to_list() == ["'" + t for t in FORMULA_TEXTS]
    assert sorted(r["title"] for r in as_json if r["id"].startswith("PF")) == sorted(FORMULA_TEXTS)
    for path in tmp_path.glob("*.csv"):
        frame = pl.read_csv(path, infer_schema=False)
        for column in frame.columns:
            bad = frame[column].drop_nulls().str.contains(r"^[=+\-@\t\r]")
            assert not bad.any(), f"{path.name}:{column} starts a formula"
    # themes: counts add up to the proposals, themes as current_themes gives them
    themes = pl.read_csv(tmp_path / "themes.csv")
    assert themes["proposals"].sum() == active.height
    assert set(themes["theme"]) == set(current_themes(cycle_store)["theme"])
    rankings = pl.read_csv(tmp_path / "rankings.csv")
    assert rankings["proposal_id"].to_list() == ranking["proposal_id"].to_list()
    assert rankings["selected"].to_list() == portfolio["selected"].to_list()
    agreements = pl.read_csv(tmp_path / "agreements.csv")
    assert agreements.height == cycle_store.count("agreements")
    history = pl.read_csv(tmp_path / "agreement_history.csv")
    assert "actor" not in history.columns  # who typed it is not published
    dictionary = pl.read_csv(tmp_path / "data_dictionary.csv")
    for name in OPEN_DATA_FILES:
        frame = pl.read_csv(tmp_path / f"{name}.csv", n_rows=1)
        described = dictionary.filter(pl.col("file") == f"{name}.csv")
        assert described["column"].to_list() == frame.columns
        assert described["description"].str.len_chars().min() > 0


def test_open_data_without_a_ranking_says_so_with_empty_rankings(
    cycle_store, tmp_path, monkeypatch
):
    monkeypatch.setattr(sources, "prioritise_module", lambda: None)  # as if not installed
    write_open_data(cycle_store, tmp_path, session_id="S2026-01")
    rankings = pl.read_csv(tmp_path / "rankings.csv")
    assert rankings.height == 0
    assert {"proposal_id", "rank", "score"} <= set(rankings.columns)


# -- planning workbook --------------------------------------------------------------------
def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    names = [sheet_name(n, taken) for n in ["a/b", "a:b", "x" * 40, "x" * 40, "", "A/B"]]
    assert len({n.lower() for n in names}) == len(names)
    assert all(0 < len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_planning_workbook_reads_back_with_one_sheet_per_theme(cycle_store, tmp_path, lang):
    from workbench.i18n import gettext

    ranking, portfolio = small_ranking(cycle_store)
    path = write_planning_workbook(
        cycle_store, tmp_path / "plan.xlsx", ranking=ranking, portfolio=portfolio, lang=lang
    )
    sheets = pl.read_excel(path, sheet_id=0)
    themes = current_themes(cycle_store)
    portfolio_sheet = gettext("Portfolio", lang)
    expected = {portfolio_sheet, gettext("Notes", lang), gettext("Columns", lang)} | set(
        themes["theme"]
    )
    assert set(sheets) == expected
    main = sheets[portfolio_sheet]
    proposal = gettext("Proposal", lang)
    assert main.height == themes.height
    assert main[proposal].head(ranking.height).to_list() == ranking["proposal_id"].to_list()
    per_theme = sum(sheets[t].height for t in set(themes["theme"]))
    assert per_theme == main.height
    assert gettext("Canton DPA code", lang) in main.columns
    assert any(
        c.startswith(gettext("Contribution: {criterion}", lang, criterion="")) for c in main.columns
    )
    sensitivity = main[gettext("Sensitivity notes", lang)].head(ranking.height).to_list()
    assert gettext("few scorers ({n})", lang, n=2) in sensitivity[1]
    # formula-like titles stay text
    title = gettext("Title", lang)
    planted = main.filter(pl.col(proposal).str.starts_with("PF")).sort(proposal)
    assert planted[title].to_list() == ["'" + t for t in FORMULA_TEXTS]
    # the responsible actor of an agreement on a proposal is listed at its level
    level_col = gettext("Responsible, {level} level", lang, level=gettext("provincial", lang))
    row = main.filter(pl.col(proposal) == "P0002")
    assert "Derechos" in row[level_col][0]


def test_planning_workbook_without_ranking_lists_every_proposal_and_says_why(
    cycle_store, tmp_path, monkeypatch
):
    monkeypatch.setattr(sources, "prioritise_module", lambda: None)  # as if not installed
    path = write_planning_workbook(cycle_store, tmp_path / "plan.xlsx", session_id="S2026-01")
    sheets = pl.read_excel(path, sheet_id=0)
    assert sheets["Portafolio"].height == cycle_store.count("proposals", where={"status": "active"})
    notes = " ".join(sheets["Notas"].to_series().to_list())
    assert "Aún no hay priorización" in notes


_NAME = st.text(alphabet="XYZQWKJ0123456789._-", min_size=4, max_size=20)


@given(
    values=st.lists(_NAME, min_size=1, max_size=8),
    filler=st.lists(st.text(alphabet="abcdefghrstu áéñ,.", max_size=12), min_size=1, max_size=6),
    data=st.data(),
)
def test_scrub_leaves_no_known_value_in_any_casing(values, filler, data):
    pieces = []
    for i, part in enumerate(filler):
        pieces.append(part)
        value = values[i % len(values)]
        pieces.append(value.lower() if data.draw(st.booleans()) else value)
    text = " ".join(pieces)
    known = personal_values(pl.DataFrame({"name": values}))
    out = pl.DataFrame({"t": [text]}).select(scrub("t", known))["t"][0]
    for value in values:
        assert value.lower() not in out.lower()


def test_exports_use_the_sessions_real_ranking_and_portfolio(cycle_store, tmp_path):
    from workbench.prioritise import current_portfolio, current_ranking

    ranking = current_ranking(cycle_store, "S2026-01").filter(pl.col("rank").is_not_null())
    chosen = current_portfolio(cycle_store, "S2026-01").filter(pl.col("selected"))
    write_open_data(cycle_store, tmp_path, session_id="S2026-01")
    rankings = pl.read_csv(tmp_path / "rankings.csv")
    assert rankings["proposal_id"].to_list() == ranking["proposal_id"].to_list()
    assert sorted(rankings.filter(pl.col("selected"))["proposal_id"]) == sorted(
        chosen["proposal_id"]
    )
    assert [c for c in rankings.columns if c.startswith("contrib_")]
    path = write_planning_workbook(cycle_store, tmp_path / "plan.xlsx", "S2026-01", lang="en")
    main = pl.read_excel(path, sheet_name="Portfolio")
    assert main["Proposal"].head(ranking.height).to_list() == ranking["proposal_id"].to_list()
    assert main["In the portfolio"].sum() == chosen.height


def test_planning_workbook_lists_linked_actors_by_level(cycle_store, tmp_path):
    links = cycle_store.read("actor_links").filter(
        (pl.col("subject_kind") == "proposal") & (pl.col("relation") == "could_cofinance")
    )
    actors = cycle_store.read("actors", columns=["id", "name", "level"])
    link = (
        links.join(actors, left_on="actor_id", right_on="id").drop_nulls("level").row(0, named=True)
    )
    path = write_planning_workbook(cycle_store, tmp_path / "plan.xlsx", "S2026-01", lang="en")
    main = pl.read_excel(path, sheet_name="Portfolio")
    column = f"Co-financing, {link['level']} level"
    row = main.filter(pl.col("Proposal") == link["subject_id"])
    assert link["name"] in row[column][0].split("; ")
