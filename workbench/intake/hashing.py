"""The content hash of a proposal: what makes two proposals "the same one".

Title and text, Unicode-composed (NFC), lower-cased and with runs of blanks
made one space, hashed with SHA-256. The sample loader and every import use
this one definition, so a proposal already in the table (from the sample, an
earlier import, or earlier in the same file) is recognised.
"""

from __future__ import annotations

import hashlib
import unicodedata

import polars as pl

__all__ = ["canonical_text", "content_hash", "content_hashes"]


def canonical_text(title: str | None, text: str | None) -> str:
    """The text that is hashed: ``title \\n text``, NFC, lower case, blanks collapsed.

    (Plain Python string methods: on long texts they beat polars' regex and
    Unicode normalisation by several times.)
    """
    joined = unicodedata.normalize("NFC", f"{title or ''}\n{text or ''}")
    return " ".join(joined.lower().split())


def content_hash(title: str | None, text: str | None) -> str:
    """SHA-256 (hex) of a proposal's title and text, blind to case and spacing.

    Examples
    --------
    >>> content_hash("Riego", "Un  reservorio") == content_hash("RIEGO ", "un reservorio")
    True
    >>> len(content_hash(None, "x"))
    64
    """
    return hashlib.sha256(canonical_text(title, text).encode("utf-8")).hexdigest()


#: Text :func:`canonical_text` would change by collapsing blanks: a Python blank other than a
#: plain space, two spaces, or a space at either end. (A superset is harmless: such rows just
#: take the exact Python path.)
_NEEDS_COLLAPSE = r"[^\S ]|[\x1c-\x1f\x85\u180e\u200b]|  |^ | $"


def content_hashes(frame: pl.DataFrame, *, title: str = "title", text: str = "text") -> pl.Series:
    """:func:`content_hash` of every row; a missing ``title`` column counts as empty.

    The same values as :func:`content_hash` row by row, computed in bulk: Python's
    NFC and lower case on the joined texts, blanks collapsed in Python only where a
    vectorised check says they need it, then SHA-256.
    """
    if frame.height == 0:
        return pl.Series("content_hash", [], dtype=pl.String)
    parts = [pl.col(text).fill_null("")]
    if title in frame.columns:
        parts.insert(0, pl.col(title).fill_null(""))
    # joined with one space: canonical_text's newline between them becomes one space anyway
    joined = frame.select(pl.concat_str(parts, separator=" ")).to_series()
    # NFC and lower case neither make nor remove blanks, so the raw text tells which need it
    collapse = joined.str.contains(_NEEDS_COLLAPSE).arg_true().to_list()
    normalize = unicodedata.normalize
    canonical = [normalize("NFC", value).lower() for value in joined.to_list()]
    for i in collapse:
        canonical[i] = " ".join(canonical[i].split())
    sha256 = hashlib.sha256
    return pl.Series(
        "content_hash",
        [sha256(value.encode("utf-8")).hexdigest() for value in canonical],
        dtype=pl.String,
    )
