"""ThemeModel: a scikit-learn-style estimator that groups short texts into themes.

It follows scikit-learn's estimator contract (parameters stored as given in
``__init__``, all the work in :meth:`ThemeModel.fit`, learned attributes end
in ``_``), so ``sklearn.base.clone`` and ``get_params``/``set_params`` work.

Two guarantees facilitators rely on:

- **Deterministic**: ``random_state`` fixes every random choice.
- **Independent of input order**: inside ``fit`` the distinct texts are put
  in a canonical order (by content hash) and clustered once each; results
  are mapped back to the input rows, so the same texts shuffled give the same
  partition, and duplicates always share a theme.

Every text gets a theme (there is no outlier bucket) and a confidence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin, TransformerMixin
from sklearn.decomposition import PCA
from sklearn.utils.validation import check_is_fitted

from workbench.errors import InputError
from workbench.i18n import N_
from workbench.themes import clustering
from workbench.themes.labels import TermIndex, representatives, suggest_name
from workbench.themes.representations import (
    Progress,
    Representation,
    VectorCache,
    make_representation,
)
from workbench.themes.text import content_hash

__all__ = ["ThemeModel", "map_2d"]

#: Texts used at most to label themes (a canonical, evenly spaced sample above that):
#: hundreds of texts per theme name it as well as thousands, and reading each text
#: for its words is most of the cost of labelling.
LABEL_SAMPLE = 5000
#: Sub-themes are labelled from their theme's texts in the label sample, or from
#: (up to) this many of the theme's texts when the sample holds fewer.
SUBTHEME_LABEL_MIN = 300


class ThemeModel(ClusterMixin, TransformerMixin, BaseEstimator):
    """Group short texts (citizens' proposals) into themes and sub-themes.

    Parameters
    ----------
    n_themes
        Number of themes; ``None`` chooses it in ``k_range`` by silhouette.
        More themes than distinct texts are reduced to the number of distinct
        texts (``n_themes_`` says how many were made).
    k_range
        Smallest and largest number of themes tried when ``n_themes`` is None.
    subthemes
        Also split each theme into 2-4 sub-themes (chosen by silhouette);
        themes too small to split have a single sub-theme.
    representation
        ``"default"`` (multilingual Universal Sentence Encoder on the text and
        on its content words, with 15 % stemmed TF-IDF/LSA: chosen by
        measurement, see ``docs/themes.md``), ``"use"``, ``"classical"``,
        ``"use+classical"``, or a representation object (see
        :mod:`workbench.themes.representations`).
    cache
        Where sentence embeddings are kept by content hash.
    progress
        ``progress(done, total)`` while texts are embedded.
    n_init
        k-means restarts (the partition with the least inertia is kept).
    max_dims
        The representation is reduced by PCA to this many dimensions before
        clustering (less noise, and speed on large corpora; measured in
        ``bench/themes_quality.py``); ``None`` never reduces.
    random_state
        Seed of every random choice.

    Attributes
    ----------
    labels_ : numpy.ndarray
        Theme of each input text, ``0..n_themes_-1``, numbered by decreasing size.
    sublabels_ : numpy.ndarray
        Sub-theme of each text within its theme (``0..``).
    confidence_ : numpy.ndarray
        How clearly each text belongs to its theme, in ``[0, 1]``.
    cluster_centers_ : numpy.ndarray
        Unit centre of each theme in the representation space.
    keywords_ : list of list of str
        Distinctive readable words of each theme.
    representatives_ : list of list of int
        Input rows most representative of each theme (up to 5, best first).
    names_ : list of str
        Suggested name of each theme (the facilitator edits it).
    subkeywords_ : list of list of list of str
        Distinctive words of each sub-theme, per theme.
    embedding_2d_ : numpy.ndarray
        A 2-D position of each text for a map (PCA of the representation).

    Examples
    --------
    >>> model = ThemeModel(n_themes=2, representation="classical", subthemes=False)
    >>> texts = ["riego para el páramo", "canal de riego comunitario",
    ...          "feria de artesanías", "artesanías en la feria del cantón"]
    >>> model.fit(texts).labels_.tolist()
    [1, 1, 0, 0]
    """

    def __init__(
        self,
        n_themes: int | None = None,
        *,
        k_range: tuple[int, int] = (4, 14),
        subthemes: bool = True,
        representation: str | Representation = "default",
        cache: VectorCache | None = None,
        progress: Progress | None = None,
        n_init: int = 10,
        max_dims: int | None = 48,
        random_state: int = 0,
    ) -> None:
        self.n_themes = n_themes
        self.k_range = k_range
        self.subthemes = subthemes
        self.representation = representation
        self.cache = cache
        self.progress = progress
        self.n_init = n_init
        self.max_dims = max_dims
        self.random_state = random_state

    # -- fitting ------------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], y=None) -> ThemeModel:
        """Find the themes of ``texts``; returns ``self``.

        Raises
        ------
        InputError
            When ``texts`` is empty or ``n_themes`` is below 1.
        """
        texts = _as_texts(texts)
        if not texts:
            raise InputError(N_("There are no texts to group into themes."))
        return self._fit(texts)

    @clustering.one_blas_thread
    def _fit(self, texts: list[str]) -> ThemeModel:
        if self.n_themes is not None and int(self.n_themes) < 1:
            raise InputError(
                N_("The number of themes must be at least 1, not {n}."), n=self.n_themes
            )
        hashes = [content_hash(t) for t in texts]
        unique, first, inverse = np.unique(
            np.asarray(hashes), return_index=True, return_inverse=True
        )
        unique_texts = [texts[i] for i in first]  # canonical order: by content hash
        rep = self._representation()
        x = np.ascontiguousarray(rep.fit_transform(unique_texts), dtype=np.float32)
        self.representation_ = rep
        n = len(unique_texts)
        work = x
        if self.max_dims is not None and n > 2 * self.max_dims:
            work = clustering.reduce(x, self.max_dims, self.random_state)
        if self.n_themes is None:
            lo, hi = self.k_range
            k = clustering.choose_k(work, min(lo, n), min(hi, n), self.random_state)
        else:
            k = min(int(self.n_themes), n)
        labels = clustering.partition(work, k, self.random_state, n_init=self.n_init)
        k = int(labels.max()) + 1
        centres = clustering.centroids(x, labels, k)
        self.n_themes_ = k
        self.cluster_centers_ = centres
        self.labels_ = labels[inverse]
        self.confidence_ = clustering.confidence(x, centres, labels)[inverse]
        sub, n_sub = self._subthemes(work, labels, k)
        self.sublabels_ = sub[inverse]
        self.keywords_, self.subkeywords_ = self._labels(unique_texts, labels, k, sub, n_sub)
        self.names_ = [suggest_name(words) for words in self.keywords_]
        reps = representatives(x, labels, centres, list(unique))
        self.representatives_ = [[int(first[r]) for r in rows] for rows in reps]
        self.embedding_2d_ = map_2d(work, self.random_state)[inverse]
        return self

    def fit_predict(self, texts: Sequence[str], y=None) -> np.ndarray:
        """Fit and return :attr:`labels_`."""
        return self.fit(texts).labels_

    # -- applying -----------------------------------------------------------------------------
    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of each text to each theme's centre, shape ``(n, n_themes_)``."""
        check_is_fitted(self, "cluster_centers_")
        texts = _as_texts(texts)
        if not texts:
            return np.zeros((0, self.n_themes_))
        x = self.representation_.transform(texts)
        return x @ self.cluster_centers_.T

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """The nearest existing theme of each text (themes are not refitted)."""
        sims = self.transform(texts)
        return sims.argmax(axis=1) if len(sims) else np.zeros(0, dtype=np.int64)

    # -- helpers ------------------------------------------------------------------------------
    def _representation(self) -> Representation:
        if isinstance(self.representation, str):
            return make_representation(
                self.representation,
                cache=self.cache,
                progress=self.progress,
                random_state=self.random_state,
            )
        return self.representation

    def _labels(
        self, texts: list[str], labels: np.ndarray, k: int, sub: np.ndarray, n_sub: list[int]
    ) -> tuple[list[list[str]], list[list[list[str]]]]:
        """Distinctive words of the themes and of their sub-themes.

        Each text is analysed once (one :class:`TermIndex` over the rows used:
        all, or canonical evenly spaced samples of large corpora and themes).
        """
        n = len(texts)
        theme_rows = (
            np.linspace(0, n - 1, LABEL_SAMPLE).astype(int) if n > LABEL_SAMPLE else np.arange(n)
        )
        in_sample = np.zeros(n, dtype=bool)
        in_sample[theme_rows] = True
        sub_rows: list[np.ndarray | None] = []
        for theme in range(k):
            if n_sub[theme] < 2:
                sub_rows.append(None)
                continue
            rows = np.flatnonzero(labels == theme)
            sampled = rows[in_sample[rows]]
            if len(sampled) >= SUBTHEME_LABEL_MIN:
                rows = sampled
            elif len(rows) > SUBTHEME_LABEL_MIN:  # a small theme of a large corpus
                rows = rows[np.linspace(0, len(rows) - 1, SUBTHEME_LABEL_MIN).astype(int)]
            sub_rows.append(rows)
        used = np.unique(np.concatenate([theme_rows, *[r for r in sub_rows if r is not None]]))
        index = TermIndex([texts[i] for i in used])
        keywords = index.words(labels[theme_rows], k, rows=np.searchsorted(used, theme_rows))
        subwords: list[list[list[str]]] = []
        for theme, rows in enumerate(sub_rows):
            if rows is None:
                subwords.append([[]])
                continue
            subwords.append(
                index.words(sub[rows], n_sub[theme], rows=np.searchsorted(used, rows), top=4)
            )
        return keywords, subwords

    def _subthemes(self, x: np.ndarray, labels: np.ndarray, k: int) -> tuple[np.ndarray, list[int]]:
        """Sub-theme of each row within its theme, and the number of sub-themes of each theme."""
        sub = np.zeros(len(labels), dtype=np.int64)
        counts: list[int] = []
        for theme in range(k):
            rows = np.flatnonzero(labels == theme)
            if not self.subthemes or len(rows) < 8:
                counts.append(1)
                continue
            part = x[rows]
            m = clustering.choose_k(part, 2, 4, self.random_state, sample=1000)
            found = clustering.partition(part, m, self.random_state, n_init=3)
            sub[rows] = found
            counts.append(int(found.max()) + 1)
        return sub, counts


def _as_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise InputError(N_("Give a list of texts, not a single text."))
    return ["" if t is None else str(t) for t in texts]


@clustering.one_blas_thread
def map_2d(x: np.ndarray, random_state: int) -> np.ndarray:
    """A deterministic 2-D PCA of the unit rows ``x`` (signs fixed)."""
    n = x.shape[0]
    if n < 3 or x.shape[1] < 2:
        return np.zeros((n, 2))
    sample = x if n <= 20_000 else x[:: max(1, n // 20_000)]
    pca = PCA(
        2, svd_solver="full" if sample.shape[0] <= 5000 else "randomized", random_state=random_state
    ).fit(sample)
    xy = pca.transform(x)
    signs = np.sign(xy[np.abs(xy).argmax(axis=0), range(2)])
    signs[signs == 0] = 1
    return xy * signs
