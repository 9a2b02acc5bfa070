"""Column mapping, personal data, cleaning and the row-by-row report."""

from __future__ import annotations

import doctest
import json

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import workbench.intake.cleaning
import workbench.intake.columns
import workbench.intake.encoding
import workbench.intake.hashing
import workbench.intake.personal
import workbench.intake.validation
import workbench.territory.matching
from workbench.errors import InputError
from workbench.intake import (
    content_hash,
    content_hashes,
    find_personal,
    is_valid_cedula,
    map_columns,
    mask_personal,
    read_proposals,
)
from workbench.intake.cleaning import parse_amount, parse_amounts, strip_markup
from workbench.intake.validation import MAX_TEXT, MAX_TITLE


@pytest.mark.parametrize(
    "module",
    [
        workbench.intake.cleaning,
        workbench.intake.columns,
        workbench.intake.encoding,
        workbench.intake.hashing,
        workbench.intake.personal,
        workbench.intake.validation,
        workbench.territory.matching,
    ],
)
def test_docstring_examples_hold(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Título", "title"),
        ("TITULO", "title"),
        ("title", "title"),
        ("Propuesta", "text"),
        ("descripción", "text"),
        ("Description", "text"),
        ("Parroquia", "parish"),
        ("Cantón", "canton"),
        ("canton", "canton"),
        ("Sector", "sector"),
        ("Organización", "organisation"),
        ("Correo electrónico", "email"),
        ("E-mail", "email"),
        ("Teléfono", "phone"),
        ("Marca temporal", "submitted_at"),
        ("Nombre de la organización", "organisation"),
        ("Título de la propuesta", "title"),
        ("Descripción de la propuesta", "text"),
        ("Número de cédula", "id_number"),
    ],
)
def test_headers_in_spanish_and_english(header, field):
    assert map_columns([header]) == {header: field}


def test_mapping_keeps_unmapped_columns_and_first_wins():
    mapping = map_columns(["texto", "Propuesta", "Observaciones"])
    assert mapping == {"texto": "text", "Propuesta": "extra", "Observaciones": "extra"}


def test_explicit_mapping_overrides_and_is_checked():
    assert map_columns(["A", "B"], ["A=text", "B=canton"]) == {"A": "text", "B": "canton"}
    assert map_columns(["texto", "B"], {"B": "text"}) == {"texto": "extra", "B": "text"}
    with pytest.raises(InputError, match="no column Z"):
        map_columns(["A"], ["Z=text"])
    with pytest.raises(InputError, match="Unknown field colour"):
        map_columns(["A"], ["A=colour"])
    with pytest.raises(InputError, match="COLUMN=FIELD"):
        map_columns(["A"], ["A"])


def test_cedula_check_digit():
    assert is_valid_cedula("1710034065")
    assert not is_valid_cedula("1710034064")
    assert not is_valid_cedula("9910034065")  # no province 99
    assert not is_valid_cedula("171003406")


def test_personal_data_found_and_masked():
    text = "Llamar a Ana (ana.perez@correo.ec, 0991234567 o +593 2 234 5678), CI 1710034065."
    kinds = [k for k, _v in find_personal(text)]
    assert kinds == ["email", "phone", "phone", "id_number"]
    masked = mask_personal(text)
    assert "ana.perez" not in masked and "1710034065" not in masked and "099" not in masked
    assert masked.count("[teléfono]") == 2
    # amounts and years are not personal data
    assert find_personal("En 2026 invertir 1500000 dólares para 3200 familias") == []


def test_markup_and_amounts():
    assert strip_markup('<b>Agua</b> <script>alert("x")</script>&amp; riego') == "Agua & riego"
    assert parse_amount("USD 12.500") == 12500.0
    assert parse_amount("1.234,5") == 1234.5
    assert parse_amount("n/a") is None


def test_content_hash_ignores_case_and_spacing_only():
    assert content_hash("A", "uno  dos") == content_hash("a", "Uno dos")
    assert content_hash("A", "uno dos") != content_hash("A", "uno tres")


_BLANKS_AND_CASES = st.sampled_from(
    [
        " ",
        "  ",
        "\n",
        "\t",
        "\r\n",
        "\x0b",
        "\x1c",
        "\x1f",
        "\x85",
        "\xa0",
        "\u2003",
        "\u2028",
        "\u3000",
        "\u180e",
        "\u200b",
        "Σ",
        "ΑΣ",
        "İ",
        "ß",
        "Ñ",
        "e\u0301",
        "Å",
        "ǅ",
    ]
)
_TEXTS = st.lists(st.one_of(st.text(max_size=8), _BLANKS_AND_CASES), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.none() | _TEXTS, st.none() | _TEXTS), min_size=1, max_size=20))
def test_bulk_content_hashes_equal_the_row_by_row_hash(pairs):
    frame = pl.DataFrame(pairs, schema={"title": pl.String, "text": pl.String}, orient="row")
    assert content_hashes(frame).to_list() == [content_hash(a, b) for a, b in pairs]
    no_title = frame.select("text")
    assert content_hashes(no_title).to_list() == [content_hash(None, b) for _, b in pairs]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.integers(-(10**12), 10**12).map(lambda n: f"{n:,}".replace(",", ".")),
            st.integers(-(10**9), 10**9).map(str),
            st.floats(allow_nan=False, allow_infinity=False).map(str),
            st.from_regex(r"[-$ USDd\d.,\x1c]{0,12}", fullmatch=True),
            st.text(max_size=10),
            st.none(),
        ),
        max_size=30,
    )
)
def test_bulk_amounts_equal_parse_amount(values):
    series = pl.Series("v", values, dtype=pl.String)
    assert parse_amounts(series).to_list() == [parse_amount(v) for v in values]


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(";".join(r) for r in rows).encode("utf-8")


def test_every_row_is_accounted_for_with_reasons():
    long_text = "x" * (MAX_TEXT + 1)
    data = _csv(
        [
            ["titulo", "propuesta", "canton", "fecha", "costo", "beneficiarios", "nota"],
            [
                "Riego",
                "Reservorio comunitario en Tupigachi",
                "Tabacundo",
                "02/03/2026",
                "1.500",
                "120",
                "a",
            ],
            [";;;;;;"[:0] or "", "", "", "", "", "", ""],
            ["Sin texto", "", "Cayambe", "", "", "", ""],
            ["Largo", long_text, "Cayambe", "", "", "", ""],
            ["Riego", "Reservorio  comunitario en Tupigachi", "Tabacundo", "", "", "", ""],
            [
                "Feria",
                "Feria en Guayaquil para productores",
                "Guayaquil",
                "ayer",
                "mucho",
                "muchos",
                "",
            ],
            ["Datos", "Llamar al 0991234567 para coordinar la minga", "Rumipamba", "", "", "", ""],
            [
                "<b>Web</b>",
                "<script>alert(1)</script>Centro de acopio de leche",
                "",
                "",
                "",
                "",
                "",
            ],
        ]
    )
    proposals, report = read_proposals(data, lang="en")
    assert report.height == 8
    assert report["row"].to_list() == list(range(2, 10))
    outcomes = dict(zip(report["row"].to_list(), report["outcome"].to_list(), strict=True))
    reasons = dict(zip(report["row"].to_list(), report["reason"].to_list(), strict=True))
    assert outcomes[2] == "accepted" and reasons[2] == ""
    assert outcomes[3] == "rejected" and reasons[3] == "Empty row."
    assert outcomes[4] == "rejected" and reasons[4] == "No proposal text."
    assert outcomes[5] == "rejected" and "Text too long" in reasons[5]
    assert outcomes[6] == "rejected" and reasons[6] == "Duplicate of row 2."
    assert outcomes[7] == "accepted with warnings"
    assert "Place not found: Guayaquil" in reasons[7]
    assert "Date not understood: ayer" in reasons[7]
    assert "Cost not understood: mucho" in reasons[7]
    assert "beneficiaries not understood" in reasons[7]
    assert "Personal data in the text (phone)" in reasons[8]
    assert "Ambiguous place" in reasons[8]
    assert "Markup" in reasons[9] and "No place given" in reasons[9]
    # rows read = accepted + rejected
    rejected = sum(o == "rejected" for o in outcomes.values())
    assert proposals.height + rejected == report.height
    by_row = {r["source_row"]: r for r in proposals.iter_rows(named=True)}
    assert by_row[2]["canton_code"] == "1704" and by_row[2]["parish_code"] == "170450"
    assert by_row[2]["estimated_cost"] == 1500.0 and by_row[2]["beneficiaries"] == 120
    assert by_row[2]["submitted_at"].isoformat() == "2026-03-02T05:00:00+00:00"
    assert json.loads(by_row[2]["extra"]) == {"nota": "a"}
    assert json.loads(by_row[7]["extra"])["estimated_cost_raw"] == "mucho"  # kept as typed
    assert by_row[7]["canton_code"] is None and by_row[7]["territory_raw"] == "Guayaquil"
    assert "0991234567" not in by_row[8]["text"] and "[teléfono]" in by_row[8]["text"]
    assert by_row[9]["title"] == "Web" and by_row[9]["text"] == "Centro de acopio de leche"


def test_report_in_spanish():
    _p, report = read_proposals(
        _csv([["propuesta", "b"], ["", "x"], ["Un texto suficiente", ""]]), lang="es"
    )
    assert report["reason"].to_list() == ["Sin texto de propuesta.", "No se indicó el lugar."]
    assert report["outcome"].to_list() == ["rechazada", "aceptada con advertencias"]


def test_long_title_is_moved_into_the_text():
    title = "t" * (MAX_TITLE + 5)
    proposals, report = read_proposals(
        _csv([["titulo", "propuesta"], [title, "cuerpo del texto"]]), lang="en"
    )
    assert proposals["title"].item() is None
    assert proposals["text"].item().startswith(title)
    assert "moved into the text" in report["reason"].item()


def test_no_text_column_is_one_clear_error():
    with pytest.raises(InputError, match="--map COLUMN=text"):
        read_proposals(_csv([["a", "b"], ["1", "2"]]))
    proposals, _report = read_proposals(_csv([["a", "b"], ["1", "Un texto"]]), mapping=["b=text"])
    assert proposals["text"].to_list() == ["Un texto"]


def test_personal_columns_never_reach_proposals():
    data = _csv(
        [
            ["nombre", "correo", "cedula", "propuesta"],
            ["Ana Pérez", "ana@x.ec", "1710034065", "Riego comunitario"],
        ]
    )
    proposals, _report = read_proposals(data)
    flat = json.dumps(proposals.to_dicts(), default=str)
    assert "Ana" not in flat and "ana@x.ec" not in flat and "1710034065" not in flat


def test_extra_attributes_keep_their_names_even_when_they_clash():
    data = _csv(
        [
            ["id", "propuesta", "external_id", "costo", "estimated_cost_raw"],
            ["7", "Un vivero comunitario", "x", "caro", "y"],
        ]
    )
    proposals, _report = read_proposals(data)
    extra = json.loads(proposals["extra"].item())
    assert extra == {
        "external_id": "x",
        "estimated_cost_raw": "y",
        "_external_id": "7",
        "_estimated_cost_raw": "caro",
    }
