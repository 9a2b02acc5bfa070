"""Read a table from any file people send: CSV/TSV, XLSX/XLS/ODS, JSON, JSON Lines.

:func:`read_table` takes a path or the file's bytes, detects the format from the
content (the name is only a hint), and returns every cell as text in a polars
DataFrame whose columns are the header row's names. Nothing is dropped except
blank rows *before* the header: blank rows inside the data stay (as all-null
rows) so that validation can count and report them.

Spreadsheets are read by calamine (through fastexcel), which gives formula
cells as their cached values; XLSX and ODS files are zip archives and are
checked against size and compression-ratio limits before they are opened.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import polars as pl

from workbench.errors import InputError
from workbench.i18n import N_
from workbench.intake.encoding import MOJIBAKE, decode_bytes, repair_text

__all__ = [
    "FORMATS",
    "ROW_COLUMN",
    "UPLOAD_NAME",
    "Limits",
    "detect_format",
    "list_sheets",
    "read_table",
]

#: Formats :func:`read_table` understands.
FORMATS: tuple[str, ...] = ("csv", "xlsx", "xls", "ods", "json", "jsonl")

#: Name of the optional column holding each row's position in the file.
ROW_COLUMN = "_row"

_DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True)
class Limits:
    """Guards applied before a file is parsed.

    Parameters
    ----------
    max_bytes
        Largest file accepted, in bytes.
    max_unzipped_bytes
        Largest total uncompressed size of an XLSX/ODS archive.
    max_ratio
        Largest compression ratio of an XLSX/ODS archive (a zip bomb is far above).
    """

    max_bytes: int = 200 * 1024 * 1024
    max_unzipped_bytes: int = 500 * 1024 * 1024
    max_ratio: float = 200.0


DEFAULT_LIMITS = Limits()

Source = str | Path | bytes | bytearray | BinaryIO


#: How messages name a file given as bytes (callers that know its name put it back).
UPLOAD_NAME = "(upload)"


def _load(source: Source, limits: Limits) -> tuple[bytes, str]:
    """The bytes of ``source`` and a name for messages."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        name = UPLOAD_NAME
    elif isinstance(source, str | Path):
        path = Path(source)
        name = path.name
        try:
            size = path.stat().st_size
        except OSError:
            raise InputError(N_("The file {name} does not exist."), name=str(source)) from None
        if path.is_dir():
            raise InputError(N_("{name} is a folder, not a file."), name=str(source))
        if size > limits.max_bytes:
            raise InputError(
                N_("The file {name} is too large ({size} MB; the limit is {limit} MB)."),
                name=name,
                size=round(size / 2**20),
                limit=round(limits.max_bytes / 2**20),
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(
                N_("The file {name} cannot be read: {reason}"), name=name, reason=exc.strerror
            ) from None
    elif hasattr(source, "read"):
        data = source.read(limits.max_bytes + 1)
        name = getattr(source, "name", UPLOAD_NAME)
    else:
        raise InputError(N_("Cannot read a table from a {kind}."), kind=type(source).__name__)
    if len(data) > limits.max_bytes:
        raise InputError(
            N_("The file {name} is too large ({size} MB; the limit is {limit} MB)."),
            name=name,
            size=round(len(data) / 2**20),
            limit=round(limits.max_bytes / 2**20),
        )
    if not data or data.isspace():  # (strip() would copy the whole file)
        raise InputError(N_("The file {name} is empty."), name=name)
    return data, str(name)


def detect_format(data: bytes, name: str = "") -> str:
    """The format of a file from its first bytes (and, for text, its shape).

    Returns one of :data:`FORMATS`.

    Raises
    ------
    InputError
        For zip archives that are not spreadsheets, encrypted workbooks and
        other known non-table formats.
    """
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names:
                    return "xlsx"
                if "mimetype" in names:
                    mime = archive.read("mimetype")[:100]
                    if b"spreadsheet" in mime:
                        return "ods"
        except zipfile.BadZipFile:
            raise InputError(N_("The file {name} is a damaged zip archive."), name=name) from None
        except (OSError, RuntimeError, NotImplementedError):
            raise InputError(
                N_("The file {name} cannot be read as a spreadsheet."), name=name
            ) from None
        raise InputError(N_("The file {name} is a zip archive, not a spreadsheet."), name=name)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError(
                N_("The file {name} is protected with a password: save it without one."),
                name=name,
            )
        return "xls"
    if data.startswith(b"%PDF"):
        raise InputError(N_("The file {name} is a PDF document, not a table."), name=name)
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"[", b"{"):
        if head[:1] == b"{":
            lines = [line for line in data[:65536].splitlines() if line.strip()]
            if len(lines) > 1 and all(line.lstrip().startswith(b"{") for line in lines[:-1]):
                return "jsonl"
        return "json"
    return "csv"


def _check_archive(data: bytes, name: str, limits: Limits) -> None:
    """Refuse a zip archive that would expand beyond the limits (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise InputError(N_("The file {name} is a damaged zip archive."), name=name) from None
    unzipped = sum(info.file_size for info in infos)
    packed = max(sum(info.compress_size for info in infos), 1)
    if unzipped > limits.max_unzipped_bytes or unzipped / packed > limits.max_ratio:
        raise InputError(
            N_(
                "The file {name} would expand to {size} MB when opened: it is refused "
                "as unsafe (a damaged or malicious archive)."
            ),
            name=name,
            size=round(unzipped / 2**20),
        )


def list_sheets(source: Source, *, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """The sheet names of a workbook, in order; ``[]`` for CSV and JSON files.

    Raises
    ------
    InputError
        When the file cannot be read.
    """
    data, name = _load(source, limits)
    fmt = detect_format(data, name)
    if fmt not in ("xlsx", "xls", "ods"):
        return []
    return list(_workbook(data, name, fmt, limits).sheet_names)


def _workbook(data: bytes, name: str, fmt: str, limits: Limits):
    import fastexcel

    if fmt in ("xlsx", "ods"):
        _check_archive(data, name, limits)
    try:
        return fastexcel.read_excel(data)
    except Exception as exc:  # calamine reports every damaged file with its own error type
        raise InputError(
            N_("The file {name} cannot be read as a spreadsheet: {reason}"),
            name=name,
            reason=str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__,
        ) from None


def read_table(
    source: Source,
    *,
    sheet: str | int | None = None,
    row_numbers: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> pl.DataFrame:
    """Read a table from a file, every cell as text.

    Parameters
    ----------
    source
        A path, the file's bytes, or a binary file object.
    sheet
        Sheet name or 0-based position for workbooks (default: the first sheet).
        Ignored for CSV and JSON.
    row_numbers
        Add a first column ``_row`` with each row's position in the file
        (1 is the file's first line, so the first data row under a header on line 1 is 2).
    limits
        Size guards; see :class:`Limits`.

    Returns
    -------
    polars.DataFrame
        One ``String`` column per header cell (the header is the first non-blank
        row, skipping title lines of a single cell above a wider header; blank
        names become ``column_N``,
        repeated names get ``_2``, ``_3``...), one row per data row. Cells
        are stripped of surrounding blanks and control characters, empty ones are null; text is
        repaired (mojibake) and NFC-normalised.

    Raises
    ------
    InputError
        When the file is missing, empty, too large, not a table, encrypted, or
        the sheet does not exist: one sentence saying which.

    Examples
    --------
    >>> read_table("título;cantón\\nRiego;Tabacundo\\n".encode("cp1252"))
    shape: (1, 2)
    ┌────────┬───────────┐
    │ título ┆ cantón    │
    │ ---    ┆ ---       │
    │ str    ┆ str       │
    ╞════════╪═══════════╡
    │ Riego  ┆ Tabacundo │
    └────────┴───────────┘
    """
    data, name = _load(source, limits)
    fmt = detect_format(data, name)
    if fmt == "csv":
        rows, offset = _read_delimited(data, name)
    elif fmt in ("json", "jsonl"):
        rows, offset = _read_json(data, name, lines=fmt == "jsonl")
    else:
        rows, offset = _read_sheet(data, name, fmt, sheet, limits)
    return _with_header(rows, offset, name, row_numbers=row_numbers)


# -- delimited text ---------------------------------------------------------------------


def sniff_delimiter(text: str) -> str:
    """The delimiter of a delimited text (comma, semicolon, tab or pipe).

    Each candidate splits the first lines with the :mod:`csv` module (quotes
    respected); the one giving the most lines with the same number (> 1) of
    fields wins, ties going to the larger number of fields.
    """
    sample = text[:65536]
    lines = sample.splitlines(keepends=True)
    if len(sample) == 65536 and len(lines) > 1:
        lines = lines[:-1]  # the last one may be cut
    sample = "".join(lines[:200])
    best, best_score = ",", (-1.0, 0)
    for delimiter in _DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if r]
        except csv.Error:
            continue
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        if mode < 2:
            continue
        score = (counts.count(mode) / len(counts), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _blank_line(line: str) -> bool:
    return not line.strip(' \t\r",;|')


def _read_delimited(data: bytes, name: str) -> tuple[pl.DataFrame, int]:
    text, _encoding = decode_bytes(data, name=name)
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")  # classic Mac line ends
    delimiter = sniff_delimiter(text)
    # blank lines before the header are skipped, and counted for row numbers
    offset, position = 0, 0
    while True:
        end = text.find("\n", position)
        line = text[position:] if end < 0 else text[position:end]
        if not _blank_line(line) or end < 0:
            break
        offset += 1
        position = end + 1
    if offset:
        text = text[position:]
    if not text or text.isspace():
        raise InputError(N_("The file {name} is empty."), name=name)
    encoded = text.encode("utf-8")
    del text
    try:
        frame = pl.read_csv(
            io.BytesIO(encoded),
            has_header=False,
            separator=delimiter,
            infer_schema=False,
            quote_char='"',
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        # ragged rows (more fields than the first line): the csv module keeps every field
        frame = _read_ragged(encoded.decode("utf-8"), delimiter)
    return frame, offset


def _read_ragged(text: str, delimiter: str) -> pl.DataFrame:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    width = max((len(r) for r in rows), default=0)
    columns = {
        f"column_{i + 1}": [(r[i] if i < len(r) and r[i] != "" else None) for r in rows]
        for i in range(width)
    }
    return pl.DataFrame(columns, schema={k: pl.String for k in columns})


# -- JSON ---------------------------------------------------------------------------------


def _cell(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(value, ensure_ascii=False)


def _records(payload: object) -> list | None:
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        # exports wrap their rows: {"results": [...]}, {"data": [...]}
        for value in payload.values():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                return value
        return [payload]
    return None


def _read_json(data: bytes, name: str, *, lines: bool) -> tuple[pl.DataFrame, int]:
    text, _encoding = decode_bytes(data, name=name)
    records: list = []
    if lines:
        for line in text.splitlines():
            if not line.strip():
                records.append({})
                continue
            try:
                value = json.loads(line)
            except ValueError:
                value = {"_unparsed": line}
            records.append(value if isinstance(value, dict) else {"_unparsed": line})
    else:
        try:
            payload = json.loads(text)
        except ValueError as exc:
            raise InputError(
                N_("The file {name} is not valid JSON: {reason}"), name=name, reason=str(exc)
            ) from None
        found = _records(payload)
        if found is None:
            raise InputError(N_("The file {name} holds no list of records."), name=name)
        records = [r if isinstance(r, dict) else {"value": r} for r in found]
    if not records:
        raise InputError(N_("The file {name} holds no rows."), name=name)
    header: dict[str, None] = {}
    for record in records:
        for key in record:
            header.setdefault(str(key), None)
    names = list(header)
    rows = [names] + [[_cell(r.get(k)) for k in names] for r in records]
    columns = {f"column_{i + 1}": [row[i] for row in rows] for i in range(len(names))}
    frame = pl.DataFrame(columns, schema={k: pl.String for k in columns})
    return frame, 0


# -- workbooks ----------------------------------------------------------------------------


def _read_sheet(
    data: bytes, name: str, fmt: str, sheet: str | int | None, limits: Limits
) -> tuple[pl.DataFrame, int]:
    book = _workbook(data, name, fmt, limits)
    names = list(book.sheet_names)
    if not names:
        raise InputError(N_("The workbook {name} has no sheets."), name=name)
    if sheet is None:
        sheet = names[0]
    if isinstance(sheet, str) and sheet not in names and sheet.strip().isdigit():
        sheet = int(sheet) - 1  # "2" on the command line: the second sheet
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise InputError(
                N_("The workbook {name} has no sheet number {sheet}; it has: {sheets}."),
                name=name,
                sheet=sheet + 1,
                sheets=", ".join(names),
            )
        sheet = names[sheet]
    if sheet not in names:
        raise InputError(
            N_("The workbook {name} has no sheet {sheet}; it has: {sheets}."),
            name=name,
            sheet=sheet,
            sheets=", ".join(names),
        )
    try:
        loaded = book.load_sheet(sheet, header_row=None, skip_rows=0, dtypes="string")
        frame = loaded.to_polars()
    except Exception as exc:  # calamine's own errors for damaged sheets
        raise InputError(
            N_("The sheet {sheet} of {name} cannot be read: {reason}"),
            sheet=sheet,
            name=name,
            reason=str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__,
        ) from None
    frame = frame.select(pl.all().cast(pl.String))
    frame.columns = [f"column_{i + 1}" for i in range(frame.width)]
    return frame, 0


# -- header -------------------------------------------------------------------------------


def _unique_names(raw: list[str | None]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for i, value in enumerate(raw):
        base = " ".join((value or "").split()) or f"column_{i + 1}"
        candidate, n = base, 1
        while candidate in seen or candidate == ROW_COLUMN:
            n += 1
            candidate = f"{base}_{n}"
        seen.add(candidate)
        names.append(candidate)
    return names


#: Control characters no one types (NUL, bell, escape...): removed from cells, since they
#: only come from broken exports and PostgreSQL refuses NUL in text. Tabs and line ends stay.
_CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def _with_header(rows: pl.DataFrame, offset: int, name: str, *, row_numbers: bool) -> pl.DataFrame:
    """Clean cells, take the first non-blank row as the header, number the rows."""
    if rows.width == 0 or rows.height == 0:
        raise InputError(N_("The file {name} holds no table."), name=name)
    # (checking first is cheaper than replacing in every cell of a large file)
    controls = rows.select(pl.col(c).str.contains(_CONTROL_CHARACTERS).any() for c in rows.columns)
    rows = rows.select(
        (
            pl.col(c).str.replace_all(_CONTROL_CHARACTERS, "")
            if controls.get_column(c).item()
            else pl.col(c)
        )
        .str.strip_chars()
        .replace("", None)
        for c in rows.columns
    )
    rows = _repair(rows)
    blank = rows.select(pl.all_horizontal(pl.all().is_null())).to_series()
    first = blank.arg_min() if not blank.all() else None
    if first is None:
        raise InputError(N_("The file {name} holds no table: every row is blank."), name=name)
    # a title line above the header ("Llamado público 2026", often merged across the
    # columns) has one filled cell while the header below has several: skip it
    filled = rows.select(pl.sum_horizontal(pl.all().is_not_null())).to_series().to_list()
    for _ in range(5):
        following = next((i for i in range(first + 1, len(filled)) if filled[i] > 0), None)
        if filled[first] != 1 or following is None or filled[following] < 2:
            break
        first = following
    header = rows.row(first)
    body = rows.slice(first + 1)
    body.columns = _unique_names([None if v is None else str(v) for v in header])
    # drop columns with neither a header nor any value (trailing delimiters)
    keep = [
        c
        for c, h in zip(body.columns, header, strict=True)
        if h is not None or body.get_column(c).null_count() < body.height
    ]
    body = body.select(keep)
    if row_numbers:
        start = offset + first + 2
        body = body.with_row_index(ROW_COLUMN, offset=start).with_columns(
            pl.col(ROW_COLUMN).cast(pl.Int64)
        )
    return body


def _repair(frame: pl.DataFrame) -> pl.DataFrame:
    """Mojibake repair on the cells that need it, NFC on all (vectorised)."""
    out = []
    for column in frame.columns:
        series = frame.get_column(column)
        suspicious = series.str.contains(MOJIBAKE.pattern).fill_null(False)
        if suspicious.any():
            fixed = [repair_text(v) for v in series.filter(suspicious).to_list()]
            series = series.scatter(suspicious.arg_true(), pl.Series(fixed, dtype=pl.String))
        # NFC (Python's normaliser, with its quick check, is far faster than polars' here;
        # a list comprehension is far cheaper than map_elements)
        wide = series.str.contains(r"[^\x00-\x7F]").fill_null(False)
        if wide.any():
            normalize = unicodedata.normalize
            composed = [normalize("NFC", v) for v in series.filter(wide).to_list()]
            series = series.scatter(wide.arg_true(), pl.Series(composed, dtype=pl.String))
        out.append(series.alias(column))
    return pl.DataFrame(out, schema={c: pl.String for c in frame.columns})
