"""The gazetteer of Pichincha: province, cantons and parishes with their INEC DPA codes.

Source: Instituto Nacional de Estadística y Censos (INEC), *Clasificador
Geográfico Estadístico* (División Político-Administrativa del Ecuador),
province 17. Parish codes are the canton code followed by two digits: 01-49
urban parishes, 50 the canton seat (cabecera cantonal, listed here only for
cantons whose urban area is not divided into urban parishes), 51 and above
rural parishes. Codes retired when Mindo, Pedro Vicente Maldonado, San Miguel
de los Bancos and Puerto Quito left the canton of Quito (170167, 170173,
170182, 170187) are not listed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import polars as pl

__all__ = ["CANTON_CODES", "PROVINCE_CODE", "gazetteer"]

PROVINCE_CODE = "17"

#: The eight cantons of Pichincha and their DPA codes.
CANTON_CODES: dict[str, str] = {
    "1701": "Quito",
    "1702": "Cayambe",
    "1703": "Mejía",
    "1704": "Pedro Moncayo",
    "1705": "Rumiñahui",
    "1707": "San Miguel de los Bancos",
    "1708": "Pedro Vicente Maldonado",
    "1709": "Puerto Quito",
}

_PATH = Path(__file__).with_name("dpa_pichincha.csv")


@lru_cache(maxsize=1)
def _load() -> pl.DataFrame:
    return pl.read_csv(_PATH, schema_overrides={"code": pl.String, "parent_code": pl.String})


def gazetteer() -> pl.DataFrame:
    """Province, cantons and parishes of Pichincha, one row per territory.

    Returns
    -------
    polars.DataFrame
        Columns ``code``, ``name``, ``kind`` (``province``, ``canton``,
        ``parish``), ``parent_code`` and ``area`` (``urban`` or ``rural`` for
        parishes).

    Examples
    --------
    >>> g = gazetteer()
    >>> g.filter(kind="canton").height
    8
    >>> g.filter(code="170169")["name"].item()
    'Nanegalito'
    """
    return _load().clone()
