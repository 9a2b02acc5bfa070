"""Builders of spreadsheet files for the intake tests (XLSX with xlsxwriter, ODS by hand)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape

import xlsxwriter

__all__ = ["ods_bytes", "xls_bytes", "xlsx_bytes"]

Rows = Sequence[Sequence[object]]


def xlsx_bytes(sheets: dict[str, Rows], *, merge_header: bool = False) -> bytes:
    """An XLSX workbook with one sheet per entry.

    A tuple ``(formula, value)`` is a formula cell with its cached value.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, tuple):  # (formula, cached result)
                    sheet.write_formula(r, c, value[0], None, value[1])
                else:
                    sheet.write(r, c, value)
        if merge_header and rows:
            sheet.merge_range(0, 0, 0, 1, rows[0][0])
    book.close()
    return buffer.getvalue()


def ods_bytes(rows: Rows, *, sheet: str = "Hoja1") -> bytes:
    """A minimal OpenDocument spreadsheet with one sheet of text cells."""
    cells = []
    for row in rows:
        parts = []
        for value in row:
            if value is None:
                parts.append("<table:table-cell/>")
            else:
                text = escape(str(value))
                parts.append(
                    f'<table:table-cell office:value-type="string"><text:p>{text}</text:p>'
                    "</table:table-cell>"
                )
        cells.append("<table:table-row>" + "".join(parts) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">'
        + "".join(cells)
        + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def xls_bytes(sheets: dict[str, Rows]) -> bytes:
    """A legacy Excel 97-2003 (.xls, BIFF8) workbook with one sheet per entry, built by xlwt.

    Dates and datetimes get a date format (Excel keeps them as serial numbers); text
    with accents is stored in the 8-bit Latin-1 form BIFF8 uses when it can.
    """
    import datetime as dt

    import xlwt

    book = xlwt.Workbook(encoding="latin-1")
    date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    datetime_style = xlwt.easyxf(num_format_str="DD/MM/YYYY HH:MM")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.datetime):
                    sheet.write(r, c, value, datetime_style)
                elif isinstance(value, dt.date):
                    sheet.write(r, c, value, date_style)
                else:
                    sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
