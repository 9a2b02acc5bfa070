"""Turn the bytes of a text file into text: detect the encoding, refuse binary data.

Files reach the table from many tools: Excel in a Spanish locale writes
Windows-1252, Google Forms and KoboToolbox write UTF-8 (sometimes with a BOM),
some exports are UTF-16. Detection order: byte-order mark, strict UTF-8,
UTF-16 without BOM (NUL bytes in alternate positions), then charset-normalizer
over the Western code pages, then Windows-1252 (Latin-1 as a last resort, which
never fails). A file that mixes UTF-8 and Windows-1252 lines decodes as
Windows-1252; its UTF-8 parts then look like mojibake (``Ã±``) and
:func:`repair_text` puts them back.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy
from charset_normalizer import from_bytes

from workbench.errors import InputError
from workbench.i18n import N_

__all__ = ["MOJIBAKE", "decode_bytes", "looks_binary", "repair_text"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: Code pages charset-normalizer may choose from: the ones Spanish-speaking
#: offices actually produce. Others (Cyrillic, Central European...) guessed on a
#: short Spanish sample would turn ``ñ`` into something else.
_WESTERN = ["cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850"]

#: Sequences that appear when UTF-8 was decoded as Windows-1252 or Latin-1.
MOJIBAKE = re.compile(
    r"[ÃÂâÅ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def looks_binary(data: bytes) -> bool:
    """Whether ``data`` (a sample) is binary rather than text in a single-byte or UTF-8 encoding."""
    if not data:
        return False
    if b"\x00" in data:
        return True
    controls = sum(data.count(bytes([b])) for b in (*range(0, 9), 11, 12, *range(14, 32), 127))
    return controls / len(data) > 0.01


def _utf16_without_bom(sample: bytes) -> str | None:
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.3 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.3 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode_bytes(data: bytes, *, name: str = "") -> tuple[str, str]:
    """Decode the bytes of a text file.

    Parameters
    ----------
    data
        The whole file.
    name
        File name, for messages.

    Returns
    -------
    tuple of (str, str)
        The text (without BOM, line ends kept) and the encoding used.

    Raises
    ------
    InputError
        When the bytes are not text (binary data, an image, an executable...).

    Examples
    --------
    >>> decode_bytes("Cayambe;Tabacundo\\n".encode("cp1252"))
    ('Cayambe;Tabacundo\\n', 'utf-8')
    >>> decode_bytes("año".encode("cp1252"))[0]
    'año'
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), encoding
            except UnicodeDecodeError:
                break
    sample = data[:65536]
    wide = _utf16_without_bom(sample)
    if wide:
        try:
            return data.decode(wide), wide
        except UnicodeDecodeError:
            pass
    if looks_binary(sample):
        raise InputError(N_("The file {name} is not text: it holds binary data."), name=name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = "cp1252"
    guess = from_bytes(sample, cp_isolation=_WESTERN).best()
    if guess is not None and guess.encoding in _WESTERN:
        encoding = guess.encoding
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin_1"), "latin_1"


def repair_text(value: str) -> str:
    """Repair mojibake (``Ã±`` back to ``ñ``) and compose accents (NFC).

    Only mojibake is touched: HTML entities, quotes and widths stay as typed.

    Examples
    --------
    >>> repair_text("CompaÃ±Ã­a de riego")
    'Compañía de riego'
    """
    if MOJIBAKE.search(value):
        value = ftfy.fix_encoding(value)
    return unicodedata.normalize("NFC", value)
