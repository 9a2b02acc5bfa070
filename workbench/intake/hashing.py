"""The content hash of a proposal: what makes two proposals "the same one".

Title and text, Unicode-composed, case-folded and with runs of blanks made one
space, hashed with SHA-256. The sample loader and every import use this one
function, so importing a proposal already in the table (from the sample, an
earlier import, or twice in one file) is recognised.
"""

from __future__ import annotations

import hashlib
import unicodedata

import polars as pl

__all__ = ["content_hash", "content_hashes"]


def _canonical(title: str | None, text: str | None) -> str:
    joined = f"{title or ''}\n{text or ''}"
    return " ".join(unicodedata.normalize("NFC", joined).casefold().split())


def content_hash(title: str | None, text: str | None) -> str:
    """SHA-256 (hex) of a proposal's title and text, blind to case and spacing.

    Examples
    --------
    >>> content_hash("Riego", "Un  reservorio") == content_hash("RIEGO ", "un reservorio")
    True
    >>> len(content_hash(None, "x"))
    64
    """
    return hashlib.sha256(_canonical(title, text).encode("utf-8")).hexdigest()


def content_hashes(frame: pl.DataFrame, *, title: str = "title", text: str = "text") -> pl.Series:
    """:func:`content_hash` of every row of ``frame`` (columns ``title`` and ``text``)."""
    titles = frame.get_column(title) if title in frame.columns else [None] * frame.height
    texts = frame.get_column(text)
    return pl.Series(
        "content_hash",
        [content_hash(a, b) for a, b in zip(titles, texts, strict=True)],
        dtype=pl.String,
    )
