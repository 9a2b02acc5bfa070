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


def content_hashes(frame: pl.DataFrame, *, title: str = "title", text: str = "text") -> pl.Series:
    """:func:`content_hash` of every row; a missing ``title`` column counts as empty."""
    titles = frame.get_column(title).to_list() if title in frame.columns else [None] * frame.height
    texts = frame.get_column(text).to_list()
    return pl.Series(
        "content_hash",
        [content_hash(a, b) for a, b in zip(titles, texts, strict=True)],
        dtype=pl.String,
    )
