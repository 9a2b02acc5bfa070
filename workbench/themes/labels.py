"""Readable labels of themes: distinctive words, representative texts, a suggested name.

Distinctive words are stems scored by a class-based TF-IDF (how much more
often a theme's texts use a stem than the whole corpus does) and shown as the
most frequent word each stem comes from, so facilitators read Spanish words.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from workbench.themes.text import stem_tokens, surface_forms

__all__ = ["distinctive_words", "representatives", "suggest_name"]


def distinctive_words(
    texts: Sequence[str], labels: np.ndarray, k: int, *, top: int = 6
) -> list[list[str]]:
    """The ``top`` most distinctive readable words of each of the ``k`` themes.

    Parameters
    ----------
    texts
        The texts (any order; ties are broken alphabetically).
    labels
        Theme of each text, in ``0..k-1``.
    """
    if not len(texts):
        return [[] for _ in range(k)]
    vectorizer = CountVectorizer(analyzer=stem_tokens, binary=True)
    try:
        counts = vectorizer.fit_transform(texts)
    except ValueError:  # no word at all
        return [[] for _ in range(k)]
    vocab = vectorizer.get_feature_names_out()
    onehot = sp.csr_matrix(
        (np.ones(len(labels)), (np.asarray(labels), np.arange(len(labels)))),
        shape=(k, len(labels)),
    )
    per_theme = np.asarray((onehot @ counts).todense(), dtype=np.float64)  # k x vocab
    sizes = np.maximum(np.asarray(onehot.sum(axis=1)).ravel(), 1)
    df = np.asarray(counts.sum(axis=0)).ravel()
    share = per_theme / sizes[:, None]
    score = share * np.log1p(len(texts) / df)[None, :]
    score[per_theme < min(2, max(sizes.min(), 1))] = 0.0  # a word of one text is not a label
    forms = surface_forms(texts)
    out = []
    for row in range(k):
        order = np.lexsort((vocab, -score[row]))
        words: list[str] = []
        for j in order[: top * 3]:
            if score[row, j] <= 0:
                break
            word = forms.get(vocab[j], vocab[j])
            if word not in words:
                words.append(word)
            if len(words) == top:
                break
        out.append(words)
    return out


def representatives(
    x: np.ndarray, labels: np.ndarray, centres: np.ndarray, keys: Sequence[str], *, top: int = 5
) -> list[list[int]]:
    """Rows nearest each theme's centre (at most ``top``, distinct ``keys``), best first."""
    sims = np.einsum("ij,ij->i", x, centres[labels])
    out: list[list[int]] = []
    for theme in range(centres.shape[0]):
        rows = np.flatnonzero(labels == theme)
        order = rows[np.lexsort((np.asarray(keys, dtype=object)[rows], -sims[rows]))]
        chosen: list[int] = []
        seen: set[str] = set()
        for row in order:
            if keys[row] in seen:
                continue
            seen.add(keys[row])
            chosen.append(int(row))
            if len(chosen) == top:
                break
        out.append(chosen)
    return out


def suggest_name(words: Sequence[str]) -> str:
    """A short editable name from the first distinctive words: ``"Riego, agua y páramo"``."""
    words = [w for w in words[:3] if w]
    if not words:
        return "Tema"
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " y " + words[-1]
    return text[:1].upper() + text[1:]
