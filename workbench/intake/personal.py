"""Find and mask personal data typed inside a proposal's text.

Citizens write "llamar al 0991234567" or "mi cédula es 1712345674" in the
text of a proposal. Such values are personal data: they belong in
``proposers`` (read only by facilitator views), not in the text members and
the public read. :func:`find_personal` lists them; :func:`mask_personal`
replaces each with a placeholder (``[correo]``, ``[teléfono]``, ``[cédula]``).

Ecuadorian cédula numbers are recognised by their check digit (module 10
with coefficients 2,1,2,1,...), so an ordinary 10-digit amount is not taken
for one; RUC numbers (a cédula followed by ``001``) count too. Phone numbers
are Ecuadorian mobiles (``09...``) and landlines (``02...`` to ``07...``),
with or without the ``+593`` prefix, spaces or dashes.
"""

from __future__ import annotations

import re

import polars as pl

__all__ = [
    "EMAIL",
    "PERSONAL_KINDS",
    "PHONE",
    "find_and_mask",
    "find_personal",
    "has_personal",
    "is_valid_cedula",
    "mask_personal",
]

#: Placeholders for each kind of personal data.
PERSONAL_KINDS: dict[str, str] = {
    "email": "[correo]",
    "phone": "[teléfono]",
    "id_number": "[cédula]",
}

EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
PHONE = r"(?:\+?593[\s\-.]?|\(?0)\(?(?:9\d|[2-7])\)?[\s\-.]?\d{3}[\s\-.]?\d{3,4}"
_DIGITS = r"\d{10}(?:001)?"

_PATTERN = re.compile(
    rf"(?P<email>{EMAIL})|(?<![\d+])(?P<digits>{_DIGITS})(?!\d)|(?<![\d+])(?P<phone>{PHONE})(?!\d)"
)
#: Cheap prefilter (polars regex): rows that may hold personal data.
_PREFILTER = rf"@|\d{{7}}|\d[\s\-.]\d{{3}}[\s\-.]?\d{{3}}|\+593|{PHONE}"


def is_valid_cedula(number: str) -> bool:
    """Whether ``number`` is a valid Ecuadorian cédula (10 digits, province, check digit).

    Examples
    --------
    >>> is_valid_cedula("1710034065")
    True
    >>> is_valid_cedula("1710034066")
    False
    """
    if len(number) != 10 or not number.isdigit():
        return False
    province, third = int(number[:2]), int(number[2])
    if not (1 <= province <= 24 or province == 30) or third > 5:
        return False
    total = 0
    for i, digit in enumerate(number[:9]):
        product = int(digit) * (2 if i % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return (10 - total % 10) % 10 == int(number[9])


def _kind(match: re.Match[str]) -> str | None:
    if match.group("email"):
        return "email"
    digits = match.group("digits")
    if digits:
        if is_valid_cedula(digits[:10]):
            return "id_number"
        if re.fullmatch(PHONE, digits):
            return "phone"
        return None
    return "phone"


def find_personal(text: str | None) -> list[tuple[str, str]]:
    """The personal data in ``text`` as ``(kind, value)`` pairs, in order.

    Examples
    --------
    >>> find_personal("Escribir a ana.perez@gmail.com o al 099 123 4567; CI 1710034065")
    [('email', 'ana.perez@gmail.com'), ('phone', '099 123 4567'), ('id_number', '1710034065')]
    >>> find_personal("Costo total 2500000000 dólares")
    []
    """
    if not text:
        return []
    found = []
    for match in _PATTERN.finditer(text):
        kind = _kind(match)
        if kind:
            found.append((kind, match.group(0)))
    return found


def mask_personal(text: str | None) -> str | None:
    """``text`` with each piece of personal data replaced by its placeholder.

    Examples
    --------
    >>> mask_personal("Contacto: ana@correo.ec, 02-234-5678")
    'Contacto: [correo], [teléfono]'
    """
    if not text:
        return text

    def replace(match: re.Match[str]) -> str:
        kind = _kind(match)
        return PERSONAL_KINDS[kind] if kind else match.group(0)

    return _PATTERN.sub(replace, text)


def find_and_mask(text: str | None) -> tuple[list[tuple[str, str]], str | None]:
    """:func:`find_personal` and :func:`mask_personal` of ``text`` in one pass.

    Examples
    --------
    >>> find_and_mask("Contacto: ana@correo.ec")
    ([('email', 'ana@correo.ec')], 'Contacto: [correo]')
    """
    if not text:
        return [], text
    found: list[tuple[str, str]] = []

    def replace(match: re.Match[str]) -> str:
        kind = _kind(match)
        if kind is None:
            return match.group(0)
        found.append((kind, match.group(0)))
        return PERSONAL_KINDS[kind]

    masked = _PATTERN.sub(replace, text)
    return found, masked


def has_personal(column: pl.Expr) -> pl.Expr:
    """A cheap vectorised pre-filter: may the text hold personal data? (then check with Python)."""
    return column.str.contains(_PREFILTER).fill_null(False)
