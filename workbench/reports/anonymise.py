"""Anonymise citizens' text before it leaves for the public: no personal data in open outputs.

Two passes, both vectorised over a polars column:

1. every name, e-mail, phone and ID number held in ``proposers`` is replaced
   wherever it appears (case-insensitive), so a proposer who signed their
   text is not named in the open data;
2. anything that looks like an e-mail address, an Ecuadorian phone number
   (``09XXXXXXXX``, ``+593 9...``, landlines ``02-XXX-XXXX``) or a cédula
   (ten digits) is masked as well, whoever wrote it.
"""

from __future__ import annotations

import polars as pl

__all__ = ["MASK", "PERSONAL_FIELDS", "personal_values", "scrub"]

#: What replaces personal data in public text.
MASK = "[dato personal]"

#: Columns of ``proposers`` that hold personal data.
PERSONAL_FIELDS: tuple[str, ...] = ("name", "email", "phone", "id_number")

_PATTERNS: tuple[str, ...] = (
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail
    r"(?:\+|00)\s?593[\s.-]?\d(?:[\s.-]?\d){7,8}",  # +593 phones
    r"\b0\d(?:[\s.-]?\d){7,8}\b",  # national phones and cédulas written with a leading 0
    r"\b\d{10}\b",  # cédula
)

_MIN_LENGTH = 4  # shorter values (initials, "Ana") would mask ordinary words


def personal_values(proposers: pl.DataFrame) -> list[str]:
    """Distinct personal values in ``proposers`` long enough to search for, longest first."""
    present = [c for c in PERSONAL_FIELDS if c in proposers.columns]
    if not present or not proposers.height:
        return []
    values = (
        proposers.select(pl.concat_list([pl.col(c).cast(pl.String) for c in present]).alias("v"))
        .explode("v")
        .drop_nulls()
        .select(pl.col("v").str.strip_chars())
        .filter(pl.col("v").str.len_chars() >= _MIN_LENGTH)
        .unique()["v"]
        .to_list()
    )
    return sorted(values, key=lambda v: (-len(v), v))


def scrub(column: str, values: list[str]) -> pl.Expr:
    """An expression that masks ``values`` and personal-data patterns in text ``column``.

    Examples
    --------
    >>> frame = pl.DataFrame({"t": ["Soy Ana Pérez, 0991234567, ana@x.ec"]})
    >>> frame.select(scrub("t", ["Ana Pérez"]))["t"][0]
    'Soy [dato personal], [dato personal], [dato personal]'
    """
    expr = pl.col(column).cast(pl.String)
    if values:
        expr = expr.str.replace_many(values, [MASK] * len(values), ascii_case_insensitive=True)
        # replace_many is case-insensitive for ASCII only: catch accented capitals too
        lowered = [v.lower() for v in values]
        expr = expr.str.replace_many(lowered, [MASK] * len(values))
        upper = [v.upper() for v in values]
        expr = expr.str.replace_many(upper, [MASK] * len(values))
    for pattern in _PATTERNS:
        expr = expr.str.replace_all(pattern, MASK)
    return expr.alias(column)
