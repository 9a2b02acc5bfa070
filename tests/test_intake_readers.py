"""read_table / list_sheets: formats, delimiters, encodings, repairs and clear errors."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import json
import zipfile

import polars as pl
import pytest

from tests.intake_files import ods_bytes, xls_bytes, xlsx_bytes
from workbench.errors import InputError
from workbench.intake import (
    Limits,
    decode_bytes,
    detect_format,
    list_sheets,
    read_proposals,
    read_table,
)
from workbench.intake.readers import sniff_delimiter

HEADER = ["título", "propuesta", "cantón"]
ROWS = [
    ["Riego en Tupigachi", "Reservorio comunitario; riego por aspersión", "Pedro Moncayo"],
    ["Feria de la niñez", "Espacio para vender\nproductos, los sábados", "Cayambe"],
]


def _delimited(delimiter: str, rows=ROWS, header=HEADER) -> str:
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimited_text_with_quoted_newlines_and_semicolons(delimiter):
    frame = read_table(_delimited(delimiter).encode("utf-8"))
    assert frame.columns == HEADER
    assert frame.rows() == [tuple(r) for r in ROWS]
    assert frame.schema == {c: pl.String for c in HEADER}


def test_sniffer_prefers_the_consistent_delimiter():
    assert sniff_delimiter("a;b;c\n1,5;2;3\n4;5,1;6\n") == ";"
    assert sniff_delimiter('a,b\n"x;y;z",1\n') == ","


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be"]
)
def test_encodings_are_detected(encoding):
    text = _delimited(";")
    data = text.encode(encoding)
    frame = read_table(data)
    assert frame.rows() == [tuple(r) for r in ROWS]


def test_boms_are_removed_from_the_first_header():
    for bom, codec in [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")]:
        frame = read_table(bom + "título,x\na,b\n".encode(codec))
        assert frame.columns == ["título", "x"]


def test_mojibake_is_repaired_cell_by_cell():
    # a file whose first half was UTF-8 read as Windows-1252 and saved again
    broken = "Compañía de riego, Sangolquí".encode().decode("cp1252")
    data = ("texto;cantón\n" + broken + ";Rumiñahui\n").encode("cp1252")
    frame = read_table(data)
    assert frame.rows() == [("Compañía de riego, Sangolquí", "Rumiñahui")]


def test_mixed_utf8_and_windows_1252_lines():
    data = "texto;cantón\n".encode() + "año;Mejía\n".encode() + "niño;Rumiñahui\n".encode("cp1252")
    assert read_table(data).rows() == [("año", "Mejía"), ("niño", "Rumiñahui")]


def test_decoded_text_is_nfc():
    data = "texto\nMeji\u0301a\n".encode()
    assert read_table(data).item(0, 0) == "Mejía"


def test_blank_leading_rows_and_row_numbers():
    data = b"\n;;\n  \ntitulo;texto\nA;uno\n;\nB;dos\n"
    frame = read_table(data, row_numbers=True)
    assert frame.columns == ["_row", "titulo", "texto"]
    assert frame["_row"].to_list() == [5, 6, 7]
    assert frame.row(1) == (6, None, None)  # a blank row inside the data is kept


def test_a_title_line_above_the_header_is_skipped_but_not_a_one_column_header():
    frame = read_table(
        b"Propuestas 2026;;\n;;\ntitulo;texto;canton\nA;uno;Cayambe\n", row_numbers=True
    )
    assert frame.columns == ["_row", "titulo", "texto", "canton"]
    assert frame.rows() == [(4, "A", "uno", "Cayambe")]
    single = read_table(b"texto\nuno\ndos\n")
    assert single.columns == ["texto"] and single.height == 2


def test_duplicate_and_blank_headers_get_unique_names():
    frame = read_table(b"texto,,texto,_row\n1,2,3,4\n")
    assert frame.columns == ["texto", "column_2", "texto_2", "_row_2"]


def test_ragged_rows_keep_every_field():
    frame = read_table(b"a,b\n1,2\n3,4,5,6\n")
    assert frame.height == 2
    assert frame.row(1) == ("3", "4", "5", "6")


def test_xlsx_sheets_formulas_and_choice():
    data = xlsx_bytes(
        {
            "Propuestas": [[], ["título", "monto"], ["Riego", ("=2*3", 6)]],
            "Otra": [["a"], ["b"]],
        }
    )
    assert detect_format(data) == "xlsx"
    assert list_sheets(data) == ["Propuestas", "Otra"]
    frame = read_table(data, row_numbers=True)
    assert frame.rows() == [(3, "Riego", "6")]
    assert read_table(data, sheet="Otra").rows() == [("b",)]
    assert read_table(data, sheet=1).rows() == [("b",)]
    assert read_table(data, sheet="2").rows() == [("b",)]  # counted from 1, as typed
    with pytest.raises(InputError, match="no sheet Hoja9; it has: Propuestas, Otra"):
        read_table(data, sheet="Hoja9")


def _parish_office_xls() -> bytes:
    """An Excel 97-2003 workbook as parish offices still send: instructions first, blank rows."""
    return xls_bytes(
        {
            "Instrucciones": [["Llene la hoja Propuestas"], ["Una fila por propuesta"]],
            "Propuestas": [
                [],
                [],
                ["Título", "Propuesta", "Cantón", "Parroquia", "Fecha", "Costo", "Beneficiarios"],
                [
                    "Señalética",
                    "Señalización turística en el Cañón del Chiche",
                    "Rumiñahui",
                    "Sangolquí",
                    dt.date(2026, 3, 14),
                    1500.5,
                    120,
                ],
                [
                    "Riego",
                    "Reservorio comunitario para el verano",
                    "Cayambe",
                    None,
                    dt.datetime(2026, 3, 15, 9, 30),
                    2000,
                    35.0,
                ],
            ],
        }
    )


def test_xls_sheets_accents_numbers_dates_and_blank_rows():
    data = _parish_office_xls()
    assert detect_format(data) == "xls"
    assert list_sheets(data) == ["Instrucciones", "Propuestas"]
    assert read_table(data).rows() == [("Una fila por propuesta",)]  # the first sheet by default
    frame = read_table(data, sheet="Propuestas", row_numbers=True)
    assert frame.columns[:4] == ["_row", "Título", "Propuesta", "Cantón"]
    first, second = frame.rows(named=True)
    assert first["_row"] == 4 and second["_row"] == 5  # two blank rows and the header above
    assert first["Título"] == "Señalética" and first["Parroquia"] == "Sangolquí"
    assert first["Costo"] == "1500.5" and first["Beneficiarios"] == "120"
    assert second["Costo"] == "2000" and second["Beneficiarios"] == "35"
    assert second["Parroquia"] is None
    assert first["Fecha"].startswith("2026-03-14") and second["Fecha"].startswith(
        "2026-03-15 09:30"
    )
    assert read_table(data, sheet="2").height == 2  # counted from 1 on the command line


def test_xls_through_read_proposals():
    proposals, report = read_proposals(_parish_office_xls(), sheet="Propuestas", lang="es")
    assert report["row"].to_list() == [4, 5] and report["outcome"].to_list() == ["aceptada"] * 2
    rows = proposals.sort("source_row").rows(named=True)
    assert (rows[0]["canton_code"], rows[0]["parish_code"]) == ("1705", "170501")
    assert rows[0]["text"] == "Señalización turística en el Cañón del Chiche"
    assert rows[0]["estimated_cost"] == 1500.5 and rows[0]["beneficiaries"] == 120
    # times typed without a zone are Ecuador's (UTC-5)
    assert rows[0]["submitted_at"] == dt.datetime(2026, 3, 14, 5, tzinfo=dt.UTC)
    assert rows[1]["submitted_at"] == dt.datetime(2026, 3, 15, 14, 30, tzinfo=dt.UTC)
    with pytest.raises(InputError, match="no sheet Hoja9; it has: Instrucciones, Propuestas"):
        read_proposals(_parish_office_xls(), sheet="Hoja9")


def test_ods_is_read():
    data = ods_bytes([["título", "cantón"], ["Riego", "Cayambe"]], sheet="Datos")
    assert detect_format(data) == "ods"
    assert list_sheets(data) == ["Datos"]
    assert read_table(data).rows() == [("Riego", "Cayambe")]


def test_json_and_json_lines():
    records = [{"título": "Riego", "monto": 5, "extra": {"a": 1}}, {"título": "Feria"}]
    frame = read_table(json.dumps(records).encode())
    assert frame.columns == ["título", "monto", "extra"]
    assert frame.row(0) == ("Riego", "5", '{"a": 1}')
    wrapped = read_table(json.dumps({"count": 2, "results": records}).encode())
    assert wrapped.equals(frame)
    lines = "\n".join(json.dumps(r) for r in records) + "\nnot json\n"
    jl = read_table(lines.encode())
    assert jl.height == 3
    assert jl["_unparsed"].to_list() == [None, None, "not json"]


def test_paths_and_file_objects(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(_delimited(";").encode("cp1252"))
    assert read_table(path).height == 2
    assert read_table(str(path)).height == 2
    with path.open("rb") as handle:
        assert read_table(handle).height == 2


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b"   \r\n\n", "is empty"),
        (b"\n;;;\n,,\n", "empty"),
        (bytes(range(256)) * 40, "not text"),
        (b"\x89PNG\r\n\x1a\n" + bytes(1000), "not text"),
        (b"%PDF-1.7\n...", "PDF"),
        (_zip({"a.txt": b"hola"}), "zip archive, not a spreadsheet"),
        (b"PK\x03\x04garbage", "damaged zip"),
        (b'[{"a": 1', "not valid JSON"),
        (b"[]", "no rows"),
        (_CFB + bytes(600) + "EncryptedPackage".encode("utf-16-le"), "password"),
        (_CFB + bytes(600), "cannot be read as a spreadsheet"),
        (b'["x"', "not valid JSON"),
    ],
)
def test_unreadable_input_is_one_clear_error(data, message):
    with pytest.raises(InputError, match=message) as info:
        read_table(data)
    assert "\n" not in info.value.render("es")


def test_zip_bomb_is_refused_before_opening():
    bomb = _zip({"xl/workbook.xml": b"<x/>", "xl/worksheets/sheet1.xml": b"0" * 50_000_000})
    with pytest.raises(InputError, match="unsafe"):
        read_table(bomb)
    with pytest.raises(InputError, match="unsafe"):
        list_sheets(bomb)


def test_size_limit_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="too large"):
        read_table(b"a,b\n1,2\n" * 100, limits=Limits(max_bytes=100))
    with pytest.raises(InputError, match="does not exist"):
        read_table(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="folder"):
        read_table(tmp_path)


def test_decode_bytes_reports_its_choice():
    assert decode_bytes("año".encode("utf-16"))[1] == "utf-16-le"
    assert decode_bytes("ação;niño;".encode("cp1252") * 10)[1] in {
        "cp1252",
        "iso8859_15",
        "latin_1",
    }
