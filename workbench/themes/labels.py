"""Readable labels of themes: distinctive words, representative texts, a suggested name.

Distinctive words are stems scored by a class-based TF-IDF (how much more
often a theme's texts use a stem than the whole corpus does) and shown as the
most frequent word each stem comes from, so facilitators read Spanish words.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from workbench.themes.text import analyse

__all__ = ["TermIndex", "distinctive_words", "representatives", "suggest_name"]


class TermIndex:
    """The stems and written words of a corpus, analysed once and reused for every group.

    Labelling a fit asks for the distinctive words of the themes and of each
    theme's sub-themes: with the index, each text is analysed once instead of
    once per call. Results are the same as :func:`distinctive_words` on the
    chosen rows.

    Parameters
    ----------
    texts
        The corpus; rows of :meth:`words` index it.
    """

    def __init__(self, texts: Sequence[str]) -> None:
        analysed = [analyse(t) for t in texts]
        n = len(texts)
        lengths = np.fromiter((len(a) for a in analysed), dtype=np.int64, count=n)
        # a written word determines its stem: factorise the words, then order the few
        # distinct ones (stems alphabetically, as CountVectorizer; words within a stem)
        word_id: dict[str, int] = {}
        codes = np.fromiter(
            (word_id.setdefault(word, len(word_id)) for a in analysed for _, word in a),
            dtype=np.int64,
            count=int(lengths.sum()),
        )
        stem_of = {word: stem for a in analysed for stem, word in a}
        words = list(word_id)
        stems = sorted({stem_of[w] for w in words})
        stem_rank = {stem: i for i, stem in enumerate(stems)}
        by_pair = sorted(range(len(words)), key=lambda i: (stem_of[words[i]], words[i]))
        pair_of_word = np.empty(len(words), dtype=np.int64)
        pair_of_word[by_pair] = np.arange(len(words))
        stem_of_word = np.fromiter(
            (stem_rank[stem_of[w]] for w in words), dtype=np.int64, count=len(words)
        )
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        ones = np.ones(len(rows))
        counts = sp.csr_matrix((ones, (rows, stem_of_word[codes])), shape=(n, len(stems)))
        counts.sum_duplicates()
        counts.data[:] = 1.0  # binary: a stem counts once per text
        self.vocab = np.asarray(stems, dtype=object)
        self.counts = counts
        self.pairs = sp.csr_matrix((ones, (rows, pair_of_word[codes])), shape=(n, len(words)))
        self.pair_word: list[str] = [words[i] for i in by_pair]
        pair_stem = stem_of_word[by_pair]  # non-decreasing
        self._pairs_of_stem = np.split(
            np.arange(len(words)), np.searchsorted(pair_stem, np.arange(1, len(stems)))
        )

    def words(
        self, labels: np.ndarray, k: int, *, rows: np.ndarray | None = None, top: int = 6
    ) -> list[list[str]]:
        """The ``top`` most distinctive readable words of each of ``k`` groups.

        Parameters
        ----------
        labels
            Group (``0..k-1``) of each of ``rows``.
        rows
            The texts considered (all when ``None``).
        """
        counts = self.counts if rows is None else self.counts[rows]
        labels = np.asarray(labels)
        n = counts.shape[0]
        if not n:
            return [[] for _ in range(k)]
        df = np.asarray(counts.sum(axis=0)).ravel()
        used = np.flatnonzero(df > 0)
        if not len(used):
            return [[] for _ in range(k)]
        counts = counts[:, used]
        df = df[used]
        vocab = self.vocab[used]
        onehot = sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))
        per_theme = (onehot @ counts).toarray()  # k x vocab
        sizes = np.maximum(np.bincount(labels, minlength=k)[:k], 1)
        share = per_theme / sizes[:, None]
        score = share * np.log1p(n / df)[None, :]
        score[per_theme < min(2, max(sizes.min(), 1))] = 0.0  # a word of one text is not a label
        pair_counts = None
        out = []
        for row in range(k):
            candidates = np.flatnonzero(score[row] > 0)
            order = candidates[np.lexsort((vocab[candidates], -score[row, candidates]))]
            words: list[str] = []
            for j in order[: top * 3]:
                if pair_counts is None:
                    pairs = self.pairs if rows is None else self.pairs[rows]
                    pair_counts = np.asarray(pairs.sum(axis=0)).ravel()
                word = self._form(used[j], pair_counts)
                if word not in words:
                    words.append(word)
                if len(words) == top:
                    break
            out.append(words)
        return out

    def _form(self, stem: int, pair_counts: np.ndarray) -> str:
        """The most frequent written word of ``stem`` (ties: alphabetically first)."""
        best = None
        for i in self._pairs_of_stem[stem]:
            c = pair_counts[i]
            if c <= 0:
                continue
            key = (-c, self.pair_word[i])
            if best is None or key < best:
                best = key
        return best[1] if best is not None else str(self.vocab[stem])


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
    return TermIndex(texts).words(np.asarray(labels), k, top=top)


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
