"""Territory matching: accents, typos, alternative names, codes, ambiguity, never a silent guess."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.store.seed import sample_dir
from workbench.territory import gazetteer
from workbench.territory.matching import ALIASES, match_place, match_places


@pytest.mark.parametrize(
    ("text", "canton", "parish"),
    [
        ("Tabacundo", "1704", "170450"),
        ("Sangolquí", "1705", "170501"),
        ("sangolqui", "1705", "170501"),
        ("Machachi", "1703", "170350"),
        ("Los Bancos", "1707", None),
        ("DMQ", "1701", None),
        ("Distrito Metropolitano de Quito", "1701", None),
        ("DMQ - Cochapamba", "1701", "170104"),
        ("pedro moncayo - tupigachi", "1704", "170454"),
        ("Pitaná Bajo (Cangahua)", "1702", "170252"),
        ("PTO. QUITO", "1709", None),
        ("Puerto Quito", "1709", None),  # not Quito: the longest name wins
        ("tupigachy", "1704", "170454"),  # a typo
        ("ALOAG", "1703", "170351"),
        ("canton Pedro Moncayo", "1704", None),
        ("Rumipamba, Quito", "1701", "170127"),
        ("Mindo, Los Bancos", "1707", "170751"),
        ("170104", "1701", "170104"),  # a DPA code
    ],
)
def test_known_places(text, canton, parish):
    match = match_place(text)
    assert (match.canton_code, match.parish_code, match.status) == (canton, parish, "matched")


def test_alias_parishes_exist_in_the_gazetteer():
    g = gazetteer()
    codes = set(g["code"].to_list())
    parents = dict(zip(g["code"].to_list(), g["parent_code"].to_list(), strict=True))
    for canton, parish in ALIASES.values():
        assert canton in codes
        if parish:
            assert parents[parish] == canton


def test_separate_canton_and_parish_columns_resolve_ambiguity():
    assert match_place("Rumipamba").status == "ambiguous"
    assert set(match_place("Rumipamba").suggestions) == {
        "Rumipamba (Quito)",
        "Rumipamba (Rumiñahui)",
    }
    m = match_place("Rumiñahui", "Rumipamba")
    assert (m.canton_code, m.parish_code) == ("1705", "170552")


def test_unknown_places_are_flagged_with_suggestions_not_guessed():
    m = match_place("Guayaquil")
    assert m.status == "unknown"
    assert m.canton_code is None and m.parish_code is None
    assert len(m.suggestions) >= 1
    assert match_place("Tupigahci").canton_code == "1704"  # close typo still matches
    assert match_place(None, "  ").status == "empty"


def test_sample_territories_agree_with_their_codes():
    frame = pl.read_csv(sample_dir() / "proposals.csv", infer_schema=False)
    m = match_places(frame, ["territory_raw"])
    both = pl.concat(
        [
            frame.select("canton_code", "parish_code"),
            m.select(
                pl.col("canton_code").alias("c"),
                pl.col("parish_code").alias("p"),
                "territory_status",
            ),
        ],
        how="horizontal",
    )
    matched = both.filter(pl.col("territory_status") == "matched")
    assert matched.height >= 0.98 * frame.height
    assert (matched["c"] == matched["canton_code"]).all()
    named = matched.filter(pl.col("p").is_not_null())
    assert named.height >= 0.75 * frame.height
    assert (named["p"] == named["parish_code"]).all()


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_any_text_ends_in_a_known_status(text):
    m = match_place(text)
    assert m.status in {"matched", "ambiguous", "unknown", "empty"}
    if m.status == "matched":
        assert m.canton_code is not None


def test_match_places_keeps_row_order_and_count():
    frame = pl.DataFrame(
        {"canton": ["Cayambe", None, "Cayambe", "Mejía"], "parish": ["Ayora", None, "Ayora", None]}
    )
    out = match_places(frame, ["canton", "parish", "territory"])
    assert out.height == 4
    assert out["parish_code"].to_list() == ["170201", None, "170201", None]
    assert out["territory_status"].to_list() == ["matched", "empty", "matched", "matched"]
