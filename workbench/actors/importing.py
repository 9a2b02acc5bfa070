"""Import actors and ties from CSV or spreadsheet files through the intake readers.

Files are read with :func:`workbench.intake.read_table` (encodings, delimiters,
Excel and ODS, size guards), headers in Spanish or English are mapped to the
actor and tie columns, and the rows go through the same validation as
everything else: flagged rows name their line in the file.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import BinaryIO

import polars as pl

from workbench.actors.storage import ImportReport, import_network
from workbench.intake import ROW_COLUMN, read_table
from workbench.store import Store

__all__ = ["ACTOR_HEADERS", "TIE_HEADERS", "Source", "import_files", "read_actors", "read_ties"]

#: What a file can be given as (as the intake readers take it).
Source = str | Path | bytes | bytearray | BinaryIO

#: Header words (lower case, accents removed) for each actor column.
ACTOR_HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "codigo", "code", "identificador"),
    "name": ("name", "nombre", "actor", "institucion", "organizacion"),
    "type": ("type", "tipo", "tipo de actor"),
    "level": ("level", "nivel", "nivel de gobierno"),
    "territory_code": ("territory_code", "territorio", "codigo dpa", "dpa", "territory"),
    "sector": ("sector",),
    "influence": ("influence", "influencia"),
}
#: Header words for each tie column.
TIE_HEADERS: dict[str, tuple[str, ...]] = {
    "source": ("source", "origen", "desde", "de", "from"),
    "target": ("target", "destino", "hacia", "a", "to"),
    "kind": ("kind", "tipo", "tipo de vinculo", "type", "relacion"),
    "weight": ("weight", "peso", "intensidad"),
    "directed": ("directed", "dirigido", "direccion"),
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.strip().lower())
    return " ".join("".join(c for c in text if unicodedata.category(c) != "Mn").split())


def _rename(frame: pl.DataFrame, headers: dict[str, tuple[str, ...]]) -> pl.DataFrame:
    mapping = {}
    taken = set()
    for column in frame.columns:
        if column == ROW_COLUMN:
            continue
        folded = _fold(column).replace("_", " ")
        for target, words in headers.items():
            if target in taken:
                continue
            if folded in {w.replace("_", " ") for w in words}:
                mapping[column] = target
                taken.add(target)
                break
    return frame.rename(mapping)


def read_actors(source: Source, *, sheet: str | int | None = None) -> pl.DataFrame:
    """Actor rows from a CSV/XLSX/ODS/JSON file, columns named for :func:`validate_actors`.

    Keeps the intake reader's ``_row`` (line in the file) so flagged rows point at it.
    """
    return _rename(read_table(source, sheet=sheet, row_numbers=True), ACTOR_HEADERS)


def read_ties(source: Source, *, sheet: str | int | None = None) -> pl.DataFrame:
    """Tie rows from a file, columns named for :func:`validate_ties` (``_row`` kept)."""
    return _rename(read_table(source, sheet=sheet, row_numbers=True), TIE_HEADERS)


def import_files(
    store: Store,
    actors: Source | None = None,
    ties: Source | None = None,
    *,
    actor: str,
    actors_sheet: str | int | None = None,
    ties_sheet: str | int | None = None,
) -> ImportReport:
    """Read actor and tie files and import them into ``store`` in one event-logged write.

    Raises
    ------
    InputError
        When a file cannot be read or lacks a required column.
    """
    actor_rows = read_actors(actors, sheet=actors_sheet) if actors is not None else None
    tie_rows = read_ties(ties, sheet=ties_sheet) if ties is not None else None
    return import_network(store, actor_rows, tie_rows, actor=actor)
